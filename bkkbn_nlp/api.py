"""``analyze``, ``analyze_many`` and ``analyze_records``: clean articles, run the pipeline,
collect the results.

``analyze_many`` is the strict stream (a bad item raises); ``analyze_records`` is the
fault-tolerant one for corpus runs: it takes ``(id, text)`` pairs and yields ``(id, result)``
pairs where a record that cannot be analysed becomes a :class:`RecordError` and the stream
goes on. Both keep input order, read their input lazily and hold at most a few batches in
memory, with one process or several.
"""

from __future__ import annotations

import json
import os
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import TYPE_CHECKING, Any, TypeVar

from .errors import Errors, check_text
from .io.schema import ENTITY_LABELS, Analysis, EntitySpan, SentenceSpan, TokenSpan
from .text.clean import Article, clean

if TYPE_CHECKING:
    from concurrent.futures import Future

    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = [
    "analyze",
    "analyze_many",
    "analyze_records",
    "RecordError",
    "parse_jsonl_line",
    "result_record",
    "CHUNK_CHARS",
]

K = TypeVar("K")

#: Texts longer than this are processed in chunks split at paragraph boundaries, so that
#: spaCy's ``max_length`` is never hit and memory stays bounded.
CHUNK_CHARS = 100_000


@dataclass(frozen=True)
class RecordError:
    """Why one record of a stream could not be analysed.

    Attributes:
        code: The catalogue code (``E001``, ``E020``-``E023``; see ``bkkbn_nlp.errors``).
        message: A one-line explanation, without the ``[Exxx]`` prefix.
    """

    code: str
    message: str

    @classmethod
    def from_catalogue(cls, code: str, **fields: Any) -> RecordError:
        """The error ``code`` of :class:`~bkkbn_nlp.errors.Errors` with its fields filled."""
        text = getattr(Errors, code).format(**fields)
        return cls(code, text.removeprefix(f"[{code}] "))

    def to_dict(self) -> dict[str, str]:
        """``{"code": ..., "message": ...}``, the ``error`` field of an error line."""
        return {"code": self.code, "message": self.message}


def result_record(record_id: Any, result: Analysis | RecordError) -> dict[str, Any]:
    """One output line of a corpus run as a dict: ``{"id": ..., **analysis}`` for a result,
    ``{"id": ..., "error": {"code": ..., "message": ...}}`` for a failed record."""
    if isinstance(result, RecordError):
        return {"id": record_id, "error": result.to_dict()}
    return {"id": record_id, **result.to_dict()}


def _describe(value: object) -> str:
    return "null" if value is None else f"a {type(value).__name__}"


def parse_jsonl_line(line: str | bytes, default_id: Any) -> tuple[Any, str | RecordError]:
    """Read one line of a JSONL input: an object with a string ``text`` and optional ``id``.

    Never raises for bad data: a line that is not UTF-8 (E023), not JSON (E020) or not an
    object with a string ``text`` (E021) gives a :class:`RecordError` in place of the text.

    Args:
        line: The line, with or without its line break (a leading BOM is ignored).
        default_id: The id when the line has none (or cannot be parsed), e.g. ``"file:12"``.

    Returns:
        ``(id, text)`` or ``(id, RecordError)``; pass the pairs to :func:`analyze_records`.
    """
    if isinstance(line, bytes):
        try:
            line = line.decode("utf-8")
        except UnicodeDecodeError as exc:
            return default_id, RecordError.from_catalogue("E023", position=exc.start)
    line = line.removeprefix("\ufeff")
    try:
        record = json.loads(line)
    except (ValueError, RecursionError) as exc:
        problem = str(exc) if isinstance(exc, ValueError) else "nested too deeply"
        return default_id, RecordError.from_catalogue("E020", problem=problem)
    if not isinstance(record, dict):
        return default_id, RecordError.from_catalogue("E021", got=_describe(record))
    record_id = record.get("id", default_id)
    text = record.get("text")
    if not isinstance(text, str):
        got = "no 'text' field" if "text" not in record else f"'text' is {_describe(text)}"
        return record_id, RecordError.from_catalogue("E021", got=got)
    return record_id, text


