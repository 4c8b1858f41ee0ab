"""The read side of the store: one function per common question, each returning plain
dicts (JSON-ready, for a table, a CSV file or a web page).

Every value reaches SQLite as a bound parameter; only fixed SQL text (column names chosen
from fixed tables) is put together here. Dates compare as text, so ``since="2019-01"``
means from January 2019 on and ``until="2019-01"`` up to its last day.
"""

from __future__ import annotations

import re
import sqlite3
from typing import Any

from ..entities.gazetteer import agency_forms
from ..errors import Errors
from ..labels import ENTITY_LABELS
from .identity import name_key
from .schema import StoreError

__all__ = ["quotes", "top_speakers", "cooccurrence", "topic_counts", "search", "people",
           "person", "article", "stats", "TOPIC_GROUPS", "fts_query"]

#: What :func:`topic_counts` can count by: the SQL expression of each.
TOPIC_GROUPS = {"month": "substr(a.date, 1, 7)", "year": "substr(a.date, 1, 4)",
                "day": "substr(a.date, 1, 10)", "outlet": "a.source"}

_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_WORD = re.compile(r"\w+")
#: Sorts after every character of a date: "2019-01" + _END is the end of January 2019.
_END = "\uffff"


def _rows(cur: sqlite3.Cursor) -> list[dict[str, Any]]:
    return [dict(r) for r in cur.fetchall()]


def _limit(limit: int | None) -> int:
    if limit is None:
        return -1
    if not isinstance(limit, int) or isinstance(limit, bool) or limit < 1:
        raise StoreError(Errors.E105.format(what="limit", value=limit))
    return limit


def _date(what: str, value: str | None) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not _DATE.match(value):
        raise StoreError(Errors.E104.format(what=what, value=value))
    return value


def _like(value: str) -> str:
    """``value`` as a LIKE pattern matching it anywhere (its own % and _ escaped)."""
    return "%" + value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def fts_query(text: str) -> str | None:
    """A user's search words as an FTS5 query: each word a quoted term, all of them
    required; ``None`` when there is no word. FTS syntax in the input has no effect."""
    words = _WORD.findall(text)
    return " ".join(f'"{w}"' for w in words) if words else None


class _Where:
    """WHERE conditions and their parameters, in step."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.params: list[Any] = []

    def add(self, sql: str, *params: Any) -> None:
        self.parts.append(sql)
        self.params.extend(params)

    def sql(self) -> str:
        return (" WHERE " + " AND ".join(self.parts)) if self.parts else ""

    def dates(self, since: str | None, until: str | None, column: str = "a.date") -> None:
        since, until = _date("since", since), _date("until", until)
        if since:
            self.add(f"{column} >= ?", since)
        if until:
            self.add(f"{column} <= ?", until + _END)

    def topic(self, topic: str | None, article: str = "a.id") -> None:
        if topic:
            self.add(f"EXISTS (SELECT 1 FROM topics t WHERE t.article_id = {article} "
                     "AND t.label = ?)", topic)


def _person_ids(con: sqlite3.Connection, person: int | str) -> list[int]:
    """The people a ``person`` filter means: an id, or a name (with or without titles)
    equal to a person's name or one of their aliases."""
    if isinstance(person, int) and not isinstance(person, bool):
        return [person]
    from .identity import split_name

    name = split_name(str(person))[0]
    rows = con.execute("SELECT id FROM people WHERE key = ? UNION SELECT person_id FROM aliases "
                       "WHERE alias = ? COLLATE NOCASE", (name_key(name), name)).fetchall()
    return [int(r[0]) for r in rows]


def _org_text(alias: str) -> str:
    """The SQL text of an organisation as written and normalised, in table ``alias``."""
    return (f"coalesce({alias}.organization_normalized, '') || ' ' || "
            f"coalesce({alias}.organization, '')")


def _agency(where: _Where, agency: str, kb: str, text: str) -> None:
    """An agency filter: a kb id (``agency:bkkbn``, also its regional offices
    ``agency:bkkbn@...``), a name or acronym of the gazetteer, or else words of the name."""
    if not agency.startswith("agency:"):
        entry = agency_forms().get(agency)
        if entry is None:
            where.add(f"({text} LIKE ? ESCAPE '\\')", _like(agency))
            return
        agency = entry.kb_id
    where.add(f"({kb} = ? OR {kb} LIKE ? ESCAPE '\\')", agency, _like(agency)[1:-1] + "@%")


