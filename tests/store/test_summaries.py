"""The summary tables and denormalised columns (schema version 2) give the answers of the
plain joins: after indexing, re-indexing, replacing, deleting and identity merges and
splits, every fast query equals its straightforward recomputation, and the tables kept at
write time equal the ones computed again from the rows. Also: the migration from version 1,
and the indexes the query plans use."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from bkkbn_nlp.io.schema import Analysis, EntitySpan
from bkkbn_nlp.labels import ENTITY_LABELS
from bkkbn_nlp.store import SCHEMA_VERSION, Store, StoreError
from bkkbn_nlp.store.queries import TOPIC_GROUPS
from bkkbn_nlp.store.schema import SUMMARY_TABLES
from bkkbn_nlp.store.summaries import rebuild
from bkkbn_nlp.store.writer import ArticleMeta, write_article

from .conftest import corpus_records

# ---------------------------------------------------------------- the plain joins
# (the queries of schema version 1, which scan quotes, topics and entities)


def _rows(con: sqlite3.Connection, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    return [dict(r) for r in con.execute(sql, params)]


def slow_quotes(con: sqlite3.Connection, topic: str | None = None, since: str | None = None,
                outlet: str | None = None, kb: str | None = None) -> list[dict[str, Any]]:
    where, params = ["1"], []
    if kb:
        where.append("(q.organization_kb_id = ? OR q.organization_kb_id LIKE ? ESCAPE '\\')")
        params += [kb, kb.replace("_", "\\_") + "@%"]
    if topic:
        where.append("EXISTS (SELECT 1 FROM topics t WHERE t.article_id = a.id AND t.label = ?)")
        params.append(topic)
    if since:
        where.append("a.date >= ?")
        params.append(since)
    if outlet:
        where.append("a.source = ? COLLATE NOCASE")
        params.append(outlet)
    return _rows(con, "SELECT q.id, q.article_id, a.date, a.source, a.title, q.type, q.content, "
                 "q.cue, q.speaker_text, q.speaker_name, q.person_id, p.name AS person, q.role, "
                 "q.organization, q.organization_normalized, q.organization_kb_id, q.start, "
                 "q.\"end\" FROM quotes q JOIN articles a ON a.id = q.article_id LEFT JOIN "
                 f"people p ON p.id = q.person_id WHERE {' AND '.join(where)} "
                 "ORDER BY a.date DESC, q.article_id, q.start, q.id", params)


def slow_top_speakers(con: sqlite3.Connection, topic: str | None = None,
                      since: str | None = None, outlet: str | None = None
                      ) -> list[dict[str, Any]]:
    where, params = ["q.person_id IS NOT NULL"], []
    if outlet:
        where.append("a.source = ? COLLATE NOCASE")
        params.append(outlet)
    if topic:
        where.append("EXISTS (SELECT 1 FROM topics t WHERE t.article_id = a.id AND t.label = ?)")
        params.append(topic)
    if since:
        where.append("a.date >= ?")
        params.append(since)
    return _rows(con, "SELECT q.person_id, p.name AS person, count(*) AS quotes, "
                 "count(DISTINCT q.article_id) AS articles FROM quotes q JOIN articles a "
                 "ON a.id = q.article_id JOIN people p ON p.id = q.person_id "
                 f"WHERE {' AND '.join(where)} GROUP BY q.person_id "
                 "ORDER BY quotes DESC, person, q.person_id", params)


def slow_cooccurrence(con: sqlite3.Connection, label_a: str, label_b: str,
                      topic: str | None = None, since: str | None = None
                      ) -> list[dict[str, Any]]:
    where, params = ["1"], []
    if topic:
        where.append("EXISTS (SELECT 1 FROM topics t WHERE t.article_id = x.article_id "
                     "AND t.label = ?)")
        params.append(topic)
    if since:
        where.append("(SELECT date FROM articles WHERE id = x.article_id) >= ?")
        params.append(since)
    side = ("SELECT article_id, coalesce(kb_id, normalized) AS k, min(normalized) AS name "
            "FROM entities WHERE label = ? GROUP BY article_id, k")
    return _rows(con, f"WITH a AS ({side}), b AS ({side}), x AS (SELECT a.article_id, "
                 "a.k AS ka, a.name AS na, b.k AS kb, b.name AS nb FROM a JOIN b "
                 "ON a.article_id = b.article_id AND a.k != b.k) SELECT min(na) AS a, "
                 "ka AS a_id, min(nb) AS b, kb AS b_id, count(*) AS articles FROM x "
                 f"WHERE {' AND '.join(where)} GROUP BY ka, kb "
                 "ORDER BY articles DESC, a, b, a_id, b_id", [label_a, label_b, *params])


def slow_topic_counts(con: sqlite3.Connection, by: str, topic: str | None = None,
                      since: str | None = None) -> list[dict[str, Any]]:
    group = TOPIC_GROUPS[by]
    where, params = [f"{group} IS NOT NULL"], []
    if topic:
        where.append("t.label = ?")
        params.append(topic)
    if since:
        where.append("a.date >= ?")
        params.append(since)
    return _rows(con, f"SELECT {group} AS {by}, t.label AS topic, count(*) AS articles "
                 f"FROM topics t JOIN articles a ON a.id = t.article_id "
                 f"WHERE {' AND '.join(where)} GROUP BY {by}, t.label "
                 f"ORDER BY {by}, articles DESC, topic", params)


def slow_people(con: sqlite3.Connection) -> list[dict[str, Any]]:
    return _rows(con, "SELECT p.id, p.name, "
                 "(SELECT count(*) FROM quotes WHERE person_id = p.id) AS quotes, "
                 "(SELECT count(DISTINCT article_id) FROM mentions WHERE person_id = p.id) "
                 "AS articles FROM people p ORDER BY quotes DESC, articles DESC, p.name, p.id",
                 [])


def slow_person_topics(con: sqlite3.Connection, person_id: int) -> list[dict[str, Any]]:
    return _rows(con, "SELECT t.label AS topic, count(DISTINCT t.article_id) AS articles "
                 "FROM topics t WHERE t.article_id IN (SELECT article_id FROM quotes "
                 "WHERE person_id = ?) GROUP BY t.label ORDER BY articles DESC, topic",
                 [person_id])


def assert_fast_equals_slow(store: Store) -> None:
    """Every query that reads a summary table or a copied column, against its plain join."""
    con = store.con
    topics = [r[0] for r in con.execute("SELECT DISTINCT label FROM topics ORDER BY label")]
    outlets = [r[0] for r in con.execute("SELECT DISTINCT source FROM articles "
                                         "WHERE source IS NOT NULL")]
    for topic in [None, *topics]:
        for since in [None, "2019-05", "2019-06-01"]:
            assert store.quotes(topic=topic, since=since, limit=None) == \
                slow_quotes(con, topic, since), (topic, since)
            assert store.top_speakers(topic=topic, since=since, limit=None) == \
                _with_roles(store, slow_top_speakers(con, topic, since)), (topic, since)
            for by in TOPIC_GROUPS:
                assert store.topic_counts(by=by, topic=topic, since=since) == \
                    slow_topic_counts(con, by, topic, since), (by, topic, since)
    for outlet in [*outlets, *(o.upper() for o in outlets)]:
        assert store.quotes(outlet=outlet, limit=None) == slow_quotes(con, outlet=outlet)
        for topic in [None, *topics[:3]]:
            assert store.top_speakers(topic=topic, outlet=outlet, limit=None) == \
                _with_roles(store, slow_top_speakers(con, topic, outlet=outlet)), outlet
    assert store.top_speakers(until="2019-05", limit=None) == \
        [r for r in store.top_speakers(until="2019-05", since="1000", limit=None)]
    kbs = {r[0].split("@")[0] for r in con.execute(
        "SELECT organization_kb_id FROM quotes WHERE organization_kb_id IS NOT NULL")}
    kbs = {k for k in kbs if k.startswith("agency:")}  # what is taken as a kb id
    for kb in sorted(kbs) + ["agency:" + k[7:].upper() for k in kbs] + ["agency:b_kkbn"]:
        assert store.quotes(agency=kb, limit=None) == slow_quotes(con, kb=kb), kb
    for label_a in ENTITY_LABELS:
        for label_b in ENTITY_LABELS:
            slow = slow_cooccurrence(con, label_a, label_b)
            assert store.cooccurrence(label_a, label_b, limit=None) == slow
            for limit in (1, 3, 10):
                assert store.cooccurrence(label_a, label_b, limit=limit) == slow[:limit]
            for topic in topics[:3]:
                assert store.cooccurrence(label_a, label_b, topic=topic, limit=None) == \
                    slow_cooccurrence(con, label_a, label_b, topic=topic)
            assert store.cooccurrence(label_a, label_b, since="2019-06", limit=None) == \
                slow_cooccurrence(con, label_a, label_b, since="2019-06")
    slow_all = slow_people(con)
    assert store.people(limit=None) == slow_all
    assert store.people(limit=5) == slow_all[:5]
    for row in slow_all:
        person = store.person(row["id"])
        assert person is not None
        assert person["quotes"] == row["quotes"]
        assert person["topics"] == slow_person_topics(con, row["id"])
    assert store.top_speakers(limit=3) == store.top_speakers(limit=None)[:3]


def _with_roles(store: Store, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    for row in rows:
        latest = store.con.execute(
            "SELECT role, organization_normalized FROM person_roles WHERE person_id = ? "
            "AND role IS NOT NULL ORDER BY date DESC LIMIT 1", (row["person_id"],)).fetchone()
        row["role"], row["organization"] = (latest[0], latest[1]) if latest else (None, None)
    return rows


def summary_tables(con: sqlite3.Connection) -> dict[str, list[tuple[Any, ...]]]:
    """The summary tables' rows (entity keys by their label and key, not their number)."""
    out = {t: sorted(tuple(r) for r in con.execute(f"SELECT * FROM {t}"))  # noqa: S608
           for t in ("topic_speakers", "topic_dates")}
    out["speaker_dates"] = sorted(tuple(r) for r in con.execute(
        "SELECT label, coalesce(date, '-'), coalesce(source, '-'), person_id, quotes, articles "
        "FROM speaker_dates"))
    out["key_names"] = sorted(tuple(r) for r in con.execute(
        "SELECT k.label, k.key, n.name, n.articles FROM key_names n "
        "JOIN entity_keys k ON k.id = n.key_id"))
    # a pair of one label is stored once, in the order of the keys' numbers
    out["pair_counts"] = sorted(
        (t, la, lb, *(sorted((a, b)) if la == lb else (a, b)), n) for t, la, lb, a, b, n in
        con.execute("SELECT k.topic, k.label_a, k.label_b, a.key, b.key, p.articles "
                    "FROM pair_counts p JOIN pair_kinds k ON k.id = p.kind "
                    "JOIN entity_keys a ON a.id = p.a JOIN entity_keys b ON b.id = p.b"))
    out["people"] = sorted(tuple(r) for r in con.execute(
        "SELECT id, n_quotes, n_quote_articles, n_articles FROM people"))
    return out


