"""Train and evaluate the topic tagger (issue 5).

    python scripts/train_topics.py --output models/topics [--cv 5] [--report docs/topics-results.md]

Reads the team's topic labels (``data/annotations/topics/labels_batch_N.jsonl``) and the
article texts (``--corpus``, default ``../shared/data/news/indonesian-news-corpus-2015.jsonl``,
text = ``judul + "\\n" + clean(isi).text``). An article labelled twice (the first 20 ids of
batch N+1 are repeated at the end of batch N) is trained with the labels of the batch whose
own part holds it; the doubles give the inter-annotator agreement.

Evaluation: K-fold cross-validation (iterative stratification, fixed seed) of the
:class:`~bkkbn_nlp.topics.TopicTagger` and of the :class:`~bkkbn_nlp.topics.KeywordBaseline`;
micro/macro F1 and per-label P/R/F1. ``--weak`` adds the mapped weak data sets (BPPT-PANL
sentences, detik headlines) to the training folds only (never to the test folds, never saved
into the repository). The final model is trained on every labelled article and saved as
plain data (JSON + npz, no pickle) with ``metrics.json``.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.metrics import cohen_kappa_score, f1_score, precision_recall_fscore_support

import bkkbn_nlp
from bkkbn_nlp.io.schema import TOPIC_LABELS
from bkkbn_nlp.topics import KeywordBaseline, TopicTagger

ROOT = Path(__file__).resolve().parent.parent
LABEL_DIR = ROOT / "data" / "annotations" / "topics"
DEFAULT_CORPUS = ROOT.parent / "shared" / "data" / "news" / "indonesian-news-corpus-2015.jsonl"
DEFAULT_WEAK = ROOT.parent / "shared" / "data" / "topics"
DEFAULT_FIXTURE = ROOT / "tests" / "fixtures" / "antara_bkkbn_sultra_2019.txt"
OVERLAP = 20
SEED = 2015

SOURCES = [
    {"name": "bkkbn_nlp topic annotations (data/annotations/topics, labels by article id)",
     "license": "MIT (project annotations)"},
    {"name": "indonesian-news-corpus-2015 (Republika, Viva, Tribun, Merdeka, Kompas; Aug 2015)",
     "license": "none stated: used for training and evaluation only; no text is shipped "
                "(the saved vocabulary holds n-grams only)"},
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


# -- data ---------------------------------------------------------------------------------


Doubles = list[tuple[str, list[str], list[str]]]


def read_batches(label_dir: Path) -> tuple[dict[str, list[str]], Doubles]:
    """Training labels by id, and the doubly labelled articles as (id, own, copy).

    An id labelled in two batches is a double: the copy is the one in the last ``OVERLAP``
    rows of its batch while the other batch has it in its first ``OVERLAP`` rows (batches
    1-3 overlap that way; later batches may have no overlap at all)."""
    batches: list[list[dict[str, Any]]] = []
    n = 1
    while (label_dir / f"labels_batch_{n}.jsonl").is_file():
        with open(label_dir / f"labels_batch_{n}.jsonl", encoding="utf-8") as fh:
            batches.append([json.loads(line) for line in fh if line.strip()])
        n += 1
    if not batches:
        raise SystemExit(f"no labels_batch_N.jsonl in {label_dir}")
    where: dict[str, list[tuple[int, int]]] = {}
    for b, rows in enumerate(batches):
        for i, r in enumerate(rows):
            where.setdefault(r["id"], []).append((b, i))
    own: dict[str, list[str]] = {}
    copies: dict[str, list[str]] = {}
    for article_id, places in where.items():
        if len(places) > 2 or len({b for b, _ in places}) != len(places):
            raise SystemExit(f"id {article_id} is labelled {len(places)} times: {places}")
        if len(places) == 1:
            b, i = places[0]
            own[article_id] = list(batches[b][i]["topics"])
            continue
        (b1, i1), (b2, i2) = places
        tail1 = i1 >= len(batches[b1]) - OVERLAP and i2 < OVERLAP
        tail2 = i2 >= len(batches[b2]) - OVERLAP and i1 < OVERLAP
        if tail1 == tail2:
            raise SystemExit(f"id {article_id}: cannot tell the own label from the copy")
        (ob, oi), (cb, ci) = ((b2, i2), (b1, i1)) if tail1 else ((b1, i1), (b2, i2))
        own[article_id] = list(batches[ob][oi]["topics"])
        copies[article_id] = list(batches[cb][ci]["topics"])
    doubles = [(i, own[i], copies[i]) for i in copies]
    return own, doubles


def read_authored(path: Path) -> tuple[list[str], list[str], list[list[str]]]:
    """Ids, texts and labels of the project's self-written articles (``authored.jsonl``)."""
    ids: list[str] = []
    texts: list[str] = []
    labels: list[list[str]] = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                rec = json.loads(line)
                unknown = set(rec["topics"]) - set(TOPIC_LABELS)
                if unknown or not 1 <= len(rec["topics"]) <= 3:
                    raise SystemExit(f"{path}: {rec['id']}: bad topics {rec['topics']}")
                ids.append(rec["id"])
                texts.append(rec["text"])
                labels.append(list(rec["topics"]))
    return ids, texts, labels


