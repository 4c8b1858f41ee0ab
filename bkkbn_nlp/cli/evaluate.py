"""``bkkbn-nlp evaluate``: score a pipeline against gold files."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ._common import error as _error


@click.command("evaluate")
@click.argument("gold", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--model", type=click.Path(exists=True, file_okay=False), default=None,
              help="A pipeline directory; default: the bundled pipeline.")
@click.option("--gold-tokens", is_flag=True,
              help="For CoNLL files: use the file's tokens instead of the pipeline tokenizer.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Also write the scores as JSON to this file.")
def evaluate_command(gold: tuple[str, ...], model: str | None, gold_tokens: bool,
                     output: str | None) -> None:
    """Score named entities against GOLD files: labelled-document JSONL (.jsonl) or
    CoNLL/BIO token files (anything else). Exact span and label, per label and micro."""
    from ..errors import LabelledDataError
    from ..evaluation import evaluate, format_table
    from ..pipeline import load

    nlp = load(model)
    labelled = [g for g in gold if g.endswith(".jsonl")]
    conll = [g for g in gold if not g.endswith(".jsonl")]
    try:
        results = evaluate(nlp, conll=conll, labelled=labelled, gold_tokens=gold_tokens)
    except LabelledDataError as exc:
        _error(str(exc))
        sys.exit(1)
    click.echo(format_table(results))
    if output:
        Path(output).write_text(json.dumps(results, indent=2), encoding="utf-8")
