"""The rule table of ``bkkbn_entity_rules`` (``lang/data/rules/entities.tsv``): one row per
named rule, each checked on the bundled pipeline. With all rules the row's ``expect`` holds
on its example; with the rule turned off the entities differ; on its counter-example they
are the same with and without it."""

from __future__ import annotations

import inspect
from typing import Any

import pytest
from spacy.language import Language
from spacy.tokens import Doc

import bkkbn_nlp
from bkkbn_nlp.entities.rules import RULES, EntityRules
from bkkbn_nlp.lang.rules import RuleRow, read_rule_table

COMPONENT = "bkkbn_entity_rules"
ROWS = read_rule_table("entities")
#: What is compared of each entity: where, label, id, normalised name, role, organization.
Entity = tuple[int, int, str, str, Any, Any, Any]


@pytest.fixture(scope="module")
def nlp() -> Language:
    return bkkbn_nlp.load()


def _before_rules(nlp: Language, text: str) -> Doc:
    """``text`` through the pipeline's components before the entity rules."""
    doc = nlp.make_doc(text)
    for name in nlp.pipe_names[:nlp.pipe_names.index(COMPONENT)]:
        doc = nlp.get_pipe(name)(doc)
    return doc


def _entities(doc: Doc) -> list[Entity]:
    return [(e.start_char, e.end_char, e.label_, e.kb_id_, e._.normalized, e._.role,
             e._.organization) for e in doc.ents]


def _with_rules(nlp: Language, text: str, disabled: tuple[str, ...] = ()) -> list[Entity]:
    return _entities(EntityRules(nlp, "x", disable_rules=disabled)(_before_rules(nlp, text)))


def _parse_expect(expect: str) -> list[dict[str, str | None]]:
    """The ``expect`` notation of the table's header: ``LABEL:text[=normalized]
    [{role;organization}]`` items separated by ``|``, ``-`` for none."""
    if expect == "-":
        return []
    items: list[dict[str, str | None]] = []
    for item in expect.split("|"):
        label, _, rest = item.partition(":")
        role = org = None
        has_role = rest.endswith("}")
        if has_role:
            rest, _, people = rest[:-1].rpartition("{")
            role, _, org = people.partition(";")
        text, _, normalized = rest.partition("=")
        items.append({"label": label, "text": text, "normalized": normalized or None,
                      "has_role": "1" if has_role else None,
                      "role": None if role == "-" else role,
                      "organization": None if org == "-" else org})
    return items


def _holds(doc: Doc, expect: str) -> bool:
    """Whether the entities of ``doc`` are the ones ``expect`` lists, in order."""
    wanted = _parse_expect(expect)
    ents = list(doc.ents)
    if [(e.label_, e.text) for e in ents] != [(w["label"], w["text"]) for w in wanted]:
        return False
    for ent, want in zip(ents, wanted, strict=True):
        if want["normalized"] is not None and ent._.normalized != want["normalized"]:
            return False
        if want["has_role"] and (ent._.role, ent._.organization) != (want["role"],
                                                                     want["organization"]):
            return False
    return True


def test_the_table_lists_the_rules_in_order() -> None:
    assert [row.name for row in ROWS] == list(EntityRules.rule_names())


def test_every_rule_has_a_docstring_naming_it() -> None:
    for rule in RULES:
        doc = inspect.getdoc(rule.apply) or ""
        assert doc, rule.apply.__name__
        if rule.name:
            assert doc.startswith(f"``{rule.name}``"), rule.name


def test_an_unknown_rule_name_is_refused(nlp: Language) -> None:
    with pytest.raises(ValueError, match="E091"):
        EntityRules(nlp, "x", disable_rules=["no_such_rule"])


def test_the_expect_notation() -> None:
    assert _parse_expect("LOC:Israel utara|PER:Andi=Andi Rahman{Bupati;-}") == [
        {"label": "LOC", "text": "Israel utara", "normalized": None, "has_role": None,
         "role": None, "organization": None},
        {"label": "PER", "text": "Andi", "normalized": "Andi Rahman", "has_role": "1",
         "role": "Bupati", "organization": None}]


@pytest.mark.parametrize("row", ROWS, ids=[row.name for row in ROWS])
def test_the_example_gives_what_the_row_expects(nlp: Language, row: RuleRow) -> None:
    doc = nlp(row.example)
    assert _holds(doc, row.expect), [(e.label_, e.text, e._.normalized, e._.role,
                                      e._.organization) for e in doc.ents]
    assert _entities(doc) == _with_rules(nlp, row.example)


#: Rules the bundled CRF makes redundant on every example tried (it keeps them as guards):
#: the eleventh session's CRF puts no title inside a person span on its own.
REDUNDANT = frozenset({"strip_titles"})


@pytest.mark.parametrize("row", ROWS, ids=[row.name for row in ROWS])
def test_the_example_changes_with_the_rule_off(nlp: Language, row: RuleRow) -> None:
    if row.name in REDUNDANT:
        pytest.xfail(f"{row.name}: the bundled CRF alone already gives the expected result")
    assert _with_rules(nlp, row.example, (row.name,)) != _with_rules(nlp, row.example)


@pytest.mark.parametrize("row", ROWS, ids=[row.name for row in ROWS])
def test_the_counter_example_is_left_alone(nlp: Language, row: RuleRow) -> None:
    assert row.counter_example is not None
    assert _with_rules(nlp, row.counter_example, (row.name,)) == \
        _with_rules(nlp, row.counter_example)


def test_all_rules_off_keeps_the_model_entities(nlp: Language) -> None:
    text = "Petugas Dinsos Jabar mendata warga."
    model = [(e.start_char, e.end_char, e.label_) for e in _before_rules(nlp, text).ents]
    got = _with_rules(nlp, text, EntityRules.rule_names())
    assert [(s, e, label) for s, e, label, *_ in got] == model
