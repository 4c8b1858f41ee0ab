"""Component registration, the default pipeline, and :func:`load`.

This module only registers the spaCy factories and builds or loads pipelines. All spaCy
registrations of bkkbn_nlp happen here (and in :mod:`bkkbn_nlp.text.tokenizer` for the
tokenizer), so importing it is enough for ``spacy.load`` to find them; the package also
publishes them through the ``spacy_factories`` and ``spacy_tokenizers`` entry points. The
Doc and Span extensions are declared in :mod:`bkkbn_nlp.extensions`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language

from .about import DEFAULT_PIPELINE, __version__
from .checksums import verify_checksums, write_checksums
from .entities.crf import CrfNer
from .entities.rules import EntityRules
from .errors import Errors, ModelNotFoundError, PipelineError
from .extensions import register_extensions
from .lang.rules import check_rule_names
from .quotes.component import QuoteAttributor
from .syntax.component import ASSIGNS as _SYNTAX_ASSIGNS
from .syntax.component import BACKENDS as SYNTAX_BACKENDS
from .syntax.component import DEFAULT_CONFIG as _SYNTAX_CONFIG
from .syntax.component import SyntaxComponent
from .text import tokenizer as _tokenizer  # also registers bkkbn.Tokenizer.v1
from .text.sentences import SentenceSegmenter
from .text.tokenizer import TOKENIZER_CONFIG

__all__ = ["load", "build_default_pipeline", "default_pipeline_path", "make_sentencizer",
           "TOKENIZER_CONFIG"]

register_extensions()


@Language.factory(
    "bkkbn_sentencizer",
    assigns=["token.is_sent_start", "doc.sents"],
    default_config={"overwrite": False},
)
def make_sentencizer(nlp: Language, name: str, overwrite: bool) -> SentenceSegmenter:
    """Factory of the rule-based news sentence segmenter (see :mod:`bkkbn_nlp.text.sentences`)."""
    return SentenceSegmenter(nlp, name, overwrite=overwrite)


@Language.factory(
    "bkkbn_entity_rules",
    assigns=["doc.ents", "span._.normalized", "span._.role", "span._.organization",
             "doc._.people"],
    default_config={"overwrite": False, "disable_rules": []},
)
def make_entity_rules(nlp: Language, name: str, overwrite: bool,
                      disable_rules: list[str]) -> EntityRules:
    """Factory of the gazetteer and rule layer over the NER (see
    :mod:`bkkbn_nlp.entities.rules`); ``disable_rules`` names rules of
    ``lang/data/rules/entities.tsv`` to switch off."""
    return EntityRules(nlp, name, overwrite=overwrite, disable_rules=disable_rules)


@Language.factory("bkkbn_crf_ner", assigns=["doc.ents"], default_config={})
def make_crf_ner(nlp: Language, name: str) -> CrfNer:
    """Factory of the CRF entity tagger (see :mod:`bkkbn_nlp.entities.crf`); its model file is
    loaded by ``from_disk`` with the rest of the pipeline."""
    return CrfNer(nlp, name)


@Language.factory(
    "bkkbn_quotes",
    assigns=["doc._.quotes"],
    requires=["doc.sents"],
    default_config={"overwrite": False, "disable_rules": []},
)
def make_quotes(nlp: Language, name: str, overwrite: bool,
                disable_rules: list[str]) -> QuoteAttributor:
    """Factory of the rule-based quote attribution (see :mod:`bkkbn_nlp.quotes`);
    ``disable_rules`` names rules of ``lang/data/rules/quotes.tsv`` to switch off."""
    return QuoteAttributor(nlp, name, overwrite=overwrite, disable_rules=disable_rules)


@Language.factory("bkkbn_syntax", assigns=_SYNTAX_ASSIGNS, requires=["doc.sents"],
                  default_config=_SYNTAX_CONFIG)
def make_syntax(nlp: Language, name: str, backend: str, model_dir: str | None,
                batch_size: int) -> SyntaxComponent:
    """The syntax component (docs/syntax.md): stanza on the pipeline's tokens."""
    return SyntaxComponent(nlp, name, backend=backend, model_dir=model_dir,
                           batch_size=batch_size)


@Language.factory("bkkbn_topics", assigns=["doc._.topics"], default_config={"model_path": None})
def make_topics(nlp: Language, name: str, model_path: str | None) -> Any:
    """Factory of the topic tagger component (see :mod:`bkkbn_nlp.topics`); its model files
    are found by ``from_disk`` with the rest of the pipeline and read on the first document.
    Inference needs only numpy: scikit-learn is never imported by a pipeline."""
    from .topics.component import TopicComponent

    return TopicComponent(nlp, name, model_path=model_path)


TRAINING_SOURCES: list[dict[str, str]] = []


