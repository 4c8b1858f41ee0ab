"""The store's schema: created on first open, versioned, refused when it is not a store."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bkkbn_nlp.store import SCHEMA_VERSION, Store, StoreError
from bkkbn_nlp.store.schema import TABLES


def test_a_new_store_has_every_table_and_its_version(tmp_path: Path) -> None:
    with Store(tmp_path / "s.sqlite") as store:
        names = {r[0] for r in store.con.execute("SELECT name FROM sqlite_master")}
        assert set(TABLES) | {"schema_version", "quotes_fts", "titles_fts"} <= names
        assert store.con.execute("SELECT version FROM schema_version").fetchone()[0] == \
            SCHEMA_VERSION
        assert store.con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.con.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert store.stats() == {"articles": 0, "errors": 0, "entities": 0, "people": 0,
                                 "quotes": 0}


def test_opening_again_keeps_the_store(tmp_path: Path) -> None:
    Store(tmp_path / "s.sqlite").close()
    with Store(tmp_path / "s.sqlite") as store:
        assert store.con.execute("SELECT count(*) FROM schema_version").fetchone()[0] == 1


def test_another_database_is_not_a_store(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()
    with pytest.raises(StoreError, match=r"\[E100\].*other tables"):
        Store(path)


def test_a_text_file_is_not_a_store(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_text("not a database " * 100, encoding="utf-8")
    with pytest.raises(StoreError, match=r"\[E100\]"):
        Store(path)


def test_another_schema_version_is_refused(tmp_path: Path) -> None:
    Store(tmp_path / "s.sqlite").close()
    con = sqlite3.connect(tmp_path / "s.sqlite")
    con.execute("UPDATE schema_version SET version = 99")
    con.commit()
    con.close()
    with pytest.raises(StoreError, match=r"\[E101\].*version 99"):
        Store(tmp_path / "s.sqlite")


def test_read_only_needs_an_existing_file(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match=r"\[E100\].*no such file"):
        Store(tmp_path / "missing.sqlite", readonly=True)
    assert not (tmp_path / "missing.sqlite").exists()


def test_importing_the_store_imports_neither_pyarrow_nor_spacy() -> None:
    import subprocess
    import sys

    code = ("import sys, bkkbn_nlp.store\n"
            "print(sorted(m for m in ('pyarrow', 'spacy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"
