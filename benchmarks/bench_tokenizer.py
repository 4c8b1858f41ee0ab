"""Benchmark the bkkbn_nlp tokenizer against ``spacy.blank("id")``.

Run from the repository root::

    python benchmarks/bench_tokenizer.py [--data PATH] [--docs N] [--repeat R]
        [--output benchmarks/results/tokenizer.json]

In one run, on the same cleaned input, it measures:

* tokenizer throughput (tokens/s, docs/s) of ``bkkbn_nlp.load().tokenizer`` and of
  ``spacy.blank("id").tokenizer``: one warm-up pass each, then the best of ``R`` timed passes,
  the two tokenizers interleaved (and the order alternated) in every repeat;
* throughput of the full default pipeline, ``bkkbn_nlp.load().pipe(texts)``;
* cold load time in fresh subprocesses (median of 3): ``import bkkbn_nlp; bkkbn_nlp.load()``
  and ``import spacy; spacy.blank("id")``, both the load call alone and the total wall time
  (interpreter start-up and imports included);
* on what fraction of documents both tokenizers give the same token sequence (informational).

The input is the first ``N`` non-empty articles (field ``isi``) of the 2015 Indonesian news
corpus at ``../shared/data/news/indonesian-news-corpus-2015.jsonl`` (relative to the repo
root), each passed through ``bkkbn_nlp.clean(text).text``. If that file is missing, the bundled
article ``examples/antara_bkkbn_sultra_2019.txt`` is repeated ``N`` times instead (reported in
the output). A table is printed on stdout and all figures are written as JSON to ``--output``.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, cast

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO_ROOT.parent / "shared" / "data" / "news" / "indonesian-news-corpus-2015.jsonl"
FALLBACK_ARTICLE = REPO_ROOT / "examples" / "antara_bkkbn_sultra_2019.txt"
DEFAULT_OUTPUT = REPO_ROOT / "benchmarks" / "results" / "tokenizer.json"
COLD_RUNS = 3

# Each snippet prints one JSON line with the import and load times measured inside the child.
COLD_SNIPPETS: dict[str, str] = {
    "bkkbn_nlp.load()": (
        "import time, json\n"
        "t0 = time.perf_counter()\n"
        "import bkkbn_nlp\n"
        "t1 = time.perf_counter()\n"
        "nlp = bkkbn_nlp.load()\n"
        "t2 = time.perf_counter()\n"
        "print(json.dumps({'import_s': t1 - t0, 'load_s': t2 - t1}))\n"
    ),
    'spacy.blank("id")': (
        "import time, json\n"
        "t0 = time.perf_counter()\n"
        "import spacy\n"
        "t1 = time.perf_counter()\n"
        "nlp = spacy.blank('id')\n"
        "t2 = time.perf_counter()\n"
        "print(json.dumps({'import_s': t1 - t0, 'load_s': t2 - t1}))\n"
    ),
}


@dataclass
class Input:
    """The benchmark input and where it came from."""

    texts: list[str]
    source: str
    fallback: bool
    unique_docs: int
    chars: int


@dataclass
class Throughput:
    """Best-of-R throughput of one callable over the whole input."""

    name: str
    tokens: int
    docs: int
    best_s: float
    all_s: list[float]

    @property
    def tokens_per_s(self) -> float:
        return self.tokens / self.best_s

    @property
    def docs_per_s(self) -> float:
        return self.docs / self.best_s

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["tokens_per_s"] = self.tokens_per_s
        out["docs_per_s"] = self.docs_per_s
        return out


@dataclass
class ColdLoad:
    """Median cold-start figures over fresh subprocesses."""

    name: str
    import_s: float
    load_s: float
    total_s: float
    runs: list[dict[str, float]]


# --------------------------------------------------------------------------- input


def read_corpus(path: Path, n: int) -> list[str]:
    """The first ``n`` non-empty ``isi`` fields of a JSONL corpus."""
    texts: list[str] = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if not line:
                continue
            text = json.loads(line).get("isi") or ""
            if text.strip():
                texts.append(text)
                if len(texts) >= n:
                    break
    return texts


def build_input(data: Path, n: int) -> Input:
    """Clean ``n`` articles from ``data`` (or repeat the bundled example if it is missing)."""
    import bkkbn_nlp

    fallback = not data.is_file()
    if fallback:
        raw = [FALLBACK_ARTICLE.read_text(encoding="utf-8")]
        source = f"{FALLBACK_ARTICLE.relative_to(REPO_ROOT)} (fallback: {data} not found)"
    else:
        raw = read_corpus(data, n)
        if not raw:
            raise SystemExit(f"no non-empty 'isi' field in {data}")
        source = str(data)
    cleaned = [bkkbn_nlp.clean(text).text for text in raw]
    unique = len(cleaned)
    # Cycle when the corpus (or the fallback) has fewer than n articles.
    texts = list(itertools.islice(itertools.cycle(cleaned), n))
    return Input(
        texts=texts,
        source=source,
        fallback=fallback,
        unique_docs=min(unique, n),
        chars=sum(len(t) for t in texts),
    )


# --------------------------------------------------------------------------- timing


def time_pass(
    fn: Callable[[Sequence[str]], Iterable[Any]], texts: Sequence[str]
) -> tuple[float, int]:
    """Run ``fn`` over ``texts`` once; return (seconds, tokens)."""
    gc.collect()
    start = time.perf_counter()
    tokens = 0
    for doc in fn(texts):
        tokens += len(doc)
    return time.perf_counter() - start, tokens


def bench_interleaved(
    fns: dict[str, Callable[[Sequence[str]], Iterable[Any]]],
    texts: Sequence[str],
    repeat: int,
) -> dict[str, Throughput]:
    """One warm-up pass each, then ``repeat`` rounds running every ``fn`` once per round.

    The order inside a round is rotated so that no callable always runs first.
    """
    names = list(fns)
    tokens: dict[str, int] = {}
    for name in names:  # warm-up
        _, tokens[name] = time_pass(fns[name], texts)
    times: dict[str, list[float]] = {name: [] for name in names}
    for r in range(repeat):
        shift = r % len(names)
        for name in names[shift:] + names[:shift]:
            seconds, count = time_pass(fns[name], texts)
            if count != tokens[name]:
                raise RuntimeError(f"{name}: token count changed between passes")
            times[name].append(seconds)
    return {
        name: Throughput(name, tokens[name], len(texts), min(times[name]), times[name])
        for name in names
    }


def cold_load(name: str, snippet: str, runs: int = COLD_RUNS) -> ColdLoad:
    """Median import, load and total wall time of ``snippet`` in fresh interpreters."""
    results: list[dict[str, float]] = []
    env = dict(os.environ)
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-c", snippet],
            capture_output=True,
            text=True,
            cwd=REPO_ROOT,
            env=env,
            check=False,
        )
        total = time.perf_counter() - start
        if proc.returncode != 0:
            raise RuntimeError(f"cold load of {name} failed:\n{proc.stderr}")
        figures = json.loads(proc.stdout.strip().splitlines()[-1])
        figures["total_s"] = total
        results.append(figures)
    return ColdLoad(
        name=name,
        import_s=statistics.median(r["import_s"] for r in results),
        load_s=statistics.median(r["load_s"] for r in results),
        total_s=statistics.median(r["total_s"] for r in results),
        runs=results,
    )


def same_tokens_fraction(
    ours: Callable[[str], Any], theirs: Callable[[str], Any], texts: Sequence[str]
) -> tuple[float, int]:
    """Fraction (and count) of docs on which both tokenizers give the same token texts."""
    same = 0
    for text in texts:
        if [t.text for t in ours(text)] == [t.text for t in theirs(text)]:
            same += 1
    return same / len(texts) if texts else 0.0, same


# --------------------------------------------------------------------------- machine


def cpu_model() -> str | None:
    """The CPU ``model name`` from /proc/cpuinfo, if available."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.lower().startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or None


