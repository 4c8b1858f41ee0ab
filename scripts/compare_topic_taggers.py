"""Compare topic-tagger settings across sources and years, side by side (issue 22).

Run it when choosing a tagger setting, before ``scripts/train_topics.py`` trains the final
model: every setting is measured by the same leave-one-source-group-out evaluation
(:func:`bkkbn_nlp.evaluation.topic_sources.cross_source`), and the table shows each held-out
group's micro and macro F1, their average (what the choice is made on) and the expected
calibration error of the scores::

    python scripts/compare_topic_taggers.py [--settings words,words+stem,...] [--json FILE]

Settings (``--list`` prints them): ``words`` (word 1-2-grams, random threshold folds),
``words+groups`` (threshold folds of whole outlets), ``words+groups+calibrated``,
``words+stem+groups+calibrated`` (the shipped setting), ``words+chars`` (the earlier setting
with char 3-5-grams), ``words+chars+stem+groups+calibrated``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from bkkbn_nlp.evaluation.topic_sources import (
    SOURCE_GROUPS,
    SourceArticle,
    cross_source,
    read_labelled_sources,
)
from bkkbn_nlp.evaluation.topics import SEED, read_authored
from bkkbn_nlp.labels import TOPIC_LABELS
from bkkbn_nlp.topics import TopicTagger

ROOT = Path(__file__).resolve().parent.parent
NEWS = ROOT.parent / "shared" / "data" / "news"
LABELS = ROOT / "data" / "annotations" / "topics"

#: name -> (TopicTagger parameters, threshold folds of whole outlets)
SETTINGS: dict[str, tuple[dict[str, Any], bool]] = {
    "words": ({"char_ngrams": None}, False),
    "words+groups": ({"char_ngrams": None}, True),
    "words+groups+calibrated": ({"char_ngrams": None, "calibrate": True}, True),
    "words+stem+groups+calibrated": ({"char_ngrams": None, "stem": True, "calibrate": True},
                                     True),
    "words+chars": ({}, False),
    "words+chars+stem+groups+calibrated": ({"stem": True, "calibrate": True}, True),
}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--settings", default="words,words+groups+calibrated,"
                                          "words+stem+groups+calibrated")
    ap.add_argument("--list", action="store_true", help="print the settings and stop")
    ap.add_argument("--json", type=Path, default=None, help="write every result here")
    args = ap.parse_args(argv)
    if args.list:
        for name, (params, groups) in SETTINGS.items():
            print(f"{name}: {params}, outlet threshold folds: {groups}")
        return 0
    names = [n.strip() for n in args.settings.split(",") if n.strip()]
    unknown = [n for n in names if n not in SETTINGS]
    if unknown:
        ap.error(f"unknown setting(s) {unknown}; --list shows them")
    articles = read_labelled_sources(LABELS, NEWS / "indonesian-news-corpus-2015.jsonl",
                                     LABELS / "news2016-2019", NEWS)
    ids, texts, labels = read_authored(LABELS / "authored.jsonl")
    authored = [SourceArticle(i, t, tuple(y), "authored", "authored", None)
                for i, t, y in zip(ids, texts, labels, strict=True)]
    results: dict[str, Any] = {}
    for name in names:
        params, groups = SETTINGS[name]
        t0 = time.time()

        def make(params: dict[str, Any] = params) -> TopicTagger:
            return TopicTagger(labels=list(TOPIC_LABELS), random_state=SEED, **params)

        results[name] = cross_source(articles, make, extra=authored, group_thresholds=groups)
        print(f"{name}: {time.time() - t0:.0f} s", file=sys.stderr)
    head = "| setting | " + " | ".join(SOURCE_GROUPS) + " | average micro | average macro | ECE |"
    print(head)
    print("|---" * (len(SOURCE_GROUPS) + 4) + "|")
    for name, res in results.items():
        cells = " | ".join(f"{res['groups'][g]['tagger']['micro_f1']:.3f} / "
                           f"{res['groups'][g]['tagger']['macro_f1']:.3f}"
                           for g in SOURCE_GROUPS)
        avg = res["average"]["tagger"]
        print(f"| {name} | {cells} | {avg['micro_f1']:.3f} | {avg['macro_f1']:.3f} | "
              f"{res['reliability'][-1]['mean_score']:.3f} |")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
