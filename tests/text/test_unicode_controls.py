"""Bidi controls and joiners: removed by the cleaner, with offsets back to the raw text."""

from __future__ import annotations

import unicodedata

import pytest

from bkkbn_nlp.text.clean import clean
from bkkbn_nlp.text.normalize import normalize_unicode

from ..conftest import raw_words

BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"

# (raw, cleaned)
CASES = [
    ("Kata \u202edia bagus.", "Kata dia bagus."),  # an unclosed right-to-left override
    ("\u202eRapat digelar di Kendari.", "Rapat digelar di Kendari."),
    ("Ia \u2067berkata\u2069 singkat.", "Ia berkata singkat."),
    ("Harga\u200e naik\u200f.", "Harga naik."),
    ("Menteri An\u200ddi Rahman tiba.", "Menteri Andi Rahman tiba."),
    ("Si\u200cti dan Bu\u200d\u200cdi.", "Siti dan Budi."),
    ("An\u200d\u200bdi", "Andi"),
    ("Cafe\u0301\u200dnya", "Cafénya"),
    ("Ka\u202eta\u200d kunci", "Kata\u200d kunci"),
]


@pytest.mark.parametrize("raw, expected", CASES)
def test_bidi_controls_and_latin_joiners_are_removed(raw: str, expected: str) -> None:
    art = clean(raw)
    assert art.text == expected
    assert not any(c in BIDI for c in art.text)


@pytest.mark.parametrize("raw, expected", CASES)
def test_offsets_still_map_each_word_back_to_the_raw_text(raw: str, expected: str) -> None:
    for word, r0, r1 in raw_words(clean(raw), raw):
        raw_word = raw[r0:r1]
        assert raw_word[:1] == word[:1]
        kept = "".join(c for c in raw_word if c not in BIDI + "\u200b\u200c\u200d")
        assert unicodedata.normalize("NFC", kept) == word.replace("\u200d", "")


@pytest.mark.parametrize("raw", ["سلام\u200cعلیکم", "👩\u200d💻 kode", "\u200dAndi", "Andi\u200c",
                                 "x\u200d 1"])
def test_joiners_outside_latin_words_stay(raw: str) -> None:
    assert clean(raw).text == raw


def test_each_removal_is_an_edit_of_the_raw_span() -> None:
    raw = "Ka\u202eta An\u200ddi"
    edits = normalize_unicode(raw)
    assert [(e.start, e.end, e.replacement) for e in edits] == [(2, 3, ""), (8, 9, "")]


def test_a_quote_keeps_no_override(nlp) -> None:  # type: ignore[no-untyped-def]
    import bkkbn_nlp

    raw = ('"Kami \u202esiap bekerja keras," kata Kepala BKKBN An\u200ddi Rahman di Kendari, '
           "Senin.")
    result = bkkbn_nlp.analyze(raw, nlp=nlp).to_dict()
    assert "\u202e" not in result["text"] and "\u200d" not in result["text"]
    assert result["quotes"]
    for quote in result["quotes"]:
        assert "\u202e" not in quote["text"]
    assert any(e["text"] == "Andi Rahman" for e in result["entities"])