def machine_info() -> dict[str, Any]:
    from spacy.about import __version__ as spacy_version

    import bkkbn_nlp

    return {
        "platform": platform.platform(),
        "python": platform.python_version(),
        "python_implementation": platform.python_implementation(),
        "spacy": spacy_version,
        "bkkbn_nlp": bkkbn_nlp.__version__,
        "cpu_count": os.cpu_count(),
        "processor": cpu_model(),
    }


# --------------------------------------------------------------------------- report


def table_rows(results: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    """(metric, ours, spacy.blank("id"), ratio) rows for the summary table."""
    tok = results["tokenizer"]
    ours, blank = tok["bkkbn_nlp"], tok["spacy_blank_id"]
    cold = results["cold_load"]
    c_ours, c_blank = cold["bkkbn_nlp.load()"], cold['spacy.blank("id")']
    pipe = results["pipeline"]

    def ratio(a: float, b: float) -> str:
        return f"{a / b:.2f}x" if b else "-"

    return [
        (
            "tokenizer tokens/s",
            f"{ours['tokens_per_s']:,.0f}",
            f"{blank['tokens_per_s']:,.0f}",
            ratio(ours["tokens_per_s"], blank["tokens_per_s"]),
        ),
        (
            "tokenizer docs/s",
            f"{ours['docs_per_s']:,.1f}",
            f"{blank['docs_per_s']:,.1f}",
            ratio(ours["docs_per_s"], blank["docs_per_s"]),
        ),
        ("tokens in input", f"{ours['tokens']:,}", f"{blank['tokens']:,}", ""),
        (
            "full pipeline tokens/s",
            f"{pipe['tokens_per_s']:,.0f}",
            "-",
            "",
        ),
        ("full pipeline docs/s", f"{pipe['docs_per_s']:,.1f}", "-", ""),
        (
            "cold load: load call (s)",
            f"{c_ours['load_s']:.3f}",
            f"{c_blank['load_s']:.3f}",
            ratio(c_ours["load_s"], c_blank["load_s"]),
        ),
        (
            "cold load: import (s)",
            f"{c_ours['import_s']:.3f}",
            f"{c_blank['import_s']:.3f}",
            "",
        ),
        (
            "cold load: total wall (s)",
            f"{c_ours['total_s']:.3f}",
            f"{c_blank['total_s']:.3f}",
            ratio(c_ours["total_s"], c_blank["total_s"]),
        ),
        (
            'same tokens as blank("id")',
            f"{results['agreement']['fraction']:.1%} "
            f"({results['agreement']['same_docs']}/{results['input']['docs']} docs)",
            "",
            "",
        ),
    ]


def notes(results: dict[str, Any]) -> list[str]:
    inp, m = results["input"], results["machine"]
    lines = [
        f"input: {inp['docs']} docs ({inp['unique_docs']} unique), {inp['chars']:,} chars, "
        f"from {inp['source']}",
        f"timing: best of {results['repeat']} after 1 warm-up, tokenizers interleaved; "
        f"cold load: median of {COLD_RUNS} fresh subprocesses",
        "note: bkkbn_nlp imports spaCy lazily, so its load call includes importing spaCy",
        f"machine: {m['platform']}; Python {m['python']}; spaCy {m['spacy']}; "
        f"bkkbn_nlp {m['bkkbn_nlp']}; {m['cpu_count']} CPUs; {m['processor']}",
    ]
    if inp["fallback"]:
        lines.insert(0, "WARNING: news corpus not found; using the repeated example article")
    return lines


def print_report(results: dict[str, Any]) -> None:
    rows = table_rows(results)
    headers = ("metric", "bkkbn_nlp", 'spacy.blank("id")', "ratio")
    try:
        from rich.console import Console
        from rich.table import Table
    except ImportError:
        widths = [max(len(r[i]) for r in [headers, *rows]) for i in range(4)]
        line = "  ".join("-" * w for w in widths)
        print(line)
        print("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)))
        print(line)
        for row in rows:
            cells = [row[0].ljust(widths[0])] + [
                c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)
            ]
            print("  ".join(cells))
        print(line)
        for note in notes(results):
            print(note)
        return
    table = Table(title="bkkbn_nlp tokenizer benchmark")
    table.add_column(headers[0])
    for h in headers[1:]:
        table.add_column(h, justify="right")
    for row in rows:
        table.add_row(*row)
    console = Console(width=110)
    console.print(table)
    for note in notes(results):
        console.print(note, highlight=False, markup=False, soft_wrap=True)


# --------------------------------------------------------------------------- main


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="news corpus JSONL")
    parser.add_argument("--docs", type=int, default=300, help="number of articles (300)")
    parser.add_argument("--repeat", type=int, default=5, help="timed repeats, best kept (5)")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="JSON results file")
    args = parser.parse_args(argv)
    if args.docs < 1 or args.repeat < 1:
        parser.error("--docs and --repeat must be at least 1")
    return args


