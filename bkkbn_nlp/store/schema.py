"""The SQLite schema of a :class:`~bkkbn_nlp.store.Store` (documented table by table in
docs/corpus.md), and opening a database file with it.

Every table that holds something of an article has an ``article_id`` column with
``ON DELETE CASCADE``: re-indexing an article deletes its row and so everything found in
it, in the same transaction as the new rows. People are shared by articles; a person no
mention or quote points to any more is removed when the store reconciles identities.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from ..errors import BkkbnError, Errors

__all__ = ["SCHEMA_VERSION", "TABLES", "StoreError", "connect", "create_schema"]

#: The version of the schema below; a store of another version is refused (E101).
SCHEMA_VERSION = 1


class StoreError(BkkbnError, ValueError):
    """A store that cannot be opened or used (not a store, another schema version, ...)."""


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
    n_words     INTEGER NOT NULL
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
    person_id   INTEGER REFERENCES people(id)
);
CREATE INDEX IF NOT EXISTS quotes_article ON quotes(article_id);
CREATE INDEX IF NOT EXISTS quotes_person ON quotes(person_id);
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
CREATE VIRTUAL TABLE IF NOT EXISTS quotes_fts USING fts5(
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


def create_schema(con: sqlite3.Connection) -> None:
    """Create the tables of an empty database and record :data:`SCHEMA_VERSION`."""
    con.executescript(_DDL)
    if con.execute("SELECT count(*) FROM schema_version").fetchone()[0] == 0:
        con.execute("INSERT INTO schema_version VALUES (?, datetime('now'))", (SCHEMA_VERSION,))


def _check_version(con: sqlite3.Connection, path: str) -> None:
    try:
        row = con.execute("SELECT version FROM schema_version").fetchone()
    except sqlite3.DatabaseError as exc:
        raise StoreError(Errors.E100.format(path=path, problem=str(exc))) from None
    if row is None:
        raise StoreError(Errors.E100.format(path=path, problem="no schema version"))
    if row[0] != SCHEMA_VERSION:
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
        _check_version(con, where)
    except sqlite3.DatabaseError as exc:
        con.close()
        raise StoreError(Errors.E100.format(path=where, problem=str(exc))) from None
    except StoreError:
        con.close()
        raise
    return con
