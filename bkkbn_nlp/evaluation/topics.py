"""Evaluating the topic tagger: K-fold cross-validation on the team's topic labels, the
table of ``docs/topics-results.md``.

``bkkbn-nlp evaluate topics`` runs these functions, and ``scripts/train_topics.py`` (which
also trains and saves the final model) reports with them. Data (:func:`load_topic_data`):
the topic labels ``data/annotations/topics/labels_batch_N.jsonl`` and the article texts of
the 2015 news corpus (text = ``judul + "\\n" + clean(isi).text``). An article labelled twice
(the first 20 ids of batch N+1 are repeated at the end of batch N) is trained with the labels
of the batch whose own part holds it; the doubles give the inter-annotator agreement
(:func:`agreement`). Optionally the project's self-written articles (``authored.jsonl``) and
weak data (BPPT-PANL sentences, detik headlines; training folds only).

Evaluation (:func:`topic_evaluation`): K-fold cross-validation (iterative stratification,
seed :data:`SEED`) of the :class:`~bkkbn_nlp.topics.TopicTagger` and of the
:class:`~bkkbn_nlp.topics.KeywordBaseline`; micro/macro F1, exact label set, first label and
per-label P/R/F1 (:func:`scores`).
"""

from __future__ import annotations

import csv
import json
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.metrics import cohen_kappa_score, f1_score, precision_recall_fscore_support

from ..io.schema import TOPIC_LABELS
from ..text.clean import clean
from ..topics import KeywordBaseline, TopicTagger

__all__ = ["OVERLAP", "SEED", "TopicData", "read_batches", "read_authored", "read_texts",
           "read_weak", "load_topic_data", "tagger_factory", "iterative_stratification",
           "binarize", "scores", "agreement", "cross_validate", "subset_scores",
           "topic_evaluation", "render", "topic_report"]

#: rows at the end of batch N repeated at the start of batch N+1
OVERLAP = 20
#: the seed of the folds and of the tagger
SEED = 2015


def _stderr(message: str) -> None:
    print(message, file=sys.stderr)


# -- data ---------------------------------------------------------------------------------


Doubles = list[tuple[str, list[str], list[str]]]


def read_batches(label_dir: Path, overlap: int = OVERLAP
                 ) -> tuple[dict[str, list[str]], Doubles]:
    """Training labels by id, and the doubly labelled articles as (id, own, copy).

    An id labelled in two batches is a double: the copy is the one in the last ``overlap``
    rows of its batch while the other batch has it in its first ``overlap`` rows (batches
    1-3 of the 2015 corpus overlap that way; later batches may have no overlap at all)."""
    batches: list[list[dict[str, Any]]] = []
    n = 1
    while (label_dir / f"labels_batch_{n}.jsonl").is_file():
        with open(label_dir / f"labels_batch_{n}.jsonl", encoding="utf-8") as fh:
            batches.append([json.loads(line) for line in fh if line.strip()])
        n += 1
    if not batches:
        raise ValueError(f"no labels_batch_N.jsonl in {label_dir}")
    where: dict[str, list[tuple[int, int]]] = {}
    for b, rows in enumerate(batches):
        for i, r in enumerate(rows):
            where.setdefault(r["id"], []).append((b, i))
    own: dict[str, list[str]] = {}
    copies: dict[str, list[str]] = {}
    for article_id, places in where.items():
        if len(places) > 2 or len({b for b, _ in places}) != len(places):
            raise ValueError(f"id {article_id} is labelled {len(places)} times: {places}")
        if len(places) == 1:
            b, i = places[0]
            own[article_id] = list(batches[b][i]["topics"])
            continue
        (b1, i1), (b2, i2) = places
        tail1 = i1 >= len(batches[b1]) - overlap and i2 < overlap
        tail2 = i2 >= len(batches[b2]) - overlap and i1 < overlap
        if tail1 == tail2:
            raise ValueError(f"id {article_id}: cannot tell the own label from the copy")
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
                    raise ValueError(f"{path}: {rec['id']}: bad topics {rec['topics']}")
                ids.append(rec["id"])
                texts.append(rec["text"])
                labels.append(list(rec["topics"]))
    return ids, texts, labels


def read_texts(corpus: Path, ids: set[str]) -> dict[str, str]:
    """The texts (``judul + "\\n" + clean(isi).text``) of the corpus articles ``ids``."""
    texts: dict[str, str] = {}
    with open(corpus, encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            rec = json.loads(line)
            if rec["id"] in ids:
                texts[rec["id"]] = rec["judul"] + "\n" + clean(rec["isi"]).text
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
            for head in csv.DictReader(fh):
                label = detik.get((head.get("KATEGORI") or "").strip())
                if label:
                    texts.append(head["JUDUL"])
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
    """The 0/1 matrix of documents x ``labels``."""
    return np.array([[lab in y for lab in labels] for y in label_lists], dtype=int)


def scores(gold: list[list[str]], pred: list[list[str]], labels: list[str]) -> dict[str, Any]:
    """Micro and macro F1, exact label set, first label, and P/R/F1 per label."""
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
    """Agreement of the own and the copy labels of the doubly labelled articles."""
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
                   tag: str, log: Callable[[str], None] | None = None
                   ) -> tuple[list[list[str]], list[list[str]]]:
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
        (log or _stderr)(f"[{tag}] fold {f + 1}/{k}: {len(train)} train "
                         f"(+{len(extra[0])} weak), {len(test)} test "
                         f"({time.time() - t0:.0f} s)")
    return pred_t, pred_b


