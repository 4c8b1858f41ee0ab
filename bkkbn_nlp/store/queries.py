"""The read side of the store: one function per common question, each returning plain
dicts (JSON-ready, for a table, a CSV file or a web page).

Every value reaches SQLite as a bound parameter; only fixed SQL text (column names chosen
from fixed tables) is put together here. Dates compare as text, so ``since="2019-01"``
means from January 2019 on and ``until="2019-01"`` up to its last day.

The whole-corpus questions read the summary tables of :mod:`.summaries` (``people()``,
``top_speakers``, ``topic_counts``, ``person()``'s topics, and ``cooccurrence`` without
dates), and quotes are filtered and sorted on the article's date and outlet copied into
``quotes`` (indexes ``quotes_date``, ``quotes_person_date``, ``quotes_source``); the answers
are those of the plain joins (tests/store/test_summaries.py compares the two), with ties
broken by id where the plain join left their order open.
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
    # the LIKE (ASCII case ignored) of the regional offices, with the range of lower(kb) it
    # implies in front of it, so that the index on lower(kb) finds them
    prefix = _ascii_lower(agency) + "@"
    where.add(f"({kb} = ? OR (lower({kb}) >= ? AND lower({kb}) < ? AND {kb} LIKE ? ESCAPE '\\'))",
              agency, prefix, prefix[:-1] + "A", _like(agency)[1:-1] + "@%")


def _ascii_lower(text: str) -> str:
    """``text`` with A-Z in lower case, as SQLite's ``lower()`` and ``LIKE`` fold it."""
    return text.translate(_ASCII_LOWER)


_ASCII_LOWER = {c: c + 32 for c in range(ord("A"), ord("Z") + 1)}


