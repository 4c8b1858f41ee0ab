"""A structural check of CRFsuite model files, before native code reads them (the checksums
of saved files are in :mod:`bkkbn_nlp.checksums`; a directory without them is still checked
here).

:func:`validate_crfsuite` reads a CRFsuite model file's header and chunks (the layout of
CRFsuite's ``crf1dmodel.c`` and ``cqdb.c``, little-endian) and checks that every offset,
count and index the C code follows stays inside the file, before ``Tagger.open`` sees it
(E094). It checks structure only: a changed weight passes it, and the checksums catch it.
"""

from __future__ import annotations

import struct
from pathlib import Path

import numpy as np

from ..checksums import CHECKSUM_FILE, file_digest, verify_checksums, write_checksums
from ..errors import Errors, PipelineError

__all__ = ["validate_crfsuite", "CHECKSUM_FILE", "file_digest", "verify_checksums",
           "write_checksums"]
_HEADER = struct.Struct("<4sI4s9I")  # magic, size, type, version, 3 counts, 5 offsets
_CHUNK = struct.Struct("<4sII")  # chunk id, size, count
_CQDB = struct.Struct("<4s5I")  # id, size, flag, byteorder, backward size, backward offset
_TABLES = 256
_FEATURE = np.dtype([("type", "<u4"), ("src", "<u4"), ("dst", "<u4"), ("weight", "<f8")])


def _crf_fail(path: Path, problem: str) -> PipelineError:
    return PipelineError(Errors.E094.format(path=path, problem=problem))


