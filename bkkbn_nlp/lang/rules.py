"""Rule tables: one row per named rule of a rule-based component, read from
``lang/data/rules/<table>.tsv``.

A table is UTF-8, tab-separated, with a header line and ``#`` comment lines. Columns:

``name``
    The rule's name, unique in its table: what ``disable_rules`` takes.
``pattern``
    What the rule matches: a regular expression, ``@file.txt`` for a word list in
    ``lang/data/``, or a short plain description for a rule that is code.
``example``
    A text on which the rule fires; ``\\n`` in it is a line break (a paragraph end).
``expect``
    What the component gives on ``example`` with the rule on (the table's header comment
    says the notation); with the rule off the result differs. Tests check both.
``counter_example``
    A text the rule must leave alone (``-`` for none): the result is the same with the
    rule on and off.
``description``
    One line: what the rule does and why.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

from ..errors import Errors

__all__ = ["RuleRow", "read_rule_table", "check_rule_names", "COLUMNS"]

COLUMNS = ("name", "pattern", "example", "expect", "counter_example", "description")


@dataclass(frozen=True)
class RuleRow:
    """One rule of a table (see the module docstring for the columns)."""

    name: str
    pattern: str
    example: str
    expect: str
    counter_example: str | None
    description: str


def _lines(cell: str) -> str:
    return cell.replace("\\n", "\n")


@cache
def read_rule_table(table: str) -> tuple[RuleRow, ...]:
    """The rows of ``lang/data/rules/<table>.tsv``, in file order.

    Raises:
        ValueError: A row has the wrong number of columns, an empty name, or a repeated name.
    """
    path = resources.files("bkkbn_nlp.lang").joinpath("data").joinpath("rules").joinpath(
        f"{table}.tsv")
    lines = [line for line in path.read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    if not lines or tuple(lines[0].split("\t")) != COLUMNS:
        raise ValueError(Errors.E092.format(table=table, problem="the header must be "
                                            + "<TAB>".join(COLUMNS)))
    rows: list[RuleRow] = []
    for number, line in enumerate(lines[1:], start=2):
        cells = line.split("\t")
        if len(cells) != len(COLUMNS) or not cells[0].strip():
            raise ValueError(Errors.E092.format(
                table=table, problem=f"row {number} has {len(cells)} columns or no name"))
        name, pattern, example, expect, counter, description = (c.strip() for c in cells)
        if any(r.name == name for r in rows):
            raise ValueError(Errors.E092.format(table=table, problem=f"{name!r} is repeated"))
        rows.append(RuleRow(name, pattern, _lines(example), expect,
                            None if counter in ("", "-") else _lines(counter), description))
    return tuple(rows)


def check_rule_names(component: str, known: Iterable[str], names: Iterable[str]) -> frozenset[str]:
    """``names`` as a set, after checking each is one of the ``known`` rules of ``component``.

    Raises:
        ValueError: An unknown rule name (E091), listing the known ones.
    """
    known_set, wanted = frozenset(known), frozenset(names)
    unknown = sorted(wanted - known_set)
    if unknown:
        raise ValueError(Errors.E091.format(names=", ".join(unknown), component=component,
                                            known=", ".join(sorted(known_set))))
    return wanted
