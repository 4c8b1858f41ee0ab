"""``bkkbn-nlp analyze``: analyse articles, one JSON result per document.

Inputs are read lazily (JSONL line by line) and results are written as they come, in input
order, so a corpus of any size runs in constant memory. A bad record becomes an error line
in the output (``{"id": ..., "error": {"code": ..., "message": ...}}``) and the run goes on;
``--resume`` continues an interrupted run.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

import click

from ..api import RecordError, parse_jsonl_line, result_record
from ..errors import Errors
from ._common import error as _error

#: An input record: its id and its text, or the reason it cannot be analysed.
Record = tuple[Any, "str | RecordError"]


class InputError(Exception):
    """One input could not be read; the message is a one-line explanation."""


def _cannot_read(name: str, exc: OSError) -> InputError:
    if isinstance(exc, FileNotFoundError):
        return InputError(f"{name}: no such file")
    if isinstance(exc, IsADirectoryError):
        return InputError(f"{name}: is a directory")
    if isinstance(exc, PermissionError):
        return InputError(f"{name}: permission denied")
    return InputError(f"{name}: cannot read ({exc.strerror or exc})")


def _open_binary(name: str) -> IO[bytes]:
    """Open a file (or ``-``, standard input) for reading bytes."""
    if name == "-":
        return sys.stdin.buffer
    if Path(name).is_dir():
        raise InputError(f"{name}: is a directory")
    try:
        return open(name, "rb")  # noqa: SIM115 - closed by the caller
    except OSError as exc:
        raise _cannot_read(name, exc) from None


def _read_text(name: str) -> str:
    """Read a whole file (or ``-``) as UTF-8 text."""
    label = "standard input" if name == "-" else name
    fh = _open_binary(name)
    try:
        data = fh.read()
    except OSError as exc:
        raise _cannot_read(name, exc) from None
    finally:
        if fh is not sys.stdin.buffer:
            fh.close()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        reason = f"invalid byte at position {exc.start}"
        raise InputError(Errors.E005.format(source=label, reason=reason)) from None


def _jsonl_records(name: str) -> Iterator[Record]:
    """The records of one JSONL file, line by line; a bad line gives a located RecordError."""
    fh = _open_binary(name)
    try:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            record_id, text = parse_jsonl_line(line, f"{name}:{lineno}")
            if isinstance(text, RecordError):
                located = Errors.E006.format(source=name, line=lineno, problem=text.message)
                text = RecordError(text.code, located.removeprefix("[E006] "))
            yield record_id, text
    except OSError as exc:
        raise _cannot_read(name, exc) from None
    finally:
        if fh is not sys.stdin.buffer:
            fh.close()


def _records(sources: tuple[str, ...], jsonl: bool,
             on_input_error: Callable[[str], None]) -> Iterator[Record]:
    """All records of all inputs, in order; an unreadable input is reported and skipped."""
    for name in sources:
        try:
            if jsonl:
                yield from _jsonl_records(name)
            else:
                yield name, _read_text(name)
        except InputError as exc:
            on_input_error(str(exc))


def _count_lines(sources: tuple[str, ...], jsonl: bool) -> int | None:
    """How many records to expect (for the progress bar), without holding any in memory."""
    if not jsonl:
        return len(sources)
    total = 0
    for name in sources:
        if name == "-" or not os.path.isfile(name):
            return None
        last = b"\n"
        with open(name, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                total += chunk.count(b"\n")
                last = chunk[-1:]
        total += last != b"\n"
    return total


def _id_key(record_id: Any) -> str:
    return json.dumps(record_id, sort_keys=True, ensure_ascii=False)


def _scan_output(path: Path) -> tuple[set[str], int]:
    """Read a previous output for ``--resume``: the ids it holds and how many are errors.

    A last line without its line break (a killed run) is cut off the file; any other line
    that is not a result line stops with E024 (as ``click.ClickException``).
    """
    done: set[str] = set()
    failed = 0
    keep = 0
    with open(path, "rb") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.endswith(b"\n"):
                break  # the partial line of an interrupted run: dropped below
            try:
                record = json.loads(line)
            except ValueError as exc:
                raise click.ClickException(
                    Errors.E024.format(path=path, line=lineno, problem=f"invalid JSON: {exc}")
                ) from None
            if not isinstance(record, dict) or "id" not in record:
                raise click.ClickException(
                    Errors.E024.format(path=path, line=lineno, problem="no 'id' field")
                )
            done.add(_id_key(record["id"]))
            failed += "error" in record
            keep += len(line)
    if keep < path.stat().st_size:
        with open(path, "r+b") as fh:
            fh.truncate(keep)
    return done, failed


@click.command()
@click.argument("inputs", nargs=-1, required=True, metavar="FILE... | -")
@click.option("--jsonl", is_flag=True,
              help="Inputs are JSONL files with a 'text' field (and optional 'id').")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True, allow_dash=True),
              default="-", show_default=True, help="Where to write the results.")
@click.option("--resume", is_flag=True,
              help="Continue an interrupted run: keep --output, skip the ids already in it, "
                   "append the rest.")
@click.option("-f", "--format", "fmt", type=click.Choice(["jsonl", "json", "conllu", "html"]),
              default="jsonl", show_default=True,
              help="jsonl: one JSON result per line; json: indented JSON; conllu: CoNLL-U "
                   "with entities as BIO in MISC; html: one page with entities and quotes.")
@click.option("--pretty", is_flag=True, help="Same as --format json.")
@click.option("--model", type=click.Path(exists=True, file_okay=False), default=None,
              help="A pipeline directory; default: the bundled pipeline.")
@click.option("-j", "--n-process", type=int, default=1, show_default=True,
              help="Worker processes (-1: one per CPU); output stays in input order.")
@click.option("--batch-size", type=click.IntRange(min=1), default=32, show_default=True,
              help="Documents per batch.")
@click.option("--progress/--no-progress", default=None,
              help="Progress bar on stderr (default: on for several documents on a terminal).")
def analyze(inputs: tuple[str, ...], jsonl: bool, output: str, resume: bool, fmt: str,
            pretty: bool, model: str | None, n_process: int, batch_size: int,
            progress: bool | None) -> None:
    """Analyse articles and write one JSON result per document.

    FILE is a UTF-8 plain-text article, or '-' for standard input. With --jsonl, each
    line of each FILE is an object with a 'text' field and an optional 'id'. A record that
    cannot be analysed is written as {"id": ..., "error": {"code": ..., "message": ...}} and
    reported on stderr; a file that cannot be read is reported on stderr. The others are
    still processed, and the exit status is then 1.

    With --format conllu a failed record is reported on stderr only; --format html writes
    one page after the last document (it holds all results in memory: use it for a few
    articles, not for a corpus).
    """
    from tqdm import tqdm

    from ..api import analyze_records
    from ..io.export import to_conllu, to_html
    from ..pipeline import load

    if n_process < 1 and n_process != -1:
        raise click.BadParameter(Errors.E009.format(value=n_process), param_hint="--n-process")
    if pretty:
        fmt = "json"
    if resume and (output == "-" or fmt != "jsonl"):
        raise click.UsageError("--resume needs --output FILE and one result per line "
                               "(--format jsonl, no --pretty).")
    done: set[str] = set()
    failures = 0
    if resume and Path(output).is_file():
        done, failures = _scan_output(Path(output))
        if done:
            click.echo(f"bkkbn-nlp: resuming: {len(done):,} record(s) already in {output}",
                       err=True)

    many = jsonl or len(inputs) > 1 or resume
    show = progress if progress is not None else (many and sys.stderr.isatty())
    bar = tqdm(desc="analyze", unit="doc", disable=not show, file=sys.stderr,
               total=_count_lines(inputs, jsonl) if show else None, dynamic_ncols=True)

    def report(message: str) -> None:
        nonlocal failures
        failures += 1
        if show:
            bar.write(f"bkkbn-nlp: error: {message}", file=sys.stderr)
        else:
            _error(message)

    def todo() -> Iterator[Record]:
        for record_id, text in _records(inputs, jsonl, report):
            if done and _id_key(record_id) in done:
                bar.update(1)
                continue
            yield record_id, text

    nlp = load(model)
    indent = 2 if fmt == "json" else None
    pages: list[dict[str, Any]] = []
    out: IO[str]
    with bar, click.open_file(output, "a" if resume else "w", encoding="utf-8") as out:
        for record_id, result in analyze_records(todo(), nlp=nlp, n_process=n_process,
                                                 batch_size=batch_size):
            if isinstance(result, RecordError):
                report(f"record {_id_key(record_id)}: [{result.code}] {result.message}")
            if many or isinstance(result, RecordError):
                line = result_record(record_id, result)
            else:
                line = result.to_dict()
            if fmt in ("jsonl", "json"):
                out.write(json.dumps(line, ensure_ascii=False, indent=indent))
                out.write("\n")
            elif fmt == "conllu" and not isinstance(result, RecordError):
                out.write(to_conllu(line, doc_id=str(record_id) if many else None))
            elif fmt == "html" and not isinstance(result, RecordError):
                pages.append(line)
            out.flush()
            bar.update(1)
        if fmt == "html":
            out.write(to_html(pages))
    if failures:
        _error(f"{failures:,} input(s) or record(s) failed")
        sys.exit(1)
