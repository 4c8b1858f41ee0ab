"""Parquet export (pyarrow, the ``parquet`` extra) and its coded error without pyarrow."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from bkkbn_nlp.store import Store
from bkkbn_nlp.store.schema import TABLES


def test_export_writes_every_table(store: Store, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    written = store.export_parquet(tmp_path / "out")
    assert set(written) == set(TABLES)
    for table, path in written.items():
        count = store.con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608
        assert pq.read_table(path).num_rows == count, table
    quotes = pq.read_table(written["quotes"]).to_pylist()
    assert {"content", "person_id", "article_id"} <= set(quotes[0])


def test_without_pyarrow_the_error_names_the_extra(store: Store, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    with pytest.raises(ImportError, match=r"\[E102\].*bkkbn_nlp\[parquet\]"):
        store.export_parquet(tmp_path / "out")
