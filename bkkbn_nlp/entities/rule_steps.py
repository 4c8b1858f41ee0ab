"""The entity rules over spans: gazetteer matches, agency + region, commissions, the
combination with the model, pairs of names, organisation words, names of things, legal
forms and compass directions (rows of ``lang/data/rules/entities.tsv``).
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from .gazetteer import (
    Entry,
    agency_forms,
    building_heads,
    city_forms,
    country_forms,
    currencies,
    legal_forms,
    org_heads,
    org_suffixes,
    region_forms,
    region_qualifiers,
    thing_heads,
)
from .rule_context import Hit, Match, RuleContext, map_label, positions, span_key

__all__ = ["GazetteerLookup", "find_gazetteer", "join_agency_and_region", "gazetteer_spans",
           "commissions", "prefer_gazetteer", "fill_gaps", "settle", "split_pairs",
           "org_suffix", "org_head", "drop_place_in_name_of_thing", "drop_legal_form",
           "with_directions"]

#: Compass directions after a place, in lower case ("Israel utara", "Afrika barat daya").
_DIRECTIONS = frozenset({"utara", "selatan", "barat", "timur", "tengah", "tenggara"})
#: The second word of "barat laut", "barat daya", "timur laut".
_SECOND_DIRECTIONS = frozenset({"laut", "daya"})

#: Dashes that join two names when written with spaces ("Prabowo - Hatta").
_DASHES = frozenset({"-", "–", "—"})

#: The number of a parliamentary commission: "Komisi III" (DPR), "Komisi A" (DPRD).
_COMMISSION_NUMBER = re.compile(r"(?:[IVX]{1,4}|[A-E])")

#: Organisation head nouns that also open names of buildings or places.
_PLACE_LIKE_HEADS = frozenset({"kantor", "balai", "pusat", "kamar"})


#: Words that are also common words in lower case: a lower-cased place form made of these
#: alone ("kota baru", "padang lawas") is not matched in text written without case.
_COMMON_PLACE_WORDS = frozenset({
    "kota", "kabupaten", "kab", "kab.", "provinsi", "prov.", "administrasi", "kepulauan",
    "baru", "batu", "lama", "raya", "besar", "kecil", "tengah", "barat", "timur", "utara",
    "selatan", "tenggara", "daya", "laut", "pusat", "hulu", "hilir", "ilir", "ulu", "tinggi",
    "tanah", "bukit", "gunung", "pulau", "sungai", "muara", "air", "jaya", "indah", "sari",
    "agung", "mas", "emas", "padang", "lawas", "datar", "dua", "tiga", "empat", "lima",
    "kota,", "new", "the", "of", "dan"})
#: An agency form needs this many words to be matched in text written without case
#: ("badan pusat statistik"; "dinas kesehatan" is also a common phrase).
_UNCASED_AGENCY_WORDS = 3


def _uncased_form(words: list[str], entry: Entry) -> bool:
    """Whether a gazetteer form is matched in lower-cased or upper-cased text: several
    words, not all common words (places), or three or more words (agencies)."""
    if len(words) < 2:
        return False
    if entry.label == "ORG":
        return len(words) >= _UNCASED_AGENCY_WORDS
    return any(w.lower() not in _COMMON_PLACE_WORDS for w in words)


class GazetteerLookup:
    """The phrase matcher of every gazetteer form (cities, countries, regions, agencies),
    built on first use with the pipeline's tokenizer; in a sentence written without case
    (:func:`~bkkbn_nlp.entities.features.uncased_sentence`) also the unambiguous
    multi-word forms in any case (:func:`_uncased_form`)."""

    def __init__(self, nlp: Language) -> None:
        self._nlp = nlp
        self._entries: dict[str, Entry] = {}
        self._matcher: PhraseMatcher | None = None
        self._lower: PhraseMatcher | None = None

    def _build(self) -> PhraseMatcher:
        """The matcher, one key per form."""
        matcher = PhraseMatcher(self._nlp.vocab, attr="ORTH")
        forms: dict[str, Entry] = {**city_forms(), **country_forms(), **region_forms(),
                                   **agency_forms()}
        self._entries = forms
        by_key: dict[str, list[Doc]] = {}
        for form in forms:
            by_key.setdefault(form, []).append(self._nlp.make_doc(form))
        for form, docs in by_key.items():
            matcher.add(form, docs)
        lower = PhraseMatcher(self._nlp.vocab, attr="LOWER")
        for form, docs in by_key.items():
            words = [t.text for t in docs[0]]
            if _uncased_form(words, forms[form]):
                lower.add(form, docs)
        self._lower = lower
        return matcher

    def __call__(self, doc: Doc) -> list[Hit]:
        """Every gazetteer hit in ``doc``, overlapping ones included, in matcher order
        (then the hits in sentences written without case)."""
        if self._matcher is None:
            self._matcher = self._build()
        strings = self._nlp.vocab.strings
        hits = [(start, end, self._entries[strings[match_id]])
                for match_id, start, end in self._matcher(doc)]
        if self._lower is not None:
            hits += self._uncased_hits(doc, {(a, b) for a, b, _ in hits})
        return hits

    def _uncased_hits(self, doc: Doc, seen: set[tuple[int, int]]) -> list[Hit]:
        """Hits of the case-insensitive matcher inside sentences written without case."""
        from .features import uncased_sentence

        assert self._lower is not None
        chunks = list(doc.sents) if doc.has_annotation("SENT_START") else [doc[:]]
        ranges = [(c.start, c.end) for c in chunks
                  if uncased_sentence([t.text for t in c if not t.is_space])]
        if not ranges:
            return []
        strings = self._nlp.vocab.strings
        return [(start, end, self._entries[strings[match_id]])
                for match_id, start, end in self._lower(doc)
                if (start, end) not in seen
                and any(a <= start and end <= b for a, b in ranges)]


def find_gazetteer(ctx: RuleContext) -> None:
    """``gazetteer``: regions, cities, countries and agencies of the lists, the longest
    match first, no overlaps."""
    found = sorted(ctx.lookup(ctx.doc), key=lambda m: (m[0], -(m[1] - m[0])))
    last_end = -1
    for start, end, entry in found:
        if start >= last_end:
            ctx.matches.append(Match(start, end, entry))
            last_end = end


def _joins(doc: Doc, agency: Match, region: Match) -> bool:
    """Whether ``region`` right after ``agency`` (or after "Provinsi", "Kab.", ...) is the
    agency's region."""
    gap = doc[agency.end:region.start]
    return agency.entry.label == "ORG" and agency.entry.regional \
        and region.entry.label == "LOC" and (
            region.start == agency.end or (len(gap) == 1 and gap[0].text in region_qualifiers))


