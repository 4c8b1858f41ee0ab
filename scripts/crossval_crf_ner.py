"""Cross-validate the CRF on idner-news-2k train + dev, for choices dev alone cannot settle: a
wrapper of ``bkkbn-nlp train crossval`` (:mod:`bkkbn_nlp.training.crossval`) whose defaults
are rooted at this checkout, from any folder.

Run it before choosing the CRF's training data or weights (``--news-weight``,
``--corrections``) for a new model, when dev scores cannot tell the options apart; it writes
the fold models ``scripts/audit_entity_rules.py`` reads.

The idner dev split (367 sentences, about 650 entities) moves by about ±0.01 between
models, too little to see how the news training articles (``--news-train``) trade idner's
conventions against ours. This script cuts the idner train and dev sentences into ``K``
folds (``random.Random(seed)``); for each fold and each ``--news-weight`` W it trains a CRF
on the other folds + NERGrit train + the news articles W times (W = 0: none), and scores
CRF + entity rules on the held-out fold as raw text, against the reviewed labels
(``--corrections``) and against the labels as published (the convention of the test
split, which this script never reads). Prints one row per weight (micro F1 over all folds'
entities) and writes the per-fold figures as JSON.

Usage::

    python scripts/crossval_crf_ner.py --folds 3 --news-weight 0 1 3 \\
        --corrections data/annotations/idner/corrections.jsonl \\
        --news-train data/annotations/entities/train --output training/crossval

The options are those of ``bkkbn-nlp train crossval --help``; ``--news-weight`` and
``--news-train`` also take several values after one flag, as they always did.
"""

from __future__ import annotations

from _wrapper import NEWS_CORPUS, ROOT, SHARED, run  # scripts/ is on sys.path

if __name__ == "__main__":
    run(["train", "crossval"], {"--data": SHARED / "ner",
                                "--output": ROOT / "training" / "crossval",
                                "--corpus": NEWS_CORPUS}, several=["--news-train", "--news-weight"])