def subset_scores(Y: list[list[str]], pred_t: list[list[str]], pred_b: list[list[str]],
                  keep: list[int], labels: list[str]) -> dict[str, Any]:
    """The tagger's and the baseline's :func:`scores` on the texts ``keep``."""
    return {"n": len(keep),
            "tagger": scores([Y[i] for i in keep], [pred_t[i] for i in keep], labels),
            "baseline": scores([Y[i] for i in keep], [pred_b[i] for i in keep], labels)}


def _row(setting: str, on: str, n: int, name: str, s: dict[str, Any]) -> str:
    return (f"| {setting} | {on} | {n} | {name} | {s['micro_f1']:.3f} | {s['macro_f1']:.3f} | "
            f"{s['exact_set']:.3f} | {s['first_label']:.3f} |")


def render(res: dict[str, Any]) -> str:
    """The markdown report of a :func:`topic_evaluation` result (with the final ``model``
    and the ``fixture`` when they are in it)."""
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


# -- the evaluation -----------------------------------------------------------------------


@dataclass
class TopicData:
    """The labelled corpus articles (``ids``, texts ``X``, labels ``Y``), the doubles, the
    authored articles (``a_*``) and the weak data ``(texts, labels, weights)``."""

    ids: list[str]
    X: list[str]
    Y: list[list[str]]
    doubles: Doubles
    a_ids: list[str] = field(default_factory=list)
    a_X: list[str] = field(default_factory=list)
    a_Y: list[list[str]] = field(default_factory=list)
    weak: tuple[list[str], list[list[str]], list[float]] = ([], [], [])
    weak_weight: float | None = None  # None: no weak data asked for


def load_topic_data(labels: Path, corpus: Path, authored: Path | None = None,
                    weak_dir: Path | None = None, weak_weight: float = 1.0) -> TopicData:
    """Read the labels, their texts, the authored articles and (``weak_dir``) the weak data.

    Raises:
        ValueError: Malformed labels, or labelled ids missing from the corpus.
    """
    own, doubles = read_batches(labels)
    texts_by_id = read_texts(corpus, set(own))
    missing = sorted(set(own) - set(texts_by_id))
    if missing:
        raise ValueError(f"{len(missing)} labelled ids not in the corpus: {missing[:5]}")
    ids = sorted(own, key=int)
    data = TopicData(ids, [texts_by_id[i] for i in ids], [own[i] for i in ids], doubles)
    if authored is not None:
        data.a_ids, data.a_X, data.a_Y = read_authored(authored)
    if weak_dir is not None:
        wx, wy = read_weak(weak_dir)
        data.weak, data.weak_weight = (wx, wy, [weak_weight] * len(wx)), weak_weight
    return data


def tagger_factory(*, max_features: int = 20000, C: float = 10.0,
                   max_chars: int | None = None, **params: Any) -> Callable[[], TopicTagger]:
    """A function making an unfitted :class:`TopicTagger` with these parameters (``params``:
    any other :class:`TopicTagger` parameter, e.g. ``stem=True``)."""
    labels = list(TOPIC_LABELS)

    def make() -> TopicTagger:
        return TopicTagger(max_features=max_features, C=C, labels=labels,
                           random_state=SEED, max_chars=max_chars, **params)

    return make


def topic_evaluation(data: TopicData, make: Callable[[], TopicTagger], *, folds: int = 5,
                     authored_file: str | None = None, authored_weight: float = 1.0,
                     log: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Label counts, agreement and (``folds >= 2``) the cross-validation scores ``cv``: on
    the corpus articles alone, and with the authored articles in the folds when there are
    any (scores on all texts, the corpus articles and the authored articles)."""
    labels = list(TOPIC_LABELS)
    X, Y, weak = data.X, data.Y, data.weak
    res: dict[str, Any] = {
        "n_articles": len(data.ids), "label_counts": dict(Counter(lab for y in Y for lab in y)),
        "n_authored": len(data.a_ids),
        "authored_file": authored_file,
        "authored_weight": authored_weight,
        "authored_label_counts": dict(Counter(lab for y in data.a_Y for lab in y)),
        "agreement": agreement(data.doubles, labels),
        "weak": ({"n": len(weak[0]), "weight": data.weak_weight}
                 if data.weak_weight is not None else None),
    }
    if folds < 2:
        return res
    names = {"tagger": "TopicTagger (TF-IDF + logistic regression)"
                       + (" + weak data" if data.weak_weight is not None else ""),
             "baseline": "KeywordBaseline (topic_keywords.jsonl)"}
    pt, pb = cross_validate(X, Y, make, folds, weak, [1.0] * len(X), labels, "corpus", log)
    res["cv"] = {"folds": folds, "names": names,
                 "corpus_only": subset_scores(Y, pt, pb, list(range(len(X))), labels)}
    if data.a_X:
        allX, allY = X + data.a_X, Y + data.a_Y
        w = [1.0] * len(X) + [authored_weight] * len(data.a_X)
        pt, pb = cross_validate(allX, allY, make, folds, weak, w, labels, "authored", log)
        n = len(X)
        res["cv"]["with_authored"] = {
            "all": subset_scores(allY, pt, pb, list(range(len(allX))), labels),
            "corpus": subset_scores(allY, pt, pb, list(range(n)), labels),
            "authored": subset_scores(allY, pt, pb, list(range(n, len(allX))), labels),
        }
    return res


def topic_report(command: str, res: dict[str, Any], body: str | None = None) -> str:
    """The markdown page of ``docs/topics-results.md``: a header naming ``command``, then
    ``body`` (default: :func:`render` of the result)."""
    return ("# Topic tagger: cross-validation results\n\nGenerated by "
            f"`{command}`; do not edit by hand.\n\n") + (render(res) if body is None else body)
