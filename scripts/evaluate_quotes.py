"""Evaluate rule-based quote attribution: a wrapper of ``bkkbn-nlp evaluate quotes``
(:mod:`bkkbn_nlp.evaluation.quotes`) that reads the annotations of this checkout
(``data/annotations/quotes``, the gold fixture) and the 2015 news corpus in
``../shared/data`` beside it, from any working directory.

Run it after changing the quote rules or the cleaner, or after a new annotation batch, to
measure the dev sets and regenerate ``docs/quotes-results.md``::

    python scripts/evaluate_quotes.py [--corpus PATH] [--output results.json] [--details]
        [--report docs/quotes-results.md]

The options, the evaluation sets (dev-a, dev-b, dev-c, dev-d1, dev-d2, total, fixture) and
the metrics are those of ``bkkbn-nlp evaluate quotes --help``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from bkkbn_nlp.cli import cli

ROOT = Path(__file__).resolve().parent.parent
DEFAULTS = [
    "--corpus", str(ROOT.parent / "shared/data/news/indonesian-news-corpus-2015.jsonl"),
    "--annotations", str(ROOT / "data/annotations/quotes"),
    "--gold", str(ROOT / "tests/fixtures/antara_bkkbn_sultra_2019.gold.jsonl"),
]

if __name__ == "__main__":
    cli.main(["evaluate", "quotes", "--prog", "python scripts/evaluate_quotes.py", *DEFAULTS,
              *sys.argv[1:]], prog_name="scripts/evaluate_quotes.py")
