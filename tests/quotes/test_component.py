"""The component ``bkkbn_quotes`` and its switchable rules (:mod:`bkkbn_nlp.quotes.component`)."""

from __future__ import annotations

import pytest
from spacy.language import Language

from bkkbn_nlp.lang.rules import read_rule_table
from bkkbn_nlp.quotes import QuoteAttributor, extract_quotes, make_quotes, pronouns, reporting_cues
from bkkbn_nlp.quotes.component import rule_names

TEXT = "Menurut Maria Ulfa, pelayanan puskesmas harus buka setiap hari."


def test_rule_names_are_the_table(nlp: Language) -> None:
    names = tuple(row.name for row in read_rule_table("quotes"))
    assert rule_names() == names == QuoteAttributor.rule_names()
    assert QuoteAttributor(nlp, "x").rule_names() == names


def test_unknown_rule_names_are_refused(nlp: Language) -> None:
    with pytest.raises(ValueError, match="no_such_rule"):
        QuoteAttributor(nlp, "x", disable_rules=["no_such_rule"])
    with pytest.raises(ValueError, match="no_such_rule"):
        extract_quotes(nlp(TEXT), disable_rules=["no_such_rule"])


def test_disable_rules_switches_a_rule_off(nlp: Language) -> None:
    doc = nlp(TEXT)
    assert len(extract_quotes(doc)) == 1
    assert extract_quotes(doc, disable_rules=["menurut_cue"]) == []
    component = QuoteAttributor(nlp, "x", overwrite=True, disable_rules=("menurut_cue",))
    assert component.disabled_rules == {"menurut_cue"}
    assert component(doc)._.quotes == []


def test_existing_quotes_are_kept_unless_overwritten(nlp: Language) -> None:
    doc = nlp(TEXT)
    kept = QuoteAttributor(nlp, "x", disable_rules=["menurut_cue"])(doc)._.quotes
    assert len(kept) == 1
    assert make_quotes(nlp, "x", True, ["menurut_cue"])(doc)._.quotes == []


def test_empty_doc_and_word_lists(nlp: Language) -> None:
    assert extract_quotes(nlp("")) == []
    assert reporting_cues()["kata"] == "post" and "ia" in pronouns()


