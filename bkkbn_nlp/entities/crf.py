"""A linear-chain CRF named-entity tagger (CRFsuite) with gazetteer features.

The model file is CRFsuite's own binary format: plain data, read by CRFsuite's C code,
which cannot run code when loaded (unlike a pickle). Features per token: the lower-cased
word, prefixes and suffixes, shape, case and affix flags, the words and shapes at -2..+2,
whether the word is written against its neighbours (no space between), and gazetteer
flags (regions, agencies, titles from :mod:`bkkbn_nlp.entities.gazetteer`). No list of person names
is used.

Decoding: after the Viterbi path, a LOC over a known place (region or country) and the
capitalised words after it ("Menteri Keadilan [Sierra Leone Frank Kargbo]") is cut after
the place and the rest is tagged again without it, and a person after a listed agency is
cut off an ORG the same way (:meth:`CrfTagger.tag`).

Training (``scripts/train_crf_ner.py``) uses :func:`train_crf`; the spaCy component
``bkkbn_crf_ner`` tags each sentence of a ``Doc`` and sets ``doc.ents``. A saved component
lists its files' sizes and SHA-256 in ``checksums.json``, checked on load, and the CRFsuite
file's structure is checked before CRFsuite opens it (:mod:`bkkbn_nlp.entities.model_files`).
"""

from __future__ import annotations

import json
import re
import shutil
import string
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import NamedTuple

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..checksums import verify_checksums, write_checksums
from ..errors import Errors, PipelineError
from .corpora import TaggedSentence, token_spaces
from .gazetteer import (
    agency_forms,
    country_forms,
    org_suffixes,
    place_continuations,
    region_forms,
    titles,
)
from .model_files import validate_crfsuite

__all__ = ["Featurizer", "train_crf", "CrfTagger", "CrfNer", "MODEL_FILE", "GAZETTEER_FILE",
           "LEXICON_FILE", "METRICS_FILE", "SCHEMES", "read_lexicon", "write_lexicon"]

MODEL_FILE = "model.crfsuite"
GAZETTEER_FILE = "gazetteer_tokens.json"
LEXICON_FILE = "word_features.tsv"
#: Written by the training script beside the model: data sets, licences, parameters, dev
#: scores. Copied with the model into a saved pipeline.
METRICS_FILE = "metrics.json"
#: The files of a saved component, listed with their sizes and hashes in ``checksums.json``.
MODEL_FILES = (MODEL_FILE, GAZETTEER_FILE, LEXICON_FILE, METRICS_FILE)
#: Tag schemes :func:`train_crf` can train with.
SCHEMES = ("bio", "biluo")
_PUNCT = frozenset(string.punctuation) | frozenset("“”‘’«»–—…")
_MEN_PREFIXES = ("meng", "meny", "mem", "men", "me")
_ROMAN = re.compile(r"[IVX]{1,4}")
#: Tokens inside a name that are not capitalised words ("Bashar al-Assad", "Hugo de Vries").
_NAME_JOINERS = frozenset({"-", "'", "’", "."})


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
                 lexicon: Lexicon | None = None) -> None:
        self.gaz = gazetteers if gazetteers is not None else _gazetteers(
            tokenize or _default_tokenize())
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
        """The gazetteer token tuples, to store beside a model (fast, consistent loading)."""
        return json.dumps({name: sorted(list(t) for t in exact)
                           for name, (exact, _) in self.gaz.items()}, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> Featurizer:
        data = json.loads(text)
        gaz: GazetteerTuples = {}
        for name, entries in data.items():
            exact = frozenset(tuple(e) for e in entries)
            gaz[name] = (exact, frozenset(tuple(w.lower() for w in e) for e in exact))
        return cls(gazetteers=gaz)

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
        per = [self._word(w) for w in words]
        gaz = self._gaz_flags(words, [p.lower for p in per])
        n = len(words)
        items: list[dict[str, float]] = []
        for i in range(n):
            f = dict(per[i].own)
            f.update(gaz[i])
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
            items.append(f)
        return items


def train_crf(sentences: Iterable[TaggedSentence], model_path: str | Path, *,
              c1: float = 0.01, c2: float = 0.05, max_iterations: int = 150,
              featurizer: Featurizer | None = None, scheme: str = "bio") -> Path:
    """Train a CRF on tagged sentences and write the CRFsuite model file.

    Args:
        scheme: The tags the CRF learns: ``"bio"`` as given, or ``"biluo"`` (spaCy's
            ``iob_to_biluo``: last and single-token tags of their own). A loaded
            :class:`CrfTagger` returns BIO either way.

    Returns:
        The path of the model file.
    """
    import pycrfsuite
    from spacy.training import iob_to_biluo

    if scheme not in SCHEMES:
        raise ValueError(f"unknown tag scheme {scheme!r}; expected one of {', '.join(SCHEMES)}")
    featurizer = featurizer or Featurizer()
    trainer = pycrfsuite.Trainer(verbose=False)
    for s in sentences:
        tags = iob_to_biluo(list(s.tags)) if scheme == "biluo" else list(s.tags)
        trainer.append(pycrfsuite.ItemSequence(featurizer.sentence(s.words, s.spaces)), tags)
    trainer.set_params({"c1": c1, "c2": c2, "max_iterations": max_iterations,
                        "feature.possible_transitions": True})
    model_path = Path(model_path)
    model_path.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(model_path))
    # the gazetteer as seen in training goes with the model
    model_path.with_name(GAZETTEER_FILE).write_text(featurizer.to_json(), encoding="utf-8")
    return model_path


