"""Formatting steps of article cleaning: Unicode, HTML markup and whitespace.

Each step is a pure function ``text -> list[Edit]`` (see :mod:`bkkbn_nlp.text.clean`):
:func:`normalize_unicode`, :func:`strip_html` and :func:`normalize_whitespace`. Their edits
are tracked in the offset map but, except for dropped markup, not listed as removals.
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache

from .offsets import Edit

__all__ = ["normalize_unicode", "strip_html", "normalize_whitespace"]

# Example: "a\u00a0b" -> "a b"; "a\u200bb" -> "ab"; "e\u0301" -> "é"; "a\r\nb" -> "a\nb";
#          "a\u202eb" -> "ab"; "An\u200ddi" -> "Andi"
_SPACE_LIKE = re.compile(r"[\u00a0\u2007\u202f\u2000-\u200a\u3000\u205f\u1680]")
#: Zero-width and format characters that change nothing a reader sees: zero-width space,
#: word joiner, BOM, soft hyphen, Mongolian vowel separator, and the bidi controls
#: (embeddings and overrides U+202A-U+202E, isolates U+2066-U+2069, the marks LRM, RLM and
#: ALM), which can reorder text when it is shown, also in the HTML export.
_INVISIBLE = re.compile(r"[\u200b\u2060\ufeff\u00ad\u180e"
                        r"\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]+")
#: The joiners ZWNJ and ZWJ: removed inside Latin-script words ("An\u200ddi" -> "Andi"),
#: kept elsewhere (Arabic and Indic scripts, emoji sequences need them).
_JOINERS = re.compile(r"[\u200b\u2060\ufeff\u00ad\u180e"
                      r"\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\u200c\u200d]+")
_JOINER_CHARS = frozenset("\u200c\u200d")
_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x0b\x0c\x85]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]+")
# Example: "\ud83d\ude00" (a surrogate pair left by bad decoding) -> "\U0001f600";
#          a lone "\ud800" -> "\ufffd". A str may hold surrogates, but they are not valid
#          text: spaCy cannot encode them and raises on them.
_SURROGATES = re.compile(r"[\ud800-\udbff][\udc00-\udfff]|[\ud800-\udfff]")


def _surrogate_edits(text: str) -> list[Edit]:
    edits: list[Edit] = []
    for m in _SURROGATES.finditer(text):
        pair = m.group()
        if len(pair) == 2:
            char = chr(0x10000 + ((ord(pair[0]) - 0xD800) << 10) + (ord(pair[1]) - 0xDC00))
        else:
            char = "\ufffd"
        edits.append(Edit(m.start(), m.end(), char))
    return edits


def _is_latin_letter(char: str) -> bool:
    """Whether ``char`` is a letter of the Latin script ("a", "é", "ẞ")."""
    return char.isalpha() and (char.isascii() or unicodedata.name(char, "").startswith("LATIN"))


def _latin_before(text: str, end: int) -> bool:
    """Whether the last character before ``end`` that is not a combining mark is a Latin
    letter ("e\u0301" counts as "é")."""
    i = end - 1
    while i >= 0 and unicodedata.combining(text[i]):
        i -= 1
    return i >= 0 and _is_latin_letter(text[i])


def _invisible_edits(text: str) -> list[Edit]:
    """Edits removing each run of invisible characters (:data:`_INVISIBLE`, bidi controls
    included); the joiners ZWNJ and ZWJ go too when the run is inside a Latin-script word,
    between two Latin letters, and stay otherwise (the rest of the run still goes)."""
    pattern = _JOINERS if "\u200c" in text or "\u200d" in text else _INVISIBLE
    edits: list[Edit] = []
    for m in pattern.finditer(text):
        a, b = m.start(), m.end()
        kept = "".join(c for c in m.group() if c in _JOINER_CHARS)
        if kept and b < len(text) and _is_latin_letter(text[b]) and _latin_before(text, a):
            kept = ""
        if kept != m.group():
            edits.append(Edit(a, b, kept))
    return edits


def normalize_unicode(text: str) -> list[Edit]:
    """NFC composition; no-break and other spaces to ' '; zero-width characters, soft
    hyphens, bidi controls (U+202A-U+202E, U+2066-U+2069, U+200E, U+200F, U+061C) and control
    characters removed, and the joiners ZWNJ and ZWJ inside Latin-script words; CR LF and
    other line separators to '\\n'; surrogate pairs joined into the character they encode
    and lone surrogates replaced by U+FFFD (the replacement character)."""
    edits: list[Edit] = _surrogate_edits(text) if _has_surrogates(text) else []
    for m in _SPACE_LIKE.finditer(text):
        edits.append(Edit(m.start(), m.end(), " "))
    edits.extend(_invisible_edits(text))
    for m in _LINE_BREAKS.finditer(text):
        edits.append(Edit(m.start(), m.end(), "\n"))
    for m in _CONTROL.finditer(text):
        edits.append(Edit(m.start(), m.end(), ""))
    if not unicodedata.is_normalized("NFC", text):
        edits.extend(_nfc_edits(text, edits))
    return edits


def _has_surrogates(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _nfc_edits(text: str, taken: list[Edit]) -> list[Edit]:
    """Edits composing each base character with its combining marks (NFC), chunk by chunk."""
    busy = {i for e in taken for i in range(e.start, e.end)}
    edits: list[Edit] = []
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        chunk = text[i:j]
        if not unicodedata.is_normalized("NFC", chunk) and not busy.intersection(range(i, j)):
            edits.append(Edit(i, j, unicodedata.normalize("NFC", chunk)))
        i = j
    return edits


# Example: "<p>Satu</p><p>Dua &amp; tiga</p>" -> "Satu\nDua & tiga"
_LOOKS_LIKE_HTML = re.compile(r"</?(?:p|br|div|span|a|b|i|em|strong|html|body|script|style|"
                              r"table|tr|td|li|ul|ol|h[1-6]|img|figure|blockquote)\b[^<>]{0,2000}>",
                              re.IGNORECASE)
# The markup parts, tried in this order at each position. Scripts, styles and comments are
# found by their opening only: their closing is searched separately (see _drop_end), because
# a regex like "<!--.*?-->" rescans the rest of the text for every unclosed opening, which
# takes quadratic time on text full of "<!--".
_HTML_PART_GROUPS = (
    r"|(?P<block></?(?:p|br|div|li|tr|h[1-6]|blockquote|figure|table|ul|ol)\b[^<>]{0,2000}>)"
    r"|(?P<tag></?[A-Za-z][A-Za-z0-9:-]{0,30}\b[^<>]{0,2000}>)"
    r"|(?P<ent>&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,30});)"
)
_HTML_PARTS = re.compile(
    r"(?P<drop><(?P<el>script|style|noscript)\b[^<>]{0,2000}>|<!--)" + _HTML_PART_GROUPS,
    re.IGNORECASE,
)
# the same without the drop alternative: what an unclosed <script> opening is taken for
_HTML_PARTS_NO_DROP = re.compile(_HTML_PART_GROUPS[1:], re.IGNORECASE)
_HTML_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,30});")
#: A dropped element (script, style, comment) is at most this long; a longer one is not
#: dropped: its opening is removed as a tag (or a lone "<!--" kept).
_MAX_DROPPED_CHARS = 200_000


class _ClosingFinder:
    """Finds the closing of a dropped element in amortised linear time.

    The first closing at or after a position is remembered with the position it was
    searched from, and reused for every later opening before that closing; so each part of
    the text is scanned at most once per kind of closing.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self._found: dict[str, tuple[int, int, int]] = {}  # key -> (from, start, end)

    def find(self, key: str, pos: int) -> tuple[int, int]:
        """(start, end) of the first closing ``key`` at or after ``pos``, ``(-1, -1)`` if none."""
        cached = self._found.get(key)
        if cached is not None and cached[0] <= pos and (cached[1] == -1 or pos <= cached[1]):
            return cached[1], cached[2]
        if key == "-->":
            start = self.text.find("-->", pos)
            end = start + 3 if start != -1 else -1
        else:
            m = _closing_tag(key).search(self.text, pos)
            start, end = (m.start(), m.end()) if m else (-1, -1)
        self._found[key] = (pos, start, end)
        return start, end


