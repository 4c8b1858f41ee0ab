"""Article cleaning: golden cases for each step, offsets, and the gold fixture."""

from __future__ import annotations

import pytest

from bkkbn_nlp.text.clean import DEFAULT_STEPS, STEPS, clean, make_cleaner

from ..conftest import raw_words

# (raw, expected cleaned text, expected dateline (place, agency) or None, removed kinds)
GOLDEN_CLEAN = [
    ("Kendari (ANTARA) - BKKBN menggelar rapat.", "BKKBN menggelar rapat.",
     ("Kendari", "ANTARA"), ["dateline"]),
    ("JAKARTA, KOMPAS.com - Pemerintah bekerja.", "Pemerintah bekerja.",
     ("Jakarta", "KOMPAS.com"), ["dateline"]),
    ("JAKARTA, KOMPAS.com  Pemerintah bekerja.", "Pemerintah bekerja.",
     ("Jakarta", "KOMPAS.com"), ["dateline"]),
    ("REPUBLIKA.CO.ID, JAKARTA -- Wakil Presiden tiba.", "Wakil Presiden tiba.",
     ("Jakarta", "REPUBLIKA.CO.ID"), ["dateline"]),
    ("TRIBUNNEWS.COM, BOGOR - Hujan turun.", "Hujan turun.", ("Bogor", "TRIBUNNEWS.COM"),
     ["dateline"]),
    ("VIVA.co.id - Saham melemah.", "Saham melemah.", (None, "VIVA.co.id"), ["dateline"]),
    ("Merdeka.com - Klub menang.", "Klub menang.", (None, "Merdeka.com"), ["dateline"]),
    ("Jakarta, CNN Indonesia -- Harga naik.", "Harga naik.", ("Jakarta", "CNN Indonesia"),
     ["dateline"]),
    ("Jakarta - Presiden meresmikan jalan.", "Presiden meresmikan jalan.", ("Jakarta", None),
     ["dateline"]),
    ("Laporan Wartawan Tribunnews.com, Andi Rahman  TRIBUNNEWS.COM, JAKARTA - Rapat digelar.",
     "Rapat digelar.", ("Jakarta", "TRIBUNNEWS.COM"), ["credit", "dateline"]),
    ("Tanpa dateline di sini.", "Tanpa dateline di sini.", None, []),
    ("Skor akhir 2 - 1 untuk tuan rumah.", "Skor akhir 2 - 1 untuk tuan rumah.", None, []),
    ("Satu kalimat.\nBaca juga: Judul lain\nDua kalimat.", "Satu kalimat.\nDua kalimat.", None,
     ["related_link"]),
    ("Satu.\nBACA JUGA : Judul lain\nDua.", "Satu.\nDua.", None, ["related_link"]),
    ("Satu.\nbaca juga - Judul lain", "Satu.", None, ["related_link"]),
    ("Saya baca juga buku itu.", "Saya baca juga buku itu.", None, []),
    ("Isi berita.\nPewarta: Andi Rahman\nEditor: Siti Aminah\nCOPYRIGHT © ANTARA 2019",
     "Isi berita.", None, ["credit", "credit", "credit"]),
    ("Isi berita yang cukup panjang.\nIsi berita yang cukup panjang.", "Isi berita yang cukup panjang.",
     None, ["duplicate_paragraph"]),
    ("Ya.\nYa.", "Ya.\nYa.", None, []),
    ("baterai smartphone.Sebuah ponsel", "baterai smartphone. Sebuah ponsel", None, []),
    ("Harga 10.000,50 rupiah.", "Harga 10.000,50 rupiah.", None, []),
    ("Kunjungi www.bkkbn.go.id atau kirim ke humas@bkkbn.go.id.Terima kasih",
     "Kunjungi www.bkkbn.go.id atau kirim ke humas@bkkbn.go.id.Terima kasih", None, []),
    ("Hadir Drs.Ahmad dan lainnya.", "Hadir Drs.Ahmad dan lainnya.", None, []),
    ('"Kami siap," katanya."Ini baru awal," ujarnya.',
     '"Kami siap," katanya. "Ini baru awal," ujarnya.', None, []),
    ('"Kami siap bekerja.”Dia tersenyum.', '"Kami siap bekerja.” Dia tersenyum.', None, []),
    ("a\u00a0b\u200bc", "a bc", None, []),
    ("Cafe\u0301 buka.", "Café buka.", None, []),
    ("Baris satu.\r\nBaris dua.", "Baris satu.\nBaris dua.", None, []),
    ("  banyak    spasi \n\n\n\n paragraf  ", "banyak spasi\n\nparagraf", None, []),
    ("<p>Satu kalimat.</p><p>Dua &amp; tiga.</p><script>var x = 1;</script>",
     "Satu kalimat.\n\nDua & tiga.", None, ["markup"]),
    ("Polisi bergerak (Baca: Judul lain) cepat.", "Polisi bergerak cepat.", None, ["related_link"]),
    ("Hal itu (BacaSebanyak 59 Pasangan) terjadi.", "Hal itu terjadi.", None, ["related_link"]),
    # related-article headlines glued into the running text (invented headlines)
    ("Harga naik, ujarnya. Baca juga: Rupiah Melemah di Awal Pekan Negara, kata dia, kuat.",
     "Harga naik, ujarnya. Negara, kata dia, kuat.", None, ["related_link"]),
    ("Harga naik.baca juga: Perajin Hentikan ProduksiSementara itu, warga resah.",
     "Harga naik. Sementara itu, warga resah.", None, ["related_link"]),
    ("Kata dia. Baca juga: Kabut Asap Tebal    Di Provinsi Riau, asap tebal.",
     "Kata dia. Di Provinsi Riau, asap tebal.", None, ["related_link"]),
    ("Kata dia. Baca juga: Harga Pangan Naik. Warga resah.", "Kata dia. Warga resah.", None,
     ["related_link"]),
    ("Kata dia. Baca juga: Rupiah Melemah Lagi", "Kata dia.", None, ["related_link"]),
    # where the headline ends is unclear: kept
    ("Kata dia. Baca juga: di sana ada yang lain.", "Kata dia. Baca juga: di sana ada yang lain.",
     None, []),
    ("Akhir berita, katanya. (ren)", "Akhir berita, katanya.", None, ["credit"]),
    ("Akhir berita.(Andi Rahman)", "Akhir berita.", None, ["credit"]),
    ("Kata dia (ren) lagi.", "Kata dia (ren) lagi.", None, []),
    ("Kami siap,\" kata dia. Penulis: Dani Prabowo", "Kami siap,\" kata dia.", None, ["credit"]),
    ("Rapat selesai. Editor : Siti A. Rahman", "Rapat selesai.", None, ["credit"]),
    ("Ia berkata. Penulis: buku itu laris.", "Ia berkata. Penulis: buku itu laris.", None, []),
    ('soal RAPBD."Ini penting," katanya.', 'soal RAPBD. "Ini penting," katanya.', None, []),
    ("izin TKA.Keputusan itu", "izin TKA. Keputusan itu", None, []),
    ('Dia bilang ini,"Sebagai warga kami siap," ujarnya.', 'Dia bilang ini, "Sebagai warga kami siap," ujarnya.', None, []),
    ("Info di kompas.com.Berita lain", "Info di kompas.com.Berita lain", None, []),
    ("", "", None, []),
    ("   \n\t ", "", None, []),
]


