"""The ``bkkbn-nlp`` command line: a thin shell over the library functions.

Each command lives in its own module of this package and is registered on the
:func:`cli` group below.
"""

from __future__ import annotations

import click

from ..about import __version__
from .analyze import analyze
from .convert import convert_command
from .evaluate import evaluate_command
from .train import train_command

__all__ = ["cli", "main"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", prog_name="bkkbn-nlp")
def cli() -> None:
    """Indonesian government-news NLP: cleaning, sentences, entities, quotes, topics."""


cli.add_command(analyze)
cli.add_command(evaluate_command)
cli.add_command(convert_command)
cli.add_command(train_command)


def main() -> None:
    """Entry point of the ``bkkbn-nlp`` console script."""
    cli(prog_name="bkkbn-nlp")
