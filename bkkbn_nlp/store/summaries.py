"""The summary tables of the store, kept exact at write time.

The whole-corpus queries (:mod:`.queries`) read these instead of scanning quotes, topics
or entities:

- ``people.n_quotes``, ``n_quote_articles``, ``n_articles``: a person's quotes, the articles
  they are quoted in, the articles they are mentioned in (``people()``, ``top_speakers()``);
- ``topic_speakers``: per topic and person, quotes and articles (``top_speakers(topic=)``,
  ``person()``'s topics); ``speaker_dates``: the same per topic (``''``: any), date, outlet
  and person (``top_speakers`` with dates or an outlet);
- ``topic_dates``: articles per date, outlet and topic (``topic_counts``);
- ``entity_keys``: a number for each entity key (a label and a kb id, or the normalised
  name without one); ``key_names``: per key, the articles in which each name was the key's
  smallest normalised name; ``pair_kinds``: a number for each topic (``''``: any) and pair
  of labels; ``pair_counts``: per kind and pair of keys, the articles that have both, each
  pair stored once (``cooccurrence``).

Each article contributes a fixed amount to each of them, computed from its own rows, so
:func:`apply` adds an article's contribution after its rows are written and takes it away
before they are deleted, in the same transaction (:func:`~.writer.write_article`,
:meth:`Store.delete <bkkbn_nlp.store.Store.delete>`). The person part depends on the
``person_id`` links, so :func:`~.writer.reconcile` takes it away and adds it back around
the articles whose links it changes. :func:`rebuild` computes everything again from the
rows (a migrated store; the benchmark's copied store; the tests, which compare the two).
"""

from __future__ import annotations

import sqlite3

__all__ = ["apply", "apply_people", "rebuild"]

_TOPIC_SPEAKERS = (
    "INSERT INTO topic_speakers (label, person_id, quotes, articles) VALUES (?, ?, ?, ?) "
    "ON CONFLICT (label, person_id) DO UPDATE SET quotes = quotes + excluded.quotes, "
    "articles = articles + excluded.articles")
_PAIR_COUNTS = (
    "INSERT INTO pair_counts (kind, a, b, articles) VALUES (?, ?, ?, ?) "
    "ON CONFLICT (kind, a, b) DO UPDATE SET articles = articles + excluded.articles")
_SPEAKER_DATE = "label = ? AND date IS ? AND source IS ? AND person_id = ?"
_KEY_NAMES = (
    "INSERT INTO key_names (key_id, name, articles) VALUES (?, ?, ?) "
    "ON CONFLICT (key_id, name) DO UPDATE SET articles = articles + excluded.articles")


def _labels(con: sqlite3.Connection, article_id: str) -> list[str]:
    return [r[0] for r in con.execute("SELECT label FROM topics WHERE article_id = ?",
                                      (article_id,))]


def apply_people(con: sqlite3.Connection, article_id: str, sign: int) -> None:
    """Add (``sign=1``) or take away (``-1``) what one article's quotes and mentions count
    for their people: ``people``'s counts, ``topic_speakers`` and ``speaker_dates``."""
    quoted = [(int(r[0]), int(r[1])) for r in con.execute(
        "SELECT person_id, count(*) FROM quotes WHERE article_id = ? AND person_id IS NOT NULL "
        "GROUP BY person_id", (article_id,))]
    mentioned = [(sign, int(r[0])) for r in con.execute(
        "SELECT DISTINCT person_id FROM mentions WHERE article_id = ? AND person_id IS NOT NULL",
        (article_id,))]
    if mentioned:
        con.executemany("UPDATE people SET n_articles = n_articles + ? WHERE id = ?", mentioned)
    if not quoted:
        return
    con.executemany("UPDATE people SET n_quotes = n_quotes + ?, "
                    "n_quote_articles = n_quote_articles + ? WHERE id = ?",
                    [(sign * n, sign, pid) for pid, n in quoted])
    labels = _labels(con, article_id)
    rows = [(label, pid, sign * n, sign) for label in labels for pid, n in quoted]
    con.executemany(_TOPIC_SPEAKERS, rows)
    if sign < 0:
        con.executemany("DELETE FROM topic_speakers WHERE label = ? AND person_id = ? "
                        "AND articles <= 0", [r[:2] for r in rows])
    date, source = con.execute("SELECT date, source FROM articles WHERE id = ?",
                               (article_id,)).fetchone()
    for label in ["", *labels]:
        for pid, n in quoted:
            key = (label, date, source, pid)
            cur = con.execute("UPDATE speaker_dates SET quotes = quotes + ?, "
                              f"articles = articles + ? WHERE {_SPEAKER_DATE}",
                              (sign * n, sign, *key))
            if cur.rowcount == 0 and sign > 0:
                con.execute("INSERT INTO speaker_dates (label, date, source, person_id, quotes, "
                            "articles) VALUES (?, ?, ?, ?, ?, ?)", (*key, n, 1))
            elif sign < 0:
                con.execute(f"DELETE FROM speaker_dates WHERE {_SPEAKER_DATE} AND articles <= 0",
                            key)