def assert_kept_equals_rebuilt(store: Store) -> None:
    """The summary tables kept at write time equal the ones computed from the rows."""
    kept = summary_tables(store.con)
    store.con.execute("BEGIN")
    rebuild(store.con)
    rebuilt = summary_tables(store.con)
    store.con.execute("ROLLBACK")
    assert kept == rebuilt
    assert all(n > 0 for rows in kept.values() for n in (r[-1] for r in rows)
               if rows is not kept["people"])


# ---------------------------------------------------------------- the example corpus


@pytest.fixture(scope="module")
def reindexed(tmp_path_factory: pytest.TempPathFactory, nlp: Any) -> Path:
    """The example corpus indexed, then partly indexed again, one article replaced by
    another text, one by an error record, one deleted."""
    path = tmp_path_factory.mktemp("summaries") / "s.sqlite"
    records = corpus_records()
    with Store(path) as store:
        store.index(records, nlp=nlp, batch_size=2)
        store.index(records[1:4], nlp=nlp)  # the same again
        changed = dict(records[2], text=records[0]["text"], source="lain.example",
                       date="2019-07-01")
        store.index([changed], nlp=nlp)  # another text (and outlet, date) under its id
        store.index([{"id": records[3]["id"], "text": None}], nlp=nlp)  # now an error
        assert store.delete(records[4]["id"])
    return path