_QUOTE_COLUMNS = (
    "q.id, q.article_id, a.date, a.source, a.title, q.type, q.content, q.cue, "
    "q.speaker_text, q.speaker_name, q.person_id, p.name AS person, q.role, q.organization, "
    "q.organization_normalized, q.organization_kb_id, q.start, q.\"end\"")


def quotes(con: sqlite3.Connection, *, person: int | str | None = None, role: str | None = None,
           agency: str | None = None, topic: str | None = None, since: str | None = None,
           until: str | None = None, outlet: str | None = None, text: str | None = None,
           limit: int | None = 100) -> list[dict[str, Any]]:
    """Quotes, newest first, filtered by any of: the speaker (``person``: id or name), the
    speaker's role (words of it), the speaker's ``agency`` (kb id, name or acronym), an
    article ``topic``, a date range, an ``outlet`` (the article's source) and words of the
    quote (``text``, full-text search)."""
    where = _Where()
    if person is not None:
        ids = _person_ids(con, person)
        where.add(f"q.person_id IN ({', '.join('?' * len(ids)) or 'NULL'})", *ids)
    if role:
        where.add("q.role LIKE ? ESCAPE '\\'", _like(role))
    if agency:
        _agency(where, agency, "q.organization_kb_id", _org_text("q"))
    where.topic(topic)
    where.dates(since, until)
    if outlet:
        where.add("a.source = ? COLLATE NOCASE", outlet)
    if text is not None:
        match = fts_query(text)
        if match is None:
            return []
        where.add("q.id IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?)", match)
    sql = (f"SELECT {_QUOTE_COLUMNS} FROM quotes q JOIN articles a ON a.id = q.article_id "
           f"LEFT JOIN people p ON p.id = q.person_id{where.sql()} "
           "ORDER BY a.date DESC, q.article_id, q.start LIMIT ?")
    return _rows(con.execute(sql, [*where.params, _limit(limit)]))


def top_speakers(con: sqlite3.Connection, *, topic: str | None = None, since: str | None = None,
                 until: str | None = None, outlet: str | None = None,
                 limit: int | None = 20) -> list[dict[str, Any]]:
    """The most quoted people (quotes attributed to a person), with their latest role."""
    where = _Where()
    where.add("q.person_id IS NOT NULL")
    where.topic(topic)
    where.dates(since, until)
    if outlet:
        where.add("a.source = ? COLLATE NOCASE", outlet)
    sql = ("SELECT q.person_id, p.name AS person, count(*) AS quotes, "
           "count(DISTINCT q.article_id) AS articles FROM quotes q "
           f"JOIN articles a ON a.id = q.article_id JOIN people p ON p.id = q.person_id"
           f"{where.sql()} GROUP BY q.person_id ORDER BY quotes DESC, person LIMIT ?")
    out = _rows(con.execute(sql, [*where.params, _limit(limit)]))
    for row in out:
        latest = con.execute(
            "SELECT role, organization_normalized FROM person_roles WHERE person_id = ? "
            "AND role IS NOT NULL ORDER BY date DESC LIMIT 1", (row["person_id"],)).fetchone()
        row["role"], row["organization"] = (latest[0], latest[1]) if latest else (None, None)
    return out


def cooccurrence(con: sqlite3.Connection, *, label_a: str = "ORG", label_b: str = "LOC",
                 topic: str | None = None, since: str | None = None, until: str | None = None,
                 limit: int | None = 20) -> list[dict[str, Any]]:
    """Pairs of entities (normalised: one row per kb id, or per name without one) that
    appear in the same articles, by the number of those articles."""
    for label in (label_a, label_b):
        if label not in ENTITY_LABELS:
            raise StoreError(Errors.E103.format(what="entity label", value=label,
                                                valid=", ".join(sorted(ENTITY_LABELS))))
    where = _Where()
    where.topic(topic, "x.article_id")
    where.dates(since, until, "(SELECT date FROM articles WHERE id = x.article_id)")
    side = ("SELECT article_id, coalesce(kb_id, normalized) AS k, min(normalized) AS name "
            "FROM entities WHERE label = ? GROUP BY article_id, k")
    sql = (f"WITH a AS ({side}), b AS ({side}), x AS (SELECT a.article_id, a.k AS ka, "
           "a.name AS na, b.k AS kb, b.name AS nb FROM a JOIN b ON a.article_id = b.article_id "
           "AND a.k != b.k) "
           "SELECT min(na) AS a, ka AS a_id, min(nb) AS b, kb AS b_id, count(*) AS articles "
           f"FROM x{where.sql()} GROUP BY ka, kb ORDER BY articles DESC, a, b LIMIT ?")
    return _rows(con.execute(sql, [label_a, label_b, *where.params, _limit(limit)]))


