"""Pass 6: resolution and records (:mod:`bkkbn_nlp.quotes.resolution`)."""

from __future__ import annotations

from typing import Any

from spacy.language import Language

from bkkbn_nlp.quotes.context import Article
from bkkbn_nlp.quotes.direct import direct_quotes
from bkkbn_nlp.quotes.indirect import indirect_quotes
from bkkbn_nlp.quotes.resolution import resolve


def _records(nlp: Language, text: str, *off: str) -> list[dict[str, Any]]:
    art = Article(nlp(text), frozenset(off))
    quotes = direct_quotes(art)
    quotes += indirect_quotes(art)
    return resolve(art, quotes)


def test_records_are_in_text_order_with_resolved_speakers(nlp: Language) -> None:
    text = ('Bupati Garut, Yusuf Effendi, meninjau banjir. Ia mengatakan bantuan segera '
            'disalurkan.\n"Posko dibuka malam ini," katanya.')
    records = _records(nlp, text)
    assert [r["type"] for r in records] == ["indirect", "direct"]
    assert [r["speaker"]["name"] for r in records] == ["Yusuf Effendi", "Yusuf Effendi"]
    assert records[0]["speaker"]["role"] == "Bupati"
    for r in records:
        assert text[r["start"]:r["end"]] == r["text"]
        assert text[r["cue"]["start"]:r["cue"]["end"]] == r["cue"]["text"]


def test_switched_off_resolution_leaves_the_name_empty(nlp: Language) -> None:
    text = 'Bupati Garut, Yusuf Effendi, meninjau banjir.\n"Posko dibuka malam ini," katanya.'
    assert _records(nlp, text)[0]["speaker"]["name"] == "Yusuf Effendi"
    assert _records(nlp, text, "nya_resolution")[0]["speaker"]["name"] is None


def test_unnamed_speaker_carries_its_role(nlp: Language) -> None:
    text = ("Juru Bicara Polres Garut mengatakan jalan itu ditutup sementara. Ia mengatakan "
            "pengendara diminta mencari jalan lain.")
    records = _records(nlp, text)
    assert [r["speaker"]["role"] for r in records] == ["Juru Bicara", "Juru Bicara"]
    assert [r["speaker"]["name"] for r in records] == [None, None]
    assert _records(nlp, text, "unnamed_speaker")[1]["speaker"]["role"] is None
