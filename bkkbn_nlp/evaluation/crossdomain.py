"""The cross-domain NER table (issue 21): every system on six domains, each as written,
lower-cased and upper-cased, with the average across domains the models are chosen by.

Domains (:func:`cross_domain_sets`), with ``split="test"``: idner-news-2k test, NERGrit
test, the 50 held-out 2015 news articles, and the test parts of the kumparan, CLICK-ID 2019
and IndoSum 2016-2018 sentences our annotators labelled
(:func:`bkkbn_nlp.entities.sentences.split_sentences`); with ``split="dev"``: idner dev as
reviewed, NERGrit valid, the 20 news dev articles and the dev parts of the sentences. All
are run as raw text through the pipeline's tokenizer; the CoNLL sets are detokenized
(:func:`~bkkbn_nlp.entities.corpora.detokenize`). A case-altered copy has the same text
lower- or upper-cased, character for character, so the gold offsets hold
(:func:`~bkkbn_nlp.entities.sentences.case_copy`). Spans are trimmed of edge punctuation on
both sides (:func:`~bkkbn_nlp.entities.corpora.trim_span`), exact span and label, micro F1.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..entities.corpora import (
    TaggedSentence,
    apply_corrections,
    detokenize,
    read_conll,
    read_corrections,
    trim_span,
)
from ..entities.sentences import SOURCES, case_copy, load_sentences, split_sentences
from .scoring import score_spans

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["CASES", "DOMAINS", "Domain", "conll_domain", "cross_domain_sets",
           "evaluate_cross_domain", "cross_domain_table", "label_table", "average"]

CASES = ("cased", "lower", "upper")
#: column names of the domains, in table order
DOMAINS = ("idner", "NERGrit", "news 2015", "kumparan", "CLICK-ID", "IndoSum")
_SOURCE_COLUMN = dict(zip(SOURCES, DOMAINS[3:], strict=True))

Spans = list[list[tuple[int, int, str]]]


@dataclass(frozen=True)
class Domain:
    """A domain's texts and gold spans; ``bst`` marks the business / technology / sport
    sentences (empty: none marked)."""

    name: str
    texts: list[str]
    gold: Spans
    bst: tuple[bool, ...] = ()


def conll_domain(name: str, sentences: Sequence[TaggedSentence]) -> Domain:
    """CoNLL sentences as running text and trimmed character spans."""
    texts, gold = [], []
    for s in sentences:
        text, offsets = detokenize(s.words)
        texts.append(text)
        gold.append([trim_span(text, offsets[a][0], offsets[b - 1][1], lab)
                     for a, b, lab in s.spans()])
    return Domain(name, texts, gold)


def cross_domain_sets(data: Path, split: str, *, news: tuple[list[str], Spans] | None,
                      sentences: Path | None, corrections: Path | None = None
                      ) -> list[Domain]:
    """The domains of ``split`` (see the module docstring) that can be read: ``data`` is
    the folder holding ``idner-news-2k/`` and ``nergrit-indonlu/`` (its parent the shared
    data, for the sentence texts), ``news`` the 2015 articles' texts and spans, and
    ``sentences`` the folder of ``sentences_batch_N.jsonl``."""
    out: list[Domain] = []
    idner = data / "idner-news-2k" / f"{split}.txt"
    if idner.is_file():
        sents = list(read_conll(idner))
        if split == "dev" and corrections is not None and corrections.exists():
            sents = apply_corrections("dev", sents, read_corrections(corrections))
        out.append(conll_domain("idner", sents))
    nergrit = data / "nergrit-indonlu" / (
        "test_preprocess.txt" if split == "test" else "valid_preprocess.txt")
    if nergrit.is_file():
        out.append(conll_domain("NERGrit", list(read_conll(nergrit))))
    if news and news[0]:
        out.append(Domain("news 2015", *news))
    if sentences is not None and sentences.is_dir():
        parts = split_sentences(load_sentences(sentences, data.parent))[split]
        for source in SOURCES:
            recs = [r for r in parts if r.source == source]
            if recs:
                out.append(Domain(_SOURCE_COLUMN[source], [r.text for r in recs],
                                  [list(r.entities) for r in recs],
                                  tuple(r.bst for r in recs)))
    return out


def _score(nlp: Language, texts: list[str], gold: Spans) -> tuple[dict[str, Any], Spans]:
    preds = [[trim_span(doc.text, e.start_char, e.end_char, e.label_) for e in doc.ents]
             for doc in nlp.pipe(texts, batch_size=64)]
    return score_spans(gold, preds), preds


def evaluate_cross_domain(systems: dict[str, Language], domains: Sequence[Domain],
                          log: Callable[[str], None] = lambda _: None
                          ) -> dict[str, dict[str, dict[str, Any]]]:
    """``{system: {case: {domain: scores}}}``, scores as
    :func:`~bkkbn_nlp.evaluation.score_spans` gives them, with ``sentences``; and per case a
    ``business/tech/sport`` entry pooling the marked sentences of the new domains, and a
    ``new sentences`` entry pooling all of them."""
    results: dict[str, dict[str, dict[str, Any]]] = {}
    for name, nlp in systems.items():
        log(f"cross-domain: {name} ...")
        results[name] = {}
        for case in CASES:
            per: dict[str, Any] = {}
            pooled: dict[str, tuple[Spans, Spans]] = {"new sentences": ([], []),
                                                      "business/tech/sport": ([], [])}
            for d in domains:
                texts = d.texts if case == "cased" else [case_copy(t, case) for t in d.texts]
                scores, preds = _score(nlp, texts, d.gold)
                scores["sentences"] = len(texts)
                per[d.name] = scores
                if d.bst:
                    pooled["new sentences"][0].extend(d.gold)
                    pooled["new sentences"][1].extend(preds)
                    for g, p, mark in zip(d.gold, preds, d.bst, strict=True):
                        if mark:
                            pooled["business/tech/sport"][0].append(g)
                            pooled["business/tech/sport"][1].append(p)
            for key, (gold, preds) in pooled.items():
                if gold:
                    per[key] = {**score_spans(gold, preds), "sentences": len(gold)}
            results[name][case] = per
    return results


def average(per_case: dict[str, dict[str, Any]], domains: Sequence[str]) -> float:
    """The mean micro F1 over ``domains`` and the three cases."""
    vals = [per_case[c][d]["micro"]["f1"] for c in CASES for d in domains if d in per_case[c]]
    return sum(vals) / len(vals) if vals else 0.0


def cross_domain_table(results: dict[str, dict[str, dict[str, Any]]]) -> list[str]:
    """Markdown lines: per system one row per case and an ``all`` row (the mean of the
    three), columns the domains' micro F1 and their average."""
    first = next(iter(results.values()), {})
    domains = [d for d in DOMAINS if d in first.get("cased", {})]
    lines = ["| system | case | " + " | ".join(domains) + " | average |",
             "|---|---|" + "---|" * (len(domains) + 1)]
    for name, per_case in results.items():
        for case in (*CASES, "all"):
            cases = CASES if case == "all" else (case,)
            cells = [sum(per_case[c][d]["micro"]["f1"] for c in cases) / len(cases)
                     for d in domains]
            avg = sum(cells) / len(cells) if cells else 0.0
            label = "**all (mean)**" if case == "all" else case
            row = " | ".join(f"{c:.3f}" for c in cells)
            avg_cell = f"**{avg:.3f}**" if case == "all" else f"{avg:.3f}"
            lines.append(f"| {name} | {label} | {row} | {avg_cell} |")
    return lines


def label_table(results: dict[str, dict[str, dict[str, Any]]]) -> list[str]:
    """Markdown lines: per system and case the PER, ORG and LOC F1 on the new sentences
    (kumparan, CLICK-ID, IndoSum pooled), ORG on their business / tech / sport sentences,
    and ORG on the news 2015 and idner sets."""
    lines = ["| system | case | PER F1 | ORG F1 | LOC F1 | ORG F1, business/tech/sport "
             "| ORG F1, news 2015 | ORG F1, idner |", "|---|---|---|---|---|---|---|---|"]

    def f1(r: dict[str, Any] | None, label: str) -> str:
        if not r:
            return "–"
        return f"{r['per_label'].get(label, {}).get('f1', 0.0):.3f}"

    for name, per_case in results.items():
        for case in CASES:
            r = per_case[case]
            new = r.get("new sentences")
            cells = [f1(new, "PER"), f1(new, "ORG"), f1(new, "LOC"),
                     f1(r.get("business/tech/sport"), "ORG"), f1(r.get("news 2015"), "ORG"),
                     f1(r.get("idner"), "ORG")]
            lines.append(f"| {name} | {case} | " + " | ".join(cells) + " |")
    return lines