def topic_counts(con: sqlite3.Connection, *, by: str = "month", topic: str | None = None,
                 since: str | None = None, until: str | None = None) -> list[dict[str, Any]]:
    """How many articles have each topic, per month (``by="month"``; also ``year``, ``day``)
    or per outlet (``by="outlet"``)."""
    if by not in TOPIC_GROUPS:
        raise StoreError(Errors.E103.format(what="grouping", value=by,
                                            valid=", ".join(TOPIC_GROUPS)))
    where = _Where()
    where.add(f"{TOPIC_GROUPS[by]} IS NOT NULL")
    if topic:
        where.add("t.label = ?", topic)
    where.dates(since, until)
    sql = (f"SELECT {TOPIC_GROUPS[by]} AS {by}, t.label AS topic, count(*) AS articles "
           f"FROM topics t JOIN articles a ON a.id = t.article_id{where.sql()} "
           f"GROUP BY {by}, t.label ORDER BY {by}, articles DESC, topic")
    return _rows(con.execute(sql, where.params))


def search(con: sqlite3.Connection, text: str, *, limit: int | None = 20) -> list[dict[str, Any]]:
    """Full-text search (FTS5, every word required, accents ignored) over article titles and
    quotes: titles first, then quotes, each best match first."""
    match = fts_query(text)
    if match is None:
        return []
    n = _limit(limit)
    titles = _rows(con.execute(
        "SELECT 'title' AS kind, a.id AS article_id, a.date, a.source, a.title, NULL AS quote_id, "
        "NULL AS person, a.title AS text FROM titles_fts f JOIN articles a ON a.rowid = f.rowid "
        "WHERE titles_fts MATCH ? ORDER BY f.rank LIMIT ?", (match, n)))
    found = _rows(con.execute(
        "SELECT 'quote' AS kind, q.article_id, a.date, a.source, a.title, q.id AS quote_id, "
        "p.name AS person, snippet(quotes_fts, 0, '[', ']', '…', 16) AS text "
        "FROM quotes_fts f JOIN quotes q ON q.id = f.rowid JOIN articles a ON a.id = q.article_id "
        "LEFT JOIN people p ON p.id = q.person_id WHERE quotes_fts MATCH ? "
        "ORDER BY f.rank LIMIT ?", (match, n)))
    return (titles + found)[:n] if n > 0 else titles + found


def people(con: sqlite3.Connection, *, name: str | None = None, role: str | None = None,
           agency: str | None = None, limit: int | None = 100) -> list[dict[str, Any]]:
    """People, most quoted first: those whose name or an alias has the words of ``name``,
    who had a ``role`` (words of it) or were of an ``agency`` in some article."""
    where = _Where()
    if name:
        pattern = _like(name_key(name) or name)
        where.add("(p.key LIKE ? ESCAPE '\\' OR p.id IN (SELECT person_id FROM aliases "
                  "WHERE alias LIKE ? ESCAPE '\\'))", pattern, _like(name))
    if role or agency:
        inner = _Where()
        if role:
            inner.add("r.role LIKE ? ESCAPE '\\'", _like(role))
        if agency:
            _agency(inner, agency, "r.organization_kb_id", _org_text("r"))
        where.add(f"p.id IN (SELECT r.person_id FROM person_roles r{inner.sql()})", *inner.params)
    sql = ("SELECT p.id, p.name, "
           "(SELECT count(*) FROM quotes WHERE person_id = p.id) AS quotes, "
           "(SELECT count(DISTINCT article_id) FROM mentions WHERE person_id = p.id) AS articles "
           f"FROM people p{where.sql()} ORDER BY quotes DESC, articles DESC, p.name LIMIT ?")
    return _rows(con.execute(sql, [*where.params, _limit(limit)]))