def test_the_example_corpus_fast_equals_slow(store_path: Path) -> None:
    with Store(store_path) as store:  # the rebuild is rolled back
        assert_fast_equals_slow(store)
        assert_kept_equals_rebuilt(store)


def test_after_reindexing_fast_equals_slow(reindexed: Path) -> None:
    with Store(reindexed) as store:
        assert store.stats()["errors"] == 1
        assert_kept_equals_rebuilt(store)
        assert_fast_equals_slow(store)


def test_indexing_everything_again_gives_the_same_summaries(reindexed: Path, tmp_path: Path,
                                                            nlp: Any) -> None:
    with Store(reindexed, readonly=True) as store:
        before = summary_tables(store.con)
        names = {r[0]: r[1] for r in store.con.execute("SELECT id, name FROM people")}
    copy = tmp_path / "copy.sqlite"
    src = sqlite3.connect(reindexed)
    dst = sqlite3.connect(copy)
    src.backup(dst)
    src.close()
    dst.close()
    with Store(copy) as store:
        records = corpus_records()
        store.index([r for r in records if r["id"] not in (records[2]["id"], records[3]["id"],
                                                            records[4]["id"])], nlp=nlp)
        after = summary_tables(store.con)
        assert {r[0]: r[1] for r in store.con.execute("SELECT id, name FROM people")} == names
        # the same counts under the same person ids
        assert after == before
        assert_kept_equals_rebuilt(store)


