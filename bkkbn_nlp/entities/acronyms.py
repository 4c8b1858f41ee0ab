"""Acronyms defined in the text, either order ("Badan Pengelola Dana (BPD)", "KPPS
(Kelompok ...)"): both forms are linked when the name spells the acronym
(:func:`spells_acronym`), and later mentions of the acronym get the full name as
``normalized`` (rows ``acronym_after_name``, ``acronym_before_name`` and
``acronym_mentions`` of ``lang/data/rules/entities.tsv``).
"""

from __future__ import annotations

from functools import cache

from spacy.tokens import Doc, Span

from .gazetteer import legal_forms, org_heads
from .rule_context import RuleContext, positions, span_key

__all__ = ["spells_acronym", "acronym_after_name", "acronym_before_name", "acronym_mentions"]

_CONNECTORS = frozenset({"dan", "dari", "untuk", "pada", "di", "ke", "&", "-"})


def _acronym_letters(text: str) -> str | None:
    """The letters of a plausible acronym ("BPBD", "Bappenas", "KemenPPPA", "GN-OTA"),
    lower-cased, or ``None`` (also for a company's legal form: "(Persero)")."""
    letters = text.replace("-", "")
    if not (2 <= len(letters) <= 12 and letters.isalnum() and text[:1].isupper()) \
            or text.lower() in legal_forms():
        return None
    if sum(ch.isupper() for ch in letters) < 2 and len(letters) < 4:
        return None
    return letters.lower()


def spells_acronym(words: list[str], acronym: str) -> bool:
    """Whether ``words`` spell ``acronym``: each word gives a prefix of one to five letters
    (each part of a hyphenated word likewise), in order; connectors ("dan", "dari") may give
    nothing. "Badan Pusat Statistik" spells BPS, "Badan Perencanaan Pembangunan Nasional"
    spells Bappenas, "Perserikatan Bangsa-Bangsa" spells PBB."""
    letters = _acronym_letters(acronym)
    if letters is None:
        return False
    parts: list[tuple[str, bool]] = []
    for w in words:
        low = w.lower()
        if low in _CONNECTORS:
            parts.append((low, True))
        else:
            parts.extend((p, False) for p in low.split("-") if p)
    if not parts or parts[0][1]:
        return False

    @cache
    def ok(wi: int, ai: int) -> bool:
        if wi == len(parts):
            return ai == len(letters)
        word, optional = parts[wi]
        if optional and ok(wi + 1, ai):
            return True
        for k in range(1, min(len(word), 5) + 1):
            if letters.startswith(word[:k], ai) and ok(wi + 1, ai + k):
                return True
        return False

    return ok(0, 0)


def _expansions(doc: Doc) -> list[Span]:
    """Names spelled out before their acronym: "Badan Pusat Data (BPD)" -> ORG span of
    capitalised words that spell the acronym (:func:`spells_acronym`); the shortest
    such name wins."""
    out = []
    for o in positions(doc, ("(",)):
        i = o + 1
        if i < 2 or i + 1 >= len(doc) or doc[i + 1].text != ")":
            continue
        tok = doc[i]
        if _acronym_letters(tok.text) is None:
            continue
        j = i - 1
        while j > 0 and i - 1 - j < 14:
            w = doc[j - 1]
            if not ((w.text[:1].isupper() and not w.is_punct) or w.lower_ in _CONNECTORS):
                break
            j -= 1
            name = [t.text for t in doc[j:i - 1]]
            if doc[j].text[:1].isupper() and spells_acronym(name, tok.text):
                out.append(Span(doc, j, i - 1, label="ORG"))
                break
    return out


def _overlaps(a: Span, b: Span) -> bool:
    """Whether the spans share a token."""
    return a.start < b.end and b.start < a.end


