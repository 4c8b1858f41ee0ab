"""``bkkbn-nlp train``: the entity tagger, the topic tagger, or a complete pipeline."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any

import click

from ._common import error as _error

_FILE = click.Path(exists=True, dir_okay=False)
_OUT = click.Path(file_okay=False, writable=True)


def _run(fn: Callable[[], Any]) -> Any:
    """Call ``fn``; report data and option errors on stderr with exit status 1."""
    from ..errors import LabelledDataError

    try:
        return fn()
    except (LabelledDataError, FileExistsError) as exc:
        _error(str(exc))
        sys.exit(1)


def _licences(values: tuple[str, ...]) -> Any:
    from ..training.trainers import parse_licences

    try:
        return parse_licences(values)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--licence") from None


def _command_line() -> str:
    return "bkkbn-nlp " + " ".join(sys.argv[1:]) if sys.argv else "bkkbn-nlp train"


def _progress_default(progress: bool | None) -> bool:
    return sys.stderr.isatty() if progress is None else progress


_licence_option = click.option(
    "--licence", "licence", multiple=True, metavar="PATH=LICENCE",
    help="The licence of a data file, recorded in the metadata (repeatable). Default: the "
         "first line of a LICENSE file beside the data file, if any.")
_progress_option = click.option(
    "--progress/--no-progress", default=None,
    help="Progress bars on stderr (default: on when stderr is a terminal).")


@click.group("train")
def train_command() -> None:
    """Train the entity tagger, the topic tagger, or a complete pipeline from labelled data
    (CoNLL/BIO files, labelled-document JSONL, or spaCy DocBin files)."""


@train_command.command("ner")
@click.option("--train", "train", multiple=True, required=True, type=_FILE,
              help="Training file (repeatable): CoNLL/BIO, .jsonl (labelled) or .spacy.")
@click.option("--dev", "dev", multiple=True, type=_FILE, help="Development file (repeatable).")
@click.option("--output", required=True, type=_OUT, help="Output directory.")
@click.option("--c1", type=float, default=0.01, show_default=True, help="L1 regularisation.")
@click.option("--c2", type=float, default=0.05, show_default=True, help="L2 regularisation.")
@click.option("--max-iterations", type=click.IntRange(min=1), default=150, show_default=True)
@click.option("--gold-tokens", is_flag=True,
              help="CoNLL: train on the file's tokens instead of re-tokenizing the sentences "
                   "with the bkkbn_nlp tokenizer.")
@_licence_option
@_progress_option
def train_ner_command(train: tuple[str, ...], dev: tuple[str, ...], output: str, c1: float,
                      c2: float, max_iterations: int, gold_tokens: bool,
                      licence: tuple[str, ...], progress: bool | None) -> None:
    """Train the CRF entity tagger: writes OUTPUT/model.crfsuite and OUTPUT/metrics.json."""
    from ..training.trainers import train_ner

    licences = _licences(licence)
    metrics = _run(lambda: train_ner(train, output, dev=dev, c1=c1, c2=c2,
                                     max_iterations=max_iterations,
                                     retokenize_conll=not gold_tokens, licences=licences,
                                     progress=_progress_default(progress)))
    click.echo(json.dumps({"dev": {k: v["micro"] for k, v in metrics["dev"].items()},
                           "train_sentences": metrics["train_sentences"]}, indent=2))


@train_command.command("topics")
@click.option("--data", "data", multiple=True, required=True, type=_FILE,
              help="Labelled JSONL with a 'topics' layer (repeatable).")
@click.option("--dev", "dev", multiple=True, type=_FILE, help="Development file (repeatable).")
@click.option("--output", required=True, type=_OUT, help="Output directory.")
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--C", "C", type=float, default=10.0, show_default=True,
              help="Inverse regularisation of the logistic regressions.")
@click.option("--max-features", type=click.IntRange(min=1), default=20000, show_default=True)
@click.option("--threshold-cv", type=click.IntRange(min=0), default=5, show_default=True,
              help="Folds for tuning the per-label thresholds (0: no tuning).")
@_licence_option
def train_topics_command(data: tuple[str, ...], dev: tuple[str, ...], output: str, seed: int,
                         C: float, max_features: int, threshold_cv: int,
                         licence: tuple[str, ...]) -> None:
    """Train the topic tagger: writes the model files and OUTPUT/metrics.json."""
    from ..training.trainers import train_topics

    licences = _licences(licence)
    metrics = _run(lambda: train_topics(data, output, dev=dev, seed=seed, C=C,
                                        max_features=max_features, threshold_cv=threshold_cv,
                                        licences=licences))
    click.echo(json.dumps({"train_documents": metrics["train_documents"],
                           "out_of_fold_f1": metrics["out_of_fold_f1"],
                           "dev": {k: {"micro_f1": v["micro"]["f1"], "macro_f1": v["macro_f1"]}
                                   for k, v in metrics["dev"].items()}}, indent=2))


@train_command.command("pipeline")
@click.option("--ner-train", multiple=True, required=True, type=_FILE,
              help="NER training file (repeatable): CoNLL/BIO, .jsonl or .spacy.")
@click.option("--ner-dev", multiple=True, type=_FILE,
              help="NER development file (repeatable), scored into metrics.json.")
@click.option("--topics-data", multiple=True, type=_FILE,
              help="Labelled JSONL with topics (repeatable); without it, no topic tagger.")
@click.option("--topics-dev", multiple=True, type=_FILE, help="Topics development file.")
@click.option("--output", required=True, type=_OUT, help="The pipeline directory to write.")
@click.option("--name", default="bkkbn_trained", show_default=True,
              help="Pipeline name in meta.json (and the package name `spacy package` uses).")
@click.option("--version", "version", default=None,
              help="Pipeline version in meta.json (default: the bkkbn_nlp version).")
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--c1", type=float, default=0.01, show_default=True)
@click.option("--c2", type=float, default=0.05, show_default=True)
@click.option("--max-iterations", type=click.IntRange(min=1), default=150, show_default=True)
@click.option("--gold-tokens", is_flag=True,
              help="CoNLL: train on the file's tokens instead of re-tokenizing them.")
@click.option("--topics-threshold-cv", type=click.IntRange(min=0), default=5,
              show_default=True)
@click.option("--overwrite", is_flag=True, help="Write into a non-empty output directory.")
@_licence_option
@_progress_option
def train_pipeline_command(ner_train: tuple[str, ...], ner_dev: tuple[str, ...],
                           topics_data: tuple[str, ...], topics_dev: tuple[str, ...],
                           output: str, name: str, version: str | None, seed: int, c1: float,
                           c2: float, max_iterations: int, gold_tokens: bool,
                           topics_threshold_cv: int, overwrite: bool,
                           licence: tuple[str, ...], progress: bool | None) -> None:
    """Train a complete pipeline into OUTPUT (load it with bkkbn_nlp.load(OUTPUT)), with
    OUTPUT/metrics.json (dev scores) and OUTPUT/meta.json (data sets, licences, seed,
    versions)."""
    from ..about import __version__
    from ..evaluation.scoring import format_table
    from ..training.trainers import train_pipeline

    licences = _licences(licence)
    metrics = _run(lambda: train_pipeline(
        output, ner_train=ner_train, ner_dev=ner_dev, topics_data=topics_data,
        topics_dev=topics_dev, name=name, version=version or __version__, seed=seed, c1=c1,
        c2=c2, max_iterations=max_iterations, retokenize_conll=not gold_tokens,
        topics_threshold_cv=topics_threshold_cv, licences=licences, overwrite=overwrite,
        progress=_progress_default(progress), command=_command_line()))
    if metrics["dev"]:
        click.echo(format_table(metrics["dev"]))
    click.echo(f"pipeline written to {output} (metrics.json, meta.json)", err=True)
