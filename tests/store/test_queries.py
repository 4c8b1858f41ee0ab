"""The read API on the indexed example corpus: each query, full-text search, bad filter
values (coded errors) and SQL injection attempts (harmless)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bkkbn_nlp.store import Store, StoreError
from bkkbn_nlp.store.queries import fts_query


def test_quotes_by_person_topic_and_dates(store: Store) -> None:
    rows = store.quotes(person="Ratna Kusumawardani", topic="kesehatan", since="2019-01")
    assert len(rows) == 5 and {r["person"] for r in rows} == {"Ratna Kusumawardani"}
    assert [r["date"] for r in rows] == sorted((r["date"] for r in rows), reverse=True)
    assert len(store.quotes(person="Ratna Kusumawardani", until="2019-05")) == 3
    assert len(store.quotes(person="Ratna Kusumawardani", since="2019-06-01")) == 2
    assert store.quotes(person="Ratna Kusumawardani", since="2020") == []
    person_id = rows[0]["person_id"]
    assert len(store.quotes(person=person_id)) == 5


def test_quotes_by_role_agency_outlet_and_text(store: Store) -> None:
    assert {r["person"] for r in store.quotes(role="Plt Kepala")} == {"Mustakim"}
    by_acronym = store.quotes(agency="BKKBN")
    assert {r["person"] for r in by_acronym} == {"Mustakim", "Agusalim"}
    assert store.quotes(agency="agency:bkkbn") == by_acronym
    assert {r["person"] for r in store.quotes(agency="Dinas Pendidikan")} == {"Bambang Sutejo"}
    assert {r["source"] for r in store.quotes(outlet="beritapagi.example")} == \
        {"beritapagi.example"}
    [hit] = store.quotes(text="posyandu remaja kelurahan")
    assert hit["person"] == "Ratna Kusumawardani"
    assert len(store.quotes(limit=3)) == 3


def test_top_speakers(store: Store) -> None:
    rows = store.top_speakers(limit=3)
    assert [r["person"] for r in rows][0] == "Mustakim"
    assert rows[0]["role"] == "Plt Kepala"
    [top] = store.top_speakers(topic="pendidikan", limit=1)
    assert top["person"] == "Bambang Sutejo" and top["quotes"] == 3
    assert store.top_speakers(since="2030") == []


def test_cooccurrence(store: Store) -> None:
    rows = store.cooccurrence("ORG", "LOC", limit=None)
    pairs = {(r["a_id"], r["b_id"]): r["articles"] for r in rows}
    assert pairs[("agency:bkkbn@region:74", "region:74")] == 1
    assert all(r["articles"] >= 1 for r in rows)
    assert store.cooccurrence("ORG", "LOC", topic="ekonomi")
    with pytest.raises(StoreError, match=r"\[E103\].*'XYZ'"):
        store.cooccurrence("XYZ", "LOC")


def test_topic_counts(store: Store) -> None:
    by_month = store.topic_counts(by="month")
    assert {"month": "2019-05", "topic": "kesehatan", "articles": 1} in by_month
    by_outlet = store.topic_counts(by="outlet", topic="kesehatan")
    assert {r["outlet"] for r in by_outlet} == {"kabarsultra.example", "wartadaerah.example"}
    with pytest.raises(StoreError, match=r"\[E103\].*'week'"):
        store.topic_counts(by="week")


def test_search_titles_and_quotes(store: Store) -> None:
    hits = store.search("zonasi")
    kinds = [h["kind"] for h in hits]
    assert kinds[0] == "title" and "quote" in kinds
    assert all("zonasi" in h["text"].lower() for h in hits)
    assert store.search("IMUNISASI campak")[0]["article_id"] == "contoh-kesehatan-2019-05"
    assert store.search("   ") == []
    assert store.search("tidakadakataini") == []


def test_people_filters(store: Store) -> None:
    assert [p["name"] for p in store.people(name="kusumawardani")] == ["Ratna Kusumawardani"]
    assert {p["name"] for p in store.people(agency="BKKBN")} == {"Mustakim", "Agusalim"}
    assert {p["name"] for p in store.people(role="Camat")} == {"Laode Hamzah"}


@pytest.mark.parametrize("kwargs", [{"since": "2019/01"}, {"until": "kemarin"},
                                    {"since": "2019-1"}])
def test_bad_dates_are_refused(store: Store, kwargs: dict[str, str]) -> None:
    with pytest.raises(StoreError, match=r"\[E104\]"):
        store.quotes(**kwargs)


@pytest.mark.parametrize("limit", [0, -5, "10", True])
def test_bad_limits_are_refused(store: Store, limit: object) -> None:
    with pytest.raises(StoreError, match=r"\[E105\]"):
        store.quotes(limit=limit)


INJECTIONS = ["x' OR '1'='1", "'; DROP TABLE quotes; --", "%", "_", "\" OR 1=1 --",
              "kesehatan' UNION SELECT * FROM people --", "NEAR(a b)", "zonasi OR *"]


@pytest.mark.parametrize("value", INJECTIONS)
def test_sql_injection_in_a_filter_is_harmless(store_path: Path, value: str) -> None:
    with Store(store_path, readonly=True) as store:
        before = store.stats()
        assert store.quotes(person=value) == []
        assert store.quotes(topic=value) == []
        assert store.quotes(outlet=value) == []
        assert store.quotes(role=value) == []
        assert store.quotes(agency=value) == []
        assert store.people(name=value) == []
        assert store.top_speakers(topic=value) == []
        store.search(value)  # FTS syntax is quoted away: no error
        store.quotes(text=value)
        assert store.stats() == before


def test_fts_query_quotes_every_word() -> None:
    assert fts_query('zonasi OR "x" NEAR(*)') == '"zonasi" "OR" "x" "NEAR"'
    assert fts_query("  ...  ") is None


def test_a_read_only_store_cannot_be_written(store_path: Path) -> None:
    with Store(store_path, readonly=True) as store, pytest.raises(Exception, match="readonly"):
        store.con.execute("DELETE FROM articles")