@lru_cache(maxsize=8)
def _closing_tag(element: str) -> re.Pattern[str]:
    return re.compile(rf"</{re.escape(element)}\s*>", re.IGNORECASE)


def _drop_end(m: re.Match[str], closings: _ClosingFinder) -> int | None:
    """End of the script/style/comment opened by ``m``, or ``None`` when it is not closed
    within :data:`_MAX_DROPPED_CHARS` characters."""
    element = m.group("el")
    start, end = closings.find("-->" if element is None else element.lower(), m.end())
    if start == -1 or start - m.end() > _MAX_DROPPED_CHARS:
        return None
    return end


def strip_html(text: str) -> list[Edit]:
    """Remove HTML markup when the text contains HTML tags: scripts, styles and comments go
    with their content, block tags become line breaks, other tags disappear and character
    entities are decoded. Plain text (no tags) only has its entities decoded."""
    if "&" not in text and "<" not in text:
        return []
    if "<" not in text or _LOOKS_LIKE_HTML.search(text) is None:
        return [e for m in _HTML_ENTITY.finditer(text) if (e := _entity_edit(m)) is not None]
    edits: list[Edit] = []
    closings = _ClosingFinder(text)
    pos = 0
    while (found := _HTML_PARTS.search(text, pos)) is not None:
        m: re.Match[str] | None = found
        if found.group("drop") is not None:
            end = _drop_end(found, closings)
            if end is not None:
                edits.append(Edit(found.start(), end, "", kind="markup"))
                pos = end
                continue
            # not closed: the opening is whatever else matches there (a tag), if anything
            m = _HTML_PARTS_NO_DROP.match(text, found.start())
            if m is None:
                pos = found.start() + 1
                continue
        assert m is not None
        if m.lastgroup == "ent":
            edit = _entity_edit(m)
            if edit is not None:
                edits.append(edit)
        elif m.group("block") is not None:
            edits.append(Edit(m.start(), m.end(), "\n"))
        else:
            edits.append(Edit(m.start(), m.end(), ""))
        pos = m.end()
    return edits


