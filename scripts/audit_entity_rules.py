"""What the entity rules change in the CRF's output, on cross-validation folds of idner.

Run it after changing the entity rules (bkkbn_nlp/entities/rules.py, the gazetteers),
on the fold models of ``scripts/crossval_crf_ner.py``, to see what a rule change adds or
removes on data the CRF was not trained on.

For each fold model written by ``scripts/crossval_crf_ner.py`` (``DIR/w{W}_f{k}/model.crfsuite``)
this script tags the fold's held-out idner train/dev sentences as raw text twice, with the
CRF alone and with the CRF followed by ``bkkbn_entity_rules``, and sorts every span the
rules add or remove by whether the published labels have it. It prints the counts, micro F1
of both systems against the reviewed and the published labels, and (``--show``) the
sentences, so that rule errors can be found on data the model was not trained on and the
test split is never read.

Usage::

    python scripts/crossval_crf_ner.py --folds 3 --news-weight 1 \\
        --corrections data/annotations/idner/corrections.jsonl \\
        --news-train data/annotations/entities/train --output training/crossval
    python scripts/audit_entity_rules.py --models training/crossval --weight 1 [--show]
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from pathlib import Path

from bkkbn_nlp.entities.corpora import detokenize
from bkkbn_nlp.evaluation import evaluate_ner_conll, prf, trim_span
from bkkbn_nlp.evaluation.ner import crf_pipeline
from bkkbn_nlp.training.crossval import fold_model, idner_folds

ROOT = Path(__file__).resolve().parent.parent
KINDS = ("added, in gold", "added, not in gold", "removed, not in gold", "removed, in gold")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", type=Path, required=True,
                        help="output directory of crossval_crf_ner.py")
    parser.add_argument("--weight", type=int, default=1, help="the news weight of the models")
    parser.add_argument("--folds", type=int, default=3, help="as given to crossval_crf_ner.py")
    parser.add_argument("--seed", type=int, default=0, help="as given to crossval_crf_ner.py")
    parser.add_argument("--data", type=Path,
                        default=ROOT.parent / "shared" / "data" / "ner",
                        help="as given to crossval_crf_ner.py: the folder holding idner-news-2k")
    parser.add_argument("--corrections", type=Path,
                        default=ROOT / "data" / "annotations" / "idner" / "corrections.jsonl")
    parser.add_argument("--show", action="store_true", help="print every changed span")
    args = parser.parse_args()

    published, reviewed, _, folds = idner_folds(
        args.data / "idner-news-2k", args.corrections, args.folds, args.seed)

    changes: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    counts = {(rules, name): [0, 0, 0] for rules in (False, True)
              for name in ("reviewed", "published")}
    for k, held in enumerate(folds):
        model = fold_model(args.models, args.weight, k)
        if not model.exists():
            parser.error(f"{model} not found: run crossval_crf_ner.py with these settings")
        alone, combined = crf_pipeline(model, rules=False), crf_pipeline(model, rules=True)
        for rules, nlp in ((False, alone), (True, combined)):
            for name, sents in (("reviewed", reviewed), ("published", published)):
                r = evaluate_ner_conll(nlp, [sents[i] for i in held], raw_text=True)["micro"]
                for c, key in enumerate(("tp", "fp", "fn")):
                    counts[rules, name][c] += r[key]
        for i in held:
            s = published[i]
            text, off = detokenize(s.words)
            gold = {trim_span(text, off[a][0], off[b - 1][1], lab) for a, b, lab in s.spans()}
            before = {trim_span(text, e.start_char, e.end_char, e.label_)
                      for e in alone(text).ents}
            after = {trim_span(text, e.start_char, e.end_char, e.label_)
                     for e in combined(text).ents}
            for span in after - before:
                changes[KINDS[0] if span in gold else KINDS[1]].append(
                    (text[span[0]:span[1]], span[2], text))
            for span in before - after:
                changes[KINDS[3] if span in gold else KINDS[2]].append(
                    (text[span[0]:span[1]], span[2], text))

    print(f"{args.folds}-fold CV over idner train + dev ({len(published)} sentences), raw "
          "text, micro F1 (reviewed / published labels):")
    for rules in (False, True):
        r, p = (prf(*counts[rules, name])["f1"] for name in ("reviewed", "published"))
        print(f"  {'CRF + rules' if rules else 'CRF alone'}: {r:.4f} / {p:.4f}")
    print("Spans the rules change, against the published labels:")
    for kind in KINDS:
        print(f"  {kind}: {len(changes[kind])}")
    if args.show:
        for kind in KINDS:
            print(f"\n== {kind}")
            for span, label, text in changes[kind]:
                print(f"{label:4} {span!r:40} | {text}")


if __name__ == "__main__":
    main()
