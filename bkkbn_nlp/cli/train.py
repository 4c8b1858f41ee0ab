"""``bkkbn-nlp train``: the entity tagger, the topic tagger, or a complete pipeline."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
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


_DIR = click.Path(path_type=Path)


@train_command.command("crf")
@click.option("--data", type=_DIR, default="../shared/data/ner", show_default=True,
              help="The folder holding idner-news-2k/ and nergrit-indonlu/ (and ../pos/ for "
                   "the lexicon).")
@click.option("--output", type=_DIR, default="training/crf", show_default=True,
              help="Where model.crfsuite and metrics.json are written.")
@click.option("--c1", type=float, default=0.01, show_default=True)
@click.option("--c2", type=float, default=0.05, show_default=True)
@click.option("--max-iterations", type=int, default=150, show_default=True)
@click.option("--scheme", type=click.Choice(["bio", "biluo"]), default="bio", show_default=True,
              help="The tags the CRF learns (the tagger returns BIO either way).")
@click.option("--grid", is_flag=True, help="Choose c1 and c2 on idner dev.")
@click.option("--vectors", type=_DIR, default=None,
              help="A spaCy vectors directory, for the cluster columns c<K> of --lexicon.")
@click.option("--lexicon", default="", help="Word-feature columns, comma-separated (pos, nnp, "
                                            "cap, c<K> with --vectors); default none.")
@click.option("--include-dev", is_flag=True,
              help="Train the final model on train + dev after choosing the parameters.")
@click.option("--gold-tokens", is_flag=True,
              help="Train on the corpora's own tokens instead of re-tokenizing them.")
@click.option("--corrections", type=_DIR, default=None,
              help="Reviewed idner train/dev sentences, used in place of the corpus labels.")
@click.option("--without-nergrit", is_flag=True, help="Train on idner-news-2k alone.")
@click.option("--news-train", type=_DIR, multiple=True,
              help="entities_train_*.jsonl files or folders to train on as well (repeatable).")
@click.option("--news-weight", type=int, default=1, show_default=True,
              help="How many times the --news-train sentences are repeated.")
@click.option("--idner-weight", type=int, default=1, show_default=True,
              help="How many times the idner-news-2k sentences are repeated.")
@click.option("--corpus", type=_DIR,
              default="../shared/data/news/indonesian-news-corpus-2015.jsonl",
              show_default=True, help="The 2015 news corpus the --news-train offsets index.")
@click.option("--sentences", type=_DIR, default=None,
              help="The labelled sentences of other outlets (data/annotations/entities/"
                   "sentences): their train part is added, texts from DATA's parent.")
@click.option("--sentences-weight", type=int, default=1, show_default=True,
              help="How many times the --sentences sentences are repeated.")
@click.option("--lower", type=click.FloatRange(0, 1), default=0.0, show_default=True,
              help="Share of the training sentences added again lower-cased.")
@click.option("--upper", type=click.FloatRange(0, 1), default=0.0, show_default=True,
              help="Share of the training sentences added again upper-cased.")
@click.option("--case-seed", type=int, default=0, show_default=True,
              help="Seed of the draw of the sentences to copy.")
@click.option("--feature-version", type=click.Choice(["1", "2", "3"]), default="1",
              show_default=True,
              help="2: uncased sentences featurized from lower case, organisation name and "
                   "context words; 3: also uncased-only copies of the features of uncased "
                   "sentences (bkkbn_nlp/entities/crf.py).")
@click.option("--org-features/--no-org-features", default=True, show_default=True,
              help="With --feature-version 2: the organisation name and context words.")
def train_crf_command(data: Path, output: Path, c1: float, c2: float, max_iterations: int,
                      scheme: str, grid: bool, vectors: Path | None, lexicon: str,
                      include_dev: bool, gold_tokens: bool, corrections: Path | None,
                      without_nergrit: bool, news_train: tuple[Path, ...], news_weight: int,
                      idner_weight: int, corpus: Path, sentences: Path | None,
                      sentences_weight: int, lower: float, upper: float, case_seed: int,
                      feature_version: str, org_features: bool) -> None:
    """Train the shipped CRF entity tagger from the project's data sets.

    idner-news-2k train + NERGrit train (+ reviewed labels, + annotated news articles),
    model selection on idner dev; writes OUTPUT/model.crfsuite and OUTPUT/metrics.json and
    prints the dev scores. For a CRF from any labelled files, use "train ner".
    """
    from ..training.crf import crf_training_data, train_crf_model

    try:
        sets = crf_training_data(data, corrections=corrections, idner_weight=idner_weight,
                                 without_nergrit=without_nergrit, gold_tokens=gold_tokens,
                                 news_train=news_train, news_weight=news_weight, corpus=corpus,
                                 sentences=sentences, sentences_weight=sentences_weight,
                                 lower=lower, upper=upper, case_seed=case_seed)
    except (ValueError, FileNotFoundError) as exc:
        _error(str(exc))
        sys.exit(1)
    metrics = train_crf_model(
        sets, data, output, c1=c1, c2=c2, max_iterations=max_iterations, scheme=scheme,
        grid=grid, lexicon=[c for c in lexicon.split(",") if c], vectors=vectors,
        include_dev=include_dev, idner_weight=idner_weight, news_weight=news_weight,
        without_nergrit=without_nergrit, gold_tokens=gold_tokens, corrections=corrections,
        news_train=news_train, feature_version=int(feature_version),
        org_features=org_features,
        augmentation={"lower": lower, "upper": upper, "seed": case_seed,
                      "sentences": str(sentences) if sentences else None,
                      "sentences_weight": sentences_weight},
        log=click.echo)
    (output / "metrics.json").write_text(json.dumps(metrics, indent=2), encoding="utf-8")
    click.echo(json.dumps(metrics["dev"], indent=2))


@train_command.command("crossval")
@click.option("--corrections", type=_DIR, required=True,
              help="The reviewed idner train/dev sentences (the reviewed labels scored).")
@click.option("--data", type=_DIR, default="../shared/data/ner", show_default=True,
              help="The folder holding idner-news-2k/ and nergrit-indonlu/.")
@click.option("--output", type=_DIR, default="training/crossval", show_default=True,
              help="Where the fold models (wW_fK/model.crfsuite) and crossval.json go.")
@click.option("--folds", type=click.IntRange(min=2), default=3, show_default=True)
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--news-weight", "news_weights", type=int, multiple=True,
              help="A news weight W to try (repeatable; default 0, 1 and 3).")
@click.option("--news-train", type=_DIR, multiple=True,
              help="entities_train_*.jsonl files or folders (repeatable).")
@click.option("--corpus", type=_DIR,
              default="../shared/data/news/indonesian-news-corpus-2015.jsonl",
              show_default=True, help="The 2015 news corpus the --news-train offsets index.")
@click.option("--c1", type=float, default=0.01, show_default=True)
@click.option("--c2", type=float, default=0.01, show_default=True)
@click.option("--max-iterations", type=int, default=150, show_default=True)
@click.option("--scheme", type=click.Choice(["bio", "biluo"]), default="bio", show_default=True)
@click.option("--lexicon", default="", help="Word-feature columns (pos,nnp,cap), built per fold.")
@click.option("--idner-weight", type=int, default=1, show_default=True,
              help="How many times the idner training folds are repeated.")
def train_crossval_command(corrections: Path, data: Path, output: Path, folds: int, seed: int,
                           news_weights: tuple[int, ...], news_train: tuple[Path, ...],
                           corpus: Path, c1: float, c2: float, max_iterations: int, scheme: str,
                           lexicon: str, idner_weight: int) -> None:
    """Cross-validate the CRF + entity rules on idner-news-2k train + dev.

    For each fold and news weight W: train on the other folds + NERGrit train + the
    --news-train articles W times, score the held-out fold as raw text against the reviewed
    and the published labels. Prints one row per weight; writes OUTPUT/crossval.json.
    """
    from ..training.crossval import crossval_crf, crossval_table
    from ..training.trainers import news_entity_sentences

    try:
        news = news_entity_sentences(list(news_train), corpus) if news_train else []
        results, sentences = crossval_crf(
            data, corrections, output, folds=folds, seed=seed,
            news_weights=news_weights or (0, 1, 3), news=news, c1=c1, c2=c2,
            max_iterations=max_iterations, scheme=scheme,
            lexicon=[c for c in lexicon.split(",") if c], idner_weight=idner_weight,
            log=click.echo)
    except (ValueError, FileNotFoundError) as exc:
        _error(str(exc))
        sys.exit(1)
    click.echo(crossval_table(results, sentences, folds=folds, c1=c1, c2=c2,
                              max_iterations=max_iterations, scheme=scheme))
    output.mkdir(parents=True, exist_ok=True)
    (output / "crossval.json").write_text(json.dumps(results, indent=2), encoding="utf-8")


def _add_syntax() -> None:
    from .syntax import train_syntax_command

    train_command.add_command(train_syntax_command)


_add_syntax()
