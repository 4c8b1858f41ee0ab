"""Damaged model files: a coded error at load, never a crash in CRFsuite's native code.

Each case damages a temporary copy of the bundled pipeline and loads it in a subprocess,
so that a segmentation fault is a failed test and not a dead test run."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from bkkbn_nlp.entities.crf import MODEL_FILE
from bkkbn_nlp.entities.model_files import (
    CHECKSUM_FILE,
    validate_crfsuite,
    verify_checksums,
    write_checksums,
)
from bkkbn_nlp.errors import PipelineError

from ..conftest import flip_bytes

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = ROOT / "models" / "bkkbn_id_default"
CRF_DIR = "bkkbn_crf_ner"

LOAD = """
import sys
import bkkbn_nlp
from bkkbn_nlp.errors import PipelineError
try:
    bkkbn_nlp.load(sys.argv[1])
except PipelineError as err:
    print(str(err))
    sys.exit(3)
print("loaded")
"""


def _truncate(data: bytes) -> bytes:
    return data[: len(data) // 3]





DAMAGE: dict[str, Callable[[bytes], bytes]] = {
    "truncated to a third": _truncate,
    "200 random bytes changed": flip_bytes,
    "empty": lambda data: b"",
    "a text file": lambda data: b"Ini bukan model CRF.\n" * 40,
}


@pytest.fixture(scope="module")
def pipeline_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("pipeline") / "copy"
    shutil.copytree(BUNDLED, target)
    return target


def _damaged(source: Path, tmp_path: Path, damage: Callable[[bytes], bytes],
             *, checksums: bool = True) -> Path:
    target = tmp_path / "damaged"
    shutil.copytree(source, target)
    model = target / CRF_DIR / MODEL_FILE
    model.write_bytes(damage(model.read_bytes()))
    if not checksums:
        (target / CRF_DIR / CHECKSUM_FILE).unlink()
    return target


def _load(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", LOAD, str(path)], capture_output=True,
                          text=True, timeout=300, check=False)


def test_the_bundled_pipeline_has_checksums_that_match() -> None:
    assert verify_checksums(BUNDLED / CRF_DIR)
    validate_crfsuite(BUNDLED / CRF_DIR / MODEL_FILE)


@pytest.mark.parametrize("case", sorted(DAMAGE))
def test_a_damaged_crf_file_is_a_coded_error_not_a_crash(pipeline_copy: Path, tmp_path: Path,
                                                        case: str) -> None:
    result = _load(_damaged(pipeline_copy, tmp_path, DAMAGE[case]))
    assert result.returncode == 3, (result.returncode, result.stdout, result.stderr[-2000:])
    assert result.stdout.startswith("[E093]")


@pytest.mark.parametrize("case", ["truncated to a third", "empty", "a text file"])
def test_without_checksums_the_structure_check_still_refuses_the_file(
        pipeline_copy: Path, tmp_path: Path, case: str) -> None:
    result = _load(_damaged(pipeline_copy, tmp_path, DAMAGE[case], checksums=False))
    assert result.returncode == 3, (result.returncode, result.stdout, result.stderr[-2000:])
    assert result.stdout.startswith("[E094]")


def test_without_checksums_changed_bytes_never_crash(pipeline_copy: Path,
                                                    tmp_path: Path) -> None:
    """Changed weights pass the structure check (only the checksums see them), but no
    change the C code would follow out of the file gets through."""
    result = _load(_damaged(pipeline_copy, tmp_path, flip_bytes, checksums=False))
    assert result.returncode in (0, 3), (result.returncode, result.stderr[-2000:])
    if result.returncode == 3:
        assert result.stdout.startswith("[E094]")


def test_analyze_reports_a_damaged_model_in_one_line(pipeline_copy: Path,
                                                     tmp_path: Path) -> None:
    damaged = _damaged(pipeline_copy, tmp_path, _truncate)
    text = tmp_path / "berita.txt"
    text.write_text("Kepala BKKBN Hasto Wardoyo berkunjung ke Kendari.\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "bkkbn_nlp", "analyze", "--model",
                             str(damaged), str(text)], capture_output=True, text=True,
                            timeout=300, check=False)
    assert result.returncode not in (0, -11, 139)
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "E093" in result.stderr


@pytest.mark.parametrize("offset, value", [(4, 0), (8, 0x41414141), (28, 10**9),
                                           (32, 10**9), (40, 7), (44, 5)])
def test_header_fields_are_checked(tmp_path: Path, offset: int, value: int) -> None:
    data = bytearray((BUNDLED / CRF_DIR / MODEL_FILE).read_bytes())
    data[offset:offset + 4] = value.to_bytes(4, "little")
    path = tmp_path / MODEL_FILE
    path.write_bytes(bytes(data))
    with pytest.raises(PipelineError, match=r"^\[E094\]"):
        validate_crfsuite(path)


def test_checksums_catch_a_missing_or_changed_file(tmp_path: Path) -> None:
    (tmp_path / "a.bin").write_bytes(b"abc")
    (tmp_path / "b.bin").write_bytes(b"xyz")
    write_checksums(tmp_path, ["a.bin", "b.bin", "absent.bin"])
    assert verify_checksums(tmp_path)
    (tmp_path / "a.bin").write_bytes(b"abd")
    with pytest.raises(PipelineError, match=r"^\[E093\].*SHA-256"):
        verify_checksums(tmp_path)
    (tmp_path / "a.bin").write_bytes(b"abcd")
    with pytest.raises(PipelineError, match=r"^\[E093\].*4 bytes where 3"):
        verify_checksums(tmp_path)
    (tmp_path / "a.bin").unlink()
    with pytest.raises(PipelineError, match=r"^\[E093\].*missing"):
        verify_checksums(tmp_path)
    (tmp_path / CHECKSUM_FILE).write_text("{not json", encoding="utf-8")
    with pytest.raises(PipelineError, match=r"^\[E093\].*unreadable"):
        verify_checksums(tmp_path)
    (tmp_path / CHECKSUM_FILE).unlink()
    assert not verify_checksums(tmp_path)


def test_a_saved_component_writes_checksums(nlp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    nlp.get_pipe(CRF_DIR).to_disk(tmp_path)
    assert verify_checksums(tmp_path)
    listed = (tmp_path / CHECKSUM_FILE).read_text(encoding="utf-8")
    assert MODEL_FILE in listed and "metrics.json" in listed
