"""The SQLite schema of a :class:`~bkkbn_nlp.store.Store` (documented table by table in
docs/corpus.md), and opening a database file with it.

Every table that holds something of an article has an ``article_id`` column with
``ON DELETE CASCADE``: re-indexing an article deletes its row and so everything found in
it, in the same transaction as the new rows. People are shared by articles; a person no
mention or quote points to any more is removed when the store reconciles identities.

Version 2 adds what the whole-corpus queries read instead of scanning (docs/corpus.md,
"The schema"): the article's date and outlet copied into ``quotes``, per-person counts in
``people``, and the summary tables ``topic_speakers``, ``topic_dates``, ``pair_counts`` and
``pair_names``, kept exact by :mod:`.summaries` in the transaction that writes or removes an
article. A version 1 store opened for writing is migrated in place (:func:`migrate`).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from ..errors import BkkbnError, Errors

__all__ = ["SCHEMA_VERSION", "TABLES", "SUMMARY_TABLES", "StoreError", "connect", "create_schema",
           "migrate", "statements"]

#: The version of the schema below; a store of another version is refused (E101), except
#: that a version 1 store opened for writing is migrated (:func:`migrate`).
SCHEMA_VERSION = 2


class StoreError(BkkbnError, ValueError):
    """A store that cannot be opened or used (not a store, another schema version, ...)."""


# What version 2 adds to version 1 (also run by the migration, after the new columns).
_DDL_V2 = """
CREATE INDEX IF NOT EXISTS quotes_date ON quotes(date DESC, article_id, start);
CREATE INDEX IF NOT EXISTS quotes_person_date ON quotes(person_id, date DESC, article_id, start);
CREATE INDEX IF NOT EXISTS quotes_source ON quotes(source COLLATE NOCASE, date DESC, article_id,
                                                   start);
