"""Compare NER systems on the same test data and write a results table: a wrapper of
``bkkbn-nlp evaluate ner`` (:mod:`bkkbn_nlp.evaluation.ner`) that reads the data from this
checkout (``data/annotations``, ``tests/fixtures``) and ``../shared/data`` beside it, from any
working directory.

Run it after training or choosing a NER model, or after changing the entity rules, to
measure the systems and regenerate ``docs/ner-results.md``::

    python scripts/evaluate_ner.py --model crf=models/bkkbn_id_default \\
        --model spacy-cnn=training/ner_cnn/model-best \\
        [--data ../shared/data/ner] [--output docs/ner-results.md] [--json FILE]

The options are those of ``bkkbn-nlp evaluate ner --help``; ``--news-dev`` also takes
several paths after one flag, as it always did.
"""

from __future__ import annotations

from _wrapper import FIXTURE, NEWS_CORPUS, ROOT, SHARED, run  # scripts/ is on sys.path

if __name__ == "__main__":
    run(["evaluate", "ner"], {
        "--prog": "python scripts/evaluate_ner.py",
        "--data": SHARED / "ner",
        "--gold": FIXTURE,
        "--corpus": NEWS_CORPUS,
        "--annotations": ROOT / "data" / "annotations" / "entities",
        "--corrections": ROOT / "data" / "annotations" / "idner" / "corrections.jsonl",
    }, several=["--news-dev"])
