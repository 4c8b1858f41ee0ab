"""Training the CRF entity tagger shipped in the default pipeline from the project's data sets
(``bkkbn-nlp train crf``; ``scripts/train_crf_ner.py`` is a wrapper of it).

Train: idner-news-2k train + NERGrit train (labels mapped to PER/ORG/LOC), optionally with
the idner sentences our annotators reviewed in place of the corpus labels (corrections) and
the 2015 news articles annotated for training (``entities_train_*.jsonl``), cleaned and
tokenized as the pipeline does (:func:`crf_training_data`). Model selection (grid over c1 x
c2) on idner-news-2k dev. Word features from MIT / Apache text only (:func:`build_lexicon`),
so the table may ship with the model. :func:`train_crf_model` writes ``OUTPUT/model.crfsuite``
and returns the ``metrics.json`` record (data sets, licences, parameters, dev scores).
"""

from __future__ import annotations

import itertools
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..entities.corpora import (
    NER_SOURCES,
    REVIEW_SOURCE,
    TaggedSentence,
    apply_corrections,
    news_annotation_source,
    read_conll,
    read_corrections,
    retokenize,
)
from ..entities.crf import (
    LEXICON_FILE,
    MODEL_FILE,
    CrfTagger,
    Featurizer,
    Lexicon,
    train_crf,
    write_lexicon,
)
from ..entities.sentences import case_copies, case_copy, load_sentences, split_sentences
from ..evaluation import score_spans
from ..io.labelled import LabelledDocument
from .trainers import labelled_to_sentences, news_entity_sentences

__all__ = ["SOURCES", "GRID", "CrfData", "dev_score", "kumparan_sentences", "build_lexicon",
           "crf_training_data", "train_crf_model", "case_augment", "sentence_training_data",
           "SENTENCES_SOURCE"]

#: The meta.json entry of the labelled sentences of other outlets and years.
SENTENCES_SOURCE: dict[str, str] = {
    "name": "bkkbn_nlp entity annotations of kumparan, CLICK-ID 2019 and IndoSum 2016-2018 "
            "sentences", "split": "train part (bkkbn_nlp.entities.sentences.split_sentences)",
    "licence": "annotations MIT (project); kumparan MIT; CLICK-ID CC BY 4.0, IndoSum CC BY-SA "
               "4.0 text, used for training only, not redistributed",
    "citation": "data/annotations/entities/sentences, docs/annotation-guidelines.md §2"}

#: the (c1, c2) values tried by ``grid=True``
GRID = ((0.0, 0.01, 0.05), (0.01, 0.05, 0.2))

SOURCES = [
    *NER_SOURCES,
    {"name": "wilayah (Kepmendagri 2025, cahyadsn)", "split": "gazetteer", "licence": "MIT",
     "citation": "region names in bkkbn_nlp/lang/data/regions.tsv"},
]


def dev_score(model: Path, dev: list[TaggedSentence]) -> dict[str, float]:
    """Micro P/R/F1 of the CRF model file on the sentences ``dev`` (their own tokens)."""
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
                  vectors: Path | None = None, log: Callable[[str], None] = print) -> Lexicon:
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
        import spacy
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
    log(f"lexicon: {len(table)} words, columns {columns}")
    return tuple(columns), table


def case_augment(sentences: Sequence[TaggedSentence], *, lower: float = 0.0,
                 upper: float = 0.0, seed: int = 0) -> list[TaggedSentence]:
    """Case-altered copies of a fixed random share of ``sentences``: ``lower`` (0-1) of
    them lower-cased, and, drawn independently, ``upper`` of them upper-cased; tags and
    spaces unchanged."""
    out: list[TaggedSentence] = []
    for mode, share, offset in (("lower", lower, 0), ("upper", upper, 1)):
        for s in case_copies(sentences, share, seed * 2 + offset):
            assert isinstance(s, TaggedSentence)
            out.append(TaggedSentence(tuple(case_copy(w, mode) for w in s.words), s.tags,
                                      s.spaces))
    return out