def run(data: Path, docs: int, repeat: int) -> dict[str, Any]:
    """Run every measurement and return the results as a JSON-serialisable dict."""
    import spacy

    import bkkbn_nlp

    inp = build_input(data, docs)
    texts = inp.texts

    nlp = bkkbn_nlp.load()
    from spacy.tokenizer import Tokenizer

    ours = cast(Tokenizer, nlp.tokenizer)
    blank = cast(Tokenizer, spacy.blank("id").tokenizer)

    tok = bench_interleaved(
        {
            "bkkbn_nlp": lambda ts: ours.pipe(ts),
            "spacy_blank_id": lambda ts: blank.pipe(ts),
        },
        texts,
        repeat,
    )
    pipe = bench_interleaved({"pipeline": lambda ts: nlp.pipe(ts)}, texts, repeat)["pipeline"]
    fraction, same = same_tokens_fraction(ours, blank, texts)

    cold = {name: cold_load(name, snippet) for name, snippet in COLD_SNIPPETS.items()}

    return {
        "input": {
            "source": inp.source,
            "fallback": inp.fallback,
            "docs": len(texts),
            "unique_docs": inp.unique_docs,
            "chars": inp.chars,
        },
        "repeat": repeat,
        "tokenizer": {name: t.to_dict() for name, t in tok.items()},
        "tokenizer_ratio_tokens_per_s": tok["bkkbn_nlp"].tokens_per_s
        / tok["spacy_blank_id"].tokens_per_s,
        "pipeline": {**pipe.to_dict(), "components": list(nlp.pipe_names)},
        "agreement": {"fraction": fraction, "same_docs": same},
        "cold_load": {name: asdict(c) for name, c in cold.items()},
        "machine": machine_info(),
        "timestamp": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    results = run(args.data, args.docs, args.repeat)
    print_report(results)
    output: Path = args.output
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"results written to {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