def _add_expansions(ctx: RuleContext) -> None:
    """Organisation names spelled out before their acronym become ORG spans, unless a span
    at least as long overlaps them (which they replace otherwise)."""
    heads = org_heads()
    for span in _expansions(ctx.doc):
        acronym_is_org = span.end + 1 in ctx.org_tokens
        if not (span[0].lower_ in heads or acronym_is_org or span.start in ctx.org_tokens):
            continue
        if not any(_overlaps(e, span) and e.end - e.start >= span.end - span.start
                   for e in ctx.spans):
            ctx.spans = [e for e in ctx.spans if not _overlaps(e, span)]
            ctx.spans.append(span)
            ctx.info.setdefault(span_key(span), {"source": "acronym"})
    ctx.spans.sort(key=lambda e: e.start)


def acronym_after_name(ctx: RuleContext) -> None:
    """``acronym_after_name``: an organisation followed by an acronym in brackets ("Badan
    Pengelola Dana (BPD)") defines the acronym; a spelled-out name the lists and the model
    missed becomes an ORG."""
    _add_expansions(ctx)
    doc = ctx.doc
    for ent in ctx.spans:
        end = ent.end
        if end + 2 < len(doc) and doc[end].text == "(" and doc[end + 2].text == ")":
            acr = doc[end + 1].text
            if _acronym_letters(acr) is not None and ent.label_ == "ORG":
                ctx.definitions[acr] = ctx.info.get(span_key(ent), {}).get("normalized",
                                                                            ent.text)


def _spelled_inside(doc: Doc, tok: int) -> Span | None:
    """The capitalised words in brackets right after the acronym at ``tok`` that spell it
    ("KPPS (Kelompok Penyelenggara Pemungutan Suara)"), or ``None``."""
    close = next((t.i for t in doc[tok + 2:tok + 17] if t.text == ")"), None)
    if close is None or close == tok + 2:
        return None
    inner = doc[tok + 2:close]
    if not (inner[0].text[:1].isupper()
            and all(t.text[:1].isupper() or t.lower_ in _CONNECTORS for t in inner)
            and spells_acronym([t.text for t in inner], doc[tok].text)):
        return None
    return inner


def acronym_before_name(ctx: RuleContext) -> None:
    """``acronym_before_name``: an acronym followed by its organisation's name in brackets
    ("KPPS (Kelompok Penyelenggara Pemungutan Suara)") defines the acronym; the name
    becomes an ORG where no entity is."""
    doc, heads = ctx.doc, org_heads()
    for o in (k for k in positions(doc, ("(",)) if 0 < k < len(doc) - 2):
        tok = doc[o - 1]
        if _acronym_letters(tok.text) is None:
            continue
        inner = _spelled_inside(doc, tok.i)
        if inner is None or not (inner[0].lower_ in heads or tok.i in ctx.org_tokens):
            continue
        ctx.definitions.setdefault(tok.text, ctx.info.get(span_key(inner), {}).get(
            "normalized", inner.text))
        if not any(_overlaps(e, inner) for e in ctx.spans):
            span = Span(doc, inner.start, inner.end, label="ORG")
            ctx.info.setdefault(span_key(span), {"source": "acronym"})
            ctx.spans.append(span)


def acronym_mentions(ctx: RuleContext) -> None:
    """``acronym_mentions``: every mention of an acronym defined in the text gets the full
    name as ``normalized``; a mention outside every entity, or one the model took for a
    person or place, becomes an ORG."""
    if not ctx.definitions:
        return
    for n, ent in enumerate(ctx.spans):  # a defined acronym names an organisation
        if ent.text in ctx.definitions and ent.label_ != "ORG":
            ctx.spans[n] = Span(ctx.doc, ent.start, ent.end, label="ORG")
    for ent in ctx.spans:
        if ent.text in ctx.definitions:
            ctx.info.setdefault(span_key(ent), {}).setdefault("normalized",
                                                              ctx.definitions[ent.text])
    covered = {i for e in ctx.spans for i in range(e.start, e.end)}
    for k in (k for k in positions(ctx.doc, ctx.definitions) if k not in covered):
        span = Span(ctx.doc, k, k + 1, label="ORG")
        ctx.info[span_key(span)] = {"normalized": ctx.definitions[span.text],
                                    "source": "acronym"}
        ctx.spans.append(span)
