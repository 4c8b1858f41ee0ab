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

import spacy

from bkkbn_nlp.corpora import NER_SOURCES, TaggedSentence, read_conll, retokenize
from bkkbn_nlp.crf_ner import CLUSTERS_FILE, MODEL_FILE, CrfTagger, Featurizer, train_crf
from bkkbn_nlp.evaluation import score_spans
from bkkbn_nlp.pipeline import TOKENIZER_CONFIG

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [
    *NER_SOURCES,
    {"name": "wilayah (Kepmendagri 2025, cahyadsn)", "split": "gazetteer", "licence": "MIT",
     "citation": "region names in bkkbn_nlp/lang/data/regions.tsv"},
]


def dev_score(model: Path, dev: list[TaggedSentence]) -> dict[str, float]:
    tagger = CrfTagger(model)
    pred = [TaggedSentence(s.words, tuple(tagger.tag(s.words))).spans() for s in dev]
    return score_spans([s.spans() for s in dev], pred)["micro"]


def build_clusters(vectors: Path, train: list[TaggedSentence], data: Path,
                   output: Path) -> dict[str, tuple[str, ...]]:
    """Cluster the vectors of the words of MIT/Apache-licensed sources (the NER train
    splits and the kumparan POS corpus) with k-means at two granularities; write the
    ``word<TAB>c100<TAB>c400`` table beside the model."""
    import numpy
    from sklearn.cluster import MiniBatchKMeans

    counts: dict[str, int] = {}
    for s in train:
        for w in s.words:
            counts[w.lower()] = counts.get(w.lower(), 0) + 1
    kumparan = data.parent / "pos" / "kumparan-nlp-id" / "dataset_postag.txt"
    if kumparan.exists():
        for line in kumparan.read_text(encoding="utf-8").splitlines():
            if line.strip():
                w = line.split("\t")[0].lower()
                counts[w] = counts.get(w, 0) + 1
    words = sorted(w for w, c in counts.items() if c >= 2 and any(ch.isalpha() for ch in w))
    vocab = spacy.load(vectors).vocab
    matrix = numpy.array([vocab.get_vector(w) for w in words], dtype="float32")
    matrix /= numpy.linalg.norm(matrix, axis=1, keepdims=True) + 1e-8
    ids = []
    for k in (100, 400):
        km = MiniBatchKMeans(n_clusters=k, random_state=0, n_init=3, batch_size=4096)
        ids.append(km.fit_predict(matrix))
    table = {w: tuple(str(c[i]) for c in ids) for i, w in enumerate(words)}
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text("".join(f"{w}\t" + "\t".join(c) + "\n" for w, c in table.items()),
                      encoding="utf-8")
    print(f"clusters: {len(table)} words")
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "ner")
    parser.add_argument("--output", type=Path, default=ROOT / "training" / "crf")
    parser.add_argument("--c1", type=float, default=0.01)
    parser.add_argument("--c2", type=float, default=0.05)
    parser.add_argument("--max-iterations", type=int, default=150)
    parser.add_argument("--grid", action="store_true", help="choose c1, c2 on dev")
    parser.add_argument("--vectors", type=Path, default=None,
                        help="spaCy vectors directory (scripts/train_vectors.py): adds word "
                             "cluster features (k-means over the vectors)")
    parser.add_argument("--gold-tokens", action="store_true",
                        help="train on the corpora's own tokens instead of re-tokenizing the "
                             "sentences with the bkkbn_nlp tokenizer")
    args = parser.parse_args()

    train = list(read_conll(args.data / "idner-news-2k" / "train.txt"))
    train += list(read_conll(args.data / "nergrit-indonlu" / "train_preprocess.txt"))
    if not args.gold_tokens:
        make_doc = spacy.blank("id", config=TOKENIZER_CONFIG).make_doc
        train = [retokenize(s, make_doc) for s in train]
    dev = list(read_conll(args.data / "idner-news-2k" / "dev.txt"))
    featurizer = Featurizer()
    if args.vectors is not None:
        featurizer.clusters = build_clusters(args.vectors, train, args.data,
                                             args.output / CLUSTERS_FILE)
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
               "tokens": "gold" if args.gold_tokens else "bkkbn_nlp tokenizer (retokenized)",
               "clusters": str(args.vectors) if args.vectors else None,
               "model_bytes": model.stat().st_size}
    (args.output / "metrics.json").write_text(json.dumps(metrics, indent=2), encoding="utf-8")
    print(json.dumps(metrics["dev"], indent=2))


if __name__ == "__main__":
    main()
