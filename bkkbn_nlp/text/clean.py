"""Article cleaning: named, pure steps that keep character offsets.

Scraped Indonesian news comes with a dateline (``Kendari (ANTARA) -``), related-article
lines (``Baca juga: ...``), credit lines (``Pewarta: ...``), paragraphs scraped twice and
sentences glued by the scraper (``baterai smartphone.Sebuah``). :func:`clean` removes or
mends these and returns an :class:`Article` that remembers, for every character of the
cleaned text, where it came from in the raw text.

Each step is a pure function ``text -> list[Edit]``: it looks at the text and says what to
replace, never edits a string itself. :func:`make_cleaner` chains steps and composes the
offset maps. Content that a step removes is listed in :attr:`Article.removed` with its raw
offsets; formatting edits (whitespace, invisible characters, Unicode composition) are not
listed but are still tracked, so ``article.to_raw(start, end)`` is always defined.

Example:
    >>> from bkkbn_nlp.text.clean import clean
    >>> art = clean("Kendari (ANTARA) - BKKBN menggelar rapat.\\nBaca juga: Berita lain")
    >>> art.text
    'BKKBN menggelar rapat.'
    >>> art.dateline.place, art.dateline.agency
    ('Kendari', 'ANTARA')
    >>> [r.kind for r in art.removed]
    ['dateline', 'related_link']
"""

from __future__ import annotations

import html
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..errors import check_text
from ..lang import (
    credit_labels,
    final_abbreviations,
    headline_words,
    news_agencies,
    related_link_labels,
    title_abbreviations,
)
from .offsets import Edit, OffsetMap, apply_edits

__all__ = [
    "Article",
    "Dateline",
    "Removal",
    "CleaningStep",
    "STEPS",
    "DEFAULT_STEPS",
    "make_cleaner",
    "clean",
]


@dataclass(frozen=True)
class Dateline:
    """The place and agency of a dateline such as ``Kendari (ANTARA) -``."""

    place: str | None
    agency: str | None

    def to_dict(self) -> dict[str, str | None]:
        return {"place": self.place, "agency": self.agency}


@dataclass(frozen=True)
class Removal:
    """A stretch of the raw text that cleaning removed, with the reason (``kind``)."""

    kind: str
    text: str
    raw_start: int
    raw_end: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "text": self.text,
            "raw_start": self.raw_start,
            "raw_end": self.raw_end,
        }


@dataclass(frozen=True)
class Article:
    """A cleaned article: the cleaned ``text`` and how it relates to the ``raw`` input."""

    raw: str
    text: str
    dateline: Dateline | None = None
    removed: tuple[Removal, ...] = ()
    offset_map: OffsetMap = field(default_factory=lambda: OffsetMap.identity(0), repr=False)

    def to_raw(self, start: int, end: int) -> tuple[int, int]:
        """Map the cleaned span ``[start, end)`` to the raw span it came from.

        Raises:
            ValueError: The span lies outside the cleaned text.
        """
        return self.offset_map.to_raw(start, end)

    def from_raw(self, raw_start: int, raw_end: int) -> tuple[int, int]:
        """Map a raw span to the cleaned span holding what cleaning kept of it."""
        return self.offset_map.to_clean(raw_start, raw_end)

    @property
    def paragraphs(self) -> list[tuple[int, int]]:
        """``(start, end)`` offsets of the non-empty paragraphs (lines) of the cleaned text."""
        return [(m.start(), m.end()) for m in _NONEMPTY_LINE.finditer(self.text)]


# ---------------------------------------------------------------------------------------
# Steps. Each one: a name, a pure function text -> edits, and an example input.
# ---------------------------------------------------------------------------------------

StepFunc = Callable[[str], list[Edit]]


@dataclass(frozen=True)
class CleaningStep:
    """A named cleaning step with a documented example."""

    name: str
    func: StepFunc
    description: str
    example: str

    def __call__(self, text: str) -> list[Edit]:
        return self.func(text)


_NONEMPTY_LINE = re.compile(r"[^\n]*\S[^\n]*")

