"""Pass 1: pairing quotation marks (:mod:`bkkbn_nlp.quotes.marks`)."""

from __future__ import annotations

from bkkbn_nlp.quotes.marks import ALL_MARKS, pair_marks


def _contents(text: str, **kwargs: bool) -> list[tuple[str, bool]]:
    return [(text[m.start:m.end], m.closed) for m in pair_marks(text, **kwargs)]


def test_every_typography_pairs() -> None:
    for text in ('"Harga stabil," kata Andi.', "“Harga stabil,” kata Andi.",
                 "”Harga stabil,” kata Andi.", "'Harga stabil,' kata Andi.",
                 "«Harga stabil,» kata Andi."):
        assert _contents(text) == [("Harga stabil,", True)], text


def test_apostrophe_inside_a_word_is_no_mark() -> None:
    assert _contents("Rapat digelar hari Jum'at pagi.") == []


def test_unclosed_quote_ends_at_the_paragraph() -> None:
    text = '"Harga beras turun\nWarga lega.'
    assert _contents(text) == [("Harga beras turun", False)]


def test_quote_continues_in_the_next_paragraph() -> None:
    text = '"Jalan dibangun tahun ini,\n"dan selesai tahun depan," kata Andi.'
    assert _contents(text) == [('Jalan dibangun tahun ini,\n"dan selesai tahun depan,', True)]
    assert _contents(text, continue_paragraphs=False) == [
        ("Jalan dibangun tahun ini,", False), ("dan selesai tahun depan,", True)]


def test_content_is_trimmed_and_empty_stretches_dropped() -> None:
    assert _contents('"Harga naik  \nWarga lega.') == [("Harga naik", False)]
    # a mark before a space opens nothing, unless a word follows (spaced marks, below)
    assert _contents('" Harga naik" kata Andi.', spaced_marks=False) == []
    assert _contents('Harga " \n naik.') == []
    assert _contents('"" kosong') == []


def test_all_marks_lists_each_family() -> None:
    assert {'"', "“", "”", "'", "‘", "’", "«", "»"} <= set(ALL_MARKS)


def test_spaced_marks_pair() -> None:
    text = 'Warga hadir.\n" Kami siap membantu , " kata Andi. " Semua lancar . "'
    assert _contents(text) == [("Kami siap membantu ,", True), ("Semua lancar .", True)]
    assert _contents("“ Pelayanan harus merata , ” ujar Siti.") == [
        ("Pelayanan harus merata ,", True)]
    assert _contents(text, spaced_marks=False) == []
