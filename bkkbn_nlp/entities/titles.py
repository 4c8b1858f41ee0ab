"""Titles are never part of PER: the entity rules that strip titles, ranks, honorifics and
degrees from person spans, split a place or agency after a title off them, cut the unit
after a unit head's title, and find the person after "<title> <place>" (rows of
``lang/data/rules/entities.tsv``); and the title helpers the role rules share.
"""

from __future__ import annotations

from functools import cache

from spacy.tokens import Doc, Span

from .gazetteer import (
    agency_forms,
    area_head_titles,
    degrees,
    honorifics,
    region_forms,
    title_sequences,
    unit_heads,
)
from .rule_context import RuleContext, map_label, span_key

__all__ = ["NOT_NAMES", "is_title_token", "title_at", "strip_titles", "place_after_title",
           "area_before_name", "unit_after_head", "strip_degrees", "names_after_titles"]

#: Capitalised words that follow "<title> <place>" but are not names.
NOT_NAMES = frozenset({
    "senin", "selasa", "rabu", "kamis", "jumat", "sabtu", "minggu", "januari", "februari",
    "maret", "april", "mei", "juni", "juli", "agustus", "september", "oktober", "november",
    "desember", "wib", "wita", "wit", "periode", "masa", "tahun", "saat", "yang", "dan",
})


@cache
def _title_tokens() -> frozenset[str]:
    """Every word of every title ("wakil", "bupati", "plt"), lower-cased."""
    return frozenset(w for seq in title_sequences() for w in seq)


@cache
def _titles_by_first() -> dict[str, tuple[tuple[str, ...], ...]]:
    """Title word tuples indexed by their first word (without a final period)."""
    out: dict[str, list[tuple[str, ...]]] = {}
    for seq in title_sequences():
        out.setdefault(seq[0].rstrip("."), []).append(seq)
    return {k: tuple(v) for k, v in out.items()}


@cache
def _max_title_words() -> int:
    """The number of words of the longest title."""
    return max(len(seq) for seq in title_sequences())


def _titles_from(doc: Doc, k: int) -> tuple[tuple[str, ...], ...]:
    """The titles whose first word is token k (compared without a final period)."""
    return _titles_by_first().get(doc[k].lower_.rstrip("."), ())


def _matches_title(doc: Doc, k: int, seq: tuple[str, ...]) -> bool:
    """Whether the words from token k are the title ``seq`` (first word with or without
    its period)."""
    if k + len(seq) > len(doc):
        return False
    words = [t.lower_ for t in doc[k:k + len(seq)]]
    return words == list(seq) or [words[0].rstrip("."), *words[1:]] == list(seq) or \
        [words[0], *words[1:]] == [seq[0].rstrip("."), *seq[1:]]


def is_title_token(word: str) -> bool:
    """Whether ``word`` is a word of a title ("Wakil", "Bupati", "Plt.")."""
    low = word.lower()
    return low in _title_tokens() or low.rstrip(".") in _title_tokens()


def title_at(doc: Doc, k: int) -> bool:
    """Whether a title that is not only an honorific starts at token k."""
    honor = honorifics()
    low = doc[k].lower_
    if low in honor or low.rstrip(".") in honor:
        return False
    return any(_matches_title(doc, k, seq) for seq in _titles_from(doc, k))


def _title_ends_at(doc: Doc, k: int) -> bool:
    """Whether a title ("Bupati", "Wali Kota", "Plt. Kepala") ends just before token k."""
    for n in range(1, _max_title_words() + 1):
        if k - n < 0:
            break
        for seq in _titles_from(doc, k - n):
            if len(seq) == n and _matches_title(doc, k - n, seq):
                return True
    return False


def _person(doc: Doc, span: Span, start: int, end: int) -> list[Span]:
    """The person ``doc[start:end]`` in place of ``span`` (``span`` itself when the bounds
    are its own, nothing when empty)."""
    if start >= end:
        return []
    if start != span.start or end != span.end:
        return [Span(doc, start, end, label="PER")]
    return [span]


def strip_titles(ctx: RuleContext) -> None:
    """``strip_titles``: leading titles, ranks and honorifics ("Plt Kepala", "Drs.",
    "Wakil Bupati", "Kompol") are stripped from person spans."""
    doc = ctx.doc

    def strip(span: Span) -> list[Span]:
        start = span.start
        while start < span.end and is_title_token(doc[start].text):
            start += 1
        return _person(doc, span, start, span.end)

    map_label(ctx, ("PER",), strip)


def place_after_title(ctx: RuleContext) -> None:
    """``place_after_title``: a place or agency of the gazetteer right after a title is
    split off a person span ("Bupati Sleman Dewi" -> LOC "Sleman" + PER "Dewi"): it belongs
    to the role."""
    doc = ctx.doc
    gaz_at = {g.start: g for g in ctx.gaz}

    def split(span: Span) -> list[Span]:
        g = gaz_at.get(span.start)
        after_title = span.start > 0 and is_title_token(doc[span.start - 1].text)
        if not (after_title and g is not None and g.end < span.end):
            return [span]
        ctx.after_place.add((g.end, span.end))
        return [g, Span(doc, g.end, span.end, label="PER")]

    map_label(ctx, ("PER",), split)


