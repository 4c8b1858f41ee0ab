"""Text without a content word gets no topic (not the model's best guess, "olahraga")."""

from __future__ import annotations

import pytest

from bkkbn_nlp.topics.model import MAX_WORD_LETTERS, has_content, is_content_word

CONTENTLESS = {
    "empty": "",
    "white space": " \t \n\u00a0 \r\n ",
    "quotation marks": '"""""',
    "100k newlines": "\n" * 100_000,
    "a 1 MB single word": "a" * 1_000_000,
    "a 1 MB run of one word": "kesehatan" * 111_111,
    "punctuation and digits": "... 2019, 12:30 -- (!) 100%",
    "function words": "yang dan di ke dari ini itu",
    "a site name and a URL": "Kompas.com https://www.kompas.com/a/b",
}


@pytest.mark.parametrize("case", sorted(CONTENTLESS))
def test_text_without_content_words_has_none(case: str) -> None:
    assert not has_content(CONTENTLESS[case])


@pytest.mark.parametrize("text", ["Harga cabai naik.", "KB", "anak-anak", "gol!", "Satu. Dua."])
def test_text_with_a_content_word_has_one(text: str) -> None:
    assert has_content(text)


def test_content_words_are_bounded() -> None:
    assert is_content_word("kb") and is_content_word("mempertanggungjawabkannya")
    assert not is_content_word("yang") and not is_content_word("a" * (MAX_WORD_LETTERS + 1))
    assert is_content_word("dua") and is_content_word("senin")  # stop words, but lexical
    assert is_content_word("a" * MAX_WORD_LETTERS)


@pytest.mark.parametrize("case", sorted(CONTENTLESS))
def test_contentless_text_gets_no_topic(nlp, case: str) -> None:  # type: ignore[no-untyped-def]
    import bkkbn_nlp

    text = CONTENTLESS[case]
    assert nlp(text)._.topics == {}
    assert bkkbn_nlp.analyze(text, nlp=nlp).topics == ()


def test_an_article_still_gets_topics(nlp) -> None:  # type: ignore[no-untyped-def]
    import bkkbn_nlp

    text = "Harga cabai dan beras naik di pasar tradisional Kendari menjelang Lebaran."
    assert len(nlp(text)._.topics) == 14
    assert bkkbn_nlp.analyze(text, nlp=nlp).topics