CREATE INDEX IF NOT EXISTS quotes_org_lower ON quotes(lower(organization_kb_id));
CREATE INDEX IF NOT EXISTS person_roles_org_lower ON person_roles(lower(organization_kb_id));
CREATE INDEX IF NOT EXISTS people_quoted ON people(n_quotes DESC, name);
CREATE INDEX IF NOT EXISTS people_order ON people(n_quotes DESC, n_articles DESC, name);
CREATE TABLE IF NOT EXISTS topic_speakers (
    label       TEXT NOT NULL,
    person_id   INTEGER NOT NULL,
    quotes      INTEGER NOT NULL,
    articles    INTEGER NOT NULL,
    PRIMARY KEY (label, person_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS topic_speakers_person ON topic_speakers(person_id);
CREATE TABLE IF NOT EXISTS topic_dates (
    date        TEXT,
    source      TEXT,
    label       TEXT NOT NULL,
    n           INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS topic_dates_key ON topic_dates(label, date, source);
CREATE TABLE IF NOT EXISTS entity_keys (
    id          INTEGER PRIMARY KEY,
    label       TEXT NOT NULL,
    key         TEXT NOT NULL,
    UNIQUE (label, key)
);
CREATE TABLE IF NOT EXISTS key_names (
    key_id      INTEGER NOT NULL,
    name        TEXT NOT NULL,
    articles    INTEGER NOT NULL,
    PRIMARY KEY (key_id, name)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS pair_kinds (
    id          INTEGER PRIMARY KEY,
    topic       TEXT NOT NULL,
    label_a     TEXT NOT NULL,
    label_b     TEXT NOT NULL,
    UNIQUE (topic, label_a, label_b)
);
CREATE TABLE IF NOT EXISTS pair_counts (
    kind        INTEGER NOT NULL,
    a           INTEGER NOT NULL,
    b           INTEGER NOT NULL,
    articles    INTEGER NOT NULL,
    PRIMARY KEY (kind, a, b)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS speaker_dates (
    label       TEXT NOT NULL,
    date        TEXT,
    source      TEXT,
    person_id   INTEGER NOT NULL,
    quotes      INTEGER NOT NULL,
    articles    INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS speaker_dates_key ON speaker_dates(label, date, source, person_id,
                                                              quotes, articles);
"""

_DDL = """
CREATE TABLE IF NOT EXISTS schema_version (
    version     INTEGER NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS articles (
    id          TEXT PRIMARY KEY,
    source      TEXT,
    date        TEXT,
    title       TEXT,
    sha256      TEXT,
    n_chars     INTEGER,
    indexed_at  TEXT NOT NULL,
    error_code  TEXT,
    error_message TEXT
);
CREATE INDEX IF NOT EXISTS articles_date ON articles(date);
CREATE INDEX IF NOT EXISTS articles_source ON articles(source, date);
CREATE TABLE IF NOT EXISTS texts (
    article_id  TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    text        TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS entities (
    id          INTEGER PRIMARY KEY,
    article_id  TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start       INTEGER NOT NULL,
    "end"       INTEGER NOT NULL,
    label       TEXT NOT NULL,
    text        TEXT NOT NULL,
    normalized  TEXT NOT NULL,
    kb_id       TEXT
);
CREATE INDEX IF NOT EXISTS entities_article ON entities(article_id);
CREATE INDEX IF NOT EXISTS entities_label ON entities(label, kb_id);
CREATE INDEX IF NOT EXISTS entities_normalized ON entities(normalized);
CREATE TABLE IF NOT EXISTS people (
    id          INTEGER PRIMARY KEY,
    key         TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    n_words     INTEGER NOT NULL,
    n_quotes    INTEGER NOT NULL DEFAULT 0,
    n_quote_articles INTEGER NOT NULL DEFAULT 0,
    n_articles  INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS aliases (
    person_id   INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    alias       TEXT NOT NULL,
    PRIMARY KEY (person_id, alias)
);
CREATE INDEX IF NOT EXISTS aliases_alias ON aliases(alias COLLATE NOCASE);
CREATE TABLE IF NOT EXISTS mentions (
    entity_id   INTEGER PRIMARY KEY REFERENCES entities(id) ON DELETE CASCADE,
    article_id  TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    person_id   INTEGER REFERENCES people(id),
    name_key    TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS mentions_person ON mentions(person_id);
CREATE INDEX IF NOT EXISTS mentions_key ON mentions(name_key);
CREATE INDEX IF NOT EXISTS mentions_article ON mentions(article_id);
CREATE TABLE IF NOT EXISTS person_roles (
    id          INTEGER PRIMARY KEY,
    person_id   INTEGER REFERENCES people(id),
    article_id  TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    date        TEXT,
    role        TEXT,
    organization TEXT,
    organization_normalized TEXT,
    organization_kb_id TEXT,
    name_key    TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS person_roles_person ON person_roles(person_id, date);
CREATE INDEX IF NOT EXISTS person_roles_key ON person_roles(name_key);
CREATE INDEX IF NOT EXISTS person_roles_article ON person_roles(article_id);
CREATE TABLE IF NOT EXISTS quotes (
    id          INTEGER PRIMARY KEY,
    article_id  TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    type        TEXT NOT NULL,
    content     TEXT NOT NULL,
    start       INTEGER NOT NULL,
    "end"       INTEGER NOT NULL,
    cue         TEXT,
    cue_start   INTEGER,
    cue_end     INTEGER,
    speaker_text TEXT,
    speaker_start INTEGER,
    speaker_end INTEGER,
    speaker_name TEXT,
    role        TEXT,
    organization TEXT,
    organization_normalized TEXT,
    organization_kb_id TEXT,
    name_key    TEXT,
    person_id   INTEGER REFERENCES people(id),
    date        TEXT,
    source      TEXT
);
CREATE INDEX IF NOT EXISTS quotes_article ON quotes(article_id);
CREATE INDEX IF NOT EXISTS quotes_key ON quotes(name_key);
CREATE INDEX IF NOT EXISTS quotes_org ON quotes(organization_kb_id);
CREATE TABLE IF NOT EXISTS topics (
    article_id  TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    label       TEXT NOT NULL,
    score       REAL NOT NULL,
    rank        INTEGER NOT NULL,
    PRIMARY KEY (article_id, label)
);
CREATE INDEX IF NOT EXISTS topics_label ON topics(label, article_id);
""" + _DDL_V2 + """CREATE VIRTUAL TABLE IF NOT EXISTS quotes_fts USING fts5(
    content, content='quotes', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER IF NOT EXISTS quotes_fts_insert AFTER INSERT ON quotes BEGIN
    INSERT INTO quotes_fts(rowid, content) VALUES (new.id, new.content);
END;
CREATE TRIGGER IF NOT EXISTS quotes_fts_delete AFTER DELETE ON quotes BEGIN
    INSERT INTO quotes_fts(quotes_fts, rowid, content) VALUES ('delete', old.id, old.content);
END;
CREATE VIRTUAL TABLE IF NOT EXISTS titles_fts USING fts5(
    title, content='articles', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER IF NOT EXISTS titles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO titles_fts(rowid, title) VALUES (new.rowid, coalesce(new.title, ''));
END;
CREATE TRIGGER IF NOT EXISTS titles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO titles_fts(titles_fts, rowid, title)
    VALUES ('delete', old.rowid, coalesce(old.title, ''));
END;
"""

#: The tables of the schema, in the order their rows are exported (parents first).
TABLES = ("articles", "texts", "entities", "people", "aliases", "mentions", "person_roles",
          "quotes", "topics")

#: The summary tables: derived from the tables above (kept by :mod:`.summaries`, rebuilt by
#: :func:`.summaries.rebuild`), so they are not exported.
SUMMARY_TABLES = ("topic_speakers", "speaker_dates", "topic_dates", "entity_keys", "key_names",
                  "pair_kinds", "pair_counts")


def statements(script: str) -> list[str]:
    """The SQL statements of a script, one by one (so that they run in the caller's
    transaction: ``executescript`` would commit it first)."""
    out: list[str] = []
    pending = ""
    for piece in script.split(";"):
        pending += piece + ";"
        if sqlite3.complete_statement(pending):
            if pending.strip(" \n;"):
                out.append(pending.strip())
            pending = ""
    return out


def create_schema(con: sqlite3.Connection) -> None:
    """Create the tables of an empty database and record :data:`SCHEMA_VERSION`."""
    con.executescript(_DDL)
    if con.execute("SELECT count(*) FROM schema_version").fetchone()[0] == 0:
        con.execute("INSERT INTO schema_version VALUES (?, datetime('now'))", (SCHEMA_VERSION,))


#: Version 1 to 2: the new columns (filled from the articles), the new indexes and tables.
_MIGRATE_1 = """
ALTER TABLE quotes ADD COLUMN date TEXT;
ALTER TABLE quotes ADD COLUMN source TEXT;
UPDATE quotes SET (date, source) = (SELECT a.date, a.source FROM articles a
                                     WHERE a.id = quotes.article_id);
ALTER TABLE people ADD COLUMN n_quotes INTEGER NOT NULL DEFAULT 0;
ALTER TABLE people ADD COLUMN n_quote_articles INTEGER NOT NULL DEFAULT 0;
ALTER TABLE people ADD COLUMN n_articles INTEGER NOT NULL DEFAULT 0;
DROP INDEX IF EXISTS quotes_person;
"""


def migrate(con: sqlite3.Connection, found: int) -> None:
    """Bring a store of schema version ``found`` (1) to :data:`SCHEMA_VERSION` in one
    transaction: the new columns are filled from the articles and the summary tables are
    computed from the rows (:func:`.summaries.rebuild`). Nothing is analysed again."""
    from .summaries import rebuild

    con.execute("BEGIN IMMEDIATE")
    try:
        for sql in statements(_MIGRATE_1) + statements(_DDL_V2):
            con.execute(sql)
        rebuild(con)
        con.execute("UPDATE schema_version SET version = ?", (SCHEMA_VERSION,))
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


#: The schema versions a writable store is migrated from.
MIGRATES_FROM = (1,)


def _check_version(con: sqlite3.Connection, path: str, readonly: bool) -> None:
    try:
        row = con.execute("SELECT version FROM schema_version").fetchone()
    except sqlite3.DatabaseError as exc:
        raise StoreError(Errors.E100.format(path=path, problem=str(exc))) from None
    if row is None:
        raise StoreError(Errors.E100.format(path=path, problem="no schema version"))
    if row[0] == SCHEMA_VERSION:
        return
    if row[0] in MIGRATES_FROM:
        if not readonly:
            migrate(con, row[0])
            return
        raise StoreError(Errors.E101.format(path=path, found=row[0], expected=SCHEMA_VERSION)
                         + " Or open it once for writing (`bkkbn_nlp.store.Store(path)`, or "
                         "`bkkbn-nlp index` into it), which migrates it in place without "
                         "analysing anything again.")
    raise StoreError(Errors.E101.format(path=path, found=row[0], expected=SCHEMA_VERSION))


def connect(path: str | Path, *, readonly: bool = False) -> sqlite3.Connection:
    """Open (and, unless ``readonly``, create) the store database at ``path``.

    The connection is in autocommit mode (transactions are begun explicitly), with foreign
    keys on and, for a writable store, the write-ahead log (readers never block a writer).

    Raises:
        StoreError: E100 when the file is not a store (or, read-only, does not exist), E101
            when its schema version is not this one.
    """
    where = str(path)
    if readonly:
        if not Path(path).is_file():
            raise StoreError(Errors.E100.format(path=where, problem="no such file"))
        uri = Path(path).resolve().as_uri() + "?mode=ro"
        con = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
    else:
        con = sqlite3.connect(where, isolation_level=None, check_same_thread=False)
    con.row_factory = sqlite3.Row
    try:
        con.execute("PRAGMA foreign_keys = ON")
        if not readonly:
            con.execute("PRAGMA journal_mode = WAL")
            con.execute("PRAGMA synchronous = NORMAL")
            tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master")}
            if "schema_version" not in tables:
                if tables:
                    raise StoreError(Errors.E100.format(
                        path=where, problem="a database with other tables"))
                create_schema(con)
        _check_version(con, where, readonly)
    except sqlite3.DatabaseError as exc:
        con.close()
        raise StoreError(Errors.E100.format(path=where, problem=str(exc))) from None
    except StoreError:
        con.close()
        raise
    return con