def _chunks(text: str, limit: int = CHUNK_CHARS) -> list[tuple[int, int]]:
    """Split ``[0, len(text))`` into pieces of at most ``limit`` characters, preferring
    paragraph breaks, then sentence ends, then spaces."""
    if len(text) <= limit:
        return [(0, len(text))]
    pieces = []
    start = 0
    n = len(text)
    while start < n:
        end = min(start + limit, n)
        if end < n:
            cut = -1
            for sep in ("\n", ". ", " "):
                cut = text.rfind(sep, start + limit // 2, end)
                if cut != -1:
                    end = cut + len(sep)
                    break
        pieces.append((start, end))
        start = end
    return pieces


def _syntax_columns(doc: Doc, base: int) -> dict[int, tuple[Any, ...]]:
    """``(pos, tag, lemma, morph, head, dep)`` by token index of ``doc`` for its non-space
    tokens; ``head`` is an index into the analysis's token list, which has ``base`` tokens
    before this doc's."""
    position: dict[int, int] = {}
    for t in doc:
        if not t.is_space:
            position[t.i] = base + len(position)
    parsed = doc.has_annotation("DEP")
    out: dict[int, tuple[Any, ...]] = {}
    for t in doc:
        if t.is_space:
            continue
        head = position.get(t.head.i, position[t.i]) if parsed else None
        morph = str(t.morph) or None
        out[t.i] = (t.pos_ or None, t.tag_ or None, t.lemma_ or None, morph, head,
                    (t.dep_ or None) if parsed else None)
    return out


def _collect(article: Article, docs: list[tuple[int, Doc]],
             thresholds: dict[str, float] | None = None) -> Analysis:
    sentences: list[SentenceSpan] = []
    tokens: list[TokenSpan] = []
    entities: list[EntitySpan] = []
    quotes: list[dict[str, Any]] = []
    topic_scores: dict[str, float] = {}
    for offset, doc in docs:
        # Read token offsets as arrays instead of creating a Token object per token.
        from spacy.attrs import IDX, IS_SPACE, LENGTH, SENT_START

        text = doc.text
        has_sents = doc.has_annotation("SENT_START")
        syntax = _syntax_columns(doc, len(tokens)) if doc.has_annotation("POS") else None
        columns = doc.to_array([IDX, LENGTH, IS_SPACE, SENT_START]).tolist() if len(doc) else []
        sent: list[int] | None = None  # [start, end] of the current sentence's words
        for i, (idx, length, is_space, sent_start) in enumerate(columns):
            if has_sents and sent_start == 1 and sent is not None:
                sentences.append(SentenceSpan(offset + sent[0], offset + sent[1]))
                sent = None
            if is_space:
                continue
            end = idx + length
            if syntax is not None:
                tokens.append(TokenSpan(text[idx:end], offset + idx, offset + end, *syntax[i]))
            else:
                tokens.append(TokenSpan(text[idx:end], offset + idx, offset + end))
            if sent is None:
                sent = [idx, end]
            else:
                sent[1] = end
        if has_sents and sent is not None:
            sentences.append(SentenceSpan(offset + sent[0], offset + sent[1]))
        for ent in doc.ents:
            if ent.label_ in ENTITY_LABELS:
                entities.append(
                    EntitySpan(ent.text, ent.label_, offset + ent.start_char, offset + ent.end_char,
                               ent._.normalized, ent.kb_id_ or None,
                               ent._.role if ent.label_ == "PER" else None,
                               ent._.organization if ent.label_ == "PER" else None)
                )
        for q in doc._.quotes:
            quotes.append(_shift(q, offset))
        for label, score in doc._.topics.items():
            topic_scores[label] = max(score, topic_scores.get(label, 0.0))
    topics: tuple[tuple[str, float], ...] = ()
    if topic_scores:
        from .topics.model import top_labels

        # the labels above their thresholds (at least the best one), best first
        topics = tuple(top_labels(topic_scores, thresholds or {}))
    return Analysis(
        text=article.text,
        dateline=article.dateline,
        removed=article.removed,
        sentences=tuple(sentences),
        tokens=tuple(tokens),
        entities=tuple(entities),
        quotes=tuple(quotes),
        topics=topics,
    )


def _shift(record: Any, offset: int) -> Any:
    """A copy of a quote record (dict or object with ``to_dict``) with offsets shifted."""
    if hasattr(record, "to_dict"):
        record = record.to_dict()
    if not offset or not isinstance(record, dict):
        return record
    out: dict[str, Any] = {}
    for key, value in record.items():
        if key in ("start", "end") and isinstance(value, int):
            out[key] = value + offset
        elif isinstance(value, dict):
            out[key] = _shift(value, offset)
        elif isinstance(value, list):  # e.g. the other parts of a quote split around its cue
            out[key] = [_shift(v, offset) for v in value]
        else:
            out[key] = value
    return out


def _pipeline(nlp: Language | None) -> Language:
    if nlp is not None:
        return nlp
    from .pipeline import default_nlp

    return default_nlp()


def _thresholds(pipeline: Language) -> dict[str, float]:
    if "bkkbn_topics" in pipeline.pipe_names:
        return dict(getattr(pipeline.get_pipe("bkkbn_topics"), "thresholds", {}))
    return {}


def _failure(exc: BaseException) -> RecordError:
    message = " ".join(str(exc).split())[:500]
    return RecordError.from_catalogue("E022", type=type(exc).__name__, message=message)


class _Batch:
    """Analyses one batch of ``(key, text)`` records with one pipeline.

    The fast path pipes the chunks of all records of the batch through ``nlp.pipe``. When
    ``catch`` is true and anything fails, the batch is redone record by record so that only
    the records that fail become :class:`RecordError` results; otherwise the exception
    propagates.
    """

    def __init__(self, nlp: Language, batch_size: int, catch: bool) -> None:
        self.nlp = nlp
        self.thresholds = _thresholds(nlp)
        self.batch_size = batch_size
        self.catch = catch

    def _prepare(self, item: object) -> tuple[Article, list[tuple[int, int]]] | RecordError:
        if isinstance(item, RecordError):
            return item
        if not isinstance(item, str) and self.catch:
            try:
                check_text(item, "text")
            except TypeError as exc:
                return RecordError("E001", str(exc).removeprefix("[E001] "))
        article = clean(check_text(item, "text"))
        return article, _chunks(article.text)

    def _one(self, item: object) -> Analysis | RecordError:
        """One record on its own, every failure caught."""
        try:
            prepared = self._prepare(item)
            if isinstance(prepared, RecordError):
                return prepared
            article, pieces = prepared
            docs = [(s, self.nlp(article.text[s:e])) for s, e in pieces]
            return _collect(article, docs, self.thresholds)
        except Exception as exc:  # noqa: BLE001 - any failure becomes an error record
            return _failure(exc)

    def __call__(self, batch: list[tuple[K, object]]) -> list[tuple[K, Analysis | RecordError]]:
        try:
            return self._fast(batch)
        except Exception:
            if not self.catch:
                raise
        return [(key, self._one(item)) for key, item in batch]

    def _fast(self, batch: list[tuple[K, object]]) -> list[tuple[K, Analysis | RecordError]]:
        prepared = [self._prepare(item) for _, item in batch]
        texts = [article.text[s:e] for p in prepared if not isinstance(p, RecordError)
                 for article in [p[0]] for s, e in p[1]]
        docs = iter(self.nlp.pipe(texts, batch_size=self.batch_size))
        out: list[tuple[K, Analysis | RecordError]] = []
        for (key, _), p in zip(batch, prepared, strict=True):
            if isinstance(p, RecordError):
                out.append((key, p))
                continue
            article, pieces = p
            parts = [(s, next(docs)) for s, _ in pieces]
            out.append((key, _collect(article, parts, self.thresholds)))
        return out


# Worker-process state for n_process > 1: one pipeline per process, set by _init_worker.
# Records per unit of work sent to a worker (at most ``batch_size``).
_WORKER_UNIT = 8
_WORKER: dict[str, _Batch] = {}


def _exit_with_parent(parent: int) -> None:
    """Worker watchdog: end this process when the parent is gone (killed with SIGKILL, say),
    instead of waiting forever for work."""
    import time

    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)


