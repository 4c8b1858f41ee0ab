"""CRF token features (:class:`Featurizer`) and the word-feature table (:func:`read_lexicon`)
of the CRF entity tagger (:mod:`bkkbn_nlp.entities.crf`): the lower-cased word, prefixes and
suffixes, shape, case and affix flags, the words and shapes at -2..+2, spacing, gazetteer
flags and, from feature version 2, uncased sentences and organisation name and context
words (see :mod:`bkkbn_nlp.entities.crf`).
"""

from __future__ import annotations

import json
import string
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import NamedTuple

from ..errors import Errors, PipelineError
from .gazetteer import agency_forms, region_forms, titles

__all__ = ["Featurizer", "FEATURE_VERSIONS", "GazetteerTuples", "Lexicon", "read_lexicon",
           "write_lexicon", "uncased_sentence", "word_shape", "shape_class"]

_PUNCT = frozenset(string.punctuation) | frozenset("“”‘’«»–—…")
_MEN_PREFIXES = ("meng", "meny", "mem", "men", "me")
#: Featurizer versions (see the module docstring).
FEATURE_VERSIONS = (1, 2, 3)
#: the context window of the organisation context words, each side
_CONTEXT_WINDOW = 3

def word_shape(word: str) -> str:
    """Collapsed character shape: ``Jakarta`` -> ``Xx``, ``BKKBN`` -> ``X``, ``2025`` -> ``d``."""
    out: list[str] = []
    for ch in word:
        c = "X" if ch.isupper() else "x" if ch.islower() else "d" if ch.isdigit() else ch
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)[:8]


def shape_class(word: str) -> str:
    """Coarse class: Xxxx, XXXX, X, xxxx, dd, punct or mixed."""
    if word.isdigit():
        return "dd"
    if word and all(ch in _PUNCT for ch in word):
        return "punct"
    if word.isalpha():
        if word.isupper():
            return "XXXX" if len(word) > 1 else "X"
        if word.istitle():
            return "Xxxx"
        if word.islower():
            return "xxxx"
    return "mixed"


def uncased_sentence(words: Sequence[str]) -> bool:
    """Whether a sentence is written without case: no capital in any word after the first,
    or at least three words of two or more letters and nine in ten of them in capitals."""
    if not any(ch.isupper() for w in words[1:] for ch in w):
        return True
    long = [w for w in words if len(w) > 1 and w.isalpha()]
    return len(long) >= 3 and sum(w.isupper() for w in long) >= 0.9 * len(long)


def _org_word_tables() -> tuple[dict[str, str], frozenset[str]]:
    from ..lang import read_list

    words: dict[str, str] = {}
    for line in read_list("org_name_words.tsv"):
        word, kind = line.split("\t")
        words[word.lower()] = kind
    return words, frozenset(w.lower() for w in read_list("org_context.txt"))


def _length_bucket(n: int) -> str:
    return "1" if n == 1 else "2" if n == 2 else "3" if n == 3 else \
        "4-5" if n <= 5 else "6-8" if n <= 8 else "9+"


def _affixes(lw: str) -> list[str]:
    if not lw.isalpha() or len(lw) < 5:
        return []
    out = []
    if lw.startswith(_MEN_PREFIXES):
        out.append("meN")
    for prefix in ("di", "ber", "ter"):
        if lw.startswith(prefix):
            out.append(prefix)
    if lw.endswith("nya"):
        out.append("nya")
    if lw.endswith("kan"):
        out.append("kan")
    elif lw.endswith("an"):
        out.append("an")
    return out


_CACHE_WORDS = 20_000  # words whose own features are kept (1-2 KB each)


class _WordFeatures(NamedTuple):
    lower: str
    shape: str
    cls: str
    lex: tuple[str, ...]  # "name=value" word-feature keys
    own: dict[str, float]  # the word's own CRFsuite features


GazetteerTuples = dict[str, tuple[frozenset[tuple[str, ...]], frozenset[tuple[str, ...]]]]
#: Word-level features from unlabelled text: column names, and lower-cased word -> values.
Lexicon = tuple[tuple[str, ...], dict[str, tuple[str, ...]]]


def read_lexicon(path: str | Path) -> Lexicon:
    """Read a word-feature table: a ``#word<TAB>name...`` header, then
    ``word<TAB>value...`` lines (lower-cased words; an empty value means no feature).

    Raises:
        PipelineError: (E090) The file has no header or a line has the wrong number of
            values.
    """
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    if not lines or not lines[0].startswith("#word"):
        raise PipelineError(Errors.E090.format(path=path, problem="no '#word' header line"))
    names = tuple(lines[0].split("\t")[1:])
    table: dict[str, tuple[str, ...]] = {}
    for lineno, line in enumerate(lines[1:], 2):
        word, *values = line.split("\t")
        if len(values) != len(names):
            raise PipelineError(Errors.E090.format(
                path=path, problem=f"line {lineno} has {len(values)} values for "
                                   f"{len(names)} columns"))
        table[word] = tuple(values)
    return names, table


