"""Checksums of saved model files: ``checksums.json`` beside a component's files.

A component that saves model files writes ``checksums.json`` beside them (each file's size
and SHA-256, :func:`write_checksums`) and checks it when it loads (:func:`verify_checksums`):
a copy cut short, a full disk or a changed byte is a coded :class:`PipelineError` (E093),
never a crash in native code. A directory saved before the checksums existed has no
``checksums.json``; it still loads. A base module (layer 1): the CRF and topic components
both use it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path

from .errors import Errors, PipelineError

__all__ = ["CHECKSUM_FILE", "file_digest", "write_checksums", "verify_checksums"]

CHECKSUM_FILE = "checksums.json"


def file_digest(path: Path) -> dict[str, int | str]:
    """``{"size": bytes, "sha256": hex digest}`` of a file."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return {"size": path.stat().st_size, "sha256": digest.hexdigest()}


def write_checksums(directory: str | Path, names: Iterable[str]) -> Path:
    """Write ``checksums.json`` in ``directory`` for the files ``names`` that exist there.

    Returns:
        The path of the checksum file.
    """
    directory = Path(directory)
    files = {name: file_digest(directory / name) for name in sorted(set(names))
             if (directory / name).is_file()}
    target = directory / CHECKSUM_FILE
    target.write_text(json.dumps({"format": 1, "files": files}, indent=2) + "\n",
                      encoding="utf-8")
    return target


def _fail(path: Path, problem: str) -> PipelineError:
    return PipelineError(Errors.E093.format(path=path, problem=problem))


def _read_listing(source: Path) -> dict[str, dict[str, object]]:
    """The ``files`` table of a checksum file (E093 when it is not one)."""
    try:
        data = json.loads(source.read_text(encoding="utf-8"))
        files = data["files"]
        if not isinstance(files, dict) or not all(isinstance(v, dict)
                                                  for v in files.values()):
            raise TypeError("'files' is not a table of tables")
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as err:
        raise _fail(source, f"unreadable checksum file ({err})") from None
    return files


def verify_checksums(directory: str | Path) -> bool:
    """Check the files listed in ``directory/checksums.json`` (size, then SHA-256).

    Returns:
        ``True`` when the files were checked, ``False`` when the directory has no checksum
        file (saved by an older version).

    Raises:
        PipelineError: (E093) A listed file is missing, has another size or another hash,
            or the checksum file is unreadable.
    """
    directory = Path(directory)
    source = directory / CHECKSUM_FILE
    if not source.is_file():
        return False
    for name, want in _read_listing(source).items():
        path = directory / name
        if not path.is_file():
            raise _fail(path, "the file is missing")
        found = file_digest(path)
        if found["size"] != want.get("size"):
            size = want.get("size")
            saved = f"{size:,}" if isinstance(size, int) else repr(size)
            raise _fail(path, f"{found['size']:,} bytes where {saved} were saved")
        if found["sha256"] != want.get("sha256"):
            raise _fail(path, "its SHA-256 differs from the one saved")
    return True
