"""``bkkbn-nlp convert``: labelled data from CoNLL, doccano, DocBin or inline-marked text
into our JSONL (or
from our JSONL into a spaCy DocBin)."""

from __future__ import annotations

import sys

import click

from ._common import error as _error


@click.command("convert")
@click.argument("input_path", metavar="INPUT", type=click.Path(exists=True, dir_okay=False))
@click.argument("output_path", metavar="OUTPUT", type=click.Path(dir_okay=False, writable=True))
@click.option("--from", "from_format", required=True,
              type=click.Choice(["conll", "doccano", "docbin", "inline", "labelled"]),
              help="The format of INPUT.")
@click.option("--to", "to_format", type=click.Choice(["labelled", "docbin"]), default=None,
              help="The format of OUTPUT (default: docbin if OUTPUT ends in .spacy, else "
                   "labelled).")
@click.option("--no-trim", is_flag=True,
              help="CoNLL: keep brackets and punctuation at the edges of entity spans.")
@click.option("--no-tokens", is_flag=True,
              help="CoNLL: do not write the file's tokens as the 'tokens' layer.")
@click.option("--alignment", type=click.Choice(["strict", "expand", "contract"]),
              default="strict", show_default=True,
              help="To DocBin: what to do with an entity that does not fall on token "
                   "boundaries (strict: report it as an error).")
def convert_command(input_path: str, output_path: str, from_format: str,
                    to_format: str | None, no_trim: bool, no_tokens: bool,
                    alignment: str) -> None:
    """Convert labelled data in INPUT to OUTPUT.

    Formats: conll (CoNLL/BIO token files), doccano (doccano JSONL exports), docbin (spaCy
    .spacy files), inline (text with {PER Name} marks, "### id" lines between documents),
    labelled (our labelled-document JSONL). A malformed record is reported
    with its file, line and problem, nothing is written, and the exit status is 1.
    """
    from ..errors import LabelledDataError
    from ..io.convert import convert

    if to_format is None:
        to_format = "docbin" if output_path.endswith(".spacy") else "labelled"
    try:
        n = convert(input_path, output_path, from_format=from_format, to_format=to_format,
                    trim=not no_trim, tokens=not no_tokens, alignment_mode=alignment)
    except LabelledDataError as exc:
        _error(str(exc))
        sys.exit(1)
    click.echo(f"{n} documents written to {output_path} ({to_format})", err=True)
