"""``bkkbn-nlp evaluate``: score a pipeline against gold files (``evaluate [files] GOLD...``)
or on the project's evaluation sets (``evaluate ner``, ``evaluate quotes``, ``evaluate
topics``)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from ._common import check_utf8, load_pipeline
from ._common import error as _error

__all__ = ["evaluate_command"]

#: the default of ``--gold`` of ``evaluate ner`` and ``evaluate quotes``
FIXTURE = "tests/fixtures/antara_bkkbn_sultra_2019.gold.jsonl"
#: the default of ``--corpus``: the 2015 news corpus the annotations index into
NEWS_CORPUS = "../shared/data/news/indonesian-news-corpus-2015.jsonl"


class _DefaultGroup(click.Group):
    """A group that runs its ``files`` command when the first argument names no other
    command, so ``bkkbn-nlp evaluate GOLD...`` still works as ``evaluate files GOLD...``."""

    default_command = "files"

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args or (args[0] not in self.commands and args[0] not in ctx.help_option_names):
            args = [self.default_command, *args]
        return super().parse_args(ctx, args)

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        return ["[files] [OPTIONS] GOLD... | COMMAND [ARGS]..."]


@contextmanager
def _errors_exit(*kinds: type[Exception]) -> Iterator[None]:
    """Report the data errors ``kinds`` (and missing files) as one line, exit status 1."""
    from ..errors import LabelledDataError

    caught: tuple[type[Exception], ...] = (LabelledDataError, FileNotFoundError,
                                           UnicodeDecodeError, *kinds)
    try:
        yield
    except caught as exc:
        _error(str(exc))
        sys.exit(1)


def _log(message: str) -> None:
    click.echo(message, err=True)


def _write_json(path: Path | str, data: Any, *, ascii_only: bool = False) -> None:
    Path(path).write_text(json.dumps(data, indent=2, ensure_ascii=ascii_only), encoding="utf-8")


@click.group("evaluate", cls=_DefaultGroup,
             context_settings={"help_option_names": ["-h", "--help"]})
def evaluate_command() -> None:
    """Score a pipeline on gold files or on the project's evaluation sets.

    bkkbn-nlp evaluate [files] GOLD... scores GOLD files (labelled JSONL or CoNLL); the
    command name "files" may be left out, so the arguments are then those of files.
    "evaluate ner", "evaluate quotes" and "evaluate topics" run the evaluations of
    docs/ner-results.md, docs/quotes-results.md and docs/topics-results.md.
    """


@evaluate_command.command("files")
@click.argument("gold", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--model", type=click.Path(exists=True, file_okay=False), default=None,
              help="A pipeline directory; default: the bundled pipeline.")
@click.option("--gold-tokens", is_flag=True,
              help="For CoNLL files: use the file's tokens instead of the pipeline tokenizer.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Also write the scores as JSON to this file.")
def files_command(gold: tuple[str, ...], model: str | None, gold_tokens: bool,
                  output: str | None) -> None:
    """Score a pipeline against GOLD files and print a table.

    A labelled-document JSONL file (.jsonl) is scored on every layer it annotates: token
    boundaries, sentence boundaries, entities (exact span and label, per label and micro),
    quotes (by type, exact matches, speaker accuracy, cues) and topics (micro/macro F1,
    top-label accuracy). Any other file is read as CoNLL/BIO tokens and scored on entities.
    The numbers are those of bkkbn_nlp.evaluation.evaluate(); --output writes them as JSON.
    """
    from ..evaluation.scoring import evaluate, format_table

    for path in gold:
        check_utf8(path)
    nlp = load_pipeline(model)
    labelled = [g for g in gold if g.endswith(".jsonl")]
    conll = [g for g in gold if not g.endswith(".jsonl")]
    with _errors_exit():
        results = evaluate(nlp, conll=conll, labelled=labelled, gold_tokens=gold_tokens)
    click.echo(format_table(results))
    if output:
        _write_json(output, results)


_PATH = click.Path(path_type=Path)
_gold_option = click.option(
    "--gold", type=_PATH, default=FIXTURE, show_default=True,
    help="The gold fixture (labelled JSONL), scored as one more set.")
_corpus_option = click.option(
    "--corpus", type=_PATH, default=NEWS_CORPUS, show_default=True,
    help="The 2015 news corpus: the texts of the hand-annotated news articles.")
#: the command named in a written report (``scripts/*.py`` name themselves)
_prog_option = click.option("--prog", hidden=True, default=None)


def _command_line(prog: str, *parts: str) -> str:
    return " ".join([prog, *parts])


@evaluate_command.command("ner")
@click.option("--model", "models", multiple=True, metavar="NAME=PATH",
              help="A pipeline directory or a .crfsuite CRF model to evaluate, alone and "
                   "followed by the entity rules (repeatable); the rules alone are always "
                   "scored.")
@click.option("--data", type=_PATH, default="../shared/data/ner", show_default=True,
              help="The folder holding idner-news-2k/ and nergrit-indonlu/.")
@_gold_option
@click.option("--split", type=click.Choice(["test", "dev"]), default="test", show_default=True,
              help="dev: idner-news-2k dev (also reviewed), NERGrit valid and the news 2015 "
                   "dev articles, for model selection (the held-out news articles are left "
                   "out); test only for final reports.")
@_corpus_option
@click.option("--annotations", type=_PATH, default="data/annotations/entities",
              show_default=True, help="The folder of the entities_batch_N.jsonl files.")
@click.option("--corrections", type=_PATH, default="data/annotations/idner/corrections.jsonl",
              show_default=True,
              help="With --split dev: also score the idner dev sentences as our annotators "
                   "reviewed them.")
@click.option("--news-dev", type=_PATH, multiple=True,
              help="With --split dev: news training annotations (entities_train_*.jsonl files "
                   "or folders) to score as one more dev set (repeatable).")
@click.option("--output", type=_PATH, default=None, help="The markdown table to write.")
@click.option("--json", "json_path", type=_PATH, default=None,
              help="Also write the scores as JSON (the cross-domain scores beside it, in "
                   "FILE.cross-domain.json).")
@click.option("--earlier", multiple=True, metavar="NAME",
              help="Keep the rows of system NAME (and NAME + rules) from the existing --output "
                   "table, marked as an earlier run: for a model not retrained (repeatable).")
@click.option("--cross-domain/--no-cross-domain", default=True, show_default=True,
              help="Also the cross-domain table: idner, NERGrit, news 2015 and the kumparan, "
                   "CLICK-ID and IndoSum sentences (ANNOTATIONS/sentences), each cased, "
                   "lower-cased and upper-cased, with the average across domains.")
@click.option("--cross-domain-only", is_flag=True,
              help="Only the cross-domain tables (model selection; faster).")
@click.option("--combined-only", is_flag=True,
              help="Only the systems NAME + rules (not the rules or a model alone).")
@_prog_option
def ner_command(models: tuple[str, ...], data: Path, gold: Path, split: str, corpus: Path,
                annotations: Path, corrections: Path, news_dev: tuple[Path, ...],
                output: Path | None, json_path: Path | None, earlier: tuple[str, ...],
                cross_domain: bool, cross_domain_only: bool, combined_only: bool,
                prog: str | None) -> None:
    """Compare NER systems on the same test sets and print the results table.

    Systems: the entity rules alone and, for each --model, the model alone and the model
    followed by the rules. Test sets: idner-news-2k (raw text, raw text against gold with
    "Name (ACR)" split, gold tokens), NERGrit (gold tokens), the gold fixture and the
    hand-annotated news articles. Scores: exact span and label, micro and PER/ORG/LOC F1
    (docs/ner-results.md is written by --output).
    """
    from ..evaluation import crossdomain, ner

    if news_dev and split != "dev":
        raise click.UsageError("--news-dev is for model selection: use it with --split dev")
    table = earlier_note = ""
    results: dict[str, Any] = {}
    cross: dict[str, Any] = {}
    with _errors_exit(ValueError, OSError):  # OSError: a --model spaCy cannot load
        earlier_rows, earlier_note = ner.earlier_rows(output, earlier)
        systems = ner.ner_systems(models)
        if combined_only:
            systems = {k: v for k, v in systems.items() if k.endswith(" + rules")}
        news = ner.news_test_sets(corpus, split, annotations, news_dev)
        if not cross_domain_only:
            tests = ner.ner_test_sets(data, split, corrections)
            results = ner.evaluate_ner_systems(systems, tests, ner.labelled_entities(gold),
                                               news, _log)
            table = "\n".join(ner.ner_table(results) + earlier_rows)
            click.echo(table)
        if cross_domain or cross_domain_only:
            wanted = "held out" if split == "test" else "dev"
            picked = next((v for k, v in news.items() if k.startswith(f"news 2015, {wanted}")),
                          None)
            domains = crossdomain.cross_domain_sets(
                data, split, news=picked, sentences=annotations / "sentences",
                corrections=corrections)
            cross = crossdomain.evaluate_cross_domain(systems, domains, _log)
    cross_text = ""
    if cross:
        cross_text = "\n".join([
            "## Across domains\n",
            f"Micro F1 ({split} sets), raw text; each set as written, lower-cased and "
            "upper-cased; average = mean over the domains (and, in the *all* row, the three "
            "cases). Sentences per domain: " + ", ".join(
                f"{d.name} {len(d.texts)}" for d in domains) + ".\n",
            *crossdomain.cross_domain_table(cross), "",
            "Per label on the kumparan, CLICK-ID and IndoSum sentences pooled; "
            "business/tech/sport: those with a business, technology or sport word "
            "(`bkkbn_nlp.entities.sentences.BST_WORDS`) or of an article of such a "
            "category.\n",
            *crossdomain.label_table(cross), ""])
        click.echo(cross_text)
    command = _command_line(
        prog or "bkkbn-nlp evaluate ner", *(f"--model {m}" for m in models),
        *([f"--split {split}"] if split != "test" else []),
        *([f"--news-dev {' '.join(map(str, news_dev))}"] if news_dev else []),
        *(f"--earlier {e}" for e in earlier),
        *(["--cross-domain-only"] if cross_domain_only else []),
        *(["--combined-only"] if combined_only else []))
    if output:
        body = cross_text + ("\n## Every system and test set\n\n" + table + "\n"
                             if table else "")
        output.write_text(ner.ner_report(command, body, earlier_note), encoding="utf-8")
    if json_path:
        if results or not cross:
            _write_json(json_path, results, ascii_only=True)
        if cross:  # beside it: FILE.cross-domain.json (FILE itself with --cross-domain-only)
            _write_json(json_path if not results else json_path.with_suffix(
                ".cross-domain.json"), cross, ascii_only=True)


@evaluate_command.command("quotes")
@click.option("--model", type=click.Path(exists=True, file_okay=False), default=None,
              help="A pipeline directory; default: the bundled pipeline.")
@_corpus_option
@click.option("--annotations", type=_PATH, default="data/annotations/quotes",
              show_default=True, help="The folder of the quotes_batch_N.jsonl files.")
@_gold_option
@click.option("--output", type=_PATH, default=None,
              help="Write the scores (and the ids of each set) as JSON.")
@click.option("--details", is_flag=True, help="With --output: include per-article output.")
@click.option("--report", type=_PATH, default=None,
              help="Write the table as a markdown page (docs/quotes-results.md).")
@click.option("--syntax", type=click.Choice(["stanza"]), default=None,
              help="Add the syntax component, so attribution uses the parse (docs/syntax.md).")
@click.option("--syntax-model", type=click.Path(exists=True, file_okay=False), default=None,
              help="With --syntax: a stanza model directory (default: the bundled one).")
@_prog_option
def quotes_command(model: str | None, corpus: Path, annotations: Path, gold: Path,
                   output: Path | None, details: bool, report: Path | None,
                   syntax: str | None, syntax_model: str | None, prog: str | None) -> None:
    """Evaluate rule-based quote attribution on the annotated dev sets and print a table.

    Sets: dev-a and dev-b (batches 1-4 split by article id), dev-c (batch 5), dev-d1
    (batch 6), dev-d2 (batches 7+), total, and the gold fixture. Per set and quote type:
    quote P/R/F1 (half the gold characters covered), exact P/R/F1, speaker accuracy, -nya /
    pronoun speaker accuracy and cue F1, by bkkbn_nlp.quotes.scoring.score_quotes.
    """
    from ..evaluation import quotes as q
    from ..quotes import QuoteAttributor

    nlp = load_pipeline(model, syntax=syntax, syntax_model=syntax_model)
    with _errors_exit(KeyError):
        sets = q.quote_sets(q.load_dev(corpus, annotations), q.load_fixture(gold))
    results, per_article = q.evaluate_quote_sets(sets, nlp, QuoteAttributor(nlp))
    click.echo(q.quote_table(results))
    if report:
        command = _command_line(prog or "bkkbn-nlp evaluate quotes", "--report", str(report))
        report.write_text(q.quote_report(command, results, sets), encoding="utf-8")
    if output:
        _write_json(output, q.quote_payload(results, sets, per_article if details else None))
        _log(f"wrote {output}")



@evaluate_command.command("topics")
@click.option("--labels", type=_PATH, default="data/annotations/topics", show_default=True,
              help="The folder of the labels_batch_N.jsonl files.")
@_corpus_option
@click.option("--authored", type=_PATH, default=None,
              help="The project's self-written articles (authored.jsonl): cross-validated "
                   "beside the corpus-only run.")
@click.option("--authored-weight", type=float, default=1.0, show_default=True,
              help="Training weight of an authored article (corpus articles: 1).")
@click.option("--weak", is_flag=True, help="Add the mapped weak data sets to the training "
                                           "folds (never to a test fold).")
@click.option("--weak-dir", type=_PATH, default="../shared/data/topics", show_default=True,
              help="The folder of the weak data sets (bppt-panl/, detik-headlines/).")
@click.option("--weak-weight", type=float, default=1.0, show_default=True)
@click.option("--cv", "folds", type=click.IntRange(min=2), default=5, show_default=True,
              help="Cross-validation folds.")
@click.option("--max-features", type=int, default=20000, show_default=True)
@click.option("--C", "c", type=float, default=10.0, show_default=True,
              help="Inverse regularisation strength of the logistic regressions.")
@click.option("--max-chars", type=int, default=None, help="Read at most this many characters "
                                                          "of each text.")
@click.option("--report", type=_PATH, default=None,
              help="Write the tables as a markdown page (docs/topics-results.md).")
@click.option("--json", "json_path", type=_PATH, default=None,
              help="Also write the result (counts, agreement, scores) as JSON.")
@_prog_option
def topics_command(labels: Path, corpus: Path, authored: Path | None, authored_weight: float,
                   weak: bool, weak_dir: Path, weak_weight: float, folds: int,
                   max_features: int, c: float, max_chars: int | None, report: Path | None,
                   json_path: Path | None, prog: str | None) -> None:
    """Cross-validate the topic tagger and the keyword baseline and print the tables.

    K-fold cross-validation (iterative stratification, seed 2015) on the team's topic labels
    with the texts of the 2015 corpus, also with the authored articles in the folds
    (--authored); micro/macro F1, exact label set, first label and per-label P/R/F1, and
    the inter-annotator agreement on the doubly labelled articles. No model is saved:
    scripts/train_topics.py trains the final one.
    """
    from ..evaluation import topics

    with _errors_exit(ValueError):
        data = topics.load_topic_data(labels, corpus, authored, weak_dir if weak else None,
                                      weak_weight)
    make = topics.tagger_factory(max_features=max_features, C=c, max_chars=max_chars)
    res = topics.topic_evaluation(data, make, folds=folds,
                                  authored_file=None if authored is None else str(authored),
                                  authored_weight=authored_weight, log=_log)
    click.echo(topics.render(res), nl=False)
    if report:
        command = _command_line(
            prog or "bkkbn-nlp evaluate topics", f"--cv {folds}",
            *([f"--authored {authored}"] if authored else []), *(["--weak"] if weak else []),
            f"--report {report}")
        report.write_text(topics.topic_report(command, res), encoding="utf-8")
    if json_path:
        _write_json(json_path, res)


def _add_syntax() -> None:
    from .syntax import evaluate_syntax_command

    evaluate_command.add_command(evaluate_syntax_command)


_add_syntax()
