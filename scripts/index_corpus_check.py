"""Index the 1,011-article 2015 corpus with ``bkkbn-nlp index`` and check the store's
promises on it (issue 23, docs/corpus.md "Checks on the 2015 corpus"):

(a) a full run into a fresh store: seconds and articles/s (wall time of the command,
    loading the pipeline included);
(b) the same command again on that store: idempotent, i.e. the same row count and the
    same content digest for every table;
(c) a fresh run killed with SIGKILL once about half the corpus is committed, then the
    same command with ``--resume``: every record id in ``articles`` exactly once (none
    lost, none doubled), row counts and content digests equal to (a), and
    ``PRAGMA integrity_check`` ok.

A table's content digest is the SHA-256 of its rows sorted, without what a re-run
legitimately changes: surrogate integer ids (of entities, quotes, people, roles, entity
keys, pair kinds) are replaced by the natural keys they point to (a person's name key, an
entity's article and offsets, ...), and ``indexed_at`` is left out.

Usage::

    python scripts/index_corpus_check.py [--corpus FILE] [--workdir DIR]
                                         [--batch-size 64] [--kill-at 0.5]

The commands run are ``python -m bkkbn_nlp index CORPUS --db DB --batch-size N
--no-progress`` (the ``bkkbn-nlp index`` entry point), each in its own process. Prints a
table of the results (Markdown). Exit status: 0 when every check holds, 1 on any mismatch
or failed run; 0 with a message when the corpus is absent.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NEWS_CORPUS = ROOT.parent / "shared" / "data" / "news" / "indonesian-news-corpus-2015.jsonl"

#: Each table's content, without surrogate ids (mapped to what they stand for) or times.
CONTENT = {
    "articles": "SELECT id, source, date, title, sha256, n_chars, error_code, error_message "
                "FROM articles",
    "texts": "SELECT article_id, text FROM texts",
    "entities": 'SELECT article_id, start, "end", label, text, normalized, kb_id FROM entities',
    "people": "SELECT key, name, n_words, n_quotes, n_quote_articles, n_articles FROM people",
    "aliases": "SELECT p.key, a.alias FROM aliases a JOIN people p ON p.id = a.person_id",
    "mentions": 'SELECT e.article_id, e.start, e."end", e.label, p.key, m.name_key '
                "FROM mentions m JOIN entities e ON e.id = m.entity_id "
                "LEFT JOIN people p ON p.id = m.person_id",
    "person_roles": "SELECT p.key, r.article_id, r.date, r.role, r.organization, "
                    "r.organization_normalized, r.organization_kb_id, r.name_key "
                    "FROM person_roles r LEFT JOIN people p ON p.id = r.person_id",
    "quotes": 'SELECT q.article_id, q.type, q.content, q.start, q."end", q.cue, q.cue_start, '
              "q.cue_end, q.speaker_text, q.speaker_start, q.speaker_end, q.speaker_name, "
              "q.role, q.organization, q.organization_normalized, q.organization_kb_id, "
              "q.name_key, p.key, q.date, q.source "
              "FROM quotes q LEFT JOIN people p ON p.id = q.person_id",
    "topics": "SELECT article_id, label, score, rank FROM topics",
    "topic_speakers": "SELECT t.label, p.key, t.quotes, t.articles FROM topic_speakers t "
                      "LEFT JOIN people p ON p.id = t.person_id",
    "speaker_dates": "SELECT s.label, s.date, s.source, p.key, s.quotes, s.articles "
                     "FROM speaker_dates s LEFT JOIN people p ON p.id = s.person_id",
    "topic_dates": "SELECT date, source, label, n FROM topic_dates",
    "entity_keys": "SELECT label, key FROM entity_keys",
    "key_names": "SELECT k.label, k.key, n.name, n.articles FROM key_names n "
                 "JOIN entity_keys k ON k.id = n.key_id",
    "pair_kinds": "SELECT topic, label_a, label_b FROM pair_kinds",
    # a pair of one label is ordered by entity_keys.id, which a re-run may number anew:
    # the two keys are sorted below
    "pair_counts": "SELECT k.topic, k.label_a, k.label_b, a.label, a.key, b.label, b.key, "
                   "c.articles FROM pair_counts c JOIN pair_kinds k ON k.id = c.kind "
                   "JOIN entity_keys a ON a.id = c.a JOIN entity_keys b ON b.id = c.b",
}
#: Tables only counted (full-text indexes).
COUNTED = ("quotes_fts", "titles_fts")


def _rows(con: sqlite3.Connection, table: str) -> list[str]:
    rows = []
    for row in con.execute(CONTENT[table]):
        row = tuple(row)
        if table == "pair_counts":
            a, b = sorted([row[3:5], row[5:7]])
            row = (*row[:3], *a, *b, row[7])
        rows.append(repr(row))
    return sorted(rows)


def snapshot(db: Path) -> dict[str, tuple[int, str]]:
    """``{table: (rows, content digest)}`` of a store (digest ``-`` for a counted table)."""
    con = sqlite3.connect(db.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        out = {}
        for table in CONTENT:
            rows = _rows(con, table)
            digest = hashlib.sha256("\n".join(rows).encode("utf-8")).hexdigest()
            out[table] = (len(rows), digest)
        for table in COUNTED:
            out[table] = (int(con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]), "-")
        return out
    finally:
        con.close()


def _article_ids(db: Path) -> list[str]:
    con = sqlite3.connect(db.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        return [r[0] for r in con.execute("SELECT id FROM articles")]
    finally:
        con.close()


def _integrity(db: Path) -> str:
    con = sqlite3.connect(db.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        return "; ".join(r[0] for r in con.execute("PRAGMA integrity_check"))
    finally:
        con.close()


def _committed(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        con = sqlite3.connect(db.resolve().as_uri() + "?mode=ro", uri=True, timeout=1)
        try:
            return int(con.execute("SELECT count(*) FROM articles").fetchone()[0])
        finally:
            con.close()
    except sqlite3.Error:
        return 0


def _command(corpus: Path, db: Path, batch_size: int, *extra: str) -> list[str]:
    return [sys.executable, "-m", "bkkbn_nlp", "index", str(corpus), "--db", str(db),
            "--batch-size", str(batch_size), "--no-progress", *extra]


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env


def _run(command: list[str]) -> tuple[subprocess.CompletedProcess[str], float]:
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=_env(), cwd=ROOT)
    return done, time.perf_counter() - start


def _log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=NEWS_CORPUS)
    parser.add_argument("--workdir", type=Path, default=None,
                        help="Where the stores are made (default: a temporary folder).")
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--kill-at", type=float, default=0.5,
                        help="Kill run (c) once this share of the records is committed.")
    args = parser.parse_args(argv)
    if not args.corpus.is_file():
        print(f"skipped: the corpus {args.corpus} is not here", file=sys.stderr)
        return 0

    from bkkbn_nlp.cli.index import read_inputs

    ids = [r["id"] for r in read_inputs((str(args.corpus),))]
    want_ids = sorted(set(ids))
    n = len(ids)
    problems: list[str] = []
    rows: list[tuple[str, str, str]] = []

    with tempfile.TemporaryDirectory(prefix="index_check_") as tmp:
        work = args.workdir or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        full, killed = work / "full.sqlite", work / "killed.sqlite"
        for path in (full, killed):
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)

        # (a) a full run
        _log(f"(a) full run of {n:,} records")
        a, a_seconds = _run(_command(args.corpus, full, args.batch_size))
        if a.returncode not in (0, 1) or not full.exists():
            print(a.stderr, file=sys.stderr)
            return 1
        snap_a = snapshot(full)
        rate = n / a_seconds
        rows.append(("(a) full run", f"{a_seconds:.1f} s, {rate:.1f} articles/s",
                     f"exit {a.returncode}; {a.stdout.strip()}"))
        if sorted(_article_ids(full)) != want_ids:
            problems.append("(a) the store's ids are not the corpus's")

        # (b) the same command again
        _log("(b) the same command again")
        b, b_seconds = _run(_command(args.corpus, full, args.batch_size))
        snap_b = snapshot(full)
        differ = [t for t in snap_a if snap_a[t] != snap_b[t]]
        if b.returncode != a.returncode:
            differ.append(f"exit status {b.returncode} (was {a.returncode})")
        if differ:
            problems.append(f"(b) not idempotent: {', '.join(differ)}")
        rows.append(("(b) same command again",
                     "identical" if not differ else "DIFFERS: " + ", ".join(differ),
                     f"{b_seconds:.1f} s; row counts and content digests of {len(snap_a)} "
                     f"tables"))

        # (c) killed midway, then resumed
        target = max(1, int(n * args.kill_at))
        _log(f"(c) fresh run, killed once {target:,} records are committed")
        proc = subprocess.Popen(_command(args.corpus, killed, args.batch_size),
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                env=_env(), cwd=ROOT)
        start = time.perf_counter()
        try:
            while _committed(killed) < target and proc.poll() is None:
                time.sleep(0.05)
            os.kill(proc.pid, signal.SIGKILL)
            status = proc.wait()
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        kill_seconds = time.perf_counter() - start
        at_kill = _committed(killed)
        if status != -signal.SIGKILL or not at_kill < n:
            problems.append(f"(c) the run was not killed midway (status {status}, "
                            f"{at_kill:,} of {n:,} committed)")
        _log(f"(c) killed after {kill_seconds:.1f} s with {at_kill:,} committed; resuming")
        c, c_seconds = _run(_command(args.corpus, killed, args.batch_size, "--resume"))
        skipped = re.search(r"([\d,]+) unchanged \(skipped\)", c.stdout)
        snap_c = snapshot(killed)
        got_ids = _article_ids(killed)
        doubled = sorted(i for i, k in Counter(got_ids).items() if k > 1)
        lost = sorted(set(want_ids) - set(got_ids))
        extra = sorted(set(got_ids) - set(want_ids))
        integrity = _integrity(killed)
        counts_differ = [t for t in snap_a if snap_a[t][0] != snap_c[t][0]]
        digests_differ = [t for t in snap_a if snap_a[t][1] != snap_c[t][1]]
        if c.returncode != a.returncode:
            problems.append(f"(c) resume exit status {c.returncode} (full run: {a.returncode})")
        if lost or doubled or extra:
            problems.append(f"(c) {len(lost)} lost, {len(doubled)} doubled, {len(extra)} "
                            f"unknown ids")
        if counts_differ:
            problems.append(f"(c) row counts differ from (a): {', '.join(counts_differ)}")
        if digests_differ:
            problems.append(f"(c) contents differ from (a): {', '.join(digests_differ)}")
        if integrity != "ok":
            problems.append(f"(c) integrity_check: {integrity}")
        rows.append(("(c) killed midway (SIGKILL)",
                     f"{at_kill:,} of {n:,} committed",
                     f"after {kill_seconds:.1f} s, exit status {status}"))
        rows.append(("(c) then --resume",
                     f"{skipped.group(1) if skipped else 0} skipped, {c_seconds:.1f} s",
                     c.stdout.strip()))
        rows.append(("(c) ids in articles",
                     f"{len(set(got_ids)):,} of {len(want_ids):,}, each once"
                     if not (lost or doubled or extra) else "MISMATCH",
                     f"{len(lost)} lost, {len(doubled)} doubled"))
        rows.append(("(c) against (a)",
                     "equal" if not (counts_differ or digests_differ) else "DIFFERS",
                     "row counts and content digests of every table"
                     + (f"; differ: {', '.join(counts_differ + digests_differ)}"
                        if counts_differ or digests_differ else "")))
        rows.append(("(c) PRAGMA integrity_check", integrity, ""))

        print(f"corpus: {args.corpus} ({n:,} records), --batch-size {args.batch_size}, "
              f"{os.cpu_count()} CPUs\n")
        print("| check | result | detail |")
        print("|---|---|---|")
        for check, result, detail in rows:
            print(f"| {check} | {result} | {detail} |")
        print("\n| table | rows (a) | (b) | (c) | contents (a) = (b) = (c) |")
        print("|---|---:|---:|---:|---|")
        for table in snap_a:
            same = snap_a[table][1] == snap_b[table][1] == snap_c[table][1]
            print(f"| `{table}` | {snap_a[table][0]:,} | {snap_b[table][0]:,} | "
                  f"{snap_c[table][0]:,} | "
                  f"{'(counted only)' if table in COUNTED else 'yes' if same else 'NO'} |")
    if problems:
        print("\nMISMATCH:\n" + "\n".join(f"- {p}" for p in problems))
        return 1
    print("\nall checks hold")
    return 0


if __name__ == "__main__":
    sys.exit(main())
