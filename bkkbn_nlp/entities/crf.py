"""A linear-chain CRF named-entity tagger (CRFsuite) with gazetteer features.

The model file is CRFsuite's own binary format: plain data, read by CRFsuite's C code,
which cannot run code when loaded (unlike a pickle). Features per token: the lower-cased
word, prefixes and suffixes, shape, case and affix flags, the words and shapes at -2..+2,
whether the word is written against its neighbours (no space between), and gazetteer
flags (regions, agencies, titles from :mod:`bkkbn_nlp.entities.gazetteer`). No list of person names
is used.

Feature version 2 (``Featurizer(version=2)``, recorded in ``gazetteer_tokens.json``; a
model saved without it is featurized as version 1; the lists below are saved with it, and
a model trained with ``--no-org-features`` saves them empty): a sentence written without case (no
capital after its first word, or nearly all in capitals) is featurized from its lower-cased
words and every token gets ``case=uncased``, so lower-cased and upper-cased text share one
set of features that no longer rests on capitals; and organisation name words
(``org_name_words.tsv``: PT, Tbk, Group, FC, United, ...) of the word and its neighbours
and organisation context words (``org_context.txt``: ponsel, saham, laga, ...) among the
three words on either side are features, the lists saved beside the model. Version 3 adds
to each feature of an uncased sentence a copy of its own (``u:w=jakarta``): weights shared
by cased and uncased text and weights for uncased text alone ("frustratingly easy" domain
adaptation, Daumé III 2007), so that case-altered training copies need not move the
weights cased text relies on; cased sentences get the shared features only.

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

import re
import shutil
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..checksums import verify_checksums, write_checksums
from ..errors import Errors, PipelineError
from .corpora import TaggedSentence, token_spaces
from .features import (
    FEATURE_VERSIONS,
    Featurizer,
    GazetteerTuples,
    Lexicon,
    _default_tokenize,
    read_lexicon,
    shape_class,
    uncased_sentence,
    word_shape,
    write_lexicon,
)
from .gazetteer import (
    country_forms,
    org_suffixes,
    place_continuations,
)
from .model_files import validate_crfsuite

__all__ = ["Featurizer", "FEATURE_VERSIONS", "uncased_sentence", "train_crf", "CrfTagger",
           "CrfNer", "MODEL_FILE", "GAZETTEER_FILE", "LEXICON_FILE", "METRICS_FILE", "SCHEMES",
           "read_lexicon", "write_lexicon", "word_shape", "shape_class", "GazetteerTuples",
           "Lexicon"]

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
_ROMAN = re.compile(r"[IVX]{1,4}")
#: Tokens inside a name that are not capitalised words ("Bashar al-Assad", "Hugo de Vries").
_NAME_JOINERS = frozenset({"-", "'", "’", "."})


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
        self._lower_place_forms: frozenset[tuple[str, ...]] | None = None
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

    def _lower_places(self) -> frozenset[tuple[str, ...]]:
        """The place forms of :meth:`_place_forms`, lower-cased."""
        if self._lower_place_forms is None:
            self._lower_place_forms = frozenset(
                tuple(w.lower() for w in f) for f in self._place_forms()[0])
        return self._lower_place_forms

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
        of the entity. With feature version 2, in a sentence written without case
        ("gubernur [sulawesi tenggara ali] mazi") the place is found in lower case and any
        alphabetic words after it may be the name."""
        forms, longest = self._place_forms()
        uncased = self.featurizer.version >= 2 and uncased_sentence(words)
        key: Sequence[str] = words
        if uncased:
            forms, key = self._lower_places(), [w.lower() for w in words]
        if tuple(key[a:b]) in forms:
            return
        m = next((a + n for n in range(min(longest, b - a - 1), 0, -1)
                  if tuple(key[a:a + n]) in forms), None)
        if m is None:
            return
        rest = words[m:b]
        if uncased:
            name_like = not any(w.lower() in place_continuations() for w in rest) and all(
                w.isalpha() or w in _NAME_JOINERS for w in rest)
        else:
            name_like = self._name_like(rest) and rest[-1] not in org_suffixes()
        if all(_ROMAN.fullmatch(w) for w in rest) and not uncased:
            out[m:b] = ["O"] * (b - m)
        elif name_like:
            again = self._retag_rest(words, spaces, a, m, b)[:-1]
            if again[0].startswith("I-"):
                again[0] = "B-" + again[0][2:]
            out[m:b] = again

    def _split_person_off(self, words: Sequence[str], spaces: Sequence[bool] | None,
                          a: int, b: int, out: list[str]) -> None:
        """An ORG the CRF found over a known agency and a name after it ("Kepala [SMK
        Kemdikbud Mustaghfirin]") loses the name when the CRF, given the sentence without
        the organisation's words, tags the rest as one person (``out`` is changed in
        place); when the CRF found a person right after the ORG and the name goes on into
        it, the two are one person. Only a listed agency ends the organisation, never a
        place ("Indonesia Corruption Watch" stays)."""
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
        elif again[:-1] == person and b < len(out) and out[b] == "B-PER":
            # the name goes on into a person the CRF found after the ORG ("Kepala [Dinas
            # Pendidikan Hasan] [Basri]"): one person
            out[m:b] = person
            out[b] = "I-PER"


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
