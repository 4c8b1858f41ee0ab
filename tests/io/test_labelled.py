"""The labelled-document format: reading, writing and precise errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bkkbn_nlp.errors import LabelledDataError
from bkkbn_nlp.io.labelled import LabelledDocument, read_labelled, write_labelled

from ..conftest import GOLD_FIXTURE


def test_gold_fixture_is_valid() -> None:
    docs = list(read_labelled(GOLD_FIXTURE))
    assert len(docs) == 1
    doc = docs[0]
    assert doc.sentences and doc.entities is not None and doc.quotes is not None
    assert doc.topics and 1 <= len(doc.topics) <= 3


def test_round_trip(tmp_path: Path) -> None:
    doc = LabelledDocument(text="Andi ke Kendari.", id="x",
                           entities=[{"start": 0, "end": 4, "label": "PER", "text": "Andi"}],
                           topics=["pemerintahan"])
    assert write_labelled([doc], tmp_path / "a.jsonl") == 1
    again = list(read_labelled(tmp_path / "a.jsonl"))
    assert again[0].to_dict() == doc.to_dict()


BAD_RECORDS = [
    ({"text": "Andi"} | {"entities": [{"start": 0, "end": 9, "label": "PER"}]}, "outside the text"),
    ({"text": "Andi", "entities": [{"start": 0, "end": 4, "label": "PERSON"}]}, "Unknown entity label"),
    ({"text": "Andi", "entities": [{"start": 0, "end": 3, "label": "PER", "text": "Andi"}]}, "misaligned"),
    ({"text": "Andi", "topics": ["sports"]}, "Unknown topic label"),
    ({"text": "Andi", "quotes": [{"type": "said", "start": 0, "end": 4}]}, "unknown type"),
    ({"no_text": 1}, "text"),
]


@pytest.mark.parametrize("record,message", BAD_RECORDS, ids=[m for _, m in BAD_RECORDS])
def test_errors_name_line_and_problem(tmp_path: Path, record, message: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps({"text": "ok"}) + "\n" + json.dumps(record) + "\n", encoding="utf-8")
    with pytest.raises(LabelledDataError, match=message) as info:
        list(read_labelled(path))
    assert f"{path}, line 2" in str(info.value)


def test_invalid_json_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text("{oops\n", encoding="utf-8")
    with pytest.raises(LabelledDataError, match="line 1: invalid JSON"):
        list(read_labelled(path))
