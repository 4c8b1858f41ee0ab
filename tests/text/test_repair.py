"""Repairs of quotation-mark artefacts (:mod:`bkkbn_nlp.text.repair`), on invented sentences:
each step alone, in the default chain, and with offsets back to the raw text."""

from __future__ import annotations

import pytest

from bkkbn_nlp.text.clean import clean, make_cleaner
from bkkbn_nlp.text.offsets import apply_edits
from bkkbn_nlp.text.repair import (
    normalize_quote_marks,
    rejoin_closing_quotes,
    repair_mojibake,
    separate_glued_quotes,
    split_joined_paragraphs,
)


def _run(step, text: str) -> str:  # type: ignore[no-untyped-def]
    return apply_edits(text, step(text))[0]


@pytest.mark.parametrize(("raw", "expected"), [
    # Mac Roman
    ("‚ÄúKami siap membantu,‚Äù kata Andi.", "“Kami siap membantu,” kata Andi."),
    ("Pukul 08.00‚Äì10.00 di balai desa.", "Pukul 08.00–10.00 di balai desa."),
    ("Warga‚Äô rumah dan kafe di Jalan Caf√© Baru.", "Warga’ rumah dan kafe di Jalan Café Baru."),
    # Windows-1252
    ("â€œKami siap,â€\x9d kata Andi.", "“Kami siap,” kata Andi."),
    ("Rapat usai â€“ warga pulang.", "Rapat usai – warga pulang."),
    ("Harga naik 5 persenâ€¦", "Harga naik 5 persen…"),
])
def test_mojibake_is_decoded_back(raw: str, expected: str) -> None:
    assert _run(repair_mojibake, raw) == expected


@pytest.mark.parametrize("text", [
    "Harga beras stabil di pasar.",
    "“Kami siap,” kata Andi. Café “Énergie” buka.",  # real curly quotes and accents
    "Kota São Paulo dan Zürich menjadi tuan rumah.",
    "CAFÉ” ditutup.",  # a capital with an accent before a curly quote: no lead byte kept
])
def test_text_without_mojibake_is_left_alone(text: str) -> None:
    assert repair_mojibake(text) == []


@pytest.mark.parametrize(("raw", "expected"), [
    ("''Aku syuting dari pagi,'' ujar Rina.", '"Aku syuting dari pagi," ujar Rina.'),
    ("``Kami siap,'' kata Andi.", '“Kami siap," kata Andi.'),
    ("‘‘Kami siap,’’ kata Andi.", "“Kami siap,” kata Andi."),
    ("Kata O''Neil tertulis salah.", "Kata O''Neil tertulis salah."),  # inside a word
    ("Tiga tanda ''' tetap.", "Tiga tanda ''' tetap."),
    ("Rapat hari Jum'at pagi.", "Rapat hari Jum'at pagi."),
])
def test_doubled_apostrophes_become_one_mark(raw: str, expected: str) -> None:
    assert _run(normalize_quote_marks, raw) == expected


@pytest.mark.parametrize(("raw", "expected"), [
    ('Warga hadir.\n"Saya senang sekali,\n" katanya.', 'Warga hadir.\n"Saya senang sekali," katanya.'),
    ('" Prioritas kami pelayanan keluarga .\n" kata Budi.',
     '" Prioritas kami pelayanan keluarga ." kata Budi.'),
    ('“Pelayanan harus merata\n\n" ujar Siti.', '“Pelayanan harus merata" ujar Siti.'),
    ('"Jalan rusak,\n", kata Andi.', '"Jalan rusak,", kata Andi.'),
])
def test_closing_mark_on_the_next_line_is_joined_back(raw: str, expected: str) -> None:
    assert _run(rejoin_closing_quotes, raw) == expected


@pytest.mark.parametrize("text", [
    # no quote open in the line before: the mark opens a new one
    'Warga hadir di balai desa.\n" kata itu tertulis di spanduk.',
    '"Harga stabil," kata Andi.\n" ujar dia" tertulis di papan.',
    # a quote continued in the next paragraph (the mark is glued to its word)
    '"Jalan dibangun tahun ini,\n"dan selesai tahun depan," kata Andi.',
    # a capitalised word after the mark: a new quote in spaced style
    '" Kami siap .\n" Kami juga bersyukur , " kata Andi.',
])
def test_an_opening_mark_at_a_line_start_is_left_alone(text: str) -> None:
    assert rejoin_closing_quotes(text) == []


@pytest.mark.parametrize(("raw", "expected"), [
    ('"Kami siap mendukung,“ujar Andi.', '"Kami siap mendukung,“ ujar Andi.'),
    ('“Apa kabar?”tanya Siti.', '“Apa kabar?” tanya Siti.'),
    ('Ia menulis kata ",dan" di papan.', 'Ia menulis kata ",dan" di papan.'),  # nothing open
])
def test_closing_mark_glued_to_the_cue_gets_its_space(raw: str, expected: str) -> None:
    assert _run(separate_glued_quotes, raw) == expected


@pytest.mark.parametrize(("raw", "expected"), [
    ('Bandara berangsur normal., "Hari ini lancar," ujar Andi.',
     'Bandara berangsur normal.\n"Hari ini lancar," ujar Andi.'),
    ("Stok menipis., Hal ini membuat harga naik.", "Stok menipis.\nHal ini membuat harga naik."),
    ('Ibu menelepon pukul tiga pagi.",“Ibu, aku baik," katanya.',
     'Ibu menelepon pukul tiga pagi."\n“Ibu, aku baik," katanya.'),
    # abbreviations and ordinary commas stay
    ("Hadir Andi Rahman, S.H., M.Si., Kepala Dinas.", "Hadir Andi Rahman, S.H., M.Si., Kepala Dinas."),
    ("Ada buku, pena, dll., Lalu rapat dimulai.", "Ada buku, pena, dll., Lalu rapat dimulai."),
    ('"Apa ini?," tanya Andi.', '"Apa ini?," tanya Andi.'),
    ("Harga naik 10.000, Rabu.", "Harga naik 10.000, Rabu."),
])
def test_paragraphs_joined_by_a_comma_are_split(raw: str, expected: str) -> None:
    assert _run(split_joined_paragraphs, raw) == expected


def test_the_default_chain_repairs_quotes_and_keeps_offsets() -> None:
    raw = ("Jakarta - Warga berkumpul di balai desa.,‚ÄúKami senang sekali,\n\" kata Andi."
           "\n''Semoga lancar,'' ujar Siti.")
    art = clean(raw)
    assert art.text == ('Warga berkumpul di balai desa.\n“Kami senang sekali," kata Andi.\n'
                        '"Semoga lancar," ujar Siti.')
    for word in ("Kami", "Andi", "Semoga", "Siti"):
        start = art.text.index(word)
        r0, r1 = art.to_raw(start, start + len(word))
        assert raw[r0:r1] == word
    # a repaired mark maps back to the whole mis-decoded sequence
    start = art.text.index("“")
    r0, r1 = art.to_raw(start, start + 1)
    assert raw[r0:r1] == "‚Äú"
    # formatting edits, not removals: only the dateline is listed
    assert [r.kind for r in art.removed] == ["dateline"]


def test_each_repair_step_runs_alone() -> None:
    for name in ("repair_mojibake", "normalize_quote_marks", "split_joined_paragraphs",
                 "rejoin_closing_quotes", "separate_glued_quotes"):
        assert make_cleaner(name)("Harga stabil.").text == "Harga stabil."
