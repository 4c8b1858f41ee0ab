"""The shared state of the entity rules (:class:`RuleContext`), the shape of one rule
(:class:`Rule`) and the small span helpers the rule modules share.

A rule is a function over the context: it reads and replaces ``ctx.spans`` (the entity
candidates so far) and writes what it learns about a span into ``ctx.info`` (keyed by the
span's character offsets, see :func:`span_key`). :mod:`bkkbn_nlp.entities.rules` runs the
rules in order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc, Span

from .gazetteer import Entry

__all__ = ["Info", "Hit", "Match", "Rule", "RuleContext", "span_key", "positions",
           "map_label"]

#: What the rules record per span, by :func:`span_key`: normalized, source, role, ...
Info = dict[str, dict[str, Any]]
#: A raw gazetteer hit: start token, end token, entry.
Hit = tuple[int, int, Entry]


@dataclass(frozen=True)
class Match:
    """A gazetteer match kept for the entities: tokens ``start:end`` refer to ``entry``;
    ``compound`` for an agency joined with its region ("BKKBN Sultra")."""

    start: int
    end: int
    entry: Entry
    compound: bool = False


@dataclass
class RuleContext:
    """What the rules share while they run over one doc.

    Attributes:
        doc: The doc.
        lookup: The gazetteer's phrase matcher: every hit in a doc.
        spans: The entity candidates so far (the model's entities at the start).
        info: The records of spans (normalized name, source, role, organization).
        matches: Gazetteer matches kept (longest first, no overlaps).
        gaz: The gazetteer's spans.
        used_gaz: Indexes into ``gaz`` of spans that replace a model span.
        after_place: ``(start, end)`` of person spans split off after a place or agency.
        org_tokens: Tokens inside an ORG when the acronym rules start.
        definitions: Acronym -> full name, for acronyms defined in the text.
        roles: Index of a person in ``spans`` -> (role, organization).
        titled: Indexes of persons with a title before the name.
    """

    doc: Doc
    lookup: Callable[[Doc], list[Hit]]
    spans: list[Span]
    info: Info = field(default_factory=dict)
    matches: list[Match] = field(default_factory=list)
    gaz: list[Span] = field(default_factory=list)
    used_gaz: set[int] = field(default_factory=set)
    after_place: set[tuple[int, int]] = field(default_factory=set)
    org_tokens: set[int] = field(default_factory=set)
    definitions: dict[str, str] = field(default_factory=dict)
    roles: dict[int, tuple[str | None, str | None]] = field(default_factory=dict)
    titled: set[int] = field(default_factory=set)

    def gaz_tokens(self) -> set[int]:
        """The tokens inside a gazetteer span."""
        return {i for g in self.gaz for i in range(g.start, g.end)}


@dataclass(frozen=True)
class Rule:
    """One named rule of ``bkkbn_entity_rules`` (a row of ``rules/entities.tsv``), or with
    an empty name a step of the frame that always runs (settling overlaps, say)."""

    name: str
    apply: Callable[[RuleContext], None]


def span_key(span: Span) -> str:
    """The key of ``span`` in the records: its character offsets, ``"start:end"``."""
    return f"{span.start_char}:{span.end_char}"


def positions(doc: Doc, texts: Iterable[str]) -> list[int]:
    """Indexes of the tokens whose text is one of ``texts`` (vectorised over the doc)."""
    import numpy
    from spacy.attrs import ORTH

    orth = doc.to_array(ORTH)
    keys = numpy.array([doc.vocab.strings.add(t) for t in texts], dtype=orth.dtype)
    return [int(i) for i in numpy.nonzero(numpy.isin(orth, keys))[0]]


def map_label(ctx: RuleContext, labels: Iterable[str],
              change: Callable[[Span], list[Span]]) -> None:
    """Replace each span of ``ctx.spans`` with one of ``labels`` by ``change(span)`` (an
    empty list drops it), in place and in order; other spans stay."""
    wanted = frozenset(labels)
    ctx.spans = [new for span in ctx.spans
                 for new in (change(span) if span.label_ in wanted else [span])]
