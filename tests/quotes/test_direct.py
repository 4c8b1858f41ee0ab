"""Pass 4: direct quotes (:mod:`bkkbn_nlp.quotes.direct`)."""

from __future__ import annotations

from spacy.language import Language

from bkkbn_nlp.quotes.context import Article
from bkkbn_nlp.quotes.direct import direct_quotes


def _direct(nlp: Language, text: str, *off: str) -> list[str]:
    art = Article(nlp(text), frozenset(off))
    return [art.text[q.start:q.end] for q in direct_quotes(art)]


def test_quote_with_a_cue_is_kept_and_blocked(nlp: Language) -> None:
    art = Article(nlp('"Harga beras stabil," kata Siti Aminah.'))
    quotes = direct_quotes(art)
    assert [(q.type, art.text[q.start:q.end]) for q in quotes] == [
        ("direct", "Harga beras stabil,")]
    assert art.is_blocked(0) and art.is_blocked(art.text.index("Siti"))
    assert art.used_cues == {next(t.i for t in art.doc if t.text == "kata")}


def test_quote_without_a_cue_is_dropped_but_blocked(nlp: Language) -> None:
    art = Article(nlp('Warga menyebut program "Desa Sehat" berhasil.'))
    assert direct_quotes(art) == []
    assert art.is_blocked(art.text.index("Desa"))


def test_scare_quote_is_dropped(nlp: Language) -> None:
    text = 'Warga menjuluki pasar itu "Pasar Rakyat" kata Hendra Wijaya.'
    assert _direct(nlp, text) == []
    assert _direct(nlp, text, "scare_quotes") == ["Pasar Rakyat"]


def test_unclosed_quote_ends_at_its_cue(nlp: Language) -> None:
    text = '"Harga beras mulai turun, kata Rudi Hartono di pasar.'
    assert _direct(nlp, text) == ["Harga beras mulai turun,"]
    assert _direct(nlp, text, "unclosed_quote_at_cue") == []


def test_split_quote_shares_its_cue(nlp: Language) -> None:
    text = ('"Stok pangan cukup," kata Kepala Dinas Ketahanan Pangan Kabupaten Garut, '
            'Yusuf Effendi, "hingga akhir tahun depan."')
    assert _direct(nlp, text) == ["Stok pangan cukup,", "hingga akhir tahun depan."]
    assert _direct(nlp, text, "split_direct_quote") == ["Stok pangan cukup,"]


def test_quote_with_spaced_marks(nlp: Language) -> None:
    text = 'Warga hadir.\n\n" Kami siap membantu warga , " kata Hendra Wijaya.'
    assert _direct(nlp, text) == ["Kami siap membantu warga ,"]
    assert _direct(nlp, text, "spaced_quote_marks") == []


def test_scare_quote_inside_reported_speech_is_masked_not_blocked(nlp: Language) -> None:
    art = Article(nlp('Andi mengatakan program "Desa Sehat" akan diperluas tahun depan.'))
    assert direct_quotes(art) == []
    desa = art.text.index("Desa")
    assert art.is_blocked(desa)  # no cue or speaker inside it
    assert art.overlapping_blocks(0, len(art.text)) == []  # but content is not clipped
    art = Article(nlp('Andi mengatakan program "Desa Sehat" akan diperluas.'),
                  frozenset({"scare_quotes"}))
    direct_quotes(art)
    assert art.overlapping_blocks(0, len(art.text)) != []
