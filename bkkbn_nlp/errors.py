"""Error and warning catalogue of bkkbn_nlp.

Every message has a code (``E0xx`` for errors, ``W0xx`` for warnings) so users can search
for it and filter warnings. Library-specific failures derive from :class:`BkkbnError`::

    BkkbnError
    ├── ModelNotFoundError      (also a FileNotFoundError / OSError)
    ├── PipelineError           (also a ValueError): a pipeline that cannot run as configured
    └── LabelledDataError       (also a ValueError): a malformed labelled document

Non-text input raises the built-in :class:`TypeError` with code E001.
"""

from __future__ import annotations

import warnings
from typing import Any


class ErrorsWithCodes(type):
    """Metaclass that prefixes each message with its code: ``[E001] ...``."""

    def __getattribute__(cls, code: str) -> Any:
        msg = super().__getattribute__(code)
        if code.startswith("__"):
            return msg
        return f"[{code}] {msg}"


class Warnings(metaclass=ErrorsWithCodes):
    W001 = (
        "The text has {count} unbalanced quotation mark(s) of kind {mark!r}; quote-aware "
        "sentence rules treat the unmatched mark as plain punctuation."
    )
    W002 = (
        "The text is {length:,} characters long; it is processed in {chunks} chunks split at "
        "paragraph boundaries."
    )
    W003 = (
        "Listening on {host}, not on this machine only: anyone who can reach it on port "
        "{port} can read the store. The default --host 127.0.0.1 keeps it local."
    )


class Errors(metaclass=ErrorsWithCodes):
    E001 = (
        "Expected text of type str, got {type}. {hint}"
    )
    E002 = (
        "No pipeline found at '{path}'. Pass the path of a directory written by "
        "`nlp.to_disk()` or `bkkbn-nlp train`, or call `bkkbn_nlp.load()` with no argument "
        "for the bundled default pipeline."
    )
    E003 = (
        "The bundled default pipeline '{name}' is missing (looked in: {places}). Reinstall "
        "the package, or rebuild it with `python scripts/build_default_pipeline.py`."
    )
    E004 = (
        "The pipeline is inconsistent: {problems}. Each component must come after the "
        "components that provide what it requires."
    )
    E005 = "Could not decode {source} as UTF-8 ({reason}). Convert the file to UTF-8 first."
    E006 = "{source}, line {line}: {problem}"
    E007 = (
        "Unknown entity label {label!r}; valid labels are {valid}."
    )
    E008 = "batch_size must be a positive integer, got {value!r}."
    E009 = "n_process must be a positive integer or -1, got {value!r}."
    # E020-E029: streaming records, resume and the Dask extra
    E020 = "invalid JSON ({problem})"
    E021 = "expected an object with a string 'text' field, got {got}"
    E022 = "the analysis failed: {type}: {message}"
    E023 = "the line is not valid UTF-8 (invalid byte at position {position})"
    E024 = (
        "Cannot resume from {path}: line {line} is not a result line of `bkkbn-nlp analyze` "
        "({problem}). Only the last line may be incomplete (a killed run); fix or remove the file."
    )
    E025 = (
        "The Dask extra is not installed ({missing}). Install it with "
        "`pip install 'bkkbn_nlp[dask]'`."
    )
    E026 = "{where}: cannot load the pipeline: {problem}"
    E027 = "{where}: not valid UTF-8 ({problem}); convert the file to UTF-8 first"
    E028 = "{path}: cannot write ({reason})"
    E029 = "interrupted"
    E010 = (
        "Span {start}-{end} is outside the text of length {length}."
    )
    E011 = "Unknown topic label {label!r}; valid labels are {valid}."
    E070 = (
        "score_quotes needs one list of predicted quotes per gold document: got {gold} gold "
        "and {pred} predicted documents."
    )
    E071 = "Document {doc}: a {what} is malformed ({problem}); quotes need type, start, end."
    # E050-E059: evaluation and export
    E050 = (
        "Document {index} is a {type}; evaluate_labelled expects LabelledDocument objects or "
        "dicts in the labelled-document format (see docs/labelled-format.md)."
    )
    E051 = (
        "the pipeline has no component that predicts {layer} (components: {pipes}); load a "
        "pipeline that has one to score this layer"
    )
    E052 = "Unknown export format {fmt!r}; valid formats are {valid}."
    E053 = (
        "Cannot export a {type}; pass an Analysis (from bkkbn_nlp.analyze) or a dict in its "
        "JSON shape (Analysis.to_dict(), one line of `bkkbn-nlp analyze` output)."
    )
    E054 = "The analysis to export has no string 'text' field (got {type})."
    # E030-E049: converters (bkkbn_nlp.io.convert) and training (bkkbn_nlp.training)
    E030 = "Unknown format {format!r} for {what}; valid formats are {valid}."
    E031 = "{source}, line {line}: invalid JSON ({reason})."
    E032 = (
        "{source}, line {line}: no text: a doccano record needs a string under 'text' or "
        "'data'."
    )
    E033 = "{source}, {where}: {what} {start}-{end} is outside the text of length {length}."
    E034 = "{source}, {where}: {what} is malformed: {problem}."
    E035 = (
        "{source}, {where}: {what} has the unknown entity label {label!r}; valid labels are "
        "PER, ORG, LOC (also accepted and mapped: {aliases})."
    )
    E036 = "{source}, {where}: unknown topic label {label!r}; valid labels are {valid}."
    E037 = (
        "{source}, {where}: {what} {text!r} ({start}-{end}) does not start and end on token "
        "boundaries of the tokenizer; fix the offsets or convert with --alignment expand."
    )
    E038 = (
        "{source}, {where}: entities {first!r} and {second!r} overlap; a spaCy Doc cannot "
        "hold overlapping entities."
    )
    E039 = "{source}: not a spaCy DocBin file ({reason})."
    E040 = "{source}: {what} is empty: {hint}"
    E041 = (
        "Cannot train topics: {reason}. The data needs at least two documents with a "
        "'topics' layer, and a label that some documents have and others lack."
    )
    E042 = (
        "The output directory '{path}' exists and is not empty; choose a new directory or "
        "pass --overwrite."
    )
    E043 = "{what} must look like PATH=LICENCE, got {value!r}."
    E060 = (
        "No topic model in '{path}': it needs topic_tagger.json and topic_tagger.npz (written "
        "by TopicTagger.save or scripts/train_topics.py)."
    )
    E061 = (
        "{path} is a topic model of format {found!r}; this version reads format {expected}. "
        "Retrain it with scripts/train_topics.py or `bkkbn-nlp train topics`."
    )
    E062 = "The topic model is malformed: {problem}."
    E063 = "Cannot load the topic component from '{path}': {reason}"
    E064 = "sample_weight must hold {n} finite, non-negative numbers (one per text)."
    E090 = "{path}: not a CRF word-feature table ({problem})."
    E091 = "Unknown rule name(s) {names} for {component}; its rules are: {known}."
    E092 = "Rule table {table}.tsv is malformed: {problem}."
    E093 = (
        "{path}: {problem}. The model directory is damaged or was changed after it was "
        "saved (checksums.json); copy it again, or save or train the model again."
    )
    E094 = "{path}: not a valid CRFsuite model file: {problem}."
    E095 = "{path}: not a valid topic weights file: {problem}."
    # E100-E109: the article store (bkkbn_nlp.store, bkkbn-nlp index / query)
    E100 = (
        "{path}: not a bkkbn_nlp store ({problem}). Make one with `bkkbn-nlp index "
        "CORPUS.jsonl --db {path}` or `bkkbn_nlp.store.Store(path)`."
    )
    E101 = (
        "{path}: a store of schema version {found}; this version of bkkbn_nlp reads version "
        "{expected}. Index the corpus again into a new store."
    )
    E102 = (
        "Parquet export needs pyarrow, which is not installed. Install the extra with "
        "`pip install 'bkkbn_nlp[parquet]'`."
    )
    E103 = "Unknown {what} {value!r}; valid values are {valid}."
    E104 = "{what} must be a date written YYYY, YYYY-MM or YYYY-MM-DD, got {value!r}."
    E105 = "{what} must be a positive integer, got {value!r}."
    # E110-E119: the browser view (bkkbn_nlp.web, bkkbn-nlp serve)
    E110 = (
        "`bkkbn-nlp serve` needs the serve extra ({missing} not installed). Install it with "
        "`pip install 'bkkbn_nlp[serve]'`."
    )
    E111 = "Cannot listen on {host} port {port}: {problem}. Choose another --port or --host."
    # E120-E129: syntax (bkkbn_nlp.syntax, the bkkbn_syntax component)
    E120 = (
        "The {backend} syntax backend needs the {extra} extra ({detail}). Install it with "
        "`pip install 'bkkbn_nlp[{extra}]'`; without it the pipeline runs with no syntax."
    )
    E121 = (
        "{path}: no stanza model here (expected pos.pt, lemma.pt or parser.pt, from "
        "`bkkbn-nlp train syntax`, or stanza's pos/, lemma/, depparse/ folders)."
    )
    E122 = "Cannot load the stanza models in {path}: {detail}"
    E123 = "Unknown syntax backend {value!r}; choose one of {valid}."
    E124 = (
        "The bundled {backend} syntax models are not in this installation ({path}). Train "
        "them with `bkkbn-nlp train syntax --backend {backend}`, or pass model_dir=."
    )


