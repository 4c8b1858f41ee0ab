"""Later mentions of a person: by the first or last word of the full name, or by a nickname
blended from it (rows ``later_mentions`` and ``blended_nicknames`` of
``lang/data/rules/entities.tsv``).
"""

from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Doc, Span

from .names import spells_blend
from .rule_context import RuleContext, span_key
from .titles import NOT_NAMES, is_title_token

__all__ = ["later_mentions", "blended_nicknames"]

#: A word of a full name -> (the full name, end of the sentence of its first mention).
FirstMentions = dict[str, tuple[str, int]]


def _first_mentions(ctx: RuleContext, gaz_tokens: set[int]) -> FirstMentions:
    """The first and last words of the persons' full names (of two words or more) that
    may stand for the person alone: capitalised, three letters or more, not an acronym,
    a title, a weekday or a gazetteer word."""
    doc, spans = ctx.doc, ctx.spans
    if not any(span.label_ == "PER" and len(span) > 1 for span in spans):
        return {}
    # sentence ends, bisected by token (span.sent walks the sentence on every call)
    ends = [s.end for s in doc.sents] if doc.has_annotation("SENT_START") else [len(doc)]
    full: FirstMentions = {}
    for span in spans:
        if span.label_ != "PER":
            continue
        words = [t for t in span if t.is_alpha]
        if len(words) < 2:
            continue
        for t in (words[0], words[-1]):
            w = t.text
            if len(w) >= 3 and w[:1].isupper() and not w.isupper() \
                    and not is_title_token(w) and w.lower() not in NOT_NAMES \
                    and t.i not in gaz_tokens and w not in full:
                full[w] = (span.text, ends[bisect_right(ends, span.start)])
    return full


def _normalize(ctx: RuleContext, span: Span, name: str | None) -> None:
    """Record ``name`` as the normalised name of the one-word person ``span`` (unless it is
    the span's text or the span has one already)."""
    if name is not None and name != span.text:
        ctx.info.setdefault(span_key(span), {}).setdefault("normalized", name)


def _free_capitalised(doc: Doc, covered: bytearray, k: int) -> bool:
    """A capitalised word at k outside every entity (a sentence start excepted)."""
    return 0 <= k < len(doc) and not covered[k] and doc[k].is_alpha \
        and doc[k].text[:1].isupper() and not doc[k].is_sent_start


def later_mentions(ctx: RuleContext) -> None:
    """``later_mentions``: later mentions of a person by the first or last word of the name
    ("Andi" or "Rahman" after "Andi Rahman" in an earlier sentence) where no entity is
    become PER, normalised to the full name. Acronyms, titles, gazetteer words, words in a
    longer capitalised run and (at a sentence start) words the article also writes in lower
    case are left alone; a one-word PER of the model gets the full name as
    ``normalized``."""
    doc = ctx.doc
    gaz_tokens = ctx.gaz_tokens()
    full = _first_mentions(ctx, gaz_tokens)
    if not full:
        return
    lower_seen = {t.lower_ for t in doc if t.is_alpha and t.is_lower}
    covered = bytearray(len(doc) + 1)
    for span in ctx.spans:
        if span.label_ == "PER" and len(span) == 1 and span.text in full:
            _normalize(ctx, span, full[span.text][0])
        covered[span.start:span.end] = b"\x01" * (span.end - span.start)

    def name_at(i: int) -> bool:
        tok = doc[i]
        hit = full.get(tok.text)
        return hit is not None and i >= hit[1] and i not in gaz_tokens and not (
            tok.is_sent_start and tok.lower_ in lower_seen)

    for i in range(len(doc)):
        if covered[i] or not name_at(i):
            continue
        if _free_capitalised(doc, covered, i + 1) or _free_capitalised(doc, covered, i - 1):
            continue  # part of a longer capitalised run: another name
        span = Span(doc, i, i + 1, label="PER")
        ctx.info[span_key(span)] = {"normalized": full[doc[i].text][0], "source": "name"}
        ctx.spans.append(span)


def _blend_of(word: str, long_names: list[str]) -> str | None:
    """The one longer name ``word`` is blended from ("Jokowi", "Buwas"), or ``None``."""
    if not (5 <= len(word) <= 12 and word.isalpha() and word[:1].isupper()):
        return None
    hits = [n for n in long_names
            if spells_blend(word.lower(), [w.lower() for w in n.split() if w.isalpha()])]
    return hits[0] if len(hits) == 1 else None


def blended_nicknames(ctx: RuleContext) -> None:
    """``blended_nicknames``: a one-word PER of the model blended from the beginnings of the
    words of a full name in the article ("Jokowi" of "Joko Widodo",
    :func:`~bkkbn_nlp.entities.names.spells_blend`) gets the full name as ``normalized``."""
    full = _first_mentions(ctx, ctx.gaz_tokens())
    if not full:
        return
    long_names = list(dict.fromkeys(
        s.text for s in ctx.spans if s.label_ == "PER" and 2 <= len(s) <= 5))[:200]
    blends: dict[str, str | None] = {}
    for span in ctx.spans:
        if span.label_ == "PER" and len(span) == 1 and span.text not in full:
            if span.text not in blends:
                blends[span.text] = _blend_of(span.text, long_names)
            _normalize(ctx, span, blends[span.text])
