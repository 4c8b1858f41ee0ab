"""Helpers shared by the ``bkkbn-nlp`` commands."""

from __future__ import annotations

import click


def error(message: str) -> None:
    """Report one problem on stderr as ``bkkbn-nlp: error: …``."""
    click.echo(f"bkkbn-nlp: error: {message}", err=True)