class BkkbnError(Exception):
    """Base class of all bkkbn_nlp-specific errors."""


class ModelNotFoundError(BkkbnError, FileNotFoundError):
    """A pipeline directory does not exist or is incomplete."""


class PipelineError(BkkbnError, ValueError):
    """A pipeline is configured in a way that cannot run."""


class SyntaxBackendError(BkkbnError, ImportError):
    """A syntax backend cannot run: its extra is not installed or its models do not load."""


class LabelledDataError(BkkbnError, ValueError):
    """A labelled document is malformed (misaligned span, unknown label, bad offsets)."""


def warn(message: str, stacklevel: int = 3) -> None:
    """Emit a bkkbn_nlp warning (a :class:`UserWarning` whose text starts with its code)."""
    warnings.warn(message, UserWarning, stacklevel=stacklevel)


def check_text(value: object, name: str = "text") -> str:
    """Return ``value`` if it is a ``str``; otherwise raise a helpful ``TypeError``.

    Args:
        value: The object the caller passed as text.
        name: The argument name, for the message.

    Raises:
        TypeError: ``value`` is not a ``str`` (code E001). Bytes get a hint to decode them.
    """
    if isinstance(value, str):
        return value
    if isinstance(value, (bytes, bytearray, memoryview)):
        hint = f"Decode {name} first, e.g. `data.decode('utf-8')`."
    elif value is None:
        hint = f"{name} is None; pass an empty string for an empty document."
    else:
        hint = f"Pass {name} as a str."
    raise TypeError(Errors.E001.format(type=type(value).__name__, hint=hint))