def sentence_training_data(folder: Path, shared: Path, split: str = "train"
                           ) -> list[TaggedSentence]:
    """The labelled sentences of ``folder`` (``data/annotations/entities/sentences``) in
    ``split`` of :func:`~bkkbn_nlp.entities.sentences.split_sentences`, texts rebuilt from
    ``shared`` (the shared data folder), tokenized and split as the pipeline does."""
    records = split_sentences(load_sentences(folder, shared))[split]
    return labelled_to_sentences(
        LabelledDocument(text=r.text, entities=[{"start": a, "end": b, "label": lab}
                                                for a, b, lab in r.entities])
        for r in records)


@dataclass
class CrfData:
    """The CRF's training sentences (``licensed``: those of MIT / Apache text, for the word
    features), the news sentences among them, the dev sentences and the corrections."""

    train: list[TaggedSentence]
    licensed: list[TaggedSentence]
    dev: list[TaggedSentence]
    news: list[TaggedSentence] = field(default_factory=list)
    corrections: dict[tuple[str, int], TaggedSentence] = field(default_factory=dict)
    sentences: list[TaggedSentence] = field(default_factory=list)
    case_copies: int = 0


def crf_training_data(data: Path, *, corrections: Path | None = None, idner_weight: int = 1,
                      without_nergrit: bool = False, gold_tokens: bool = False,
                      news_train: Sequence[Path] = (), news_weight: int = 1,
                      corpus: Path | None = None, sentences: Path | None = None,
                      sentences_weight: int = 1, lower: float = 0.0, upper: float = 0.0,
                      case_seed: int = 0) -> CrfData:
    """Read the training and dev sentences under ``data`` (idner-news-2k/, nergrit-indonlu/),
    with ``sentences`` the train part of the labelled sentences of other outlets
    (:func:`sentence_training_data`, ``sentences_weight`` times), and case-altered copies
    (:func:`case_augment`: ``lower`` and ``upper`` shares of all training sentences).

    Raises:
        ValueError: ``news_train`` holds no annotated article of ``corpus``, or
            ``sentences`` none whose text is found under ``data``'s parent.
    """
    import spacy

    from ..text.tokenizer import TOKENIZER_CONFIG

    fixes = read_corrections(corrections) if corrections else {}
    train = apply_corrections("train", list(read_conll(data / "idner-news-2k" / "train.txt")),
                              fixes)
    train = train * idner_weight
    if not without_nergrit:
        train += list(read_conll(data / "nergrit-indonlu" / "train_preprocess.txt"))
    make_doc = spacy.blank("id", config=TOKENIZER_CONFIG).make_doc
    if not gold_tokens:
        train = [retokenize(s, make_doc) for s in train]
    licensed = list(train)  # MIT / Apache text only: the word-feature table may ship
    news: list[TaggedSentence] = []
    if news_train:
        news = news_entity_sentences(list(news_train), corpus or Path())
        if not news:
            raise ValueError(f"no annotated articles: {list(map(str, news_train))} / {corpus}")
        train += news * news_weight
    extra: list[TaggedSentence] = []
    if sentences is not None:
        extra = sentence_training_data(sentences, data.parent)
        if not extra:
            raise ValueError(f"no labelled sentences with their texts: {sentences} / "
                             f"{data.parent}")
        train += extra * sentences_weight
    copies = case_augment(train, lower=lower, upper=upper, seed=case_seed)
    train += copies
    dev = apply_corrections("dev", list(read_conll(data / "idner-news-2k" / "dev.txt")), fixes)
    if not gold_tokens:  # scored, and trained on with include_dev, as the train split
        dev = [retokenize(s, make_doc) for s in dev]
    return CrfData(train, licensed, dev, news, fixes, extra, len(copies))


