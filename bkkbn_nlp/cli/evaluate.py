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
    """Score a pipeline against GOLD files and print a table.

    A labelled-document JSONL file (.jsonl) is scored on every layer it annotates: token
    boundaries, sentence boundaries, entities (exact span and label, per label and micro),
    quotes (by type, exact matches, speaker accuracy, cues) and topics (micro/macro F1,
    top-label accuracy). Any other file is read as CoNLL/BIO tokens and scored on entities.
    The numbers are those of bkkbn_nlp.evaluation.evaluate(); --output writes them as JSON.
    """
    from ..errors import LabelledDataError
    from ..evaluation.scoring import evaluate, format_table
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
        Path(output).write_text(json.dumps(results, indent=2, ensure_ascii=False),
                                encoding="utf-8")
