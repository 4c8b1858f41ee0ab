"""Pass 2: cues of direct quotes (:mod:`bkkbn_nlp.quotes.cues`)."""

from __future__ import annotations

from spacy.language import Language

from bkkbn_nlp.quotes.context import Article
from bkkbn_nlp.quotes.cues import cue_after_quote, cue_before_quote, cue_in_tail
from bkkbn_nlp.quotes.marks import pair_marks
from bkkbn_nlp.quotes.records import Mark


def _first_mark(art: Article) -> Mark:
    return pair_marks(art.text)[0]


def test_cue_after_the_closing_mark(nlp: Language) -> None:
    art = Article(nlp('"Harga beras stabil," kata Siti Aminah.'))
    cue = cue_after_quote(art, _first_mark(art))
    assert cue is not None and cue.text == "kata"
    assert cue.speaker is not None and cue.speaker.name == "Siti Aminah"
    assert art.text[:cue.region_end].endswith("Siti Aminah")


def test_speaker_then_verb_after_the_quote(nlp: Language) -> None:
    art = Article(nlp('"Harga beras stabil," Siti Aminah menambahkan.'))
    cue = cue_after_quote(art, _first_mark(art))
    assert cue is not None and cue.text == "menambahkan"
    assert cue.speaker is not None and cue.speaker.name == "Siti Aminah"


def test_clitic_cue_after_the_quote(nlp: Language) -> None:
    art = Article(nlp('"Harga beras stabil," ujarnya.'))
    cue = cue_after_quote(art, _first_mark(art))
    assert cue is not None and cue.speaker is not None and cue.speaker.kind == "clitic"


def test_cue_before_the_opening_mark(nlp: Language) -> None:
    art = Article(nlp('Siti Aminah mengatakan: "Harga beras stabil."'))
    cue = cue_before_quote(art, _first_mark(art))
    assert cue is not None and cue.text == "mengatakan"
    art = Article(nlp('Kata Siti Aminah: "Harga beras stabil."'))
    cue = cue_before_quote(art, _first_mark(art))
    assert cue is not None and cue.text == "Kata"


def test_no_cue_around_a_plain_quoted_term(nlp: Language) -> None:
    art = Article(nlp('Warga menyebut program "Desa Sehat" berhasil.'))
    mark = _first_mark(art)
    assert cue_after_quote(art, mark) is None and cue_before_quote(art, mark) is None


def test_cue_in_the_tail_of_an_unclosed_quote(nlp: Language) -> None:
    art = Article(nlp('"Harga beras turun, kata Siti Aminah.'))
    text = art.text
    end = text.index(",") + 1
    cue = cue_in_tail(art, Mark(0, end, 1, end, closed=False))
    assert cue is not None and cue.text == "kata"
    assert cue.speaker is not None and cue.speaker.name == "Siti Aminah"
