"""Layer 8, the article store: a corpus analysed into SQLite, with person identities across
articles, and the queries asked of it (docs/corpus.md).

Owns :mod:`.schema` (the tables, :data:`~.schema.SCHEMA_VERSION`, opening a file),
:mod:`.identity` (names without titles, the one-word merge rules), :mod:`.records`
(corpus records), :mod:`.writer` (an article's rows, identity reconciliation),
:mod:`.queries` (the read API), :mod:`.parquet` (export; pyarrow is imported only there)
and :mod:`.store` (:class:`Store`). May import :mod:`bkkbn_nlp.api` and the layers below
it; the command line (``bkkbn-nlp index``, ``bkkbn-nlp query``) and a web view sit above.
"""

from __future__ import annotations

from .schema import SCHEMA_VERSION, StoreError
from .store import IndexReport, Store

__all__ = ["Store", "IndexReport", "StoreError", "SCHEMA_VERSION"]
