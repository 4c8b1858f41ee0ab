"""Gazetteer rules that complete and correct the statistical NER, normalise entities and
attach officials' roles.

The component ``bkkbn_entity_rules`` runs after the statistical ``ner`` (or alone):

1. **Gazetteer matches** of regions (LOC) and agencies (ORG), see :mod:`bkkbn_nlp.gazetteer`.
2. **Agency + region** makes one ORG span: "BKKBN Sultra", "Dinkes Kabupaten Konawe",
   "Polda Sulawesi Tenggara"; its normalised name joins both canonical names.
3. **Combination with the model**: a gazetteer span fills a gap where the model found
   nothing; an agency + region span replaces the model's pieces of it; where both cover the
   same tokens the gazetteer's label and id win (the lists are curated). Elsewhere the
   model's span is kept.
4. **Titles are never part of PER**: leading titles and honorifics ("Plt Kepala", "Drs.",
   "Bupati") are stripped from person spans and kept as the person's role.
5. **Acronyms defined in the text** ("Badan Pengelola Dana (BPD)") link both forms: later
   mentions of the acronym get the full name as ``normalized``.
6. **People and roles**: an appositive ("Kepala BPBD Jabar, Andi Rahman,") or a preceding
   title ("Bupati Konawe Andi") gives the person's ``role`` and ``organization``.

Results: ``doc.ents`` (labels PER, ORG, LOC, with ``kb_id_`` where known), the Span
extensions ``span._.normalized``, ``span._.role``, ``span._.organization``, and
``doc._.people`` (one record per person: name, role, organization, mentions).
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from .gazetteer import (
    Entry,
    agency_forms,
    org_heads,
    region_forms,
    region_qualifiers,
    titles,
)

__all__ = ["EntityRules", "register_span_extensions"]

_INFO_KEY = "bkkbn_nlp.entities"
_PEOPLE_KEY = "bkkbn_nlp.people"
_CONNECTORS = frozenset({"dan", "dari", "untuk", "pada", "di", "ke", "&", "-"})
_STOP_ROLE = frozenset({",", ".", ";", ":", "(", ")", '"', "“", "”", "dan", "kata", "ujar",
                        "menurut", "bahwa", "yang", "oleh", "dengan"})


def _info(span: Span) -> dict[str, Any]:
    table: dict[str, Any] = span.doc.user_data.get(_INFO_KEY) or {}
    value: dict[str, Any] = table.get(f"{span.start_char}:{span.end_char}", {})
    return value


def register_span_extensions() -> None:
    """Register ``span._.normalized``, ``span._.role``, ``span._.organization`` and
    ``doc._.people`` (idempotent). Values live in ``doc.user_data``."""
    if not Span.has_extension("normalized"):
        Span.set_extension("normalized", getter=lambda s: _info(s).get("normalized") or s.text)
    if not Span.has_extension("role"):
        Span.set_extension("role", getter=lambda s: _info(s).get("role"))
    if not Span.has_extension("organization"):
        Span.set_extension("organization", getter=lambda s: _info(s).get("organization"))
    if not Doc.has_extension("people"):
        Doc.set_extension("people", getter=lambda d: d.user_data.get(_PEOPLE_KEY, []))


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

    def _build(self) -> PhraseMatcher:
        matcher = PhraseMatcher(self._nlp.vocab, attr="ORTH")
        forms: dict[str, Entry] = {**region_forms(), **agency_forms()}
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
        combined = self._strip_titles(doc, combined, info, gaz)
        doc.ents = filter_spans(combined)
        self._link_acronyms(doc, info)
        doc.user_data[_INFO_KEY] = info
        doc.user_data[_PEOPLE_KEY] = self._people(doc, info)
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
                        "normalized": f"{entry.canonical} {nentry.canonical}",
                        "source": "gazetteer",
                    }
                    out.append(span)
                    i += 2
                    continue
            span = Span(doc, start, end, label=entry.label, kb_id=entry.kb_id)
            info[f"{span.start_char}:{span.end_char}"] = {"normalized": entry.canonical,
                                                         "source": "gazetteer"}
            out.append(span)
            i += 1
        return out

    # -- 3 ------------------------------------------------------------------------------
    @staticmethod
    def _combine(doc: Doc, model: list[Span], gaz: list[Span],
                 info: dict[str, dict[str, Any]]) -> list[Span]:
        keep: list[Span] = []
        used_gaz: set[int] = set()
        for m in model:
            overlapping = [(k, g) for k, g in enumerate(gaz)
                           if g.start < m.end and m.start < g.end]
            replaced = False
            for k, g in overlapping:
                merged = "@" in g.kb_id_
                same = g.start == m.start and g.end == m.end
                if same or (merged and g.start <= m.start and m.end <= g.end):
                    used_gaz.add(k)
                    replaced = True
                elif merged and g.start < m.end and m.start < g.end and m.label_ == "ORG":
                    used_gaz.add(k)
                    replaced = True
            if not replaced:
                keep.append(m)
        for k, g in enumerate(gaz):
            if k in used_gaz:
                keep.append(g)
                continue
            if not any(m.start < g.end and g.start < m.end for m in keep):
                keep.append(g)
        return keep

    # -- 4 ------------------------------------------------------------------------------
    @staticmethod
    def _strip_titles(doc: Doc, spans: list[Span], info: dict[str, dict[str, Any]],
                      gaz: list[Span]) -> list[Span]:
        title_words = titles()
        gaz_at = {g.start: g for g in gaz}
        out = []
        for span in spans:
            if span.label_ != "PER":
                out.append(span)
                continue
            start = span.start
            while start < span.end and (doc[start].lower_ in title_words
                                        or doc[start].lower_.rstrip(".") in title_words):
                start += 1
            # "Bupati Garut Siti": the place or agency after a title belongs to the role
            g = gaz_at.get(start)
            if start > span.start and g is not None and g.end < span.end:
                out.append(g)
                start = g.end
            end = span.end
            while end > start and doc[end - 1].is_punct:
                end -= 1
            if start >= end:
                continue
            if start != span.start or end != span.end:
                new = Span(doc, start, end, label="PER")
                role = doc[span.start:start].text if start > span.start else None
                key = f"{new.start_char}:{new.end_char}"
                info.setdefault(key, {})
                if role:
                    info[key]["role"] = role
                out.append(new)
            else:
                out.append(span)
        return out

    # -- 5 ------------------------------------------------------------------------------
    @staticmethod
    def _expansions(doc: Doc) -> list[Span]:
        """Names spelled out before their acronym: "Badan Pusat Data (BPD)" -> ORG span
        whose capitalised words' initials spell the acronym."""
        out = []
        for tok in doc[2:-1]:
            i = tok.i
            if doc[i - 1].text != "(" or doc[i + 1].text != ")":
                continue
            acr = tok.text
            if not (acr.isupper() and acr.isalpha() and 2 <= len(acr) <= 10):
                continue
            initials: list[str] = []
            j = i - 1
            while j > 0 and i - 1 - j < 14:
                w = doc[j - 1]
                if w.text[:1].isupper() and w.is_alpha:
                    initials.insert(0, w.text[0])
                elif not (w.lower_ in _CONNECTORS and initials):
                    break
                j -= 1
                if "".join(initials) == acr and doc[j].text[:1].isupper():
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
                if acr.isupper() and 2 <= len(acr) <= 10 and ent.label_ == "ORG":
                    full = info.get(f"{ent.start_char}:{ent.end_char}", {}).get(
                        "normalized", ent.text)
                    definitions[acr] = full
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
        for tok in doc:
            if tok.text in definitions and tok.i not in covered:
                span = Span(doc, tok.i, tok.i + 1, label="ORG")
                info[f"{span.start_char}:{span.end_char}"] = {"normalized": definitions[tok.text],
                                                             "source": "acronym"}
                new_ents.append(span)
        doc.ents = filter_spans(new_ents)

    # -- 6 ------------------------------------------------------------------------------
    @staticmethod
    def _people(doc: Doc, info: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
        title_words = titles()
        ents = list(doc.ents)
        by_end = {e.end: e for e in ents}
        people: dict[str, dict[str, Any]] = {}
        for ent in ents:
            if ent.label_ != "PER":
                continue
            key = f"{ent.start_char}:{ent.end_char}"
            rec = info.setdefault(key, {})
            i = ent.start
            if i > 0 and doc[i - 1].text == ",":
                i -= 1  # appositive: "<role> <ORG>, <PER>,"
            org = by_end.get(i)
            if org is not None and org.label_ in ("ORG", "LOC"):
                j = org.start
                while j > 0 and doc[j - 1].text not in _STOP_ROLE and not doc[j - 1].is_sent_end \
                        and doc[j - 1].ent_type_ == "":
                    j -= 1
                if j < org.start and doc[j].lower_.rstrip(".") in title_words:
                    rec.setdefault("role", doc[j:org.start].text)
                    rec.setdefault("organization", org.text)
            elif i == ent.start:
                j = ent.start
                while j > 0 and doc[j - 1].lower_.rstrip(".") in title_words:
                    j -= 1
                if j < ent.start:
                    rec.setdefault("role", doc[j:ent.start].text)
            name = ent.text
            person = people.setdefault(name, {"name": name, "role": None, "organization": None,
                                              "mentions": []})
            person["mentions"].append({"start": ent.start_char, "end": ent.end_char})
            for field in ("role", "organization"):
                if person[field] is None and rec.get(field):
                    person[field] = rec[field]
        # a later short mention ("Mustafa") inherits what the first full mention said
        for ent in ents:
            if ent.label_ == "PER":
                rec = info.setdefault(f"{ent.start_char}:{ent.end_char}", {})
                person = people[ent.text]
                rec.setdefault("role", person["role"])
                rec.setdefault("organization", person["organization"])
        return list(people.values())