def train_crf_model(sets: CrfData, data: Path, output: Path, *, c1: float = 0.01,
                    c2: float = 0.05, max_iterations: int = 150, scheme: str = "bio",
                    grid: bool = False, lexicon: Sequence[str] = (),
                    vectors: Path | None = None, include_dev: bool = False,
                    idner_weight: int = 1, news_weight: int = 1,
                    without_nergrit: bool = False, gold_tokens: bool = False,
                    corrections: Path | None = None, news_train: Sequence[Path] = (),
                    feature_version: int = 1, org_features: bool = True,
                    augmentation: dict[str, Any] | None = None,
                    log: Callable[[str], None] = print) -> dict[str, Any]:
    """Train ``output/model.crfsuite`` (and ``output/{LEXICON_FILE}`` with ``lexicon``
    columns) on ``sets`` and return the metrics record; ``grid`` first chooses c1 and c2 by
    dev F1. The other arguments are recorded in the metrics."""
    train, dev, columns = sets.train, sets.dev, list(lexicon)
    featurizer = Featurizer(version=feature_version,
                            org_words=None if org_features else ({}, frozenset()))
    if columns:
        featurizer.lexicon = build_lexicon(data, sets.licensed, columns, vectors, log)
        output.mkdir(parents=True, exist_ok=True)
        write_lexicon(featurizer.lexicon, output / LEXICON_FILE)
    scores: dict[str, float] = {}
    best = (c1, c2)
    if grid:
        for g1, g2 in itertools.product(*GRID):
            path = train_crf(train, output / "grid" / f"{g1}_{g2}.crfsuite", c1=g1, c2=g2,
                             max_iterations=max_iterations, featurizer=featurizer,
                             scheme=scheme)
            scores[f"c1={g1},c2={g2}"] = dev_score(path, dev)["f1"]
            log(f"c1={g1} c2={g2} dev F1={scores[f'c1={g1},c2={g2}']:.4f}")
        key = max(scores, key=lambda k: scores[k])
        best = (float(key.split(",")[0].split("=")[1]), float(key.split(",")[1].split("=")[1]))
    t = time.perf_counter()
    model = train_crf(train, output / MODEL_FILE, c1=best[0], c2=best[1],
                      max_iterations=max_iterations, featurizer=featurizer, scheme=scheme)
    seconds = time.perf_counter() - t
    dev_scores = dev_score(model, dev)
    sources = [src for src in SOURCES
               if not (without_nergrit and src["name"] == "nergrit-indonlu")]
    if columns:
        sources.append({"name": "kumparan-nlp-id", "split": "all", "licence": "MIT",
                        "citation": f"word features {columns} in {LEXICON_FILE}"})
    if sets.corrections:
        sources.append(REVIEW_SOURCE)
    if sets.news:
        sources.append(news_annotation_source(len(sets.news), news_weight))
    if sets.sentences:
        sources.append({**SENTENCES_SOURCE,
                        "split": f"{SENTENCES_SOURCE['split']}: {len(sets.sentences)} "
                                 "sentences"})
    if include_dev:
        aug = augmentation or {}
        dev_copies = case_augment(dev * idner_weight, lower=aug.get("lower", 0.0),
                                  upper=aug.get("upper", 0.0), seed=aug.get("seed", 0))
        model = train_crf(train + dev * idner_weight + dev_copies, output / MODEL_FILE,
                          c1=best[0],
                          c2=best[1], max_iterations=max_iterations, featurizer=featurizer,
                          scheme=scheme)
        sources.insert(1, {**NER_SOURCES[0], "split": "dev"})
    return {"dev": dev_scores, "dev_model": "train only" if include_dev else "this model",
            "final_training": "train + idner dev" if include_dev else "train",
            "c1": best[0], "c2": best[1],
            "max_iterations": max_iterations, "scheme": scheme, "grid": scores,
            "train_seconds": seconds,
            "train_sentences": len(train), "idner_weight": idner_weight,
            "sources": sources,
            "tokens": "gold" if gold_tokens else "bkkbn_nlp tokenizer (retokenized)",
            "corrections": (f"{corrections} ({len(sets.corrections)} sentences)"
                            if corrections else None),
            "news_train": (f"{' '.join(map(str, news_train))} ({len(sets.news)} sentences "
                           f"x{news_weight})" if sets.news else None),
            "lexicon": columns, "vectors": str(vectors) if vectors else None,
            "feature_version": feature_version,
            "org_features": feature_version >= 2 and org_features, "case_copies": sets.case_copies,
            "augmentation": augmentation or {},
            "model_bytes": model.stat().st_size}
