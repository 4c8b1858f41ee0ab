"""``bkkbn-nlp index``: analyse a corpus into an article store (docs/corpus.md).

JSONL inputs are read line by line and plain-text files whole; results are committed one
batch at a time, so a killed run keeps what it had committed and a new run (``--resume``
to skip what is already there) completes it. A record that cannot be read or analysed is
stored with its error code.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from ..api import RecordError
from ..errors import Errors
from ._common import Failure, load_pipeline
from ._common import error as _error

#: Input names read as JSONL (one record per line); any other file is one plain-text article.
JSONL_SUFFIXES = (".jsonl", ".ndjson")


def _jsonl_record(line: bytes) -> dict[str, Any]:
    """One JSONL line as a record; a line that cannot be read gives a record whose text is
    the :class:`RecordError` (stored as such)."""
    from ..store.records import FIELDS

    def bad(code: str, **fields: Any) -> dict[str, Any]:
        return {"text": RecordError.from_catalogue(code, **fields)}

    try:
        text = line.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        return bad("E023", position=exc.start)
    try:
        record = json.loads(text)
    except (ValueError, RecursionError) as exc:
        return bad("E020", problem=str(exc) if isinstance(exc, ValueError) else "nested too deeply")
    if not isinstance(record, dict):
        return bad("E021", got=f"a {type(record).__name__}")
    if not any(isinstance(record.get(k), str) for k in FIELDS["text"]):
        out = bad("E021", got="no string 'text' field")
        out["id"] = record.get("id")
        return out
    return record


def read_inputs(inputs: tuple[str, ...]) -> Iterator[dict[str, Any]]:
    """The records of the inputs, in order: JSONL files line by line (a line without an id
    gets ``FILE:LINE``), other files as one article each (id: the path as given)."""
    for name in inputs:
        path = Path(name)
        if name.endswith(JSONL_SUFFIXES):
            with open(path, "rb") as fh:
                for lineno, line in enumerate(fh, 1):
                    if line.strip():
                        record = _jsonl_record(line)
                        if record.get("id") is None:
                            record = {**record, "id": f"{name}:{lineno}"}
                        yield record
        else:
            data = path.read_bytes()
            try:
                yield {"id": name, "text": data.decode("utf-8-sig")}
            except UnicodeDecodeError as exc:
                yield {"id": name, "text": RecordError.from_catalogue("E023", position=exc.start)}


def _count(inputs: tuple[str, ...]) -> int:
    total = 0
    for name in inputs:
        if name.endswith(JSONL_SUFFIXES):
            with open(name, "rb") as fh:
                total += sum(1 for line in fh if line.strip())
        else:
            total += 1
    return total


@click.command("index")
@click.argument("inputs", nargs=-1, required=True, metavar="CORPUS...",
                type=click.Path(exists=True, dir_okay=False))
@click.option("--db", required=True, type=click.Path(dir_okay=False),
              help="The store (an SQLite file), created when it does not exist.")
@click.option("-j", "--n-process", type=int, default=1, show_default=True,
              help="Worker processes for the analysis (-1: one per CPU).")
@click.option("--batch-size", type=click.IntRange(min=1), default=64, show_default=True,
              help="Records per batch; each batch is committed in one transaction.")
@click.option("--resume", is_flag=True,
              help="Skip records the store has under the same id with the same text "
                   "(continue a killed run without redoing it). Without it every record "
                   "is analysed again and replaces its earlier version.")
@click.option("--keep-text/--no-keep-text", default=True, show_default=True,
              help="Store each article's cleaned text (a view needs it to show the article).")
@click.option("--model", type=click.Path(exists=True, file_okay=False), default=None,
              help="A pipeline directory; default: the bundled pipeline.")
@click.option("--progress/--no-progress", default=None,
              help="Progress bar on stderr (default: on when stderr is a terminal).")
def index_command(inputs: tuple[str, ...], db: str, n_process: int, batch_size: int,
                  resume: bool, keep_text: bool, model: str | None,
                  progress: bool | None) -> None:
    """Analyse a corpus into the article store DB.

    CORPUS is a JSONL file (.jsonl: one object per line with 'text' or 'isi' and optional
    'id', 'source', 'date', 'title') or a plain-text article (any other file). Indexing
    the same records again replaces them (same ids), so a re-run gives the same store.
    Prints one line: articles indexed, errors, people and quotes. A record that cannot be
    analysed is stored with its error code, reported, and the exit status is then 1.
    """
    from tqdm import tqdm

    from ..store import Store, StoreError

    if n_process < 1 and n_process != -1:
        raise click.BadParameter(Errors.E009.format(value=n_process), param_hint="--n-process")
    show = progress if progress is not None else sys.stderr.isatty()
    try:
        store = Store(db)
    except StoreError as exc:
        raise Failure(str(exc)) from None
    nlp = load_pipeline(model)
    bar = tqdm(desc="index", unit="doc", disable=not show, file=sys.stderr,
               total=_count(inputs) if show else None, dynamic_ncols=True)
    failed: list[str] = []

    def done(meta: Any, result: Any) -> None:
        bar.update(1)
        if isinstance(result, RecordError):
            message = f"record {meta.id}: [{result.code}] {result.message}"
            failed.append(message)
            if show:
                bar.write(f"bkkbn-nlp: error: {message}", file=sys.stderr)
            else:
                _error(message)

    with store, bar:
        report = store.index(read_inputs(inputs), nlp=nlp, n_process=n_process,
                             batch_size=batch_size, keep_text=keep_text, skip_unchanged=resume,
                             on_record=done)
        bar.update(report.skipped)
    click.echo(report.summary())
    if report.errors:
        _error(f"{report.errors:,} record(s) failed; they are stored with their error code")
        sys.exit(1)
