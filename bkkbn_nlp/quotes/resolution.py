"""Pass 6, resolution: speakers' names, roles and organizations, and the quote records.

Owns the walk through the quotes in text order that keeps the last speaker: a PER mention
becomes the fullest name in the article (rule ``fullest_name``); ``-nya`` cues (rule
``nya_resolution``), pronouns (rule ``pronoun_resolution``) and descriptions resolve to the
last speaker (also one introduced by a passive cue), else to the first person named in
the last sentence naming one; after an unnamed speaker they are the same unnamed person
(rule ``unnamed_speaker``); a role resolves to the person holding it (rule
``role_holder``). Every named speaker carries the role and organization of
``doc._.people``. When the doc has a dependency parse, a ``-nya`` or pronoun cue after
narration whose clause subject is another person refers to that person (rule
``syntax_subject``, :mod:`.syntax`).
"""

from __future__ import annotations

from typing import Any

from .context import Article
from .people import People
from .records import Cue, Quote, Speaker
from .syntax import has_parse, narrative_subject

__all__ = ["resolve"]

_REFERRING = ("pronoun", "clitic", "descr")
_RULE_OF_KIND = {"pronoun": "pronoun_resolution", "clitic": "nya_resolution"}


class _Resolver:
    """The state of the walk: the last speaker's name, or the role and organization of the
    last speaker when that was an unnamed person."""

    def __init__(self, art: Article) -> None:
        self.art = art
        self.people = People(art)
        self.last: str | None = None
        self.unnamed: tuple[str | None, str | None] | None = None

    def shift_to(self, name: str) -> None:
        """Narration made ``name`` the person talked about (a clause subject)."""
        self.last, self.unnamed = self.people.fullest(name), None

    def introduce(self, name: str) -> None:
        """A person introduced by a passive cue becomes the last speaker."""
        self.last, self.unnamed = self.people.fullest(name), None

    def _name_of(self, sp: Speaker, cue: Cue) -> tuple[str | None, str | None, str | None]:
        """The name, role and organization of ``sp`` before ``doc._.people`` is read."""
        art, people = self.art, self.people
        name, role, org = sp.name, sp.role, sp.organization
        if sp.kind == "per" and name:
            if art.on("fullest_name"):
                name = people.fullest(name)
        elif sp.kind in _REFERRING and not art.on(_RULE_OF_KIND.get(sp.kind, "")):
            name = None
        elif sp.kind in _REFERRING and self.unnamed is not None:
            # the last speaker was a person the article does not name ("kata juru bicara
            # itu. ... ujarnya"): the same unnamed person
            name = None
            role, org = role or self.unnamed[0], org or self.unnamed[1]
        elif sp.kind in _REFERRING:
            name = self.last or people.last_person_before(cue.start)
            name = people.fullest(name) if name else None
        elif sp.kind == "role" and role and art.on("role_holder"):
            name = people.person_with_role(role)
            if name is None and art.on("unnamed_speaker"):
                self.unnamed = (role, org)
        return name, role, org

    def speaker(self, sp: Speaker, cue: Cue) -> dict[str, Any]:
        """The speaker record of ``sp``, updating the last speaker."""
        name, role, org = self._name_of(sp, cue)
        if name and sp.kind != "org":
            r2, o2 = self.people.attributes(name)
            if sp.kind != "role" or role is None:
                role = r2 or role
                org = o2 or org
            else:
                org = org or o2
            self.last = name
            self.unnamed = None
        return {"name": name, "text": sp.text, "start": sp.start, "end": sp.end,
                "role": role, "organization": org}


def _record(art: Article, q: Quote, cue_d: dict[str, Any] | None,
            speaker_d: dict[str, Any] | None) -> dict[str, Any]:
    """The public record of the quote ``q``."""
    rec: dict[str, Any] = {"type": q.type, "text": art.text[q.start:q.end], "start": q.start,
                           "end": q.end, "cue": cue_d, "speaker": speaker_d}
    if q.other_parts:
        rec["other_parts"] = [{"text": art.text[a:b], "start": a, "end": b}
                              for a, b in q.other_parts]
    return rec


def _cue_ends(q: Quote) -> list[int]:
    if q.cue is None:
        return []
    return [q.cue.end] + ([q.cue.speaker.end] if q.cue.speaker is not None else [])


def resolve(art: Article, quotes: list[Quote]) -> list[dict[str, Any]]:
    """The records of ``quotes``, in text order, with their speakers resolved."""
    resolver = _Resolver(art)
    intro = sorted(art.introductions)
    k_intro = 0
    out = []
    parsed = art.on("syntax_subject") and has_parse(art.doc)
    quoted = [(q.start, q.end) for q in quotes if q.type == "direct"]
    seen = 0  # end of the text already read: the last quote, cue and speaker
    for q in sorted(quotes, key=lambda q: q.start):
        while k_intro < len(intro) and intro[k_intro][0] < q.start:
            resolver.introduce(intro[k_intro][1])
            k_intro += 1
        cue_d = speaker_d = None
        if q.cue is not None:
            c = q.cue
            cue_d = {"text": c.text, "start": c.start, "end": c.end}
            if c.speaker is not None:
                if parsed and c.speaker.kind in ("pronoun", "clitic"):
                    subject = narrative_subject(art.doc, seen, min(q.start, c.start), quoted)
                    if subject is not None:
                        resolver.shift_to(subject.text)
                speaker_d = resolver.speaker(c.speaker, c)
        out.append(_record(art, q, cue_d, speaker_d))
        seen = max(seen, q.end, *_cue_ends(q))
    return out