def person(con: sqlite3.Connection, person_id: int) -> dict[str, Any] | None:
    """One person: name, aliases, roles over time (first and last date of each role and
    organisation), counts, and the topics of the articles they are quoted in."""
    row = con.execute("SELECT id, name, key FROM people WHERE id = ?", (person_id,)).fetchone()
    if row is None:
        return None
    out = dict(row)
    out["aliases"] = [r[0] for r in con.execute(
        "SELECT alias FROM aliases WHERE person_id = ? ORDER BY alias", (person_id,))]
    out["roles"] = _rows(con.execute(
        "SELECT role, organization_normalized AS organization, organization_kb_id, "
        "min(date) AS first_date, max(date) AS last_date, count(DISTINCT article_id) AS articles "
        "FROM person_roles WHERE person_id = ? GROUP BY role, organization_normalized, "
        "organization_kb_id ORDER BY first_date, role", (person_id,)))
    out["quotes"] = con.execute("SELECT count(*) FROM quotes WHERE person_id = ?",
                                (person_id,)).fetchone()[0]
    out["articles"] = con.execute(
        "SELECT count(*) FROM (SELECT article_id FROM mentions WHERE person_id = ? UNION "
        "SELECT article_id FROM quotes WHERE person_id = ?)", (person_id, person_id)).fetchone()[0]
    out["topics"] = _rows(con.execute(
        "SELECT t.label AS topic, count(DISTINCT t.article_id) AS articles FROM topics t "
        "WHERE t.article_id IN (SELECT article_id FROM quotes WHERE person_id = ?) "
        "GROUP BY t.label ORDER BY articles DESC, topic", (person_id,)))
    return out


def article(con: sqlite3.Connection, article_id: str) -> dict[str, Any] | None:
    """One article: its row (with ``error`` when it could not be analysed), its cleaned text
    (when kept), entities (a person's with ``person_id``), quotes, topics and people."""
    row = con.execute("SELECT * FROM articles WHERE id = ?", (str(article_id),)).fetchone()
    if row is None:
        return None
    out = dict(row)
    code, message = out.pop("error_code"), out.pop("error_message")
    out["error"] = {"code": code, "message": message} if code else None
    text = con.execute("SELECT text FROM texts WHERE article_id = ?", (out["id"],)).fetchone()
    out["text"] = text[0] if text else None
    out["entities"] = _rows(con.execute(
        'SELECT e.id, e.start, e."end", e.label, e.text, e.normalized, e.kb_id, m.person_id '
        "FROM entities e LEFT JOIN mentions m ON m.entity_id = e.id WHERE e.article_id = ? "
        "ORDER BY e.start", (out["id"],)))
    out["quotes"] = _rows(con.execute(
        f"SELECT {_QUOTE_COLUMNS}, q.cue_start, q.cue_end, q.speaker_start, q.speaker_end "
        "FROM quotes q JOIN articles a ON a.id = q.article_id LEFT JOIN people p "
        "ON p.id = q.person_id WHERE q.article_id = ? ORDER BY q.start", (out["id"],)))
    out["topics"] = _rows(con.execute(
        "SELECT label, score, rank FROM topics WHERE article_id = ? ORDER BY rank", (out["id"],)))
    out["people"] = _rows(con.execute(
        "SELECT DISTINCT p.id, p.name FROM people p WHERE p.id IN (SELECT person_id FROM "
        "mentions WHERE article_id = ? UNION SELECT person_id FROM quotes WHERE article_id = ?) "
        "ORDER BY p.name", (out["id"], out["id"])))
    return out


def stats(con: sqlite3.Connection) -> dict[str, int]:
    """How many articles (analysed and failed), entities, people and quotes the store has."""
    one = con.execute(
        "SELECT (SELECT count(*) FROM articles WHERE error_code IS NULL), "
        "(SELECT count(*) FROM articles WHERE error_code IS NOT NULL), "
        "(SELECT count(*) FROM entities), (SELECT count(*) FROM people), "
        "(SELECT count(*) FROM quotes)").fetchone()
    return dict(zip(("articles", "errors", "entities", "people", "quotes"), map(int, one),
                    strict=True))
