"""People and roles (annotation guideline 2.5): a preceding title ("Bupati Konawe Andi":
role "Bupati", organisation "Konawe") or an appositive before or after the name ("Kepala
BPBD Jabar, Andi Rahman,"; "Andi Rahman, Ketua DPRD Kendari,") gives the mention's
``role`` and ``organization`` (rows ``role_before_name`` and ``role_after_name`` of
``lang/data/rules/entities.tsv``), and :func:`people` the records of ``doc._.people``.
"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc, Span

from .gazetteer import honorifics
from .rule_context import RuleContext, span_key
from .titles import is_title_token, title_at

__all__ = ["role_before_name", "role_after_name", "people"]

_STOP_ROLE = frozenset({",", ".", ";", ":", "(", ")", '"', "“", "”", "dan", "kata", "ujar",
                        "menurut", "bahwa", "yang", "oleh", "dengan", "serta", "atau", "bersama",
                        "dari", "kepada", "ke", "di", "pada", "untuk", "tutur", "jelas", "ucap"})
_MAX_ROLE_TOKENS = 14

Role = tuple[str | None, str | None]


def _split_role(doc: Doc, first: int, end: int, ents: list[Span]) -> Role:
    """Role and organisation in ``doc[first:end]``: the role runs from the title to the
    first organisation or place, which is the organisation ("Kepala" + "BPBD Jabar",
    "Bupati" + "Garut"); honorifics at the end are dropped."""
    honor = honorifics()
    while end > first and (doc[end - 1].lower_ in honor
                           or doc[end - 1].lower_.rstrip(".") in honor):
        end -= 1
    orgs = [e for e in ents if e.label_ in ("ORG", "LOC") and first < e.start
            and e.end <= end]
    if orgs:
        return doc[first:orgs[0].start].text, orgs[0].text
    return (doc[first:end].text or None), None


def _bounds(doc: Doc, ent: Span) -> tuple[int, int]:
    """The sentence of ``ent`` (the whole doc without sentence boundaries)."""
    if doc.has_annotation("SENT_START"):
        return ent.sent.start, ent.sent.end
    return 0, len(doc)


def _stops(t: Any, per_tokens: set[int]) -> bool:
    """Whether token ``t`` ends a role window: punctuation (but "-", "/", "&") or a token
    of another person."""
    return bool((t.is_punct and t.text not in "-/&") or t.i in per_tokens)


def _persons(ctx: RuleContext) -> tuple[list[int], set[int]]:
    """Indexes of the persons in ``ctx.spans`` and the tokens inside persons."""
    index = [k for k, e in enumerate(ctx.spans) if e.label_ == "PER"]
    return index, {i for k in index for i in range(ctx.spans[k].start, ctx.spans[k].end)}


def _role_before(doc: Doc, ent: Span, ents: list[Span], per_tokens: set[int]) -> Role | None:
    """The role before the name: the window runs back to a stop word, punctuation, another
    person or the sentence start; an appositive comma ("Kepala BPBD Jabar, Andi,") ends the
    role, which starts at the window's first title; ``None`` without a title."""
    lo = _bounds(doc, ent)[0]
    j = ent.start
    while j > lo and is_title_token(doc[j - 1].text) and j - 1 not in per_tokens:
        j -= 1
    role_end = ent.start
    if j > lo and doc[j - 1].text == ",":
        j -= 1
        role_end = j
    while j > lo and ent.start - j < _MAX_ROLE_TOKENS:
        t = doc[j - 1]
        if t.lower_ in _STOP_ROLE or _stops(t, per_tokens):
            break
        j -= 1
    first = next((k for k in range(j, role_end) if title_at(doc, k)), None)
    return None if first is None else _split_role(doc, first, role_end, ents)


def role_before_name(ctx: RuleContext) -> None:
    """``role_before_name``: a title before a person's name ("Wakil Bupati Garut dr. Rina",
    "Kepala BPBD Jabar, Andi Rahman,") gives the role, from the title to the first
    organisation or place, which is the organisation. Honorifics are not roles."""
    index, per_tokens = _persons(ctx)
    for k in index:
        role = _role_before(ctx.doc, ctx.spans[k], ctx.spans, per_tokens)
        if role is not None:
            ctx.titled.add(k)
            ctx.roles[k] = role


def role_after_name(ctx: RuleContext) -> None:
    """``role_after_name``: for a person without a title before the name, an appositive
    that opens with a title after it ("Andi Rahman, Ketua DPRD Kendari, ...") gives the
    role and organisation."""
    doc = ctx.doc
    index, per_tokens = _persons(ctx)
    for k in index:
        ent = ctx.spans[k]
        hi, at = _bounds(doc, ent)[1], ent.end
        if k in ctx.titled or not (at + 1 < hi and doc[at].text == ","
                                   and title_at(doc, at + 1)):
            continue
        e = at + 1
        while e < hi and e - at < _MAX_ROLE_TOKENS:
            t = doc[e]
            if (t.lower_ in _STOP_ROLE and e > at + 1) or _stops(t, per_tokens):
                break
            e += 1
        ctx.roles[k] = _split_role(doc, at + 1, e, ctx.spans)


def people(ctx: RuleContext) -> list[dict[str, Any]]:
    """(step) The records of persons: each mention's ``role`` and ``organization`` in its
    record, and one entry per name (name, role, organization, mentions) with what the first
    mention with a role said. Later bare mentions ("kata Andi") carry no role of their own
    (guideline 2.5)."""
    found: dict[str, dict[str, Any]] = {}
    for k, ent in enumerate(ctx.spans):
        if ent.label_ != "PER":
            continue
        rec = ctx.info.setdefault(span_key(ent), {})
        role, org = ctx.roles.get(k, (None, None))
        if role:
            rec["role"] = role
        if org:
            rec["organization"] = org
        person = found.setdefault(ent.text, {"name": ent.text, "role": None,
                                             "organization": None, "mentions": []})
        person["mentions"].append({"start": ent.start_char, "end": ent.end_char})
        for field in ("role", "organization"):
            if person[field] is None and rec.get(field):
                person[field] = rec[field]
    return list(found.values())
