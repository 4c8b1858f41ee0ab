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
from ._common import Failure, load_pipeline, warning
from ._common import error as _error
from ._resume import Entry, id_key, scan_output, skip_done

#: An input record: its id and its text, or the reason it cannot be analysed.
Record = tuple[Any, "str | RecordError"]

#: The id ``parse_jsonl_line`` returns for a line without one (replaced by ``FILE:LINE``).
_NO_ID = object()


class InputError(Exception):
    """One input could not be read; the message is a one-line explanation."""


def _reason(exc: OSError) -> str:
    """An OS error as a few words: ``no such file``, ``permission denied``, ..."""
    if isinstance(exc, FileNotFoundError):
        return "no such file"
    if isinstance(exc, IsADirectoryError):
        return "is a directory"
    if isinstance(exc, PermissionError):
        return "permission denied"
    return exc.strerror or str(exc)


def _cannot_read(name: str, exc: OSError) -> InputError:
    reason = _reason(exc)
    if not isinstance(exc, FileNotFoundError | IsADirectoryError | PermissionError):
        reason = f"cannot read ({reason})"
    return InputError(f"{name}: {reason}")


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


def _jsonl_entry(name: str, lineno: int, line: bytes, label: str) -> Entry:
    """One non-blank JSONL line as an entry; ``label`` names the file in ids and messages."""
    record_id, text = parse_jsonl_line(line, _NO_ID)
    default = record_id is _NO_ID
    if default:
        record_id = f"{label}:{lineno}"
    if isinstance(text, RecordError):
        located = Errors.E006.format(source=label, line=lineno, problem=text.message)
        text = RecordError(text.code, located.removeprefix("[E006] "))
    return Entry(name, lineno, record_id, text, default)


def _jsonl_records(name: str, labels: dict[str, str]) -> Iterator[Entry]:
    """The records of one JSONL file, line by line; a bad line gives a located RecordError.

    Blank lines are skipped but counted, so line numbers are those of the file. ``labels``
    may rename the file in default ids (``--resume`` keeps the earlier run's spelling).
    """
    fh = _open_binary(name)
    try:
        for lineno, line in enumerate(fh, 1):
            if line.strip():
                yield _jsonl_entry(name, lineno, line, labels.get(name, name))
    except OSError as exc:
        raise _cannot_read(name, exc) from None
    finally:
        if fh is not sys.stdin.buffer:
            fh.close()


def _records(sources: tuple[str, ...], jsonl: bool, labels: dict[str, str],
             on_input_error: Callable[[str], None]) -> Iterator[Entry]:
    """All records of all inputs, in order; an unreadable input is reported and skipped."""
    for name in sources:
        try:
            if jsonl:
                yield from _jsonl_records(name, labels)
            else:
                yield Entry(name, None, name, _read_text(name), True)
        except InputError as exc:
            on_input_error(str(exc))


def _warn_repeated(entries: Iterator[Entry], warn: Callable[[str], None]) -> Iterator[Entry]:
    """Pass the entries on; warn once when a record id (one given in the input) repeats.

    The ids seen are held as hashes of their JSON form (about 70 bytes per record).
    """
    seen: set[int] = set()
    warned = False
    for entry in entries:
        if not warned and not entry.default_id:
            key = hash(id_key(entry.record_id))
            if key in seen:
                warn(f"record id {id_key(entry.record_id)} is repeated ({entry.name}, line "
                     f"{entry.line}); the output lines of such records differ only by position")
                warned = True
                seen.clear()
            else:
                seen.add(key)
        yield entry


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


def _open_output(output: str, mode: str) -> IO[str]:
    """Open ``--output`` (``-``: standard output); a failure is one line (Failure)."""
    try:
        return click.open_file(output, mode, encoding="utf-8")
    except OSError as exc:
        raise Failure(Errors.E028.format(path=output,
                                         reason=_write_reason(output, exc))) from None


def _write(out: IO[str], output: str, text: str) -> None:
    """Write and flush ``text``; a failure (a full disk, ...) is one line (Failure)."""
    try:
        out.write(text)
        out.flush()
    except BrokenPipeError:
        raise  # a reader that stopped (``| head``): click ends quietly
    except OSError as exc:
        raise Failure(Errors.E028.format(path=output, reason=_reason(exc))) from None


def _write_reason(output: str, exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return f"no such folder: {os.path.dirname(output) or '.'}"
    return _reason(exc)


#: The output formats of ``--format``.
FORMATS = ["summary", "jsonl", "json", "conllu", "html"]


def _stdout_is_terminal() -> bool:
    return sys.stdout.isatty()


def default_format(jsonl: bool, output: str, resume: bool, terminal: bool) -> str:
    """The format without ``--format``/``--json``: ``summary`` for plain-text inputs written
    to standard output on a terminal (a person reads it), ``jsonl`` otherwise (a program
    reads it: ``--jsonl`` inputs, ``--resume``, ``-o FILE``, a pipe or a redirect)."""
    if jsonl or resume or output != "-" or not terminal:
        return "jsonl"
    return "summary"


@click.command()
@click.argument("inputs", nargs=-1, required=True, metavar="FILE... | -")
@click.option("--jsonl", is_flag=True,
              help="Inputs are JSONL files with a 'text' field (and optional 'id').")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True, allow_dash=True),
              default="-", show_default=True, help="Where to write the results.")
@click.option("--resume", is_flag=True,
              help="Continue an interrupted run: keep --output, skip as many records as it "
                   "has lines (checking their ids), append the rest.")
@click.option("-f", "--format", "fmt", type=click.Choice(FORMATS), default=None,
              help="summary: a short report per document, for reading; jsonl: one JSON "
                   "result per line; json: indented JSON; conllu: CoNLL-U with entities as "
                   "BIO in MISC; html: one page with entities and quotes. Default: summary "
                   "when plain-text FILEs are written to standard output on a terminal; "
                   "jsonl otherwise (--jsonl, --resume, -o FILE, or standard output "
                   "redirected or piped).")
