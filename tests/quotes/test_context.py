"""The shared article context (:mod:`bkkbn_nlp.quotes.context`)."""

from __future__ import annotations

from spacy.language import Language

from bkkbn_nlp.quotes.context import Article


def test_tokens_and_sentences(nlp: Language) -> None:
    doc = nlp("Andi Rahman hadir. Ia mengatakan harga stabil.")
    art = Article(doc)
    ia = next(t for t in doc if t.text == "Ia")
    assert art.token_at_or_after(ia.idx) == ia.i
    assert art.token_before(ia.idx) == ia.i - 1
    assert art.sent_bounds(ia.i) == (ia.sent.start, ia.sent.end)
    assert art.sent_index(0) == 0 and art.sent_index(ia.i) == 1
    assert [doc[i].text for i in art.cue_positions] == ["mengatakan"]
    assert art.cue_class(doc[art.cue_positions[0]]) == "verb"


def test_name_words_are_words_of_persons(nlp: Language) -> None:
    doc = nlp("Kepala Dinas Sosial, Andi Rahman, hadir. Andi juga mengatakan harga stabil.")
    art = Article(doc)
    assert {"andi", "rahman"} <= art.name_words
    andi = [t.i for t in doc if t.text == "Andi"][-1]
    assert art.is_name_word(andi) and not art.is_name_word(len(doc))


def test_blocked_characters(nlp: Language) -> None:
    art = Article(nlp("Satu dua tiga empat lima enam."))
    art.block(5, 8)
    art.block(0, 3)
    assert art.is_blocked(6) and not art.is_blocked(4) and not art.is_blocked(-1)
    assert art.overlapping_blocks(2, 6) == [(5, 8), (0, 3)]
    assert art.overlapping_blocks(10, 20) == []


def test_switched_off_rules() -> None:
    import bkkbn_nlp

    art = Article(bkkbn_nlp.load().make_doc("Teks."), frozenset({"initials"}))
    assert not art.on("initials") and art.on("scare_quotes")
