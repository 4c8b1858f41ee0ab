"""Comparing NER systems on the same test sets: the results table of ``docs/ner-results.md``.

``bkkbn-nlp evaluate ner`` (and ``scripts/evaluate_ner.py``, a wrapper of it) runs these
functions. Systems (:func:`ner_systems`): the gazetteer rules alone and, for each model, the
model alone and the model followed by the rules (``bkkbn_entity_rules``). Test sets
(:func:`ner_test_sets`, :func:`news_test_sets`): idner-news-2k (raw text through our
tokenizer, also against gold with each "Name (ACR)" entity split into name and acronym as
our guideline and the training data have them, and gold tokens), NERGrit (gold tokens), the
gold fixture (cleaned text) and the news articles the team annotated
(``data/annotations/entities``, cleaned text of the 2015 corpus). Scores: exact span and
label (CoNLL), micro and per label (:func:`~bkkbn_nlp.evaluation.evaluate_ner_conll`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..about import __version__
from ..entities.corpora import (
    TaggedSentence,
    apply_corrections,
    read_conll,
    read_corrections,
    read_news_entities,
)
from .scoring import evaluate_ner_conll, evaluate_ner_labelled

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["NEWS_DEV_BATCHES", "NerTestSet", "crf_pipeline", "ner_systems", "news_batches",
           "load_news", "labelled_entities", "ner_test_sets", "news_test_sets",
           "evaluate_ner_systems", "ner_table", "earlier_rows", "ner_report"]

#: news batches rules may be written from; later batches are held out
NEWS_DEV_BATCHES: tuple[int, ...] = (1, 2)

Spans = list[list[tuple[int, int, str]]]


@dataclass(frozen=True)
class NerTestSet:
    """A CoNLL test set: its row name, the file (or sentences), and how it is scored."""

    name: str
    sentences: Path | list[TaggedSentence]
    raw_text: bool
    split_acronyms: bool = False


def crf_pipeline(model: Path, *, rules: bool) -> Language:
    """Tokenizer, sentences and a CRF model file (``bkkbn-nlp train`` / ``scripts/
    train_crf_ner.py`` output), optionally followed by the gazetteer rules: to compare models
    before building one into the default pipeline."""
    import spacy

    from ..entities.crf import CrfNer
    from ..pipeline import TOKENIZER_CONFIG  # also registers the components

    nlp = spacy.blank("id", config=TOKENIZER_CONFIG)
    nlp.add_pipe("bkkbn_sentencizer")
    crf = nlp.add_pipe("bkkbn_crf_ner")
    assert isinstance(crf, CrfNer)
    crf.load_model(model)
    if rules:
        nlp.add_pipe("bkkbn_entity_rules")
    return nlp


def ner_systems(models: Sequence[str]) -> dict[str, Language]:
    """``rules`` alone, then for each ``NAME=PATH`` (a pipeline directory or a
    ``.crfsuite`` file) the model alone (``NAME``) and the model + rules (``NAME + rules``)."""
    import spacy

    from ..pipeline import TOKENIZER_CONFIG

    out: dict[str, Language] = {}
    rules = spacy.blank("id", config=TOKENIZER_CONFIG)
    rules.add_pipe("bkkbn_entity_rules")
    out["rules"] = rules
    for spec in models:
        name, _, path = spec.rpartition("=")
        name = name or "model"
        if path.endswith(".crfsuite"):
            out[name] = crf_pipeline(Path(path), rules=False)
            out[f"{name} + rules"] = crf_pipeline(Path(path), rules=True)
            continue
        out[name] = spacy.load(path, exclude=["bkkbn_entity_rules"])
        combo = spacy.load(path)
        if "bkkbn_entity_rules" not in combo.pipe_names:
            combo.add_pipe("bkkbn_entity_rules")
        out[f"{name} + rules"] = combo
    return out


def news_batches(folder: Path) -> list[int]:
    """The numbers N of the ``entities_batch_N.jsonl`` files in ``folder``, sorted."""
    return sorted(int(p.stem.rsplit("_", 1)[1]) for p in folder.glob("entities_batch_*.jsonl"))


def load_news(corpus: Path, batches: Sequence[int] | None, folder: Path
              ) -> tuple[list[str], Spans]:
    """The hand-annotated news articles of ``folder/entities_batch_N.jsonl`` for ``batches``
    (all if ``None``), as cleaned texts and gold spans
    (:func:`bkkbn_nlp.entities.corpora.read_news_entities`). Empty without the corpus."""
    paths = sorted(folder.glob("entities_batch_*.jsonl"))
    if batches is not None:
        paths = [p for p in paths if int(p.stem.rsplit("_", 1)[1]) in batches]
    return read_news_entities(paths, corpus)


def labelled_entities(path: Path) -> tuple[list[str], Spans]:
    """The texts and gold entity spans of a labelled-document file (the gold fixture)."""
    from ..io.labelled import read_labelled

    docs = list(read_labelled(path))
    return ([d.text for d in docs],
            [[(e["start"], e["end"], e["label"]) for e in d.entities or []] for d in docs])


def ner_test_sets(data: Path, split: str, corrections: Path | None = None
                  ) -> list[NerTestSet]:
    """The CoNLL test sets of ``split`` (``test`` or ``dev``) under ``data`` (the folder
    holding ``idner-news-2k/`` and ``nergrit-indonlu/``). With ``split="dev"`` and an
    existing ``corrections`` file, the idner dev sentences as our annotators reviewed them
    are scored too.

    Raises:
        FileNotFoundError: A test file is missing under ``data``.
    """
    idner = data / "idner-news-2k" / f"{split}.txt"
    nergrit = data / "nergrit-indonlu" / (
        "test_preprocess.txt" if split == "test" else "valid_preprocess.txt")
    for path in (idner, nergrit):
        if not path.is_file():
            raise FileNotFoundError(f"no test file {path} (--data is the folder holding "
                                    "idner-news-2k/ and nergrit-indonlu/)")
    tests = [
        NerTestSet(f"idner {split}, raw text", idner, True),
        NerTestSet(f"idner {split}, raw text, Name (ACR) split", idner, True, True),
        NerTestSet(f"idner {split}, gold tokens", idner, False),
        NerTestSet(f"NERGrit {split}, gold tokens", nergrit, False),
    ]
    if split == "dev" and corrections is not None and corrections.exists():
        reviewed = apply_corrections("dev", list(read_conll(idner)),
                                     read_corrections(corrections))
        tests.insert(2, NerTestSet("idner dev reviewed, raw text", reviewed, True))
    return tests


def news_test_sets(corpus: Path, split: str, folder: Path,
                   news_dev: Sequence[Path] = ()) -> dict[str, tuple[list[str], Spans]]:
    """The annotated news articles to score, by row name: the dev batches
    (:data:`NEWS_DEV_BATCHES`), with ``split="test"`` also the held-out batches, and with
    ``news_dev`` (``split="dev"`` only) those training annotations as one more dev set.
    Sets without articles (no corpus) are left out.

    Raises:
        ValueError: ``news_dev`` with a split other than ``dev``.
    """
    if news_dev and split != "dev":
        raise ValueError("--news-dev is for model selection: use it with --split dev")
    held_out = tuple(b for b in news_batches(folder) if b not in NEWS_DEV_BATCHES)
    # model selection (split dev) never sees the held-out articles
    sets: list[tuple[str, tuple[int, ...]]] = [("news 2015, dev", NEWS_DEV_BATCHES)]
    if split == "test":
        sets.append(("news 2015, held out", held_out))
    news: dict[str, tuple[list[str], Spans]] = {}
    for label, batches in sets:
        texts, gold = load_news(corpus, batches, folder)
        if texts:
            news[f"{label} ({len(texts)} articles)"] = (texts, gold)
    if news_dev:
        texts, gold = read_news_entities(list(news_dev), corpus)
        news[f"news 2015, training articles as dev ({len(texts)} articles)"] = (texts, gold)
    return news


def evaluate_ner_systems(systems: dict[str, Language], tests: Sequence[NerTestSet],
                         fixture: tuple[list[str], Spans],
                         news: dict[str, tuple[list[str], Spans]],
                         log: Callable[[str], None] = lambda _: None
                         ) -> dict[str, dict[str, Any]]:
    """Scores ``{system: {test set: scores}}``: the CoNLL sets (with the ``seconds`` they
    took), then the ``gold fixture`` (texts and spans), then the news sets."""
    results: dict[str, dict[str, Any]] = {}
    for name, nlp in systems.items():
        log(f"evaluating {name} ...")
        results[name] = {}
        for test in tests:
            t = time.perf_counter()
            results[name][test.name] = evaluate_ner_conll(
                nlp, test.sentences, raw_text=test.raw_text, split_acronyms=test.split_acronyms)
            results[name][test.name]["seconds"] = time.perf_counter() - t
        results[name]["gold fixture"] = evaluate_ner_labelled(nlp, *fixture)
        for label, (texts, gold) in news.items():
            results[name][label] = evaluate_ner_labelled(nlp, texts, gold)
    return results


def ner_table(results: dict[str, dict[str, Any]]) -> list[str]:
    """The markdown table lines: one row per system and test set, micro P/R/F1 and the F1 of
    PER, ORG and LOC."""
    lines = ["| system | test set | P | R | F1 | PER F1 | ORG F1 | LOC F1 |",
             "|---|---|---|---|---|---|---|---|"]
    for name, per_test in results.items():
        for test_name, r in per_test.items():
            m = r["micro"]
            per = [r["per_label"].get(lab, {}).get("f1", 0.0) for lab in ("PER", "ORG", "LOC")]
            cells = [m["precision"], m["recall"], m["f1"], *per]
            row = " | ".join(f"{c:.3f}" for c in cells)
            lines.append(f"| {name} | {test_name} | {row} |")
    return lines


def earlier_rows(output: Path | None, names: Sequence[str]) -> tuple[list[str], str]:
    """Rows of the systems ``names`` from an existing results table, marked "(earlier run)",
    and a note naming the command that produced them.

    Raises:
        ValueError: ``names`` without an existing ``output`` table.
    """
    if not names:
        return [], ""
    if output is None or not output.exists():
        raise ValueError("--earlier needs an existing --output table to take the rows from")
    old = output.read_text(encoding="utf-8")
    first = old.splitlines()[2] if len(old.splitlines()) > 2 else ""
    wanted = {n for name in names for n in (name, f"{name} + rules", f"{name} (earlier run)",
                                            f"{name} + rules (earlier run)")}
    rows = []
    for line in old.splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if line.startswith("| ") and cells[0] in wanted:
            name = cells[0] if cells[0].endswith("(earlier run)") else f"{cells[0]} (earlier run)"
            rows.append("| " + " | ".join([name, *cells[1:]]) + " |")
    notes = [line for line in old.splitlines() if line.startswith("Rows marked")]
    note = notes[0] if notes else (
        "Rows marked (earlier run) were not re-measured by this command (the model was not "
        "retrained); they are copied from the previous table, measured with the entity rules "
        f"and data of that run, whose header read: {first.strip()}")
    return rows, "\n" + note + "\n"


def ner_report(command: str, table: str, earlier_note: str = "") -> str:
    """The markdown page of ``docs/ner-results.md``: a header naming ``command``, the table
    and the note on earlier rows."""
    header = (f"# NER results\n\nGenerated by `{command}` (bkkbn_nlp {__version__}). "
              "Exact span and label (CoNLL convention); micro scores over PER, ORG, LOC.\n\n")
    return header + table + "\n" + earlier_note
