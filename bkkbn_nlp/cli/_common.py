"""Helpers shared by the ``bkkbn-nlp`` commands."""

from __future__ import annotations

import codecs
from typing import IO, TYPE_CHECKING, Any

import click

from ..errors import Errors

if TYPE_CHECKING:
    from spacy.language import Language


def error(message: str) -> None:
    """Report one problem on stderr as ``bkkbn-nlp: error: …``."""
    click.echo(f"bkkbn-nlp: error: {message}", err=True)


def warning(message: str) -> None:
    """Report one warning on stderr as ``bkkbn-nlp: warning: …``."""
    click.echo(f"bkkbn-nlp: warning: {message}", err=True)


def first_line(exc: BaseException) -> str:
    """An exception as one line: its type and the first line of its message."""
    text = str(exc).strip().splitlines()
    if text and text[0].startswith("[E"):
        return text[0]  # a catalogued error says what it is
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__


class Failure(click.ClickException):
    """A failed command: one line ``bkkbn-nlp: error: …`` on stderr and exit status 1."""

    exit_code = 1

    def show(self, file: IO[Any] | None = None) -> None:
        """Print the message as one ``bkkbn-nlp: error:`` line on stderr."""
        error(self.format_message())


def load_pipeline(model: str | None, syntax: str | None = None,
                  syntax_model: str | None = None) -> Language:
    """The pipeline of ``--model`` (or the bundled one), with the syntax component when
    ``syntax`` names a backend; a failure is one line (Failure)."""
    from ..pipeline import load

    try:
        return load(model, syntax=syntax, syntax_model=syntax_model)
    except Exception as exc:  # spaCy raises many kinds for a damaged directory
        where = model if model is not None else "the bundled pipeline"
        raise Failure(Errors.E026.format(where=where, problem=first_line(exc))) from None


def check_utf8(path: str) -> None:
    """Raise :class:`Failure` (with the line) unless the file ``path`` is valid UTF-8."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    with open(path, "rb") as fh:
        for lineno, line in enumerate(fh, 1):
            try:
                decoder.decode(line, final=False)
            except UnicodeDecodeError as exc:
                raise Failure(Errors.E027.format(
                    where=f"{path}, line {lineno}",
                    problem=f"invalid byte at position {exc.start}")) from None
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            raise Failure(Errors.E027.format(
                where=path, problem="the file ends inside a character")) from None