def _u32(data: bytes, offset: int) -> np.ndarray:
    """The little-endian 32-bit words of ``data`` from ``offset`` (a multiple of 4 or not)."""
    end = offset + (len(data) - offset) // 4 * 4
    return np.frombuffer(data, dtype="<u4", offset=offset, count=(end - offset) // 4)


def _chunk(data: bytes, path: Path, offset: int, magic: bytes) -> tuple[int, int]:
    """Size and count of the chunk ``magic`` at ``offset``, checked to lie in the file."""
    if offset < _HEADER.size or offset + _CHUNK.size > len(data):
        raise _crf_fail(path, f"the {magic.decode()} chunk offset {offset} is outside the file")
    found, size, count = _CHUNK.unpack_from(data, offset)
    if found != magic:
        raise _crf_fail(path, f"no {magic.decode()} chunk at offset {offset}")
    if size < _CHUNK.size or offset + size > len(data):
        raise _crf_fail(path, f"the {magic.decode()} chunk runs past the end of the file")
    return size, count


def _check_features(data: bytes, path: Path, offset: int, labels: int, attrs: int) -> int:
    """Check the feature chunk: every state feature links an attribute to a label, every
    transition two labels. Returns the number of features."""
    size, count = _chunk(data, path, offset, b"FEAT")
    if _CHUNK.size + count * _FEATURE.itemsize > size:
        raise _crf_fail(path, f"{count} features do not fit in the FEAT chunk")
    feats = np.frombuffer(data, dtype=_FEATURE, count=count, offset=offset + _CHUNK.size)
    state, trans = feats["type"] == 0, feats["type"] == 1
    if not np.all(state | trans):
        raise _crf_fail(path, "a feature has an unknown type")
    if np.any(feats["dst"] >= labels) or np.any(feats["src"][trans] >= labels) \
            or np.any(feats["src"][state] >= attrs):
        raise _crf_fail(path, "a feature refers to a label or attribute that does not exist")
    return count


def _check_refs(data: bytes, path: Path, offset: int, magic: bytes, want: int,
                features: int) -> None:
    """Check a feature-reference chunk: at least ``want`` lists of feature ids (the label
    chunk has two unused entries more), the first ``want`` inside the chunk and naming
    existing features."""
    size, count = _chunk(data, path, offset, magic)
    name = magic.decode()
    if count < want or _CHUNK.size + 4 * count > size:  # labels: two more (BOS, EOS)
        raise _crf_fail(path, f"the {name} chunk has {count} lists for {want} entries")
    words = _u32(data, 0)
    starts = np.frombuffer(data, dtype="<u4", count=want,
                           offset=offset + _CHUNK.size).astype(np.int64)
    if np.any(starts % 4) or np.any(starts < offset) or np.any(starts + 4 > offset + size):
        raise _crf_fail(path, f"a {name} list starts outside its chunk")
    lengths = words[starts // 4].astype(np.int64)
    if np.any(starts + 4 + 4 * lengths > offset + size):
        raise _crf_fail(path, f"a {name} list runs past its chunk")
    first = np.repeat(starts // 4 + 1 - np.cumsum(lengths) + lengths, lengths)
    ids = words[first + np.arange(int(lengths.sum()))]
    if np.any(ids >= features):
        raise _crf_fail(path, f"a {name} list names a feature that does not exist")


def _check_cqdb(data: bytes, path: Path, offset: int, want: int) -> None:
    """Check a string database (labels or attributes): hash tables, records and the id ->
    string array stay inside the chunk, and ``want`` strings, each ending in NUL."""
    if offset < _HEADER.size or offset + _CQDB.size + 8 * _TABLES > len(data):
        raise _crf_fail(path, f"the CQDB chunk offset {offset} is outside the file")
    magic, size, _, _, bwd_size, bwd_offset = _CQDB.unpack_from(data, offset)
    if magic != b"CQDB" or offset + size > len(data) or size < _CQDB.size + 8 * _TABLES:
        raise _crf_fail(path, f"no valid CQDB chunk at offset {offset}")
    chunk = data[offset:offset + size]
    if bwd_size != want or bwd_offset + 4 * bwd_size > size:
        raise _crf_fail(path, f"the CQDB chunk at {offset} has {bwd_size} strings for {want}")
    tables = np.frombuffer(chunk, dtype="<u4", count=2 * _TABLES,
                           offset=_CQDB.size).astype(np.int64).reshape(-1, 2)
    used = tables[tables[:, 1] > 0]
    if np.any(used[:, 0] + 8 * used[:, 1] > size):
        raise _crf_fail(path, f"a hash table of the CQDB chunk at {offset} runs past it")
    buckets = [np.frombuffer(chunk, dtype="<u4", count=2 * int(n), offset=int(o))[1::2]
               for o, n in used]
    records = np.concatenate([*buckets, np.frombuffer(chunk, dtype="<u4", count=bwd_size,
                                                      offset=bwd_offset)]).astype(np.int64)
    records = records[records > 0]
    if np.any(records + 8 > size):
        raise _crf_fail(path, f"a string record of the CQDB chunk at {offset} is outside it")
    records = np.unique(records) + 4  # each record: id, key size (with its NUL), key
    raw = np.frombuffer(chunk, dtype=np.uint8)
    lengths = sum(raw[records + k].astype(np.int64) << (8 * k) for k in range(4))
    ends = records + 4 + lengths
    if np.any(lengths < 1) or np.any(ends > size) or np.any(raw[np.minimum(ends, size) - 1]):
        raise _crf_fail(path, f"a string of the CQDB chunk at {offset} is damaged")


def validate_crfsuite(path: str | Path) -> None:
    """Check a CRFsuite model file's structure before native code reads it.

    The header (magic ``lCRF``, the total size against the file's size, type ``FOMC``),
    then each chunk: features, the label and attribute string databases, and the feature
    references of labels and attributes (:mod:`bkkbn_nlp.entities.model_files`).

    Raises:
        PipelineError: (E094) The file is not a CRFsuite model or is damaged.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as err:
        raise _crf_fail(path, f"unreadable: {err.strerror or err}") from None
    if len(data) < _HEADER.size:
        raise _crf_fail(path, f"{len(data)} bytes, shorter than a CRFsuite header")
    magic, size, kind, _version, _, labels, attrs, *offsets = _HEADER.unpack_from(data)
    if magic != b"lCRF":
        raise _crf_fail(path, "no 'lCRF' magic at the start: not a CRFsuite model")
    if size != len(data):
        raise _crf_fail(path, f"the header says {size:,} bytes, the file has {len(data):,} "
                              "(cut short or padded)")
    if kind != b"FOMC":
        raise _crf_fail(path, f"model type {kind!r}, expected b'FOMC' (a CRF1d model)")
    off_features, off_labels, off_attrs, off_labelrefs, off_attrrefs = offsets
    features = _check_features(data, path, off_features, labels, attrs)
    _check_cqdb(data, path, off_labels, labels)
    _check_cqdb(data, path, off_attrs, attrs)
    _check_refs(data, path, off_labelrefs, b"LFRF", labels, features)
    _check_refs(data, path, off_attrrefs, b"AFRF", attrs, features)