# Example: "a\u00a0b" -> "a b"; "a\u200bb" -> "ab"; "e\u0301" -> "é"; "a\r\nb" -> "a\nb"
_SPACE_LIKE = re.compile(r"[\u00a0\u2007\u202f\u2000-\u200a\u3000\u205f\u1680]")
_INVISIBLE = re.compile(r"[\u200b\u2060\ufeff\u00ad\u180e]+")
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


def normalize_unicode(text: str) -> list[Edit]:
    """NFC composition; no-break and other spaces to ' '; zero-width characters, soft
    hyphens and control characters removed; CR LF and other line separators to '\\n';
    surrogate pairs joined into the character they encode and lone surrogates replaced by
    U+FFFD (the replacement character)."""
    edits: list[Edit] = _surrogate_edits(text) if _has_surrogates(text) else []
    for m in _SPACE_LIKE.finditer(text):
        edits.append(Edit(m.start(), m.end(), " "))
    for m in _INVISIBLE.finditer(text):
        edits.append(Edit(m.start(), m.end(), ""))
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


@lru_cache(maxsize=1)
def _dateline_patterns() -> tuple[re.Pattern[str], ...]:
    agencies = "|".join(re.escape(a) for a in news_agencies())
    # a place is written in all capitals or in title case, never mixed ("JAKARTA", "New Delhi")
    place = (r"(?P<place>[A-Z][A-Z'.]+(?:[ -][A-Z][A-Z'.]+){0,3}"
             r"|[A-Z][a-z'.]+(?:[ -][A-Z][a-z'.]+){0,3})")
    caps_place = r"(?P<place>[A-Z][A-Z'.]+(?:[ -][A-Z][A-Z'.]+){0,3})"
    dash = r"[ \t]*(?:-{1,3}|–|—)[ \t]*"
    agency = rf"(?P<agency>(?i:{agencies}))"
    # reporter credits in front of the dateline: "Laporan Wartawan Tribunnews.com, Nama",
    # "Oleh: Nama"
    credit = (r"(?P<credit>(?:(?i:laporan\s+(?:wartawan|reporter|kontributor))\s|(?i:oleh)\s*:)"
              r"[^\n]{1,80}?\s+)?")
    lead = r"\s*"
    return (
        # Kendari (ANTARA) -
        re.compile(rf"{lead}{credit}{place}\s*\({agency}\){dash}"),
        # JAKARTA, KOMPAS.com -   (scrapers often drop the dash)
        re.compile(rf"{lead}{credit}{place}[ \t]*,[ \t]*{agency}(?:{dash}|[ \t]*:[ \t]*|[ \t]+)"),
        # REPUBLIKA.CO.ID, JAKARTA --   TRIBUNNEWS.COM.SURABAYA,
        re.compile(rf"{lead}{credit}{agency}(?:[ \t]*,[ \t]*|\.(?![Cc][Oo]))"
                   rf"{caps_place}(?:{dash}|[ \t]*,[ \t]*|[ \t]+)"),
        # VIVA.co.id -    KOMPAS.com  (double space where the dash was lost)
        re.compile(rf"{lead}{credit}{agency}(?:{dash}|[ \t]{{2,}})"),
        # Jakarta -   (detik style: place only)
        re.compile(r"\s*(?P<place>[A-Z][A-Za-z'.]+(?: [A-Z][A-Za-z'.]+){0,2})"
                   r"[ \t](?:-{1,3}|–|—)[ \t]"),
    )


def _tidy_place(place: str | None) -> str | None:
    if not place:
        return None
    place = place.strip(" .,")
    if place.isupper() and len(place) > 3:
        place = " ".join(w.capitalize() for w in place.split())
    return place


def find_dateline(text: str) -> tuple[Dateline | None, list[Edit]]:
    """Find a dateline at the start of the text.

    Returns:
        The dateline (or ``None``) and the edits that remove it (kind ``"dateline"``, plus
        ``"credit"`` for a reporter credit in front of it).
    """
    head = text[:300]
    for pat in _dateline_patterns():
        m = pat.match(head)
        if not m:
            continue
        groups = m.groupdict()
        place = _tidy_place(groups.get("place"))
        agency = groups.get("agency")
        if agency is None and place is not None and not _plausible_place_only(place, head, m):
            continue
        edits = []
        start = 0
        if groups.get("credit"):
            edits.append(Edit(0, m.end("credit"), "", kind="credit"))
            start = m.end("credit")
        edits.append(Edit(start, m.end(), "", kind="dateline"))
        return Dateline(place=place, agency=agency), edits
    return None, []