def read_texts(corpus: Path, ids: set[str]) -> dict[str, str]:
    texts: dict[str, str] = {}
    with open(corpus, encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            rec = json.loads(line)
            if rec["id"] in ids:
                texts[rec["id"]] = rec["judul"] + "\n" + bkkbn_nlp.clean(rec["isi"]).text
    return texts


def read_weak(folder: Path) -> tuple[list[str], list[list[str]]]:
    """The mapped weak data (training only)."""
    texts: list[str] = []
    labels: list[list[str]] = []
    panl = {"0": "ekonomi", "1": "internasional", "2": "teknologi", "3": "olahraga"}
    train = folder / "bppt-panl" / "bppt_panl_train.csv"
    if train.is_file():
        with open(train, encoding="utf-8", newline="") as fh:
            for row in csv.reader(fh):
                if len(row) >= 2 and row[0] in panl:
                    texts.append(row[1])
                    labels.append([panl[row[0]]])
    detik = {"Politik": "politik", "Ekonomi": "ekonomi", "Olahraga": "olahraga",
             "Teknologi": "teknologi"}
    heads = folder / "detik-headlines" / "berita_detik_5_kategori.csv"
    if heads.is_file():
        with open(heads, encoding="utf-8-sig", newline="") as fh:
            for row in csv.DictReader(fh):
                label = detik.get((row.get("KATEGORI") or "").strip())
                if label:
                    texts.append(row["JUDUL"])
                    labels.append([label])
    return texts, labels


# -- folds --------------------------------------------------------------------------------


def iterative_stratification(Y: np.ndarray, k: int, seed: int) -> list[np.ndarray]:
    """Test-fold indices by iterative stratification (Sechidis et al. 2011)."""
    rng = np.random.default_rng(seed)
    n = Y.shape[0]
    remaining = set(range(n))
    desired = np.full(k, n / k)
    desired_label = np.outer(np.ones(k), Y.sum(axis=0) / k)
    folds: list[list[int]] = [[] for _ in range(k)]
    while remaining:
        rem = np.array(sorted(remaining))
        counts = Y[rem].sum(axis=0)
        if counts.sum() == 0:
            for i in rng.permutation(rem):
                f = int(np.argmax(desired + rng.random(k) * 1e-6))
                folds[f].append(int(i))
                desired[f] -= 1
                remaining.discard(int(i))
            break
        counts = np.where(counts == 0, np.inf, counts)
        label = int(np.argmin(counts))
        for i in rng.permutation(rem[Y[rem, label] == 1]):
            d = desired_label[:, label]
            best = np.flatnonzero(d == d.max())
            if len(best) > 1:
                best = best[desired[best] == desired[best].max()]
            f = int(rng.choice(best))
            folds[f].append(int(i))
            remaining.discard(int(i))
            desired[f] -= 1
            desired_label[f] -= Y[i]
    return [np.array(sorted(f)) for f in folds]


# -- metrics ------------------------------------------------------------------------------


def binarize(label_lists: list[list[str]], labels: list[str]) -> np.ndarray:
    return np.array([[lab in y for lab in labels] for y in label_lists], dtype=int)


def scores(gold: list[list[str]], pred: list[list[str]], labels: list[str]) -> dict[str, Any]:
    g, p = binarize(gold, labels), binarize(pred, labels)
    prec, rec, f1, sup = precision_recall_fscore_support(g, p, average=None, zero_division=0)
    present = [j for j in range(len(labels)) if sup[j] > 0]
    return {
        "micro_f1": float(f1_score(g, p, average="micro", zero_division=0)),
        "macro_f1": float(np.mean(f1[present])) if present else 0.0,
        "exact_set": float(np.mean([set(a) == set(b) for a, b in zip(gold, pred, strict=True)])),
        "first_label": float(np.mean([bool(b) and a[0] == b[0]
                                      for a, b in zip(gold, pred, strict=True)])),
        "per_label": {labels[j]: {"precision": float(prec[j]), "recall": float(rec[j]),
                                  "f1": float(f1[j]), "support": int(sup[j])}
                      for j in range(len(labels))},
    }


def agreement(doubles: list[tuple[str, list[str], list[str]]],
              labels: list[str]) -> dict[str, Any]:
    a = binarize([d[1] for d in doubles], labels)
    b = binarize([d[2] for d in doubles], labels)
    kappa: dict[str, float | None] = {}
    for j, lab in enumerate(labels):
        if a[:, j].sum() == 0 and b[:, j].sum() == 0:
            kappa[lab] = None  # nobody used it: undefined
        elif (a[:, j] == b[:, j]).all():
            kappa[lab] = 1.0
        else:
            kappa[lab] = float(cohen_kappa_score(a[:, j], b[:, j]))
    return {
        "n": len(doubles),
        "exact_set": float(np.mean([set(x) == set(y) for _, x, y in doubles])),
        "first_label": float(np.mean([x[0] == y[0] for _, x, y in doubles])),
        "micro_f1": float(f1_score(a, b, average="micro", zero_division=0)),
        "kappa": kappa,
        "support": {lab: [int(a[:, j].sum()), int(b[:, j].sum())]
                    for j, lab in enumerate(labels)},
    }


# -- cross-validation ---------------------------------------------------------------------


def cross_validate(X: list[str], Y: list[list[str]], make: Any, k: int,
                   extra: tuple[list[str], list[list[str]], list[float]],
                   weights: list[float], labels: list[str],
                   tag: str) -> tuple[list[list[str]], list[list[str]]]:
    """Tagger and baseline predictions for every text of ``X`` from ``k`` folds (iterative
    stratification); ``extra`` texts (weak data) join every training fold, never a test fold."""
    folds = iterative_stratification(binarize(Y, labels), k, SEED)
    pred_t: list[list[str]] = [[] for _ in X]
    pred_b: list[list[str]] = [[] for _ in X]
    t0 = time.time()
    for f, test in enumerate(folds):
        test_set = set(test.tolist())
        train = [i for i in range(len(X)) if i not in test_set]
        tr_X = [X[i] for i in train] + extra[0]
        tr_Y = [Y[i] for i in train] + extra[1]
        tr_w = [weights[i] for i in train] + extra[2]
        tagger = make().fit(tr_X, tr_Y, sample_weight=tr_w)
        base = KeywordBaseline(fallback="most_frequent").fit(tr_X, tr_Y)
        te_X = [X[i] for i in test]
        for i, p, q in zip(test, tagger.predict(te_X), base.predict(te_X), strict=True):
            pred_t[i], pred_b[i] = p, q
        print(f"[{tag}] fold {f + 1}/{k}: {len(train)} train (+{len(extra[0])} weak), "
              f"{len(test)} test ({time.time() - t0:.0f} s)", file=sys.stderr)
    return pred_t, pred_b


def subset_scores(Y: list[list[str]], pred_t: list[list[str]], pred_b: list[list[str]],
                  keep: list[int], labels: list[str]) -> dict[str, Any]:
    return {"n": len(keep),
            "tagger": scores([Y[i] for i in keep], [pred_t[i] for i in keep], labels),
            "baseline": scores([Y[i] for i in keep], [pred_b[i] for i in keep], labels)}


# -- report -------------------------------------------------------------------------------


def _shown(path: Path | None) -> str | None:
    """``path`` relative to the repository when it is inside it."""
    if path is None:
        return None
    full = path.resolve()
    return str(full.relative_to(ROOT)) if full.is_relative_to(ROOT) else str(path)


def _row(setting: str, on: str, n: int, name: str, s: dict[str, Any]) -> str:
    return (f"| {setting} | {on} | {n} | {name} | {s['micro_f1']:.3f} | {s['macro_f1']:.3f} | "
            f"{s['exact_set']:.3f} | {s['first_label']:.3f} |")


def render(res: dict[str, Any]) -> str:
    out: list[str] = []
    cv = res["cv"]
    names = cv["names"]
    out.append(f"Data: {res['n_articles']} hand-labelled corpus articles"
               + (f" and {res['n_authored']} articles written by the project itself "
                  f"(`{res['authored_file']}`, marked *authored* below)"
                  if res.get("n_authored") else "")
               + f"; {cv['folds']}-fold cross-validation (iterative stratification, seed {SEED}).")
    if res.get("weak"):
        out.append(f"Weak data added to every training fold (never to a test fold): "
                   f"{res['weak']['n']} texts, weight {res['weak']['weight']}.")
    out.append("")
    out.append("* **corpus only**: the folds hold only corpus articles; no authored text is used.")
    if "with_authored" in cv:
        out.append("* **with authored**: the authored articles are *in* the cross-validation: "
                   "stratified into the folds with the corpus articles, so they are trained on "
                   "in four folds and tested in the fifth "
                   f"(training weight {res['authored_weight']}). The rows below split that run's "
                   "scores into all texts, the corpus articles only, and the authored articles "
                   "only. Authored articles are easier than real news (one writer, clean "
                   "text): the corpus-article rows are the honest measure of the effect.")
    out.append("")
    out.append("| setting | evaluated on | texts | system | micro F1 | macro F1 | exact set "
               "| first label |")
    out.append("|---|---|---|---|---|---|---|---|")
    co = cv["corpus_only"]
    for key in ("tagger", "baseline"):
        out.append(_row("corpus only", "corpus articles", co["n"], names[key], co[key]))
    if "with_authored" in cv:
        wa = cv["with_authored"]
        for part, on in (("all", "all texts"), ("corpus", "corpus articles"),
                         ("authored", "authored articles")):
            for key in ("tagger", "baseline"):
                out.append(_row("with authored", on, wa[part]["n"], names[key], wa[part][key]))
    out.append("")
    out.append("Macro F1 averages the labels with at least one gold example in the evaluated "
               "texts.")
    out.append("")
    cols = [("corpus only", co)]
    if "with_authored" in cv:
        cols.append(("with authored, all texts", cv["with_authored"]["all"]))
    header = "| label |" + "".join(f" {c}: support | tagger P | tagger R | tagger F1 | "
                                   f"baseline F1 |" for c, _ in cols)
    out.append(header)
    out.append("|---|" + "---|---|---|---|---|" * len(cols))
    for lab in TOPIC_LABELS:
        cells = ""
        for _, block in cols:
            t, b = block["tagger"]["per_label"][lab], block["baseline"]["per_label"][lab]
            cells += (f" {t['support']} | {t['precision']:.3f} | {t['recall']:.3f} | "
                      f"{t['f1']:.3f} | {b['f1']:.3f} |")
        out.append(f"| {lab} |{cells}")
    ag = res["agreement"]
    out.append("")
    out.append(f"Inter-annotator agreement on the {ag['n']} doubly labelled corpus articles: "
               f"exact set {ag['exact_set']:.3f}, first label {ag['first_label']:.3f}, micro F1 "
               f"{ag['micro_f1']:.3f}.")
    out.append("")
    out.append("| label | own / copy uses | Cohen's kappa |")
    out.append("|---|---|---|")
    for lab in TOPIC_LABELS:
        k = ag["kappa"][lab]
        sa, sb = ag["support"][lab]
        out.append(f"| {lab} | {sa} / {sb} | {'n/a' if k is None else f'{k:.3f}'} |")
    out.append("")
    counts, acounts = res["label_counts"], res.get("authored_label_counts") or {}
    out.append("Label counts (corpus articles + authored articles = total): "
               + ", ".join(f"{lab} {counts.get(lab, 0)} + {acounts.get(lab, 0)} = "
                           f"{counts.get(lab, 0) + acounts.get(lab, 0)}"
                           for lab in TOPIC_LABELS) + ".")
    model = res.get("model")
    if model:
        out.append("")
        out.append(f"Final model (trained on {model['trained_on']}): {model['n_features']} "
                   f"features, {model['size_bytes']:,} bytes on disk; labels without a model: "
                   f"{model['skipped_labels'] or 'none'}; notes: {model['notes'] or 'none'}.")
    fx = res.get("fixture")
    if fx:
        out.append("")
        out.append(f"Fixture (`{fx['file']}`, never used for training or tuning), final model: "
                   f"labels {fx['labels']}; top scores "
                   + ", ".join(f"{lab} {s:.3f}" for lab, s in fx["top"]) + ". Target (top "
                   f"topic kependudukan_kb, pemerintahan among the labels): "
                   f"{'met' if fx['target_met'] else 'not met'}.")
    return "\n".join(out) + "\n"


# -- main ---------------------------------------------------------------------------------


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
    args = ap.parse_args(argv)

    t0 = time.time()
    own, doubles = read_batches(args.labels)
    texts_by_id = read_texts(args.corpus, set(own))
    missing = sorted(set(own) - set(texts_by_id))
    if missing:
        raise SystemExit(f"{len(missing)} labelled ids not in the corpus: {missing[:5]}")
    ids = sorted(own, key=int)
    X = [texts_by_id[i] for i in ids]
    Y = [own[i] for i in ids]
    labels = list(TOPIC_LABELS)
    a_ids: list[str] = []
    a_X: list[str] = []
    a_Y: list[list[str]] = []
    if args.authored is not None:
        a_ids, a_X, a_Y = read_authored(args.authored)
    weak: tuple[list[str], list[list[str]], list[float]] = ([], [], [])
    if args.weak:
        wx, wy = read_weak(args.weak_dir)
        weak = (wx, wy, [args.weak_weight] * len(wx))

    def make() -> TopicTagger:
        return TopicTagger(max_features=args.max_features, C=args.C, labels=labels,
                           random_state=SEED, max_chars=args.max_chars)

    res: dict[str, Any] = {
        "n_articles": len(ids), "label_counts": dict(Counter(lab for y in Y for lab in y)),
        "n_authored": len(a_ids),
        "authored_file": _shown(args.authored),
        "authored_weight": args.authored_weight,
        "authored_label_counts": dict(Counter(lab for y in a_Y for lab in y)),
        "agreement": agreement(doubles, labels),
        "weak": {"n": len(weak[0]), "weight": args.weak_weight} if args.weak else None,
    }
    if args.cv >= 2:
        names = {"tagger": "TopicTagger (TF-IDF + logistic regression)"
                           + (" + weak data" if args.weak else ""),
                 "baseline": "KeywordBaseline (topic_keywords.jsonl)"}
        pt, pb = cross_validate(X, Y, make, args.cv, weak, [1.0] * len(X), labels, "corpus")
        res["cv"] = {"folds": args.cv, "names": names,
                     "corpus_only": subset_scores(Y, pt, pb, list(range(len(X))), labels)}
        if a_X:
            allX, allY = X + a_X, Y + a_Y
            w = [1.0] * len(X) + [args.authored_weight] * len(a_X)
            pt, pb = cross_validate(allX, allY, make, args.cv, weak, w, labels, "authored")
            n = len(X)
            res["cv"]["with_authored"] = {
                "all": subset_scores(allY, pt, pb, list(range(len(allX))), labels),
                "corpus": subset_scores(allY, pt, pb, list(range(n)), labels),
                "authored": subset_scores(allY, pt, pb, list(range(n, len(allX))), labels),
            }

    final = make().fit(X + a_X + weak[0], Y + a_Y + weak[1],
                       sample_weight=[1.0] * len(X) + [args.authored_weight] * len(a_X)
                       + weak[2])
    res["sources"] = SOURCES + (AUTHORED_SOURCES if a_X else []) + (
        WEAK_SOURCES if args.weak else [])
    final.save(args.output, meta={"sources": res["sources"]})
    size = sum(p.stat().st_size for p in args.output.iterdir() if p.is_file())
    res["model"] = {"n_features": final.n_features_, "size_bytes": size,
                    "trained_on": f"{len(X)} corpus articles"
                                  + (f" + {len(a_X)} authored articles" if a_X else "")
                                  + (f" + {len(weak[0])} weak texts" if weak[0] else ""),
                    "labels": final.labels_, "thresholds": final.thresholds_,
                    "skipped_labels": final.skipped_labels_, "notes": final.notes_,
                    "params": {k: v for k, v in final.get_params().items() if k != "labels"}}
    if args.fixture is not None and args.fixture.is_file():
        text = bkkbn_nlp.clean(args.fixture.read_text(encoding="utf-8")).text
        proba = final.predict_proba([text])[0]
        ranked = sorted(zip(final.labels_, proba.tolist(), strict=True), key=lambda kv: -kv[1])
        pred = final.predict([text])[0]
        res["fixture"] = {"file": args.fixture.name, "labels": pred,
                          "top": [(lab, round(s, 3)) for lab, s in ranked[:3]],
                          "target_met": bool(pred and pred[0] == "kependudukan_kb"
                                             and "pemerintahan" in pred)}
    res["format"] = ("plain data: topic_tagger.json (labels, thresholds, parameters) + "
                     "topic_tagger.npz (vocabularies as unicode arrays, idf, weights)")
    report = render(res) if "cv" in res else ""
    print(report or json.dumps(res["agreement"], indent=1))
    (args.output / "metrics.json").write_text(json.dumps(res, indent=1, ensure_ascii=False) + "\n",
                                              encoding="utf-8")
    if args.report and report:
        cmd = " ".join(["python scripts/train_topics.py", *(argv if argv is not None
                                                             else sys.argv[1:])])
        header = ("# Topic tagger: cross-validation results\n\nGenerated by "
                  f"`{cmd}`; do not edit by hand.\n\n")
        args.report.write_text(header + report, encoding="utf-8")
    print(f"model saved to {args.output} ({size:,} bytes) in {time.time() - t0:.0f} s",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
