"""The labelled sentences of other outlets (issue 21): reading, rebuilding texts, the split
by source and article, desk tags and case copies. Tiny inline data only: no shared data."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from bkkbn_nlp.entities.sentences import (
    SentenceRecord,
    article_key,
    case_copies,
    case_copy,
    load_sentences,
    read_sentence_records,
    sentence_texts,
    split_sentences,
)
from bkkbn_nlp.text.clean import clean

ARTICLE = "Jakarta - PT Maju Jaya meluncurkan ponsel baru.\nPemain Persija mencetak gol."


def _sha(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


@pytest.fixture()
def shared(tmp_path: Path) -> Path:
    """A shared-data folder with a three-sentence kumparan corpus and one CLICK-ID article."""
    kum = tmp_path / "shared" / "pos" / "kumparan-nlp-id"
    kum.mkdir(parents=True)
    (kum / "dataset_postag.txt").write_text(
        "Andi\tNNP\ntiba\tVB\n\nBudi\tNNP\npergi\tVB\n.\tZ\n\nSiti\tNNP\n", encoding="utf-8")
    news = tmp_path / "shared" / "news"
    news.mkdir()
    (news / "clickid-2019.jsonl").write_text(json.dumps(
        {"id": "clickid-x-1", "text": ARTICLE, "category": "bisnis"}) + "\n", encoding="utf-8")
    return tmp_path / "shared"


def _folder(tmp_path: Path, shared: Path) -> Path:
    text = clean(ARTICLE).text
    start = text.index("PT")
    end = text.index(".", start) + 1
    sentence = text[start:end]
    folder = tmp_path / "sentences"
    folder.mkdir()
    first = [
        {"id": "kumparan:1", "source": "kumparan", "text": "Budi pergi .",
         "text_sha1": _sha("Budi pergi ."), "entities": [
             {"start": 0, "end": 4, "label": "PER", "text": "Budi"}], "annotator": "a"},
        {"id": f"clickid-x-1:{start}-{end}", "source": "clickid", "text_sha1": _sha(sentence),
         "entities": [{"start": 0, "end": 12, "label": "ORG", "text": "PT Maju Jaya"}],
         "annotator": "a"},
    ]
    second = [dict(first[0], annotator="b", entities=[]),  # a doubled sentence
              {"id": "clickid-x-1:0-3", "source": "clickid", "text_sha1": "0" * 40,
               "entities": [], "annotator": "b"}]  # a stale sha1: left out
    for n, recs in ((1, first), (2, second)):
        (folder / f"sentences_batch_{n}.jsonl").write_text(
            "".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")
    return folder


def test_records_are_read_once_in_batch_order(tmp_path: Path, shared: Path) -> None:
    recs = read_sentence_records([_folder(tmp_path, shared)])
    assert [r.id.split(":")[0] for r in recs] == ["kumparan", "clickid-x-1", "clickid-x-1"]
    assert recs[0].entities == ((0, 4, "PER"),)  # the first batch's copy
    assert recs[1].text == ""  # news text is not in the file


def test_texts_are_rebuilt_from_the_shared_data(tmp_path: Path, shared: Path) -> None:
    folder = _folder(tmp_path, shared)
    recs = load_sentences(folder, shared)
    assert len(recs) == 2  # the stale sha1 is dropped
    news = recs[1]
    assert news.text.startswith("PT Maju Jaya") and news.category == "bisnis"
    assert news.text[0:12] == "PT Maju Jaya" and news.bst
    texts = sentence_texts(["kumparan:0", "kumparan:2"], shared)
    assert texts == {"kumparan:0": ("Andi tiba", ""), "kumparan:2": ("Siti", "")}


def test_without_shared_data_only_kumparan_records_come_back(tmp_path: Path,
                                                           shared: Path) -> None:
    recs = load_sentences(_folder(tmp_path, shared), tmp_path / "nowhere")
    assert [r.source for r in recs] == ["kumparan"]


def _records() -> list[SentenceRecord]:
    out = []
    for art in range(40):
        for k in range(3):
            out.append(SentenceRecord(f"clickid-a-{art}:{k * 10}-{k * 10 + 5}", "clickid",
                                      "x", ()))
    out += [SentenceRecord(f"kumparan:{i}", "kumparan", "x", ()) for i in range(0, 500, 7)]
    return out


def test_split_keeps_articles_on_one_side_and_is_fixed() -> None:
    recs = _records()
    parts = split_sentences(recs)
    assert sum(map(len, parts.values())) == len(recs)
    sides = {}
    for name, part in parts.items():
        for r in part:
            assert sides.setdefault(article_key(r.id), name) == name
    clickid = {n: len({article_key(r.id) for r in p if r.source == "clickid"})
               for n, p in parts.items()}
    assert clickid == {"train": 28, "dev": 4, "test": 8}  # 70 / 10 / 20 of 40 articles
    backwards = split_sentences(list(reversed(recs)))  # the ids decide, not the order
    assert {k: {r.id for r in v} for k, v in backwards.items()} == \
        {k: {r.id for r in v} for k, v in parts.items()}
    again = split_sentences(recs)
    assert {k: [r.id for r in v] for k, v in again.items()} == \
        {k: [r.id for r in v] for k, v in parts.items()}
    assert split_sentences(recs, seed=1)["test"] != parts["test"]


def test_kumparan_neighbours_share_an_article() -> None:
    assert article_key("kumparan:3") == article_key("kumparan:24") != article_key("kumparan:25")
    assert article_key("indosum-17-a-b:10-40") == "indosum-17-a-b"


def test_case_copies_keep_offsets() -> None:
    text = "Gubernur Sulawesi Tenggara Ali Mazi di İstanbul"
    for mode in ("lower", "upper"):
        copy = case_copy(text, mode)
        assert len(copy) == len(text)
    assert case_copy(text, "lower").startswith("gubernur sulawesi tenggara")
    assert case_copy(text, "upper").startswith("GUBERNUR SULAWESI")
    with pytest.raises(ValueError):
        case_copy(text, "title")


def test_case_copies_draw_a_fixed_share() -> None:
    items = list(range(100))
    picked = case_copies(items, 0.3, seed=4)
    assert len(picked) == 30 and picked == sorted(picked) == case_copies(items, 0.3, seed=4)
    assert case_copies(items, 0.0, seed=4) == []