def _plausible_place_only(place: str, head: str, m: re.Match[str]) -> bool:
    # A bare "Word -" opening is a dateline only when a capitalised sentence follows and the
    # place is short; "Liverpool - Arsenal" style score lines are not datelines.
    rest = head[m.end() :]
    return (
        len(place) <= 30
        and bool(rest[:1].isupper())
        and not re.match(r"\d", rest)
        and "\n" not in head[: m.end()]
    )


def extract_dateline(text: str) -> list[Edit]:
    """Remove the dateline (``Kendari (ANTARA) -``, ``JAKARTA, KOMPAS.com -``, ...)."""
    return find_dateline(text)[1]


@lru_cache(maxsize=1)
def _related_link_pattern() -> re.Pattern[str]:
    labels = "|".join(re.escape(x).replace(r"\ ", r"\s+") for x in related_link_labels())
    # Example: "Baca juga: Pemkot resmikan taman\n" -> removed as a whole line
    return re.compile(rf"^[ \t]*(?:{labels})[ \t]*(?::|：|-{{1,2}}|–|—)[^\n]*(?:\n|$)",
                      re.IGNORECASE | re.MULTILINE)


# Example: "Polisi bergerak (Baca: Judul lain) cepat." -> "Polisi bergerak cepat."
_INLINE_RELATED = re.compile(
    r"[ \t]?\((?i:baca|lihat|simak)(?:\s+(?i:juga|pula))?(?:[ \t]*:[ \t]*|(?=[A-Z]))"
    r"[^()\n]{1,300}\)"
)


@lru_cache(maxsize=1)
def _inline_label_pattern() -> re.Pattern[str]:
    labels = "|".join(re.escape(x).replace(r"\ ", r"\s+") for x in related_link_labels())
    # Example: "... ujarnya. Baca juga: Judul Lain Negara, kata dia ..." (after a sentence end)
    return re.compile(rf"(?<=[.!?\"”’)])[ \t]*((?:{labels})[ \t]*(?::|：)[ \t]*)", re.IGNORECASE)


# Inside a token, where the article's next sentence is glued to a headline:
# 'Time".Lebih', 'ProduksiSementara', 'Dolar ASMenurutnya'
_GLUED_NEXT = re.compile(r"(?:[.!?]|[a-z]{4}|[A-Z]{2})(?=[\"“]?[A-Z][a-z]{3})")
_TOKEN = re.compile(r"\S+")
_MAX_HEADLINE_WORDS = 25


def _headline_end(text: str, pos: int) -> int | None:
    """Where a related-article headline that starts at ``pos``, glued into the running text,
    ends: at the next sentence glued to it, after sentence-final punctuation, at a run of
    spaces (what is left of a paragraph break), before the capitalised word that opens a
    sentence in lower case ("... Penjualan Eko mengatakan"), or at the end of the line.
    ``None`` when that is unclear (nothing is then removed)."""
    line_end = text.find("\n", pos)
    line_end = len(text) if line_end < 0 else line_end
    lower_ok = headline_words()
    abbreviations = title_abbreviations()
    previous: re.Match[str] | None = None
    for n, m in enumerate(_TOKEN.finditer(text, pos, line_end)):
        if n == _MAX_HEADLINE_WORDS:
            return None
        if previous is not None and m.start() - previous.end() > 1:
            return m.start()
        token = m.group()
        word = token.strip("\"“”‘’'(),:;!?.")
        if word[:1].islower() and word.lower() not in lower_ok:
            if n < 2 or previous is None or not previous.group().lstrip("\"“‘'(")[:1].isupper():
                return None
            return previous.start()
        glued = _GLUED_NEXT.search(token)
        if glued and n:
            return m.start() + glued.end()
        if token.rstrip("\"”’')")[-1:] in (".", "!", "?") and len(word) > 2 \
                and token not in abbreviations and n:
            after = _TOKEN.search(text, m.end(), line_end)
            return after.start() if after else line_end
        previous = m
    return line_end


