"""``analyze`` and ``analyze_many``: clean an article, run the pipeline, collect the results."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from .clean import Article, clean
from .errors import Errors, check_text
from .schema import ENTITY_LABELS, Analysis, EntitySpan, SentenceSpan, TokenSpan

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["analyze", "analyze_many", "CHUNK_CHARS"]

#: Texts longer than this are processed in chunks split at paragraph boundaries, so that
#: spaCy's ``max_length`` is never hit and memory stays bounded.
CHUNK_CHARS = 100_000


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


def _collect(article: Article, docs: list[tuple[int, Doc]],
             thresholds: dict[str, float] | None = None) -> Analysis:
    sentences: list[SentenceSpan] = []
    tokens: list[TokenSpan] = []
    entities: list[EntitySpan] = []
    quotes: list[dict[str, Any]] = []
    topic_scores: dict[str, float] = {}
    for offset, doc in docs:
        for tok in doc:
            if not tok.is_space:
                tokens.append(TokenSpan(tok.text, offset + tok.idx, offset + tok.idx + len(tok)))
        if doc.has_annotation("SENT_START"):
            for sent in doc.sents:
                words = [t for t in sent if not t.is_space]
                if words:
                    s = offset + words[0].idx
                    e = offset + words[-1].idx + len(words[-1])
                    sentences.append(SentenceSpan(s, e))
        for ent in doc.ents:
            if ent.label_ in ENTITY_LABELS:
                entities.append(
                    EntitySpan(ent.text, ent.label_, offset + ent.start_char, offset + ent.end_char,
                               ent._.normalized, ent.kb_id_ or None)
                )
        for q in doc._.quotes:
            quotes.append(_shift(q, offset))
        for label, score in doc._.topics.items():
            topic_scores[label] = max(score, topic_scores.get(label, 0.0))
    topics: tuple[tuple[str, float], ...] = ()
    if topic_scores:
        from .topics import top_labels

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
    out = {}
    for key, value in record.items():
        if key in ("start", "end") and isinstance(value, int):
            out[key] = value + offset
        elif isinstance(value, dict):
            out[key] = _shift(value, offset)
        else:
            out[key] = value
    return out


def _pipeline(nlp: Language | None) -> Language:
    if nlp is not None:
        return nlp
    from .pipeline import default_nlp

    return default_nlp()


def analyze(raw: str, *, nlp: Language | None = None) -> Analysis:
    """Clean an article and analyse it with the (cached) default pipeline.

    Args:
        raw: The article as scraped (plain text or HTML).
        nlp: A pipeline from :func:`bkkbn_nlp.load`; default: the bundled one.

    Returns:
        The :class:`~bkkbn_nlp.schema.Analysis`; ``.to_dict()`` / ``.to_json()`` give JSON.

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

    The input is consumed lazily, so arbitrarily long streams run in bounded memory.

    Args:
        texts: Articles as strings.
        nlp: A pipeline; default: the bundled one.
        n_process: Worker processes for spaCy (``-1``: one per CPU).
        batch_size: Texts per batch.

    Raises:
        TypeError: An item is not a ``str`` (raised when that item is reached).
        ValueError: ``batch_size`` or ``n_process`` is invalid.
    """
    if not isinstance(batch_size, int) or batch_size < 1:
        raise ValueError(Errors.E008.format(value=batch_size))
    if not isinstance(n_process, int) or (n_process < 1 and n_process != -1):
        raise ValueError(Errors.E009.format(value=n_process))
    pipeline = _pipeline(nlp)
    thresholds: dict[str, float] = {}
    if "bkkbn_topics" in pipeline.pipe_names:
        thresholds = getattr(pipeline.get_pipe("bkkbn_topics"), "thresholds", {})
    pending: dict[int, tuple[Article, int, list[tuple[int, Doc]]]] = {}

    def feed() -> Iterator[tuple[str, tuple[int, int]]]:
        for index, raw in enumerate(texts):
            article = clean(check_text(raw, "text"))
            pieces = _chunks(article.text)
            pending[index] = (article, len(pieces), [])
            for start, end in pieces:
                yield article.text[start:end], (index, start)

    next_index = 0
    for doc, (index, start) in pipeline.pipe(
        feed(), as_tuples=True, n_process=n_process, batch_size=batch_size
    ):
        article, expected, done = pending[index]
        done.append((start, doc))
        while next_index in pending and len(pending[next_index][2]) == pending[next_index][1]:
            article, _, parts = pending.pop(next_index)
            yield _collect(article, sorted(parts, key=lambda p: p[0]), thresholds)
            next_index += 1
