"""Streaming benchmark: memory of ``bkkbn-nlp analyze --jsonl`` over a large corpus.

Runs the real command in a child process on a JSONL corpus made by
``scripts/make_stream_corpus.py`` and samples the resident memory (RSS) of the command and
its worker processes every ``--every`` articles written, to show whether memory stays flat
from the first thousand articles to the last. Prints a table and writes JSON::

    nice -n 10 python benchmarks/bench_streaming.py --articles 20000
    python benchmarks/bench_streaming.py --input /tmp/my.jsonl --n-process 2

Linux only (reads ``/proc``). The corpus and the analysis output stay outside the repository
(``/tmp`` by default); only the measurements are written to ``--json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent


def _rss_mb(pid: int) -> float:
    """Resident memory of one process in MB (0 when it is gone)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _children(pid: int) -> list[int]:
    """Direct children of ``pid`` (from /proc/*/stat)."""
    kids = []
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", encoding="ascii", errors="replace") as fh:
                stat = fh.read()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[-1].split()
        if len(fields) > 1 and int(fields[1]) == pid:
            kids.append(int(entry.name))
    return kids


def _sample(pid: int) -> tuple[float, float, int]:
    """(RSS of the command, RSS of its worker processes, number of workers) in MB."""
    kids = _children(pid)
    return _rss_mb(pid), sum(_rss_mb(k) for k in kids), len(kids)


def _slope(points: list[tuple[int, float]]) -> float:
    """Least-squares slope of memory against articles, in MB per 10,000 articles."""
    if len(points) < 2:
        return 0.0
    n = len(points)
    mx = sum(x for x, _ in points) / n
    my = sum(y for _, y in points) / n
    den = sum((x - mx) ** 2 for x, _ in points)
    return 0.0 if not den else 10_000 * sum((x - mx) * (y - my) for x, y in points) / den


def run(input_path: Path, output: Path, n_process: int, every: int, poll: float
        ) -> dict[str, Any]:
    """Run the command once and return the measurements."""
    command = [sys.executable, "-m", "bkkbn_nlp", "analyze", "--jsonl", str(input_path),
               "-o", str(output), "--no-progress", "-j", str(n_process)]
    output.unlink(missing_ok=True)
    output.touch()
    samples: list[dict[str, Any]] = []
    lines = 0
    errors = 0
    pending = b""
    start = time.perf_counter()
    proc = subprocess.Popen(command, stderr=subprocess.DEVNULL, cwd=REPO)
    with open(output, "rb") as fh:
        while True:
            finished = proc.poll() is not None
            chunk = fh.read()
            if chunk:
                pending += chunk
                *complete, pending = pending.split(b"\n")
                for line in complete:
                    lines += 1
                    errors += line.startswith(b'{"id"') and b', "error": {"code"' in line[:400]
                    if lines % every == 0 and not finished:
                        main_mb, workers_mb, workers = _sample(proc.pid)
                        samples.append({
                            "articles": lines,
                            "seconds": round(time.perf_counter() - start, 1),
                            "rss_mb": round(main_mb, 1),
                            "workers_rss_mb": round(workers_mb, 1),
                            "workers": workers,
                            "total_rss_mb": round(main_mb + workers_mb, 1),
                        })
                        print(f"{lines:>8,} articles  {samples[-1]['seconds']:>8.1f} s  "
                              f"RSS {main_mb:7.1f} MB  workers {workers_mb:7.1f} MB",
                              file=sys.stderr, flush=True)
            elif finished:
                break
            else:
                time.sleep(poll)
    seconds = time.perf_counter() - start
    totals = [(s["articles"], s["total_rss_mb"]) for s in samples]
    later = totals[1:] if len(totals) > 2 else totals
    return {
        "command": " ".join(command),
        "exit_code": proc.returncode,
        "articles_written": lines,
        "error_lines": errors,
        "seconds": round(seconds, 1),
        "docs_per_second": round(lines / seconds, 1) if seconds else None,
        "samples": samples,
        "summary": {
            "first_total_rss_mb": totals[0][1] if totals else None,
            "last_total_rss_mb": totals[-1][1] if totals else None,
            "max_total_rss_mb": max(y for _, y in totals) if totals else None,
            "slope_mb_per_10k_articles_after_first_sample": round(_slope(later), 2),
        },
    }


def main(argv: list[str] | None = None) -> int:
    """Build the corpus if needed, run the benchmark, print the table, write the JSON."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000,
                        help="corpus size when --input is not given (default 100,000)")
    parser.add_argument("--input", type=Path, default=None,
                        help="JSONL corpus (default: /tmp/bkkbn_stream_N.jsonl, built if missing)")
    parser.add_argument("--output", type=Path, default=Path("/tmp/bkkbn_stream_results.jsonl"),
                        help="where the command writes its results (outside the repository)")
    parser.add_argument("--n-process", type=int, default=1)
    parser.add_argument("--every", type=int, default=1000, help="sample every N articles")
    parser.add_argument("--poll", type=float, default=0.2, help="seconds between output checks")
    parser.add_argument("--json", type=Path, default=REPO / "benchmarks" / "results"
                        / "streaming.json", help="where to write the measurements")
    args = parser.parse_args(argv)
    corpus = args.input or Path(f"/tmp/bkkbn_stream_{args.articles}.jsonl")
    if not corpus.exists():
        subprocess.run([sys.executable, str(REPO / "scripts" / "make_stream_corpus.py"),
                        "-n", str(args.articles), "-o", str(corpus)], check=True)
    result = run(corpus, args.output, args.n_process, args.every, args.poll)
    result["input"] = {"path": str(corpus), "lines": sum(1 for _ in open(corpus, "rb"))}
    result["machine"] = {"python": platform.python_version(), "platform": platform.platform(),
                         "cpus": os.cpu_count()}
    result["benchmark_command"] = " ".join([Path(sys.argv[0]).name, *(argv or sys.argv[1:])])

    print(f"\nbkkbn-nlp analyze --jsonl, {result['articles_written']:,} articles "
          f"({result['error_lines']:,} error lines), n_process={args.n_process}, "
          f"{result['seconds']:,.0f} s, {result['docs_per_second']} docs/s, "
          f"exit {result['exit_code']}\n")
    print("| articles | seconds | RSS command (MB) | RSS workers (MB) | RSS total (MB) |")
    print("|---:|---:|---:|---:|---:|")
    for s in result["samples"]:
        print(f"| {s['articles']:,} | {s['seconds']:,.1f} | {s['rss_mb']:.1f} | "
              f"{s['workers_rss_mb']:.1f} | {s['total_rss_mb']:.1f} |")
    summary = result["summary"]
    print(f"\nfirst {summary['first_total_rss_mb']} MB, last {summary['last_total_rss_mb']} MB, "
          f"max {summary['max_total_rss_mb']} MB; slope after the first sample "
          f"{summary['slope_mb_per_10k_articles_after_first_sample']} MB per 10,000 articles")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
