"""A check of a saved topic model's weights file, cheap enough to run when a pipeline loads.

The component reads the weights on the first document (:class:`TopicComponent`), so a
broken ``topic_tagger.npz`` would only show up then, on every record.
:func:`validate_weights` finds it at load instead, without building the model: the file
is a zip archive with one ``.npy`` member per array; each member's header (dtype, shape)
is read, not its data, and the shapes are checked against the JSON head. Unless the
checksums already proved the bytes intact, every member's CRC is checked too (about 30 ms
for the bundled model's 2 MB).
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path
from typing import IO, Any

import numpy as np

from ..errors import Errors, PipelineError

__all__ = ["validate_weights"]


def _fail(path: Path, problem: str) -> PipelineError:
    return PipelineError(Errors.E095.format(path=path, problem=problem))


def _header(fh: IO[bytes]) -> tuple[tuple[int, ...], np.dtype[Any]]:
    """Shape and dtype from the header of a ``.npy`` stream."""
    version = np.lib.format.read_magic(fh)
    if version == (1, 0):
        shape, _, dtype = np.lib.format.read_array_header_1_0(fh)
    elif version == (2, 0):
        shape, _, dtype = np.lib.format.read_array_header_2_0(fh)
    else:
        raise ValueError(f"unsupported .npy version {version}")
    return tuple(shape), dtype


def _headers(archive: zipfile.ZipFile, path: Path,
             names: list[str]) -> dict[str, tuple[tuple[int, ...], np.dtype[Any]]]:
    """``{array name: (shape, dtype)}`` of the members ``names`` (E095 when one is missing
    or unreadable)."""
    members = set(archive.namelist())
    missing = [n for n in names if f"{n}.npy" not in members]
    if missing:
        raise _fail(path, f"no array {', '.join(missing)}")
    out = {}
    for name in names:
        try:
            with archive.open(f"{name}.npy") as fh:
                out[name] = _header(fh)
        except (ValueError, OSError, EOFError, zipfile.BadZipFile, zlib.error) as err:
            raise _fail(path, f"array {name}: {err}") from None
    return out


def _check_shapes(path: Path, found: dict[str, tuple[tuple[int, ...], np.dtype[Any]]],
                  labels: int, blocks: int) -> None:
    """The weights fit the labels and the vocabularies; vocabularies are text."""
    columns = 0
    for i in range(blocks):
        (terms, terms_type), (idf, idf_type) = found[f"terms_{i}"], found[f"idf_{i}"]
        if len(terms) != 1 or terms_type.kind != "U":
            raise _fail(path, f"terms_{i} is not a list of strings ({terms_type}, {terms})")
        if idf != terms or idf_type.kind != "f":
            raise _fail(path, f"idf_{i} of shape {idf} ({idf_type}) for {terms[0]} terms")
        columns += terms[0]
    (coef, coef_type), (intercept, intercept_type) = found["coef"], found["intercept"]
    if coef != (labels, columns) or coef_type.kind != "f":
        raise _fail(path, f"weights of shape {coef} ({coef_type}) for {labels} labels and "
                          f"{columns} features")
    if intercept != (labels,) or intercept_type.kind != "f":
        raise _fail(path, f"biases of shape {intercept} for {labels} labels")


def validate_weights(path: str | Path, head: dict[str, Any], *, crc: bool = True) -> None:
    """Check a ``topic_tagger.npz`` against its JSON head (as read by
    :meth:`TopicModel.read_head`) without reading the arrays.

    Args:
        crc: Also check every member's CRC (reads and decompresses the whole file); skip it
            when the file's SHA-256 was just checked.

    Raises:
        PipelineError: (E095) The file is missing, not a zip archive, lacks an array, has
            an array of the wrong shape or type, or (with ``crc``) has damaged data.
    """
    path = Path(path)
    try:
        labels, blocks = len(head["labels"]), len(head["blocks"])
    except (KeyError, TypeError) as err:
        raise _fail(path, f"its JSON head lacks {err}") from None
    names = ["coef", "intercept"] + [f"{k}_{i}" for i in range(blocks) for k in ("terms", "idf")]
    try:
        with zipfile.ZipFile(path) as archive:
            found = _headers(archive, path, names)
            bad = archive.testzip() if crc else None
    except (OSError, EOFError, zipfile.BadZipFile, zlib.error) as err:
        raise _fail(path, f"not a readable zip archive ({err})") from None
    if bad is not None:
        raise _fail(path, f"the data of {bad} is damaged (CRC)")
    _check_shapes(path, found, labels, blocks)
