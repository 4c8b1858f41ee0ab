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

import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from functools import lru_cache

from ..errors import check_text
from ..lang import (
    credit_labels,
    final_abbreviations,
    headline_words,
    news_agencies,
    related_link_labels,
    title_abbreviations,
)
from .article import Article, CleaningStep, Dateline, Removal
from .html_page import extract_html_body
from .normalize import (  # noqa: F401  (_MAX_DROPPED_CHARS: read by tests)
    _MAX_DROPPED_CHARS,
    _non_overlapping,
    normalize_unicode,
    normalize_whitespace,
    strip_html,
)
from .offsets import Edit, OffsetMap, apply_edits
from .repair import (
    normalize_quote_marks,
    rejoin_closing_quotes,
    repair_mojibake,
    separate_glued_quotes,
    split_joined_paragraphs,
)

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
        and "\n" not in head[m.start("place") : m.end()]
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
        CleaningStep("repair_mojibake", repair_mojibake, repair_mojibake.__doc__ or "",
                     "'\u201aÄúKami siap,\u201aÄù' -> '“Kami siap,”'"),
        CleaningStep("normalize_unicode", normalize_unicode, normalize_unicode.__doc__ or "",
                     "'a\\u00a0b\\u200b' -> 'a b'"),
        CleaningStep("normalize_quote_marks", normalize_quote_marks,
                     normalize_quote_marks.__doc__ or "",
                     "\"''Aku syuting,'' ujar Prilly.\" -> '\"Aku syuting,\" ujar Prilly.'"),
        CleaningStep("extract_html_body", extract_html_body, extract_html_body.__doc__ or "",
                     "'<html><head><title>T</title></head><body><nav>Menu</nav>"
                     "<article><p>Isi.</p></article></body></html>' -> 'Isi.'"),
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
        CleaningStep("split_joined_paragraphs", split_joined_paragraphs,
                     split_joined_paragraphs.__doc__ or "",
                     "'berangsur normal., Hal ini' -> 'berangsur normal.\\nHal ini'"),
        CleaningStep("rejoin_closing_quotes", rejoin_closing_quotes,
                     rejoin_closing_quotes.__doc__ or "",
                     "'\"Saya senang,\\n\" katanya.' -> '\"Saya senang,\" katanya.'"),
        CleaningStep("separate_glued_quotes", separate_glued_quotes,
                     separate_glued_quotes.__doc__ or "",
                     "'\"Kami siap,“ujar Andi.' -> '\"Kami siap,“ ujar Andi.'"),
        CleaningStep("split_glued_sentences", split_glued_sentences,
                     split_glued_sentences.__doc__ or "",
                     "'baterai smartphone.Sebuah' -> 'baterai smartphone. Sebuah'"),
    )
}

DEFAULT_STEPS: tuple[str, ...] = (
    # first: the mis-decoded characters are what the other steps would see
    "repair_mojibake",
    "normalize_unicode",
    # a whole page: keep only the article body (deletions), then strip the body's markup
    "extract_html_body",
    "strip_html",
    # after the markup (alt='' in a tag is no quotation mark)
    "normalize_quote_marks",
    # before whitespace normalisation: a double space can be all that is left of a dash,
    # or of the paragraph break that ends a glued related-article headline
    "extract_dateline",
    "remove_related_links",
    "normalize_whitespace",
    "remove_credits",
    "remove_duplicate_paragraphs",
    # after whitespace normalisation (no spaces at line edges), before the glued sentences
    # (which count the quotes open in a paragraph)
    "split_joined_paragraphs",
    "rejoin_closing_quotes",
    "separate_glued_quotes",
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
