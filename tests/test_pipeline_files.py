"""The pipeline-level files (config, tokenizer, vocab) carry checksums too (issue 25).

Each component checks its own model files; :func:`bkkbn_nlp.save` also records the files
spaCy writes, and :func:`bkkbn_nlp.load` checks them before anything is read, so a damaged
copy of the bundled pipeline is one coded error (E093) whichever file was hit.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

import bkkbn_nlp
from bkkbn_nlp.checksums import CHECKSUM_FILE, verify_checksums
from bkkbn_nlp.cli import cli
from bkkbn_nlp.errors import PipelineError
from bkkbn_nlp.pipeline import PIPELINE_FILES

from .conftest import flip_bytes

BUNDLED = Path(__file__).resolve().parents[1] / "models" / "bkkbn_id_default"

DAMAGE: dict[str, Callable[[bytes], bytes]] = {
    "truncated to a third": lambda data: data[: len(data) // 3],
    "bytes changed": lambda data: flip_bytes(data, count=min(200, max(1, len(data) // 4))),
    "empty": lambda data: b"",
}


@pytest.fixture(scope="module")
def copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("pipeline") / "p"
    shutil.copytree(BUNDLED, target)
    return target


def test_the_bundled_pipeline_lists_and_matches_its_files() -> None:
    listed = json.loads((BUNDLED / CHECKSUM_FILE).read_text(encoding="utf-8"))["files"]
    assert set(listed) == {n for n in PIPELINE_FILES if (BUNDLED / n).is_file()}
    assert "config.cfg" in listed and "vocab/strings.json" in listed
    assert verify_checksums(BUNDLED)


def test_save_writes_the_checksums_and_load_checks_them(tmp_path: Path) -> None:
    nlp = bkkbn_nlp.load()
    out = bkkbn_nlp.save(nlp, tmp_path / "saved")
    assert verify_checksums(out)
    assert bkkbn_nlp.load(out).pipe_names == nlp.pipe_names
    config = out / "config.cfg"
    config.write_text(config.read_text(encoding="utf-8").replace("batch_size = 1000",
                                                                  "batch_size = 2000"),
                      encoding="utf-8")
    with pytest.raises(PipelineError, match=r"^\[E093\].*config\.cfg.*SHA-256"):
        bkkbn_nlp.load(out)


@pytest.mark.parametrize("name", ["tokenizer", "vocab/strings.json", "vocab/lookups.bin"])
@pytest.mark.parametrize("case", sorted(DAMAGE))
def test_a_damaged_pipeline_file_is_one_coded_error(copy: Path, tmp_path: Path, name: str,
                                                    case: str) -> None:
    target = tmp_path / "damaged"
    shutil.copytree(copy, target)
    path = target / name
    path.write_bytes(DAMAGE[case](path.read_bytes()))
    with pytest.raises(PipelineError, match=rf"^\[E093\] .*{name.split('/')[-1]}"):
        bkkbn_nlp.load(target)
    result = CliRunner().invoke(cli, ["analyze", "--model", str(target), "-"], input="Teks.")
    assert result.exit_code == 1
    assert len(result.output.strip().splitlines()) == 1 and "[E093]" in result.output


def test_a_missing_listed_file_is_named(copy: Path, tmp_path: Path) -> None:
    target = tmp_path / "missing"
    shutil.copytree(copy, target)
    (target / "vocab" / "vectors.cfg").unlink()
    with pytest.raises(PipelineError, match=r"^\[E093\].*vectors\.cfg: the file is missing"):
        bkkbn_nlp.load(target)


def test_a_directory_saved_without_checksums_still_loads(copy: Path, tmp_path: Path) -> None:
    target = tmp_path / "old"
    shutil.copytree(copy, target)
    (target / CHECKSUM_FILE).unlink()
    assert not verify_checksums(target)
    assert "bkkbn_quotes" in bkkbn_nlp.load(target).pipe_names
