"""Linear-time check: hostile inputs of growing size through cleaning, tokenizer and analysis.

Run from the repository root::

    python benchmarks/bench_adversarial.py [--sizes 125000,250000,500000,1000000]
        [--targets clean,tokenizer,analyze] [--inputs NAME,...] [--budget 60]
        [--max-ratio 16] [--passes 3] [--output benchmarks/results/adversarial.json]

Every input is a generator that builds a text of exactly ``size`` characters from a hostile
pattern (runs of quote marks, dots, hyphens, spaces or newlines, repeated "Baca juga:" lines,
HTML tags, unclosed tags and comments, nested brackets, one huge token, repeated datelines,
...). Each is fed to ``bkkbn_nlp.clean``, to the tokenizer of ``bkkbn_nlp.load()`` (on the
raw text) and to ``bkkbn_nlp.analyze``, at every size; each time is the best of ``--passes``
first passes, the tokenizer's cache emptied before each (it caches what it has seen, so a
plain second pass would time its cache).

With linear-time code the time at the largest size divided by the time at the smallest is
about the size ratio (8 for 1 MB over 125 KB). An input/target pair is **flagged** when that
ratio exceeds ``--max-ratio`` (default 16, twice linear, to absorb timing noise on a shared
machine), or when the next size is skipped because its projected time (current time times
the last growth factor) exceeds ``--budget`` seconds: super-linear growth is then evident
and waiting for a quadratic regex to finish on 1 MB is pointless. Timings below 5 ms at the
smallest size are too noisy for a ratio: the ratio is taken against 5 ms instead.

Sizes are in characters (about bytes: the patterns are mostly ASCII). The exit status is 1
when anything is flagged, so the script can guard against regressions.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from common import REPO_ROOT, machine_info  # benchmarks/ is on sys.path when run as a script

DEFAULT_OUTPUT = REPO_ROOT / "benchmarks" / "results" / "adversarial.json"
DEFAULT_SIZES = (125_000, 250_000, 500_000, 1_000_000)
TARGETS = ("clean", "tokenizer", "analyze")
NOISE_FLOOR_S = 0.005


def _repeat(unit: str) -> Callable[[int], str]:
    """A generator repeating ``unit`` to exactly ``size`` characters."""

    def make(size: int) -> str:
        return (unit * (size // len(unit) + 1))[:size]

    return make


def _nested_parens(size: int) -> str:
    half = size // 2
    return "(" * half + ")" * (size - half)


def _one_token(size: int) -> str:
    return "Kata" + "a" * (size - 4)


def _wrapped(prefix: str, fill: str, suffix: str) -> Callable[[int], str]:
    """``prefix`` + ``fill`` repeated + ``suffix``, ``size`` characters in all."""

    def make(size: int) -> str:
        body = size - len(prefix) - len(suffix)
        return prefix + (fill * (body // len(fill) + 1))[:body] + suffix

    return make


#: name -> generator(size) -> text of ``size`` characters
INPUTS: dict[str, Callable[[int], str]] = {
    "straight_quotes": _repeat('"'),
    "mixed_quotes": _repeat("“”\"'‘’«»„"),
    "quoted_words": _repeat('"a" '),
    "unbalanced_quotes": _repeat('Ia berkata, "Kita '),
    "dots": _repeat("."),
    "dot_words": _repeat("a."),
    "hyphens": _repeat("-"),
    "dashes_words": _repeat("a-B–c—"),
    "spaces": _wrapped("Awal ", " ", " akhir."),
    "newlines": _wrapped("Awal.", "\n", "Akhir."),
    "space_newline": _repeat(" \n\t"),
    "baca_juga_lines": _repeat("Baca juga: Judul berita lain yang panjang\n"),
    "baca_inline": _repeat("Polisi bergerak (Baca: Judul lain) cepat. "),
    "credit_lines": _repeat("Pewarta: Nama Orang\nEditor: Nama Lain\n(ant/ded)\n"),
    "html_tags": _repeat("<p>Satu <b>dua</b> tiga &amp; empat</p>\n"),
    "unclosed_tags": _wrapped("<p>", "<div class='x' ", ""),
    "unclosed_comment": _wrapped("<p>Awal</p>", "<!-- a ", ""),
    "unclosed_script": _wrapped("<p>Awal</p>", "<script>x ", ""),
    "lt_gt": _repeat("<>"),
    "entities": _repeat("&amp;&#8220;&nbsp;&"),
    "nested_parens": _nested_parens,
    "open_parens": _repeat("("),
    "single_token": _one_token,
    "long_url": _wrapped("Lihat https://", "a/", ""),
    "datelines": _repeat("Kendari (ANTARA) - "),
    "datelines_caps": _repeat("JAKARTA, KOMPAS.com - "),
    "glued_sentences": _repeat("baterai smartphone.Sebuah "),
    "glued_no_space": _repeat("smartphone.Sebuah"),
    "abbreviations": _repeat("Plt. Kab. Drs. M.Si. dll. "),
    "numbers": _repeat("10.000,50 "),
    "zero_width": _wrapped("a", "\u200b", "b"),
    "combining_marks": _wrapped("e", "\u0301", ""),
    "nfd_letters": _repeat("e\u0301"),
    "control_chars": _repeat("a\x00\x01\x1b\x7f"),
    "crlf": _repeat("Kalimat.\r\n"),
    "duplicate_paragraphs": _repeat("Paragraf yang sama persis diulang-ulang.\n"),
    "ellipsis": _repeat("…"),
    "question_quotes": _repeat('"Apa ini?" tanyanya. '),
    "cjk_arabic_mix": _repeat("Jakarta 北京 القاهرة Москва "),
    "emoji": _repeat("😀👍🏽 "),
}


# --------------------------------------------------------------------------- timing


def _time_call(fn: Callable[[str], Any], text: str) -> float:
    """One pass, on text the target has never seen.

    Only the first pass counts: spaCy's tokenizer caches the chunks it has seen and interns
    their strings, so a second pass over the same hostile text times a cache lookup (a 250,000
    character run of spaces takes 0.4 s the first time and 4 ms after). Mixing first passes
    at large sizes with repeated passes at small ones made linear growth look super-linear.
    """
    gc.collect()
    start = time.perf_counter()
    fn(text)
    return time.perf_counter() - start


def _best_cold(fn: Callable[[str], Any], text: str, passes: int,
               reset: Callable[[], None] | None) -> float:
    """The best of ``passes`` first passes: before each one ``reset`` gives the tokenizer a
    new, empty cache (untimed), so every pass sees the text as never seen before. One pass
    of a few milliseconds is at the mercy of the machine; the best of a few is not."""
    best = float("inf")
    for k in range(passes):
        if k and reset is None:
            break  # without a cache reset a second pass would time the cache
        if reset is not None:
            reset()
        best = min(best, _time_call(fn, text))
    return best


def measure(
    fn: Callable[[str], Any],
    make: Callable[[int], str],
    sizes: Sequence[int],
    budget: float,
    passes: int = 1,
    reset: Callable[[], None] | None = None,
) -> dict[str, Any]:
    """Times at each size (``None`` for sizes skipped because of the budget)."""
    times: list[float | None] = []
    skipped_projection: float | None = None
    for k, size in enumerate(sizes):
        text = make(size)
        if len(text) != size:
            raise AssertionError(f"generator made {len(text)} chars, not {size}")
        if k >= 1 and times[-1] is not None:
            prev, last = times[-2] if k >= 2 else None, times[-1]
            growth = (last / prev) if prev else size / sizes[k - 1]
            projected = last * max(growth, size / sizes[k - 1])
            if projected > budget:
                skipped_projection = projected
                times.extend([None] * (len(sizes) - k))
                break
        times.append(_best_cold(fn, text, passes, reset))
    return {"times_s": times, "skipped_projection_s": skipped_projection}


def verdict(times: Sequence[float | None], max_ratio: float,
            skipped_projection: float | None) -> tuple[float | None, bool]:
    """(largest/smallest time ratio, flagged?)."""
    if skipped_projection is not None:
        return None, True
    first, last = times[0], times[-1]
    if first is None or last is None:
        return None, True
    # a time under the noise floor says little: compare against the floor instead
    ratio = last / max(first, NOISE_FLOOR_S)
    return ratio, ratio > max_ratio


# --------------------------------------------------------------------------- main


def targets(names: Sequence[str]) -> tuple[dict[str, Callable[[str], Any]], Callable[[], None]]:
    """The functions to time, and a function emptying the tokenizer's cache (re-assigning
    ``rules``, public API: it builds new cache and special-case tables)."""
    import bkkbn_nlp

    nlp = bkkbn_nlp.load()
    tokenizer = nlp.tokenizer

    def reset() -> None:
        tokenizer.rules = tokenizer.rules

    available: dict[str, Callable[[str], Any]] = {
        "clean": bkkbn_nlp.clean,
        "tokenizer": nlp.tokenizer,
        "analyze": lambda text: bkkbn_nlp.analyze(text, nlp=nlp),
    }
    # warm caches (lazy data files, regex compilation) before timing
    for fn in available.values():
        fn("Kendari (ANTARA) - Kepala BKKBN mengatakan, \"Ini awal.\" Baca juga: x\n")
    return {name: available[name] for name in names}, reset


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(str(s) for s in DEFAULT_SIZES),
                        help="comma-separated sizes in characters")
    parser.add_argument("--targets", default=",".join(TARGETS),
                        help=f"comma-separated subset of {','.join(TARGETS)}")
    parser.add_argument("--inputs", default="", help="comma-separated input names (all)")
    parser.add_argument("--passes", type=int, default=3,
                        help="first passes per size, each on an emptied tokenizer cache; "
                             "the best is kept (3)")
    parser.add_argument("--budget", type=float, default=60.0,
                        help="skip a size whose projected time exceeds this (s)")
    parser.add_argument("--max-ratio", type=float, default=16.0,
                        help="flag when time(largest)/time(smallest) exceeds this")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="JSON results file")
    parser.add_argument("--list", action="store_true", help="list the inputs and exit")
    args = parser.parse_args(argv)
    args.sizes = sorted(int(s) for s in args.sizes.split(",") if s)
    args.targets = [t for t in args.targets.split(",") if t]
    args.inputs = [i for i in args.inputs.split(",") if i] or list(INPUTS)
    if args.passes < 1:
        parser.error("--passes must be at least 1")
    if len(args.sizes) < 2 or args.sizes[0] < 1:
        parser.error("--sizes needs at least two positive sizes")
    for t in args.targets:
        if t not in TARGETS:
            parser.error(f"unknown target {t!r}; choose from {', '.join(TARGETS)}")
    for i in args.inputs:
        if i not in INPUTS:
            parser.error(f"unknown input {i!r}; see --list")
    return args


def _fmt(t: float | None) -> str:
    return "skipped" if t is None else f"{t:.3f}"


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.list:
        for name, make in INPUTS.items():
            print(f"{name:22} {make(60)!r}")
        return 0
    fns, reset = targets(args.targets)
    rows: list[dict[str, Any]] = []
    header = ["input", "target", *(f"{s // 1000}k (s)" for s in args.sizes), "ratio", "flag"]
    print("  ".join(header), flush=True)
    for name in args.inputs:
        for target, fn in fns.items():
            m = measure(fn, INPUTS[name], args.sizes, args.budget, args.passes, reset)
            ratio, flagged = verdict(m["times_s"], args.max_ratio,
                                     m["skipped_projection_s"])
            rows.append({"input": name, "target": target, **m, "ratio": ratio,
                         "flagged": flagged})
            cells = [name, target, *(_fmt(t) for t in m["times_s"]),
                     "-" if ratio is None else f"{ratio:.1f}", "SUPER-LINEAR" if flagged else ""]
            if m["skipped_projection_s"] is not None:
                cells[-1] += f" (next size projected {m['skipped_projection_s']:.0f} s)"
            print("  ".join(cells), flush=True)
    flagged = [f"{r['input']}/{r['target']}" for r in rows if r["flagged"]]
    results = {
        "command": "python benchmarks/bench_adversarial.py " + " ".join(
            sys.argv[1:] if argv is None else argv),
        "sizes": args.sizes,
        "max_ratio": args.max_ratio,
        "budget_s": args.budget,
        "passes": args.passes,
        "rows": rows,
        "flagged": flagged,
        "machine": machine_info(),
        "timestamp": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
    out: Path = args.output
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(rows)} measurements, {len(flagged)} flagged"
          + (f": {', '.join(flagged)}" if flagged else ""))
    print(f"results written to {out}")
    return 1 if flagged else 0


if __name__ == "__main__":
    sys.exit(main())
