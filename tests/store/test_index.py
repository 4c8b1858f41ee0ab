"""Indexing: the example corpus, idempotent re-indexing, bad records, interrupted runs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bkkbn_nlp.api import RecordError
from bkkbn_nlp.store import Store

from .conftest import corpus_records


def _snapshot(store: Store) -> dict[str, Any]:
    con = store.con
    return {
        "stats": store.stats(),
        "fts": con.execute("SELECT count(*) FROM quotes_fts").fetchone()[0],
        "titles": con.execute("SELECT count(*) FROM titles_fts").fetchone()[0],
        "people": sorted(r[0] for r in con.execute("SELECT name FROM people")),
        "topics": con.execute("SELECT count(*) FROM topics").fetchone()[0],
        "roles": con.execute("SELECT count(*) FROM person_roles").fetchone()[0],
    }


def test_the_example_corpus_is_indexed(store: Store, records: list[dict[str, Any]]) -> None:
    stats = store.stats()
    assert stats["articles"] == len(records)
    assert stats["errors"] == 1
    assert stats["quotes"] >= 2 * len(records)
    article = store.article("contoh-kesehatan-2019-05")
    assert article is not None
    assert article["source"] == "kabarsultra.example"
    assert article["date"] == "2019-05-14"
    assert article["title"] == "Dinkes Kendari kejar target imunisasi campak"
    assert len(article["sha256"]) == 64
    assert article["error"] is None
    assert article["text"].startswith("Dinas Kesehatan Kota Kendari")
    assert [t["label"] for t in article["topics"]][0] == "kesehatan"
    # offsets index into the stored (cleaned) text
    for ent in article["entities"]:
        assert article["text"][ent["start"]:ent["end"]] == ent["text"]
    for quote in article["quotes"]:
        assert article["text"][quote["start"]:quote["end"]] == quote["content"]


def test_a_person_quoted_in_two_articles_is_one_person(store: Store) -> None:
    [ratna] = store.people(name="Ratna Kusumawardani")
    person = store.person(ratna["id"])
    assert person is not None
    assert person["articles"] == 2 and person["quotes"] == 5
    assert "Ratna" in person["aliases"]
    [role] = person["roles"]
    assert role["role"] == "Kepala"
    assert role["organization"] == "Dinas Kesehatan Kota Kendari"
    assert (role["first_date"], role["last_date"]) == ("2019-05-14", "2019-08-05")
    assert {t["topic"] for t in person["topics"]} >= {"kesehatan"}


def test_a_bad_record_is_stored_as_an_error(store: Store) -> None:
    article = store.article("broken")
    assert article is not None
    assert article["error"]["code"] == "E001"
    assert "str" in article["error"]["message"]
    assert article["entities"] == [] and article["quotes"] == []


def test_unknown_ids_give_none(store: Store) -> None:
    assert store.article("no such article") is None
    assert store.person(10**9) is None


def test_indexing_again_replaces_the_rows(tmp_path: Path, nlp: Any) -> None:
    records = corpus_records()[:3]
    with Store(tmp_path / "s.sqlite") as store:
        first = store.index(records, nlp=nlp, batch_size=2)
        before = _snapshot(store)
        quote_ids = {r[0] for r in store.con.execute("SELECT id FROM quotes")}
        again = store.index(records, nlp=nlp, batch_size=2)
        assert _snapshot(store) == before
        assert (first.indexed, again.indexed) == (3, 3)
        # the rows are new ones (replaced), not the old ones left in place
        assert quote_ids.isdisjoint(r[0] for r in store.con.execute("SELECT id FROM quotes"))
        assert before["fts"] == before["stats"]["quotes"]
        hits = store.search("imunisasi")
        assert len({(h["kind"], h["quote_id"]) for h in hits}) == len(hits)


def test_a_changed_text_replaces_the_article(tmp_path: Path, nlp: Any) -> None:
    with Store(tmp_path / "s.sqlite") as store:
        store.index([{"id": "a", "text": "Kepala Dinas Kesehatan Kota Kendari, Ratna "
                      "Kusumawardani, mengatakan imunisasi gratis."}], nlp=nlp)
        store.index([{"id": "a", "text": "Hujan turun di Kendari sejak pagi."}], nlp=nlp)
        assert store.stats()["people"] == 0
        assert store.quotes() == []
        assert store.search("imunisasi") == []


def test_resume_skips_unchanged_records(tmp_path: Path, nlp: Any) -> None:
    records = corpus_records()[:3]
    with Store(tmp_path / "s.sqlite") as store:
        store.index(records[:2], nlp=nlp)
        report = store.index(records, nlp=nlp, skip_unchanged=True)
        assert (report.indexed, report.skipped) == (1, 2)
        assert store.stats()["articles"] == 3


def test_an_interrupted_run_keeps_the_batches_it_committed(tmp_path: Path, nlp: Any) -> None:
    records = corpus_records()

    def stream() -> Iterator[dict[str, Any]]:
        yield from records[:2]
        raise RuntimeError("the machine went down")

    with Store(tmp_path / "s.sqlite") as store:
        with pytest.raises(RuntimeError, match="went down"):
            store.index(stream(), nlp=nlp, batch_size=2)
        assert store.stats()["articles"] == 2
        report = store.index(records, nlp=nlp, batch_size=2, skip_unchanged=True)
        assert (report.indexed, report.skipped) == (len(records) - 2, 2)
        assert store.stats()["articles"] == len(records)


def test_a_failure_inside_a_batch_rolls_the_batch_back(tmp_path: Path, nlp: Any) -> None:
    records = corpus_records()[:4]
    calls = []

    def fail_on_third(meta: Any, result: Any) -> None:
        calls.append(meta.id)

    with Store(tmp_path / "s.sqlite") as store:
        import bkkbn_nlp.store.store as module

        original = module.write_article

        def write(con: Any, meta: Any, analysis: Any, **kw: Any) -> None:
            if meta.id == records[2]["id"]:
                raise OSError("disk full")
            original(con, meta, analysis, **kw)

        module.write_article = write  # type: ignore[assignment]
        try:
            with pytest.raises(OSError):
                store.index(records, nlp=nlp, batch_size=2, on_record=fail_on_third)
        finally:
            module.write_article = original
        assert {r[0] for r in store.con.execute("SELECT id FROM articles")} == \
            {records[0]["id"], records[1]["id"]}
        assert calls == [records[0]["id"], records[1]["id"]]


def test_records_without_id_text_or_fields(tmp_path: Path, nlp: Any) -> None:
    with Store(tmp_path / "s.sqlite") as store:
        report = store.index(["Hujan turun di Kendari.",
                              {"isi": "Banjir di Konawe.", "sumber": "contoh", "tanggal": "2015/08/25",
                               "judul": "Banjir"},
                              {"id": 7, "text": RecordError("E020", "invalid JSON (x)")}], nlp=nlp)
        assert (report.indexed, report.errors) == (2, 1)
        ids = sorted(r[0] for r in store.con.execute("SELECT id FROM articles"))
        assert ids[0] == "7" and all(i.startswith("sha256:") for i in ids[1:])
        row = store.con.execute("SELECT source, date, title FROM articles WHERE title = 'Banjir'"
                                ).fetchone()
        assert tuple(row) == ("contoh", "2015-08-25", "Banjir")
        assert store.article("7")["error"] == {"code": "E020", "message": "invalid JSON (x)"}


def test_two_processes_give_the_same_store(tmp_path: Path, nlp: Any) -> None:
    records = corpus_records()
    with Store(tmp_path / "one.sqlite") as one, Store(tmp_path / "two.sqlite") as two:
        one.index(records, nlp=nlp)
        two.index(records, nlp=nlp, n_process=2, batch_size=2)
        assert _snapshot(one) == _snapshot(two)