def apply(con: sqlite3.Connection, article_id: str, sign: int) -> None:
    """Add (``sign=1``) or take away (``-1``) one article's whole contribution to the
    summary tables; called with the article's rows in place."""
    row = con.execute("SELECT date, source, error_code FROM articles WHERE id = ?",
                      (article_id,)).fetchone()
    if row is None or row[2] is not None:
        return  # an error record has no rows to count
    date, source = row[0], row[1]
    apply_people(con, article_id, sign)
    for label in _labels(con, article_id):
        cur = con.execute("UPDATE topic_dates SET n = n + ? WHERE label = ? AND date IS ? "
                          "AND source IS ?", (sign, label, date, source))
        if cur.rowcount == 0 and sign > 0:
            con.execute("INSERT INTO topic_dates (date, source, label, n) VALUES (?, ?, ?, ?)",
                        (date, source, label, sign))
        elif sign < 0:
            con.execute("DELETE FROM topic_dates WHERE label = ? AND date IS ? AND source IS ? "
                        "AND n <= 0", (label, date, source))
    _apply_pairs(con, article_id, sign)


def _key_id(con: sqlite3.Connection, label: str, key: str) -> int:
    """The number of an entity key, given on first use."""
    row = con.execute("SELECT id FROM entity_keys WHERE label = ? AND key = ?",
                      (label, key)).fetchone()
    if row is not None:
        return int(row[0])
    return int(con.execute("INSERT INTO entity_keys (label, key) VALUES (?, ?)",
                           (label, key)).lastrowid or 0)


def _kind_id(con: sqlite3.Connection, topic: str, label_a: str, label_b: str) -> int:
    """The number of a topic (``''``: any) and pair of labels, given on first use."""
    row = con.execute("SELECT id FROM pair_kinds WHERE topic = ? AND label_a = ? "
                      "AND label_b = ?", (topic, label_a, label_b)).fetchone()
    if row is not None:
        return int(row[0])
    return int(con.execute("INSERT INTO pair_kinds (topic, label_a, label_b) VALUES (?, ?, ?)",
                           (topic, label_a, label_b)).lastrowid or 0)


def _apply_pairs(con: sqlite3.Connection, article_id: str, sign: int) -> None:
    """One article's entity keys: the name each had in it (``key_names``), and each pair of
    keys once (``pair_counts``: the smaller label first, or for one label the smaller key
    id first; the query turns them round)."""
    sides = [(label, key, name, _key_id(con, label, key)) for label, key, name in con.execute(
        "SELECT label, coalesce(kb_id, normalized) AS k, min(normalized) FROM entities "
        "WHERE article_id = ? GROUP BY label, k", (article_id,)).fetchall()]
    if not sides:
        return
    names = [(kid, name, sign) for _, _, name, kid in sides]
    con.executemany(_KEY_NAMES, names)
    pairs = [(la, lb, ia, ib) for la, ka, _, ia in sides for lb, kb, _, ib in sides
             if ka != kb and (la < lb or (la == lb and ia < ib))]
    # once for all articles (topic ''), once for each topic of the article
    kinds: dict[tuple[str, str, str], int] = {}
    rows = []
    for topic in ["", *_labels(con, article_id)]:
        for la, lb, ia, ib in pairs:
            kind = kinds.get((topic, la, lb))
            if kind is None:
                kind = kinds[topic, la, lb] = _kind_id(con, topic, la, lb)
            rows.append((kind, ia, ib, sign))
    con.executemany(_PAIR_COUNTS, rows)
    if sign < 0:
        con.executemany("DELETE FROM key_names WHERE key_id = ? AND name = ? AND articles <= 0",
                        [r[:2] for r in names])
        con.executemany("DELETE FROM pair_counts WHERE kind = ? AND a = ? AND b = ? "
                        "AND articles <= 0", [r[:3] for r in rows])


