"""The article store's benchmark: indexing speed, database size, query latency.

    python benchmarks/bench_index.py [--docs N] [--articles 100000] [--repeat R]
        [--data PATH] [--output benchmarks/results/index.json]

In one run:

- **Input**: the first ``N`` (default 200) records of the 2015 news corpus
  (``../shared/data/news/indonesian-news-corpus-2015.jsonl``, fields ``isi``, ``sumber``,
  ``tanggal``, ``judul``), read at run time; without it, the bundled
  ``examples/antara_bkkbn_sultra_2019.txt`` repeated ``N`` times (the output says so).
- **Indexing**: ``Store.index`` of the N records into a new store with 1 and with 2
  processes (the pipeline loaded beforehand; worker start-up counted), articles/s.
- **Size**: the database file (after a WAL checkpoint) per 1,000 articles, with the
  cleaned texts kept (the default) and the same without them.
- **Query latency**: a store of ``--articles`` (default 100,000) articles made by copying
  the N analysed articles' rows under new ids with ``INSERT ... SELECT`` (no analysis
  again), then the median of ``R`` (default 5) runs of each common query.

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
    "organization, organization_normalized, organization_kb_id, name_key, person_id "
    "FROM quotes WHERE id <= ?3",
    "INSERT INTO topics SELECT article_id || ?1, label, score, rank FROM topics "
    "WHERE instr(article_id, '#') = 0",
]


def grow(store: Store, target: int) -> int:
    """Copy the store's articles under new ids until it has ``target`` articles."""
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
    con.execute("COMMIT")
    return int(con.execute("SELECT count(*) FROM articles").fetchone()[0])


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
    return {
        f"quotes(person={person!r})": lambda: store.quotes(person=person),
        f"quotes(topic={topic!r}, since='2015-06')": lambda: store.quotes(topic=topic,
                                                                          since="2015-06"),
        "quotes(agency='BKKBN')": lambda: store.quotes(agency="BKKBN"),
        f"quotes(text={text!r})": lambda: store.quotes(text=text),
        "quotes() newest 100": lambda: store.quotes(),
        f"top_speakers(topic={topic!r})": lambda: store.top_speakers(topic=topic),
        "top_speakers()": lambda: store.top_speakers(),
        "cooccurrence('ORG', 'LOC')": lambda: store.cooccurrence("ORG", "LOC"),
        "topic_counts(by='month')": lambda: store.topic_counts(by="month"),
        "topic_counts(by='outlet')": lambda: store.topic_counts(by="outlet"),
        f"search({text!r})": lambda: store.search(text),
        "people()": lambda: store.people(),
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
        size = db_size(base) / len(records) * 1000
        _, bare = timed_index(folder / "bare.sqlite", records, nlp, 1, keep_text=False)
        bare_size = db_size(bare) / len(records) * 1000
        bare.close()
        stats = base.stats()
        start = time.perf_counter()
        total = grow(base, args.articles)
        grow_s = time.perf_counter() - start
        big = db_size(base)
        out.update(index_articles_per_s={"1": round(speed[1], 1), "2": round(speed[2], 1)},
                   db_bytes_per_1000_articles=round(size), db_bytes_per_1000_without_text=round(
                       bare_size), base_store=stats, store_articles=total,
                   store_bytes=big, copy_seconds=round(grow_s, 1))
        lines += ["| measure | value |", "|---|---|",
                  f"| index, 1 process | {speed[1]:.1f} articles/s |",
                  f"| index, 2 processes | {speed[2]:.1f} articles/s |",
                  f"| database per 1,000 articles (texts kept) | {size / 1e6:.1f} MB |",
                  f"| database per 1,000 articles (--no-keep-text) | {bare_size / 1e6:.1f} MB |",
                  f"| base store ({len(records)} articles) | {stats['entities']:,} entities, "
                  f"{stats['people']:,} people, {stats['quotes']:,} quotes |",
                  f"| store for the queries | {total:,} articles, {big / 1e9:.2f} GB "
                  f"(copied in {grow_s:.0f} s) |",
                  f"| database per 1,000 articles, from that store | "
                  f"{big / total * 1000 / 1e6:.1f} MB |", "",
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
