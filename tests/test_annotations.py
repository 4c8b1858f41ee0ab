"""The team's annotation files are well formed and their spans point at the right text.

The label checks need only the repository; the span checks read the 2015 news corpus from
``../shared/data`` (never copied into the repository) and are skipped without it.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

import pytest

import bkkbn_nlp
from bkkbn_nlp.io.schema import TOPIC_LABELS

ROOT = Path(__file__).resolve().parent.parent
ANNOTATIONS = ROOT / "data" / "annotations"
CORPUS = ROOT.parent / "shared" / "data" / "news" / "indonesian-news-corpus-2015.jsonl"
needs_corpus = pytest.mark.skipif(not CORPUS.exists(), reason="shared news corpus not present")

TOPIC_BATCHES = sorted((ANNOTATIONS / "topics").glob("labels_batch_*.jsonl"))
QUOTE_BATCHES = sorted((ANNOTATIONS / "quotes").glob("quotes_batch_*.jsonl"))
ENTITY_BATCHES = sorted((ANNOTATIONS / "entities").glob("entities_batch_*.jsonl"))
#: NER training annotations (scripts/news_ner_annotate.py), never evaluation articles
ENTITY_TRAIN = sorted((ANNOTATIONS / "entities" / "train").glob("entities_train_*.jsonl"),
                      key=lambda p: int(p.stem.rsplit("_", 1)[1]))


def _rows(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]


def _batch_ids(path: Path) -> list[str]:
    """The article ids given to the annotator of ``path`` (``batches/batch_N.txt``)."""
    number = path.stem.rsplit("_", 1)[1]
    batch = path.parent / "batches" / f"batch_{number}.txt"
    return [line.strip() for line in batch.read_text(encoding="utf-8").splitlines()
            if line.strip()]


def _corpus() -> dict[str, str]:
    with open(CORPUS, encoding="utf-8") as fh:
        return {str(a["id"]): a["isi"] for a in map(json.loads, fh)}


@pytest.mark.parametrize("path", TOPIC_BATCHES, ids=[p.stem for p in TOPIC_BATCHES])
def test_topic_labels_are_valid(path: Path) -> None:
    rows = _rows(path)
    assert rows
    for r in rows:
        topics = r["topics"]
        assert 1 <= len(topics) <= 3, r
        assert len(set(topics)) == len(topics), r
        assert set(topics) <= set(TOPIC_LABELS), r
        assert r.get("confidence") in ("high", "medium", "low"), r
    ids = _batch_ids(path)
    assert [r["id"] for r in rows] == ids


def test_an_article_is_labelled_at_most_twice() -> None:
    seen: dict[str, int] = {}
    for path in TOPIC_BATCHES:
        for r in _rows(path):
            seen[r["id"]] = seen.get(r["id"], 0) + 1
    assert max(seen.values()) <= 2


@needs_corpus
def test_every_corpus_article_has_topic_labels() -> None:
    labelled = {r["id"] for path in TOPIC_BATCHES for r in _rows(path)}
    assert set(_corpus()) <= labelled


def _visible(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[\u200b-\u200f\u2060\ufeff]", "", text))


def _spans(q: dict[str, Any]) -> list[dict[str, Any]]:
    return [s for s in (q, q.get("cue"), q.get("speaker"), *q.get("other_parts", [])) if s]


@needs_corpus
@pytest.mark.parametrize("path", QUOTE_BATCHES, ids=[p.stem for p in QUOTE_BATCHES])
def test_quote_spans_match_the_text(path: Path) -> None:
    corpus = _corpus()
    wanted = {r["id"] for r in _rows(path)} - corpus.keys()
    for name in ("indosum-2016-2018.jsonl", "clickid-2019.jsonl"):  # batches 8 and later
        if wanted and (CORPUS.parent / name).is_file():
            with open(CORPUS.parent / name, encoding="utf-8") as fh:
                for a in map(json.loads, fh):
                    if a["id"] in wanted:
                        corpus[a["id"]] = a["text"]
    for rec in _rows(path):
        raw = corpus[rec["id"]]
        art = bkkbn_nlp.clean(raw)
        current = hashlib.sha1(art.text.encode("utf-8")).hexdigest() == rec["text_sha1"]
        starts = [q["start"] for q in rec["quotes"]]
        assert starts == sorted(starts), rec["id"]
        for q in rec["quotes"]:
            assert q["type"] in ("direct", "indirect")
            for s in _spans(q):
                # raw offsets hold whatever the cleaner does; they may differ only in the
                # whitespace the cleaner collapses and the invisible characters it drops
                assert _visible(raw[s["raw_start"]:s["raw_end"]]) == _visible(s["text"]), \
                    (rec["id"], s)
                if current:
                    assert art.text[s["start"]:s["end"]] == s["text"], (rec["id"], s)


def test_entity_training_articles_are_not_evaluation_articles() -> None:
    evaluation = {i for folder in ("entities", "quotes")
                  for path in (ANNOTATIONS / folder / "batches").glob("batch_*.txt")
                  for i in path.read_text(encoding="utf-8").split()}
    given = [i for path in ENTITY_TRAIN for i in _batch_ids(path)]
    kept = [r["id"] for path in ENTITY_TRAIN for r in _rows(path)]
    assert len(ENTITY_TRAIN) == 32 and len(kept) == 408
    assert sorted(kept) == sorted(set(given))  # each article once (doubles kept from one batch)
    assert not evaluation & set(given)


@needs_corpus
@pytest.mark.parametrize("path", ENTITY_BATCHES + ENTITY_TRAIN,
                         ids=[p.stem for p in ENTITY_BATCHES + ENTITY_TRAIN])
def test_entity_spans_match_the_text(path: Path) -> None:
    corpus = _corpus()
    ids = _batch_ids(path)
    rows = _rows(path)
    assert [r["id"] for r in rows] == (ids if path in ENTITY_BATCHES else
                                       [i for i in ids if i in {r["id"] for r in rows}])
    for rec in rows:
        raw = corpus[rec["id"]]
        art = bkkbn_nlp.clean(raw)
        current = hashlib.sha1(art.text.encode("utf-8")).hexdigest() == rec["text_sha1"]
        last_end = -1
        for e in rec["entities"]:
            assert e["label"] in ("PER", "ORG", "LOC"), (rec["id"], e)
            assert e["start"] >= last_end, (rec["id"], e)  # sorted, no overlaps
            last_end = e["end"]
            assert re.sub(r"\s+", " ", raw[e["raw_start"]:e["raw_end"]]) == \
                re.sub(r"\s+", " ", e["text"]), (rec["id"], e)
            if current:
                assert art.text[e["start"]:e["end"]] == e["text"], (rec["id"], e)
