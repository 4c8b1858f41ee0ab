"""The news tokenizer: golden tokenizations, language data, serialisation."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from bkkbn_nlp.lang import final_abbreviations, read_list, title_abbreviations
from bkkbn_nlp.text.tokenizer import infixes

GOLDEN_TOKENS = [
    ("Plt. Kepala Kab. Konawe", ["Plt.", "Kepala", "Kab.", "Konawe"]),
    ("Kec. Poasia, Kel. Anduonohu, Prov. Sultra", ["Kec.", "Poasia", ",", "Kel.", "Anduonohu", ",", "Prov.", "Sultra"]),
    ("Drs. H. Andi Rahman, M.Si. dan Hj. Siti, S.Pd.", ["Drs.", "H.", "Andi", "Rahman", ",", "M.Si.", "dan", "Hj.", "Siti", ",", "S.Pd."]),
    ("Jl. Merdeka No. 5", ["Jl.", "Merdeka", "No.", "5"]),
    ("dr. Andi dan Ir. Budi", ["dr.", "Andi", "dan", "Ir.", "Budi"]),
    ("buku, pena, dll. Kemudian", ["buku", ",", "pena", ",", "dll.", "Kemudian"]),
    ("a.n. Kepala Dinas", ["a.n.", "Kepala", "Dinas"]),
    ("Rp10.000,50 per orang.", ["Rp", "10.000,50", "per", "orang", "."]),
    ("Harga 10.000,50 rupiah.", ["Harga", "10.000,50", "rupiah", "."]),
    ("anak-anak bermain-main sebaik-baiknya", ["anak-anak", "bermain-main", "sebaik-baiknya"]),
    ("Anak-anak e-KTP ke-20", ["Anak-anak", "e", "-", "KTP", "ke", "-", "20"]),
    ("Jakarta–Bandung dan/atau", ["Jakarta", "–", "Bandung", "dan", "/", "atau"]),
    ("TNI-BKKBN Sulawesi-Tenggara", ["TNI", "-", "BKKBN", "Sulawesi", "-", "Tenggara"]),
    ('"Kami siap," katanya.', ['"', "Kami", "siap", ",", '"', "katanya", "."]),
    ("kabupaten/kota", ["kabupaten", "/", "kota"]),
    ("www.bkkbn.go.id dan humas@bkkbn.go.id", ["www.bkkbn.go.id", "dan", "humas@bkkbn.go.id"]),
    ("KAB. KONAWE", ["KAB.", "KONAWE"]),
]


@pytest.mark.parametrize("text,expected", GOLDEN_TOKENS, ids=[t for t, _ in GOLDEN_TOKENS])
def test_golden_tokens(nlp, text: str, expected: list[str]) -> None:  # type: ignore[no-untyped-def]
    assert [t.text for t in nlp.tokenizer(text)] == expected


def test_every_listed_abbreviation_is_one_token(nlp) -> None:  # type: ignore[no-untyped-def]
    for abbr in sorted(title_abbreviations() | final_abbreviations()):
        tokens = [t.text for t in nlp.tokenizer(f"x {abbr} Y")]
        assert tokens == ["x", abbr, "Y"], abbr


def test_language_data_files_have_no_duplicates_or_blanks() -> None:
    for name in ("abbreviations.txt", "abbreviations_final.txt", "news_agencies.txt",
                 "related_link_labels.txt", "credit_labels.txt"):
        items = read_list(name)
        assert items, name
        assert all(i == i.strip() and i for i in items)


def test_long_hyphenated_tokens(nlp) -> None:  # type: ignore[no-untyped-def]
    word = "-".join(["ab"] * 3000)
    assert [t.text for t in nlp.tokenizer(word)] == [word]
    assert len(nlp.tokenizer("a" * 20000 + "-B")) == 3


def test_infix_narrowing_fails_loudly_on_unknown_patterns() -> None:
    with pytest.raises(RuntimeError, match="unexpected spaCy infix"):
        infixes([r"(?<=k)-(?=a)"])


def test_tokenizer_round_trip(nlp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    nlp.tokenizer.to_disk(tmp_path / "tok")
    other = spacy.blank("id", config={"nlp": {"tokenizer": {"@tokenizers": "bkkbn.Tokenizer.v1"}}})
    other.tokenizer.from_disk(tmp_path / "tok")
    text = "Plt. Kepala Kab. Konawe, anak-anak dan TNI-BKKBN; 10.000,50 dll. Selesai."
    assert [t.text for t in other.tokenizer(text)] == [t.text for t in nlp.tokenizer(text)]


def test_tokens_preserve_text(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Kendari, Senin (25/8/2019).  \"Ini\"  kata—nya…\n\nAkhir"
    doc = nlp.tokenizer(text)
    assert doc.text == text


def test_rules_are_loaded_once_from_disk_and_restored_without_tokenizer_data() -> None:
    import bkkbn_nlp
    from bkkbn_nlp.text.tokenizer import build_tokenizer, rules_from_disk, special_cases

    blank = spacy.blank("id")
    with rules_from_disk():
        assert not build_tokenizer(blank).rules
    assert build_tokenizer(blank).rules == special_cases()
    # the saved tokenizer data left out: load() puts the special cases back itself
    nlp = bkkbn_nlp.load(exclude=["tokenizer"])
    assert nlp.tokenizer.rules == special_cases()
    assert [t.text for t in nlp.tokenizer("Kab. Konawe.")] == ["Kab.", "Konawe", "."]


def test_loading_keeps_rules_and_linear_affixes_and_honours_exclude(nlp) -> None:  # type: ignore[no-untyped-def]
    import pickle

    from bkkbn_nlp.text.tokenizer import NewsTokenizer

    data = nlp.tokenizer.to_bytes()
    fresh = NewsTokenizer(nlp.vocab).from_bytes(data)
    assert fresh.rules == nlp.tokenizer.rules and "Kab." in fresh.rules
    assert type(fresh.prefix_search.__self__).__name__ == "_PrefixSearch"
    assert type(fresh.suffix_search.__self__).__name__ == "_SuffixSearch"
    assert [t.text for t in fresh("Kab. Konawe.")] == ["Kab.", "Konawe", "."]
    without = NewsTokenizer(nlp.vocab).from_bytes(data, exclude=["exceptions"])
    assert not without.rules
    assert [t.text for t in without("Kab. Konawe.")] == ["Kab", ".", "Konawe", "."]
    copied = pickle.loads(pickle.dumps(nlp.tokenizer))
    assert isinstance(copied, NewsTokenizer) and copied.rules == nlp.tokenizer.rules
