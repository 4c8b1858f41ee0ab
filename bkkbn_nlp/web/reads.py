"""The lists a page of the view needs that :class:`~bkkbn_nlp.store.Store`'s read API does
not give: articles newest first, the most mentioned organisations, one organisation's name
and mentions, the articles of a topic, and how many articles each topic has.

Each function reads the documented tables (docs/corpus.md, "The schema") through the
store's connection, which the view opens read-only; every value is a bound parameter.
Lists take ``limit`` and ``offset`` (a page of the view).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bkkbn_nlp.store import Store

__all__ = ["articles", "organizations", "organization_name", "organization_mentions",
           "organization_mention_count", "topic_articles", "topic_totals", "org_key"]

_ARTICLE = "a.id, a.date, a.source, a.title"


def _rows(store: Store, sql: str, params: tuple[Any, ...]) -> list[dict[str, Any]]:
    return [dict(r) for r in store.con.execute(sql, params).fetchall()]


def org_key(kb_id: str | None, name: str | None) -> str | None:
    """The key of an organisation's page: its kb id, else its normalised name."""
    return kb_id or name or None


def _org_where(key: str) -> tuple[str, tuple[Any, ...]]:
    """Entities of the organisation ``key``: a kb id (``agency:...``, also its regional
    offices ``agency:...@...``, as the store's ``agency`` filter has it) or a name."""
    if key.startswith("agency:"):
        # key@... as a range ("@" < "A"), which the index on (label, kb_id) can answer
        return ("e.label = 'ORG' AND (e.kb_id = ? OR (e.kb_id >= ? AND e.kb_id < ?))",
                (key, key + "@", key + "A"))
    return "e.label = 'ORG' AND e.kb_id IS NULL AND e.normalized = ?", (key,)


def articles(store: Store, *, limit: int = 20, offset: int = 0) -> list[dict[str, Any]]:
    """Analysed articles, newest first (undated last), with their best topic."""
    return _rows(store, f"SELECT {_ARTICLE}, (SELECT label FROM topics t WHERE "
                 "t.article_id = a.id ORDER BY rank LIMIT 1) AS topic FROM articles a "
                 "WHERE a.error_code IS NULL ORDER BY a.date IS NULL, a.date DESC, a.id "
                 "LIMIT ? OFFSET ?", (limit, offset))


def organizations(store: Store, *, limit: int = 15) -> list[dict[str, Any]]:
    """The organisations named in most articles: ``key`` (kb id or name), ``name``,
    ``articles``."""
    return _rows(store, "SELECT coalesce(kb_id, normalized) AS key, min(normalized) AS name, "
                 "count(DISTINCT article_id) AS articles FROM entities WHERE label = 'ORG' "
                 "GROUP BY key ORDER BY articles DESC, name LIMIT ?", (limit,))


def organization_name(store: Store, key: str) -> str | None:
    """How the store names the organisation ``key`` (its most frequent normalised form,
    from its entities or, failing those, from speakers' roles); ``None``: unknown."""
    if key.startswith("agency:"):
        row = store.con.execute(
            "SELECT normalized FROM entities WHERE label = 'ORG' AND kb_id = ? "
            "GROUP BY normalized ORDER BY count(*) DESC, normalized LIMIT 1", (key,)).fetchone()
        if row is None:
            row = store.con.execute(
                "SELECT organization_normalized FROM person_roles WHERE organization_kb_id = ? "
                "AND organization_normalized IS NOT NULL GROUP BY organization_normalized "
                "ORDER BY count(*) DESC LIMIT 1", (key,)).fetchone()
        return str(row[0]) if row is not None else None
    row = store.con.execute(
        "SELECT 1 FROM entities WHERE label = 'ORG' AND kb_id IS NULL AND normalized = ? "
        "UNION ALL SELECT 1 FROM person_roles WHERE organization_normalized = ? LIMIT 1",
        (key, key)).fetchone()
    return key if row is not None else None


def organization_mentions(store: Store, key: str, *, limit: int = 20,
                          offset: int = 0) -> list[dict[str, Any]]:
    """The articles that name the organisation ``key``, newest first, with how many times
    and as what (``forms``: the written forms, comma-separated)."""
    where, params = _org_where(key)
    return _rows(store, f"SELECT {_ARTICLE}, count(*) AS mentions, "
                 "group_concat(DISTINCT e.text) AS forms FROM entities e "
                 f"JOIN articles a ON a.id = e.article_id WHERE {where} GROUP BY a.id "
                 "ORDER BY a.date IS NULL, a.date DESC, a.id LIMIT ? OFFSET ?",
                 (*params, limit, offset))


def organization_mention_count(store: Store, key: str) -> int:
    """How many articles name the organisation ``key``."""
    where, params = _org_where(key)
    row = store.con.execute(
        f"SELECT count(DISTINCT e.article_id) FROM entities e WHERE {where}", params).fetchone()
    return int(row[0])


def topic_articles(store: Store, topic: str, *, limit: int = 20,
                   offset: int = 0) -> list[dict[str, Any]]:
    """The articles of ``topic``, newest first, with the topic's score and rank."""
    return _rows(store, f"SELECT {_ARTICLE}, t.score, t.rank FROM topics t "
                 "JOIN articles a ON a.id = t.article_id WHERE t.label = ? "
                 "ORDER BY a.date IS NULL, a.date DESC, a.id LIMIT ? OFFSET ?",
                 (topic, limit, offset))


def topic_totals(store: Store) -> list[dict[str, Any]]:
    """Each topic of the store with its number of articles, most first."""
    return _rows(store, "SELECT label AS topic, count(*) AS articles FROM topics "
                 "GROUP BY label ORDER BY articles DESC, topic", ())