_QUOTE_COLUMNS = (
    "q.id, q.article_id, q.date, q.source, a.title, q.type, q.content, q.cue, "
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
    where.topic(topic, "q.article_id")
    where.dates(since, until, "q.date")
    if outlet:
        where.add("q.source = ? COLLATE NOCASE", outlet)
    if text is not None:
        match = fts_query(text)
        if match is None:
            return []
        where.add("q.id IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?)", match)
    sql = (f"SELECT {_QUOTE_COLUMNS} FROM quotes q JOIN articles a ON a.id = q.article_id "
           f"LEFT JOIN people p ON p.id = q.person_id{where.sql()} "
           "ORDER BY q.date DESC, q.article_id, q.start, q.id LIMIT ?")
    return _rows(con.execute(sql, [*where.params, _limit(limit)]))


def top_speakers(con: sqlite3.Connection, *, topic: str | None = None, since: str | None = None,
                 until: str | None = None, outlet: str | None = None,
                 limit: int | None = 20) -> list[dict[str, Any]]:
    """The most quoted people (quotes attributed to a person), with their latest role."""
    # the counts kept at write time (summaries): the numbers of the plain join of quotes,
    # articles and topics, without the scan
    if since is None and until is None and not outlet:
        if topic:
            sql = ("SELECT s.person_id, p.name AS person, s.quotes, s.articles "
                   "FROM topic_speakers s JOIN people p ON p.id = s.person_id "
                   "WHERE s.label = ? ORDER BY quotes DESC, person, s.person_id LIMIT ?")
            params: list[Any] = [topic]
        else:
            sql = ("SELECT p.id AS person_id, p.name AS person, p.n_quotes AS quotes, "
                   "p.n_quote_articles AS articles FROM people p WHERE p.n_quotes > 0 "
                   "ORDER BY p.n_quotes DESC, p.name, p.id LIMIT ?")
            params = []
    else:
        # per date and outlet: an article has one of each, so the sums are exact
        where = _Where()
        where.add("s.label = ?", topic or "")
        where.dates(since, until, "s.date")
        if outlet:
            where.add("s.source = ? COLLATE NOCASE", outlet)
        sql = ("SELECT s.person_id, p.name AS person, sum(s.quotes) AS quotes, "
               "sum(s.articles) AS articles FROM speaker_dates s "
               f"JOIN people p ON p.id = s.person_id{where.sql()} "
               "GROUP BY s.person_id ORDER BY quotes DESC, person, s.person_id LIMIT ?")
        params = where.params
    out = _rows(con.execute(sql, [*params, _limit(limit)]))
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
    if since is None and until is None:
        return _pairs(con, label_a, label_b, topic or "", limit)
    # the filters are on the article, so each side keeps only the articles that pass
    where = _Where()
    where.add("e.label = ?")
    where.topic(topic, "e.article_id")
    if since is not None or until is not None:
        dates = _Where()
        dates.dates(since, until, "d.date")
        where.add(f"e.article_id IN (SELECT d.id FROM articles d{dates.sql()})", *dates.params)
    side = ("SELECT e.article_id, coalesce(e.kb_id, e.normalized) AS k, "
            f"min(e.normalized) AS name FROM entities e{where.sql()} GROUP BY e.article_id, k")
    sql = (f"WITH a AS ({side}), b AS ({side}), x AS (SELECT a.article_id, a.k AS ka, "
           "a.name AS na, b.k AS kb, b.name AS nb FROM a JOIN b ON a.article_id = b.article_id "
           "AND a.k != b.k) "
           "SELECT min(na) AS a, ka AS a_id, min(nb) AS b, kb AS b_id, count(*) AS articles "
           "FROM x GROUP BY ka, kb ORDER BY articles DESC, a, b, a_id, b_id LIMIT ?")
    params = where.params
    return _rows(con.execute(sql, [label_a, *params, label_b, *params, _limit(limit)]))


def _pairs(con: sqlite3.Connection, label_a: str, label_b: str, topic: str,
           limit: int | None) -> list[dict[str, Any]]:
    """:func:`cooccurrence` without dates, from the counts kept at write time
    (``pair_counts`` of the ``topic``, ``''`` for all; each pair stored once, turned round
    here): the pairs with at least as many articles as the ``limit``-th (ties are ordered by
    name, so all of them are read), named as the plain join names them."""
    n = _limit(limit)
    low, high = sorted((label_a, label_b))
    both = label_a == label_b  # (x, y) is stored once and answers as (x, y) and (y, x)
    kind = con.execute("SELECT id FROM pair_kinds WHERE topic = ? AND label_a = ? "
                       "AND label_b = ?", (topic, low, high)).fetchone()
    if kind is None:
        return []
    least = 1
    if n > 0:
        row = con.execute("SELECT articles FROM pair_counts WHERE kind = ? "
                          "ORDER BY articles DESC LIMIT 1 OFFSET ?",
                          (kind[0], (n + 1) // 2 - 1 if both else n - 1)).fetchone()
        least = int(row[0]) if row is not None else 1
    stored = con.execute("SELECT a, b, articles FROM pair_counts WHERE kind = ? "
                         "AND articles >= ?", (kind[0], least)).fetchall()
    pairs = [(b, a, c) if label_a > label_b else (a, b, c) for a, b, c in stored]
    if both:
        pairs += [(b, a, c) for a, b, c in stored]
    keys = _keys(con, {k for a, b, _ in pairs for k in (a, b)})
    out = []
    for a, b, count in pairs:
        (key_a, name_a, several_a), (key_b, name_b, several_b) = keys[a], keys[b]
        if several_a:
            name_a = _pair_name(con, label_a, key_a, label_b, key_b, topic)
        if several_b:
            name_b = _pair_name(con, label_b, key_b, label_a, key_a, topic)
        out.append({"a": name_a, "a_id": key_a, "b": name_b, "b_id": key_b,
                    "articles": count})
    out.sort(key=lambda r: (-r["articles"], r["a"], r["b"], r["a_id"], r["b_id"]))
    return out[:n] if n > 0 else out


def _keys(con: sqlite3.Connection, ids: set[int]) -> dict[int, tuple[str, str, bool]]:
    """Entity keys by id: the key, its smallest name, and whether it had several names."""
    out: dict[int, tuple[str, str, bool]] = {}
    todo = sorted(ids)
    for i in range(0, len(todo), 500):
        chunk = todo[i:i + 500]
        for kid, key, name, names in con.execute(
                "SELECT k.id, k.key, min(n.name), count(*) FROM entity_keys k JOIN key_names n "
                f"ON n.key_id = k.id WHERE k.id IN ({', '.join('?' * len(chunk))}) "
                "GROUP BY k.id", chunk):
            out[int(kid)] = (key, name, names > 1)
    return out


def _pair_name(con: sqlite3.Connection, label: str, key: str, other_label: str,
               other_key: str, topic: str) -> str:
    """The name of key ``key`` in a pair when it was written in several ways: the smallest
    normalised name it has in the articles (of the ``topic``) that also have ``other_key``."""
    of_topic = ("AND EXISTS (SELECT 1 FROM topics t WHERE t.article_id = e.article_id "
                "AND t.label = ?)") if topic else "AND ? = ''"
    row = con.execute(
        "SELECT min(e.normalized) FROM entities e WHERE e.label = ? AND (e.kb_id = ? OR "
        "(e.kb_id IS NULL AND e.normalized = ?)) AND EXISTS (SELECT 1 FROM entities f "
        "WHERE f.article_id = e.article_id AND f.label = ? AND (f.kb_id = ? OR "
        f"(f.kb_id IS NULL AND f.normalized = ?))) {of_topic}",
        (label, key, key, other_label, other_key, other_key, topic)).fetchone()
    return str(row[0])


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
        where.add("a.label = ?", topic)
    where.dates(since, until)
    # topic_dates (summaries): articles per date, outlet and topic, kept at write time
    sql = (f"SELECT {TOPIC_GROUPS[by]} AS {by}, a.label AS topic, sum(a.n) AS articles "
           f"FROM topic_dates a{where.sql()} "
           f"GROUP BY {by}, a.label ORDER BY {by}, articles DESC, topic")
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
    sql = ("SELECT p.id, p.name, p.n_quotes AS quotes, p.n_articles AS articles "
           f"FROM people p{where.sql()} ORDER BY p.n_quotes DESC, p.n_articles DESC, p.name, "
           "p.id LIMIT ?")
    return _rows(con.execute(sql, [*where.params, _limit(limit)]))


def person(con: sqlite3.Connection, person_id: int) -> dict[str, Any] | None:
    """One person: name, aliases, roles over time (first and last date of each role and
    organisation), counts, and the topics of the articles they are quoted in."""
    row = con.execute("SELECT id, name, key, n_quotes FROM people WHERE id = ?",
                      (person_id,)).fetchone()
    if row is None:
        return None
    out = dict(row)
    n_quotes = out.pop("n_quotes")
    out["aliases"] = [r[0] for r in con.execute(
        "SELECT alias FROM aliases WHERE person_id = ? ORDER BY alias", (person_id,))]
    out["roles"] = _rows(con.execute(
        "SELECT role, organization_normalized AS organization, organization_kb_id, "
        "min(date) AS first_date, max(date) AS last_date, count(DISTINCT article_id) AS articles "
        "FROM person_roles WHERE person_id = ? GROUP BY role, organization_normalized, "
        "organization_kb_id ORDER BY first_date, role", (person_id,)))
    out["quotes"] = n_quotes
    out["articles"] = con.execute(
        "SELECT count(*) FROM (SELECT article_id FROM mentions WHERE person_id = ? UNION "
        "SELECT article_id FROM quotes WHERE person_id = ?)", (person_id, person_id)).fetchone()[0]
    out["topics"] = _rows(con.execute(
        "SELECT label AS topic, articles FROM topic_speakers WHERE person_id = ? "
        "ORDER BY articles DESC, topic", (person_id,)))
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
        "ON p.id = q.person_id WHERE q.article_id = ? ORDER BY q.start, q.id", (out["id"],)))
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
