""":class:`Store`: an SQLite file of analysed articles, with people, quotes and topics, and
the queries a reader or a web view asks of it (docs/corpus.md)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import queries
from .records import record_meta
from .schema import connect
from .writer import ArticleMeta, reconcile, remove_article, write_article, write_error

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["Store", "IndexReport"]


@dataclass
class IndexReport:
    """What one :meth:`Store.index` run did.

    Attributes:
        indexed: Records analysed and stored.
        errors: Records stored as errors (they could not be read or analysed).
        skipped: Records left alone because the store had them with the same text
            (``skip_unchanged``).
        people, quotes: The store's totals after the run.
    """

    indexed: int = 0
    errors: int = 0
    skipped: int = 0
    people: int = 0
    quotes: int = 0

    def summary(self) -> str:
        """One line: ``12 articles indexed, 1 error, 3 skipped; the store has 30 people,
        41 quotes``."""
        def n(count: int, word: str) -> str:
            return f"{count:,} {word}{'' if count == 1 else 's'}"

        skipped = f", {self.skipped:,} unchanged (skipped)" if self.skipped else ""
        return (f"{n(self.indexed, 'article')} indexed, {n(self.errors, 'error')}{skipped}; "
                f"the store has {n(self.people, 'person')} and {n(self.quotes, 'quote')}"
                ).replace("persons", "people")


class Store:
    """An article store: ``Store("corpus.sqlite")`` opens the file, creating it (with the
    schema of :mod:`bkkbn_nlp.store.schema`) when it does not exist.

    Args:
        path: The SQLite file.
        readonly: Open without writing (the file must exist); what a query or a web view
            does. Readers may run while another process indexes (write-ahead log).

    Raises:
        StoreError: The file is not a store (E100) or of another schema version (E101).
    """

    def __init__(self, path: str | Path, *, readonly: bool = False) -> None:
        self.path = Path(path)
        self.readonly = readonly
        self.con: sqlite3.Connection = connect(path, readonly=readonly)

    def close(self) -> None:
        """Close the database connection."""
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({str(self.path)!r})"

    # ------------------------------------------------------------------ writing

    def index(self, records: Iterable[Any], *, nlp: Language | None = None,
              n_process: int = 1, batch_size: int = 64, keep_text: bool = True,
              skip_unchanged: bool = False,
              on_record: Callable[[ArticleMeta, Any], None] | None = None) -> IndexReport:
        """Analyse records (streamed through :func:`bkkbn_nlp.analyze_records`) into the store.

        Each batch of ``batch_size`` results is one transaction: an interrupted run keeps
        every batch committed before it stopped, and an article indexed again (same id)
        replaces its earlier rows. A record that cannot be analysed is stored with its
        error code and message. Identities of one-word names are settled at the end
        (:func:`~bkkbn_nlp.store.writer.reconcile`).

        Args:
            records: Mappings with ``text`` and optional ``id``, ``source``, ``date``,
                ``title`` (:data:`~bkkbn_nlp.store.records.FIELDS`), or bare texts. A
                ``text`` that is a :class:`~bkkbn_nlp.RecordError` is stored as that error.
            nlp: A pipeline; default: the bundled one.
            n_process: Worker processes for the analysis (``-1``: one per CPU).
            batch_size: Records per transaction (and per analysis batch).
            keep_text: Store each article's cleaned text (for a view that shows it).
            skip_unchanged: Leave alone records the store has under the same id with the
                same text (SHA-256) and no error: resuming a killed run does not redo them.
            on_record: Called with each record's metadata and result as it is stored
                (a progress bar, say).

        Returns:
            The :class:`IndexReport` of the run.
        """
        from ..api import RecordError, analyze_records

        report = IndexReport()
        todo = self._todo(records, batch_size, skip_unchanged, report)
        results = analyze_records(todo, nlp=nlp, n_process=n_process, batch_size=batch_size)
        try:
            while batch := list(islice(results, batch_size)):
                with self._transaction():
                    for meta, result in batch:
                        if isinstance(result, RecordError):
                            write_error(self.con, meta, result.code, result.message)
                            report.errors += 1
                        else:
                            write_article(self.con, meta, result, keep_text=keep_text)
                            report.indexed += 1
                for meta, result in batch:
                    if on_record is not None:
                        on_record(meta, result)
        finally:
            close = getattr(results, "close", None)
            if close is not None:
                close()  # stop the workers of an interrupted run
            self.reconcile()
        totals = queries.stats(self.con)
        report.people, report.quotes = totals["people"], totals["quotes"]
        return report

    def _todo(self, records: Iterable[Any], batch_size: int, skip_unchanged: bool,
              report: IndexReport) -> Iterator[tuple[ArticleMeta, object]]:
        """``(metadata, text)`` of the records to analyse, read lazily."""
        pairs = (record_meta(r) for r in records)
        if not skip_unchanged:
            yield from pairs
            return
        # an id this run has already sent on is analysed again whatever the store holds: the
        # store was read before that record was written, and the later record must win
        sent: set[str] = set()
        while chunk := list(islice(pairs, batch_size)):
            ids = [meta.id for meta, _ in chunk]
            marks = ", ".join("?" * len(ids))
            done = {(r[0], r[1]) for r in self.con.execute(
                f"SELECT id, sha256 FROM articles WHERE id IN ({marks}) "
                "AND error_code IS NULL", ids)}
            for meta, text in chunk:
                if (meta.id, meta.sha256) in done and meta.id not in sent:
                    report.skipped += 1
                else:
                    sent.add(meta.id)
                    yield meta, text

    def _transaction(self) -> _Transaction:
        return _Transaction(self.con)

    def reconcile(self) -> None:
        """Settle person identities over the whole store (one transaction); :meth:`index`
        does it at the end of each run."""
        with self._transaction():
            reconcile(self.con)

    def delete(self, article_id: str) -> bool:
        """Remove one article and everything found in it; whether it was there."""
        with self._transaction():
            found = remove_article(self.con, str(article_id))
            reconcile(self.con)
        return found

    # ------------------------------------------------------------------ reading

    def article(self, article_id: str) -> dict[str, Any] | None:
        """One article with its entities, quotes, topics and people (``None``: no such id);
        see :func:`bkkbn_nlp.store.queries.article`."""
        return queries.article(self.con, article_id)

    def person(self, person_id: int) -> dict[str, Any] | None:
        """One person with aliases, roles over time, counts and topics (``None``: no such
        id); see :func:`bkkbn_nlp.store.queries.person`."""
        return queries.person(self.con, person_id)

    def people(self, **filters: Any) -> list[dict[str, Any]]:
        """People, most quoted first (``name=``, ``role=``, ``agency=``, ``limit=``); see
        :func:`bkkbn_nlp.store.queries.people`."""
        return queries.people(self.con, **filters)

    def quotes(self, **filters: Any) -> list[dict[str, Any]]:
        """Quotes, newest first (``person=``, ``role=``, ``agency=``, ``topic=``,
        ``since=``, ``until=``, ``outlet=``, ``text=``, ``limit=``); see
        :func:`bkkbn_nlp.store.queries.quotes`."""
        return queries.quotes(self.con, **filters)

    def top_speakers(self, **filters: Any) -> list[dict[str, Any]]:
        """The most quoted people (``topic=``, ``since=``, ``until=``, ``outlet=``,
        ``limit=``); see :func:`bkkbn_nlp.store.queries.top_speakers`."""
        return queries.top_speakers(self.con, **filters)

    def cooccurrence(self, label_a: str = "ORG", label_b: str = "LOC",
                     **filters: Any) -> list[dict[str, Any]]:
        """Entity pairs of two labels by articles in common; see
        :func:`bkkbn_nlp.store.queries.cooccurrence`."""
        return queries.cooccurrence(self.con, label_a=label_a, label_b=label_b, **filters)

    def topic_counts(self, by: str = "month", **filters: Any) -> list[dict[str, Any]]:
        """Articles per topic and month (or ``year``, ``day``, ``outlet``); see
        :func:`bkkbn_nlp.store.queries.topic_counts`."""
        return queries.topic_counts(self.con, by=by, **filters)

    def search(self, text: str, *, limit: int | None = 20) -> list[dict[str, Any]]:
        """Full-text search over titles and quotes; see
        :func:`bkkbn_nlp.store.queries.search`."""
        return queries.search(self.con, text, limit=limit)

    def stats(self) -> dict[str, int]:
        """Counts of articles, errors, entities, people and quotes."""
        return queries.stats(self.con)

    def export_parquet(self, folder: str | Path) -> dict[str, Path]:
        """Write every table to ``folder/<table>.parquet`` (needs pyarrow: the ``parquet``
        extra; ImportError E102 without it)."""
        from .parquet import export_parquet

        return export_parquet(self.con, folder)


class _Transaction:
    """``BEGIN IMMEDIATE`` ... ``COMMIT``, or ``ROLLBACK`` when the block raises."""

    def __init__(self, con: sqlite3.Connection) -> None:
        self.con = con

    def __enter__(self) -> None:
        self.con.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind: object, *rest: object) -> None:
        self.con.execute("ROLLBACK" if kind is not None else "COMMIT")
