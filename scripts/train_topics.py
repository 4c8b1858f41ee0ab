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
from bkkbn_nlp.schema import TOPIC_LABELS
from bkkbn_nlp.topics import KeywordBaseline, TopicTagger

ROOT = Path(__file__).resolve().parent.parent
LABEL_DIR = ROOT / "data" / "annotations" / "topics"
DEFAULT_CORPUS = ROOT.parent / "shared" / "data" / "news" / "indonesian-news-corpus-2015.jsonl"
DEFAULT_WEAK = ROOT.parent / "shared" / "data" / "topics"
OVERLAP = 20
SEED = 2015

SOURCES = [
    {"name": "bkkbn_nlp topic annotations (data/annotations/topics, labels by article id)",
     "license": "MIT (project annotations)"},
    {"name": "indonesian-news-corpus-2015 (Republika, Viva, Tribun, Merdeka, Kompas; Aug 2015)",
     "license": "none stated: used for training and evaluation only; no text is shipped "
                "(the saved vocabulary holds n-grams only)"},
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
    """Training labels by id, and the doubly labelled articles as (id, own, copy)."""
    batches: list[list[dict[str, Any]]] = []
    n = 1
    while (label_dir / f"labels_batch_{n}.jsonl").is_file():
        with open(label_dir / f"labels_batch_{n}.jsonl", encoding="utf-8") as fh:
            batches.append([json.loads(line) for line in fh if line.strip()])
        n += 1
    if not batches:
        raise SystemExit(f"no labels_batch_N.jsonl in {label_dir}")
    k = len(batches)
    own: dict[str, list[str]] = {}
    copies: dict[str, list[str]] = {}
    for b, rows in enumerate(batches):
        next_head = {r["id"] for r in batches[(b + 1) % k][:OVERLAP]} if k > 1 else set()
        for i, r in enumerate(rows):
            is_copy = i >= len(rows) - OVERLAP and r["id"] in next_head
            target = copies if is_copy else own
            if r["id"] in target:
                raise SystemExit(f"id {r['id']} is labelled twice in the same role")
            target[r["id"]] = list(r["topics"])
    doubles = [(i, own[i], copies[i]) for i in copies if i in own]
    missing = set(copies) - set(own)
    if missing:
        raise SystemExit(f"overlap copies without an own label: {sorted(missing)}")
    return own, doubles


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


# -- report -------------------------------------------------------------------------------


def render(res: dict[str, Any]) -> str:
    out: list[str] = []
    cv = res["cv"]
    out.append(f"Data: {res['n_articles']} labelled articles; {cv['folds']}-fold cross-validation "
               f"({cv['splitter']}, seed {SEED}).")
    if res.get("weak"):
        out.append(f"Weak data added to the training folds: {res['weak']['n']} texts.")
    out.append("")
    out.append("| system | micro F1 | macro F1 | exact set | first label |")
    out.append("|---|---|---|---|---|")
    for name in ("tagger", "baseline"):
        s = cv[name]
        out.append(f"| {cv['names'][name]} | {s['micro_f1']:.3f} | {s['macro_f1']:.3f} | "
                   f"{s['exact_set']:.3f} | {s['first_label']:.3f} |")
    out.append("")
    out.append("Macro F1 averages the labels with at least one gold example.")
    out.append("")
    out.append("| label | support | tagger P | tagger R | tagger F1 | baseline P | baseline R "
               "| baseline F1 |")
    out.append("|---|---|---|---|---|---|---|---|")
    for lab in TOPIC_LABELS:
        t, b = cv["tagger"]["per_label"][lab], cv["baseline"]["per_label"][lab]
        out.append(f"| {lab} | {t['support']} | {t['precision']:.3f} | {t['recall']:.3f} | "
                   f"{t['f1']:.3f} | {b['precision']:.3f} | {b['recall']:.3f} | {b['f1']:.3f} |")
    ag = res["agreement"]
    out.append("")
    out.append(f"Inter-annotator agreement on the {ag['n']} doubly labelled articles: exact set "
               f"{ag['exact_set']:.3f}, first label {ag['first_label']:.3f}, micro F1 "
               f"{ag['micro_f1']:.3f}.")
    out.append("")
    out.append("| label | own / copy uses | Cohen's kappa |")
    out.append("|---|---|---|")
    for lab in TOPIC_LABELS:
        k = ag["kappa"][lab]
        sa, sb = ag["support"][lab]
        out.append(f"| {lab} | {sa} / {sb} | {'n/a' if k is None else f'{k:.3f}'} |")
    counts = res["label_counts"]
    out.append("")
    out.append("Training label counts: " + ", ".join(f"{lab} {counts.get(lab, 0)}"
                                                      for lab in TOPIC_LABELS) + ".")
    model = res.get("model")
    if model:
        out.append("")
        out.append(f"Final model: {model['n_features']} features, {model['size_bytes']:,} bytes "
                   f"on disk; labels without a model: {model['skipped_labels'] or 'none'}; "
                   f"notes: {model['notes'] or 'none'}.")
    return "\n".join(out) + "\n"


# -- main ---------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--output", type=Path, required=True, help="model directory to write")
    ap.add_argument("--cv", type=int, default=5, help="cross-validation folds (0: none)")
    ap.add_argument("--report", type=Path, help="write the generated Markdown tables here")
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--labels", type=Path, default=LABEL_DIR)
    ap.add_argument("--weak", action="store_true",
                    help="add the mapped weak data sets to the training folds")
    ap.add_argument("--weak-dir", type=Path, default=DEFAULT_WEAK)
    ap.add_argument("--max-features", type=int, default=20000)
    ap.add_argument("--C", type=float, default=10.0)
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
    label_counts = Counter(lab for y in Y for lab in y)
    weak_X: list[str] = []
    weak_Y: list[list[str]] = []
    if args.weak:
        weak_X, weak_Y = read_weak(args.weak_dir)

    def make() -> TopicTagger:
        return TopicTagger(max_features=args.max_features, C=args.C, labels=labels,
                           random_state=SEED)

    res: dict[str, Any] = {
        "n_articles": len(ids), "label_counts": dict(label_counts),
        "agreement": agreement(doubles, labels),
        "weak": {"n": len(weak_X)} if args.weak else None,
    }
    if args.cv >= 2:
        Yb = binarize(Y, labels)
        folds = iterative_stratification(Yb, args.cv, SEED)
        pred_t: list[list[str]] = [[] for _ in ids]
        pred_b: list[list[str]] = [[] for _ in ids]
        for k, test in enumerate(folds):
            test_set = set(test.tolist())
            train = [i for i in range(len(ids)) if i not in test_set]
            tr_X = [X[i] for i in train] + weak_X
            tr_Y = [Y[i] for i in train] + weak_Y
            tagger = make().fit(tr_X, tr_Y)
            base = KeywordBaseline(fallback="most_frequent").fit(tr_X, tr_Y)
            te_X = [X[i] for i in test]
            for i, p, q in zip(test, tagger.predict(te_X), base.predict(te_X), strict=True):
                pred_t[i], pred_b[i] = p, q
            print(f"fold {k + 1}/{args.cv}: {len(train)} train, {len(test)} test "
                  f"({time.time() - t0:.0f} s)", file=sys.stderr)
        res["cv"] = {
            "folds": args.cv, "splitter": "iterative stratification",
            "names": {"tagger": "TopicTagger (TF-IDF + logistic regression)"
                                + (" + weak data" if args.weak else ""),
                      "baseline": "KeywordBaseline (topic_keywords.jsonl)"},
            "tagger": scores(Y, pred_t, labels),
            "baseline": scores(Y, pred_b, labels),
        }

    final = make().fit(X + weak_X, Y + weak_Y)
    final.save(args.output)
    size = sum(p.stat().st_size for p in args.output.iterdir() if p.is_file())
    res["model"] = {"n_features": final.n_features_, "size_bytes": size,
                    "labels": final.labels_, "thresholds": final.thresholds_,
                    "skipped_labels": final.skipped_labels_, "notes": final.notes_,
                    "params": {k: v for k, v in final.get_params().items() if k != "labels"}}
    res["sources"] = SOURCES + (WEAK_SOURCES if args.weak else [])
    res["format"] = "plain data: topic_tagger.json (params, vocabularies) + topic_tagger.npz"
    report = render(res) if "cv" in res else ""
    print(report or json.dumps(res["agreement"], indent=1))
    (args.output / "metrics.json").write_text(json.dumps(res, indent=1, ensure_ascii=False) + "\n",
                                              encoding="utf-8")
    if args.report and report:
        header = ("# Topic tagger: cross-validation results\n\nGenerated by "
                  f"`python scripts/train_topics.py --output {args.output} --cv {args.cv}"
                  f"{' --weak' if args.weak else ''} --report {args.report}`; do not edit by "
                  "hand.\n\n")
        args.report.write_text(header + report, encoding="utf-8")
    print(f"model saved to {args.output} ({size:,} bytes) in {time.time() - t0:.0f} s",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
