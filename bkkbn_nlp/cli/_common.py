"""Helpers shared by the ``bkkbn-nlp`` commands."""

from __future__ import annotations

from typing import IO, Any

import click


def error(message: str) -> None:
    """Report one problem on stderr as ``bkkbn-nlp: error: …``."""
    click.echo(f"bkkbn-nlp: error: {message}", err=True)


def warning(message: str) -> None:
    """Report one warning on stderr as ``bkkbn-nlp: warning: …``."""
    click.echo(f"bkkbn-nlp: warning: {message}", err=True)


def first_line(exc: BaseException) -> str:
    """An exception as one line: its type and the first line of its message."""
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__


class Failure(click.ClickException):
    """A failed command: one line ``bkkbn-nlp: error: …`` on stderr and exit status 1."""

    exit_code = 1

    def show(self, file: IO[Any] | None = None) -> None:
        """Print the message as one ``bkkbn-nlp: error:`` line on stderr."""
        error(self.format_message())
