"""Gazetteer rules that complete and correct the statistical NER, normalise entities and
attach officials' roles.

The component ``bkkbn_entity_rules`` runs after the statistical ``ner`` (or alone):

1. **Gazetteer matches** of regions (LOC) and agencies (ORG), see
   :mod:`bkkbn_nlp.entities.gazetteer`.
2. **Agency + region** makes one ORG span: "BKKBN Sultra", "Dinkes Kabupaten Konawe",
   "Polda Sulawesi Tenggara"; its normalised name joins the agency's name and the region's
   official name. Places alone are normalised without "Kabupaten"/"Kota". A parliamentary
   commission is one ORG with its parliament ("Komisi III DPR", ``kb_id``
   ``agency:dpr/komisi-iii``).
3. **Combination with the model**: a gazetteer span fills a gap where the model found
   nothing; an agency + region span replaces the model's pieces of it; where both cover the
   same tokens the gazetteer's label and id win (the lists are curated). Elsewhere the
   model's span is kept. A place right after a currency word ("dolar AS", "yuan
   (Tiongkok)") is dropped: it names the currency, an amount; so is a company's legal form
   alone ("(Persero)"). A place followed by a compass direction in lower case ("Israel
   utara") is one LOC.
4. **Pairs and titles.** A person span over a dash written with spaces between two full
   names ("Andi Rahman - Siti Aminah", a ticket) is two people. **Titles are never part
   of PER**: leading titles and honorifics ("Plt Kepala", "Drs.",
   "Wakil Bupati") are stripped from person spans; a place or agency right after a title
   is split off ("Bupati Sleman Dewi" -> LOC + PER), the word after the title of a
   unit's head is the unit ("Kabid Humas Dewi": PER "Dewi"), and "<title> <place or
   agency> <Name>" gives a person even where the model found none.
5. **Acronyms defined in the text**, either order ("Badan Pengelola Dana (BPD)", "KPPS
   (Kelompok ...)"), link both forms when the name spells the acronym
   (:func:`spells_acronym`): later mentions of the acronym get the full name as
   ``normalized``.
6. **People and roles** (annotation guideline 2.5): a preceding title ("Bupati Konawe
   Andi": role "Bupati", organisation "Konawe") or an appositive before or after the name
   ("Kepala BPBD Jabar, Andi Rahman,"; "Andi Rahman, Ketua DPRD Kendari,") gives the
   mention's ``role`` and ``organization``.

Results: ``doc.ents`` (labels PER, ORG, LOC, with ``kb_id_`` where known), the Span
extensions ``span._.normalized``, ``span._.role``, ``span._.organization``, and
``doc._.people`` (one record per person: name, role, organization, mentions).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import cache
from typing import Any

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..extensions import ENTITIES_KEY, PEOPLE_KEY, register_extensions
from .gazetteer import (
    Entry,
    agency_forms,
    building_heads,
    city_forms,
    country_forms,
    currencies,
    degrees,
    honorifics,
    legal_forms,
    org_heads,
    org_suffixes,
    region_forms,
    region_qualifiers,
    thing_heads,
    title_sequences,
    unit_heads,
)
from .names import spells_blend

__all__ = ["EntityRules", "spells_acronym"]

_CONNECTORS = frozenset({"dan", "dari", "untuk", "pada", "di", "ke", "&", "-"})
_STOP_ROLE = frozenset({",", ".", ";", ":", "(", ")", '"', "“", "”", "dan", "kata", "ujar",
                        "menurut", "bahwa", "yang", "oleh", "dengan", "serta", "atau", "bersama",
                        "dari", "kepada", "ke", "di", "pada", "untuk", "tutur", "jelas", "ucap"})
_MAX_ROLE_TOKENS = 14
#: Capitalised words that follow "<title> <place>" but are not names.
_NOT_NAMES = frozenset({
    "senin", "selasa", "rabu", "kamis", "jumat", "sabtu", "minggu", "januari", "februari",
    "maret", "april", "mei", "juni", "juli", "agustus", "september", "oktober", "november",
    "desember", "wib", "wita", "wit", "periode", "masa", "tahun", "saat", "yang", "dan",
})


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
    return max(len(seq) for seq in title_sequences())


def _titles_from(doc: Doc, k: int) -> tuple[tuple[str, ...], ...]:
    """The titles whose first word is token k (compared without a final period)."""
    return _titles_by_first().get(doc[k].lower_.rstrip("."), ())


def _positions(doc: Doc, texts: Any) -> list[int]:
    """Indexes of the tokens whose text is one of ``texts`` (vectorised over the doc)."""
    import numpy
    from spacy.attrs import ORTH

    orth = doc.to_array(ORTH)
    keys = numpy.array([doc.vocab.strings.add(t) for t in texts], dtype=orth.dtype)
    return [int(i) for i in numpy.nonzero(numpy.isin(orth, keys))[0]]


def _matches_title(doc: Doc, k: int, seq: tuple[str, ...]) -> bool:
    """Whether the words from token k are the title ``seq`` (first word with or without
    its period)."""
    if k + len(seq) > len(doc):
        return False
    words = [t.lower_ for t in doc[k:k + len(seq)]]
    return words == list(seq) or [words[0].rstrip("."), *words[1:]] == list(seq) or \
        [words[0], *words[1:]] == [seq[0].rstrip("."), *seq[1:]]


def _is_title_token(word: str) -> bool:
    low = word.lower()
    return low in _title_tokens() or low.rstrip(".") in _title_tokens()


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


class EntityRules:
    """Gazetteer and rule layer over the statistical NER (see the module docstring).

    Args:
        nlp: The pipeline (its tokenizer tokenizes the gazetteer forms).
        name: Component name.
        overwrite: Replace the model's entities entirely instead of combining.
    """

    def __init__(self, nlp: Language, name: str = "bkkbn_entity_rules", *,
                 overwrite: bool = False) -> None:
        self.name = name
        self.overwrite = overwrite
        self._nlp = nlp
        self._entries: dict[str, Entry] = {}
        self._matcher: PhraseMatcher | None = None
        register_extensions()

    def _build(self) -> PhraseMatcher:
        matcher = PhraseMatcher(self._nlp.vocab, attr="ORTH")
        forms: dict[str, Entry] = {**city_forms(), **country_forms(), **region_forms(),
                                   **agency_forms()}
        self._entries = forms
        by_key: dict[str, list[Doc]] = {}
        for form in forms:
            by_key.setdefault(form, []).append(self._nlp.make_doc(form))
        for form, docs in by_key.items():
            matcher.add(form, docs)
        return matcher

    def __call__(self, doc: Doc) -> Doc:
        if self._matcher is None:
            self._matcher = self._build()
        info: dict[str, dict[str, Any]] = {}
        gaz = self._gazetteer_spans(doc, info)
        model = [] if self.overwrite else list(doc.ents)
        combined = self._combine(doc, model, gaz, info)
        combined = self._split_pairs(doc, combined)
        combined = self._strip_titles(doc, combined, info, gaz)
        combined = self._names_after_titles(doc, combined, info, gaz)
        combined = self._org_heads_not_places(doc, combined)
        combined = self._not_in_names_of_things(doc, combined)
        combined = self._propagate_names(doc, filter_spans(combined), info, gaz)
        combined = self._with_directions(doc, combined)
        doc.ents = filter_spans(combined)
        self._link_acronyms(doc, info)
        doc.user_data[ENTITIES_KEY] = info
        doc.user_data[PEOPLE_KEY] = self._people(doc, info)
        return doc

    # -- 1 and 2 ----------------------------------------------------------------------
    def _gazetteer_spans(self, doc: Doc, info: dict[str, dict[str, Any]]) -> list[Span]:
        assert self._matcher is not None
        found = []
        for match_id, start, end in self._matcher(doc):
            entry = self._entries[self._nlp.vocab.strings[match_id]]
            found.append((start, end, entry))
        found.sort(key=lambda m: (m[0], -(m[1] - m[0])))
        # longest match first, no overlaps
        spans: list[tuple[int, int, Entry]] = []
        last_end = -1
        for start, end, entry in found:
            if start >= last_end:
                spans.append((start, end, entry))
                last_end = end
        out: list[Span] = []
        i = 0
        while i < len(spans):
            start, end, entry = spans[i]
            if entry.label == "ORG" and entry.regional and i + 1 < len(spans):
                nstart, nend, nentry = spans[i + 1]
                gap = doc[end:nstart]
                if nentry.label == "LOC" and (
                    nstart == end or (len(gap) == 1 and gap[0].text in region_qualifiers)
                ):
                    span = Span(doc, start, nend, label="ORG",
                                kb_id=f"{entry.kb_id}@{nentry.kb_id}")
                    info[f"{span.start_char}:{span.end_char}"] = {
                        "normalized": f"{entry.canonical} {nentry.full_name}",
                        "source": "gazetteer", "compound": True,
                    }
                    out.append(span)
                    i += 2
                    continue
            span = Span(doc, start, end, label=entry.label, kb_id=entry.kb_id)
            info[f"{span.start_char}:{span.end_char}"] = {"normalized": entry.canonical,
                                                         "source": "gazetteer"}
            out.append(span)
            i += 1
        return self._commissions(doc, out, info)

    @staticmethod
    def _commissions(doc: Doc, spans: list[Span], info: dict[str, dict[str, Any]]
                     ) -> list[Span]:
        """A parliamentary commission ("Komisi III", "Komisi A") is an ORG, one span with
        the parliament written after it ("Komisi III DPR", "Komisi A DPRD Jabar"), whose
        ``kb_id`` is the parliament's with ``/komisi-<n>`` (guideline 2.2)."""
        starts = {sp.start: k for k, sp in enumerate(spans)}
        out = list(spans)
        drop: set[int] = set()
        for i in _positions(doc, ("Komisi",)):
            if i + 1 >= len(doc) or not _COMMISSION_NUMBER.fullmatch(doc[i + 1].text):
                continue
            end, kb_id, normalized = i + 2, "", f"Komisi {doc[i + 1].text}"
            k = starts.get(end)
            if k is not None and spans[k].label_ == "ORG":
                parent = spans[k]
                drop.add(k)
                end, kb_id = parent.end, f"{parent.kb_id_}/komisi-{doc[i + 1].lower_}"
                key = f"{parent.start_char}:{parent.end_char}"
                normalized += " " + info.get(key, {}).get("normalized", parent.text)
            span = Span(doc, i, end, label="ORG", kb_id=kb_id)
            info[f"{span.start_char}:{span.end_char}"] = {
                "normalized": normalized, "source": "gazetteer", "compound": True}
            out.append(span)
        return sorted((sp for k, sp in enumerate(out) if k not in drop),
                      key=lambda sp: sp.start)

    # -- 3 ------------------------------------------------------------------------------
    @staticmethod
    def _combine(doc: Doc, model: list[Span], gaz: list[Span],
                 info: dict[str, dict[str, Any]]) -> list[Span]:
        # Linear in the number of tokens the spans cover: a token -> gazetteer spans index
        # replaces the all-pairs overlap test (hostile text has thousands of spans).
        by_token: dict[int, list[int]] = {}
        for k, g in enumerate(gaz):
            for t in range(g.start, g.end):
                by_token.setdefault(t, []).append(k)
        keep: list[Span] = []
        used_gaz: set[int] = set()
        for m in model:
            overlapping = sorted({k for t in range(m.start, m.end) for k in by_token.get(t, ())})
            replaced = False
            for k in overlapping:
                g = gaz[k]
                merged = info.get(f"{g.start_char}:{g.end_char}", {}).get("compound", False)
                same = g.start == m.start and g.end == m.end and not (
                    g.kb_id_.startswith("city:") and m.label_ == "ORG")
                if same or (merged and g.start <= m.start and m.end <= g.end) or (
                        merged and m.label_ == "ORG"):
                    used_gaz.add(k)
                    replaced = True
            if not replaced:
                keep.append(m)
        covered = bytearray(len(doc) + 1)
        for m in keep:
            covered[m.start:m.end] = b"\x01" * (m.end - m.start)
        for k, g in enumerate(gaz):
            if k in used_gaz or not any(covered[g.start:g.end]):
                keep.append(g)
                covered[g.start:g.end] = b"\x01" * (g.end - g.start)
        return keep

    # -- 4 ------------------------------------------------------------------------------
    @staticmethod
    def _split_pairs(doc: Doc, spans: list[Span]) -> list[Span]:
        """A person span over a dash written with spaces on both sides names two people
        ("Prabowo Subianto - Hatta Rajasa", a ticket or a pair): it is split at the dash.
        A dash written against the words stays inside ("Faruq El-Shara"), and so does one
        with a single word on a side ("Catherine Zeta - Jones", text whose spacing was
        lost): the halves of a pair are full names."""
        out: list[Span] = []
        for span in spans:
            if span.label_ != "PER" or len(span) < 3:
                out.append(span)
                continue
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

    @staticmethod
    def _strip_titles(doc: Doc, spans: list[Span], info: dict[str, dict[str, Any]],
                      gaz: list[Span]) -> list[Span]:
        gaz_at = {g.start: g for g in gaz}
        out = []
        for span in spans:
            if span.label_ != "PER":
                out.append(span)
                continue
            start = span.start
            while start < span.end and _is_title_token(doc[start].text):
                start += 1
            # "Bupati Garut Siti": the place or agency after a title belongs to the role
            g = gaz_at.get(start)
            after_title = start > span.start or (
                span.start > 0 and _is_title_token(doc[span.start - 1].text))
            if after_title and g is not None and g.end < span.end:
                out.append(g)
                start = g.end
            elif (g is None and start < span.end and start > 0
                  and doc[start - 1].lower_ in unit_heads()):
                start += 1  # "Kabid Humas Dewi": the unit after its head's title
            end = span.end
            while end > start and (doc[end - 1].is_punct or doc[end - 1].text in degrees()):
                end -= 1
            if start >= end:
                continue
            if start != span.start or end != span.end:
                out.append(Span(doc, start, end, label="PER"))
            else:
                out.append(span)
        return out

    @staticmethod
    def _title_ends_at(doc: Doc, k: int) -> bool:
        """Whether a title ("Bupati", "Wali Kota", "Plt. Kepala") ends just before token k."""
        for n in range(1, _max_title_words() + 1):
            if k - n < 0:
                break
            for seq in _titles_from(doc, k - n):
                if len(seq) == n and _matches_title(doc, k - n, seq):
                    return True
        return False

    @staticmethod
    def _names_after_titles(doc: Doc, spans: list[Span], info: dict[str, dict[str, Any]],
                            gaz: list[Span]) -> list[Span]:
        """"<title> <place or agency> <Name>" ("Wali Kota Kendari Andi Rahman", "Kapolres
        Bantul AKBP Rudi Hartono"): the place or agency keeps its gazetteer label, and the
        one to four capitalised words after it (ranks skipped) are a person, unless the
        model said otherwise about them. A model span over the place and the name ("Kota
        Kendari Andi Rahman" as LOC) is replaced."""
        out = list(spans)
        gaz_tokens = {i for g in gaz for i in range(g.start, g.end)}
        for g in gaz:
            place = g
            if not EntityRules._title_ends_at(doc, g.start):
                # "Wali Kota Kendari": the title's last word opens the gazetteer match
                if not (g.end - g.start > 1 and EntityRules._title_ends_at(doc, g.start + 1)):
                    continue
                rest = doc[g.start + 1:g.end].text
                entry = region_forms().get(rest) or agency_forms().get(rest)
                if entry is None:
                    continue
                place = Span(doc, g.start + 1, g.end, label=entry.label, kb_id=entry.kb_id)
                info[f"{place.start_char}:{place.end_char}"] = {"normalized": entry.canonical,
                                                               "source": "gazetteer"}
            j = place.end
            while j < len(doc) and _is_title_token(doc[j].text):
                j += 1
            e = j
            while e < len(doc) and e - j < 5 and doc[e].is_alpha and doc[e].text[:1].isupper() \
                    and not doc[e].text.isupper() and doc[e].lower_ not in _NOT_NAMES \
                    and e not in gaz_tokens and not doc[e].is_sent_start:
                e += 1
            if e == j or e - j > 4:
                continue
            over = [s for s in out if s.start < e and g.start < s.end]
            if any(s.label_ == "PER" for s in over):
                continue
            if any(s.start < g.start or s.end > e for s in over):
                continue
            out = [s for s in out if s not in over]
            out += [place, Span(doc, j, e, label="PER")]
        return out

    @staticmethod
    def _org_heads_not_places(doc: Doc, spans: list[Span]) -> list[Span]:
        """A model LOC that opens with an organisation head noun ("Sekretariat Negara",
        "Rumah Sakit Jiwa X", "Universitas X") is an ORG. Heads that also name buildings
        or places ("Kantor", "Balai", "Pusat", "Rumah" without "Sakit") are left alone.
        A model PER or LOC that ends with a company or institution word ("Qualcomm Inc",
        "Indonesia Corruption Watch", ``org_suffixes.txt``) is an ORG too."""
        heads = org_heads()
        out = []
        suffixes = org_suffixes()
        for span in spans:
            first = doc[span.start]
            if span.label_ in ("PER", "LOC") and not span.kb_id_ and len(span) > 1 \
                    and doc[span.end - 1].text in suffixes:
                span = Span(doc, span.start, span.end, label="ORG")
            if span.label_ == "LOC" and not span.kb_id_ and len(span) > 1 \
                    and first.text[:1].isupper() and first.lower_ in heads \
                    and first.lower_ not in _PLACE_LIKE_HEADS \
                    and (first.lower_ != "rumah" or doc[span.start + 1].lower_ == "sakit"):
                span = Span(doc, span.start, span.end, label="ORG")
            out.append(span)
        return out

    @staticmethod
    def _not_in_names_of_things(doc: Doc, spans: list[Span]) -> list[Span]:
        """A place right after a currency word names the currency ("dolar AS", "yuan
        (Tiongkok)": an amount), after "bahasa" a language, after "Liga"/"Piala"/"GP"/
        "turnamen" a competition, after "Istana"/"Stadion" a building ("Istana Bogor"):
        none is annotated (annotation guidelines 2.4, 2.6), so the LOC is
        dropped. A company's legal form alone ("(Persero)", "Tbk") is not an ORG."""
        words = currencies() | thing_heads()
        buildings = building_heads()
        forms = legal_forms()

        def named_thing(span: Span) -> bool:
            before = span.start - 1
            if before > 0 and doc[before].text == "(":
                before -= 1
            return before >= 0 and (doc[before].lower_ in words
                                    or doc[before].text in buildings)

        return [span for span in spans
                if not (span.label_ == "LOC" and named_thing(span))
                and not (len(span) == 1 and span.text.lower() in forms)]

    @staticmethod
    def _with_directions(doc: Doc, spans: list[Span]) -> list[Span]:
        """A place followed by a compass direction in lower case names the part of it
        ("Israel utara", "Sumatera selatan", "Afrika barat daya"): the direction joins the
        LOC span."""
        starts = {sp.start for sp in spans}
        out = []
        for span in spans:
            end = span.end
            if span.label_ == "LOC" and end < len(doc) and doc[end].text in _DIRECTIONS \
                    and doc[end - 1].whitespace_ and end not in starts:
                end += 1
                if end < len(doc) and doc[end].text in _SECOND_DIRECTIONS \
                        and doc[end - 1].whitespace_ and end not in starts:
                    end += 1
            out.append(span if end == span.end else
                       Span(doc, span.start, end, label="LOC", kb_id=span.kb_id))
        return out

    @staticmethod
    def _propagate_names(doc: Doc, spans: list[Span], info: dict[str, dict[str, Any]],
                         gaz: list[Span]) -> list[Span]:
        """Later mentions of a person by the first or last word of the name ("Andi" or
        "Rahman" after "Andi Rahman" in an earlier sentence) where no entity is become PER,
        normalised to the full name. Acronyms, titles, gazetteer words and (at a sentence
        start) words the article also writes in lower case are left alone; a one-word PER
        of the model gets the full name as ``normalized``."""
        gaz_tokens = {i for g in gaz for i in range(g.start, g.end)}
        if not any(span.label_ == "PER" and len(span) > 1 for span in spans):
            return spans
        # sentence ends, bisected by token (span.sent walks the sentence on every call)
        ends = [s.end for s in doc.sents] if doc.has_annotation("SENT_START") else [len(doc)]
        #: word -> (full name, end of the sentence of its first mention)
        full: dict[str, tuple[str, int]] = {}
        for span in spans:
            if span.label_ != "PER":
                continue
            words = [t for t in span if t.is_alpha]
            if len(words) < 2:
                continue
            for t in (words[0], words[-1]):
                w = t.text
                if len(w) >= 3 and w[:1].isupper() and not w.isupper() \
                        and not _is_title_token(w) and w.lower() not in _NOT_NAMES \
                        and t.i not in gaz_tokens and w not in full:
                    full[w] = (span.text, ends[bisect_right(ends, span.start)])
        if not full:
            return spans
        lower_seen = {t.lower_ for t in doc if t.is_alpha and t.is_lower}

        def name_at(i: int) -> bool:
            tok = doc[i]
            hit = full.get(tok.text)
            return hit is not None and i >= hit[1] and i not in gaz_tokens and not (
                tok.is_sent_start and tok.lower_ in lower_seen)

        long_names = list(dict.fromkeys(
            s.text for s in spans if s.label_ == "PER" and 2 <= len(s) <= 5))[:200]

        blends: dict[str, str | None] = {}

        def blend_of(word: str) -> str | None:
            """The one longer name ``word`` is blended from ("Jokowi", "Buwas")."""
            if word not in blends:
                hits = [] if not (5 <= len(word) <= 12 and word.isalpha()
                                  and word[:1].isupper()) else [
                    n for n in long_names
                    if spells_blend(word.lower(), [w.lower() for w in n.split() if w.isalpha()])]
                blends[word] = hits[0] if len(hits) == 1 else None
            return blends[word]

        out: list[Span] = []
        covered = bytearray(len(doc) + 1)
        for span in spans:
            if span.label_ == "PER" and len(span) == 1:
                hit = full.get(span.text)
                name = hit[0] if hit is not None else blend_of(span.text)
                if name is not None and name != span.text:
                    info.setdefault(f"{span.start_char}:{span.end_char}", {}).setdefault(
                        "normalized", name)
            out.append(span)
            covered[span.start:span.end] = b"\x01" * (span.end - span.start)
        def free_capitalised(k: int) -> bool:
            """A capitalised word at k outside every entity (a sentence start excepted)."""
            return 0 <= k < len(doc) and not covered[k] and doc[k].is_alpha \
                and doc[k].text[:1].isupper() and not doc[k].is_sent_start

        for i in range(len(doc)):
            if covered[i] or not name_at(i):
                continue
            if free_capitalised(i + 1) or free_capitalised(i - 1):
                continue  # part of a longer capitalised run: another name
            span = Span(doc, i, i + 1, label="PER")
            info[f"{span.start_char}:{span.end_char}"] = {"normalized": full[doc[i].text][0],
                                                         "source": "name"}
            out.append(span)
        return out

    # -- 5 ------------------------------------------------------------------------------
    @staticmethod
    def _expansions(doc: Doc) -> list[Span]:
        """Names spelled out before their acronym: "Badan Pusat Data (BPD)" -> ORG span of
        capitalised words that spell the acronym (:func:`spells_acronym`); the shortest
        such name wins."""
        out = []
        for o in _positions(doc, ("(",)):
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

    @staticmethod
    def _link_acronyms(doc: Doc, info: dict[str, dict[str, Any]]) -> None:
        definitions: dict[str, str] = {}
        ents = list(doc.ents)
        heads = org_heads()
        org_tokens = {i for e in ents if e.label_ == "ORG" for i in range(e.start, e.end)}
        for span in EntityRules._expansions(doc):
            acronym_is_org = span.end + 1 in org_tokens
            if not (span[0].lower_ in heads or acronym_is_org or span.start in org_tokens):
                continue
            if not any(e.start < span.end and span.start < e.end and e.end - e.start
                       >= span.end - span.start for e in ents):
                ents = [e for e in ents if not (e.start < span.end and span.start < e.end)]
                ents.append(span)
                info.setdefault(f"{span.start_char}:{span.end_char}", {"source": "acronym"})
        ents.sort(key=lambda e: e.start)
        for ent in ents:
            end = ent.end
            if end + 2 < len(doc) + 1 and end + 1 < len(doc) and doc[end].text == "(" \
                    and end + 2 < len(doc) and doc[end + 2].text == ")":
                acr = doc[end + 1].text
                if _acronym_letters(acr) is not None and ent.label_ == "ORG":
                    full = info.get(f"{ent.start_char}:{ent.end_char}", {}).get(
                        "normalized", ent.text)
                    definitions[acr] = full
        # the acronym first: "KPPS (Kelompok Penyelenggara Pemungutan Suara)"
        for o in (k for k in _positions(doc, ("(",)) if 0 < k < len(doc) - 2):
            tok = doc[o - 1]
            if _acronym_letters(tok.text) is None:
                continue
            close = next((t.i for t in doc[tok.i + 2:tok.i + 17] if t.text == ")"), None)
            if close is None or close == tok.i + 2:
                continue
            inner = doc[tok.i + 2:close]
            if not (inner[0].text[:1].isupper()
                    and all(t.text[:1].isupper() or t.lower_ in _CONNECTORS for t in inner)
                    and spells_acronym([t.text for t in inner], tok.text)):
                continue
            if not (inner[0].lower_ in heads or tok.i in org_tokens):
                continue
            definitions.setdefault(tok.text, info.get(
                f"{inner.start_char}:{inner.end_char}", {}).get("normalized", inner.text))
            if not any(e.start < inner.end and inner.start < e.end for e in ents):
                span = Span(doc, inner.start, inner.end, label="ORG")
                info.setdefault(f"{span.start_char}:{span.end_char}", {"source": "acronym"})
                ents.append(span)
        if not definitions:
            doc.ents = filter_spans(ents)
            return
        new_ents = []
        for ent in ents:
            if ent.text in definitions:
                info.setdefault(f"{ent.start_char}:{ent.end_char}", {}).setdefault(
                    "normalized", definitions[ent.text])
            new_ents.append(ent)
        covered = {i for e in ents for i in range(e.start, e.end)}
        for k in (k for k in _positions(doc, definitions) if k not in covered):
            span = Span(doc, k, k + 1, label="ORG")
            info[f"{span.start_char}:{span.end_char}"] = {"normalized": definitions[span.text],
                                                         "source": "acronym"}
            new_ents.append(span)
        doc.ents = filter_spans(new_ents)

    # -- 6 ------------------------------------------------------------------------------
    @staticmethod
    def _title_at(doc: Doc, k: int) -> bool:
        """Whether a title that is not only an honorific starts at token k."""
        honor = honorifics()
        low = doc[k].lower_
        if low in honor or low.rstrip(".") in honor:
            return False
        return any(_matches_title(doc, k, seq) for seq in _titles_from(doc, k))

    @staticmethod
    def _split_role(doc: Doc, first: int, end: int,
                    ents: list[Span]) -> tuple[str | None, str | None]:
        """Role and organisation in ``doc[first:end]``: the role runs from the title to the
        first organisation or place, which is the organisation ("Kepala" + "BPBD Jabar",
        "Bupati" + "Garut"); honorifics at the end are dropped."""
        honor = honorifics()
        while end > first and (doc[end - 1].lower_ in honor
                               or doc[end - 1].lower_.rstrip(".") in honor):
            end -= 1
        orgs = [e for e in ents if e.label_ in ("ORG", "LOC") and first < e.start
                and e.end <= end]
        if orgs:
            return doc[first:orgs[0].start].text, orgs[0].text
        return (doc[first:end].text or None), None

    @staticmethod
    def _role_of(doc: Doc, ent: Span, ents: list[Span],
                 per_tokens: set[int]) -> tuple[str | None, str | None]:
        """The role and organisation of the person ``ent`` (annotation guideline 2.5).

        Before the name: the window runs back to a stop word, punctuation, another person or
        the sentence start; an appositive comma ("Kepala BPBD Jabar, Andi,") ends the role.
        The role starts at the window's first title ("Wakil Bupati", "Kabid") and runs to
        the first organisation or place in it, which is the organisation. After the name:
        "Andi, Ketua DPRD Kendari," likewise. Honorifics ("dr.", "H.") are not roles.
        """
        lo, hi = (ent.sent.start, ent.sent.end) if doc.has_annotation("SENT_START") \
            else (0, len(doc))
        j = ent.start
        while j > lo and _is_title_token(doc[j - 1].text) and j - 1 not in per_tokens:
            j -= 1
        role_end = ent.start
        if j > lo and doc[j - 1].text == ",":
            j -= 1
            role_end = j
        while j > lo and ent.start - j < _MAX_ROLE_TOKENS:
            t = doc[j - 1]
            if t.lower_ in _STOP_ROLE or (t.is_punct and t.text not in "-/&") \
                    or t.i in per_tokens:
                break
            j -= 1
        first = next((k for k in range(j, role_end) if EntityRules._title_at(doc, k)), None)
        if first is not None:
            return EntityRules._split_role(doc, first, role_end, ents)
        # "Andi Rahman, Ketua DPRD Kendari, ..."
        k = ent.end
        if k + 1 < hi and doc[k].text == "," and EntityRules._title_at(doc, k + 1):
            e = k + 1
            while e < hi and e - k < _MAX_ROLE_TOKENS:
                t = doc[e]
                if (t.lower_ in _STOP_ROLE and e > k + 1) or \
                        (t.is_punct and t.text not in "-/&") or t.i in per_tokens:
                    break
                e += 1
            return EntityRules._split_role(doc, k + 1, e, ents)
        return None, None

    @staticmethod
    def _people(doc: Doc, info: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
        ents = list(doc.ents)
        per_tokens = {i for e in ents if e.label_ == "PER" for i in range(e.start, e.end)}
        people: dict[str, dict[str, Any]] = {}
        for ent in ents:
            if ent.label_ != "PER":
                continue
            key = f"{ent.start_char}:{ent.end_char}"
            rec = info.setdefault(key, {})
            role, org = EntityRules._role_of(doc, ent, ents, per_tokens)
            if role:
                rec["role"] = role
            if org:
                rec["organization"] = org
            name = ent.text
            person = people.setdefault(name, {"name": name, "role": None, "organization": None,
                                              "mentions": []})
            person["mentions"].append({"start": ent.start_char, "end": ent.end_char})
            for field in ("role", "organization"):
                if person[field] is None and rec.get(field):
                    person[field] = rec[field]
        # later bare mentions ("kata Andi") carry no role of their own (guideline 2.5); the
        # person's record in doc._.people has what the first mention with a role said
        return list(people.values())
