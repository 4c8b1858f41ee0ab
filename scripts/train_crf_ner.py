"""Train the CRF NER shipped in the default pipeline (CRFsuite, gazetteer features).

Usage::

    python scripts/train_crf_ner.py --data ../shared/data/ner --output training/crf \\
        [--c1 0.01] [--c2 0.05] [--max-iterations 150] [--grid]

Train: idner-news-2k train + NERGrit train (labels mapped to PER/ORG/LOC). Model
selection (``--grid``: c1 x c2) on idner-news-2k dev, gold tokens. Writes
``OUTPUT/model.crfsuite`` and ``OUTPUT/metrics.json`` (data sets, licences, parameters, dev
scores, training time).
"""

from __future__ import annotations

import argparse
import itertools
import json
import time
from pathlib import Path

from bkkbn_nlp.corpora import TaggedSentence, read_conll
from bkkbn_nlp.crf_ner import MODEL_FILE, CrfTagger, Featurizer, train_crf
from bkkbn_nlp.evaluation import score_spans

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [
    {"name": "idner-news-2k", "split": "train", "licence": "MIT",
     "citation": "re-annotation of Syaifudin & Nurwidyantoro (2016)"},
    {"name": "nergrit-indonlu", "split": "train", "licence": "Apache-2.0",
     "citation": "NERGrit as redistributed by IndoNLU"},
    {"name": "wilayah (Kepmendagri 2025, cahyadsn)", "split": "gazetteer", "licence": "MIT",
     "citation": "region names in bkkbn_nlp/lang/data/regions.tsv"},
]


def dev_score(model: Path, dev: list[TaggedSentence]) -> dict[str, float]:
    tagger = CrfTagger(model)
    pred = [TaggedSentence(s.words, tuple(tagger.tag(s.words))).spans() for s in dev]
    return score_spans([s.spans() for s in dev], pred)["micro"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "ner")
    parser.add_argument("--output", type=Path, default=ROOT / "training" / "crf")
    parser.add_argument("--c1", type=float, default=0.01)
    parser.add_argument("--c2", type=float, default=0.05)
    parser.add_argument("--max-iterations", type=int, default=150)
    parser.add_argument("--grid", action="store_true", help="choose c1, c2 on dev")
    args = parser.parse_args()

    train = list(read_conll(args.data / "idner-news-2k" / "train.txt"))
    train += list(read_conll(args.data / "nergrit-indonlu" / "train_preprocess.txt"))
    dev = list(read_conll(args.data / "idner-news-2k" / "dev.txt"))
    featurizer = Featurizer()
    grid = {}
    best = (args.c1, args.c2)
    if args.grid:
        for c1, c2 in itertools.product((0.0, 0.01, 0.05), (0.01, 0.05, 0.2)):
            path = train_crf(train, args.output / "grid" / f"{c1}_{c2}.crfsuite", c1=c1, c2=c2,
                             max_iterations=args.max_iterations, featurizer=featurizer)
            grid[f"c1={c1},c2={c2}"] = dev_score(path, dev)["f1"]
            print(f"c1={c1} c2={c2} dev F1={grid[f'c1={c1},c2={c2}']:.4f}")
        key = max(grid, key=lambda k: grid[k])
        best = tuple(float(x.split("=")[1]) for x in key.split(","))  # type: ignore[assignment]
    t = time.perf_counter()
    model = train_crf(train, args.output / MODEL_FILE, c1=best[0], c2=best[1],
                      max_iterations=args.max_iterations, featurizer=featurizer)
    seconds = time.perf_counter() - t
    metrics = {"dev": dev_score(model, dev), "c1": best[0], "c2": best[1],
               "max_iterations": args.max_iterations, "grid": grid, "train_seconds": seconds,
               "train_sentences": len(train), "sources": SOURCES,
               "model_bytes": model.stat().st_size}
    (args.output / "metrics.json").write_text(json.dumps(metrics, indent=2), encoding="utf-8")
    print(json.dumps(metrics["dev"], indent=2))


if __name__ == "__main__":
    main()
