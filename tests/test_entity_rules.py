"""The gazetteer and rule layer over the NER (invented sentences, not the fixture)."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Span

from bkkbn_nlp.pipeline import TOKENIZER_CONFIG


@pytest.fixture(scope="module")
def rules_nlp():  # type: ignore[no-untyped-def]
    nlp = spacy.blank("id", config=TOKENIZER_CONFIG)
    nlp.add_pipe("bkkbn_sentencizer")
    nlp.add_pipe("bkkbn_entity_rules")
    return nlp


def ents(doc):  # type: ignore[no-untyped-def]
    return [(e.text, e.label_, e._.normalized) for e in doc.ents]


GOLDEN = [
    ("Kepala BPBD Jabar meninjau Kab. Garut.",
     [("BPBD Jabar", "ORG", "Badan Penanggulangan Bencana Daerah Jawa Barat"),
      ("Kab. Garut", "LOC", "Kabupaten Garut")]),
    ("Dinkes Kabupaten Konawe Selatan dan Polda Sulawesi Tenggara bekerja sama.",
     [("Dinkes Kabupaten Konawe Selatan", "ORG", "Dinas Kesehatan Kabupaten Konawe Selatan"),
      ("Polda Sulawesi Tenggara", "ORG", "Kepolisian Daerah Sulawesi Tenggara")]),
    ("Kemenkes dan BPS merilis data di Jakarta.",
     [("Kemenkes", "ORG", "Kementerian Kesehatan"), ("BPS", "ORG", "Badan Pusat Statistik"),
      ("Jakarta", "LOC", "Daerah Khusus Ibukota Jakarta")]),
    ("Warga mengumpulkan batu di sungai.", []),
]


@pytest.mark.parametrize("text,expected", GOLDEN, ids=[t for t, _ in GOLDEN])
def test_gazetteer_rules(rules_nlp, text: str, expected) -> None:  # type: ignore[no-untyped-def]
    assert ents(rules_nlp(text)) == expected


def test_acronym_defined_in_text_links_both_forms(rules_nlp) -> None:  # type: ignore[no-untyped-def]
    nlp = spacy.blank("id", config=TOKENIZER_CONFIG)
    nlp.add_pipe("bkkbn_entity_rules")
    doc = nlp.make_doc("Lembaga Dana Desa (LDD) hadir. Kemudian LDD menyatakan siap.")
    doc.ents = [Span(doc, 0, 3, label="ORG")]
    doc = nlp.get_pipe("bkkbn_entity_rules")(doc)
    found = [(e.text, e._.normalized) for e in doc.ents]
    assert ("LDD", "Lembaga Dana Desa") in found
    assert found.count(("LDD", "Lembaga Dana Desa")) == 2  # in brackets and the later mention
    assert ("Lembaga Dana Desa", "Lembaga Dana Desa") in found


def test_titles_are_stripped_and_roles_attached() -> None:
    nlp = spacy.blank("id", config=TOKENIZER_CONFIG)
    nlp.add_pipe("bkkbn_sentencizer")
    rules = nlp.add_pipe("bkkbn_entity_rules")
    doc = nlp.make_doc("Kepala BPBD Jabar, Andi Rahman, hadir. Bupati Garut Siti Aminah juga.")
    for _, proc in nlp.pipeline[:1]:
        doc = proc(doc)
    # a statistical model would label the names; here we set them, titles included
    doc.ents = [Span(doc, 4, 6, label="PER"), Span(doc, 9, 13, label="PER")]
    doc = rules(doc)
    people = {p["name"]: p for p in doc._.people}
    assert set(people) == {"Andi Rahman", "Siti Aminah"}
    assert people["Andi Rahman"]["role"] == "Kepala"
    assert people["Andi Rahman"]["organization"] == "BPBD Jabar"
    assert people["Siti Aminah"]["role"] == "Bupati Garut"
    per = [e for e in doc.ents if e.label_ == "PER"]
    assert [e.text for e in per] == ["Andi Rahman", "Siti Aminah"]
    assert per[0]._.role == "Kepala"