def remove_related_links(text: str) -> list[Edit]:
    """Remove related-article lines (``Baca juga: ...``, ``BACA JUGA : ...``,
    ``Lihat juga:``), inline related-article notes in brackets (``(Baca: ...)``), and
    related-article headlines glued into the running text after a sentence
    (``... ujarnya. Baca juga: Judul Lain Negara, kata ...``, see :func:`_headline_end`)."""
    edits = [Edit(m.start(), m.end(), "", kind="related_link")
             for m in _related_link_pattern().finditer(text)]
    taken = [(e.start, e.end) for e in edits]
    for m in _INLINE_RELATED.finditer(text):
        if not any(s < m.end() and m.start() < e for s, e in taken):
            edits.append(Edit(m.start(), m.end(), "", kind="related_link"))
            taken.append((m.start(), m.end()))
    for m in _inline_label_pattern().finditer(text):
        start = m.start(1)
        if any(s <= start < e for s, e in taken):
            continue
        end = _headline_end(text, m.end())
        if end is not None and end > m.end():
            edits.append(Edit(start, end, "", kind="related_link"))
            taken.append((start, end))
    return edits


@lru_cache(maxsize=1)
def _credit_pattern() -> re.Pattern[str]:
    labels = "|".join(re.escape(x).replace(r"\ ", r"\s+") for x in credit_labels())
    # Examples: "Pewarta: Nama\n", "Editor : Nama", "COPYRIGHT © ANTARA 2019", "(ant/ded)"
    return re.compile(
        rf"^[ \t]*(?:(?:{labels})[ \t]*:[^\n]{{0,150}}|(?:copyright|hak\s+cipta)\b[^\n]{{0,150}}"
        rf"|©[^\n]{{0,150}}|\([a-z]{{2,6}}(?:/[a-z]{{2,6}}){{1,3}}\))[ \t]*(?:\n|$)",
        re.IGNORECASE | re.MULTILINE,
    )


@lru_cache(maxsize=1)
def _trailing_credit() -> re.Pattern[str]:
    labels = "|".join(re.escape(x).replace(r"\ ", r"\s+") for x in credit_labels())
    # Examples at the very end: "... katanya. (ant/ded)", "... kata dia. Penulis: Dani
    # Prabowo" (a credit line the scraper glued to the last sentence) -> "... katanya."
    return re.compile(
        r"(?<=[.!?\"”])[ \t]*"
        r"(?:\((?:[a-z]{2,6}(?:/[a-z]{2,6}){0,3}|[A-Z][a-z]{2,20}(?: [A-Z][a-z]{2,20})?)\)"
        rf"|(?i:{labels})[ \t]*:[ \t]*[A-Z][\w.'-]*(?:[ \t]+[A-Z][\w.'-]*){{0,4}})\s*\Z"
    )


def remove_credits(text: str) -> list[Edit]:
    """Remove credit lines: ``Pewarta: ...``, ``Editor: ...``, ``Reporter: ...``,
    ``COPYRIGHT © ANTARA 2019``, initials such as ``(ant/ded)`` on a line of their own, and
    closing the article, initials or a reporter's name in brackets (``... katanya. (ren)``)
    or a credit glued to the last sentence (``... kata dia. Penulis: Dani Prabowo``)."""
    edits = [Edit(m.start(), m.end(), "", kind="credit") for m in _credit_pattern().finditer(text)]
    m = _trailing_credit().search(text, max(0, len(text) - 120))
    if m and not any(e.start < m.end() and m.start() < e.end for e in edits):
        edits.append(Edit(m.start(), m.end(), "", kind="credit"))
    return edits


_MIN_DUPLICATE_CHARS = 20


def remove_duplicate_paragraphs(text: str) -> list[Edit]:
    """Remove every paragraph (line) that repeats an earlier one verbatim (ignoring spacing).
    Short lines (under 20 characters) are kept: short repeats can be legitimate."""
    seen: set[str] = set()
    edits: list[Edit] = []
    for m in re.finditer(r"[^\n]*(?:\n|$)", text):
        line = m.group()
        key = " ".join(line.split())
        if len(key) < _MIN_DUPLICATE_CHARS:
            continue
        if key in seen:
            start, end = m.start(), m.end()
            previous_removed = bool(edits) and edits[-1].end == start
            if end == len(text) and start > 0 and text[start - 1] == "\n" and not previous_removed:
                start -= 1  # last line: take the newline before it instead
            if start < end:
                edits.append(Edit(start, end, "", kind="duplicate_paragraph"))
        else:
            seen.add(key)
    return _non_overlapping(edits)


