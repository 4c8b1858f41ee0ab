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

from pathlib import Path

from bkkbn_nlp.cli import cli

ROOT = Path(__file__).resolve().parent.parent
ANNOTATIONS = ROOT / "data" / "annotations"
#: the defaults of the CLI, rooted at this checkout (given first: the caller's options win)
DEFAULTS = [
    "--data", str(ROOT.parent / "shared" / "data" / "ner"),
    "--gold", str(ROOT / "tests" / "fixtures" / "antara_bkkbn_sultra_2019.gold.jsonl"),
    "--corpus", str(ROOT.parent / "shared" / "data" / "news" / "indonesian-news-corpus-2015.jsonl"),
    "--annotations", str(ANNOTATIONS / "entities"),
    "--corrections", str(ANNOTATIONS / "idner" / "corrections.jsonl"),
]


def one_flag_per_value(argv: list[str], flag: str) -> list[str]:
    """``argv`` with ``FLAG A B`` (argparse ``nargs="+"``) written ``FLAG A FLAG B``."""
    out: list[str] = []
    taking = False
    for arg in argv:
        if arg == flag:
            taking = True
        elif taking and not arg.startswith("-"):
            out += [flag, arg]
        else:
            taking = False
            out.append(arg)
    return out


def main(argv: list[str] | None = None) -> None:
    import sys

    args = one_flag_per_value(sys.argv[1:] if argv is None else argv, "--news-dev")
    cli.main(["evaluate", "ner", "--prog", "python scripts/evaluate_ner.py", *DEFAULTS, *args],
             prog_name="scripts/evaluate_ner.py")


if __name__ == "__main__":
    main()
