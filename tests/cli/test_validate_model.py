"""``bkkbn-nlp validate-model DIR``: one line and status 0 for a sound pipeline, one line and
status 1 for a damaged one (issue 25: model integrity)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = ROOT / "models" / "bkkbn_id_default"


def _run(directory: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bkkbn_nlp", "validate-model", str(directory)],
                          capture_output=True, text=True, check=False)


@pytest.fixture()
def copy(tmp_path: Path) -> Path:
    target = tmp_path / "pipeline"
    shutil.copytree(BUNDLED, target, ignore=shutil.ignore_patterns("__pycache__"))
    return target


def test_the_bundled_pipeline_is_sound() -> None:
    result = _run(BUNDLED)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("ok (5 components, checksums checked in 3 folder(s), "
                                          "1 CRF file(s) checked)")
    assert result.stderr == ""


def test_a_truncated_crf_file_is_one_line_and_status_1(copy: Path) -> None:
    crf = copy / "bkkbn_crf_ner" / "model.crfsuite"
    crf.write_bytes(crf.read_bytes()[: crf.stat().st_size // 3])
    result = _run(copy)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("bkkbn-nlp: error: [E093]"), lines
    assert "model.crfsuite" in lines[0]


def test_without_checksums_the_crf_structure_is_still_checked(copy: Path) -> None:
    (copy / "bkkbn_crf_ner" / "checksums.json").unlink()
    crf = copy / "bkkbn_crf_ner" / "model.crfsuite"
    crf.write_bytes(b"Ini bukan model CRF.\n" * 40)
    result = _run(copy)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "[E094]" in lines[0], lines


def test_an_old_directory_without_checksums_is_sound_with_a_note(copy: Path) -> None:
    (copy / "bkkbn_crf_ner" / "checksums.json").unlink()
    result = _run(copy)
    assert result.returncode == 0, result.stderr
    assert "no checksums for bkkbn_crf_ner" in result.stdout


def test_a_directory_that_is_no_pipeline(tmp_path: Path) -> None:
    (tmp_path / "meta.json").write_text(json.dumps({}), encoding="utf-8")
    result = _run(tmp_path)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "[E026]" in lines[0] and "E002" in lines[0], lines
