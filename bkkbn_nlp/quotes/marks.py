"""Pass 1, quotation marks: pairing the marks of any typography into quoted stretches.

Owns the mark families and the small state machine that pairs them: a quote left open at
a paragraph end continues when the next paragraph opens with a mark of the same family
(rule ``paragraph_continued_quote``); an apostrophe between letters (Jum'at) is no mark.
"""

from __future__ import annotations

from .records import Mark

__all__ = ["ALL_MARKS", "pair_marks"]

#: Quotation mark families: (opening-only, closing-only, both).
_FAMILIES: dict[str, tuple[str, str, str]] = {
    "double": ("“„", "", '"”'),
    "single": ("‘", "’", "'"),
    "guillemet": ("«", "»", ""),
}
_MARK_FAMILY = {c: fam for fam, groups in _FAMILIES.items() for g in groups for c in g}
#: Every quotation mark character.
ALL_MARKS = "".join(_MARK_FAMILY)
_CLOSE_FOLLOW = ".,;:!?)]}-–—/…"
_OPEN_PRECEDE = "([{-–—:/"
_MAX_QUOTE_CHARS = 5000


def _can_open(text: str, i: int) -> bool:
    """Can the mark at ``i`` open a quote (space or opening punctuation before, none after)?"""
    prev = text[i - 1] if i > 0 else "\n"
    nxt = text[i + 1] if i + 1 < len(text) else "\n"
    if nxt.isspace():
        return False
    return prev.isspace() or prev in _OPEN_PRECEDE or i == 0


def _spaced_open(text: str, i: int) -> bool:
    """Can the double mark at ``i`` open a quote written with spaces inside its marks, as
    detokenised corpora have them (``" Kami siap , " kata Andi``): a space or a line start
    before it, spaces and then a word after it?"""
    prev = text[i - 1] if i > 0 else "\n"
    if not (prev.isspace() or prev in _OPEN_PRECEDE):
        return False
    j = i + 1
    while j < len(text) and text[j] in " \t":
        j += 1
    return j > i + 1 and j < len(text) and text[j].isalnum()


def _can_close(text: str, i: int) -> bool:
    """Can the mark at ``i`` close a quote (no space before, space or punctuation after)?"""
    prev = text[i - 1] if i > 0 else "\n"
    nxt = text[i + 1] if i + 1 < len(text) else "\n"
    if prev.isspace():
        return False
    return nxt.isspace() or nxt in _CLOSE_FOLLOW or nxt in ALL_MARKS


def _continues_in_next_paragraph(text: str, j: int, fam: str) -> bool:
    """Does the paragraph at ``j`` open with a mark of family ``fam`` (the quote goes on)?"""
    return j < len(text) and _MARK_FAMILY.get(text[j]) == fam \
        and text[j] not in _FAMILIES[fam][1] and _can_open(text, j)


def _raw_marks(text: str, continue_paragraphs: bool, spaced_marks: bool) -> list[Mark]:
    """The state machine: every quoted stretch, content bounds not yet trimmed."""
    out: list[Mark] = []
    state: tuple[str, int] | None = None  # (family, open position)
    i = 0
    n = len(text)
    while i < n:
        c = text[i]
        if c == "\n" and state is not None:
            j = i
            while j < n and text[j].isspace():
                j += 1
            if continue_paragraphs and _continues_in_next_paragraph(text, j, state[0]):
                i = j + 1  # the quote goes on in the next paragraph
                continue
            out.append(Mark(state[1], i, state[1] + 1, i, closed=False))
            state = None
            i += 1
            continue
        fam = _MARK_FAMILY.get(c)
        if fam is None:
            i += 1
            continue
        opening, closing, _ = _FAMILIES[fam]
        prev = text[i - 1] if i > 0 else " "
        nxt = text[i + 1] if i + 1 < n else " "
        if fam == "single" and prev.isalnum() and nxt.isalnum():
            i += 1  # apostrophe: Jum'at
            continue
        if state is None:
            if c in closing:
                i += 1
                continue
            if _can_open(text, i) or (fam != "single" and (
                    nxt.isalnum() or (spaced_marks and _spaced_open(text, i)))):
                state = (fam, i)
        elif fam == state[0]:
            if c in opening and _can_open(text, i) and not _can_close(text, i):
                # a new opening while open: the earlier quote was never closed
                out.append(Mark(state[1], i, state[1] + 1, i, closed=False))
                state = (fam, i)
            elif c in closing or _can_close(text, i) or not _can_open(text, i):
                out.append(Mark(state[1], i, state[1] + 1, i, closed=True))
                state = None
            else:
                out.append(Mark(state[1], i, state[1] + 1, i, closed=False))
                state = (fam, i)
        i += 1
    if state is not None:
        out.append(Mark(state[1], n, state[1] + 1, n, closed=False))
    return out


def pair_marks(text: str, *, continue_paragraphs: bool = True,
               spaced_marks: bool = True) -> list[Mark]:
    """Pair the quotation marks of ``text``: the quoted stretches, content trimmed of
    spaces, empty and over-long ones dropped.

    Args:
        text: The document text.
        continue_paragraphs: A quote open at a paragraph end continues when the next
            paragraph opens with a mark of the same family (multi-paragraph quotes).
        spaced_marks: A double mark with a space after it opens a quote when none is open
            and a word follows the space (``" Kami siap , " kata Andi``).
    """
    result = []
    for m in _raw_marks(text, continue_paragraphs, spaced_marks):
        s, e = m.start, m.end
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s and e - s <= _MAX_QUOTE_CHARS:
            result.append(Mark(m.open_pos, m.close_pos, s, e, m.closed))
    return result
