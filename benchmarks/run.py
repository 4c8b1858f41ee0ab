"""The bkkbn_nlp benchmark: tokenizers, the full pipeline, cold load and peak memory.

Run from the repository root::

    python benchmarks/run.py [--docs N] [--output benchmarks/results/latest.json]
        [--data PATH] [--repeat R] [--pipeline-repeat P] [--cold-runs C]

In one run, on the same input (the first ``N`` articles of the news corpus, read at run
time; see ``benchmarks/README.md``), it measures:

* **tokenizers**: tokens/s and docs/s of ``bkkbn_nlp.load().tokenizer``, of
  ``spacy.blank("id").tokenizer`` and, when the ``nlp_id`` package is importable, of
  nlp-id's ``Tokenizer`` (skipped otherwise; it is not a dependency), on the cleaned
  articles: one warm-up pass each, then the best of ``R`` interleaved passes;
* **full default pipeline**: ``bkkbn_nlp.analyze_many`` on the raw articles (cleaning
  included) and ``nlp.pipe`` on the cleaned ones, each with ``n_process=1`` and
  ``n_process=2``, interleaved, best of ``P``; the speed-up of two processes over one, and
  whether both give identical results;
* **cold load**: in fresh interpreters (median of ``C``), ``import bkkbn_nlp;
  bkkbn_nlp.load()``, a bare ``import spacy`` and ``import spacy; spacy.blank("id")``;
* **peak memory**: the peak resident set size (``resource.getrusage``) of a fresh process
  that loads the default pipeline and runs ``analyze_many`` over the input with one process.

It prints tables on stdout and writes every figure, each timed pass and the machine details
(CPU count and model, Python, spaCy, load average) as JSON to ``--output``. Timings depend on
the machine and on what else runs on it: compare runs from the same quiet machine only.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any, cast

from common import (  # benchmarks/ is on sys.path when run as a script
    DEFAULT_DATA,
    REPO_ROOT,
    Input,
    Runner,
    Throughput,
    bench_interleaved,
    build_input,
    cold_start,
    machine_info,
    machine_line,
    same_tokens_fraction,
)

DEFAULT_OUTPUT = REPO_ROOT / "benchmarks" / "results" / "latest.json"

#: The targets of issue 7 (benchmark figures, not timed tests).
TARGETS = {
    "pipeline_tokens_per_s_min": 10_000,
    "speedup_n_process_2_min": 1.7,
    "tokenizer_vs_blank_min": 1.0,
    "cold_load_s_max": 2.0,
    "peak_rss_mb_max": 500,
}

# Each snippet prints one JSON line with times measured inside the child.
COLD_SNIPPETS: dict[str, str] = {
    "bkkbn_nlp.load()": (
        "import time, json\n"
        "t0 = time.perf_counter()\n"
        "import bkkbn_nlp\n"
        "t1 = time.perf_counter()\n"
        "nlp = bkkbn_nlp.load()\n"
        "t2 = time.perf_counter()\n"
        "print(json.dumps({'import_s': t1 - t0, 'load_s': t2 - t1, 'import_load_s': t2 - t0}))\n"
    ),
    "import spacy": (
        "import time, json\n"
        "t0 = time.perf_counter()\n"
        "import spacy\n"
        "t1 = time.perf_counter()\n"
        "print(json.dumps({'import_s': t1 - t0, 'load_s': 0.0, 'import_load_s': t1 - t0}))\n"
    ),
    'spacy.blank("id")': (
        "import time, json\n"
        "t0 = time.perf_counter()\n"
        "import spacy\n"
        "t1 = time.perf_counter()\n"
        "nlp = spacy.blank('id')\n"
        "t2 = time.perf_counter()\n"
        "print(json.dumps({'import_s': t1 - t0, 'load_s': t2 - t1, 'import_load_s': t2 - t0}))\n"
    ),
}

# Runs in a fresh interpreter: load, then analyse the input; print memory figures (MB).
MEMORY_SNIPPET = """
import json, resource, sys
sys.path.insert(0, {bench_dir!r})
from pathlib import Path
from common import raw_articles

