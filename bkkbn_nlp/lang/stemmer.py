"""A small dictionary-checked Indonesian stemmer, for features that should not depend on
the affixes a writer chose (``pemerintahan``, ``pemerintah`` and ``diperintahkan`` share
``perintah``; ``kesehatan`` and ``menyehatkan`` share ``sehat``).

Affixes are stripped in the usual Indonesian order (particles ``-lah -kah -pun``, possessives
``-ku -mu -nya``, derivational suffixes ``-kan -an -i``, then up to two prefixes with their
nasal assimilation: ``meny-`` + s, ``mem-`` + p, ``men-`` + t, ``meng-``, ``peny-`` …), and a
candidate is accepted only when it is a root word of ``lang/data/root_words.txt`` (the
kumparan root-word list, MIT). A word that reaches no root stays as it is: names and foreign
words are never mangled. Results are cached per word.
"""

from __future__ import annotations

import re
from functools import cache

from . import read_set

__all__ = ["stem", "stem_text"]

_PARTICLES = ("lah", "kah", "pun")
_POSSESSIVES = ("nya", "ku", "mu")
_SUFFIXES = ("kan", "an", "i")
#: (prefix, what replaces it): nasal prefixes restore the initial they assimilated
_PREFIXES = (("meny", "s"), ("mem", "p"), ("mem", ""), ("men", "t"), ("men", ""),
             ("meng", ""), ("meng", "k"), ("me", ""), ("peny", "s"), ("pem", "p"), ("pem", ""),
             ("pen", "t"), ("pen", ""), ("peng", ""), ("peng", "k"), ("pe", ""), ("per", ""),
             ("ber", ""), ("be", ""), ("ter", ""), ("te", ""), ("di", ""), ("ke", ""),
             ("se", ""))
_MIN_ROOT = 3
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def _roots() -> frozenset[str]:
    return read_set("root_words.txt")


def _strip_suffixes(word: str) -> list[str]:
    """``word`` and what remains after stripping particles, possessives and suffixes."""
    out = [word]
    for group in (_PARTICLES, _POSSESSIVES, _SUFFIXES):
        for base in list(out):
            for suffix in group:
                if base.endswith(suffix) and len(base) - len(suffix) >= _MIN_ROOT:
                    out.append(base[: -len(suffix)])
    return out


def _strip_prefix(word: str) -> list[str]:
    return [rep + word[len(pre):] for pre, rep in _PREFIXES
            if word.startswith(pre) and len(word) - len(pre) + len(rep) >= _MIN_ROOT]


@cache
def stem(word: str) -> str:
    """The root of a lower-case Indonesian ``word``, or the word itself when no root of
    the dictionary is reached."""
    roots = _roots()
    if len(word) <= _MIN_ROOT or word in roots:
        return word
    candidates = _strip_suffixes(word)
    for c in candidates:
        if c in roots:
            return c
    for c in candidates:
        for once in _strip_prefix(c):
            if once in roots:
                return once
            for twice in _strip_prefix(once):
                if twice in roots:
                    return twice
    return word


def stem_text(text: str) -> str:
    """``text`` lower-cased with every word replaced by :func:`stem` of it (hyphenated
    words stemmed part by part); everything else is kept."""
    return _WORD.sub(lambda m: "-".join(stem(p) for p in m.group().split("-")), text.lower())