class CrfTagger:
    """A loaded CRF model: ``tag(words) -> BIO tags``."""

    def __init__(self, model_path: str | Path,
                 tokenize: Callable[[str], list[str]] | None = None) -> None:
        import pycrfsuite

        self.path = Path(model_path)
        validate_crfsuite(self.path)  # a damaged file must not reach CRFsuite's C code
        self._tagger = pycrfsuite.Tagger()
        try:
            self._tagger.open(str(self.path))
        except (OSError, ValueError) as err:
            raise PipelineError(Errors.E094.format(path=self.path, problem=err)) from None
        saved = self.path.with_name(GAZETTEER_FILE)
        if saved.exists():
            self.featurizer = Featurizer.from_json(saved.read_text(encoding="utf-8"))
        else:
            self.featurizer = Featurizer(tokenize)
        lexicon = self.path.with_name(LEXICON_FILE)
        if lexicon.exists():
            self.featurizer.lexicon = read_lexicon(lexicon)
        # a model trained with scheme="biluo" has L-/U- tags; the tagger returns BIO
        self._biluo = any(t[:2] in ("L-", "U-") for t in self._tagger.labels())
        self._tokenize = tokenize
        self._places: tuple[frozenset[tuple[str, ...]], int] | None = None
        self._agency_longest: int | None = None

    def tag(self, words: Sequence[str], spaces: Sequence[bool] | None = None, *,
            split_places: bool = True) -> list[str]:
        """BIO tags for ``words``; ``spaces`` as for :meth:`Featurizer.sentence`.

        With ``split_places`` a LOC over a known place and a following name is cut after
        the place, and a person after an agency is cut off an ORG (:meth:`_split_merged`);
        ``False`` gives the CRF's Viterbi path alone.
        """
        if not words:
            return []

        tags = self._viterbi(words, spaces)
        if split_places:
            tags = self._split_merged(words, spaces, tags)
        return tags

    def _viterbi(self, words: Sequence[str], spaces: Sequence[bool] | None) -> list[str]:
        import pycrfsuite

        items = pycrfsuite.ItemSequence(self.featurizer.sentence(words, spaces))
        tags = list(self._tagger.tag(items))
        if self._biluo:
            from spacy.training import biluo_to_iob

            tags = list(biluo_to_iob(tags))
        return tags

    def _place_forms(self) -> tuple[frozenset[tuple[str, ...]], int]:
        """Token tuples of the regions and countries, and the longest one's length."""
        if self._places is None:
            forms = set(self.featurizer.gaz.get("region", (frozenset(), frozenset()))[0])
            tokenize = self._tokenize or _default_tokenize()
            forms |= {tuple(tokenize(f)) for f in country_forms()}
            self._places = (frozenset(forms), max(map(len, forms), default=0))
        return self._places

    def _split_merged(self, words: Sequence[str], spaces: Sequence[bool] | None,
                      tags: list[str]) -> list[str]:
        """The Viterbi path with merged spans cut: a place and a name after it
        (:meth:`_split_place`), an agency and a person after it (:meth:`_split_person_off`).
        """
        out = list(tags)
        for a, b, label in TaggedSentence(tuple(words), tuple(tags)).spans():
            if b - a < 2:
                continue
            if label == "LOC":
                self._split_place(words, spaces, a, b, out)
            elif label == "ORG":
                self._split_person_off(words, spaces, a, b, out)
        return out

    @staticmethod
    def _name_like(rest: Sequence[str]) -> bool:
        """Whether words after a cut read as a name: capitalised words, with joiners and
        short lower-case particles inside ("Bashar al - Assad", "Hugo de Vries"), and
        none that continues a place ("Barat", "Center")."""
        continuing = place_continuations()
        return rest[0][:1].isupper() and not any(w.lower() in continuing for w in rest) \
            and all(w[:1].isupper() or w in _NAME_JOINERS or w.islower() and len(w) <= 3
                    for w in rest)

    def _retag_rest(self, words: Sequence[str], spaces: Sequence[bool] | None,
                    a: int, m: int, b: int) -> list[str]:
        """The CRF's tags for ``words[m:b]`` in the sentence without ``words[a:m]``, and for
        the word after them (``"O"`` at the end of the sentence)."""
        kept = [*words[:a], *words[m:]]
        kept_spaces = None if spaces is None else [*spaces[:a], *spaces[m:]]
        again = self._viterbi(kept, kept_spaces)
        return [*again[a:a + b - m], again[a + b - m] if a + b - m < len(again) else "O"]

    def _split_place(self, words: Sequence[str], spaces: Sequence[bool] | None,
                     a: int, b: int, out: list[str]) -> None:
        """A LOC the CRF found over a known place and the capitalised words after it
        ("Menteri Keadilan [Sierra Leone Frank Kargbo]", "perusahaan farmasi [Inggris
        GlaxoSmithKline]") is cut after the place, and the rest is tagged again by the CRF
        in the sentence without the place (there "Frank Kargbo" follows the title, and
        "GlaxoSmithKline" the word "perusahaan"); ``out`` is changed in place. Spans whose
        next words continue the place ("Afrika Barat", "Jakarta Convention Center",
        ``place_continuations.txt``), that end with a company word ("Indonesia Corruption
        Watch": the rules make it an ORG) or that are a known place as a whole stay;
        Roman numerals after a place ("Jawa Tengah II", an electoral district) are left out
        of the entity."""
        forms, longest = self._place_forms()
        if tuple(words[a:b]) in forms:
            return
        m = next((a + n for n in range(min(longest, b - a - 1), 0, -1)
                  if tuple(words[a:a + n]) in forms), None)
        if m is None:
            return
        rest = words[m:b]
        if all(_ROMAN.fullmatch(w) for w in rest):
            out[m:b] = ["O"] * (b - m)
        elif self._name_like(rest) and rest[-1] not in org_suffixes():
            again = self._retag_rest(words, spaces, a, m, b)[:-1]
            if again[0].startswith("I-"):
                again[0] = "B-" + again[0][2:]
            out[m:b] = again

    def _split_person_off(self, words: Sequence[str], spaces: Sequence[bool] | None,
                          a: int, b: int, out: list[str]) -> None:
        """An ORG the CRF found over a known agency and a name after it ("Kepala [SMK
        Kemdikbud Mustaghfirin]") loses the name when the CRF, given the sentence without
        the organisation's words, tags the rest as one person (``out`` is changed in
        place). Only a listed agency ends the organisation, never a place ("Indonesia
        Corruption Watch" stays)."""
        agencies = self.featurizer.gaz.get("agency", (frozenset(), frozenset()))[0]
        if self._agency_longest is None:
            self._agency_longest = max(map(len, agencies), default=0)
        longest = self._agency_longest
        m = next((m for m in range(b - 1, a, -1)
                  if any(tuple(words[m - n:m]) in agencies
                         for n in range(1, min(longest, m - a) + 1))), None)
        if m is None:
            return
        places, _ = self._place_forms()
        rest = words[m:b]
        if not self._name_like(rest) or any((w,) in agencies or (w,) in places for w in rest):
            return
        person = ["B-PER"] + ["I-PER"] * (b - m - 1)
        again = self._retag_rest(words, spaces, a, m, b)
        if again[:-1] == person and again[-1] != "I-PER":
            out[m:b] = person


