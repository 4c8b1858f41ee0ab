"""Pass 5: indirect quotes (:mod:`bkkbn_nlp.quotes.indirect`)."""

from __future__ import annotations

import pytest
from spacy.language import Language

from bkkbn_nlp.quotes.context import Article
from bkkbn_nlp.quotes.direct import direct_quotes
from bkkbn_nlp.quotes.indirect import indirect_quotes


def _indirect(nlp: Language, text: str, *off: str) -> list[tuple[str, str]]:
    art = Article(nlp(text), frozenset(off))
    direct_quotes(art)
    return [(art.text[q.start:q.end], q.cue.text if q.cue else "")
            for q in indirect_quotes(art)]


@pytest.mark.parametrize("text,expected", [
    ("Menurut Maria Ulfa, pelayanan puskesmas harus buka setiap hari.",
     [("pelayanan puskesmas harus buka setiap hari", "Menurut")]),
    ("Pelayanan puskesmas harus buka setiap hari, kata Maria Ulfa.",
     [("Pelayanan puskesmas harus buka setiap hari", "kata")]),
    ("Bupati Garut, Budi Santoso, mengatakan bahwa harga beras stabil.",
     [("harga beras stabil", "mengatakan")]),
    ("Pasar itu akan dibuka pekan depan, demikian dikatakan Maria Ulfa.",
     [("Pasar itu akan dibuka pekan depan", "dikatakan")]),
    ("Rudi Hartono melaporkan kerusakan jalan itu ke dinas.", []),
    ("Yusuf Effendi tidak mengatakan bahwa anggaran desa dipotong.", []),
])
def test_each_cue_class(nlp: Language, text: str, expected: list[tuple[str, str]]) -> None:
    assert _indirect(nlp, text) == expected


def test_cues_inside_direct_quotes_are_skipped(nlp: Language) -> None:
    assert _indirect(nlp, '"Menurut saya, harga stabil," kata Maria Ulfa.') == []


def test_split_content_keeps_the_part_before_the_cue(nlp: Language) -> None:
    art = Article(nlp("Program itu kata Maria Ulfa, akan diperluas ke semua kecamatan."))
    (q,) = indirect_quotes(art)
    assert q.other_parts is not None
    assert [art.text[a:b] for a, b in q.other_parts] == ["Program itu"]
    art = Article(art.doc, frozenset({"split_indirect_quote"}))
    (q,) = indirect_quotes(art)
    assert q.other_parts is None


def test_passive_cue_without_content_introduces_the_speaker(nlp: Language) -> None:
    art = Article(nlp("Pernyataan serupa disampaikan Rudi Hartono, Kepala Dinas Perhubungan."))
    assert indirect_quotes(art) == []
    assert [name for _, name in art.introductions] == ["Rudi Hartono"]


def test_weak_cue_without_its_rule_takes_a_plain_object(nlp: Language) -> None:
    text = "Rudi Hartono melaporkan kerusakan jalan itu ke dinas."
    assert _indirect(nlp, text, "weak_cue_needs_content") == [
        ("kerusakan jalan itu ke dinas", "melaporkan")]