def join_agency_and_region(ctx: RuleContext) -> None:
    """``agency_region``: an agency followed by its region is one ORG ("BKKBN Sultra",
    "Dinkes Kabupaten Konawe"), normalised as the agency's name and the region's official
    name, with the id ``<agency>@<region>``."""
    out: list[Match] = []
    i = 0
    while i < len(ctx.matches):
        agency = ctx.matches[i]
        if i + 1 < len(ctx.matches) and _joins(ctx.doc, agency, ctx.matches[i + 1]):
            region = ctx.matches[i + 1]
            entry = Entry("ORG", f"{agency.entry.kb_id}@{region.entry.kb_id}",
                          f"{agency.entry.canonical} {region.entry.full_name}")
            out.append(Match(agency.start, region.end, entry, compound=True))
            i += 2
            continue
        out.append(agency)
        i += 1
    ctx.matches = out


def gazetteer_spans(ctx: RuleContext) -> None:
    """(step) The gazetteer's spans of the matches kept, with their records."""
    for match in ctx.matches:
        span = Span(ctx.doc, match.start, match.end, label=match.entry.label,
                    kb_id=match.entry.kb_id)
        record: dict[str, object] = {"normalized": match.entry.canonical, "source": "gazetteer"}
        if match.compound:
            record["compound"] = True
        ctx.info[span_key(span)] = record
        ctx.gaz.append(span)


