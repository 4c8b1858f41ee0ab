"""The people of an article, indexed for resolving speakers' names.

Owns the name lookups of the resolution pass: the fullest form of a name in the article,
initials ("SBY", rule ``initials``), nicknames blended from a named person's words
("Bamsut" after "Bambang Sutejo", rule ``blended_nickname``), a person's role and
organization from ``doc._.people``, the person holding a role, and the person a pronoun
means when nobody was quoted before. The indexes are built once per document, on demand.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from typing import Any

from ..entities.names import spells_blend
from .context import Article

__all__ = ["People"]

#: names longer than this (in words) are looked up by scanning the long entities
_NGRAM_MAX = 12
#: blended nicknames are looked up among this many distinct multi-word names at most
_BLEND_MAX_NAMES = 200

_PeopleRows = tuple[list[tuple[str, dict[str, Any]]], dict[str, list[int]], dict[str, list[int]]]


class People:
    """Name lookups over the PER entities and ``doc._.people`` of one article."""

    def __init__(self, art: Article) -> None:
        self.art = art
        self.pers = art.pers
        self._fullest_cache: dict[str, str] = {}
        self._ngram_index: dict[tuple[str, ...], str] = {}
        self._ngram_len: dict[tuple[str, ...], int] = {}
        self._initials_index: dict[tuple[str, int], str] = {}
        self._indexed = False
        self._attr_cache: dict[str, tuple[str | None, str | None]] = {}
        self._rows: _PeopleRows | None = None
        self._role_cache: dict[str, str | None] = {}
        self.per_end_chars = [e.end_char for e in self.pers]
        sent_of = [art.sent_index(e.start) for e in self.pers]
        self.per_first_in_sent: list[int] = []
        for k in range(len(self.pers)):
            same = art.has_sents and k > 0 and sent_of[k] == sent_of[k - 1]
            self.per_first_in_sent.append(self.per_first_in_sent[k - 1] if same else k)

    def _build_name_indexes(self) -> None:
        """Index the PER entities once: every run of their lower-cased words -> the first
        longest entity containing it, and initials -> the first entity they abbreviate."""
        ngrams: dict[tuple[str, ...], tuple[int, str]] = {}
        seen: set[str] = set()
        for ent in self.pers:
            text = ent.text
            if text in seen:
                continue  # a repeated entity never replaces the first (strictly longer wins)
            seen.add(text)
            words = [w for w in text.split() if w[:1].isalpha()]
            key = ("".join(w[0] for w in words).upper(), len(words))
            self._initials_index.setdefault(key, text)
            low = [w.lower() for w in text.split()]
            size = len(low)
            for n in range(1, min(size, _NGRAM_MAX) + 1):
                for k in range(size - n + 1):
                    gram = tuple(low[k:k + n])
                    old = ngrams.get(gram)
                    if old is None or size > old[0]:
                        ngrams[gram] = (size, text)
        self._ngram_index = {k: v[1] for k, v in ngrams.items()}
        self._ngram_len = {k: v[0] for k, v in ngrams.items()}
        self._indexed = True

    def fullest(self, name: str) -> str:
        """The longest PER entity of the article that contains ``name`` (the first one of
        that length), or the person whose name ``name`` abbreviates ("SBY")."""
        hit = self._fullest_cache.get(name)
        if hit is None:
            hit = self._fullest_cache[name] = self._fullest(name)
        return hit

    def _longest_containing(self, name: str, words: list[str]) -> str:
        """The first longest PER entity containing the (long) name's ``words``."""
        n = len(words)
        best = name
        for ent in self.pers:
            low = [w.lower() for w in ent.text.split()]
            if len(low) > len(best.split()) and any(low[k:k + n] == words
                                                    for k in range(len(low) - n + 1)):
                best = ent.text
        return best

    def _fullest(self, name: str) -> str:
        """:meth:`fullest`, uncached."""
        if not self._indexed:
            self._build_name_indexes()
        if name.isupper() and name.isalpha() and 2 <= len(name) <= 5 \
                and self.art.on("initials"):
            # initials: "SBY" for "Susilo Bambang Yudhoyono"
            ent_text = self._initials_index.get((name, len(name)))
            if ent_text is not None:
                return ent_text
        words = name.lower().split()
        n = len(words)
        if n > _NGRAM_MAX or n == 0:
            return self._longest_containing(name, words)
        gram = tuple(words)
        text = self._ngram_index.get(gram)
        if text is not None and self._ngram_len[gram] > len(name.split()):
            return text
        if n == 1 and self.art.on("blended_nickname"):
            return self._blend_of(name) or name
        return name

    def _blend_of(self, name: str) -> str | None:
        """The one multi-word PER entity whose words' beginnings, in order, spell the
        single word ``name`` ("Jokowi" = Jo(ko) + Wi(dodo) from "Joko Widodo", "Buwas" =
        Bu(di) + Was(eso)): Indonesian nicknames are often such blends. ``None`` when no
        entity or more than one fits."""
        low = name.lower()
        if not (name[:1].isupper() and low.isalpha() and 5 <= len(low) <= 12):
            return None
        found: str | None = None
        seen: set[str] = set()
        for ent in self.pers:
            text = ent.text
            if text in seen:
                continue
            seen.add(text)
            if len(seen) > _BLEND_MAX_NAMES:
                break
            parts = [w.lower() for w in text.split() if w.isalpha()]
            if 2 <= len(parts) <= 5 and spells_blend(low, parts):
                if found is not None and found != text:
                    return None
                found = text
        return found

    def attributes(self, name: str) -> tuple[str | None, str | None]:
        """Role and organization of the person named ``name`` (from ``doc._.people``)."""
        hit = self._attr_cache.get(name)
        if hit is None:
            hit = self._attr_cache[name] = self._attributes(name)
        return hit

    def _people_rows(self) -> _PeopleRows:
        """The people of ``doc._.people`` with their lower-cased names, indexed by whole
        name and by character trigram (built once per doc)."""
        if self._rows is None:
            people: list[dict[str, Any]] = list(getattr(self.art.doc._, "people", None) or [])
            rows = [(str(p.get("name") or "").lower(), p) for p in people]
            by_name: dict[str, list[int]] = {}
            by_gram: dict[str, list[int]] = {}
            for k, (pname, _) in enumerate(rows):
                if not pname:
                    continue
                by_name.setdefault(pname, []).append(k)
                for g in {pname[x:x + 3] for x in range(len(pname) - 2)}:
                    by_gram.setdefault(g, []).append(k)
            self._rows = (rows, by_name, by_gram)
        return self._rows

    def _candidates(self, low: str) -> Iterable[int]:
        """Rows whose name may contain ``low`` or be contained in it, in their order."""
        rows, by_name, by_gram = self._people_rows()
        if len(low) < 3 or len(low) > 120:
            return range(len(rows))
        found: set[int] = set()
        # people whose name is inside ``low``: every substring of it, looked up whole
        for x in range(len(low)):
            for y in range(x + 1, len(low) + 1):
                found.update(by_name.get(low[x:y], ()))
        # people whose name contains ``low``: those having its rarest trigram
        grams = [low[x:x + 3] for x in range(len(low) - 2)]
        rarest: list[int] = min((by_gram.get(g, []) for g in grams), key=len)
        found.update(rarest)
        return sorted(found)

    def _attributes(self, name: str) -> tuple[str | None, str | None]:
        """Role and organization of the first people whose name contains ``name`` or is
        contained in it (candidates from the indexes, checked in their order)."""
        rows = self._people_rows()[0]
        low = name.lower()
        role = org = None
        for k in self._candidates(low):
            pname, p = rows[k]
            if not pname:
                continue
            if pname == low or pname in low or low in pname:
                role = role or p.get("role")
                org = org or p.get("organization")
                if role and org:
                    break
        return role, org

    def person_with_role(self, role: str) -> str | None:
        """The first person of ``doc._.people`` whose role contains ``role``."""
        if role not in self._role_cache:
            people: list[dict[str, Any]] = list(getattr(self.art.doc._, "people", None) or [])
            low = role.lower()
            self._role_cache[role] = next((str(p["name"]) for p in people
                                           if p.get("role") and low in str(p["role"]).lower()),
                                          None)
        return self._role_cache[role]

    def last_person_before(self, char: int) -> str | None:
        """The person most likely meant by a pronoun at ``char`` when nobody was quoted
        before: in the last sentence that names a person, the first one named (the
        subject, in Indonesian word order)."""
        k = bisect_right(self.per_end_chars, char) - 1
        if k < 0:
            return None
        return self.pers[self.per_first_in_sent[k]].text
