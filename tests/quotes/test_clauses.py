"""Content spans of indirect quotes (:mod:`bkkbn_nlp.quotes.clauses`)."""

from __future__ import annotations

from spacy.language import Language

from bkkbn_nlp.quotes.clauses import (
    clip,
    has_clause,
    is_adverbial_tail,
    looks_like_clause,
    looks_like_predicate,
    n_words,
    skip_intro,
    span_chars,
)
from bkkbn_nlp.quotes.context import Article


def _after(art: Article, word: str) -> int:
    return next(t.i for t in art.doc if t.text == word) + 1


def test_content_needs_a_lower_case_word(nlp: Language) -> None:
    art = Article(nlp("Kepala Dinas Sosial Kota Garut dan warga desa."))
    assert not has_clause(art, 0, art.text.index(" dan"))
    assert has_clause(art, 0, len(art.text))
    assert n_words(art, 0, len(art.text), 3) == 3


def test_clause_or_plain_object(nlp: Language) -> None:
    art = Article(nlp("Andi melaporkan jumlah peserta mencapai 120 orang."))
    assert looks_like_clause(art, _after(art, "melaporkan"), len(art.doc))
    art = Article(nlp("Andi melaporkan kasus itu ke polisi."))
    assert not looks_like_clause(art, _after(art, "melaporkan"), len(art.doc))


def test_predicate_and_adverbial_tail(nlp: Language) -> None:
    art = Article(nlp("Efisiensi itu, kata Andi bisa dicapai tahun ini."))
    assert looks_like_predicate(art, _after(art, "Andi"), len(art.doc))
    art = Article(nlp("Harga stabil, kata Andi di Garut, Senin."))
    assert is_adverbial_tail(art, _after(art, "Andi"), len(art.doc))
    assert not looks_like_predicate(art, _after(art, "Andi"), len(art.doc))


def test_intro_words_are_skipped(nlp: Language) -> None:
    art = Article(nlp("Andi mengatakan di Garut, bahwa harga stabil."))
    j = skip_intro(art, _after(art, "mengatakan"), len(art.doc))
    assert art.doc[j].text == "harga"


def test_clip_to_the_cue_side_of_a_direct_quote(nlp: Language) -> None:
    art = Article(nlp("Satu dua tiga empat lima."))
    art.block(5, 9)
    a, b = span_chars(art, 0, len(art.doc))
    assert art.text[slice(*clip(art, a, b, 12))] == "tiga empat lima"
    assert art.text[slice(*clip(art, a, b, 2))] == "Satu"
    start, end = clip(art, a, b, 6)
    assert start == end