def area_before_name(ctx: RuleContext) -> None:
    """``area_before_name``: a one-word person span right after the title of an area's head
    (``area_head_titles.txt``), followed by a comma and a person (titles or ranks may come
    between), is the area: "Kapolsek Abeli, Iptu Darmin, ..." -> LOC "Abeli" (a district the
    gazetteer does not list)."""
    doc = ctx.doc
    titles = area_head_titles()
    person_starts = {s.start for s in ctx.spans if s.label_ == "PER"}

    def after_area_title(i: int) -> bool:
        one = doc[i - 1].lower_ if i >= 1 else ""
        two = f"{doc[i - 2].lower_} {one}" if i >= 2 else ""
        return one in titles or two in titles

    def person_after_comma(i: int) -> bool:
        """A comma at ``i``, then (after any titles or ranks) a person."""
        if i >= len(doc) or doc[i].text != ",":
            return False
        j = i + 1
        while j < len(doc) and j not in person_starts and is_title_token(doc[j].text):
            j += 1
        return j in person_starts

    def relabel(span: Span) -> list[Span]:
        if len(span) == 1 and after_area_title(span.start) and person_after_comma(span.end):
            return [Span(doc, span.start, span.end, label="LOC")]
        return [span]

    map_label(ctx, ("PER",), relabel)


def unit_after_head(ctx: RuleContext) -> None:
    """``unit_after_head``: after the title of a unit's head (``unit_heads.txt``: Kabid,
    Kasi, Kabag) the next word is the unit, cut off a person span ("Kabid Humas Dewi":
    PER "Dewi"; "Kasi Intel" alone: nothing)."""
    doc = ctx.doc
    gaz_starts = {g.start for g in ctx.gaz}
    heads = unit_heads()

    def cut(span: Span) -> list[Span]:
        if (span.start, span.end) in ctx.after_place or span.start in gaz_starts \
                or span.start == 0 or doc[span.start - 1].lower_ not in heads:
            return [span]
        return _person(doc, span, span.start + 1, span.end)

    map_label(ctx, ("PER",), cut)


def strip_degrees(ctx: RuleContext) -> None:
    """``strip_degrees``: academic degrees and punctuation at the end of a person span
    ("Andi Rahman SH", "Budi Santoso M.Si.") are not part of the name."""
    doc = ctx.doc
    titles = degrees()

    def strip(span: Span) -> list[Span]:
        end = span.end
        while end > span.start and (doc[end - 1].is_punct or doc[end - 1].text in titles):
            end -= 1
        return _person(doc, span, span.start, end)

    map_label(ctx, ("PER",), strip)


def _place_after(ctx: RuleContext, g: Span) -> Span | None:
    """The place or agency of the gazetteer span ``g`` right after a title: ``g`` itself,
    or its part after the title's last word ("Wali Kota Kendari": "Kendari"); ``None``
    when no title comes before."""
    doc = ctx.doc
    if _title_ends_at(doc, g.start):
        return g
    # "Wali Kota Kendari": the title's last word opens the gazetteer match
    if not (g.end - g.start > 1 and _title_ends_at(doc, g.start + 1)):
        return None
    rest = doc[g.start + 1:g.end].text
    entry = region_forms().get(rest) or agency_forms().get(rest)
    if entry is None:
        return None
    place = Span(doc, g.start + 1, g.end, label=entry.label, kb_id=entry.kb_id)
    ctx.info[span_key(place)] = {"normalized": entry.canonical, "source": "gazetteer"}
    return place


def _name_end(doc: Doc, j: int, gaz_tokens: set[int]) -> int:
    """The end of the capitalised words from token j that may be a name (at most five)."""
    e = j
    while e < len(doc) and e - j < 5 and doc[e].is_alpha and doc[e].text[:1].isupper() \
            and not doc[e].text.isupper() and doc[e].lower_ not in NOT_NAMES \
            and e not in gaz_tokens and not doc[e].is_sent_start:
        e += 1
    return e


def names_after_titles(ctx: RuleContext) -> None:
    """``names_after_titles``: "<title> <place or agency> <Name>" ("Wali Kota Kendari Andi
    Rahman", "Kapolres Bantul AKBP Rudi Hartono"): the place or agency keeps its gazetteer
    label, and the one to four capitalised words after it (ranks skipped) are a person,
    unless the model said otherwise about them. A model span over the place and the name
    ("Kota Kendari Andi Rahman" as LOC) is replaced."""
    doc = ctx.doc
    out = list(ctx.spans)
    gaz_tokens = ctx.gaz_tokens()
    for g in ctx.gaz:
        place = _place_after(ctx, g)
        if place is None:
            continue
        j = place.end
        while j < len(doc) and is_title_token(doc[j].text):
            j += 1
        e = _name_end(doc, j, gaz_tokens)
        if e == j or e - j > 4:
            continue
        over = [s for s in out if s.start < e and g.start < s.end]
        if any(s.label_ == "PER" for s in over) or any(s.start < g.start or s.end > e
                                                       for s in over):
            continue
        out = [s for s in out if s not in over]
        out += [place, Span(doc, j, e, label="PER")]
    ctx.spans = out
