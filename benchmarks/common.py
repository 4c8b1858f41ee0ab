"""Shared pieces of the benchmark scripts: input, timing, cold starts, machine details.

The scripts in ``benchmarks/`` import this module as ``common`` (a script's own folder is on
``sys.path`` when it is run as ``python benchmarks/<script>.py``).
"""

from __future__ import annotations

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
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO_ROOT.parent / "shared" / "data" / "news" / "indonesian-news-corpus-2015.jsonl"
FALLBACK_ARTICLE = REPO_ROOT / "examples" / "antara_bkkbn_sultra_2019.txt"


# --------------------------------------------------------------------------- input


@dataclass
class Input:
    """The benchmark input (raw and cleaned articles) and where it came from."""

    raw: list[str]
    texts: list[str]  # cleaned with bkkbn_nlp.clean
    source: str
    fallback: bool
    unique_docs: int

    @property
    def chars(self) -> int:
        return sum(len(t) for t in self.texts)

    @property
    def raw_chars(self) -> int:
        return sum(len(t) for t in self.raw)

    def describe(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "fallback": self.fallback,
            "docs": len(self.texts),
            "unique_docs": self.unique_docs,
            "chars": self.chars,
            "raw_chars": self.raw_chars,
        }


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


def raw_articles(data: Path, n: int) -> tuple[list[str], str, bool]:
    """``n`` raw articles from ``data`` (cycled if the file has fewer), the source, and
    whether the bundled example article was used because ``data`` is missing."""
    fallback = not data.is_file()
    if fallback:
        raw = [FALLBACK_ARTICLE.read_text(encoding="utf-8")]
        source = f"{FALLBACK_ARTICLE.relative_to(REPO_ROOT)} (fallback: {data} not found)"
    else:
        raw = read_corpus(data, n)
        if not raw:
            raise SystemExit(f"no non-empty 'isi' field in {data}")
        source = str(data)
    return list(itertools.islice(itertools.cycle(raw), n)), source, fallback


def build_input(data: Path, n: int) -> Input:
    """``n`` articles from ``data`` (or the bundled example repeated), raw and cleaned."""
    import bkkbn_nlp

    raw, source, fallback = raw_articles(data, n)
    return Input(
        raw=raw,
        texts=[bkkbn_nlp.clean(text).text for text in raw],
        source=source,
        fallback=fallback,
        unique_docs=len(set(raw)),
    )


# --------------------------------------------------------------------------- timing


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


Runner = Callable[[Sequence[str]], Iterable[Any]]


def count_tokens(item: Any) -> int:
    """Tokens in one output: ``len()`` of a Doc or token list, ``len(tokens)`` of an
    Analysis (its tokens leave out whitespace)."""
    tokens = getattr(item, "tokens", None)
    return len(tokens) if tokens is not None else len(item)


def time_pass(fn: Runner, texts: Sequence[str]) -> tuple[float, int]:
    """Run ``fn`` over ``texts`` once; return (seconds, tokens)."""
    gc.collect()
    start = time.perf_counter()
    tokens = 0
    for item in fn(texts):
        tokens += count_tokens(item)
    return time.perf_counter() - start, tokens


def bench_interleaved(
    fns: dict[str, Runner],
    inputs: dict[str, Sequence[str]],
    repeat: int,
    reset: dict[str, Callable[[], None]] | None = None,
) -> dict[str, Throughput]:
    """One warm-up pass each, then ``repeat`` rounds running every ``fn`` once per round.

    ``inputs[name]`` is what ``fns[name]`` runs over; ``reset[name]``, if given, runs (untimed)
    before each of its passes, for example to empty a cache. The order inside a round is
    rotated so that no callable always runs first, and load on a shared machine hits all of
    them alike.
    """
    names = list(fns)
    reset = reset or {}
    tokens: dict[str, int] = {}
    for name in names:  # warm-up
        if name in reset:
            reset[name]()
        _, tokens[name] = time_pass(fns[name], inputs[name])
    times: dict[str, list[float]] = {name: [] for name in names}
    for r in range(repeat):
        shift = r % len(names)
        for name in names[shift:] + names[:shift]:
            if name in reset:
                reset[name]()
            seconds, count = time_pass(fns[name], inputs[name])
            if count != tokens[name]:
                raise RuntimeError(f"{name}: token count changed between passes")
            times[name].append(seconds)
    return {
        name: Throughput(name, tokens[name], len(inputs[name]), min(times[name]), times[name])
        for name in names
    }


@dataclass
class ColdStart:
    """Median figures of a snippet run in fresh interpreters."""

    name: str
    figures: dict[str, float]  # median of each figure the child printed, plus total_s
    runs: list[dict[str, float]]


def cold_start(name: str, snippet: str, runs: int) -> ColdStart:
    """Run ``snippet`` (which prints one JSON object of timings as its last line) in ``runs``
    fresh interpreters; return the median of each figure and of the total wall time
    (interpreter start-up included)."""
    results: list[dict[str, float]] = []
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-c", snippet],
            capture_output=True,
            text=True,
            cwd=REPO_ROOT,
            env=dict(os.environ),
            check=False,
        )
        total = time.perf_counter() - start
        if proc.returncode != 0:
            raise RuntimeError(f"cold start of {name} failed:\n{proc.stderr}")
        figures = json.loads(proc.stdout.strip().splitlines()[-1])
        figures["total_s"] = total
        results.append(figures)
    keys = results[0].keys()
    return ColdStart(
        name=name,
        figures={k: statistics.median(r[k] for r in results) for k in keys},
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


def load_average() -> tuple[float, float, float] | None:
    """The 1, 5 and 15 minute load averages (a busy machine makes timings unreliable)."""
    try:
        return os.getloadavg()
    except OSError:
        return None


def machine_info() -> dict[str, Any]:
    """Platform, Python, spaCy and bkkbn_nlp versions, CPU count and model, load average."""
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
        "load_average": load_average(),
    }


def machine_line(m: dict[str, Any]) -> str:
    """One line describing the machine, for printed reports."""
    load = m.get("load_average")
    load_text = f"; load average {load[0]:.2f}" if load else ""
    return (f"machine: {m['platform']}; Python {m['python']}; spaCy {m['spacy']}; "
            f"bkkbn_nlp {m['bkkbn_nlp']}; {m['cpu_count']} CPUs; {m['processor']}{load_text}")
