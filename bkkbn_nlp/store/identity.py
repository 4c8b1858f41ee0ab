"""Person identities across articles: names without titles, name keys, and the rules that
merge a one-word name into a full name (docs/corpus.md, "Who is who").

The rules, in order:

1. A person's name is the pipeline's normalised name (the full name when the article
   wrote it earlier) with titles, ranks and honorifics stripped from its start and degrees
   from its end (``lang/data``: ``titles.txt``, ``honorifics.txt``, ``degrees.txt``):
   "Presiden Joko Widodo" is "Joko Widodo" with the role "Presiden".
2. Two names of two words or more are the same person when their keys are equal (case,
   punctuation and spacing aside).
3. A one-word name ("Widodo", "Jokowi", "SBY") is the person of a full name in the store
   when exactly one full name has it as a word, is blended from it
   (:func:`~bkkbn_nlp.entities.names.spells_blend`) or, written in capitals, has it as
   initials. With no candidate or several, it stays a person of its own: an ambiguous
   merge is not made.

No person name is in any list: identities come from the corpus only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from ..entities.gazetteer import degrees, honorifics, title_sequences
from ..entities.names import spells_blend

__all__ = ["split_name", "name_key", "OneWordResolver"]

_PUNCT_EDGES = " \t\n,;:()[]\"'“”‘’"
_NOT_KEY = re.compile(r"[^\w\s'-]+")
_SPACES = re.compile(r"\s+")


@cache
def _titles_by_first() -> dict[str, tuple[tuple[str, ...], ...]]:
    """Title word tuples (without final periods) by first word, longest first."""
    out: dict[str, list[tuple[str, ...]]] = {}
    for seq in title_sequences():
        words = tuple(w.rstrip(".") for w in seq)
        out.setdefault(words[0], []).append(words)
    return {k: tuple(sorted(set(v), key=len, reverse=True)) for k, v in out.items()}


@cache
def _honorifics() -> frozenset[str]:
    return frozenset(h.rstrip(".") for h in honorifics())


@cache
def _degrees() -> frozenset[str]:
    return frozenset(d.rstrip(".").lower() for d in degrees())


def _bare(word: str) -> str:
    return word.lower().rstrip(".,")


def _leading_title(words: list[str], i: int) -> int:
    """The number of words of the longest title that starts at ``words[i]`` (0: none)."""
    for seq in _titles_by_first().get(_bare(words[i]), ()):
        if [_bare(w) for w in words[i:i + len(seq)]] == list(seq):
            return len(seq)
    return 0


def split_name(text: str) -> tuple[str, str | None]:
    """A person's name without titles, and the role the titles give.

    Leading titles ("Presiden", "Wakil Bupati", "Plt. Kepala") make the role; leading
    honorifics ("Dr.", "H.", "Ibu") are dropped and are not a role; degrees and
    punctuation at the end ("SH", "M.Si.") are dropped. A name that would be left empty is
    returned as it was.

    >>> split_name("Presiden Joko Widodo")
    ('Joko Widodo', 'Presiden')
    >>> split_name("Dr. H. Andi Rahman, M.Si.")
    ('Andi Rahman', None)
    """
    words = [w for w in (w.strip(_PUNCT_EDGES) for w in text.split()) if w]
    role: list[str] = []
    i = 0
    while i < len(words) - 1:
        n = _leading_title(words, i)
        if _bare(words[i]) in _honorifics() and n <= 1:
            i += 1  # "Dr.", "H.", "Ibu": a title, not a role
        elif n and i + n < len(words):
            role += words[i:i + n]
            i += n
        else:
            break
    end = len(words)
    while end > i + 1 and _bare(words[end - 1]) in _degrees():
        end -= 1
    name = " ".join(w.rstrip(",") for w in words[i:end]).strip(_PUNCT_EDGES)
    if not name:
        return " ".join(text.split()), None
    return name, (" ".join(role) or None)


def name_key(name: str) -> str:
    """The key under which names are compared: lower-cased, punctuation (but hyphens and
    apostrophes) dropped, spacing collapsed. ``"JOKO  Widodo."`` -> ``"joko widodo"``."""
    return _SPACES.sub(" ", _NOT_KEY.sub(" ", name.casefold())).strip()


class OneWordResolver:
    """Which full name a one-word name stands for, given the full names of the store.

    Args:
        full_names: ``(person id, name key)`` of every person of two words or more.
    """

    def __init__(self, full_names: Iterable[tuple[int, str]]) -> None:
        self.by_word: dict[str, set[int]] = {}
        self.by_start: dict[str, list[tuple[int, list[str]]]] = {}
        self.by_initials: dict[str, set[int]] = {}
        for person_id, key in full_names:
            words = key.split()
            for word in words:
                self.by_word.setdefault(word, set()).add(person_id)
            self.by_start.setdefault(words[0][:2], []).append((person_id, words))
            self.by_initials.setdefault("".join(w[0] for w in words), set()).add(person_id)

    def candidates(self, key: str, written: str | None = None) -> set[int]:
        """Every full name the one-word ``key`` may stand for (``written``: the name as
        written, whose capitals tell initials from a word)."""
        found = set(self.by_word.get(key, ()))
        if 5 <= len(key) <= 12 and key.isalpha():
            found |= {pid for pid, words in self.by_start.get(key[:2], ())
                      if len(words) >= 2 and spells_blend(key, words)}
        if written is not None and written.isupper() and 2 <= len(key) <= 5:
            found |= self.by_initials.get(key, set())
        return found

    def resolve(self, key: str, written: str | None = None) -> int | None:
        """The one person ``key`` stands for, or ``None`` (no candidate, or several)."""
        found = self.candidates(key, written)
        return next(iter(found)) if len(found) == 1 else None
