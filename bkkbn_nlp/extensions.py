"""The Doc and Span extensions of bkkbn_nlp, declared in one place.

Every component that reads or writes an extension imports this module (downward: it imports
only spaCy), and :func:`register_extensions` is called by each of them before use, so a
component works whether or not :mod:`bkkbn_nlp.pipeline` was imported first.

Values live in ``doc.user_data`` under the keys below, so they survive ``Doc.to_bytes``,
``DocBin`` and multiprocessing:

* ``doc._.quotes``: list of quote records (empty until ``bkkbn_quotes`` fills it);
* ``doc._.topics``: dict ``{label: score}`` (empty until ``bkkbn_topics`` fills it);
* ``doc._.people``: one record per person (name, role, organization, mentions), from
  ``bkkbn_entity_rules``;
* ``span._.normalized``, ``span._.role``, ``span._.organization``: per entity span, from
  ``bkkbn_entity_rules`` (``normalized`` falls back to the span's text).
"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc, Span

__all__ = ["register_extensions", "entity_info", "QUOTES_KEY", "TOPICS_KEY", "ENTITIES_KEY",
           "PEOPLE_KEY"]

QUOTES_KEY = "bkkbn_nlp.quotes"
TOPICS_KEY = "bkkbn_nlp.topics"
#: ``{"start:end": {"normalized": ..., "role": ..., "organization": ...}}`` per entity span.
ENTITIES_KEY = "bkkbn_nlp.entities"
PEOPLE_KEY = "bkkbn_nlp.people"


def _user_data_property(key: str, factory: type) -> dict[str, Any]:
    def getter(doc: Doc) -> Any:
        value = doc.user_data.get(key)
        return factory() if value is None else value

    def setter(doc: Doc, value: Any) -> None:
        doc.user_data[key] = value

    return {"getter": getter, "setter": setter}


def entity_info(span: Span) -> dict[str, Any]:
    """What ``bkkbn_entity_rules`` recorded for ``span`` (empty when nothing)."""
    table: dict[str, Any] = span.doc.user_data.get(ENTITIES_KEY) or {}
    value: dict[str, Any] = table.get(f"{span.start_char}:{span.end_char}", {})
    return value


def register_extensions() -> None:
    """Register every extension listed in the module docstring (idempotent)."""
    if not Doc.has_extension("quotes"):
        Doc.set_extension("quotes", **_user_data_property(QUOTES_KEY, list))
    if not Doc.has_extension("topics"):
        Doc.set_extension("topics", **_user_data_property(TOPICS_KEY, dict))
    if not Span.has_extension("normalized"):
        Span.set_extension("normalized",
                           getter=lambda s: entity_info(s).get("normalized") or s.text)
    if not Span.has_extension("role"):
        Span.set_extension("role", getter=lambda s: entity_info(s).get("role"))
    if not Span.has_extension("organization"):
        Span.set_extension("organization", getter=lambda s: entity_info(s).get("organization"))
    if not Doc.has_extension("people"):
        Doc.set_extension("people", getter=lambda d: d.user_data.get(PEOPLE_KEY, []))