# Example: "baterai smartphone.Sebuah" -> "baterai smartphone. Sebuah";
#          'katanya."Ini' -> 'katanya. "Ini' (an opening quote);
#          'tercapai."Kita' after an open quote -> 'tercapai." Kita' (a closing quote)
_GLUED = re.compile(r"(?:(?<=[A-Za-z]{2})|(?<=[0-9]{4})|(?<=\)))[.!?]+(?P<q>[\"”’]?)"
                    r"(?=(?P<next>[\"“]?)[A-Z][a-z])"
                    r"|(?<=[a-z],)(?P<q2>\")(?=[A-Z][a-z])")
_URLISH = re.compile(r"@|://|www\.|\.(?:com|co|id|go|org|net|ac|or|sch)\b", re.IGNORECASE)


_WHITESPACE = re.compile(r"\s")


def split_glued_sentences(text: str) -> list[Edit]:
    """Insert the space a scraper lost between two sentences (``smartphone.Sebuah``),
    without touching decimals (``10.000,50``), abbreviations (``Drs.Ahmad``), URLs or e-mail
    addresses. A straight quote between them is assigned by counting the quotes already
    open in the paragraph."""
    # Positions are tracked as the matches move forward (never searched again from the start
    # of the text or of a long token), so the step stays linear on text without spaces.
    edits: list[Edit] = []
    para_start = 0
    counted_to = 0
    open_quotes = 0
    scanned = 0  # line_start and word_start describe text[:scanned]
    line_start = 0
    word_start = 0
    next_space = -1  # the first whitespace at or after the previous token end, or len(text)
    urls = [(m.start(), m.end()) for m in _URLISH.finditer(text)]
    url_starts = [a for a, _ in urls]
    longest = max((len(a) for a in _abbreviations_to_keep()), default=0)
    for m in _GLUED.finditer(text):
        line_start = max(line_start, text.rfind("\n", scanned, m.start()) + 1)
        word_start = max(word_start, text.rfind(" ", scanned, m.start()) + 1,
                         text.rfind("\n", scanned, m.start()) + 1)
        scanned = m.start()
        if line_start != para_start:
            para_start, counted_to, open_quotes = line_start, line_start, 0
        if m.group("q2"):
            # 'ini,"Sebagai': a quote glued after a comma opens a new quote when none is open
            open_quotes += text.count('"', counted_to, m.start())
            counted_to = m.start()
            if open_quotes % 2 == 0:
                edits.append(Edit(m.start(), m.start(), " "))
            continue
        if m.start() + 1 - word_start <= longest and \
                text[word_start : m.start() + 1] in _abbreviations_to_keep():
            continue
        if next_space < m.end():
            ws = _WHITESPACE.search(text, m.end())
            next_space = ws.start() if ws else len(text)
        # a URL-like part (e-mail, "www.", ".com") inside the token around the match
        i = bisect_right(url_starts, next_space) - 1
        if i >= 0 and urls[i][0] >= word_start and urls[i][1] <= next_space:
            continue
        q = m.group("q")
        if q == '"':
            open_quotes += text.count('"', counted_to, m.start("q"))
            counted_to = m.start("q")
            if open_quotes % 2 == 0:
                # no quote open: the mark opens the next sentence
                edits.append(Edit(m.start("q"), m.start("q"), " "))
                continue
        edits.append(Edit(m.end(), m.end(), " "))
    return edits


@lru_cache(maxsize=1)
def _abbreviations_to_keep() -> frozenset[str]:
    """Title abbreviations glued to the next word (``Drs.Ahmad``) that are not sentence-final."""
    return frozenset(title_abbreviations() - final_abbreviations())