@pytest.mark.parametrize(
    "raw,expected,dateline,kinds", GOLDEN_CLEAN, ids=[c[0][:30] for c in GOLDEN_CLEAN]
)
def test_clean_golden(raw: str, expected: str, dateline, kinds) -> None:  # type: ignore[no-untyped-def]
    art = clean(raw)
    assert art.text == expected
    if dateline is None:
        assert art.dateline is None
    else:
        assert (art.dateline.place, art.dateline.agency) == dateline
    assert [r.kind for r in art.removed] == kinds
    for r in art.removed:
        assert raw[r.raw_start : r.raw_end] == r.text


@pytest.mark.parametrize("raw", [c[0] for c in GOLDEN_CLEAN], ids=[c[0][:30] for c in GOLDEN_CLEAN])
def test_offsets_map_back_to_raw(raw: str) -> None:
    # every word of the cleaned text maps back onto a raw span that contains it
    for word, r0, r1 in raw_words(clean(raw), raw):
        assert 0 <= r0 <= r1 <= len(raw)
        raw_word = raw[r0:r1]
        # formatting edits (NFC, entities, no-break spaces) may change characters but never
        # move a word: the raw span starts where the word starts
        assert raw_word[:1] == word[:1] or not raw_word[:1].isalnum()


def test_to_raw_rejects_out_of_range() -> None:
    art = clean("Satu dua.")
    with pytest.raises(ValueError):
        art.to_raw(0, 100)


def test_non_text_raises_type_error() -> None:
    with pytest.raises(TypeError, match="E001"):
        clean(b"bytes")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="E001"):
        clean(None)  # type: ignore[arg-type]


def test_make_cleaner_custom_steps_and_unknown_step() -> None:
    only_links = make_cleaner("remove_related_links")
    art = only_links("Kendari (ANTARA) - Isi.\nBaca juga: lain")
    assert art.text == "Kendari (ANTARA) - Isi.\n"
    assert art.dateline is None
    with pytest.raises(KeyError, match="known steps"):
        make_cleaner("no_such_step")


def test_every_default_step_is_documented() -> None:
    for name in DEFAULT_STEPS:
        step = STEPS[name]
        assert step.description.strip()
        assert "->" in step.example


def test_fixture_cleaning_matches_gold(raw_fixture: str, gold) -> None:  # type: ignore[no-untyped-def]
    art = clean(raw_fixture)
    assert art.text == gold["text"]
    assert art.dateline is not None
    assert art.dateline.to_dict() == gold["dateline"]
    assert [r.to_dict() for r in art.removed] == gold["removed"]
    # the body appears once: the fixture's raw text has it twice
    body_line = gold["text"].splitlines()[1]
    assert raw_fixture.count(body_line) == 2
    assert art.text.count(body_line) == 1
    assert sum(r.kind == "related_link" for r in art.removed) == 4
    assert "Baca juga" not in art.text


def test_fixture_offsets_are_exact_for_copied_text(raw_fixture: str, gold) -> None:  # type: ignore[no-untyped-def]
    art = clean(raw_fixture)
    for sent in gold["sentences"]:
        r0, r1 = art.to_raw(sent["start"], sent["end"])
        assert raw_fixture[r0:r1] == art.text[sent["start"] : sent["end"]]


@pytest.mark.parametrize("raw", ["a\nBaca juga: \n a", "a\n\nBaca juga: \n\na"])
def test_removed_text_maps_to_an_empty_cleaned_span(raw: str) -> None:
    # regression (found by hypothesis): whitespace edits replaced the newline beside a removed
    # line, so the removed raw text mapped onto that newline
    art = clean(raw)
    assert art.removed
    for r in art.removed:
        a, b = art.from_raw(r.raw_start, r.raw_end)
        assert a == b