# ---------------------------------------------------------------- merges and splits


def _write(store: Store, article_id: str, names: list[str], *, speakers: list[str] = (),
           topics: tuple[str, ...] = ("kesehatan",), date: str = "2019-01-01",
           places: tuple[tuple[str, str | None], ...] = ()) -> None:
    """Store an invented article: PER entities ``names``, LOC entities ``places`` (name,
    kb id), one quote by each of ``speakers``."""
    ents, pos = [], 0
    for name in names:
        ents.append(EntitySpan(name, "PER", pos, pos + len(name), name))
        pos += len(name) + 1
    for place, kb in places:
        ents.append(EntitySpan(place, "LOC", pos, pos + len(place), place, kb))
        pos += len(place) + 1
    quotes = tuple({"type": "direct", "text": f"Kata {s}.", "start": i, "end": i + 1,
                    "cue": None, "speaker": {"name": s, "text": s, "start": 0, "end": 1}}
                   for i, s in enumerate(speakers))
    analysis = Analysis(text=" ".join(n for n in names) or "x", entities=tuple(ents),
                        quotes=quotes, topics=tuple((t, 0.5) for t in topics))
    store.con.execute("BEGIN")
    write_article(store.con, ArticleMeta(article_id, source="contoh", date=date), analysis)
    store.con.execute("COMMIT")
    store.reconcile()


def test_merges_and_splits_move_the_counts(tmp_path: Path) -> None:
    with Store(tmp_path / "s.sqlite") as store:
        _write(store, "a1", ["Hasnah"], speakers=["Hasnah", "Hasnah"],
               places=(("Kendari", "region:7471"), ("Konawe", None)))
        _write(store, "a2", ["Andi Rahman"], speakers=["Andi Rahman"], topics=("ekonomi",))
        assert_kept_equals_rebuilt(store)
        assert_fast_equals_slow(store)
        # the full name arrives: "Hasnah" merges into it
        _write(store, "a3", ["Hasnah Wulandari", "Hasnah"], speakers=["Hasnah Wulandari"],
               topics=("kesehatan", "ekonomi"), date="2019-06-02",
               places=(("Kota Kendari", "region:7471"), ("Konawe", None)))
        assert [p["person"] for p in store.top_speakers(limit=1)] == ["Hasnah Wulandari"]
        assert store.top_speakers(limit=1)[0]["quotes"] == 3
        assert_kept_equals_rebuilt(store)
        assert_fast_equals_slow(store)
        # a second full name with the word: the merge is undone
        _write(store, "a4", ["Hasnah Marlina"], speakers=["Hasnah Marlina"], date="2019-07-01")
        assert store.top_speakers(topic="kesehatan", limit=1)[0]["person"] == "Hasnah"
        assert_kept_equals_rebuilt(store)
        assert_fast_equals_slow(store)
        # replaced with fewer rows, then deleted
        _write(store, "a3", ["Hasnah Wulandari"], topics=())
        assert_kept_equals_rebuilt(store)
        assert_fast_equals_slow(store)
        store.delete("a1")
        store.delete("a4")
        assert_kept_equals_rebuilt(store)
        assert_fast_equals_slow(store)
        assert store.cooccurrence("LOC", "LOC") == []


# ---------------------------------------------------------------- migration from version 1


def _make_version_1(path: Path) -> None:
    """Turn a version 2 store back into the version 1 schema (the columns, indexes and
    tables version 2 added removed)."""
    con = sqlite3.connect(path)
    for index in ("quotes_date", "quotes_person_date", "quotes_source", "quotes_org_lower",
                  "person_roles_org_lower", "people_quoted", "people_order"):
        con.execute(f"DROP INDEX {index}")
    for table in SUMMARY_TABLES:
        con.execute(f"DROP TABLE {table}")
    for table, column in (("quotes", "date"), ("quotes", "source"), ("people", "n_quotes"),
                          ("people", "n_quote_articles"), ("people", "n_articles")):
        con.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    con.execute("CREATE INDEX quotes_person ON quotes(person_id)")
    con.execute("UPDATE schema_version SET version = 1")
    con.commit()
    con.close()