def _entity_edit(m: re.Match[str]) -> Edit | None:
    decoded = html.unescape(m.group()).replace("\u00a0", " ")
    return Edit(m.start(), m.end(), decoded) if decoded != m.group() else None


# Example: "a  b \n\n\n\nc " -> "a b\n\nc"
_SPACE_RUN = re.compile(r"[ \t]{2,}|\t")
# the lookbehind makes a long run of spaces that does not end at a newline fail once, not
# once per space (quadratic time)
_LINE_EDGE_SPACE = re.compile(r"(?<![ \t])[ \t]+\n|\n[ \t]+")
_MANY_NEWLINES = re.compile(r"\n{3,}")


def normalize_whitespace(text: str) -> list[Edit]:
    """Collapse runs of spaces and tabs to one space, drop spaces at line ends, keep at most
    one blank line between paragraphs, and trim the text."""
    edits: list[Edit] = []
    taken: set[int] = set()

    def add(start: int, end: int, rep: str) -> None:
        if start < end and not any(i in taken for i in (start, end - 1)):
            edits.append(Edit(start, end, rep))
            taken.update(range(start, end))

    lead = len(text) - len(text.lstrip())
    add(0, lead, "")
    trail = len(text.rstrip())
    add(trail, len(text), "")
    for m in _LINE_EDGE_SPACE.finditer(text):
        if m.start() >= lead and m.end() <= trail:
            # delete the spaces only: the newline keeps its own offset, so text removed
            # beside it by an earlier step never maps onto it
            if text[m.start()] == "\n":
                add(m.start() + 1, m.end(), "")
            else:
                add(m.start(), m.end() - 1, "")
    for m in _SPACE_RUN.finditer(text):
        if m.start() >= lead and m.end() <= trail:
            if text[m.start()] == " ":  # keep the first space, delete the rest
                add(m.start() + 1, m.end(), "")
            else:
                add(m.start(), m.end(), " ")
    for m in _MANY_NEWLINES.finditer(text):
        if m.start() >= lead and m.end() <= trail:
            add(m.start() + 2, m.end(), "")  # keep one blank line
    return _non_overlapping(edits)


def _non_overlapping(edits: list[Edit]) -> list[Edit]:
    out: list[Edit] = []
    end = -1
    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        if e.start >= end:
            out.append(e)
            end = e.end
    return out