def write_lexicon(lexicon: Lexicon, path: str | Path) -> None:
    """Write a word-feature table (see :func:`read_lexicon`)."""
    names, table = lexicon
    rows = ["\t".join(("#word", *names))]
    rows += ["\t".join((w, *v)) for w, v in sorted(table.items())]
    Path(path).write_text("\n".join(rows) + "\n", encoding="utf-8")


def _gazetteers(tokenize: Callable[[str], list[str]]) -> GazetteerTuples:
    out = {}
    for name, forms in (("region", region_forms()), ("agency", agency_forms()),
                        ("title", {t: None for t in titles()})):
        exact = frozenset(tuple(tokenize(form)) for form in forms)
        lower = frozenset(tuple(w.lower() for w in e) for e in exact)
        out[name] = (exact, lower)
    return out


@cache
def _default_tokenize() -> Callable[[str], list[str]]:
    import spacy

    from ..text.tokenizer import TOKENIZER_CONFIG

    tokenizer = spacy.blank("id", config=TOKENIZER_CONFIG).tokenizer
    return lambda text: [t.text for t in tokenizer(text)]


class Featurizer:
    """Token features for the CRF (see the module docstring).

    Args:
        tokenize: How gazetteer forms are split into tokens; it must match the tokenizer
            that produces the words to tag (default: the bkkbn_nlp tokenizer).
        gazetteers: Precomputed gazetteer token tuples (as saved beside a model by
            :meth:`to_json`); when given, ``tokenize`` is not used.
    """

    max_ngram = 4

    def __init__(self, tokenize: Callable[[str], list[str]] | None = None,
                 gazetteers: GazetteerTuples | None = None,
                 lexicon: Lexicon | None = None, version: int = 1,
                 org_words: tuple[dict[str, str], frozenset[str]] | None = None) -> None:
        if version not in FEATURE_VERSIONS:
            raise ValueError(f"unknown feature version {version}; expected one of "
                             f"{FEATURE_VERSIONS}")
        self.gaz = gazetteers if gazetteers is not None else _gazetteers(
            tokenize or _default_tokenize())
        self.version = version
        #: organisation name words (lower-cased word -> head/tail/both) and context words
        #: (version 2; ``org_words=({}, frozenset())`` switches them off)
        self.org_words: tuple[dict[str, str], frozenset[str]] = (
            ({}, frozenset()) if version < 2
            else org_words if org_words is not None else _org_word_tables())
        self._firsts: dict[str, frozenset[str]] = {}
        self._cache: dict[str, _WordFeatures] = {}
        self.lexicon = lexicon or ((), {})

    @property
    def lexicon(self) -> Lexicon:
        """Word-feature columns (:func:`read_lexicon`); setting it empties the word cache."""
        return self._lexicon

    @lexicon.setter
    def lexicon(self, value: Lexicon) -> None:
        self._lexicon = value
        self._cache.clear()

    def to_json(self) -> str:
        """The gazetteer token tuples (and, from version 2, the version and the
        organisation word lists under ``_features``), to store beside a model (fast,
        consistent loading)."""
        data: dict[str, object] = {name: sorted(list(t) for t in exact)
                                   for name, (exact, _) in self.gaz.items()}
        if self.version >= 2:
            words, context = self.org_words
            data["_features"] = {"version": self.version, "org_words": dict(sorted(
                words.items())), "org_context": sorted(context)}
        return json.dumps(data, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> Featurizer:
        data = json.loads(text)
        meta = data.pop("_features", None) or {"version": 1}
        gaz: GazetteerTuples = {}
        for name, entries in data.items():
            exact = frozenset(tuple(e) for e in entries)
            gaz[name] = (exact, frozenset(tuple(w.lower() for w in e) for e in exact))
        org = ((dict(meta["org_words"]), frozenset(meta["org_context"]))
               if meta["version"] >= 2 else None)
        return cls(gazetteers=gaz, version=int(meta["version"]), org_words=org)

    def _gaz_flags(self, words: Sequence[str], lowered: Sequence[str]) -> list[dict[str, float]]:
        flags: list[dict[str, float]] = [{} for _ in words]
        n = len(words)
        for name, (exact, lower) in self.gaz.items():
            firsts = self._firsts.get(name)
            if firsts is None:  # the lower-cased first words of the entries, to skip fast
                firsts = self._firsts[name] = frozenset(e[0] for e in lower if e)
            for i in range(n):
                if lowered[i] not in firsts:
                    continue
                for k in range(1, self.max_ngram + 1):
                    if i + k > n:
                        break
                    if tuple(words[i:i + k]) in exact:
                        flags[i][f"gaz.{name}.{k}"] = 1.0
                        for j in range(i + 1, i + k):
                            flags[j][f"gaz.{name}.in"] = 1.0
                    elif tuple(lowered[i:i + k]) in lower:
                        flags[i][f"gaz.{name}.{k}.lc"] = 1.0
        return flags

    def _word(self, w: str) -> _WordFeatures:
        """The features of a word alone (cached: news repeats its words)."""
        hit = self._cache.get(w)
        if hit is not None:
            return hit
        lw = w.lower()
        shape, cls = word_shape(w), shape_class(w)
        names, table = self.lexicon
        lex = tuple(f"{k}={v}" for k, v in zip(names, table.get(lw, ()), strict=False) if v)
        own = {"bias": 1.0, f"w={lw}": 1.0, f"shape={shape}": 1.0, f"cls={cls}": 1.0,
               f"len={_length_bucket(len(w))}": 1.0}
        for k in (2, 3, 4):
            if len(lw) > k:
                own[f"pre{k}={lw[:k]}"] = 1.0
                own[f"suf{k}={lw[-k:]}"] = 1.0
        for a in _affixes(lw):
            own[f"affix.{a}"] = 1.0
        for key in lex:
            own[key] = 1.0
        kind = self.org_words[0].get(lw)
        if kind is not None:
            lex = (*lex, f"orgw.{kind}")  # also a feature of the neighbours
            own[f"orgw.{kind}"] = 1.0
        hit = _WordFeatures(lw, shape, cls, lex, own)
        if len(self._cache) >= _CACHE_WORDS:
            self._cache.clear()
        self._cache[w] = hit
        return hit

    def sentence(self, words: Sequence[str],
                 spaces: Sequence[bool] | None = None) -> list[dict[str, float]]:
        """CRFsuite items, one per word: feature name -> weight (a string-valued feature is
        written ``name=value`` with weight 1: ``w=jakarta``, ``-1:shape=Xx``).

        ``spaces`` (:attr:`~bkkbn_nlp.entities.corpora.TaggedSentence.spaces`), when given, adds
        whether a word is written against its neighbours (``glue.l``, ``glue.r``): the
        hyphen of "El-Shara" is inside a name, the one of "Subianto - Hatta" between two.
        """
        uncased = self.version >= 2 and uncased_sentence(words)
        if uncased:  # lower- and upper-cased text: one set of features, from lower case
            words = [w.lower() for w in words]
        per = [self._word(w) for w in words]
        gaz = self._gaz_flags(words, [p.lower for p in per])
        n = len(words)
        context = self.org_words[1]
        near: list[int] = []
        if context:
            near = [i for i, p in enumerate(per) if p.lower in context]
        items: list[dict[str, float]] = []
        for i in range(n):
            f = dict(per[i].own)
            f.update(gaz[i])
            if uncased:
                f["case=uncased"] = 1.0
            for j in near:
                if 0 < i - j <= _CONTEXT_WINDOW:
                    f["ctx.org.l"] = 1.0
                elif 0 < j - i <= _CONTEXT_WINDOW:
                    f["ctx.org.r"] = 1.0
            if spaces is not None:
                if i > 0 and not spaces[i - 1]:
                    f["glue.l"] = 1.0
                if i < n - 1 and not spaces[i]:
                    f["glue.r"] = 1.0
            for off in (-2, -1, 1, 2):
                j = i + off
                if 0 <= j < n:
                    q = per[j]
                    f[f"{off}:w={q.lower}"] = 1.0
                    f[f"{off}:shape={q.shape}"] = 1.0
                    if abs(off) == 1:
                        f[f"{off}:cls={q.cls}"] = 1.0
                        for key in q.lex:
                            f[f"{off}:{key}"] = 1.0
                        for key in gaz[j]:
                            if not key.endswith(".in"):
                                f[f"{off}:{key}"] = 1.0
                else:
                    f[f"{off}:w={'<BOS>' if j < 0 else '<EOS>'}"] = 1.0
            if uncased and self.version >= 3:  # and uncased-only weights of the same features
                f.update({f"u:{k}": v for k, v in list(f.items())})
            items.append(f)
        return items