def build_default_pipeline(ner_model: str | Path | None = None,
                           sources: list[dict[str, str]] | None = None, *,
                           crf_model: str | Path | None = None,
                           topics_model: str | Path | None = None) -> Language:
    """Build the default pipeline from the package's language data.

    Args:
        ner_model: A trained NER pipeline directory (``scripts/train_ner.py``); its
            ``tok2vec`` and ``ner`` (and vectors) become part of the pipeline, followed by
            the gazetteer rules. ``None``: rules only (tokenizer, sentences, gazetteers).
        sources: The data sets (name, licence) the NER was trained from, for ``meta.json``.
        crf_model: A CRFsuite model file (``scripts/train_crf_ner.py``) for the
            ``bkkbn_crf_ner`` tagger, used instead of ``ner_model``.
        topics_model: A topic model directory (``topic_tagger.json`` + ``topic_tagger.npz``,
            from ``scripts/train_topics.py`` or the ``bkkbn_topics`` folder of a saved
            pipeline) for the ``bkkbn_topics`` component, which then runs last. Its data
            sources (``sources`` in the model's JSON) are added to ``meta.json``.
    """
    if ner_model is not None:
        nlp = spacy.load(ner_model)
        if nlp.config["nlp"]["tokenizer"].get("@tokenizers") != "bkkbn.Tokenizer.v1":
            raise PipelineError(Errors.E004.format(
                problems=f"{ner_model} was not trained with the bkkbn.Tokenizer.v1 tokenizer"))
        nlp.add_pipe("bkkbn_sentencizer", first=True)
        description = ("bkkbn_nlp default pipeline: news tokenizer, sentence rules, "
                       "statistical NER with gazetteer rules, quote attribution.")
    else:
        nlp = spacy.blank("id", config=TOKENIZER_CONFIG)
        nlp.add_pipe("bkkbn_sentencizer")
        description = ("bkkbn_nlp default pipeline: news tokenizer, sentence rules, gazetteer "
                       "rules, quote attribution.")
        if crf_model is not None:
            crf = nlp.add_pipe("bkkbn_crf_ner")
            assert isinstance(crf, CrfNer)
            crf.load_model(crf_model)
            description = ("bkkbn_nlp default pipeline: news tokenizer, sentence rules, CRF "
                           "entity tagger with gazetteer rules, quote attribution.")
    nlp.add_pipe("bkkbn_entity_rules")
    nlp.add_pipe("bkkbn_quotes")
    all_sources = list(sources or TRAINING_SOURCES)
    if topics_model is not None:
        from .topics.component import TopicComponent
        from .topics.model import TopicModel

        topics = nlp.add_pipe("bkkbn_topics")
        assert isinstance(topics, TopicComponent)
        # read now: the source may be replaced
        topic_model = topics.topic_model = TopicModel.load(topics_model)
        all_sources += [s for s in topic_model.meta.get("sources", []) if s not in all_sources]
        description = description.rstrip(".") + ", topic tagger."
    nlp.meta.update(
        {
            "name": "bkkbn_default",
            "version": __version__,
            "description": description,
            "author": "bkkbn_nlp developers",
            "license": "MIT",
            "sources": all_sources,
            "requirements": [f"bkkbn_nlp>={__version__}"],
            "spacy_version": ">=3.8.0,<3.9.0",
        }
    )
    check_pipeline(nlp)
    return nlp


def check_pipeline(nlp: Language) -> None:
    """Raise :class:`PipelineError` when a component lacks what it requires.

    spaCy only records each component's ``requires`` and ``assigns``; this enforces them.
    """
    analysis = nlp.analyze_pipes(pretty=False)
    problems = analysis["problems"] if analysis else {}
    bad = {name: missing for name, missing in problems.items() if missing}
    if bad:
        desc = "; ".join(f"{name} requires {', '.join(m)}" for name, m in bad.items())
        raise PipelineError(Errors.E004.format(problems=desc))


def default_pipeline_path() -> Path:
    """Where the bundled default pipeline lives.

    In a wheel, ``models/`` is installed inside the package (``bkkbn_nlp/models``); in a
    source checkout or an editable install it is the ``models/`` folder at the repo root.
    """
    here = Path(__file__).resolve().parent
    places = [here / "models" / DEFAULT_PIPELINE, here.parent / "models" / DEFAULT_PIPELINE]
    for place in places:
        if (place / "config.cfg").is_file():
            return place
    raise ModelNotFoundError(
        Errors.E003.format(name=DEFAULT_PIPELINE, places=", ".join(str(p) for p in places))
    )


#: The rule names of each factory with named rules (its rule table).
RULE_FACTORIES: dict[str, Callable[[], tuple[str, ...]]] = {
    "bkkbn_entity_rules": EntityRules.rule_names,
    "bkkbn_quotes": QuoteAttributor.rule_names,
}


def _rule_overrides(target: Path, names: Sequence[str]) -> dict[str, list[str]]:
    """Config overrides that switch off the rules ``names`` in every component of the
    pipeline at ``target`` that has a rule of that name."""
    components = spacy.util.load_config(target / "config.cfg", interpolate=False)["components"]
    overrides: dict[str, list[str]] = {}
    known: set[str] = set()
    for component, section in components.items():
        rules = RULE_FACTORIES.get(section.get("factory", ""))
        if rules is None:
            continue
        known.update(rules())
        mine = [name for name in names if name in rules()]
        if mine:
            overrides[f"components.{component}.disable_rules"] = mine
    check_rule_names(f"the pipeline at {target}", known, names)
    return overrides