_REBUILD = (
    "DELETE FROM topic_speakers",
    "DELETE FROM topic_dates",
    "DELETE FROM pair_counts",
    "UPDATE people SET "
    "n_quotes = (SELECT count(*) FROM quotes q WHERE q.person_id = people.id), "
    "n_quote_articles = (SELECT count(DISTINCT q.article_id) FROM quotes q "
    "WHERE q.person_id = people.id), "
    "n_articles = (SELECT count(DISTINCT m.article_id) FROM mentions m "
    "WHERE m.person_id = people.id)",
    "INSERT INTO topic_speakers (label, person_id, quotes, articles) "
    "SELECT t.label, q.person_id, count(*), count(DISTINCT q.article_id) FROM quotes q "
    "JOIN topics t ON t.article_id = q.article_id WHERE q.person_id IS NOT NULL "
    "GROUP BY t.label, q.person_id",
    "DELETE FROM speaker_dates",
    "INSERT INTO speaker_dates (label, date, source, person_id, quotes, articles) "
    "SELECT '', date, source, person_id, count(*), count(DISTINCT article_id) FROM quotes "
    "WHERE person_id IS NOT NULL GROUP BY date, source, person_id",
    "INSERT INTO speaker_dates (label, date, source, person_id, quotes, articles) "
    "SELECT t.label, q.date, q.source, q.person_id, count(*), count(DISTINCT q.article_id) "
    "FROM quotes q JOIN topics t ON t.article_id = q.article_id WHERE q.person_id IS NOT NULL "
    "GROUP BY t.label, q.date, q.source, q.person_id",
    "INSERT INTO topic_dates (date, source, label, n) SELECT a.date, a.source, t.label, "
    "count(*) FROM topics t JOIN articles a ON a.id = t.article_id "
    "GROUP BY a.date, a.source, t.label",
    "DELETE FROM key_names",
    "INSERT OR IGNORE INTO entity_keys (label, key) SELECT DISTINCT label, "
    "coalesce(kb_id, normalized) FROM entities",
    "CREATE TEMP TABLE side AS SELECT e.article_id, k.id, k.label, k.key, min(e.normalized) "
    "AS name FROM entities e JOIN entity_keys k ON k.label = e.label "
    "AND k.key = coalesce(e.kb_id, e.normalized) GROUP BY e.article_id, k.id",
    "CREATE INDEX temp.side_article ON side(article_id)",
    "INSERT INTO key_names (key_id, name, articles) SELECT id, name, count(*) FROM side "
    "GROUP BY id, name",
    "CREATE TEMP TABLE pairs AS SELECT a.article_id, a.label AS label_a, b.label AS label_b, "
    "a.id AS a, b.id AS b FROM side a JOIN side b ON b.article_id = a.article_id "
    "AND a.key != b.key AND (a.label < b.label OR (a.label = b.label AND a.id < b.id))",
    "DELETE FROM pair_kinds",
    "INSERT INTO pair_kinds (topic, label_a, label_b) SELECT DISTINCT '', label_a, label_b "
    "FROM pairs UNION SELECT DISTINCT t.label, p.label_a, p.label_b FROM pairs p "
    "JOIN topics t ON t.article_id = p.article_id",
    "INSERT INTO pair_counts (kind, a, b, articles) SELECT k.id, p.a, p.b, count(*) "
    "FROM pairs p JOIN pair_kinds k ON k.topic = '' AND k.label_a = p.label_a "
    "AND k.label_b = p.label_b GROUP BY k.id, p.a, p.b",
    "INSERT INTO pair_counts (kind, a, b, articles) SELECT k.id, p.a, p.b, count(*) "
    "FROM pairs p JOIN topics t ON t.article_id = p.article_id JOIN pair_kinds k "
    "ON k.topic = t.label AND k.label_a = p.label_a AND k.label_b = p.label_b "
    "GROUP BY k.id, p.a, p.b",
    "DROP TABLE temp.pairs",
    "DROP TABLE temp.side",
    "DELETE FROM entity_keys WHERE id NOT IN (SELECT key_id FROM key_names)",
)


def rebuild(con: sqlite3.Connection) -> None:
    """Compute every summary table again from the store's rows (inside the caller's
    transaction)."""
    for sql in _REBUILD:
        con.execute(sql)
