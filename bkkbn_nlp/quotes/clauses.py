"""Content spans of indirect quotes: clause tests, the start of the content after a cue,
and trimming and clipping a stretch of text.

Owns the tests that tell reported content from an object or a place: does a stretch hold
a lower-case word (rule ``content_needs_lower_case``), start with a clause (subject and
predicate) or a predicate, or is it only the reporting act's place and time?
"""

from __future__ import annotations

import re

from .context import Article
from .marks import ALL_MARKS
from .vocab import (
    COMPLEMENTIZERS,
    DEGREE_ADVERBS,
    MODIFIED_NOUNS,
    NOT_PREDICATE_AFTER,
    PREDICATE_WORDS,
    REPORT_ADVERBIAL,
    VERB_PREFIXES,
    WEEKDAYS,
)

__all__ = ["has_clause", "n_words", "span_chars", "clip", "content_after", "skip_intro",
           "looks_like_clause", "looks_like_predicate", "is_adverbial_tail", "other_parts"]

_WORD = re.compile(r"\S+")


def has_clause(art: Article, start: int, end: int) -> bool:
    """Content needs a lower-case word: an all-capitalised stretch is a name or a title
    ("..., Kepala Dinas Sosial Kota X"), not reported speech."""
    return any(w.isalpha() and w.islower()
               for w in map(re.Match.group, _WORD.finditer(art.text, start, end)))


def n_words(art: Article, start: int, end: int, cap: int) -> int:
    """The number of whitespace-separated words in text[start:end], counted up to ``cap``
    (content can be a whole sentence: no splitting it just to count)."""
    n = 0
    for _ in _WORD.finditer(art.text, start, max(start, end)):
        n += 1
        if n >= cap:
            break
    return n


def span_chars(art: Article, a: int, b: int) -> tuple[int, int]:
    """Characters of tokens [a, b)."""
    doc = art.doc
    if b <= a:
        return (doc[a].idx, doc[a].idx) if a < len(doc) else (0, 0)
    return doc[a].idx, doc[b - 1].idx + len(doc[b - 1].text)


def _trim(art: Article, start: int, end: int) -> tuple[int, int]:
    """Strip spaces and leading/trailing punctuation from text[start:end]."""
    text = art.text
    while start < end and (text[start].isspace() or text[start] in ",:;-–—"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ".,;:"):
        end -= 1
    return start, end


def clip(art: Article, start: int, end: int, cue_char: int) -> tuple[int, int]:
    """Clip a content stretch to the part on the cue's side of any direct quote."""
    for a, b in art.overlapping_blocks(start, end):
        if a < end and start < b:
            if b <= cue_char:
                start = max(start, b)
            elif a >= cue_char:
                end = min(end, a)
            else:
                return start, start
    return _trim(art, start, end)


def content_after(art: Article, j: int, hi: int, cue_char: int) -> tuple[int, int]:
    """The content in tokens [j, hi), clipped to the cue's side of direct quotes."""
    a, b = span_chars(art, j, hi)
    return clip(art, a, b, cue_char)


def other_parts(art: Article, lo: int, i: int, cue_char: int) -> list[tuple[int, int]] | None:
    """The part of the content before the cue at token i, when the cue splits it ("BKKBN
    kata Andi, senantiasa ...", guidelines 3.6; rule ``split_indirect_quote``)."""
    oa, ob = clip(art, *span_chars(art, lo, i), cue_char)
    return [(oa, ob)] if ob > oa and art.on("split_indirect_quote") else None


def skip_intro(art: Article, j: int, hi: int) -> int:
    """Skip a comma, a colon, "bahwa" and reporting-act adverbials after a cue."""
    doc = art.doc
    if j < hi and doc[j].lower_ in REPORT_ADVERBIAL:
        for k in range(j, min(hi, j + 14)):
            if doc[k].lower_ in COMPLEMENTIZERS:
                j = k
                break
            if doc[k].text == ",":
                j = k + 1
                break
    while j < hi and (doc[j].text in (",", ":") or doc[j].lower_ in COMPLEMENTIZERS
                      or doc[j].is_space):
        j += 1
    return j


def looks_like_clause(art: Article, j: int, hi: int) -> bool:
    """Do tokens [j, hi) start with a clause (subject + predicate) rather than a plain
    object? "melaporkan jumlah peserta meningkat" vs "melaporkan kasus itu ke polisi".
    A predicate is an auxiliary/modal or a verb-prefixed word (meN-, ber-, di-, ter-)
    after the first word, not inside a relative or purpose phrase."""
    doc = art.doc
    for k in range(j + 1, min(hi, j + 12)):
        tok = doc[k]
        if tok.text in (",", ";", ":", ".") or tok.text in ALL_MARKS:
            return False
        prev = doc[k - 1].lower_
        if prev in NOT_PREDICATE_AFTER:
            continue
        low = tok.lower_
        if low in PREDICATE_WORDS:
            return True
        if prev not in MODIFIED_NOUNS and tok.is_lower and len(low) >= 6 \
                and low.startswith(VERB_PREFIXES):
            return True
    return False


def looks_like_predicate(art: Article, j: int, hi: int) -> bool:
    """Does token j start a predicate ("bisa dilakukan", "sangat penting", "menjadi")?
    An auxiliary or modal, a verb of ``PREDICATE_WORDS``, a degree adverb, or a
    meN-/ber-/di-/ter- word -- not a reporting-act adverbial ("di Jakarta")."""
    low = art.doc[j].lower_
    if low in REPORT_ADVERBIAL or is_adverbial_tail(art, j, hi):
        return False
    return low in PREDICATE_WORDS or low in DEGREE_ADVERBS or (
        len(low) >= 6 and low.startswith(VERB_PREFIXES))


def is_adverbial_tail(art: Article, j: int, hi: int) -> bool:
    """Is tokens [j, hi) only the reporting act's place/time ("di Jakarta, Senin")?"""
    doc = art.doc
    while j < hi and (doc[j].text in (",", ".") or doc[j].is_space):
        j += 1
    if j >= hi:
        return True
    first = doc[j].lower_
    return first in REPORT_ADVERBIAL or first in WEEKDAYS or first in ("lagi", "pula")