class CrfNer:
    """spaCy component tagging entities with a CRF, one sentence at a time.

    Args:
        nlp: The pipeline.
        name: Component name.
    """

    def __init__(self, nlp: Language, name: str = "bkkbn_crf_ner") -> None:
        self.name = name
        self._tagger: CrfTagger | None = None
        self._make_doc = nlp.make_doc

    def __call__(self, doc: Doc) -> Doc:
        if self._tagger is None:
            raise ValueError(f"{self.name}: no CRF model loaded; use from_disk() or a "
                             "pipeline saved by scripts/build_default_pipeline.py")
        spans: list[Span] = []
        chunks = list(doc.sents) if doc.has_annotation("SENT_START") else [doc[:]]
        for chunk in chunks:
            tokens = [t for t in chunk if not t.is_space]
            tags = self._tagger.tag([t.text for t in tokens], token_spaces(tokens))
            sent = TaggedSentence(tuple(t.text for t in tokens), tuple(tags))
            for a, b, label in sent.spans():
                spans.append(Span(doc, tokens[a].i, tokens[b - 1].i + 1, label=label))
        doc.ents = spans
        return doc

    def load_model(self, model_path: str | Path) -> CrfNer:
        """Load a CRFsuite model file (gazetteer forms are split with the pipeline's own
        tokenizer)."""
        self._tagger = CrfTagger(model_path, lambda s: [t.text for t in self._make_doc(s)])
        return self

    def to_disk(self, path: str | Path, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        if self._tagger is not None:
            if self._tagger.path != path / MODEL_FILE:
                shutil.copyfile(self._tagger.path, path / MODEL_FILE)
            (path / GAZETTEER_FILE).write_text(self._tagger.featurizer.to_json(),
                                               encoding="utf-8")
            for name in (LEXICON_FILE, METRICS_FILE):
                beside = self._tagger.path.with_name(name)
                if beside.exists() and beside != path / name:
                    shutil.copyfile(beside, path / name)
            write_checksums(path, MODEL_FILES)

    def from_disk(self, path: str | Path, exclude: Iterable[str] = ()) -> CrfNer:
        """Load the model files in ``path``, after checking them against
        ``checksums.json`` when the directory has one (E093) and checking the CRFsuite
        file's structure (E094)."""
        model = Path(path) / MODEL_FILE
        if model.exists():
            verify_checksums(path)
            self.load_model(model)
        return self
