"""Export of a store's tables to Parquet files (one per table), for DuckDB, pandas, Spark.

pyarrow is an optional dependency (the ``parquet`` extra); it is imported only here, when
an export is asked for.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from ..errors import Errors
from .schema import TABLES

__all__ = ["export_parquet"]

_ROWS_PER_BATCH = 50_000


def _pyarrow() -> Any:
    try:
        import pyarrow
        import pyarrow.parquet  # noqa: F401 - the submodule must be importable too
    except ImportError:
        raise ImportError(Errors.E102) from None
    return pyarrow


def _arrow_type(pa: Any, declared: str) -> Any:
    declared = declared.upper()
    if "INT" in declared:
        return pa.int64()
    if "REAL" in declared:
        return pa.float64()
    return pa.string()


def export_parquet(con: sqlite3.Connection, folder: str | Path) -> dict[str, Path]:
    """Write each table of the store to ``folder/<table>.parquet``, in batches of rows so
    memory stays bounded.

    Returns:
        The file written for each table.

    Raises:
        ImportError: pyarrow is not installed (E102, naming the extra).
    """
    pa = _pyarrow()
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    for table in TABLES:
        columns = con.execute("SELECT name, type FROM pragma_table_info(?)", (table,)).fetchall()
        schema = pa.schema([(name, _arrow_type(pa, kind)) for name, kind in columns])
        path = out / f"{table}.parquet"
        # the table name comes from the fixed TABLES tuple, not from input
        cur = con.execute(f"SELECT * FROM {table}")  # noqa: S608
        with pa.parquet.ParquetWriter(path, schema) as writer:
            while rows := cur.fetchmany(_ROWS_PER_BATCH):
                data = {name: [row[i] for row in rows] for i, (name, _) in enumerate(columns)}
                writer.write_table(pa.table(data, schema=schema))
        written[table] = path
    return written