STEPS: dict[str, CleaningStep] = {
    s.name: s
    for s in (
        CleaningStep("normalize_unicode", normalize_unicode, normalize_unicode.__doc__ or "",
                     "'a\\u00a0b\\u200b' -> 'a b'"),
        CleaningStep("strip_html", strip_html, strip_html.__doc__ or "",
                     "'<p>Satu</p><p>Dua &amp; tiga</p>' -> 'Satu\\nDua & tiga'"),
        CleaningStep("normalize_whitespace", normalize_whitespace,
                     normalize_whitespace.__doc__ or "", "'a  b \\n\\n\\n\\nc ' -> 'a b\\n\\nc'"),
        CleaningStep("extract_dateline", extract_dateline, extract_dateline.__doc__ or "",
                     "'Kendari (ANTARA) - BKKBN ...' -> 'BKKBN ...'"),
        CleaningStep("remove_related_links", remove_related_links,
                     remove_related_links.__doc__ or "", "'Baca juga: Judul lain\\n' -> ''"),
        CleaningStep("remove_credits", remove_credits, remove_credits.__doc__ or "",
                     "'Pewarta: Nama\\n' -> ''"),
        CleaningStep("remove_duplicate_paragraphs", remove_duplicate_paragraphs,
                     remove_duplicate_paragraphs.__doc__ or "", "'A long line.\\nA long line.' "
                     "-> 'A long line.'"),
        CleaningStep("split_glued_sentences", split_glued_sentences,
                     split_glued_sentences.__doc__ or "",
                     "'baterai smartphone.Sebuah' -> 'baterai smartphone. Sebuah'"),
    )
}

DEFAULT_STEPS: tuple[str, ...] = (
    "normalize_unicode",
    "strip_html",
    # before whitespace normalisation: a double space can be all that is left of a dash,
    # or of the paragraph break that ends a glued related-article headline
    "extract_dateline",
    "remove_related_links",
    "normalize_whitespace",
    "remove_credits",
    "remove_duplicate_paragraphs",
    "split_glued_sentences",
    "normalize_whitespace",
)


def make_cleaner(*steps: str | CleaningStep) -> Callable[[str], Article]:
    """Chain cleaning steps, given by name (see :data:`STEPS`) or as :class:`CleaningStep`.

    The returned function maps raw text to an :class:`Article`. The dateline is read by the
    ``extract_dateline`` step when it is part of the chain.

    Raises:
        KeyError: An unknown step name (the message lists the known ones).
    """
    chain: list[CleaningStep] = []
    for s in steps:
        if isinstance(s, CleaningStep):
            chain.append(s)
        elif s in STEPS:
            chain.append(STEPS[s])
        else:
            raise KeyError(f"unknown cleaning step {s!r}; known steps: {', '.join(STEPS)}")

    def cleaner(raw: str) -> Article:
        raw = check_text(raw, "raw")
        text = raw
        omap = OffsetMap.identity(len(raw))
        removed: list[Removal] = []
        dateline: Dateline | None = None
        for step in chain:
            if step.name == "extract_dateline" and dateline is None:
                dateline, edits = find_dateline(text)
            else:
                edits = step(text)
            if not edits:
                continue
            new_text, ordered = apply_edits(text, edits)
            for e in ordered:
                if e.kind is not None and e.start < e.end:
                    r0, r1 = omap.to_raw(e.start, e.end)
                    removed.append(Removal(e.kind, raw[r0:r1], r0, r1))
            omap = omap.compose(ordered, len(new_text))
            text = new_text
        removed.sort(key=lambda r: (r.raw_start, r.raw_end))
        return Article(raw=raw, text=text, dateline=dateline, removed=tuple(removed),
                       offset_map=omap)

    cleaner.__doc__ = "Clean an article with the steps: " + ", ".join(s.name for s in chain)
    return cleaner


_default_cleaner = make_cleaner(*DEFAULT_STEPS)


def clean(raw: str, *, steps: Sequence[str] | None = None) -> Article:
    """Clean a scraped news article.

    Args:
        raw: The article as scraped.
        steps: Names of the steps to run, in order (default :data:`DEFAULT_STEPS`).

    Returns:
        The cleaned :class:`Article`; ``article.text`` is what the pipeline analyses.

    Raises:
        TypeError: ``raw`` is not a ``str`` (decode bytes first).
    """
    if steps is None:
        return _default_cleaner(raw)
    return make_cleaner(*steps)(raw)