def commissions(ctx: RuleContext) -> None:
    """``commission``: a parliamentary commission ("Komisi III", "Komisi A") is an ORG, one
    span with the parliament written after it ("Komisi III DPR", "Komisi A DPRD Jabar"),
    whose ``kb_id`` is the parliament's with ``/komisi-<n>`` (guideline 2.2)."""
    doc, spans = ctx.doc, ctx.gaz
    starts = {sp.start: k for k, sp in enumerate(spans)}
    out = list(spans)
    drop: set[int] = set()
    for i in positions(doc, ("Komisi",)):
        if i + 1 >= len(doc) or not _COMMISSION_NUMBER.fullmatch(doc[i + 1].text):
            continue
        end, kb_id, normalized = i + 2, "", f"Komisi {doc[i + 1].text}"
        k = starts.get(end)
        if k is not None and spans[k].label_ == "ORG":
            parent = spans[k]
            drop.add(k)
            end, kb_id = parent.end, f"{parent.kb_id_}/komisi-{doc[i + 1].lower_}"
            normalized += " " + ctx.info.get(span_key(parent), {}).get("normalized", parent.text)
        span = Span(doc, i, end, label="ORG", kb_id=kb_id)
        ctx.info[span_key(span)] = {"normalized": normalized, "source": "gazetteer",
                                    "compound": True}
        out.append(span)
    ctx.gaz = sorted((sp for k, sp in enumerate(out) if k not in drop), key=lambda sp: sp.start)


def _replaces(ctx: RuleContext, g: Span, m: Span) -> bool:
    """Whether the gazetteer span ``g`` replaces the model's span ``m``: the same tokens
    (a city is not a model ORG), or a compound over it or over a model ORG."""
    merged = ctx.info.get(span_key(g), {}).get("compound", False)
    same = g.start == m.start and g.end == m.end and not (
        g.kb_id_.startswith("city:") and m.label_ == "ORG")
    return bool(same or (merged and g.start <= m.start and m.end <= g.end)
                or (merged and m.label_ == "ORG"))


def prefer_gazetteer(ctx: RuleContext) -> None:
    """``gazetteer_over_model``: where a gazetteer span covers the same tokens as the
    model's, or joins the model's pieces (an agency + region), the gazetteer's span, label
    and id win (the lists are curated)."""
    # Linear in the number of tokens the spans cover: a token -> gazetteer spans index
    # replaces the all-pairs overlap test (hostile text has thousands of spans).
    by_token: dict[int, list[int]] = {}
    for k, g in enumerate(ctx.gaz):
        for t in range(g.start, g.end):
            by_token.setdefault(t, []).append(k)
    keep: list[Span] = []
    for m in ctx.spans:
        overlapping = sorted({k for t in range(m.start, m.end) for k in by_token.get(t, ())})
        hits = [k for k in overlapping if _replaces(ctx, ctx.gaz[k], m)]
        ctx.used_gaz.update(hits)
        if not hits:
            keep.append(m)
    ctx.spans = keep


def fill_gaps(ctx: RuleContext) -> None:
    """(step) Gazetteer spans join the model's where they replace one or where the model
    found nothing; elsewhere the model's span is kept."""
    covered = bytearray(len(ctx.doc) + 1)
    for m in ctx.spans:
        covered[m.start:m.end] = b"\x01" * (m.end - m.start)
    for k, g in enumerate(ctx.gaz):
        if k in ctx.used_gaz or not any(covered[g.start:g.end]):
            ctx.spans.append(g)
            covered[g.start:g.end] = b"\x01" * (g.end - g.start)


def settle(ctx: RuleContext) -> None:
    """(step) Overlapping candidates settled: the longest span wins (``filter_spans``)."""
    ctx.spans = filter_spans(ctx.spans)