#: The files spaCy itself writes for a pipeline (the components list their own), whose size and
#: SHA-256 :func:`save` records in the pipeline directory's ``checksums.json``. ``meta.json``
#: is left out: it is descriptive, and editing it (a version, a description) is fine.
PIPELINE_FILES = ("config.cfg", "tokenizer", "vocab/strings.json", "vocab/key2row",
                  "vocab/lookups.bin", "vocab/vectors", "vocab/vectors.cfg")


def save(nlp: Language, path: str | Path) -> Path:
    """Save a pipeline with ``nlp.to_disk(path)`` and record the checksums of its files.

    Every component of this package already writes ``checksums.json`` beside its model
    files; this adds one for the files spaCy writes (config, tokenizer, vocab), which
    :func:`load` checks, so a damaged or changed copy is a coded error (E093), not a
    pipeline that loads and then behaves differently.

    Returns:
        The pipeline directory.
    """
    target = Path(path)
    nlp.to_disk(target)
    write_checksums(target, PIPELINE_FILES)
    return target


def load(path: str | Path | None = None, *, disable_rules: Sequence[str] = (),
         syntax: str | None = None, syntax_model: str | Path | None = None,
         **kwargs: Any) -> Language:
    """Load a bkkbn_nlp pipeline: the bundled default one, or one saved at ``path``.

    Nothing is downloaded. The returned object is a ``spacy.Language``; call it on text to
    get a ``Doc`` with tokens, sentences, ``ents``, ``doc._.quotes`` and ``doc._.topics``.

    Args:
        path: A pipeline directory (from ``nlp.to_disk`` or ``bkkbn-nlp train``). ``None``
            loads the bundled default pipeline.
        disable_rules: Names of entity or quote rules to switch off (the rule tables in
            ``lang/data/rules/``; see docs/design.md), in every component that has them.
        syntax: ``"stanza"`` adds the ``bkkbn_syntax`` component after the sentencizer
            (POS, lemmas, morphology, dependencies; needs ``pip install 'bkkbn_nlp[stanza]'``),
            unless the pipeline already has one. ``None``: the pipeline as saved.
        syntax_model: A stanza model directory for ``syntax`` (default: the bundled models).
        **kwargs: Passed to ``spacy.load`` (for example ``disable=[...]``, ``exclude=[...]``).

    Raises:
        ModelNotFoundError: ``path`` is not a pipeline directory.
        PipelineError: The pipeline's components do not fit together, or a file listed in
            its ``checksums.json`` is missing or changed (E093).
        ValueError: A name in ``disable_rules`` is no rule of the pipeline (E091), or
            ``syntax`` names no backend (E123).
        SyntaxBackendError: ``syntax`` was asked for without its extra installed (E120).
    """
    if syntax is not None:
        _check_syntax(syntax, syntax_model)
    target = default_pipeline_path() if path is None else Path(path)
    if not (target / "config.cfg").is_file():
        raise ModelNotFoundError(Errors.E002.format(path=target))
    verify_checksums(target)  # only when saved by save(): older directories have none
    if disable_rules:
        names = [disable_rules] if isinstance(disable_rules, str) else list(disable_rules)
        kwargs["config"] = {**(kwargs.get("config") or {}), **_rule_overrides(target, names)}
    with _tokenizer.rules_from_disk():
        nlp = spacy.load(target, **kwargs)
    if isinstance(nlp.tokenizer, _tokenizer.NewsTokenizer) and not nlp.tokenizer.rules:
        nlp.tokenizer.rules = _tokenizer.special_cases()  # saved without tokenizer data
    if syntax is not None and "bkkbn_syntax" not in nlp.pipe_names:
        after = "bkkbn_sentencizer" if "bkkbn_sentencizer" in nlp.pipe_names else None
        nlp.add_pipe("bkkbn_syntax", after=after, config={
            "backend": syntax, "model_dir": None if syntax_model is None else str(syntax_model)})
    check_pipeline(nlp)
    return nlp


def _check_syntax(syntax: str, syntax_model: str | Path | None) -> None:
    """Fail before loading anything when the syntax backend cannot run."""
    from .syntax.component import bundled_model_dir
    from .syntax.stanza_backend import model_paths, require_stanza

    if syntax not in SYNTAX_BACKENDS:
        raise ValueError(Errors.E123.format(value=syntax, valid=", ".join(SYNTAX_BACKENDS)))
    require_stanza()
    model_paths(bundled_model_dir(syntax) if syntax_model is None else syntax_model)


_lock = threading.Lock()


@lru_cache(maxsize=1)
def _cached_default() -> Language:
    return load()


def default_nlp() -> Language:
    """The default pipeline, loaded once per process (thread-safe)."""
    with _lock:
        return _cached_default()
