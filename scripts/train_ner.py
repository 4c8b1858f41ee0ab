"""Train the statistical NER (spaCy CNN) on idner-news-2k and NERGrit.

Run it when the NER training data change, to train the spaCy CNN compared with the CRF
in docs/ner-results.md (``bkkbn-nlp evaluate ner --model spacy-cnn=OUTPUT/model-best``).

Usage::

    python scripts/train_ner.py --data ../shared/data/ner --output training/ner \\
        [--config configs/ner.cfg] [--seed 0] [--max-steps 8000] \\
        [--corrections data/annotations/idner/corrections.jsonl] \\
        [--news-train data/annotations/entities/train [--news-weight 2]]

Train: idner-news-2k train + NERGrit train (labels mapped to PER/ORG/LOC). Model
selection: idner-news-2k dev. ``--corrections`` and ``--news-train`` add our reviewed idner
labels and hand-labelled news articles, as for ``scripts/train_crf_ner.py``. The best
model is written to ``OUTPUT/model-best`` and ``OUTPUT/metrics.json`` records the data
sets, their licences and the dev scores.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

import spacy
from spacy.cli.train import train

import bkkbn_nlp.pipeline  # noqa: F401  (registers our tokenizer and components)
from bkkbn_nlp.entities.corpora import (
    NER_SOURCES,
    REVIEW_SOURCE,
    TaggedSentence,
    apply_corrections,
    news_annotation_source,
    read_conll,
    read_corrections,
    to_docbin,
)
from bkkbn_nlp.training import news_entity_sentences

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "data" / "news" / "indonesian-news-corpus-2015.jsonl"

SOURCES = NER_SOURCES


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "ner")
    parser.add_argument("--output", type=Path, default=ROOT / "training" / "ner")
    parser.add_argument("--config", type=Path, default=ROOT / "configs" / "ner.cfg")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--max-steps", type=int, default=8000)
    parser.add_argument("--no-nergrit", action="store_true", help="train on idner only")
    parser.add_argument("--vectors", type=Path, default=None,
                        help="spaCy vectors directory (scripts/train_vectors.py); use with "
                             "configs/ner_vectors.cfg")
    parser.add_argument("--corrections", type=Path, default=None,
                        help="reviewed idner train/dev sentences (scripts/idner_review.py)")
    parser.add_argument("--news-train", type=Path, nargs="+", default=None,
                        help="entities_train_*.jsonl files or folders of them "
                             "(scripts/news_ner_annotate.py)")
    parser.add_argument("--news-weight", type=int, default=1)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args()

    random.seed(args.seed)
    corpus = args.output / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    vocab = spacy.blank("id", config=bkkbn_nlp.pipeline.TOKENIZER_CONFIG).vocab
    corrections = read_corrections(args.corrections) if args.corrections else {}
    train_sents = apply_corrections(
        "train", list(read_conll(args.data / "idner-news-2k" / "train.txt")), corrections)
    if not args.no_nergrit:
        train_sents += list(read_conll(args.data / "nergrit-indonlu" / "train_preprocess.txt"))
    news: list[TaggedSentence] = []
    if args.news_train:
        news = news_entity_sentences(args.news_train, args.corpus)
        train_sents += news * args.news_weight
    dev_sents = apply_corrections(
        "dev", list(read_conll(args.data / "idner-news-2k" / "dev.txt")), corrections)
    random.Random(args.seed).shuffle(train_sents)
    to_docbin(train_sents, vocab).to_disk(corpus / "train.spacy")
    to_docbin(dev_sents, vocab).to_disk(corpus / "dev.spacy")
    print(f"train: {len(train_sents)} sentences; dev: {len(dev_sents)} sentences")

    overrides: dict[str, object] = {
        "paths.train": str(corpus / "train.spacy"),
        "paths.dev": str(corpus / "dev.spacy"),
        "system.seed": args.seed,
        "training.max_steps": args.max_steps,
        "training.eval_frequency": 400,
    }
    if args.vectors is not None:
        overrides["paths.vectors"] = str(args.vectors)
    train(args.config, args.output, overrides=overrides)
    best = args.output / "model-best"
    meta = json.loads((best / "meta.json").read_text(encoding="utf-8"))
    sources = list(SOURCES if not args.no_nergrit else SOURCES[:1])
    if corrections:
        sources.append(REVIEW_SOURCE)
    if news:
        sources.append(news_annotation_source(len(news), args.news_weight))
    metrics = {"dev": {k: v for k, v in meta.get("performance", {}).items()
                       if k.startswith("ents")},
               "sources": sources, "seed": args.seed, "max_steps": args.max_steps,
               "config": str(args.config),
               "corrections": str(args.corrections) if args.corrections else None,
               "news_train": [str(p) for p in args.news_train] if args.news_train else None,
               "news_weight": args.news_weight,
               "vectors": str(args.vectors) if args.vectors else None}
    (args.output / "metrics.json").write_text(json.dumps(metrics, indent=2), encoding="utf-8")
    print(json.dumps(metrics["dev"], indent=2))


if __name__ == "__main__":
    main()
