"""``bkkbn-nlp analyze --resume``: continue an output by the position of the records.

The output of ``analyze`` holds one line per input record, in input order. A resumed run
therefore skips as many records of its inputs as the output has complete lines, and checks
on the way that each skipped record is the one the line was written for (same id; for a
record without an id, the same line of the same file, however the path is written). Record
ids need not be unique.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import Errors
from ._common import Failure


@dataclass(frozen=True)
class Entry:
    """One input record and where it comes from.

    Attributes:
        name: The input as given on the command line (``-`` for standard input).
        line: The line number within a JSONL input; ``None`` for a whole text file.
        record_id: The id written to the output.
        text: The text, or the reason it cannot be analysed (a ``RecordError``).
        default_id: True when ``record_id`` was made from the input's name (no ``id`` field).
    """

    name: str
    line: int | None
    record_id: Any
    text: Any
    default_id: bool


def id_key(record_id: Any) -> str:
    """A record id as a canonical string (``1``, ``true`` and ``"1"`` stay distinct)."""
    return json.dumps(record_id, sort_keys=True, ensure_ascii=False)


def _bad_line(path: Path, line: int, problem: str) -> Failure:
    return Failure(Errors.E024.format(path=path, line=line, problem=problem))


def scan_output(path: Path) -> tuple[int, int]:
    """Check a previous output: how many complete lines it has, and how many are errors.

    A last line without its line break (a killed run) is cut off the file; any other line
    that is not a result line raises :class:`Failure` with E024 and leaves the file as it is.
    """
    lines = failed = keep = 0
    with open(path, "rb") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.endswith(b"\n"):
                break  # the partial line of an interrupted run: dropped below
            try:
                record = json.loads(line)
            except ValueError as exc:
                raise _bad_line(path, lineno, f"invalid JSON: {exc}") from None
            if not isinstance(record, dict) or "id" not in record:
                raise _bad_line(path, lineno, "no 'id' field")
            lines += 1
            failed += "error" in record
            keep += len(line)
    if keep < path.stat().st_size:
        with open(path, "r+b") as fh:
            fh.truncate(keep)
    return lines, failed


def _output_ids(path: Path, count: int) -> Iterator[Any]:
    """The ids of the first ``count`` lines of an output checked by :func:`scan_output`."""
    with open(path, "rb") as fh:
        for _, line in zip(range(count), fh, strict=False):
            yield json.loads(line)["id"]


def _same_file(a: str, b: str) -> bool:
    """Whether two spellings of a path name the same file (``./x.jsonl`` and ``x.jsonl``)."""
    if os.path.normpath(a) == os.path.normpath(b):
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _matches(entry: Entry, done_id: Any, prefixes: dict[str, str]) -> bool:
    """Whether an output line with id ``done_id`` was written for ``entry``.

    For a JSONL record without an id, the name the earlier run gave its file is stored in
    ``prefixes``, so the records still to do get ids of the same form.
    """
    if not entry.default_id:
        return id_key(done_id) == id_key(entry.record_id)
    if not isinstance(done_id, str):
        return False
    if entry.line is None:
        return _same_file(done_id, entry.name)
    prefix, sep, line = done_id.rpartition(":")
    if not sep or line != str(entry.line) or not _same_file(prefix, entry.name):
        return False
    prefixes[entry.name] = prefix
    return True


def _where(entry: Entry) -> str:
    return entry.name if entry.line is None else f"{entry.name}, line {entry.line}"


def skip_done(entries: Iterator[Entry], path: Path, count: int,
              prefixes: dict[str, str]) -> None:
    """Consume the first ``count`` entries, checking each against its output line.

    Raises:
        Failure: E024 when an output line was not written for the record at its position
            (the inputs changed, or are not those of the earlier run).
    """
    for lineno, done_id in enumerate(_output_ids(path, count), 1):
        entry = next(entries, None)
        if entry is None:
            raise _bad_line(path, lineno, f"the inputs have only {lineno - 1:,} record(s)")
        if not _matches(entry, done_id, prefixes):
            raise _bad_line(path, lineno, f"its id is {id_key(done_id)}, but record {lineno:,} "
                                          f"of the inputs ({_where(entry)}) has id "
                                          f"{id_key(entry.record_id)}: the inputs changed")
