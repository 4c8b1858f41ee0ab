"""Cross-validate the CRF on idner-news-2k train + dev, for choices dev alone cannot settle.

Run it before choosing the CRF's training data or weights (``--news-weight``,
``--corrections``) for a new model, when dev scores cannot tell the options apart; it writes
the fold models ``scripts/audit_entity_rules.py`` reads.

The idner dev split (367 sentences, about 650 entities) moves by about ±0.01 between
models, too little to see how the news training articles (``--news-train``) trade idner's
conventions against ours. This script cuts the idner train and dev sentences into ``K``
folds (``random.Random(seed)``); for each fold and each ``--news-weight`` W it trains a CRF
on the other folds + NERGrit train + the news articles W times (W = 0: none), and scores
CRF + entity rules on the held-out fold as raw text, against the reviewed labels
(``--corrections``) and against the labels as published (the convention of the test
split, which this script never reads). Prints one row per weight (micro F1 over all folds'
entities) and writes the per-fold figures as JSON.

Usage::

    python scripts/crossval_crf_ner.py --folds 3 --news-weight 0 1 3 \\
        --corrections data/annotations/idner/corrections.jsonl \\
        --news-train data/annotations/entities/train --output training/crossval
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path
from typing import Any

import spacy

from bkkbn_nlp.entities.corpora import (
    TaggedSentence,
    apply_corrections,
    read_conll,
    read_corrections,
    retokenize,
)
from bkkbn_nlp.entities.crf import LEXICON_FILE, SCHEMES, Featurizer, train_crf, write_lexicon
from bkkbn_nlp.evaluation import evaluate_ner_conll, prf
from bkkbn_nlp.evaluation.ner import crf_pipeline
from bkkbn_nlp.pipeline import TOKENIZER_CONFIG
from bkkbn_nlp.training import news_entity_sentences
from bkkbn_nlp.training.crf import build_lexicon

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "data" / "news" / "indonesian-news-corpus-2015.jsonl"


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
    word-feature table, ``--lexicon``, is read from beside its model)."""
    return output / f"w{weight}_f{k}" / "model.crfsuite"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "ner")
    parser.add_argument("--folds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--news-weight", type=int, nargs="+", default=[0, 1, 3])
    parser.add_argument("--news-train", type=Path, nargs="+", default=None)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--corrections", type=Path, required=True)
    parser.add_argument("--c1", type=float, default=0.01)
    parser.add_argument("--c2", type=float, default=0.01)
    parser.add_argument("--max-iterations", type=int, default=150)
    parser.add_argument("--scheme", choices=SCHEMES, default="bio",
                        help="tags the CRF learns (BIO, or spaCy's BILUO)")
    parser.add_argument("--lexicon", default="",
                        help="word-feature columns, as for train_crf_ner.py (pos,nnp,cap), "
                             "built per fold from kumparan and the fold's training words")
    parser.add_argument("--idner-weight", type=int, default=1,
                        help="how many times the idner training folds are repeated")
    parser.add_argument("--output", type=Path, default=ROOT / "training" / "crossval")
    args = parser.parse_args()
    columns = [c for c in args.lexicon.split(",") if c]

    published, reviewed, order, folds = idner_folds(
        args.data / "idner-news-2k", args.corrections, args.folds, args.seed)
    make_doc = spacy.blank("id", config=TOKENIZER_CONFIG).make_doc
    nergrit = [retokenize(s, make_doc)
               for s in read_conll(args.data / "nergrit-indonlu" / "train_preprocess.txt")]
    news = news_entity_sentences(args.news_train, args.corpus) if args.news_train else []
    if any(args.news_weight) and not news:
        parser.error("a news weight above 0 needs --news-train articles")
    results: dict[str, Any] = {}
    for weight in args.news_weight:
        counts = {"reviewed": [0, 0, 0], "published": [0, 0, 0]}
        by_label = {name: {lab: [0, 0, 0] for lab in ("PER", "ORG", "LOC")}
                    for name in counts}
        per_fold = []
        for k, held in enumerate(folds):
            held_set = set(held)
            train = [retokenize(reviewed[i], make_doc) for i in order if i not in held_set]
            train = train * args.idner_weight + nergrit
            licensed = list(train)  # the word-feature table is built from these only
            train += news * weight
            featurizer = Featurizer()
            path = fold_model(args.output, weight, k)
            if columns:
                path.parent.mkdir(parents=True, exist_ok=True)
                featurizer.lexicon = build_lexicon(args.data, licensed, columns)
                write_lexicon(featurizer.lexicon, path.with_name(LEXICON_FILE))
            model = train_crf(train, path, c1=args.c1, c2=args.c2,
                              max_iterations=args.max_iterations,
                              featurizer=featurizer, scheme=args.scheme)
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
            print(f"news x{weight} fold {k}: reviewed {fold['reviewed']:.3f}, "
                  f"published {fold['published']:.3f}", flush=True)
        results[f"news x{weight}"] = {
            "folds": per_fold,
            **{name: prf(*c) for name, c in counts.items()},
            "per_label": {name: {lab: prf(*c) for lab, c in labs.items()}
                          for name, labs in by_label.items()}}
    print(f"\n{args.folds}-fold CV over idner-news-2k train + dev "
          f"({len(reviewed)} sentences), CRF + rules (c1 {args.c1}, c2 {args.c2}, "
          f"{args.max_iterations} iterations, {args.scheme.upper()} tags), raw text, micro F1:")
    print("| CRF trained with | reviewed labels | published labels | published PER / ORG / LOC |"
          "\n|---|---|---|---|")
    for name, r in results.items():
        per = " / ".join(f"{r['per_label']['published'][lab]['f1']:.3f}"
                         for lab in ("PER", "ORG", "LOC"))
        print(f"| {name} | {r['reviewed']['f1']:.3f} | {r['published']['f1']:.3f} | {per} |")
    args.output.mkdir(parents=True, exist_ok=True)
    (args.output / "crossval.json").write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