def _init_worker(nlp: Language | None, batch_size: int, catch: bool, parent: int) -> None:
    import gc
    import signal
    import sys
    import threading

    # Ctrl-C reaches the whole process group: the parent stops the run and shuts the pool
    # down; a worker interrupted as well would only print a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()
    torch = sys.modules.get("torch")
    if torch is not None:
        # a forked child must not enter the OpenMP thread pool its parent started (the
        # syntax component's torch models): it would wait forever. One thread per worker.
        torch.set_num_threads(1)
    _WORKER["run"] = _Batch(_pipeline(nlp), batch_size, catch)
    # The pipeline lives as long as the worker: keep the garbage collector from scanning it
    # again and again (and, after a fork, from touching the pages shared with the parent).
    gc.freeze()


def _run_in_worker(batch: list[tuple[K, object]]) -> list[tuple[K, Analysis | RecordError]]:
    return _WORKER["run"](batch)


def _batches(records: Iterable[tuple[K, object]], size: int) -> Iterator[list[tuple[K, object]]]:
    iterator = iter(records)
    while batch := list(islice(iterator, size)):
        yield batch


def _check_arguments(n_process: int, batch_size: int) -> int:
    if not isinstance(batch_size, int) or isinstance(batch_size, bool) or batch_size < 1:
        raise ValueError(Errors.E008.format(value=batch_size))
    if (not isinstance(n_process, int) or isinstance(n_process, bool)
            or (n_process < 1 and n_process != -1)):
        raise ValueError(Errors.E009.format(value=n_process))
    return (os.cpu_count() or 1) if n_process == -1 else n_process


