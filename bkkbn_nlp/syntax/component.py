"""The ``bkkbn_syntax`` spaCy component: UPOS, XPOS, lemma, morphology and dependencies.

It runs a syntax backend on the pipeline's own tokens and sentences and writes the result
to the tokens (``token.pos``, ``token.tag``, ``token.lemma``, ``token.morph``,
``token.dep``, ``token.head``). Whitespace tokens (newlines between paragraphs) are not
shown to the backend: they get ``SPACE`` and attach to the token before them (``dep``),
as spaCy's own parser does. Each sentence keeps exactly one root, so ``doc.sents`` are
the sentencizer's sentences.

The backend is stanza (:mod:`.stanza_backend`): the models shipped in ``models/stanza_id``
or a directory given as ``model_dir``. The component saves its model files with the
pipeline (``to_disk``) and loads them from there (``from_disk``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
from spacy.attrs import DEP, HEAD, LEMMA, POS, TAG
from spacy.language import Language
from spacy.tokens import Doc

from ..errors import Errors, ModelNotFoundError
from .stanza_backend import StanzaTagger, copy_model_dir, read_meta

__all__ = ["SyntaxComponent", "bundled_model_dir", "BACKENDS"]

BACKENDS = ("stanza",)
BUNDLED = "stanza_id"


def bundled_model_dir(backend: str = "stanza") -> Path:
    """Where the shipped models of ``backend`` live (wheel: inside the package; checkout:
    ``models/`` at the repo root).

    Raises:
        ModelNotFoundError: They are not in this installation (E124).
    """
    here = Path(__file__).resolve().parent.parent
    places = [here / "models" / BUNDLED, here.parent / "models" / BUNDLED]
    for place in places:
        if (place / "meta.json").is_file():
            return place
    raise ModelNotFoundError(Errors.E124.format(backend=backend, path=places[-1]))


class SyntaxComponent:
    """Fill POS, lemmas, morphology and dependencies from a syntax backend.

    Args:
        nlp: The pipeline.
        name: The component name.
        backend: ``"stanza"``.
        model_dir: A stanza model directory; ``None``: the bundled models (read lazily,
            so a pipeline with this component loads without stanza until it runs).
        batch_size: Sentences per backend call.
    """

    def __init__(self, nlp: Language, name: str = "bkkbn_syntax", *, backend: str = "stanza",
                 model_dir: str | Path | None = None, batch_size: int = 256) -> None:
        if backend not in BACKENDS:
            raise ValueError(Errors.E123.format(value=backend, valid=", ".join(BACKENDS)))
        self.name = name
        self.backend = backend
        self.batch_size = batch_size
        self.vocab = nlp.vocab
        self._model_dir: Path | None = Path(model_dir) if model_dir is not None else None
        self._tagger: StanzaTagger | None = None

    @property
    def model_dir(self) -> Path:
        if self._model_dir is None:
            self._model_dir = bundled_model_dir(self.backend)
        return self._model_dir

    @property
    def tagger(self) -> StanzaTagger:
        if self._tagger is None:
            self._tagger = StanzaTagger(self.model_dir)
        return self._tagger

    @property
    def meta(self) -> dict[str, Any]:
        return read_meta(self.model_dir)

    # -- running -------------------------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, stream: Iterable[Doc], batch_size: int | None = None) -> Iterator[Doc]:
        for doc in stream:
            self._annotate(doc)
            yield doc

    def _annotate(self, doc: Doc) -> None:
        if not len(doc):
            return
        sents = list(doc.sents) if doc.has_annotation("SENT_START") else [doc[:]]
        words = [[t.text for t in s if not t.is_space] for s in sents]
        analysed: list[list[Any]] = []
        for i in range(0, len(words), self.batch_size):
            analysed += self.tagger.analyse(words[i:i + self.batch_size])
        n = len(doc)
        heads = np.zeros(n, dtype="int64")  # relative offsets, as Doc.from_array wants
        deps = np.zeros(n, dtype="uint64")
        pos = np.zeros(n, dtype="uint64")
        tags = np.zeros(n, dtype="uint64")
        lemmas = np.zeros(n, dtype="uint64")
        morphs: list[str] = ["" for _ in range(n)]
        strings = self.vocab.strings
        has_parse = False
        for sent, rows in zip(sents, analysed, strict=True):
            idx = [t.i for t in sent if not t.is_space]
            for k, (upos, xpos, feats, lemma, head, deprel) in enumerate(rows):
                i = idx[k]
                pos[i] = strings.add(upos or "X")
                tags[i] = strings.add(xpos) if xpos and xpos != "_" else 0
                lemmas[i] = strings.add(lemma or doc[i].text)
                morphs[i] = feats if feats and feats != "_" else ""
                if head is not None:
                    has_parse = True
                    target = idx[head - 1] if head else i
                    heads[i] = target - i
                    deps[i] = strings.add("ROOT" if not head else (deprel or "dep"))
            for t in sent:
                if t.is_space:
                    pos[t.i] = strings.add("SPACE")
                    tags[t.i] = strings.add("_SP")
                    lemmas[t.i] = strings.add(t.text)
                    before = [j for j in idx if j < t.i]
                    after = [j for j in idx if j > t.i]
                    anchor = before[-1] if before else (after[0] if after else t.i)
                    heads[t.i] = anchor - t.i
                    deps[t.i] = strings.add("dep" if anchor != t.i else "ROOT")
        attrs = [POS, TAG, LEMMA]
        cols = [pos, tags, lemmas]
        if has_parse:
            sent_starts = [t.is_sent_start for t in doc]
            attrs += [HEAD, DEP]
            cols += [heads.astype("uint64"), deps]
        doc.from_array(attrs, np.stack(cols, axis=1).astype("uint64"))  # type: ignore[arg-type]
        for t, m in zip(doc, morphs, strict=True):
            t.set_morph(m or None)  # type: ignore[attr-defined]
        if has_parse:
            for t, start in zip(doc, sent_starts, strict=True):
                if start is not None and t.is_sent_start != start:  # pragma: no cover
                    t.is_sent_start = start

    # -- serialisation -------------------------------------------------------------------
    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        copy_model_dir(self.model_dir, path)
        (path / "component.json").write_text(
            json.dumps({"backend": self.backend}, indent=2) + "\n", encoding="utf-8")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> SyntaxComponent:
        self._model_dir = Path(path)
        self._tagger = None
        return self


def make_syntax(nlp: Language, name: str, backend: str, model_dir: str | None,
                batch_size: int) -> SyntaxComponent:
    return SyntaxComponent(nlp, name, backend=backend, model_dir=model_dir,
                           batch_size=batch_size)


#: What the ``bkkbn_syntax`` factory declares (registered in :mod:`bkkbn_nlp.pipeline`).
ASSIGNS = ["token.pos", "token.tag", "token.lemma", "token.morph", "token.dep", "token.head"]
DEFAULT_CONFIG: dict[str, Any] = {"backend": "stanza", "model_dir": None, "batch_size": 256}
