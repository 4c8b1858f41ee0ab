"""Train the CRF NER shipped in the default pipeline (CRFsuite, gazetteer features).

Run it when the NER training data change (a new review or annotation round) or to try
features and parameters, before ``scripts/build_default_pipeline.py --crf``; ``bkkbn-nlp
train ner`` trains a CRF from any labelled files, this script the shipped model from the
project's data sets.

Usage::

    python scripts/train_crf_ner.py --data ../shared/data/ner --output training/crf \\
        [--c1 0.01] [--c2 0.05] [--max-iterations 150] [--grid] [--include-dev] \\
        [--lexicon pos,nnp,cap] [--vectors training/vectors/spacy --lexicon c100,c400] \\
        [--corrections data/annotations/idner/corrections.jsonl] \\
        [--news-train data/annotations/entities/train [--news-weight 2]]

Train: idner-news-2k train + NERGrit train (labels mapped to PER/ORG/LOC). Model
selection (``--grid``: c1 x c2) on idner-news-2k dev, gold tokens. With ``--corrections``,
the idner train and dev sentences our annotators reviewed (docs/annotation-guidelines.md §7)
replace the corpus's own labels, in training and in the dev score. With ``--news-train``,
the articles of the 2015 news corpus our annotators labelled for training
(``entities_train_*.jsonl``, scripts/news_ner_annotate.py: business, sport, technology and
lifestyle news as well as national news) are added, cleaned and tokenized as the pipeline
does, ``--news-weight`` times. Writes
``OUTPUT/model.crfsuite`` and ``OUTPUT/metrics.json`` (data sets, licences, parameters, dev
scores, training time).
"""

from __future__ import annotations

import argparse
import itertools
import json
import time
from collections import Counter, defaultdict
from pathlib import Path

import spacy

from bkkbn_nlp.entities.corpora import (
    NER_SOURCES,
    REVIEW_SOURCE,
    TaggedSentence,
    apply_corrections,
    news_annotation_source,
    read_conll,
    read_corrections,
    retokenize,
)
from bkkbn_nlp.entities.crf import (
    LEXICON_FILE,
    MODEL_FILE,
    SCHEMES,
    CrfTagger,
    Featurizer,
    Lexicon,
    train_crf,
    write_lexicon,
)
from bkkbn_nlp.evaluation import score_spans
from bkkbn_nlp.pipeline import TOKENIZER_CONFIG
from bkkbn_nlp.training import news_entity_sentences

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "data" / "news" / "indonesian-news-corpus-2015.jsonl"
SOURCES = [
    *NER_SOURCES,
    {"name": "wilayah (Kepmendagri 2025, cahyadsn)", "split": "gazetteer", "licence": "MIT",
     "citation": "region names in bkkbn_nlp/lang/data/regions.tsv"},
]


def dev_score(model: Path, dev: list[TaggedSentence]) -> dict[str, float]:
    tagger = CrfTagger(model)
    pred = [TaggedSentence(s.words, tuple(tagger.tag(s.words, s.spaces))).spans() for s in dev]
    return score_spans([s.spans() for s in dev], pred)["micro"]


def _bucket(fraction: float) -> str:
    return "0" if fraction < 0.05 else "lo" if fraction < 0.5 else "hi" if fraction < 0.95 else "1"