@click.option("--json", "--pretty", "pretty", is_flag=True,
              help="Same as --format json (indented JSON).")
@click.option("--model", type=click.Path(exists=True, file_okay=False), default=None,
              help="A pipeline directory; default: the bundled pipeline.")
@click.option("--syntax", type=click.Choice(["stanza"]), default=None,
              help="Add POS, lemmas, morphology and dependencies (needs the stanza extra; "
                   "docs/syntax.md).")
@click.option("-j", "--n-process", type=int, default=1, show_default=True,
              help="Worker processes (-1: one per CPU); output stays in input order.")
@click.option("--batch-size", type=click.IntRange(min=1), default=32, show_default=True,
              help="Documents per batch.")
@click.option("--progress/--no-progress", default=None,
              help="Progress bar on stderr (default: on for several documents on a terminal).")
def analyze(inputs: tuple[str, ...], jsonl: bool, output: str, resume: bool, fmt: str,
            pretty: bool, model: str | None, syntax: str | None, n_process: int,
            batch_size: int, progress: bool | None) -> None:
    """Analyse articles: a short summary on a terminal, one JSON result per document otherwise.

    FILE is a UTF-8 plain-text article, or '-' for standard input. With --jsonl, each
    line of each FILE is an object with a 'text' field and an optional 'id'. A record that
    cannot be analysed is written as {"id": ..., "error": {"code": ..., "message": ...}} and
    reported on stderr; a file that cannot be read is reported on stderr. The others are
    still processed, and the exit status is then 1.

    The output format: --format, or --json (indented JSON); without either it is summary
    when the inputs are plain-text FILEs (no --jsonl), there is no --resume and no -o FILE,
    and standard output is a terminal; in every other case jsonl, as in a pipeline or a
    script ('bkkbn-nlp analyze FILE | jq' and '-o results.jsonl' get JSON lines).

    With --format conllu a failed record is reported on stderr only; --format summary
    writes it as one line ('ID: not analysed: [E0xx] ...'); --format html writes one page
    after the last document (it holds all results in memory: use it for a few articles,
    not for a corpus).
    """
    from tqdm import tqdm

    from ..api import analyze_records
    from ..io.export import to_conllu, to_html
    from ..io.summary import summarize

    if n_process < 1 and n_process != -1:
        raise click.BadParameter(Errors.E009.format(value=n_process), param_hint="--n-process")
    if inputs.count("-") > 1:
        raise click.UsageError("'-' (standard input) can be given only once.")
    if pretty and fmt not in (None, "json"):
        raise click.UsageError(f"--json (--pretty) is --format json; it cannot go with "
                               f"--format {fmt}.")
    if pretty:
        fmt = "json"
    if fmt is None:
        fmt = default_format(jsonl, output, resume, _stdout_is_terminal())
    if resume and (output == "-" or fmt != "jsonl"):
        raise click.UsageError("--resume needs --output FILE and one result per line "
                               "(--format jsonl, no --pretty).")
    done = failures = 0
    if resume and Path(output).is_file():
        done, failures = scan_output(Path(output))
        if done:
            click.echo(f"bkkbn-nlp: resuming: {done:,} record(s) already in {output}",
                       err=True)

    many = jsonl or len(inputs) > 1 or resume
    show = progress if progress is not None else (many and sys.stderr.isatty())
    bar = tqdm(desc="analyze", unit="doc", disable=not show, file=sys.stderr,
               total=_count_lines(inputs, jsonl) if show else None, dynamic_ncols=True)

    def say(message: str, kind: str = "error") -> None:
        if show:
            bar.write(f"bkkbn-nlp: {kind}: {message}", file=sys.stderr)
        else:
            (_error if kind == "error" else warning)(message)

    def report(message: str) -> None:
        nonlocal failures
        failures += 1
        say(message)

    labels: dict[str, str] = {}
    entries = _warn_repeated(_records(inputs, jsonl, labels, report),
                             lambda message: say(message, "warning"))
    if done:
        skip_done(entries, Path(output), done, labels)
        bar.update(done)
    todo = ((entry.record_id, entry.text) for entry in entries)

    nlp = load_pipeline(model, syntax=syntax)
    indent = 2 if fmt == "json" else None
    colour = output == "-" and _stdout_is_terminal() and not os.environ.get("NO_COLOR")
    pages: list[dict[str, Any]] = []
    written = 0
    with bar, _open_output(output, "a" if resume else "w") as out:
        for record_id, result in analyze_records(todo, nlp=nlp, n_process=n_process,
                                                 batch_size=batch_size):
            if isinstance(result, RecordError):
                report(f"record {id_key(record_id)}: [{result.code}] {result.message}")
            if many or isinstance(result, RecordError):
                line = result_record(record_id, result)
            else:
                line = result.to_dict()
            if fmt in ("jsonl", "json"):
                _write(out, output, json.dumps(line, ensure_ascii=False, indent=indent) + "\n")
            elif fmt == "conllu" and not isinstance(result, RecordError):
                _write(out, output, to_conllu(line, doc_id=str(record_id) if many else None))
            elif fmt == "html" and not isinstance(result, RecordError):
                pages.append(line)
            elif fmt == "summary":
                label = "standard input" if record_id == "-" else record_id
                _write(out, output, ("\n" if written else "")
                       + summarize(line, label, colour=colour))
            written += 1
            bar.update(1)
        if fmt == "html":
            _write(out, output, to_html(pages))
    if failures:
        _error(f"{failures:,} input(s) or record(s) failed")
        sys.exit(1)
