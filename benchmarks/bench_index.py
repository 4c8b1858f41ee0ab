"""The article store's benchmark: indexing speed, database size, query latency.

    python benchmarks/bench_index.py [--docs N] [--articles 100000] [--repeat R]
        [--data PATH] [--output benchmarks/results/index.json]

In one run:

- **Input**: the first ``N`` (default 200) records of the 2015 news corpus
  (``../shared/data/news/indonesian-news-corpus-2015.jsonl``, fields ``isi``, ``sumber``,
  ``tanggal``, ``judul``), read at run time; without it, the bundled
  ``examples/antara_bkkbn_sultra_2019.txt`` repeated ``N`` times (the output says so).
- **Indexing**: ``Store.index`` of the N records into a new store with 1 and with 2
  processes (the pipeline loaded beforehand; worker start-up counted), articles/s; and the
  store's share of the 1-process time: the same records analysed beforehand, then only
  written (rows, summary tables, commits per batch of 32, identity reconciliation).
- **Size**: the database file (after a WAL checkpoint) per 1,000 articles, with the
  cleaned texts kept (the default) and the same without them.
- **Query latency**: a store of ``--articles`` (default 100,000) articles made by copying
  the N analysed articles' rows under new ids with ``INSERT ... SELECT`` (no analysis
  again) and computing its summary tables from the rows (``summaries.rebuild``), then the
  median of ``R`` (default 5) runs of each common query.

Prints one table (Markdown) and writes the figures as JSON.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import common

from bkkbn_nlp.store import Store
from bkkbn_nlp.store.summaries import rebuild
from bkkbn_nlp.store.writer import write_article, write_error

DATA = common.DEFAULT_DATA


def read_records(path: Path, n: int) -> tuple[list[dict[str, Any]], str, bool]:
    """The first ``n`` records of a JSONL corpus, or the bundled article repeated."""
    if path.is_file():
        records = []
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    records.append(json.loads(line))
                if len(records) == n:
                    break
        return records, str(path), False
    text = common.FALLBACK_ARTICLE.read_text(encoding="utf-8")
    records = [{"id": f"example-{i}", "text": text, "source": "antaranews.com",
                "date": f"2019-{i % 12 + 1:02d}"} for i in range(n)]
    return records, str(common.FALLBACK_ARTICLE), True


def db_size(store: Store) -> int:
    store.con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return store.path.stat().st_size


def timed_index(path: Path, records: list[dict[str, Any]], nlp: Any, n_process: int,
                keep_text: bool = True) -> tuple[float, Store]:
    store = Store(path)
    start = time.perf_counter()
    store.index(records, nlp=nlp, n_process=n_process, batch_size=32, keep_text=keep_text)
    return time.perf_counter() - start, store


def store_seconds(path: Path, records: list[dict[str, Any]], nlp: Any) -> float:
    """The seconds the store itself takes to index ``records``: they are analysed first
    (not timed), then written as ``Store.index`` writes them (batches of 32, one
    transaction each, identities reconciled at the end)."""
    from bkkbn_nlp import RecordError, analyze_records
    from bkkbn_nlp.store.records import record_meta

    results = list(analyze_records((record_meta(r) for r in records), nlp=nlp, batch_size=32))
    store = Store(path)
    start = time.perf_counter()
    for i in range(0, len(results), 32):
        store.con.execute("BEGIN IMMEDIATE")
        for meta, result in results[i:i + 32]:
            if isinstance(result, RecordError):
                write_error(store.con, meta, result.code, result.message)
            else:
                write_article(store.con, meta, result)
        store.con.execute("COMMIT")
    store.reconcile()
    seconds = time.perf_counter() - start
    store.close()
    return seconds


# One INSERT ... SELECT per table, copying copy 0's rows as copy ``k`` (ids suffixed,
# integer keys shifted by k times the largest key of the base store).
_COPY = [
    "INSERT INTO articles (id, source, date, title, sha256, n_chars, indexed_at, error_code, "
    "error_message) SELECT id || ?1, source, date, title, sha256, n_chars, indexed_at, "
    "error_code, error_message FROM articles WHERE instr(id, '#') = 0",
    "INSERT INTO texts SELECT article_id || ?1, text FROM texts WHERE instr(article_id, '#') = 0",
    "INSERT INTO entities SELECT id + ?2, article_id || ?1, start, \"end\", label, text, "
    "normalized, kb_id FROM entities WHERE id <= ?3",
    "INSERT INTO mentions SELECT entity_id + ?2, article_id || ?1, person_id, name_key "
    "FROM mentions WHERE entity_id <= ?3",
    "INSERT INTO person_roles SELECT id + ?2, person_id, article_id || ?1, date, role, "
    "organization, organization_normalized, organization_kb_id, name_key FROM person_roles "
    "WHERE id <= ?3",
    "INSERT INTO quotes SELECT id + ?2, article_id || ?1, type, content, start, \"end\", cue, "
    "cue_start, cue_end, speaker_text, speaker_start, speaker_end, speaker_name, role, "
    "organization, organization_normalized, organization_kb_id, name_key, person_id, date, "
    "source FROM quotes WHERE id <= ?3",
    "INSERT INTO topics SELECT article_id || ?1, label, score, rank FROM topics "
    "WHERE instr(article_id, '#') = 0",
]


def grow(store: Store, target: int) -> tuple[int, float]:
    """Copy the store's articles under new ids until it has ``target`` articles, and compute
    the summary tables again; the number of articles and the seconds of the latter."""
    con = store.con
    base = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    top = max(con.execute(f"SELECT coalesce(max({c}), 0) FROM {t}").fetchone()[0]  # noqa: S608
              for t, c in (("entities", "id"), ("quotes", "id"), ("person_roles", "id")))
    copies = math.ceil(target / base)
    con.execute("BEGIN")
    for k in range(1, copies):
        for sql in _COPY:
            params = {"1": f"#{k}", "2": k * top, "3": top}
            con.execute(sql.replace("?1", ":1").replace("?2", ":2").replace("?3", ":3"),
                        {key: v for key, v in params.items() if f"?{key}" in sql})
    # the summary tables count the copies too: computed again from all the rows
    start = time.perf_counter()
    rebuild(con)
    con.execute("COMMIT")
    seconds = time.perf_counter() - start
    return int(con.execute("SELECT count(*) FROM articles").fetchone()[0]), seconds


def latency(fn: Callable[[], Any], repeat: int) -> tuple[float, int]:
    rows = fn()  # warm-up (and the row count)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000, len(rows) if hasattr(rows, "__len__") else 1


def queries(store: Store) -> dict[str, Callable[[], Any]]:
    """The common queries, with arguments taken from the store's own data."""
    top = store.top_speakers(limit=1)
    person = top[0]["person"] if top else "Joko Widodo"
    person_id = top[0]["person_id"] if top else 1
    row = store.con.execute("SELECT label FROM topics GROUP BY label ORDER BY count(*) DESC "
                            "LIMIT 1").fetchone()
    topic = row[0] if row else "kesehatan"
    word = store.con.execute("SELECT content FROM quotes LIMIT 1").fetchone()
    words = [w for w in (word[0].split() if word else []) if w.isalpha() and len(w) >= 5]
    text = words[0].lower() if words else "pemerintah"
    some = store.con.execute("SELECT id FROM articles WHERE instr(id, '#') > 0 LIMIT 1"
                             ).fetchone()[0]
    outlet = store.con.execute("SELECT source FROM articles GROUP BY source "
                               "ORDER BY count(*) DESC LIMIT 1").fetchone()[0]
    month = store.con.execute("SELECT substr(max(date), 1, 7) FROM articles").fetchone()[0]
    return {
        f"quotes(person={person!r})": lambda: store.quotes(person=person),
        f"quotes(topic={topic!r}, since='2015-06')": lambda: store.quotes(topic=topic,
                                                                          since="2015-06"),
        "quotes(agency='BKKBN')": lambda: store.quotes(agency="BKKBN"),
        f"quotes(text={text!r})": lambda: store.quotes(text=text),
        "quotes() newest 100": lambda: store.quotes(),
        f"top_speakers(topic={topic!r})": lambda: store.top_speakers(topic=topic),
        "top_speakers()": lambda: store.top_speakers(),
        f"quotes(outlet={outlet!r})": lambda: store.quotes(outlet=outlet),
        f"top_speakers(since={month!r})": lambda: store.top_speakers(since=month),
        f"top_speakers(outlet={outlet!r})": lambda: store.top_speakers(outlet=outlet),
        "cooccurrence('ORG', 'LOC')": lambda: store.cooccurrence("ORG", "LOC"),
        f"cooccurrence('ORG', 'LOC', topic={topic!r})": lambda: store.cooccurrence(
            "ORG", "LOC", topic=topic),
        f"cooccurrence('ORG', 'LOC', since={month!r})": lambda: store.cooccurrence(
            "ORG", "LOC", since=month),
        "topic_counts(by='month')": lambda: store.topic_counts(by="month"),
        "topic_counts(by='outlet')": lambda: store.topic_counts(by="outlet"),
        f"search({text!r})": lambda: store.search(text),
        "people()": lambda: store.people(),
        "people(agency='BKKBN')": lambda: store.people(agency="BKKBN"),
        f"person({person_id})": lambda: store.person(person_id),
        "article(id)": lambda: store.article(some),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--output", type=Path,
                        default=common.REPO_ROOT / "benchmarks" / "results" / "index.json")
    args = parser.parse_args(argv)

    import bkkbn_nlp

    records, source, fallback = read_records(args.data, args.docs)
    nlp = bkkbn_nlp.load()
    nlp("Pemanasan.")
    out: dict[str, Any] = {"input": {"source": source, "fallback": fallback,
                                     "docs": len(records)}}
    lines = [f"input: {len(records)} articles of {source}"
             + (" (fallback: one article repeated)" if fallback else ""), ""]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        speed = {}
        for n in (1, 2):
            seconds, store = timed_index(folder / f"j{n}.sqlite", records, nlp, n)
            speed[n] = len(records) / seconds
            if n == 2:
                store.close()
            else:
                base = store
        store_s = store_seconds(folder / "store.sqlite", records, nlp)
        size = db_size(base) / len(records) * 1000
        _, bare = timed_index(folder / "bare.sqlite", records, nlp, 1, keep_text=False)
        bare_size = db_size(bare) / len(records) * 1000
        bare.close()
        stats = base.stats()
        start = time.perf_counter()
        total, rebuild_s = grow(base, args.articles)
        grow_s = time.perf_counter() - start
        big = db_size(base)
        start = time.perf_counter()
        base.reconcile()  # what every index run ends with, on the big store
        reconcile_s = time.perf_counter() - start
        share = store_s / (len(records) / speed[1])
        out.update(index_articles_per_s={"1": round(speed[1], 1), "2": round(speed[2], 1)},
                   store_seconds_1_process=round(store_s, 2), store_share_1_process=round(
                       share, 3), rebuild_seconds=round(rebuild_s, 1),
                   reconcile_seconds=round(reconcile_s, 2),
                   db_bytes_per_1000_articles=round(size), db_bytes_per_1000_without_text=round(
                       bare_size), base_store=stats, store_articles=total,
                   store_bytes=big, copy_seconds=round(grow_s, 1))
        lines += ["| measure | value |", "|---|---|",
                  f"| index, 1 process | {speed[1]:.1f} articles/s |",
                  f"| index, 2 processes | {speed[2]:.1f} articles/s |",
                  f"| the store's share of indexing, 1 process | {share:.1%} "
                  f"({store_s:.2f} s of {len(records) / speed[1]:.1f} s) |",
                  f"| database per 1,000 articles (texts kept) | {size / 1e6:.1f} MB |",
                  f"| database per 1,000 articles (--no-keep-text) | {bare_size / 1e6:.1f} MB |",
                  f"| base store ({len(records)} articles) | {stats['entities']:,} entities, "
                  f"{stats['people']:,} people, {stats['quotes']:,} quotes |",
                  f"| store for the queries | {total:,} articles, {big / 1e9:.2f} GB "
                  f"(copied in {grow_s:.0f} s, of which {rebuild_s:.0f} s summary tables) |",
                  f"| database per 1,000 articles, from that store | "
                  f"{big / total * 1000 / 1e6:.1f} MB |",
                  f"| identity reconciliation (end of each index run) on that store | "
                  f"{reconcile_s:.1f} s |", "",
                  f"| query on {total:,} articles | median ms | rows |", "|---|---|---|"]
        timings = {}
        for name, fn in queries(base).items():
            ms, rows = latency(fn, args.repeat)
            timings[name] = {"ms": round(ms, 1), "rows": rows}
            lines.append(f"| `{name}` | {ms:.1f} | {rows} |")
        out["query_ms"] = timings
        base.close()
    print("\n".join(lines))
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(out, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
