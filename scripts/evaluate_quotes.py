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

from _wrapper import FIXTURE, NEWS_CORPUS, ROOT, run  # scripts/ is on sys.path

if __name__ == "__main__":
    run(["evaluate", "quotes"], {
        "--prog": "python scripts/evaluate_quotes.py",
        "--corpus": NEWS_CORPUS,
        "--annotations": ROOT / "data" / "annotations" / "quotes",
        "--gold": FIXTURE,
    })
