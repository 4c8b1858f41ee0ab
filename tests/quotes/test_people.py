"""Name lookups of the resolution pass (:mod:`bkkbn_nlp.quotes.people`)."""

from __future__ import annotations

from spacy.language import Language

from bkkbn_nlp.quotes.context import Article
from bkkbn_nlp.quotes.people import People


def test_fullest_name_initials_and_blends(nlp: Language) -> None:
    doc = nlp("Gubernur Darmawan Sulistyo hadir bersama Rudi Hartono Wibisono.")
    people = People(Article(doc))
    assert people.fullest("Darmawan") == "Darmawan Sulistyo"
    assert people.fullest("RHW") == "Rudi Hartono Wibisono"
    assert people.fullest("Darsul") == "Darmawan Sulistyo"
    assert people.fullest("Sutarno") == "Sutarno"
    off = People(Article(doc, frozenset({"initials", "blended_nickname"})))
    assert off.fullest("RHW") == "RHW" and off.fullest("Darsul") == "Darsul"


def test_attributes_and_role_holder(nlp: Language) -> None:
    doc = nlp("Kepala Dinas Pendidikan, Maria Ulfa, membuka acara itu.")
    people = People(Article(doc))
    role, org = people.attributes("Maria Ulfa")
    assert role == "Kepala" and org == "Dinas Pendidikan"
    assert people.attributes("Ulfa") == (role, org)
    assert people.person_with_role("Kepala") == "Maria Ulfa"
    assert people.person_with_role("Camat") is None


def test_last_person_before_is_the_first_named_in_the_sentence(nlp: Language) -> None:
    doc = nlp("Maria Ulfa bertemu Rudi Hartono di Garut. Ia mengatakan harga stabil.")
    people = People(Article(doc))
    assert people.last_person_before(doc.text.index("Ia")) == "Maria Ulfa"
    assert people.last_person_before(0) is None