def rss_mb():
    with open("/proc/self/status", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")

def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux

raw, _, _ = raw_articles(Path({data!r}), {docs})
import bkkbn_nlp
start = rss_mb()
nlp = bkkbn_nlp.load()
loaded, peak_loaded = rss_mb(), peak_mb()
tokens = 0
for result in bkkbn_nlp.analyze_many(raw, nlp=nlp, n_process=1):
    tokens += len(result.tokens)
print(json.dumps({{"rss_before_load_mb": start, "rss_after_load_mb": loaded,
                  "peak_after_load_mb": peak_loaded, "rss_after_run_mb": rss_mb(),
                  "peak_rss_mb": peak_mb(), "tokens": tokens}}))
"""


# --------------------------------------------------------------------------- tokenizers


def nlp_id_tokenizer() -> tuple[Callable[[str], list[str]] | None, str]:
    """nlp-id's tokenizer when the package is installed, else ``None`` and the reason."""
    try:
        from nlp_id.tokenizer import Tokenizer as NlpIdTokenizer  # type: ignore[import-not-found]
    except ImportError as exc:
        return None, f"nlp_id not importable ({exc}); install it to include it"
    tok = NlpIdTokenizer()
    return cast(Callable[[str], list[str]], tok.tokenize), "nlp_id.tokenizer.Tokenizer().tokenize"


def flush_cache(tokenizer: Any) -> Callable[[], None]:
    """A function giving a spaCy tokenizer a new, empty cache, so that a pass starts as it
    would on text never seen before.

    Re-assigning ``rules`` (public API) builds new cache and special-case tables. spaCy's
    private ``_flush_cache`` is not used: it deletes the cached entries one by one, and the
    hash table (preshed) keeps a tombstone for each, so every flush made later lookups slower
    (in one process, ``spacy.blank("id")`` fell from about 110,000 to 40,000 tokens/s over
    eight passes). Rebuilding the special cases takes seconds for ``spacy.blank("id")``; it
    happens before the pass and is not timed.
    """

    def reset() -> None:
        tokenizer.rules = tokenizer.rules

    return reset


def bench_tokenizers(nlp: Any, inp: Input, repeat: int) -> dict[str, Any]:
    import spacy

    ours = nlp.tokenizer
    blank = spacy.blank("id").tokenizer
    fns: dict[str, Runner] = {
        "bkkbn_nlp": lambda ts: ours.pipe(ts),
        "spacy_blank_id": lambda ts: blank.pipe(ts),
    }
    reset = {"bkkbn_nlp": flush_cache(ours), "spacy_blank_id": flush_cache(blank)}
    nlp_id, nlp_id_note = nlp_id_tokenizer()
    if nlp_id is not None:
        fns["nlp_id"] = lambda ts: (nlp_id(t) for t in ts)
    inputs = dict.fromkeys(fns, inp.texts)
    fresh = bench_interleaved(fns, inputs, repeat, reset)
    warm = bench_interleaved(fns, inputs, repeat)
    fraction, same = same_tokens_fraction(ours, blank, inp.texts)
    return {
        "fresh_cache": {name: t.to_dict() for name, t in fresh.items()},
        "warm_cache": {name: t.to_dict() for name, t in warm.items()},
        "ratio_vs_blank": fresh["bkkbn_nlp"].tokens_per_s / fresh["spacy_blank_id"].tokens_per_s,
        "ratio_vs_blank_warm_cache": warm["bkkbn_nlp"].tokens_per_s
        / warm["spacy_blank_id"].tokens_per_s,
        "nlp_id": nlp_id_note if nlp_id is not None else None,
        "nlp_id_skipped": None if nlp_id is not None else nlp_id_note,
        "agreement_with_blank": {"fraction": fraction, "same_docs": same},
    }


# --------------------------------------------------------------------------- pipeline


def _digest(items: Iterable[Any]) -> str:
    """A hash of everything an analysis run produced, to compare runs."""
    h = hashlib.sha256()
    for item in items:
        h.update(item.to_json().encode("utf-8"))
    return h.hexdigest()


def bench_pipeline(nlp: Any, inp: Input, repeat: int) -> dict[str, Any]:
    import bkkbn_nlp

    def analyze(n_process: int) -> Runner:
        return lambda ts: bkkbn_nlp.analyze_many(ts, nlp=nlp, n_process=n_process)

    def pipe(n_process: int) -> Runner:
        return lambda ts: nlp.pipe(ts, n_process=n_process)

    fns: dict[str, Runner] = {
        "analyze_many_n1": analyze(1),
        "analyze_many_n2": analyze(2),
        "nlp_pipe_n1": pipe(1),
        "nlp_pipe_n2": pipe(2),
    }
    inputs = {name: inp.raw if name.startswith("analyze") else inp.texts for name in fns}
    results: dict[str, Throughput] = bench_interleaved(fns, inputs, repeat)
    identical = _digest(analyze(1)(inp.raw)) == _digest(analyze(2)(inp.raw))
    return {
        "results": {name: t.to_dict() for name, t in results.items()},
        "components": list(nlp.pipe_names),
        "speedup_analyze_many": results["analyze_many_n1"].best_s
        / results["analyze_many_n2"].best_s,
        "speedup_nlp_pipe": results["nlp_pipe_n1"].best_s / results["nlp_pipe_n2"].best_s,
        "n_process_2_identical_results": identical,
    }


# --------------------------------------------------------------------------- cold load, memory


def bench_cold(runs: int) -> dict[str, Any]:
    return {name: asdict(cold_start(name, snippet, runs))
            for name, snippet in COLD_SNIPPETS.items()}


def bench_memory(data: Path, docs: int) -> dict[str, Any]:
    snippet = MEMORY_SNIPPET.format(bench_dir=str(REPO_ROOT / "benchmarks"), data=str(data),
                                    docs=docs)
    proc = subprocess.run([sys.executable, "-c", snippet], capture_output=True, text=True,
                          cwd=REPO_ROOT, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"memory run failed:\n{proc.stderr}")
    figures: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    figures["method"] = ("fresh interpreter: load the default pipeline, analyze_many over the "
                         "input with n_process=1; peak = resource.getrusage(RUSAGE_SELF).ru_maxrss")
    return figures


# --------------------------------------------------------------------------- report


def check_targets(results: dict[str, Any]) -> dict[str, Any]:
    """Each issue-7 target with the measured figure and whether it is met."""
    pipe = results["pipeline"]
    cold = results["cold_load"]["bkkbn_nlp.load()"]["figures"]
    measured = {
        "pipeline_tokens_per_s_min": pipe["results"]["analyze_many_n1"]["tokens_per_s"],
        "speedup_n_process_2_min": pipe["speedup_analyze_many"],
        "tokenizer_vs_blank_min": results["tokenizers"]["ratio_vs_blank"],
        "cold_load_s_max": cold["import_load_s"],
        "peak_rss_mb_max": results["memory"]["peak_rss_mb"],
    }
    out = {}
    for key, target in TARGETS.items():
        value = measured[key]
        met = value >= target if key.endswith("_min") else value <= target
        out[key] = {"target": target, "measured": value, "met": met}
    return out


def _rows(results: dict[str, Any]) -> dict[str, list[tuple[str, ...]]]:
    tok = results["tokenizers"]["fresh_cache"]
    warm = results["tokenizers"]["warm_cache"]
    ours = tok["bkkbn_nlp"]["tokens_per_s"]
    names = {"bkkbn_nlp": "bkkbn_nlp", "spacy_blank_id": 'spacy.blank("id")', "nlp_id": "nlp-id"}
    tok_rows = [
        (names[n], f"{t['tokens']:,}", f"{t['tokens_per_s']:,.0f}", f"{t['docs_per_s']:,.1f}",
         f"{ours / t['tokens_per_s']:.2f}x", f"{warm[n]['tokens_per_s']:,.0f}")
        for n, t in tok.items()
    ]
    pipe = results["pipeline"]
    pipe_rows = []
    for name, label in (("analyze_many_n1", "analyze_many, n_process=1"),
                        ("analyze_many_n2", "analyze_many, n_process=2"),
                        ("nlp_pipe_n1", "nlp.pipe, n_process=1"),
                        ("nlp_pipe_n2", "nlp.pipe, n_process=2")):
        r = pipe["results"][name]
        speedup = ""
        if name.endswith("n2"):
            key = "speedup_analyze_many" if name.startswith("analyze") else "speedup_nlp_pipe"
            speedup = f"{pipe[key]:.2f}x"
        pipe_rows.append((label, f"{r['tokens']:,}", f"{r['tokens_per_s']:,.0f}",
                          f"{r['docs_per_s']:,.1f}", speedup))
    cold = results["cold_load"]
    cold_rows = [
        (name, f"{c['figures']['import_s']:.3f}", f"{c['figures']['load_s']:.3f}",
         f"{c['figures']['import_load_s']:.3f}", f"{c['figures']['total_s']:.3f}")
        for name, c in cold.items()
    ]
    mem = results["memory"]
    mem_rows = [
        ("RSS before load (MB)", f"{mem['rss_before_load_mb']:.0f}"),
        ("RSS after load (MB)", f"{mem['rss_after_load_mb']:.0f}"),
        ("peak RSS, whole run (MB)", f"{mem['peak_rss_mb']:.0f}"),
    ]
    target_rows = [
        (key, str(t["target"]), f"{t['measured']:,.2f}", "yes" if t["met"] else "NO")
        for key, t in results["targets"].items()
    ]
    return {"tokenizers": tok_rows, "pipeline": pipe_rows, "cold": cold_rows,
            "memory": mem_rows, "targets": target_rows}


HEADERS = {
    "tokenizers": ("tokenizer", "tokens", "tokens/s", "docs/s", "bkkbn_nlp is",
                   "tokens/s, warm cache"),
    "pipeline": ("default pipeline", "tokens", "tokens/s", "docs/s", "speed-up"),
    "cold": ("cold start (median)", "import (s)", "load (s)", "import+load (s)", "wall (s)"),
    "memory": ("peak memory (fresh process)", "value"),
    "targets": ("issue 7 target", "target", "measured", "met"),
}


def notes(results: dict[str, Any]) -> list[str]:
    inp, m = results["input"], results["machine"]
    tok = results["tokenizers"]
    lines = [
        f"input: {inp['docs']} docs ({inp['unique_docs']} unique), {inp['raw_chars']:,} raw "
        f"chars, {inp['chars']:,} cleaned chars, from {inp['source']}",
        "tokenizers: each pass starts with an empty tokenizer cache (text never seen before); "
        "the last column repeats the passes with the cache kept warm",
        f"timing: tokenizers best of {results['repeat']} interleaved passes, pipeline best of "
        f"{results['pipeline_repeat']}, after 1 warm-up each; cold start: median of "
        f"{results['cold_runs']} fresh interpreters (wall includes interpreter start-up)",
        "tokens: len(doc) for tokenizers and nlp.pipe; non-whitespace tokens of each Analysis "
        "for analyze_many (which also cleans the raw text)",
        f"n_process=2 gives identical analyze_many results: "
        f"{results['pipeline']['n_process_2_identical_results']}",
        f"same tokens as spacy.blank('id'): {tok['agreement_with_blank']['fraction']:.1%} of docs",
        "nlp-id: " + (tok["nlp_id"] or f"skipped, {tok['nlp_id_skipped']}"),
        machine_line(m),
    ]
    if inp["fallback"]:
        lines.insert(0, "WARNING: news corpus not found; using the repeated example article")
    return lines


def print_report(results: dict[str, Any]) -> None:
    rows = _rows(results)
    try:
        from rich.console import Console
        from rich.table import Table
    except ImportError:
        for key, body in rows.items():
            headers = HEADERS[key]
            widths = [max(len(r[i]) for r in [headers, *body]) for i in range(len(headers))]
            print("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)))
            for row in body:
                print("  ".join([row[0].ljust(widths[0])] + [
                    c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)]))
            print()
        for note in notes(results):
            print(note)
        return
    console = Console(width=110)
    for key, body in rows.items():
        headers = HEADERS[key]
        table = Table()
        table.add_column(headers[0])
        for h in headers[1:]:
            table.add_column(h, justify="right")
        for row in body:
            table.add_row(*row)
        console.print(table)
    for note in notes(results):
        console.print(note, highlight=False, markup=False, soft_wrap=True)


# --------------------------------------------------------------------------- main


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="news corpus JSONL")
    parser.add_argument("--docs", type=int, default=300, help="number of articles (300)")
    parser.add_argument("--repeat", type=int, default=5,
                        help="timed tokenizer passes, best kept (5)")
    parser.add_argument("--pipeline-repeat", type=int, default=3,
                        help="timed pipeline passes, best kept (3)")
    parser.add_argument("--cold-runs", type=int, default=5,
                        help="fresh interpreters per cold start, median kept (5)")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="JSON results file")
    args = parser.parse_args(argv)
    if min(args.docs, args.repeat, args.pipeline_repeat, args.cold_runs) < 1:
        parser.error("--docs, --repeat, --pipeline-repeat and --cold-runs must be at least 1")
    return args


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Run every measurement and return the results as a JSON-serialisable dict."""
    import bkkbn_nlp

    machine = machine_info()  # before the run: the load average says how quiet the machine was
    inp = build_input(args.data, args.docs)
    nlp = bkkbn_nlp.load()
    results: dict[str, Any] = {
        "command": "python benchmarks/run.py " + " ".join(sys.argv[1:]),
        "input": inp.describe(),
        "repeat": args.repeat,
        "pipeline_repeat": args.pipeline_repeat,
        "cold_runs": args.cold_runs,
    }
    print("tokenizers ...", file=sys.stderr, flush=True)
    results["tokenizers"] = bench_tokenizers(nlp, inp, args.repeat)
    print("pipeline ...", file=sys.stderr, flush=True)
    results["pipeline"] = bench_pipeline(nlp, inp, args.pipeline_repeat)
    print("cold load ...", file=sys.stderr, flush=True)
    results["cold_load"] = bench_cold(args.cold_runs)
    print("memory ...", file=sys.stderr, flush=True)
    results["memory"] = bench_memory(args.data, args.docs)
    results["targets"] = check_targets(results)
    results["machine"] = machine
    results["timestamp"] = time.strftime("%Y-%m-%dT%H:%M:%S%z")
    return results


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    results = run(args)
    print_report(results)
    output: Path = args.output
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"results written to {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
