"""Pass 4, direct quotes: quoted stretches that have a cue and are no scare quotes.

Owns the choice among the paired marks: an unclosed quote ends at the comma before its
", kata X" cue or is dropped (rule ``unclosed_quote_at_cue``); a quote takes the cue after
it, else before it, else the cue of the previous part of a quote split around its cue
(rule ``split_direct_quote``); a short quoted stretch not after a cue is a scare quote
(rule ``scare_quotes``). The quotes and their cues are blocked for the indirect pass.
"""

from __future__ import annotations

import re

from .context import Article
from .cues import cue_after_quote, cue_before_quote, cue_in_tail
from .marks import pair_marks
from .records import Cue, Mark, Quote

__all__ = ["direct_quotes"]

_SCARE_MAX_WORDS = 4
_TAIL_CUE = re.compile(r",\s+(\w+)")


def _is_short_term(art: Article, m: Mark) -> bool:
    """A few words without final punctuation: a quoted name or term ('film "Danur 3"')."""
    content = art.text[m.start:m.end]
    return len(content.split()) <= _SCARE_MAX_WORDS and content[-1:] not in ",.!?"


def _is_scare(art: Article, m: Mark) -> bool:
    """Is ``m`` a scare quote: at most a few words, no final punctuation, right after a
    word that is no cue ('program "Desa Sehat"')?"""
    content = art.text[m.start:m.end]
    words = content.split()
    if len(words) > _SCARE_MAX_WORDS or content[-1:] in ",.!?":
        return False
    # the word before the opening mark (read back only as far as the longest cue)
    text = art.text
    end = m.open_pos
    while end > 0 and text[end - 1].isspace():
        end -= 1
    if end == 0 or not text[end - 1].isalnum():
        return False
    start = end
    while start > 0 and not text[start - 1].isspace() and end - start <= art.max_cue_len:
        start -= 1
    if end - start > art.max_cue_len:
        return True  # longer than any cue
    return art.cues.get(text[start:end].lower()) is None


def _close_at_cue(art: Article, m: Mark) -> Mark | None:
    """An unclosed quote ends at the comma before its ", kata X" cue, else is dropped."""
    content = art.text[m.start:m.end]
    for hit in _TAIL_CUE.finditer(content):
        if art.cues.get(hit.group(1).lower()) == "post":
            end = m.start + hit.start() + 1
            return Mark(m.open_pos, end, m.start, end, closed=False)
    return None


def _shared_cue(art: Article, prev: Quote | None, m: Mark) -> Cue | None:
    """'"...," kata Siti, "..."': the second part shares the first part's cue."""
    if prev is None or prev.cue is None or not art.on("split_direct_quote"):
        return None
    gap = art.text[prev.cue.region_end:m.open_pos]
    if prev.cue.region_end > prev.end and gap.strip(" ,:\n") == "":
        return prev.cue
    return None


def _cue_of(art: Article, m: Mark, prev: Quote | None) -> Cue | None:
    """The cue of the quoted stretch ``m`` (``None``: no quote)."""
    cue = cue_after_quote(art, m) if m.closed else cue_in_tail(art, m)
    if cue is None:
        cue = cue_before_quote(art, m)
    if cue is None:
        cue = _shared_cue(art, prev, m)
    return cue


def _block_quote(art: Article, m: Mark, cue: Cue) -> None:
    """Block a direct quote and its cue, and mark the cue used."""
    art.block(m.open_pos, max(m.close_pos + 1, cue.region_end)
              if cue.start > m.open_pos else m.close_pos + 1)
    if cue.start < m.open_pos:
        art.block(cue.start, m.open_pos)
    art.used_cues.add(art.token_at_or_after(cue.start))


def direct_quotes(art: Article) -> list[Quote]:
    """The direct quotes of the article, in text order; blocks them and every closed quoted
    stretch (an unclosed mark without a cue is a typo: the rest of its paragraph stays open
    to indirect cues)."""
    marks = pair_marks(art.text, continue_paragraphs=art.on("paragraph_continued_quote"),
                       spaced_marks=art.on("spaced_quote_marks"))
    quotes: list[Quote] = []
    prev: Quote | None = None
    quoted: set[int] = set()
    for mark in marks:
        m: Mark | None = mark
        if not mark.closed:
            m = _close_at_cue(art, mark) if art.on("unclosed_quote_at_cue") else None
        if m is None:
            continue
        cue = _cue_of(art, m, prev)
        if cue is None or (art.on("scare_quotes") and _is_scare(art, m)):
            continue
        q = Quote("direct", m.start, m.end, cue)
        quotes.append(q)
        prev = q
        quoted.add(mark.open_pos)
        _block_quote(art, m, cue)
    for m in marks:
        if not m.closed:
            continue
        if m.open_pos not in quoted and art.on("scare_quotes") and _is_short_term(art, m):
            # a scare quote inside reported speech stays in its content: no cue or
            # speaker inside it, but the content is not clipped at it
            art.mask(m.open_pos, m.close_pos + 1)
        else:
            art.block(m.open_pos, m.close_pos + 1)
    return quotes