def split_pairs(ctx: RuleContext) -> None:
    """``split_pairs``: a person span over a dash written with spaces on both sides names
    two people ("Prabowo Subianto - Hatta Rajasa", a ticket or a pair): it is split at the
    dash. A dash written against the words stays inside ("Faruq El-Shara"), and so does one
    with a single word on a side ("Catherine Zeta - Jones", text whose spacing was lost):
    the halves of a pair are full names."""
    doc = ctx.doc

    def split(span: Span) -> list[Span]:
        if len(span) < 3:
            return [span]
        out: list[Span] = []
        start = span.start
        cuts = [k for k in range(span.start + 1, span.end - 1)
                if doc[k].text in _DASHES and doc[k - 1].whitespace_ and doc[k].whitespace_]
        for k, nxt in zip(cuts, [*cuts[1:], span.end], strict=False):
            if k - start >= 2 and nxt - k - 1 >= 2:
                out.append(Span(doc, start, k, label="PER"))
                start = k + 1
        if start == span.start:
            out.append(span)
        elif start < span.end:
            out.append(Span(doc, start, span.end, label="PER"))
        return out

    map_label(ctx, ("PER",), split)


def org_suffix(ctx: RuleContext) -> None:
    """``org_suffix``: a model PER or LOC that ends with a company or institution word
    ("Qualcomm Inc", "Indonesia Corruption Watch", ``org_suffixes.txt``) is an ORG."""
    suffixes = org_suffixes()

    def relabel(span: Span) -> list[Span]:
        if not span.kb_id_ and len(span) > 1 and ctx.doc[span.end - 1].text in suffixes:
            return [Span(ctx.doc, span.start, span.end, label="ORG")]
        return [span]

    map_label(ctx, ("PER", "LOC"), relabel)


def org_head(ctx: RuleContext) -> None:
    """``org_head``: a model LOC that opens with an organisation head noun ("Sekretariat
    Negara", "Rumah Sakit Jiwa X", "Universitas X") is an ORG. Heads that also name
    buildings or places ("Kantor", "Balai", "Pusat", "Rumah" without "Sakit") are left
    alone."""
    heads, doc = org_heads(), ctx.doc

    def relabel(span: Span) -> list[Span]:
        first = doc[span.start]
        if not span.kb_id_ and len(span) > 1 and first.text[:1].isupper() \
                and first.lower_ in heads and first.lower_ not in _PLACE_LIKE_HEADS \
                and (first.lower_ != "rumah" or doc[span.start + 1].lower_ == "sakit"):
            return [Span(doc, span.start, span.end, label="ORG")]
        return [span]

    map_label(ctx, ("LOC",), relabel)


def drop_place_in_name_of_thing(ctx: RuleContext) -> None:
    """``place_in_name_of_thing``: a place right after a currency word names the currency
    ("dolar AS", "yuan (Tiongkok)": an amount), after "bahasa" a language, after "Liga"/
    "Piala"/"GP"/"turnamen" a competition, after "Istana"/"Stadion" a building ("Istana
    Bogor"): none is annotated (annotation guidelines 2.4, 2.6), so the LOC is dropped."""
    doc = ctx.doc
    words = currencies() | thing_heads()
    buildings = building_heads()

    def named_thing(span: Span) -> list[Span]:
        before = span.start - 1
        if before > 0 and doc[before].text == "(":
            before -= 1
        named = before >= 0 and (doc[before].lower_ in words or doc[before].text in buildings)
        return [] if named else [span]

    map_label(ctx, ("LOC",), named_thing)


def drop_legal_form(ctx: RuleContext) -> None:
    """``legal_form_alone``: a company's legal form alone ("(Persero)", "Tbk") is not an
    entity."""
    forms = legal_forms()
    ctx.spans = [span for span in ctx.spans
                 if not (len(span) == 1 and span.text.lower() in forms)]


def with_directions(ctx: RuleContext) -> None:
    """``compass_direction``: a place followed by a compass direction in lower case names the part
    of it ("Israel utara", "Sumatera selatan", "Afrika barat daya"): the direction joins
    the LOC span."""
    doc = ctx.doc
    starts = {sp.start for sp in ctx.spans}

    def joins(k: int, words: frozenset[str]) -> bool:
        return k < len(doc) and doc[k].text in words and bool(doc[k - 1].whitespace_) \
            and k not in starts

    def extend(span: Span) -> list[Span]:
        end = span.end
        if joins(end, _DIRECTIONS):
            end += 1
            if joins(end, _SECOND_DIRECTIONS):
                end += 1
        return [span if end == span.end else
                Span(doc, span.start, end, label="LOC", kb_id=span.kb_id)]

    map_label(ctx, ("LOC",), extend)
