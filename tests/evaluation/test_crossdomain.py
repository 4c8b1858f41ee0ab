"""The cross-domain NER table (issue 21) on tiny inline data: its domains, cases, rows and
columns. Runs without the shared data."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from bkkbn_nlp.entities.corpora import TaggedSentence
from bkkbn_nlp.evaluation.crossdomain import (
    CASES,
    Domain,
    conll_domain,
    cross_domain_sets,
    cross_domain_table,
    evaluate_cross_domain,
    label_table,
)
from bkkbn_nlp.evaluation.ner import ner_systems

CONLL = "Warga B-LOC\nKendari I-LOC\nhadir O\n. O\n\nBKKBN B-ORG\nhadir O\ndi O\nKendari B-LOC\n. O\n"


def _data(tmp_path: Path) -> Path:
    data = tmp_path / "shared" / "ner"
    for rel in ("idner-news-2k/test.txt", "nergrit-indonlu/test_preprocess.txt"):
        (data / rel).parent.mkdir(parents=True)
        (data / rel).write_text(CONLL, encoding="utf-8")
    return data


def _sentences(tmp_path: Path) -> Path:
    folder = tmp_path / "sentences"
    folder.mkdir()
    recs = []
    for i in range(40):  # 40 kumparan "articles" of one sentence each
        text = "Pemain Persija tiba di Kendari ."
        recs.append({"id": f"kumparan:{i * 25}", "source": "kumparan", "text": text,
                     "text_sha1": hashlib.sha1(text.encode()).hexdigest(),
                     "entities": [{"start": 7, "end": 14, "label": "ORG", "text": "Persija"},
                                  {"start": 23, "end": 30, "label": "LOC", "text": "Kendari"}]})
    (folder / "sentences_batch_1.jsonl").write_text(
        "".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")
    return folder


def test_conll_domain_gives_running_text_and_spans() -> None:
    d = conll_domain("x", [TaggedSentence(("BKKBN", "hadir", "."), ("B-ORG", "O", "O"))])
    assert d.texts == ["BKKBN hadir."] and d.gold == [[(0, 5, "ORG")]]


def test_cross_domain_table_structure(tmp_path: Path) -> None:
    domains = cross_domain_sets(_data(tmp_path), "test", news=(["Di Kendari."],
                                                                [[(3, 10, "LOC")]]),
                                sentences=_sentences(tmp_path))
    assert [d.name for d in domains] == ["idner", "NERGrit", "news 2015", "kumparan"]
    assert len(domains[3].texts) == 8  # the test fifth of 40 articles
    results = evaluate_cross_domain({"rules": ner_systems([])["rules"]}, domains)
    assert list(results["rules"]) == list(CASES)
    cased = results["rules"]["cased"]
    assert cased["news 2015"]["micro"]["f1"] == 1.0
    assert cased["business/tech/sport"]["sentences"] == 8  # "Pemain" is a sport word
    lines = cross_domain_table(results)
    assert lines[0] == "| system | case | idner | NERGrit | news 2015 | kumparan | average |"
    assert [line.split(" | ")[1] for line in lines[2:]] == [*CASES, "**all (mean)**"]
    assert results["rules"]["lower"]["news 2015"]["micro"]["f1"] == 0.0  # "di kendari."
    labels = label_table(results)
    assert len(labels) == 2 + len(CASES) and labels[2].startswith("| rules | cased | ")


def test_average_row_is_the_mean_of_the_cells() -> None:
    def r(f1: float) -> dict[str, object]:
        return {"micro": {"f1": f1}, "per_label": {}}

    results = {"s": {c: {"idner": r(v), "kumparan": r(v / 2)}
                     for c, v in zip(CASES, (0.9, 0.3, 0.6), strict=True)}}
    lines = cross_domain_table(results)
    assert lines[2] == "| s | cased | 0.900 | 0.450 | 0.675 |"
    assert lines[-1] == "| s | **all (mean)** | 0.600 | 0.300 | **0.450** |"
    assert Domain("x", [], []).bst == ()
