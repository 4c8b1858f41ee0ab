"""Sentence boundaries: golden cases and the gold fixture."""

from __future__ import annotations

import pytest

import bkkbn_nlp

GOLDEN_SENTS = [
    ("Satu dua. Tiga empat.", ["Satu dua.", "Tiga empat."]),
    ("Paragraf tanpa titik\nParagraf kedua", ["Paragraf tanpa titik", "Paragraf kedua"]),
    ('"Kami siap bekerja," katanya. Ia pulang.', ['"Kami siap bekerja," katanya.', "Ia pulang."]),
    ('Dia berkata, "Ini penting." Lalu pergi.', ['Dia berkata, "Ini penting."', "Lalu pergi."]),
    ("Dia berkata, “Ini penting.” Lalu pergi.", ["Dia berkata, “Ini penting.”", "Lalu pergi."]),
    ('"Apa ini?" tanyanya heran.', ['"Apa ini?" tanyanya heran.']),
    ("Plt. Kepala Kab. Konawe hadir. Drs. H. Andi, M.Si. juga.",
     ["Plt. Kepala Kab. Konawe hadir.", "Drs. H. Andi, M.Si. juga."]),
    ("Harga naik menjadi Rp10.000,50 per liter. Warga mengeluh.",
     ["Harga naik menjadi Rp10.000,50 per liter.", "Warga mengeluh."]),
    ("Dibeli buku, pena, dll. Kemudian dibagikan.", ["Dibeli buku, pena, dll.", "Kemudian dibagikan."]),
    ("Ada buku, pena, dll. untuk siswa.", ["Ada buku, pena, dll. untuk siswa."]),
    ("Sungguh! Luar biasa?! Ya…  Tentu.", ["Sungguh!", "Luar biasa?!", "Ya…", "Tentu."]),
    ('"Ini wadah kita. Kita akan bekerja," katanya.', ['"Ini wadah kita.', 'Kita akan bekerja," katanya.']),
    ("Hasilnya (lihat tabel.) bagus. Oke.", ["Hasilnya (lihat tabel.) bagus.", "Oke."]),
    ("Tanda kutip tak seimbang \" di sini. Kalimat kedua.", ['Tanda kutip tak seimbang " di sini.', "Kalimat kedua."]),
]


@pytest.mark.parametrize("text,expected", GOLDEN_SENTS, ids=[t for t, _ in GOLDEN_SENTS])
def test_golden_sentences(nlp, text: str, expected: list[str]) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(text)
    assert [s.text.strip() for s in doc.sents] == expected


def test_fixture_sentences_equal_gold(raw_fixture: str, gold) -> None:  # type: ignore[no-untyped-def]
    result = bkkbn_nlp.analyze(raw_fixture)
    assert result.text == gold["text"]
    assert [s.to_dict() for s in result.sentences] == gold["sentences"]


def test_every_paragraph_break_ends_a_sentence(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "satu dll.\ndua Kab.\ntiga, \n\n empat"
    doc = nlp(text)
    assert [s.text.strip() for s in doc.sents] == ["satu dll.", "dua Kab.", "tiga,", "empat"]


def test_empty_and_space_docs(nlp) -> None:  # type: ignore[no-untyped-def]
    assert list(nlp("").sents) == []
    assert len(list(nlp(" \n ").sents)) <= 1
