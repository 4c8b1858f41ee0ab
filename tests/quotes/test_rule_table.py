"""The rule table ``lang/data/rules/quotes.tsv``: every rule fires on its example, switching
it off changes the quotes there, and it leaves its counter-example alone."""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Iterator
from typing import Any

import pytest
from spacy.language import Language

import bkkbn_nlp
from bkkbn_nlp.lang.rules import RuleRow, read_rule_table
from bkkbn_nlp.quotes import QuoteAttributor

ROWS = read_rule_table("quotes")
#: rules that read a dependency parse: their pattern starts with "(parse)", and they are
#: checked with the syntax component (the bundled stanza models)
PARSE = "(parse)"
HAVE_STANZA = importlib.util.find_spec("stanza") is not None


@pytest.fixture(scope="module")
def plain() -> Iterator[Language]:
    yield bkkbn_nlp.load()


@pytest.fixture(scope="module")
def parsed() -> Iterator[Language]:
    if not HAVE_STANZA and os.environ.get("CI") != "true":
        pytest.skip("needs the stanza extra")
    yield bkkbn_nlp.load(syntax="stanza")


@pytest.fixture()
def pipeline(request: pytest.FixtureRequest, row: RuleRow) -> Language:
    """The pipeline a rule's row is checked with."""
    return request.getfixturevalue("parsed" if row.pattern.startswith(PARSE) else "plain")


def _text(cell: str) -> str:
    """A table cell with its escaped line breaks restored."""
    return cell.replace("\\n", "\n")


def _brief_one(q: dict[str, Any]) -> str:
    """One quote in the table's ``expect`` notation (see the table's header comment)."""
    speaker = q["speaker"] or {}
    parts = [q["type"], q["text"], (q["cue"] or {}).get("text") or "-", speaker.get("name") or "-"]
    if not speaker.get("name") and speaker.get("role"):
        parts.append("role=" + speaker["role"])
    if q.get("other_parts"):
        parts.append("other=" + " + ".join(p["text"] for p in q["other_parts"]))
    return "|".join(parts)


def brief(quotes: list[dict[str, Any]]) -> str:
    """The quotes of a doc in the ``expect`` notation, line breaks escaped."""
    return (" || ".join(_brief_one(q) for q in quotes) or "(none)").replace("\n", "\\n")


def _with_and_without(nlp: Language, text: str, rule: str) -> tuple[list[Any], list[Any]]:
    """The quotes of ``text`` with every rule, and with ``rule`` switched off."""
    doc = nlp(text)
    on = [dict(q) for q in doc._.quotes]
    off = QuoteAttributor(nlp, "x", overwrite=True, disable_rules=[rule])(doc)._.quotes
    return on, [dict(q) for q in off]


def test_the_table_names_every_rule_once() -> None:
    names = [row.name for row in ROWS]
    assert names and len(names) == len(set(names))
    assert QuoteAttributor.rule_names() == tuple(names)


@pytest.mark.parametrize("row", ROWS, ids=[row.name for row in ROWS])
def test_rule_fires_on_its_example(pipeline: Language, row: RuleRow) -> None:
    on, off = _with_and_without(pipeline, _text(row.example), row.name)
    assert brief(on) == row.expect
    assert on != off, f"switching {row.name} off changes nothing on its example"


@pytest.mark.parametrize("row", [r for r in ROWS if r.counter_example],
                         ids=[r.name for r in ROWS if r.counter_example])
def test_rule_leaves_its_counter_example_alone(pipeline: Language, row: RuleRow) -> None:
    assert row.counter_example is not None
    on, off = _with_and_without(pipeline, _text(row.counter_example), row.name)
    assert on == off


@pytest.mark.parametrize("row", ROWS, ids=[row.name for row in ROWS])
def test_rows_are_described(row: RuleRow) -> None:
    assert row.pattern and row.description and row.example and row.expect
