"""``bkkbn-nlp analyze``: analyse articles, one JSON result per document."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import click

from ..errors import Errors
from ._common import error as _error


class InputError(Exception):
    """One input could not be read; the message is a one-line explanation."""


def _read_source(name: str) -> str:
    """Read a file (or ``-``, standard input) as UTF-8 text."""
    label = "standard input" if name == "-" else name
    try:
        if name == "-":
            data = sys.stdin.buffer.read()
        else:
            path = Path(name)
            if path.is_dir():
                raise InputError(f"{name}: is a directory")
            data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{name}: no such file") from None
    except PermissionError:
        raise InputError(f"{name}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{name}: cannot read ({exc.strerror or exc})") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        reason = f"invalid byte at position {exc.start}"
        raise InputError(Errors.E005.format(source=label, reason=reason)) from None


def _records(sources: tuple[str, ...], jsonl: bool) -> Iterator[tuple[str, Any, str | None]]:
    """Yield ``(source, id, text or None)``; ``None`` marks a record that failed (the error
    has been reported on stderr)."""
    for name in sources:
        try:
            content = _read_source(name)
        except InputError as exc:
            _error(str(exc))
            yield name, None, None
            continue
        if not jsonl:
            yield name, name, content
            continue
        for lineno, line in enumerate(content.splitlines(), 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                problem = f"invalid JSON ({exc.msg})"
                _error(Errors.E006.format(source=name, line=lineno, problem=problem))
                yield name, None, None
                continue
            if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                _error(Errors.E006.format(source=name, line=lineno,
                                          problem="expected an object with a string 'text' field"))
                yield name, None, None
                continue
            yield name, record.get("id", f"{name}:{lineno}"), record["text"]


@click.command()
@click.argument("inputs", nargs=-1, required=True, metavar="FILE... | -")
@click.option("--jsonl", is_flag=True,
              help="Inputs are JSONL files with a 'text' field (and optional 'id').")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True, allow_dash=True),
              default="-", show_default=True, help="Where to write the results.")
@click.option("--pretty", is_flag=True, help="Indent the JSON (one document per block).")
@click.option("--model", type=click.Path(exists=True, file_okay=False), default=None,
              help="A pipeline directory; default: the bundled pipeline.")
@click.option("--progress/--no-progress", default=None,
              help="Progress bar on stderr (default: on for several documents on a terminal).")
def analyze(inputs: tuple[str, ...], jsonl: bool, output: str, pretty: bool, model: str | None,
            progress: bool | None) -> None:
    """Analyse articles and print one JSON result per document.

    FILE is a UTF-8 plain-text article, or '-' for standard input. With --jsonl, each
    line of each FILE is an object with a 'text' field. A file that cannot be read is
    reported on stderr, the others are still processed, and the exit status is 1.
    """
    from tqdm import tqdm

    from ..api import analyze as analyze_one
    from ..pipeline import load

    nlp = load(model)
    failures = 0
    records = list(_records(inputs, jsonl)) if not jsonl else None
    stream = records if records is not None else _records(inputs, jsonl)
    many = jsonl or len(inputs) > 1
    show = progress if progress is not None else (many and sys.stderr.isatty())
    out: IO[str]
    with click.open_file(output, "w", encoding="utf-8") as out:
        bar = tqdm(stream, desc="analyze", unit="doc", disable=not show, file=sys.stderr,
                   total=len(records) if records is not None else None)
        for _source, doc_id, text in bar:
            if text is None:
                failures += 1
                continue
            result = analyze_one(text, nlp=nlp).to_dict()
            if many:
                result = {"id": doc_id, **result}
            out.write(json.dumps(result, ensure_ascii=False, indent=2 if pretty else None))
            out.write("\n")
            out.flush()
    if failures:
        sys.exit(1)


