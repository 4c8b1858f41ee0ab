"""Compare NER systems on the same test data and write a results table.

Usage::

    python scripts/evaluate_ner.py --model crf=models/bkkbn_id_default \\
        --model spacy-cnn=training/ner_cnn/model-best \\
        [--data ../shared/data/ner] [--output docs/ner-results.md] [--json FILE]

Systems: the statistical model alone, the gazetteer rules alone, and the model followed by
the rules (``bkkbn_entity_rules``). Test sets: idner-news-2k test (raw text through our
tokenizer, also against gold with each "Name (ACR)" entity split into name and acronym as
our guideline and the training data have them, and gold tokens), NERGrit test (gold
tokens), the gold fixture (cleaned text), and the news articles the team annotated
(``data/annotations/entities``, cleaned text of the 2015 corpus, several desks and
outlets). Scores: exact span and label (CoNLL), micro and per label.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

import spacy

import bkkbn_nlp
from bkkbn_nlp.entities.corpora import (
    apply_corrections,
    read_conll,
    read_corrections,
    read_news_entities,
)
from bkkbn_nlp.evaluation import evaluate_ner_conll, evaluate_ner_labelled
from bkkbn_nlp.io.labelled import read_labelled
from bkkbn_nlp.pipeline import TOKENIZER_CONFIG

ROOT = Path(__file__).resolve().parent.parent


def crf_pipeline(model: Path, *, rules: bool) -> spacy.language.Language:
    """Tokenizer, sentences and a CRF model file (``scripts/train_crf_ner.py`` output),
    optionally followed by the gazetteer rules: to compare models before building one into
    the default pipeline."""
    nlp = spacy.blank("id", config=TOKENIZER_CONFIG)
    nlp.add_pipe("bkkbn_sentencizer")
    nlp.add_pipe("bkkbn_crf_ner").load_model(model)
    if rules:
        nlp.add_pipe("bkkbn_entity_rules")
    return nlp


def systems(models: list[str]) -> dict[str, spacy.language.Language]:
    """``rules`` alone, then for each ``NAME=PATH`` the model alone and the model + rules."""
    out = {}
    rules = spacy.blank("id", config=TOKENIZER_CONFIG)
    rules.add_pipe("bkkbn_entity_rules")
    out["rules"] = rules
    for spec in models:
        name, _, path = spec.rpartition("=")
        name = name or "model"
        if path.endswith(".crfsuite"):
            out[name] = crf_pipeline(Path(path), rules=False)
            out[f"{name} + rules"] = crf_pipeline(Path(path), rules=True)
            continue
        out[name] = spacy.load(path, exclude=["bkkbn_entity_rules"])
        combo = spacy.load(path)
        if "bkkbn_entity_rules" not in combo.pipe_names:
            combo.add_pipe("bkkbn_entity_rules")
        out[f"{name} + rules"] = combo
    return out


def _earlier_rows(output: Path | None, names: list[str]) -> tuple[list[str], str]:
    """Rows of the systems ``names`` from an existing results table, marked "(earlier run)",
    and a note naming the command that produced them."""
    if not names:
        return [], ""
    if output is None or not output.exists():
        raise SystemExit("--earlier needs an existing --output table to take the rows from")
    old = output.read_text(encoding="utf-8")
    first = old.splitlines()[2] if len(old.splitlines()) > 2 else ""
    wanted = {n for name in names for n in (name, f"{name} + rules", f"{name} (earlier run)",
                                            f"{name} + rules (earlier run)")}
    rows = []
    for line in old.splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if line.startswith("| ") and cells[0] in wanted:
            name = cells[0] if cells[0].endswith("(earlier run)") else f"{cells[0]} (earlier run)"
            rows.append("| " + " | ".join([name, *cells[1:]]) + " |")
    notes = [line for line in old.splitlines() if line.startswith("Rows marked")]
    note = notes[0] if notes else (
        "Rows marked (earlier run) were not re-measured by this command (the model was not "
        "retrained); they are copied from the previous table, measured with the entity rules "
        f"and data of that run, whose header read: {first.strip()}")
    return rows, "\n" + note + "\n"


NEWS_ANNOTATIONS = ROOT / "data" / "annotations" / "entities"
DEFAULT_CORPUS = ROOT.parent / "shared" / "data" / "news" / "indonesian-news-corpus-2015.jsonl"


#: news batches rules may be written from; later batches are held out
NEWS_DEV_BATCHES = (1, 2)
IDNER_CORRECTIONS = ROOT / "data" / "annotations" / "idner" / "corrections.jsonl"


def load_news(corpus: Path, batches: tuple[int, ...] | None = None,
              folder: Path = NEWS_ANNOTATIONS
              ) -> tuple[list[str], list[list[tuple[int, int, str]]]]:
    """The hand-annotated news articles of ``entities_batch_N.jsonl`` for ``batches`` (all
    if ``None``, else the batch numbers), as cleaned texts and gold spans
    (:func:`bkkbn_nlp.entities.corpora.read_news_entities`). Empty without the corpus."""
    paths = sorted(folder.glob("entities_batch_*.jsonl"))
    if batches is not None:
        paths = [p for p in paths if int(p.stem.rsplit("_", 1)[1]) in batches]
    return read_news_entities(paths, corpus)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", action="append", default=[], metavar="NAME=PATH",
                        help="a pipeline directory to evaluate (repeatable)")
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "ner")
    parser.add_argument("--gold", type=Path,
                        default=ROOT / "tests" / "fixtures" / "antara_bkkbn_sultra_2019.gold.jsonl")
    parser.add_argument("--split", choices=("test", "dev"), default="test",
                        help="dev: idner-news-2k dev (also reviewed), NERGrit valid and the "
                             "news 2015 dev articles, for model selection (the held-out news "
                             "articles are left out); test only for final reports")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS,
                        help="the 2015 news corpus, for the hand-annotated news articles")
    parser.add_argument("--corrections", type=Path, default=IDNER_CORRECTIONS,
                        help="with --split dev: also score on the dev sentences as our "
                             "annotators reviewed them (docs/annotation-guidelines.md §7)")
    parser.add_argument("--news-dev", type=Path, nargs="+", default=[],
                        help="with --split dev: news training annotations (entities_train_*"
                             ".jsonl files or folders) to score as one more dev set, for "
                             "models not trained on them (a check across annotation rounds)")
    parser.add_argument("--output", type=Path, default=None, help="markdown table to write")
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--earlier", action="append", default=[], metavar="NAME",
                        help="keep the rows of system NAME (and NAME + rules) from the existing "
                             "--output table, marked as an earlier run: for a model that is "
                             "not retrained (repeatable)")
    args = parser.parse_args()

    gold_docs = list(read_labelled(args.gold))
    texts = [d.text for d in gold_docs]
    gold_spans = [[(e["start"], e["end"], e["label"]) for e in d.entities or []] for d in gold_docs]
    idner = args.data / "idner-news-2k" / f"{args.split}.txt"
    nergrit = args.data / "nergrit-indonlu" / (
        "test_preprocess.txt" if args.split == "test" else "valid_preprocess.txt")
    # (name, sentences, raw text?, gold "Name (ACR)" split as in our guideline?)
    tests: list[tuple[str, Any, bool, bool]] = [
        (f"idner {args.split}, raw text", idner, True, False),
        (f"idner {args.split}, raw text, Name (ACR) split", idner, True, True),
        (f"idner {args.split}, gold tokens", idner, False, False),
        (f"NERGrit {args.split}, gold tokens", nergrit, False, False),
    ]
    if args.split == "dev" and args.corrections.exists():
        reviewed = apply_corrections("dev", list(read_conll(idner)),
                                     read_corrections(args.corrections))
        tests.insert(2, ("idner dev reviewed, raw text", reviewed, True, False))
    news = {}
    all_batches = sorted(int(p.stem.rsplit("_", 1)[1])
                         for p in NEWS_ANNOTATIONS.glob("entities_batch_*.jsonl"))
    held_out = tuple(b for b in all_batches if b not in NEWS_DEV_BATCHES)
    # model selection (--split dev) never sees the held-out articles
    news_sets = [("news 2015, dev", NEWS_DEV_BATCHES)]
    if args.split == "test":
        news_sets.append(("news 2015, held out", held_out))
    for label, batches in news_sets:
        n_texts, n_gold = load_news(args.corpus, batches)
        if n_texts:
            news[f"{label} ({len(n_texts)} articles)"] = (n_texts, n_gold)
    if args.news_dev:
        if args.split != "dev":
            parser.error("--news-dev is for model selection: use it with --split dev")
        n_texts, n_gold = read_news_entities(args.news_dev, args.corpus)
        news[f"news 2015, training articles as dev ({len(n_texts)} articles)"] = (n_texts, n_gold)
    results: dict[str, dict[str, Any]] = {}
    for name, nlp in systems(args.model).items():
        print(f"evaluating {name} ...", file=sys.stderr)
        results[name] = {}
        for test_name, path, raw, split in tests:
            t = time.perf_counter()
            results[name][test_name] = evaluate_ner_conll(nlp, path, raw_text=raw,
                                                          split_acronyms=split)
            results[name][test_name]["seconds"] = time.perf_counter() - t
        results[name]["gold fixture"] = evaluate_ner_labelled(nlp, texts, gold_spans)
        for label, (n_texts, n_gold) in news.items():
            results[name][label] = evaluate_ner_labelled(nlp, n_texts, n_gold)
    lines = ["| system | test set | P | R | F1 | PER F1 | ORG F1 | LOC F1 |",
             "|---|---|---|---|---|---|---|---|"]
    for name, per_test in results.items():
        for test_name, r in per_test.items():
            m = r["micro"]
            per = [r["per_label"].get(lab, {}).get("f1", 0.0) for lab in ("PER", "ORG", "LOC")]
            cells = [m["precision"], m["recall"], m["f1"], *per]
            row = " | ".join(f"{c:.3f}" for c in cells)
            lines.append(f"| {name} | {test_name} | {row} |")
    earlier_rows, earlier_note = _earlier_rows(args.output, args.earlier)
    lines += earlier_rows
    table = "\n".join(lines)
    print(table)
    command = " ".join(["python scripts/evaluate_ner.py", *(f"--model {m}" for m in args.model),
                        *([f"--split {args.split}"] if args.split != "test" else []),
                        *([f"--news-dev {' '.join(map(str, args.news_dev))}"]
                          if args.news_dev else []),
                        *(f"--earlier {e}" for e in args.earlier)])
    header = (f"# NER results\n\nGenerated by `{command}` (bkkbn_nlp {bkkbn_nlp.__version__}). "
              "Exact span and label (CoNLL convention); micro scores over PER, ORG, LOC.\n\n")
    if args.output:
        args.output.write_text(header + table + "\n" + earlier_note, encoding="utf-8")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
