"""Training from labelled data: the CRF entity tagger, the topic tagger, and complete
pipelines.

* :func:`train_ner`: a CRF (:func:`bkkbn_nlp.entities.crf.train_crf`) on CoNLL / BIO files,
  labelled-document JSONL or DocBin files; writes ``model.crfsuite`` and ``metrics.json``.
* :func:`train_topics`: a :class:`~bkkbn_nlp.topics.TopicTagger` on the ``topics`` layer of
  labelled documents; writes the plain-data model and ``metrics.json``.
* :func:`train_pipeline`: both, assembled with
  :func:`bkkbn_nlp.pipeline.build_default_pipeline` into a pipeline directory that
  :func:`bkkbn_nlp.load` loads, with ``metrics.json`` (dev scores from
  :mod:`bkkbn_nlp.evaluation`) and a ``meta.json`` that records the data sets (file, SHA-256,
  size, licence), the seed, the parameters and the library versions.

CoNLL training files are re-tokenized with the bkkbn_nlp tokenizer (as the shipped model is
trained: the tagger sees at training time the tokens it sees on raw text); labelled
documents are tokenized and split into sentences by the pipeline's own tokenizer and
sentence rules. Every step is deterministic for a given seed.
"""

from __future__ import annotations

import hashlib
import json
import platform
import random
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..about import __version__
from ..entities.corpora import (
    TaggedSentence,
    read_conll,
    read_news_entities,
    retokenize,
    token_spaces,
)
from ..errors import Errors, LabelledDataError
from ..io.convert import guess_format, read_documents
from ..io.labelled import LabelledDocument, write_labelled

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["train_ner", "train_topics", "train_pipeline", "ner_sentences",
           "labelled_to_sentences", "news_entity_sentences", "parse_licences", "DEFAULT_SEED"]

DEFAULT_SEED = 0
_LICENCE_FILES = ("LICENSE", "LICENCE", "LICENSE.txt", "LICENSE.md", "COPYING")
_GAZETTEER_SOURCE = {
    "name": "bkkbn_nlp gazetteers (regions, agencies, titles)", "role": "ner-features",
    "licence": "see bkkbn_nlp/lang/data/SOURCES.md",
}


# -- data sets and their licences ----------------------------------------------------------


def parse_licences(values: Iterable[str]) -> dict[Path, str]:
    """``PATH=LICENCE`` strings (from the command line) as ``{resolved path: licence}``.

    Raises:
        ValueError: A value without ``=`` (E043).
    """
    out: dict[Path, str] = {}
    for value in values:
        path, sep, licence = value.partition("=")
        if not sep or not path or not licence:
            raise ValueError(Errors.E043.format(what="--licence", value=value))
        out[Path(path).resolve()] = licence
    return out


def _file_licence(path: Path) -> tuple[str | None, str | None]:
    """The first line of a licence file beside ``path`` (e.g. ``MIT License``)."""
    for name in _LICENCE_FILES:
        candidate = path.parent / name
        if candidate.is_file():
            for line in candidate.read_text(encoding="utf-8", errors="replace").splitlines():
                if line.strip():
                    return line.strip(), str(candidate)
    return None, None


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _dataset(path: str | Path, role: str, items: int, unit: str,
             licences: dict[Path, str] | None) -> dict[str, Any]:
    p = Path(path)
    licence = (licences or {}).get(p.resolve())
    licence_file = None
    if licence is None:
        licence, licence_file = _file_licence(p)
    record: dict[str, Any] = {"name": p.name, "path": str(path), "role": role,
                              "format": guess_format(p), unit: items, "sha256": _sha256(p),
                              "licence": licence}
    if licence_file:
        record["licence_file"] = licence_file
    return record


def _meta_source(record: dict[str, Any]) -> dict[str, str]:
    """A data-set record as spaCy's ``meta.json`` schema wants ``sources``: strings only
    (``spacy package`` refuses anything else); the full record goes to ``training.data``."""
    out = {k: str(v) for k, v in record.items() if v is not None}
    out.setdefault("licence", "not given")
    return out


