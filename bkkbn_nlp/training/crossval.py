"""Cross-validating the CRF on idner-news-2k train + dev, for choices dev alone cannot settle
(``bkkbn-nlp train crossval``; ``scripts/crossval_crf_ner.py`` is a wrapper of it).

The idner dev split (367 sentences, about 650 entities) moves by about ±0.01 between models,
too little to see how the news training articles trade idner's conventions against ours.
:func:`idner_folds` cuts the idner train and dev sentences into ``k`` folds
(``random.Random(seed)``); :func:`crossval_crf`, for each fold and each news weight W, trains
a CRF on the other folds + NERGrit train + the news articles W times (W = 0: none), and
scores CRF + entity rules on the held-out fold as raw text, against the reviewed labels and
against the labels as published (the convention of the test split, never read here).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ..entities.corpora import (
    TaggedSentence,
    apply_corrections,
    read_conll,
    read_corrections,
    retokenize,
)
from ..entities.crf import LEXICON_FILE, Featurizer, train_crf, write_lexicon
from ..evaluation import evaluate_ner_conll, prf
from ..evaluation.ner import crf_pipeline
from .crf import build_lexicon

__all__ = ["idner_folds", "fold_model", "crossval_crf", "crossval_table"]

LABELS = ("PER", "ORG", "LOC")


def idner_folds(idner: Path, corrections: Path, k: int, seed: int) -> tuple[
        list[TaggedSentence], list[TaggedSentence], list[int], list[list[int]]]:
    """idner train + dev as published and as reviewed, the shuffled sentence order, and the
    ``k`` folds (sorted sentence indices) cut from it with ``random.Random(seed)``."""
    fixes = read_corrections(corrections)
    published: list[TaggedSentence] = []
    reviewed: list[TaggedSentence] = []
    for split in ("train", "dev"):
        sents = list(read_conll(idner / f"{split}.txt"))
        published += sents
        reviewed += apply_corrections(split, sents, fixes)
    order = list(range(len(reviewed)))
    random.Random(seed).shuffle(order)
    return published, reviewed, order, [sorted(order[j::k]) for j in range(k)]


def fold_model(output: Path, weight: int, k: int) -> Path:
    """Where fold ``k``'s CRF for news weight ``weight`` is written (one folder a fold: a
    word-feature table, ``lexicon``, is read from beside its model)."""
    return output / f"w{weight}_f{k}" / "model.crfsuite"


def crossval_crf(data: Path, corrections: Path, output: Path, *, folds: int = 3, seed: int = 0,
                 news_weights: Sequence[int] = (0, 1, 3),
                 news: Sequence[TaggedSentence] = (), c1: float = 0.01, c2: float = 0.01,
                 max_iterations: int = 150, scheme: str = "bio", lexicon: Sequence[str] = (),
                 idner_weight: int = 1, log: Callable[[str], None] = print
                 ) -> tuple[dict[str, Any], int]:
    """The scores ``{"news xW": {"folds", "reviewed", "published", "per_label"}}`` of every
    news weight and the number of idner sentences; the fold models go under ``output``.

    Raises:
        ValueError: A news weight above 0 without ``news`` sentences.
    """
    import spacy

    from ..text.tokenizer import TOKENIZER_CONFIG

    if any(news_weights) and not news:
        raise ValueError("a news weight above 0 needs --news-train articles")
    columns = list(lexicon)
    published, reviewed, order, cuts = idner_folds(data / "idner-news-2k", corrections,
                                                   folds, seed)
    make_doc = spacy.blank("id", config=TOKENIZER_CONFIG).make_doc
    nergrit = [retokenize(s, make_doc)
               for s in read_conll(data / "nergrit-indonlu" / "train_preprocess.txt")]
    results: dict[str, Any] = {}
    for weight in news_weights:
        counts = {"reviewed": [0, 0, 0], "published": [0, 0, 0]}
        by_label = {name: {lab: [0, 0, 0] for lab in LABELS} for name in counts}
        per_fold = []
        for k, held in enumerate(cuts):
            held_set = set(held)
            train = [retokenize(reviewed[i], make_doc) for i in order if i not in held_set]
            train = train * idner_weight + nergrit
            licensed = list(train)  # the word-feature table is built from these only
            train += list(news) * weight
            featurizer = Featurizer()
            path = fold_model(output, weight, k)
            if columns:
                path.parent.mkdir(parents=True, exist_ok=True)
                featurizer.lexicon = build_lexicon(data, licensed, columns, log=log)
                write_lexicon(featurizer.lexicon, path.with_name(LEXICON_FILE))
            model = train_crf(train, path, c1=c1, c2=c2, max_iterations=max_iterations,
                              featurizer=featurizer, scheme=scheme)
            nlp = crf_pipeline(model, rules=True)
            fold: dict[str, float] = {}
            for name, sents in (("reviewed", reviewed), ("published", published)):
                scores = evaluate_ner_conll(nlp, [sents[i] for i in held], raw_text=True)
                r = scores["micro"]
                for c, key in enumerate(("tp", "fp", "fn")):
                    counts[name][c] += r[key]
                    for lab, per in scores["per_label"].items():
                        by_label[name][lab][c] += per[key]
                fold[name] = r["f1"]
            per_fold.append(fold)
            log(f"news x{weight} fold {k}: reviewed {fold['reviewed']:.3f}, "
                f"published {fold['published']:.3f}")
        results[f"news x{weight}"] = {
            "folds": per_fold,
            **{name: prf(*c) for name, c in counts.items()},
            "per_label": {name: {lab: prf(*c) for lab, c in labs.items()}
                          for name, labs in by_label.items()}}
    return results, len(reviewed)


def crossval_table(results: dict[str, Any], sentences: int, *, folds: int, c1: float, c2: float,
                   max_iterations: int, scheme: str) -> str:
    """The summary printed after a run: one row per news weight, micro F1 against the
    reviewed and the published labels, and the published F1 per label."""
    lines = [f"\n{folds}-fold CV over idner-news-2k train + dev "
             f"({sentences} sentences), CRF + rules (c1 {c1}, c2 {c2}, "
             f"{max_iterations} iterations, {scheme.upper()} tags), raw text, micro F1:",
             "| CRF trained with | reviewed labels | published labels | published PER / ORG / LOC |"
             "\n|---|---|---|---|"]
    for name, r in results.items():
        per = " / ".join(f"{r['per_label']['published'][lab]['f1']:.3f}" for lab in LABELS)
        lines.append(f"| {name} | {r['reviewed']['f1']:.3f} | {r['published']['f1']:.3f} "
                     f"| {per} |")
    return "\n".join(lines)
