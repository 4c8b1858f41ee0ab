"""The gazetteer in text written without case (issue 21): unambiguous multi-word forms are
matched in any case, only inside sentences without case."""

from __future__ import annotations

import spacy

from bkkbn_nlp.entities.rule_steps import GazetteerLookup
from bkkbn_nlp.pipeline import TOKENIZER_CONFIG


def _hits(text: str) -> list[tuple[str, str]]:
    nlp = spacy.blank("id", config=TOKENIZER_CONFIG)
    doc = nlp.make_doc(text)
    return sorted({(doc[a:b].text, e.label) for a, b, e in GazetteerLookup(nlp)(doc)})


def test_multiword_forms_in_lower_and_upper_case() -> None:
    assert ("jawa barat", "LOC") in _hits("warga jawa barat datang ke badan pusat statistik")
    assert ("badan pusat statistik", "ORG") in _hits(
        "warga jawa barat datang ke badan pusat statistik")
    assert ("SULAWESI TENGGARA", "LOC") in _hits("GUBERNUR SULAWESI TENGGARA DATANG HARI INI")


def test_common_words_and_cased_sentences_are_left_alone() -> None:
    assert not any(t == "kota baru" for t, _ in _hits("mereka pindah ke kota baru itu"))
    assert not any(t == "dinas kesehatan" for t, _ in _hits("pegawai dinas kesehatan hadir"))
    # a cased sentence: the lower-case phrase is not a name there
    assert ("jawa barat", "LOC") not in _hits("Andi dan Budi dari Bandung ke jawa barat")
    assert ("Jawa Barat", "LOC") in _hits("Andi dan Budi dari Bandung ke Jawa Barat")