def kumparan_sentences(data: Path) -> list[list[tuple[str, str]]]:
    """The kumparan POS corpus (MIT) as sentences of ``(word, tag)``."""
    path = data.parent / "pos" / "kumparan-nlp-id" / "dataset_postag.txt"
    out: list[list[tuple[str, str]]] = []
    sent: list[tuple[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if len(cols) < 2 or not cols[0].strip():
            if sent:
                out.append(sent)
                sent = []
            continue
        sent.append((cols[0], cols[1].upper()))
    if sent:
        out.append(sent)
    return out


def build_lexicon(data: Path, train: list[TaggedSentence], columns: list[str],
                  vectors: Path | None = None) -> Lexicon:
    """Word-level features from text other than the NER labels (MIT / Apache sources only,
    so the table may ship with the model):

    * ``pos``: the word's most frequent tag in the kumparan POS corpus;
    * ``nnp``: how often kumparan tags the word NNP (proper noun), bucketed;
    * ``cap``: how often the word is capitalised inside a sentence (not first), bucketed,
      counted over kumparan and the words (not the labels) of the NER train splits;
    * ``c100``, ``c400``: k-means clusters of the word's vectors (``--vectors``).

    Words seen fewer than 3 times get no value.
    """
    tags: dict[str, Counter[str]] = defaultdict(Counter)
    caps: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    kumparan = kumparan_sentences(data)
    word_lists = [[w for w, _ in s] for s in kumparan] + [list(s.words) for s in train]
    for sent in kumparan:
        for w, t in sent:
            tags[w.lower()][t] += 1
    for words in word_lists:
        for w in words[1:]:
            if w[:1].isalpha():
                c = caps[w.lower()]
                c[0] += 1
                c[1] += w[:1].isupper()
    words = sorted(set(tags) | set(caps))
    values: dict[str, dict[str, str]] = {w: {} for w in words}
    for w in words:
        counts = tags.get(w)
        if counts is not None and sum(counts.values()) >= 3:
            values[w]["pos"] = counts.most_common(1)[0][0]
            values[w]["nnp"] = _bucket(counts["NNP"] / sum(counts.values()))
        cap = caps.get(w)
        if cap is not None and cap[0] >= 3:
            values[w]["cap"] = _bucket(cap[1] / cap[0])
    if vectors is not None and any(c.startswith("c") and c[1:].isdigit() for c in columns):
        import numpy
        from sklearn.cluster import MiniBatchKMeans

        vocab = spacy.load(vectors).vocab
        keep = [w for w in words if any(ch.isalpha() for ch in w)
                and sum(tags.get(w, Counter()).values()) + caps.get(w, [0])[0] >= 3]
        matrix = numpy.array([vocab.get_vector(w) for w in keep], dtype="float32")
        matrix /= numpy.linalg.norm(matrix, axis=1, keepdims=True) + 1e-8
        for col in columns:
            if col.startswith("c") and col[1:].isdigit():
                km = MiniBatchKMeans(n_clusters=int(col[1:]), random_state=0, n_init=3,
                                     batch_size=4096)
                for w, cid in zip(keep, km.fit_predict(matrix), strict=True):
                    values[w][col] = str(cid)
    table = {w: tuple(v.get(c, "") for c in columns) for w, v in values.items()
             if any(v.get(c) for c in columns)}
    print(f"lexicon: {len(table)} words, columns {columns}")
    return tuple(columns), table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "ner")
    parser.add_argument("--output", type=Path, default=ROOT / "training" / "crf")
    parser.add_argument("--c1", type=float, default=0.01)
    parser.add_argument("--c2", type=float, default=0.05)
    parser.add_argument("--max-iterations", type=int, default=150)
    parser.add_argument("--scheme", choices=SCHEMES, default="bio",
                        help="tags the CRF learns: BIO, or spaCy's BILUO (the tagger returns "
                             "BIO either way)")
    parser.add_argument("--grid", action="store_true", help="choose c1, c2 on dev")
    parser.add_argument("--vectors", type=Path, default=None,
                        help="spaCy vectors directory (scripts/train_vectors.py), for the "
                             "cluster columns of --lexicon (k-means over the vectors)")
    parser.add_argument("--lexicon", default="",
                        help="word-feature columns (pos, nnp, cap, c<K> with --vectors); "
                             "'' for none")
    parser.add_argument("--include-dev", action="store_true",
                        help="after choosing the parameters, train the final model on the train "
                             "and dev splits (the dev scores in metrics.json are then those of "
                             "the train-only model with the same parameters)")
    parser.add_argument("--gold-tokens", action="store_true",
                        help="train on the corpora's own tokens instead of re-tokenizing the "
                             "sentences with the bkkbn_nlp tokenizer")
    parser.add_argument("--corrections", type=Path, default=None,
                        help="reviewed idner train/dev sentences (scripts/idner_review.py "
                             "import), used in place of the corpus labels")
    parser.add_argument("--without-nergrit", action="store_true",
                        help="train on idner-news-2k alone, without NERGrit train (an "
                             "ablation; the shipped model uses both)")
    parser.add_argument("--news-train", type=Path, nargs="+", default=None,
                        help="entities_train_*.jsonl files, or folders of them (hand-labelled "
                             "2015 news articles, scripts/news_ner_annotate.py), to train on "
                             "as well")
    parser.add_argument("--news-weight", type=int, default=1,
                        help="how many times the --news-train sentences are repeated")
    parser.add_argument("--idner-weight", type=int, default=1,
                        help="how many times the idner-news-2k sentences are repeated "
                             "(train, and dev with --include-dev)")
    parser.add_argument("--corpus", type=Path, default=CORPUS,
                        help="the 2015 news corpus the --news-train offsets point into")
    args = parser.parse_args()

    corrections = read_corrections(args.corrections) if args.corrections else {}
    train = apply_corrections("train", list(read_conll(args.data / "idner-news-2k" / "train.txt")),
                              corrections)
    train = train * args.idner_weight
    if not args.without_nergrit:
        train += list(read_conll(args.data / "nergrit-indonlu" / "train_preprocess.txt"))
    make_doc = spacy.blank("id", config=TOKENIZER_CONFIG).make_doc
    if not args.gold_tokens:
        train = [retokenize(s, make_doc) for s in train]
    licensed = list(train)  # MIT / Apache text only: the word-feature table may ship
    news: list[TaggedSentence] = []
    if args.news_train:
        news = news_entity_sentences(args.news_train, args.corpus)
        if not news:
            parser.error(f"no annotated articles: {args.news_train} / {args.corpus}")
        train += news * args.news_weight
    dev = apply_corrections("dev", list(read_conll(args.data / "idner-news-2k" / "dev.txt")),
                            corrections)
    if not args.gold_tokens:  # scored, and trained on with --include-dev, as the train split
        dev = [retokenize(s, make_doc) for s in dev]
    featurizer = Featurizer()
    columns = [c for c in args.lexicon.split(",") if c]
    if columns:
        featurizer.lexicon = build_lexicon(args.data, licensed, columns, args.vectors)
        args.output.mkdir(parents=True, exist_ok=True)
        write_lexicon(featurizer.lexicon, args.output / LEXICON_FILE)
    grid = {}
    best = (args.c1, args.c2)
    if args.grid:
        for c1, c2 in itertools.product((0.0, 0.01, 0.05), (0.01, 0.05, 0.2)):
            path = train_crf(train, args.output / "grid" / f"{c1}_{c2}.crfsuite", c1=c1, c2=c2,
                             max_iterations=args.max_iterations, featurizer=featurizer,
                      scheme=args.scheme)
            grid[f"c1={c1},c2={c2}"] = dev_score(path, dev)["f1"]
            print(f"c1={c1} c2={c2} dev F1={grid[f'c1={c1},c2={c2}']:.4f}")
        key = max(grid, key=lambda k: grid[k])
        best = tuple(float(x.split("=")[1]) for x in key.split(","))  # type: ignore[assignment]
    t = time.perf_counter()
    model = train_crf(train, args.output / MODEL_FILE, c1=best[0], c2=best[1],
                      max_iterations=args.max_iterations, featurizer=featurizer,
                      scheme=args.scheme)
    seconds = time.perf_counter() - t
    dev_scores = dev_score(model, dev)
    sources = [src for src in SOURCES
               if not (args.without_nergrit and src["name"] == "nergrit-indonlu")]
    if columns:
        sources.append({"name": "kumparan-nlp-id", "split": "all", "licence": "MIT",
                        "citation": f"word features {columns} in {LEXICON_FILE}"})
    if corrections:
        sources.append(REVIEW_SOURCE)
    if news:
        sources.append(news_annotation_source(len(news), args.news_weight))
    if args.include_dev:
        model = train_crf(train + dev * args.idner_weight, args.output / MODEL_FILE,
                          c1=best[0], c2=best[1],
                          max_iterations=args.max_iterations, featurizer=featurizer,
                          scheme=args.scheme)
        sources.insert(1, {**NER_SOURCES[0], "split": "dev"})
    metrics = {"dev": dev_scores, "dev_model": "train only" if args.include_dev else "this model",
               "final_training": "train + idner dev" if args.include_dev else "train",
               "c1": best[0], "c2": best[1],
               "max_iterations": args.max_iterations, "scheme": args.scheme, "grid": grid,
               "train_seconds": seconds,
               "train_sentences": len(train), "idner_weight": args.idner_weight,
               "sources": sources,
               "tokens": "gold" if args.gold_tokens else "bkkbn_nlp tokenizer (retokenized)",
               "corrections": (f"{args.corrections} ({len(corrections)} sentences)"
                               if args.corrections else None),
               "news_train": (f"{' '.join(map(str, args.news_train))} ({len(news)} sentences "
                               f"x{args.news_weight})"
                              if news else None),
               "lexicon": columns, "vectors": str(args.vectors) if args.vectors else None,
               "model_bytes": model.stat().st_size}
    (args.output / "metrics.json").write_text(json.dumps(metrics, indent=2), encoding="utf-8")
    print(json.dumps(metrics["dev"], indent=2))


if __name__ == "__main__":
    main()
