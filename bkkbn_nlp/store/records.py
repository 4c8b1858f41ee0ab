"""Corpus records as the store reads them: a text and, optionally, an id, an outlet, a date
and a title, under their English names or the Indonesian ones of the corpora in use
(``isi``, ``sumber``, ``tanggal``, ``judul``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .writer import ArticleMeta, normalize_date, text_sha256

__all__ = ["FIELDS", "record_meta"]

#: The fields read from a record, each with the names it may have (first found wins).
FIELDS: dict[str, tuple[str, ...]] = {
    "text": ("text", "isi", "content"),
    "id": ("id",),
    "source": ("source", "outlet", "sumber"),
    "date": ("date", "tanggal", "published"),
    "title": ("title", "judul"),
}


def _field(record: Mapping[str, Any], name: str) -> Any:
    for key in FIELDS[name]:
        if key in record and record[key] is not None:
            return record[key]
    return None


def _optional_text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text if text and text != "None" else None


def record_meta(record: object, default_id: str | None = None) -> tuple[ArticleMeta, object]:
    """The metadata of a record and its text (left as it is, even when it is not a ``str``:
    the analysis reports that as an error record).

    Args:
        record: A mapping with a text field (see :data:`FIELDS`), or a text alone.
        default_id: The id when the record has none; default: ``sha256:`` and the first 16
            hex digits of the text's SHA-256 (so the same text indexed again replaces itself).
    """
    if isinstance(record, Mapping):
        text = _field(record, "text")
        record_id = _field(record, "id")
        source, date, title = (_field(record, k) for k in ("source", "date", "title"))
    else:
        text, record_id, source, date, title = record, None, None, None, None
    sha = text_sha256(text)
    if record_id is None:
        record_id = default_id if default_id is not None else (
            f"sha256:{sha[:16]}" if sha else "record")
    meta = ArticleMeta(
        id=str(record_id), source=_optional_text(source), date=normalize_date(date),
        title=_optional_text(title), sha256=sha,
        n_chars=len(text) if isinstance(text, str) else None)
    return meta, text
