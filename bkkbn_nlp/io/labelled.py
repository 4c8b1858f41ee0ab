"""The labelled-document format: JSONL, one annotated article per line.

Researchers annotate articles in this format, the gold fixture is written in it, and the
training and evaluation commands read it. A record::

    {
      "id": "antara_bkkbn_sultra_2019",
      "text": "the cleaned article text; all offsets index into it",
      "dateline": {"place": "Kendari", "agency": "ANTARA"},        # or null
      "sentences": [{"start": 0, "end": 120}, ...],
      "entities": [{"start": 0, "end": 5, "label": "ORG", "text": "BKKBN",
                    "normalized": "Badan Kependudukan dan Keluarga Berencana Nasional"}],
      "quotes": [{"type": "direct", "start": 0, "end": 10, "text": "...",
                  "cue": {"start": 0, "end": 7, "text": "katanya"},
                  "speaker": {"start": 0, "end": 7, "text": "katanya", "name": "...",
                              "role": "...", "organization": "..."}}],
      "topics": ["kependudukan_kb", "pemerintahan"],
      "meta": {"source": "...", "annotator": "..."}
    }

Only ``text`` is required; a missing layer means "not annotated" (``None``), which is
different from an empty list ("annotated, nothing there"). Every span may carry ``text``;
when it does, it must equal ``text[start:end]``. :func:`read_labelled` checks all of this
and raises :class:`~bkkbn_nlp.errors.LabelledDataError` naming the file, line and problem.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import Errors, LabelledDataError
from .schema import ENTITY_LABELS, QUOTE_TYPES, TOPIC_LABELS

__all__ = ["LabelledDocument", "read_labelled", "write_labelled", "validate_record"]


@dataclass
class LabelledDocument:
    """One annotated article. Layers that were not annotated are ``None``."""

    text: str
    id: str | None = None
    dateline: dict[str, str | None] | None = None
    removed: list[dict[str, Any]] | None = None
    sentences: list[dict[str, int]] | None = None
    tokens: list[dict[str, Any]] | None = None
    entities: list[dict[str, Any]] | None = None
    quotes: list[dict[str, Any]] | None = None
    topics: list[str] | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "text": self.text}
        for key in ("dateline", "removed", "sentences", "tokens", "entities", "quotes",
                    "topics"):
            value = getattr(self, key)
            if value is not None or key == "dateline":
                out[key] = value
        if self.meta:
            out["meta"] = self.meta
        return out

    @classmethod
    def from_dict(cls, record: dict[str, Any], *, source: str = "<record>",
                  line: int = 1) -> LabelledDocument:
        """Validate ``record`` and build a document from it."""
        validate_record(record, source=source, line=line)
        known = {"id", "text", "dateline", "removed", "sentences", "tokens", "entities",
                 "quotes", "topics", "meta"}
        kwargs = {k: v for k, v in record.items() if k in known}
        extra = {k: v for k, v in record.items() if k not in known}
        doc = cls(**kwargs)
        if extra:
            doc.meta = {**doc.meta, **extra}
        return doc


def _fail(source: str, line: int, problem: str) -> LabelledDataError:
    return LabelledDataError(Errors.E006.format(source=source, line=line, problem=problem))


def _check_span(span: Any, text: str, what: str, source: str, line: int) -> None:
    if not isinstance(span, dict):
        raise _fail(source, line, f"{what} must be an object with start and end")
    start, end = span.get("start"), span.get("end")
    if not isinstance(start, int) or not isinstance(end, int):
        raise _fail(source, line, f"{what} needs integer start and end, got {start!r}, {end!r}")
    if not 0 <= start <= end <= len(text):
        raise _fail(source, line, f"{what} " + Errors.E010.format(start=start, end=end,
                                                                    length=len(text)))
    if "text" in span and span["text"] is not None and span["text"] != text[start:end]:
        raise _fail(source, line, f"{what} is misaligned: its text {span['text']!r} differs "
                                  f"from text[{start}:{end}] = {text[start:end]!r}")


def validate_record(record: Any, *, source: str = "<record>", line: int = 1) -> None:
    """Check one labelled record; raise :class:`LabelledDataError` naming the problem."""
    if not isinstance(record, dict):
        raise _fail(source, line, "expected a JSON object")
    text = record.get("text")
    if not isinstance(text, str):
        raise _fail(source, line, "missing or non-string 'text'")
    for i, sent in enumerate(record.get("sentences") or []):
        _check_span(sent, text, f"sentence {i}", source, line)
    for i, tok in enumerate(record.get("tokens") or []):
        _check_span(tok, text, f"token {i}", source, line)
    for i, ent in enumerate(record.get("entities") or []):
        _check_span(ent, text, f"entity {i}", source, line)
        if ent.get("label") not in ENTITY_LABELS:
            raise _fail(source, line, f"entity {i}: " + Errors.E007.format(
                label=ent.get("label"), valid=", ".join(ENTITY_LABELS)))
    for i, quote in enumerate(record.get("quotes") or []):
        _check_span(quote, text, f"quote {i}", source, line)
        if quote.get("type") not in QUOTE_TYPES:
            raise _fail(source, line, f"quote {i}: unknown type {quote.get('type')!r}; valid "
                                      f"types are {', '.join(QUOTE_TYPES)}")
        for part in ("cue", "speaker"):
            if quote.get(part) is not None:
                _check_span(quote[part], text, f"quote {i} {part}", source, line)
    topics = record.get("topics")
    if topics is not None:
        if not isinstance(topics, list):
            raise _fail(source, line, "'topics' must be a list of labels")
        for label in topics:
            if label not in TOPIC_LABELS:
                raise _fail(source, line, Errors.E011.format(label=label,
                                                             valid=", ".join(TOPIC_LABELS)))


def read_labelled(path: str | Path) -> Iterator[LabelledDocument]:
    """Read a labelled-document JSONL file, validating every record.

    Raises:
        LabelledDataError: A line is not valid JSON or not a valid record (the message
            names the file and line).
    """
    source = str(path)
    with open(path, encoding="utf-8") as fh:
        for lineno, raw_line in enumerate(fh, 1):
            if not raw_line.strip():
                continue
            try:
                record = json.loads(raw_line)
            except json.JSONDecodeError as exc:
                raise _fail(source, lineno, f"invalid JSON ({exc.msg})") from None
            yield LabelledDocument.from_dict(record, source=source, line=lineno)


def write_labelled(docs: Iterable[LabelledDocument], path: str | Path) -> int:
    """Write documents as JSONL; return how many were written."""
    n = 0
    with open(path, "w", encoding="utf-8") as fh:
        for doc in docs:
            fh.write(json.dumps(doc.to_dict(), ensure_ascii=False) + "\n")
            n += 1
    return n