def test_a_version_1_store_is_migrated_when_opened_for_writing(store_path: Path,
                                                               tmp_path: Path) -> None:
    path = tmp_path / "v1.sqlite"
    src, dst = sqlite3.connect(store_path), sqlite3.connect(path)
    src.backup(dst)
    src.close()
    dst.close()
    _make_version_1(path)
    with pytest.raises(StoreError, match=r"\[E101\].*version 1.*open it once for writing"):
        Store(path, readonly=True)
    with Store(path) as migrated, Store(store_path, readonly=True) as original:
        assert migrated.con.execute("SELECT version FROM schema_version").fetchone()[0] == \
            SCHEMA_VERSION == 2
        assert summary_tables(migrated.con) == summary_tables(original.con)
        assert migrated.quotes(limit=None) == original.quotes(limit=None)
        assert_fast_equals_slow(migrated)
    with Store(path, readonly=True) as again:  # migrated once: opens read-only now
        assert again.stats() == Store(store_path, readonly=True).stats()


def test_a_newer_store_is_refused(tmp_path: Path) -> None:
    Store(tmp_path / "s.sqlite").close()
    con = sqlite3.connect(tmp_path / "s.sqlite")
    con.execute("UPDATE schema_version SET version = 3")
    con.commit()
    con.close()
    with pytest.raises(StoreError, match=r"\[E101\].*version 3.*reads version 2"):
        Store(tmp_path / "s.sqlite")


# ---------------------------------------------------------------- query plans


def _plan(store: Store, sql: str, params: list[Any]) -> str:
    return " | ".join(r[3] for r in store.con.execute("EXPLAIN QUERY PLAN " + sql, params))


@pytest.mark.parametrize(("what", "uses", "never"), [
    ("quotes", "quotes_date", "TEMP B-TREE"),
    ("quotes_topic", "quotes_date", "TEMP B-TREE"),
    ("quotes_person", "quotes_person_date", "SCAN q"),
    ("top_speakers", "people_quoted", "TEMP B-TREE"),
    ("top_speakers_topic", "PRIMARY KEY", "quotes"),
    ("people", "people_order", "TEMP B-TREE"),
    ("pairs", "SEARCH pair_counts USING PRIMARY KEY (kind=?", "entities"),
    ("pairs_topic", "SEARCH pair_counts USING PRIMARY KEY (kind=?", "entities"),
    ("top_speakers_since", "speaker_dates_key", "quotes"),
    ("topic_counts", "topic_dates", "topics"),
])
def test_the_common_queries_use_their_indexes(store: Store, monkeypatch: pytest.MonkeyPatch,
                                              what: str, uses: str, never: str) -> None:
    seen: list[tuple[str, list[Any]]] = []
    real = store.con

    class Spy:
        def execute(self, sql: str, params: Any = ()) -> sqlite3.Cursor:
            seen.append((sql, list(params)))
            return real.execute(sql, params)

    from bkkbn_nlp.store import queries

    calls = {
        "quotes": lambda con: queries.quotes(con),
        "quotes_topic": lambda con: queries.quotes(con, topic="kesehatan", since="2019-01"),
        "quotes_person": lambda con: queries.quotes(con, person=1),
        "top_speakers": lambda con: queries.top_speakers(con),
        "top_speakers_topic": lambda con: queries.top_speakers(con, topic="kesehatan"),
        "people": lambda con: queries.people(con),
        "pairs": lambda con: queries.cooccurrence(con),
        "pairs_topic": lambda con: queries.cooccurrence(con, topic="kesehatan"),
        "top_speakers_since": lambda con: queries.top_speakers(con, since="2019-05"),
        "topic_counts": lambda con: queries.topic_counts(con, by="month"),
    }
    calls[what](Spy())
    # every statement but the latest-role lookups of top_speakers
    statements = [(sql, params) for sql, params in seen if "person_roles" not in sql]
    assert statements
    plan = " || ".join(_plan(store, sql, params) for sql, params in statements)
    sql = " || ".join(sql for sql, _ in statements)
    assert uses in plan or f"FROM {uses}" in sql, plan
    assert never not in plan, plan