def _stream(records: Iterable[tuple[K, object]], nlp: Language | None, n_process: int,
            batch_size: int, catch: bool) -> Iterator[tuple[K, Analysis | RecordError]]:
    workers = _check_arguments(n_process, batch_size)
    if workers == 1:
        run = _Batch(_pipeline(nlp), batch_size, catch)
        for batch in _batches(records, batch_size):
            yield from run(batch)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # Each worker loads (or, with fork, inherits) the pipeline once. At most two batches per
    # worker are in flight, so memory stays bounded however long the input is, and results
    # are taken from the futures in submission order, so output order is input order.
    # Run the pipeline once here first, so that components which load data lazily have
    # done so before the workers are forked (they must not share half-read file handles).
    pipeline = _pipeline(nlp)
    pipeline("Satu.")
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context(),
                               initializer=_init_worker,
                               initargs=(pipeline, batch_size, catch, os.getpid()))
    # Workers get small units of work, so that at the end of the input no worker idles
    # while another finishes a long batch; ``2 * batch_size`` records at most are in flight
    # per worker either way.
    unit = max(1, min(batch_size, _WORKER_UNIT))
    in_flight = max(2, 2 * batch_size // unit)
    window: deque[Future[list[tuple[K, Analysis | RecordError]]]] = deque()
    try:
        for batch in _batches(records, unit):
            window.append(pool.submit(_run_in_worker, batch))
            if len(window) >= in_flight * workers:
                yield from window.popleft().result()
        while window:
            yield from window.popleft().result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def analyze(raw: str, *, nlp: Language | None = None) -> Analysis:
    """Clean an article and analyse it with the (cached) default pipeline.

    Args:
        raw: The article as scraped (plain text or HTML).
        nlp: A pipeline from :func:`bkkbn_nlp.load`; default: the bundled one.

    Returns:
        The :class:`~bkkbn_nlp.io.schema.Analysis`; ``.to_dict()`` / ``.to_json()`` give JSON.

    Raises:
        TypeError: ``raw`` is not a ``str`` (code E001).
    """
    return next(analyze_many([check_text(raw, "raw")], nlp=nlp))


def analyze_many(
    texts: Iterable[str],
    *,
    nlp: Language | None = None,
    n_process: int = 1,
    batch_size: int = 32,
) -> Iterator[Analysis]:
    """Analyse a stream of articles; results come in input order, one per text.

    The input is consumed lazily and at most a few batches are in memory at once, so
    arbitrarily long streams run in constant memory. The first bad item stops the stream
    with its exception; use :func:`analyze_records` to record failures and go on.

    Args:
        texts: Articles as strings.
        nlp: A pipeline; default: the bundled one.
        n_process: Worker processes (``-1``: one per CPU). Each worker holds its own
            pipeline; results still come in input order.
        batch_size: Texts per batch given to ``nlp.pipe``; with several processes, units
            of at most 8 of them are sent to the workers.

    Raises:
        TypeError: An item is not a ``str`` (code E001; raised when its batch is reached).
        ValueError: ``batch_size`` or ``n_process`` is invalid.
    """
    for _, result in _stream(enumerate(texts), nlp, n_process, batch_size, catch=False):
        assert isinstance(result, Analysis)  # catch=False: failures raise instead
        yield result


def analyze_records(
    records: Iterable[tuple[K, object]],
    *,
    nlp: Language | None = None,
    n_process: int = 1,
    batch_size: int = 32,
) -> Iterator[tuple[K, Analysis | RecordError]]:
    """Analyse ``(id, text)`` records, yielding ``(id, result)`` in input order; never stops
    on a bad record.

    A record whose text is not a ``str`` gives a :class:`RecordError` with code E001; one
    whose cleaning or analysis raises gives E022 (with the exception's type and message);
    a ``RecordError`` given in place of a text (e.g. from :func:`parse_jsonl_line`) is
    passed through unchanged, so a reader's own problems keep their place in the output.
    Memory stays constant: the input is read lazily and at most ``2 * n_process`` batches
    are in flight.

    Args:
        records: ``(id, text)`` pairs; the ids are returned as given (any picklable value).
        nlp: A pipeline; default: the bundled one.
        n_process: Worker processes (``-1``: one per CPU).
        batch_size: Records per batch.

    Yields:
        ``(id, Analysis)`` or ``(id, RecordError)``, one per record, in input order;
        :func:`result_record` turns each into an output line.

    Raises:
        ValueError: ``batch_size`` or ``n_process`` is invalid.
    """
    yield from _stream(records, nlp, n_process, batch_size, catch=True)
