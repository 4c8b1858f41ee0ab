"""The result of :func:`bkkbn_nlp.analyze`: :class:`Analysis` and its JSON form.

``Analysis.to_dict()`` follows the JSON Schema shipped as
``bkkbn_nlp/data/analysis.schema.json`` (see :func:`json_schema`). Every ``start``/``end``
indexes into ``text``, the cleaned text; ``removed`` records raw offsets.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any, NamedTuple

from ..about import SCHEMA_VERSION
from ..labels import ENTITY_LABELS, QUOTE_TYPES, TOPIC_LABELS
from ..text.clean import Dateline, Removal

__all__ = [
    "Analysis",
    "SentenceSpan",
    "TokenSpan",
    "EntitySpan",
    "ENTITY_LABELS",
    "QUOTE_TYPES",
    "TOPIC_LABELS",
    "json_schema",
]



# The span types are named tuples, not dataclasses: an article has hundreds of tokens, and a
# named tuple is built (and pickled between worker processes) several times faster than a
# frozen dataclass. They are immutable and compare and hash by value all the same.


class SentenceSpan(NamedTuple):
    """A sentence: ``text[start:end]``."""

    start: int
    end: int

    def to_dict(self) -> dict[str, int]:
        return {"start": self.start, "end": self.end}


class TokenSpan(NamedTuple):
    """A token: its text and ``text[start:end]``; when the pipeline ran a syntax component
    (``bkkbn_syntax``), also its UPOS ``pos``, ``tag`` (XPOS), ``lemma``, ``morph`` (UD
    features, ``Case=Nom|...``), ``head`` (index of its head in the analysis's ``tokens``;
    its own index for a sentence root) and ``dep`` (UD relation; ``ROOT`` for a root)."""

    text: str
    start: int
    end: int
    pos: str | None = None
    tag: str | None = None
    lemma: str | None = None
    morph: str | None = None
    head: int | None = None
    dep: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"text": self.text, "start": self.start, "end": self.end}
        for key in ("pos", "tag", "lemma", "morph", "head", "dep"):
            value = getattr(self, key)
            if value is not None:
                d[key] = value
        return d


class EntitySpan(NamedTuple):
    """A named entity: ``label`` is PER, ORG or LOC; ``normalized`` its canonical name;
    ``kb_id`` a stable id when the entity is a known place or agency; for a person,
    ``role`` and ``organization`` where the text gives them at this mention (a title
    before the name or an appositive: annotation guideline 2.5)."""

    text: str
    label: str
    start: int
    end: int
    normalized: str
    kb_id: str | None = None
    role: str | None = None
    organization: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "text": self.text,
            "label": self.label,
            "start": self.start,
            "end": self.end,
            "normalized": self.normalized,
        }
        if self.kb_id:
            d["kb_id"] = self.kb_id
        if self.role:
            d["role"] = self.role
        if self.organization:
            d["organization"] = self.organization
        return d


@dataclass(frozen=True)
class Analysis:
    """Everything bkkbn_nlp found in one article.

    Attributes:
        text: The cleaned text; every offset indexes into it.
        dateline: The dateline, or ``None``.
        removed: What cleaning removed, with raw offsets.
        sentences, tokens, entities: Spans of ``text``.
        quotes: Quote records (dicts in the JSON shape), empty until quote attribution runs.
        topics: ``(label, score)`` pairs sorted by score, empty until topic tagging runs.
    """

    text: str
    dateline: Dateline | None = None
    removed: tuple[Removal, ...] = ()
    sentences: tuple[SentenceSpan, ...] = ()
    tokens: tuple[TokenSpan, ...] = ()
    entities: tuple[EntitySpan, ...] = ()
    quotes: tuple[dict[str, Any], ...] = ()
    topics: tuple[tuple[str, float], ...] = ()
    meta: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready dict described by ``analysis.schema.json``."""
        return {
            "schema_version": SCHEMA_VERSION,
            "text": self.text,
            "dateline": self.dateline.to_dict() if self.dateline else None,
            "removed": [r.to_dict() for r in self.removed],
            "sentences": [s.to_dict() for s in self.sentences],
            "tokens": [t.to_dict() for t in self.tokens],
            "entities": [e.to_dict() for e in self.entities],
            "quotes": [dict(q) for q in self.quotes],
            "topics": [{"label": label, "score": round(score, 4)} for label, score in self.topics],
            **({"meta": self.meta} if self.meta else {}),
        }

    def to_json(self, *, indent: int | None = None) -> str:
        """The JSON text of :meth:`to_dict` (UTF-8 characters kept, not escaped)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # Worker processes send results back pickled. Spans go as plain tuples, which pickle
        # several times faster than their named-tuple classes (those go through copyreg).
        return _unpickle_analysis, (
            self.text, self.dateline, self.removed,
            tuple(map(tuple, self.sentences)), tuple(map(tuple, self.tokens)),
            tuple(map(tuple, self.entities)), self.quotes, self.topics, self.meta,
        )


def _unpickle_analysis(text: str, dateline: Dateline | None, removed: tuple[Removal, ...],
                       sentences: tuple[tuple[int, int], ...],
                       tokens: tuple[tuple[str, int, int], ...],
                       entities: tuple[tuple[Any, ...], ...], quotes: tuple[dict[str, Any], ...],
                       topics: tuple[tuple[str, float], ...], meta: dict[str, Any]) -> Analysis:
    return Analysis(text, dateline, removed, tuple(map(SentenceSpan._make, sentences)),
                    tuple(map(TokenSpan._make, tokens)), tuple(map(EntitySpan._make, entities)),
                    quotes, topics, meta)


@lru_cache(maxsize=1)
def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of ``Analysis.to_dict()``."""
    text = resources.files("bkkbn_nlp").joinpath("data").joinpath("analysis.schema.json").read_text(
        encoding="utf-8"
    )
    schema: dict[str, Any] = json.loads(text)
    return schema
