"""Train the topic tagger shipped in the default pipeline and write its results page
(issues 5 and 22).

Run it after a new topic-label batch or a change of the tagger, before rebuilding the
default pipeline (``scripts/build_default_pipeline.py --topics DIR``)::

    python scripts/train_topics.py --output training/topics --cv 5 \\
        --authored data/annotations/topics/authored.jsonl --report docs/topics-results.md

Besides the 2015 corpus it reads the 2016-2019 round (``--news-labels``, texts from
``--news-dir``; ``--no-news`` leaves it out) and, with ``--cross-source`` (default), measures
the tagger by leave-one-source-group-out (:mod:`bkkbn_nlp.evaluation.topic_sources`): the
setting model choices are made on.

The data, the cross-validation and the report are those of ``bkkbn-nlp evaluate topics``
(:mod:`bkkbn_nlp.evaluation.topics`: labels ``data/annotations/topics/labels_batch_N.jsonl``,
texts of ``--corpus``, default ``../shared/data/news/indonesian-news-corpus-2015.jsonl``;
``--weak`` adds the mapped weak data sets to the training folds only). This script then
trains the final model on every labelled article (and the authored and weak texts), saves it
as plain data (JSON + npz, no pickle) with ``metrics.json``, and scores the fixture with it.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from bkkbn_nlp.evaluation.topic_sources import (
    NEWS_ROUND_OVERLAP,
    SourceArticle,
    cross_source,
    read_labelled_sources,
    render_cross_source,
)
from bkkbn_nlp.evaluation.topics import (
    cross_validate,
    load_topic_data,
    read_batches,
    render,
    subset_scores,
    tagger_factory,
    topic_evaluation,
    topic_report,
)
from bkkbn_nlp.labels import TOPIC_LABELS
from bkkbn_nlp.text.clean import clean

ROOT = Path(__file__).resolve().parent.parent
LABEL_DIR = ROOT / "data" / "annotations" / "topics"
DEFAULT_CORPUS = ROOT.parent / "shared" / "data" / "news" / "indonesian-news-corpus-2015.jsonl"
DEFAULT_WEAK = ROOT.parent / "shared" / "data" / "topics"
DEFAULT_FIXTURE = ROOT / "tests" / "fixtures" / "antara_bkkbn_sultra_2019.txt"
NEWS_LABELS = LABEL_DIR / "news2016-2019"
NEWS_DIR = ROOT.parent / "shared" / "data" / "news"

SOURCES = [
    {"name": "bkkbn_nlp topic annotations (data/annotations/topics, labels by article id)",
     "license": "MIT (project annotations)"},
    {"name": "indonesian-news-corpus-2015 (Republika, Viva, Tribun, Merdeka, Kompas; Aug 2015)",
     "license": "none stated: used for training and evaluation only; no text is shipped "
                "(the saved vocabulary holds n-grams only)"},
]
NEWS_SOURCES = [
    {"name": "IndoSum 2016-2018 (CNN Indonesia, Kumparan, dailysocial, Antara, ...) and "
             "CLICK-ID 2019 (Okezone, Tempo, Sindonews, Kompas, Tribun, ...): 2,520 articles "
             "labelled by the project (data/annotations/topics/news2016-2019)",
     "license": "datasets CC BY-SA 4.0 / CC BY 4.0, article text (c) the outlets: used for "
                "training and evaluation only; no text is shipped (n-grams of stems only)"},
]
AUTHORED_SOURCES = [
    {"name": "bkkbn_nlp authored topic articles (data/annotations/topics/authored.jsonl): "
             "short news-style articles written by the project itself, invented events and "
             "people",
     "license": "MIT (written by the project)"},
]
WEAK_SOURCES = [
    {"name": "BPPT-PANL news sentences (0 economy->ekonomi, 1 international->internasional, "
             "2 science->teknologi, 3 sport->olahraga)",
     "license": "repo MIT; underlying corpus unverified: training only, never committed"},
    {"name": "detik headlines (Politik->politik, Ekonomi->ekonomi, Olahraga->olahraga, "
             "Teknologi->teknologi; Selebritas dropped)",
     "license": "unverified: training only, never committed"},
]



def _shown(path: Path | None) -> str | None:
    """``path`` relative to the repository when it is inside it."""
    if path is None:
        return None
    full = path.resolve()
    return str(full.relative_to(ROOT)) if full.is_relative_to(ROOT) else str(path)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--output", type=Path, required=True, help="model directory to write")
    ap.add_argument("--cv", type=int, default=5, help="cross-validation folds (0: none)")
    ap.add_argument("--report", type=Path, help="write the generated Markdown tables here")
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--labels", type=Path, default=LABEL_DIR)
    ap.add_argument("--authored", type=Path, default=None,
                    help="the project's self-written articles (data/annotations/topics/"
                         "authored.jsonl): cross-validated beside the corpus-only run and "
                         "used to train the final model")
    ap.add_argument("--authored-weight", type=float, default=1.0,
                    help="training weight of an authored article (corpus articles: 1)")
    ap.add_argument("--weak", action="store_true",
                    help="add the mapped weak data sets to the training folds")
    ap.add_argument("--weak-dir", type=Path, default=DEFAULT_WEAK)
    ap.add_argument("--weak-weight", type=float, default=1.0)
    ap.add_argument("--fixture", type=Path, default=DEFAULT_FIXTURE,
                    help="text scored by the final model in the report (evaluation only)")
    ap.add_argument("--max-features", type=int, default=20000)
    ap.add_argument("--C", type=float, default=10.0)
    ap.add_argument("--max-chars", type=int, default=None)
    ap.add_argument("--news-labels", type=Path, default=NEWS_LABELS,
                    help="labels of the 2016-2019 round (IndoSum, CLICK-ID)")
    ap.add_argument("--news-dir", type=Path, default=NEWS_DIR,
                    help="folder of the IndoSum and CLICK-ID JSONL files")
    ap.add_argument("--no-news", action="store_true", help="the 2015 corpus only")
    onoff = argparse.BooleanOptionalAction
    ap.add_argument("--cross-source", action=onoff, default=True,
                    help="leave-one-source-group-out evaluation (needs the news round)")
    ap.add_argument("--stem", action=onoff, default=True, help="n-grams of word stems")
    ap.add_argument("--calibrate", action=onoff, default=True,
                    help="Platt-scale each label's scores on the threshold folds")
    ap.add_argument("--char-ngrams", action=onoff, default=False,
                    help="char_wb 3-5-grams beside the word n-grams")
    ap.add_argument("--group-thresholds", action=onoff, default=True,
                    help="threshold folds of whole outlets (GroupKFold)")
    args = ap.parse_args(argv)

    t0 = time.time()
    try:
        data = load_topic_data(args.labels, args.corpus, args.authored,
                               args.weak_dir if args.weak else None, args.weak_weight)
    except ValueError as exc:
        raise SystemExit(str(exc)) from None
    make = tagger_factory(max_features=args.max_features, C=args.C, max_chars=args.max_chars,
                          stem=args.stem, calibrate=args.calibrate,
                          char_ngrams=(3, 5) if args.char_ngrams else None)
    outlets = ["news2015"] * len(data.X)
    articles: list[SourceArticle] = []
    old_protocol = None
    if not args.no_news:
        articles = read_labelled_sources(args.labels, args.corpus, args.news_labels,
                                         args.news_dir)
    if articles and args.cv >= 2:
        # the protocol of the earlier reports: folds of the 2015 corpus and the authored
        # articles; the 2016-2019 round joins every training fold, never a test fold
        n2015 = len(data.X)
        news_only = [a for a in articles if a.corpus != "news2015"]
        extra = ([a.text for a in news_only], [list(a.labels) for a in news_only],
                 [1.0] * len(news_only))
        oX, oY = data.X + data.a_X, data.Y + data.a_Y
        pt, pb = cross_validate(oX, oY, make, args.cv, extra,
                                [1.0] * n2015 + [args.authored_weight] * len(data.a_X),
                                list(TOPIC_LABELS), "2015 folds",
                                lambda m: print(m, file=sys.stderr))
        old_protocol = {"all": subset_scores(oY, pt, pb, list(range(len(oX))),
                                             list(TOPIC_LABELS)),
                        "corpus": subset_scores(oY, pt, pb, list(range(n2015)),
                                                list(TOPIC_LABELS)),
                        "n_extra": len(news_only)}
    if articles:
        by_id = {a.id: a for a in articles}
        outlets = [f"news2015:{by_id[i].outlet}" for i in data.ids]
        news = [a for a in articles if a.corpus != "news2015"]
        data.ids += [a.id for a in news]
        data.X += [a.text for a in news]
        data.Y += [list(a.labels) for a in news]
        outlets += [f"{a.corpus}:{a.outlet}" for a in news]
        data.doubles += read_batches(args.news_labels, overlap=NEWS_ROUND_OVERLAP)[1]
    res: dict[str, Any] = topic_evaluation(data, make, folds=args.cv,
                                           authored_file=_shown(args.authored),
                                           authored_weight=args.authored_weight)
    X, Y, a_X, a_Y, weak = data.X, data.Y, data.a_X, data.a_Y, data.weak
    if articles and args.cross_source:
        authored = [SourceArticle(f"authored-{k}", t, tuple(y), "authored", "authored", None)
                    for k, (t, y) in enumerate(zip(a_X, a_Y, strict=True))]
        res["cross_source"] = cross_source(articles, make, extra=authored,
                                           group_thresholds=args.group_thresholds,
                                           log=lambda m: print(m, file=sys.stderr))

    groups = (outlets + ["authored"] * len(a_X) + ["weak"] * len(weak[0])
              if args.group_thresholds else None)
    final = make().fit(X + a_X + weak[0], Y + a_Y + weak[1],
                       sample_weight=[1.0] * len(X) + [args.authored_weight] * len(a_X)
                       + weak[2], groups=groups)
    res["sources"] = SOURCES + ([] if args.no_news else NEWS_SOURCES) + (
        AUTHORED_SOURCES if a_X else []) + (WEAK_SOURCES if args.weak else [])
    final.save(args.output, meta={"sources": res["sources"]})
    size = sum(p.stat().st_size for p in args.output.iterdir() if p.is_file())
    res["model"] = {"n_features": final.n_features_, "size_bytes": size,
                    "trained_on": f"{len(X)} labelled news articles"
                                  + (f" + {len(a_X)} authored articles" if a_X else "")
                                  + (f" + {len(weak[0])} weak texts" if weak[0] else ""),
                    "labels": final.labels_, "thresholds": final.thresholds_,
                    "skipped_labels": final.skipped_labels_, "notes": final.notes_,
                    "params": {k: v for k, v in final.get_params().items() if k != "labels"}}
    if args.fixture is not None and args.fixture.is_file():
        text = clean(args.fixture.read_text(encoding="utf-8")).text
        proba = final.predict_proba([text])[0]
        ranked = sorted(zip(final.labels_, proba.tolist(), strict=True), key=lambda kv: -kv[1])
        pred = final.predict([text])[0]
        res["fixture"] = {"file": args.fixture.name, "labels": pred,
                          "top": [(lab, round(s, 3)) for lab, s in ranked[:3]],
                          "target_met": bool(pred and pred[0] == "kependudukan_kb"
                                             and "pemerintahan" in pred)}
    res["format"] = ("plain data: topic_tagger.json (labels, thresholds, parameters) + "
                     "topic_tagger.npz (vocabularies as unicode arrays, idf, weights)")
    if old_protocol is not None:
        res["cv_2015_protocol"] = old_protocol
    report = render(res) if "cv" in res else ""
    if old_protocol is not None:
        rows = [f"| {on} | {old_protocol[key]['n']} | {name} | "
                f"{old_protocol[key][sys_]['micro_f1']:.3f} | "
                f"{old_protocol[key][sys_]['macro_f1']:.3f} |"
                for key, on in (("all", "2015 corpus + authored"), ("corpus", "2015 corpus"))
                for sys_, name in (("tagger", "TopicTagger"), ("baseline", "KeywordBaseline"))]
        report += ("\n## The earlier protocol: folds of the 2015 corpus\n\n"
                   f"{args.cv}-fold cross-validation over the 2015 corpus and the authored "
                   "articles, as in the earlier reports (micro F1 0.865 before issue 22); the "
                   f"{old_protocol['n_extra']} articles of the 2016-2019 round join every "
                   "training fold and are never tested on.\n\n| evaluated on | texts | "
                   "system | micro F1 | macro F1 |\n|---|---|---|---|---|\n"
                   + "\n".join(rows) + "\n")
    if "cross_source" in res:
        report += ("\n## Across sources and years (leave one source group out)\n\n"
                   "Each group of outlets and years is tagged by a model trained on all the "
                   "other groups and the authored articles, never on its own outlets; the "
                   "average over the groups is what model choices are made on.\n\n"
                   + render_cross_source(res["cross_source"]))
    print(report or json.dumps(res["agreement"], indent=1))
    (args.output / "metrics.json").write_text(json.dumps(res, indent=1, ensure_ascii=False) + "\n",
                                              encoding="utf-8")
    if args.report and report:
        cmd = " ".join(["python scripts/train_topics.py", *(argv if argv is not None
                                                             else sys.argv[1:])])
        args.report.write_text(topic_report(cmd, res, report), encoding="utf-8")
    print(f"model saved to {args.output} ({size:,} bytes) in {time.time() - t0:.0f} s",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
