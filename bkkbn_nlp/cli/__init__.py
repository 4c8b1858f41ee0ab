"""The ``bkkbn-nlp`` command line: a thin shell over the library functions.

Each command lives in its own module of this package and is registered on the
:func:`cli` group below.
"""

from __future__ import annotations

import errno
from typing import Any

import click

from ..about import __version__
from ..errors import Errors
from ._common import error
from .analyze import analyze
from .convert import convert_command
from .evaluate import evaluate_command
from .index import index_command
from .query import query_command
from .serve import serve_command
from .train import train_command
from .validate import validate_model_command

__all__ = ["EXIT_INTERRUPTED", "cli", "main"]

#: The exit status of a run stopped by Ctrl-C (SIGINT), as shells report it (128 + 2).
EXIT_INTERRUPTED = 130


class _Commands(click.Group):
    """The command group: Ctrl-C ends any command with one line and exit status 130; a file
    that cannot be read or written (an OSError naming it) is one line and exit status 1."""

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; report an interruption or a file error in one line."""
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            click.echo(f"bkkbn-nlp: {Errors.E029}", err=True)
            ctx.exit(EXIT_INTERRUPTED)
        except OSError as exc:
            if exc.errno == errno.EPIPE or exc.filename is None:
                raise  # a closed pipe (click ends quietly), or no file to name
            error(f"{exc.filename}: {(exc.strerror or str(exc)).lower()}")
            ctx.exit(1)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", prog_name="bkkbn-nlp")
def cli() -> None:
    """Indonesian government-news NLP: cleaning, sentences, entities, quotes, topics."""


cli.add_command(analyze)
cli.add_command(evaluate_command)
cli.add_command(convert_command)
cli.add_command(train_command)
cli.add_command(validate_model_command)
cli.add_command(index_command)
cli.add_command(query_command)
cli.add_command(serve_command)


def main() -> None:
    """Entry point of the ``bkkbn-nlp`` console script."""
    cli(prog_name="bkkbn-nlp")