def _versions() -> dict[str, str]:
    out = {"python": platform.python_version(), "bkkbn_nlp": __version__}
    for dist in ("spacy", "scikit-learn", "python-crfsuite", "numpy", "scipy"):
        try:
            out[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:  # pragma: no cover - all are dependencies
            out[dist] = "not installed"
    return out


def _seed_everything(seed: int) -> None:
    import numpy

    random.seed(seed)
    numpy.random.seed(seed)


def _progress(iterable: Iterable[Any] | None = None, **kwargs: Any) -> Any:
    from tqdm.auto import tqdm

    return tqdm(iterable, **kwargs)


# -- NER data ------------------------------------------------------------------------------


def _segmenter() -> Language:
    """The pipeline's tokenizer and sentence rules (no other component)."""
    import spacy

    from ..text.tokenizer import TOKENIZER_CONFIG

    nlp = spacy.blank("id", config=TOKENIZER_CONFIG)
    nlp.add_pipe("bkkbn_sentencizer")
    return nlp


def labelled_to_sentences(docs: Iterable[LabelledDocument],
                          nlp: Language | None = None) -> list[TaggedSentence]:
    """Tagged sentences for the CRF from labelled documents that have an ``entities`` layer.

    Texts are tokenized by ``nlp`` (default: the bkkbn_nlp tokenizer and sentence rules);
    the document's ``sentences`` layer, when present, gives the sentence boundaries. An
    entity that does not fall on token boundaries covers the tokens it touches; of two
    overlapping entities the first (then the longer) is kept; an entity cut by a sentence
    boundary becomes two.
    """
    nlp = nlp or _segmenter()
    out: list[TaggedSentence] = []
    for ldoc in docs:
        if ldoc.entities is None:
            continue
        doc = nlp(ldoc.text)
        tags = ["O"] * len(doc)
        for ent in sorted(ldoc.entities, key=lambda e: (e["start"], -e["end"])):
            span = doc.char_span(ent["start"], ent["end"], alignment_mode="expand")
            if span is None or len(span) == 0:
                continue
            if any(tags[i] != "O" for i in range(span.start, span.end)):
                continue
            tags[span.start] = f"B-{ent['label']}"
            for i in range(span.start + 1, span.end):
                tags[i] = f"I-{ent['label']}"
        if ldoc.sentences:
            bounds = [doc.char_span(s["start"], s["end"], alignment_mode="expand")
                      for s in ldoc.sentences]
            sents = [b for b in bounds if b is not None]
        else:
            sents = list(doc.sents)
        for sent in sents:
            keep = [t for t in sent if not t.is_space]
            if keep:
                out.append(TaggedSentence(tuple(t.text for t in keep),
                                          _begin_cut_entities([tags[t.i] for t in keep]),
                                          token_spaces(keep)))
    return out


def _begin_cut_entities(tags: list[str]) -> tuple[str, ...]:
    """BIO tags with an ``I-`` that follows no tag of its entity made ``B-``: an entity cut
    by a sentence boundary ("Pop! Hotel") goes on as a new one in the next sentence."""
    out = list(tags)
    for k, tag in enumerate(out):
        if tag.startswith("I-") and (k == 0 or out[k - 1][2:] != tag[2:]):
            out[k] = "B-" + tag[2:]
    return tuple(out)


def news_entity_sentences(paths: Sequence[str | Path], corpus: str | Path,
                          nlp: Language | None = None) -> list[TaggedSentence]:
    """Tagged sentences of entity-annotated news corpus articles (``entities_*.jsonl`` in
    ``data/annotations/entities``, :func:`bkkbn_nlp.entities.corpora.read_news_entities`), cleaned
    and split into tokens and sentences as the pipeline does. ``paths`` are files or
    folders (a folder stands for its ``entities_*.jsonl`` files, in batch order). Empty
    without ``corpus``."""
    texts, gold = read_news_entities(paths, corpus)
    return labelled_to_sentences(
        [LabelledDocument(text=text, entities=[{"start": a, "end": b, "label": label}
                                               for a, b, label in spans])
         for text, spans in zip(texts, gold, strict=True)], nlp)


def ner_sentences(path: str | Path, *, retokenize_conll: bool = True,
                  nlp: Language | None = None) -> list[TaggedSentence]:
    """Tagged sentences from a CoNLL / BIO file, a labelled JSONL file (``.jsonl``) or a
    DocBin (``.spacy``).

    Args:
        path: The file; its format is guessed from the name (:func:`bkkbn_nlp.io.convert.
            guess_format`).
        retokenize_conll: Re-tokenize CoNLL sentences with the bkkbn_nlp tokenizer
            (:func:`bkkbn_nlp.entities.corpora.retokenize`); ``False`` keeps the file's tokens.
        nlp: Tokenizer and sentence rules (default: the bkkbn_nlp ones).
    """
    fmt = guess_format(path)
    nlp = nlp or _segmenter()
    try:
        if fmt == "conll":
            sentences = list(read_conll(path))
            if retokenize_conll:
                sentences = [retokenize(s, nlp.make_doc) for s in sentences]
            return [s for s in sentences if s.words]
        return labelled_to_sentences(read_documents(path, fmt), nlp)
    except UnicodeDecodeError as exc:
        raise LabelledDataError(Errors.E005.format(source=path, reason=exc.reason)) from None


def _score_tagger(model: Path, sentences: Sequence[TaggedSentence]) -> dict[str, Any]:
    from ..entities.crf import CrfTagger
    from ..evaluation.scoring import score_spans

    tagger = CrfTagger(model)
    pred = [TaggedSentence(s.words, tuple(tagger.tag(s.words, s.spaces))).spans()
            for s in sentences]
    result = score_spans([s.spans() for s in sentences], pred)
    result["sentences"] = len(sentences)
    return result


def train_ner(train: Sequence[str | Path], output: str | Path, *,
              dev: Sequence[str | Path] = (), c1: float = 0.01, c2: float = 0.05,
              max_iterations: int = 150, retokenize_conll: bool = True,
              licences: dict[Path, str] | None = None, progress: bool = False) -> dict[str, Any]:
    """Train the CRF entity tagger; write ``OUTPUT/model.crfsuite`` and ``metrics.json``.

    Args:
        train: Training files (CoNLL / BIO, labelled JSONL, or DocBin).
        output: The output directory.
        dev: Development files, scored with the tagger alone (CoNLL with the file's own
            tokens, labelled documents through the bkkbn_nlp tokenizer).
        c1: L1 regularisation of the CRF.
        c2: L2 regularisation of the CRF.
        max_iterations: L-BFGS iterations.
        retokenize_conll: See :func:`ner_sentences`.
        licences: Licences of the data files (``{resolved path: licence}``); a file not
            listed gets the first line of a ``LICENSE`` file beside it, if there is one.
        progress: Show progress bars on stderr.

    Returns:
        The metrics written to ``metrics.json`` (with ``sources``: the data sets).

    Raises:
        LabelledDataError: A malformed training file, or no sentence to train on.
    """
    from ..entities.crf import MODEL_FILE, Featurizer, train_crf

    out_dir = Path(output)
    nlp = _segmenter()
    sentences: list[TaggedSentence] = []
    sources: list[dict[str, Any]] = []
    for path in train:
        found = ner_sentences(path, retokenize_conll=retokenize_conll, nlp=nlp)
        sources.append(_dataset(path, "ner-train", len(found), "sentences", licences))
        sentences += found
    if not sentences:
        raise LabelledDataError(Errors.E040.format(
            source=", ".join(str(p) for p in train), what="the NER training data",
            hint="no sentence with an 'entities' layer was found."))
    dev_sets = {}
    for path in dev:
        dev_sets[str(path)] = ner_sentences(path, retokenize_conll=False, nlp=nlp)
        sources.append(_dataset(path, "ner-dev", len(dev_sets[str(path)]), "sentences",
                                licences))
    sources.append(dict(_GAZETTEER_SOURCE))
    started = time.perf_counter()
    items = _progress(sentences, desc="NER: features", unit="sent", disable=not progress,
                      leave=False)
    model = train_crf(items, out_dir / MODEL_FILE, c1=c1, c2=c2,
                      max_iterations=max_iterations, featurizer=Featurizer())
    seconds = time.perf_counter() - started
    metrics: dict[str, Any] = {
        "dev": {name: _score_tagger(model, sents) for name, sents in dev_sets.items()},
        "dev_tokens": "CoNLL: the file's tokens; labelled: the bkkbn_nlp tokenizer",
        "params": {"c1": c1, "c2": c2, "max_iterations": max_iterations,
                   "algorithm": "lbfgs (CRFsuite; deterministic)"},
        "train_sentences": len(sentences),
        "train_seconds": round(seconds, 2),
        "tokens": "bkkbn_nlp tokenizer (retokenized)" if retokenize_conll else "gold",
        "sources": sources,
        "versions": _versions(),
        "model_bytes": model.stat().st_size,
    }
    (out_dir / "metrics.json").write_text(json.dumps(metrics, indent=2, ensure_ascii=False),
                                          encoding="utf-8")
    return metrics


# -- topics --------------------------------------------------------------------------------


def _topic_documents(paths: Sequence[str | Path]) -> dict[str, list[LabelledDocument]]:
    out = {}
    for path in paths:
        try:
            out[str(path)] = [d for d in read_documents(path) if d.topics]
        except UnicodeDecodeError as exc:
            raise LabelledDataError(Errors.E005.format(source=path,
                                                       reason=exc.reason)) from None
    return out


def train_topics(data: Sequence[str | Path], output: str | Path, *,
                 dev: Sequence[str | Path] = (), seed: int = DEFAULT_SEED, C: float = 10.0,
                 max_features: int = 20000, threshold_cv: int = 5,
                 licences: dict[Path, str] | None = None) -> dict[str, Any]:
    """Train the topic tagger on the ``topics`` layer of labelled documents; write the
    plain-data model (:meth:`~bkkbn_nlp.topics.TopicTagger.save`) and ``metrics.json``.

    Args:
        data: Labelled JSONL (or DocBin) files; documents without topics are skipped.
        output: The model directory.
        dev: Files to score the trained tagger on
            (:func:`bkkbn_nlp.evaluation.score_topics`).
        seed: ``random_state`` of the threshold folds.
        C: Inverse regularisation strength (a :class:`~bkkbn_nlp.topics.TopicTagger`
            parameter).
        max_features: Vocabulary size limit (a ``TopicTagger`` parameter).
        threshold_cv: Folds for tuning the per-label thresholds (a ``TopicTagger``
            parameter).
        licences: As in :func:`train_ner`.

    Raises:
        LabelledDataError: A malformed file, or too little data to fit (E041).
    """
    from ..evaluation.scoring import score_topics
    from ..topics.estimator import TopicTagger

    _seed_everything(seed)
    train_docs = _topic_documents(data)
    texts = [d.text for docs in train_docs.values() for d in docs]
    labels = [list(d.topics or []) for docs in train_docs.values() for d in docs]
    if len(texts) < 2:
        raise LabelledDataError(Errors.E041.format(
            reason=f"{len(texts)} document(s) with topics in {', '.join(map(str, data))}"))
    tagger = TopicTagger(max_features=max_features, C=C, threshold_cv=threshold_cv,
                         random_state=seed)
    started = time.perf_counter()
    try:
        tagger.fit(texts, labels)
    except ValueError as exc:
        raise LabelledDataError(Errors.E041.format(reason=exc)) from None
    seconds = time.perf_counter() - started
    tagger.save(output)
    sources = [_dataset(p, "topics-train", len(docs), "documents", licences)
               for p, docs in train_docs.items()]
    dev_scores = {}
    for path, docs in _topic_documents(dev).items():
        sources.append(_dataset(path, "topics-dev", len(docs), "documents", licences))
        if docs:
            dev_scores[path] = score_topics([d.topics or [] for d in docs],
                                            tagger.predict([d.text for d in docs]))
    metrics: dict[str, Any] = {
        "dev": dev_scores,
        "train_documents": len(texts),
        "label_counts": dict(Counter(label for y in labels for label in y).most_common()),
        "labels": tagger.labels_,
        "thresholds": tagger.thresholds_,
        "out_of_fold_f1": tagger.oof_f1_,
        "skipped_labels": tagger.skipped_labels_,
        "notes": tagger.notes_,
        "params": {k: v for k, v in tagger.get_params().items() if k != "labels"},
        "seed": seed,
        "train_seconds": round(seconds, 2),
        "sources": sources,
        "versions": _versions(),
    }
    (Path(output) / "metrics.json").write_text(json.dumps(metrics, indent=2, ensure_ascii=False,
                                                          default=list), encoding="utf-8")
    return metrics


# -- the whole pipeline --------------------------------------------------------------------


def _check_output(path: Path, overwrite: bool) -> None:
    if path.exists() and (not path.is_dir() or any(path.iterdir())) and not overwrite:
        raise FileExistsError(Errors.E042.format(path=path))


def _labelled_dev_file(path: str | Path, tmp: Path) -> str:
    """A DocBin dev file as labelled JSONL (what :func:`bkkbn_nlp.evaluation.evaluate`
    reads); other files as they are."""
    if guess_format(path) != "docbin":
        return str(path)
    target = tmp / (Path(path).stem + ".jsonl")
    write_labelled(read_documents(path, "docbin"), target)
    return str(target)


def train_pipeline(output: str | Path, *, ner_train: Sequence[str | Path],
                   ner_dev: Sequence[str | Path] = (),
                   topics_data: Sequence[str | Path] = (),
                   topics_dev: Sequence[str | Path] = (), name: str = "bkkbn_trained",
                   version: str = __version__, seed: int = DEFAULT_SEED, c1: float = 0.01,
                   c2: float = 0.05, max_iterations: int = 150, retokenize_conll: bool = True,
                   topics_C: float = 10.0, topics_max_features: int = 20000,
                   topics_threshold_cv: int = 5, licences: dict[Path, str] | None = None,
                   overwrite: bool = False, progress: bool = False,
                   command: str | None = None) -> dict[str, Any]:
    """Train the CRF entity tagger (and the topic tagger, when ``topics_data`` is given) and
    save a complete pipeline directory: the default pipeline's tokenizer, sentence rules,
    gazetteer rules and quote attribution with the trained models.

    Writes ``OUTPUT/`` (load it with :func:`bkkbn_nlp.load`), ``OUTPUT/metrics.json``
    (``dev``: the scores of :func:`bkkbn_nlp.evaluation.evaluate` on every dev file, the
    numbers ``bkkbn-nlp evaluate`` prints; ``ner_tagger`` and ``topics_tagger``: the
    component scores of :func:`train_ner` and :func:`train_topics`) and
    ``OUTPUT/meta.json`` (spaCy's meta with ``sources``: every data set with its SHA-256
    and licence; ``training``: seed, parameters, versions; ``performance``).

    Raises:
        FileExistsError: ``output`` is not empty and ``overwrite`` is false (E042).
        LabelledDataError: A malformed data file.
    """
    from ..entities.crf import MODEL_FILE
    from ..evaluation.scoring import evaluate
    from ..pipeline import build_default_pipeline, save

    out_dir = Path(output)
    _check_output(out_dir, overwrite)
    _seed_everything(seed)
    stages = _progress(total=4 if topics_data else 3, desc="pipeline", unit="step",
                       disable=not progress)
    with tempfile.TemporaryDirectory(prefix="bkkbn-train-") as tmp_name:
        tmp = Path(tmp_name)
        stages.set_postfix_str("training the entity tagger")
        ner_metrics = train_ner(ner_train, tmp / "ner", dev=ner_dev, c1=c1, c2=c2,
                                max_iterations=max_iterations,
                                retokenize_conll=retokenize_conll, licences=licences,
                                progress=progress)
        stages.update()
        topics_metrics = None
        if topics_data:
            stages.set_postfix_str("training the topic tagger")
            topics_metrics = train_topics(topics_data, tmp / "topics", dev=topics_dev,
                                          seed=seed, C=topics_C,
                                          max_features=topics_max_features,
                                          threshold_cv=topics_threshold_cv,
                                          licences=licences)
            stages.update()
        stages.set_postfix_str("building the pipeline")
        data = [*ner_metrics["sources"], *(topics_metrics["sources"] if topics_metrics else [])]
        nlp = build_default_pipeline(
            sources=[_meta_source(d) for d in data], crf_model=tmp / "ner" / MODEL_FILE,
            topics_model=tmp / "topics" if topics_data else None)
        stages.update()
        stages.set_postfix_str("evaluating on the dev data")
        # a DocBin dev file is scored through a labelled copy, reported under its own name
        given = {_labelled_dev_file(p, tmp): str(p) for p in [*ner_dev, *topics_dev]}
        dev_files = list(given)
        scored = evaluate(nlp, conll=[p for p in dev_files if guess_format(p) == "conll"],
                          labelled=[p for p in dev_files if guess_format(p) != "conll"])
        dev_scores = {given[k]: {**scored[k], "source": given[k]} if "source" in scored[k]
                      else scored[k] for k in dev_files}  # in the order given
        stages.update()
        metrics: dict[str, Any] = {
            "dev": dev_scores,
            "ner_tagger": {"dev": ner_metrics["dev"], "dev_tokens": ner_metrics["dev_tokens"],
                           "train_sentences": ner_metrics["train_sentences"],
                           "train_seconds": ner_metrics["train_seconds"]},
            "topics_tagger": None if topics_metrics is None else {
                "dev": topics_metrics["dev"], "out_of_fold_f1": topics_metrics["out_of_fold_f1"],
                "train_documents": topics_metrics["train_documents"],
                "label_counts": topics_metrics["label_counts"]},
        }
        performance: dict[str, Any] = {}
        ner_scores = [r for r in dev_scores.values()
                      if r.get("micro", {}).get("tp", 0) + r.get("micro", {}).get("fn", 0)]
        if ner_scores:
            first = ner_scores[0]["micro"]
            performance.update({"ents_p": first["precision"], "ents_r": first["recall"],
                                "ents_f": first["f1"]})
        topic_scores = [r["topics"] for r in dev_scores.values()
                        if isinstance(r.get("topics"), dict) and "micro" in r["topics"]]
        if topic_scores:
            performance.update({"topics_micro_f": topic_scores[0]["micro"]["f1"],
                                "topics_macro_f": topic_scores[0]["macro_f1"]})
        nlp.meta.update({
            "name": name,
            "version": version,
            "performance": performance,
            "training": {
                "seed": seed,
                "command": command,
                "ner": {**ner_metrics["params"], "tokens": ner_metrics["tokens"]},
                "topics": None if topics_metrics is None else topics_metrics["params"],
                "data": data,
                "versions": _versions(),
            },
        })
        out_dir.mkdir(parents=True, exist_ok=True)
        save(nlp, out_dir)
    stages.close()
    (out_dir / "metrics.json").write_text(json.dumps(metrics, indent=2, ensure_ascii=False),
                                          encoding="utf-8")
    return metrics
