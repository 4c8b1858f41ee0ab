"""Topic tagging across sources and years: held-out outlets, not random folds (issue 22).

A tagger that learnt one month of 2015 news tags that month well and other news badly, so
model choices are measured by **leave-one-source-group-out**: the labelled articles are cut
into groups by corpus, outlet and year (:data:`SOURCE_GROUPS`), each group is tagged by a
model trained on all the others (and the authored articles), and the scores are reported
per group and averaged over the groups (:func:`cross_source`). The held-out probabilities of
all groups give the reliability table of the scores (:func:`reliability`).

Data (:func:`read_labelled_sources`): the 2015 corpus labels (``data/annotations/topics``),
the 2016-2019 round (``data/annotations/topics/news2016-2019``: IndoSum and CLICK-ID
articles, texts read from ``../shared/data/news``) and, for training only, the project's
authored articles.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..io.schema import TOPIC_LABELS
from ..text.clean import clean
from ..topics import KeywordBaseline, TopicTagger
from .topics import read_batches, scores

__all__ = ["SourceArticle", "SOURCE_GROUPS", "NEWS_ROUND_OVERLAP", "source_group",
           "read_labelled_sources", "cross_source", "reliability", "render_cross_source"]

#: ids of batch N+1 repeated at the end of batch N in the 2016-2019 round
NEWS_ROUND_OVERLAP = 42
#: CLICK-ID 2019 outlets held out together (the rest of CLICK-ID is a third group)
_CLICKID_GROUPS = {"Kompas.com": "2019 Kompas + Tribun", "tribunnews.com": "2019 Kompas + Tribun",
                   "tempo.co": "2019 Tempo + Sindonews", "sindonews.com": "2019 Tempo + Sindonews"}
#: the held-out groups, in report order
SOURCE_GROUPS = ("2015 corpus (5 outlets)", "2016-2018 IndoSum", "2019 Kompas + Tribun",
                 "2019 Tempo + Sindonews", "2019 Okezone + entertainment sites")


@dataclass(frozen=True)
class SourceArticle:
    """A labelled article with where it comes from."""

    id: str
    text: str
    labels: tuple[str, ...]
    corpus: str
    outlet: str
    year: int | None


def source_group(article: SourceArticle) -> str:
    """The held-out group of an article (one of :data:`SOURCE_GROUPS`, or ``"authored"``)."""
    if article.corpus == "news2015":
        return SOURCE_GROUPS[0]
    if article.corpus == "indosum":
        return SOURCE_GROUPS[1]
    if article.corpus == "clickid":
        return _CLICKID_GROUPS.get(article.outlet, SOURCE_GROUPS[4])
    return "authored"


def _year(date: str | None) -> int | None:
    head = (date or "")[:4]
    return int(head) if head.isdigit() else None


def read_labelled_sources(labels_2015: Path, corpus_2015: Path, news_labels: Path,
                          news_dir: Path) -> list[SourceArticle]:
    """The labelled articles of the 2015 corpus and of the 2016-2019 round, with their
    corpus, outlet and year (texts: title, a newline, the cleaned text).

    Raises:
        ValueError: A labelled id that is not in its corpus.
    """
    own, _ = read_batches(labels_2015)
    texts: dict[str, str] = {}
    outlets: dict[str, str] = {}
    with open(corpus_2015, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                rec = json.loads(line)
                if rec["id"] in own:  # the text as read_texts gives it, and the outlet
                    texts[rec["id"]] = rec["judul"] + "\n" + clean(rec["isi"]).text
                    outlets[rec["id"]] = rec.get("sumber") or ""
    out = [SourceArticle(i, texts[i], tuple(own[i]), "news2015", outlets.get(i, ""), 2015)
           for i in sorted(own, key=int)]
    news, _ = read_batches(news_labels, overlap=NEWS_ROUND_OVERLAP)
    found: dict[str, SourceArticle] = {}
    for path in sorted(news_dir.glob("*.jsonl")):
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                if not line.strip():
                    continue
                rec = json.loads(line)
                if rec.get("id") in news and rec["id"] not in found:
                    text = (rec.get("title") or "") + "\n" + clean(rec.get("text") or "").text
                    found[rec["id"]] = SourceArticle(
                        rec["id"], text, tuple(news[rec["id"]]), rec["id"].split("-")[0],
                        rec.get("source") or "", _year(rec.get("date")))
    missing = sorted(set(news) - set(found))
    if missing:
        raise ValueError(f"{len(missing)} labelled ids not in {news_dir}: {missing[:5]}")
    return out + [found[i] for i in sorted(found)]


def reliability(proba: np.ndarray, gold: np.ndarray, bins: int = 10) -> list[dict[str, Any]]:
    """Calibration table of per-label scores: for each score bin, the number of
    (text, label) pairs, their mean score and the share that carries the label; plus the
    expected calibration error in the last row (``bin == "ECE"``)."""
    p, y = proba.ravel(), gold.ravel()
    edges = np.linspace(0.0, 1.0, bins + 1)
    rows: list[dict[str, Any]] = []
    ece = 0.0
    for k in range(bins):
        hi = edges[k + 1] if k < bins - 1 else 1.0 + 1e-9
        mask = (p >= edges[k]) & (p < hi)
        n = int(mask.sum())
        if n:
            mean, frac = float(p[mask].mean()), float(y[mask].mean())
            ece += n / len(p) * abs(mean - frac)
            rows.append({"bin": f"{edges[k]:.1f}-{edges[k + 1]:.1f}", "n": n,
                         "mean_score": mean, "observed": frac})
    rows.append({"bin": "ECE", "n": len(p), "mean_score": ece, "observed": ece})
    return rows


def cross_source(articles: Sequence[SourceArticle], make: Callable[[], TopicTagger], *,
                 extra: Sequence[SourceArticle] = (), group_thresholds: bool = True,
                 log: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Leave-one-source-group-out evaluation of the tagger ``make()`` and of the keyword
    baseline. ``extra`` articles (the authored ones) join every training side. With
    ``group_thresholds`` the tagger's threshold folds are whole outlets
    (``TopicTagger.fit(groups=...)``).

    Returns:
        ``{"groups": {group: {"n", "tagger", "baseline", "primary_in_predicted",
        "cardinality"}}, "average": {...}, "pooled": scores over all held-out texts,
        "reliability": [...], "gold_cardinality"}``.
    """
    labels = list(TOPIC_LABELS)
    groups = [source_group(a) for a in articles]
    res: dict[str, Any] = {"groups": {}}
    all_gold: list[list[str]] = []
    all_pred: list[list[str]] = []
    all_proba: list[np.ndarray] = []
    t0 = time.time()
    for g in SOURCE_GROUPS:
        test = [a for a, ag in zip(articles, groups, strict=True) if ag == g]
        if not test:
            continue
        train = [a for a, ag in zip(articles, groups, strict=True) if ag != g] + list(extra)
        X, Y = [a.text for a in train], [list(a.labels) for a in train]
        outlets = [f"{a.corpus}:{a.outlet}" for a in train] if group_thresholds else None
        tagger = make().fit(X, Y, groups=outlets)
        base = KeywordBaseline(fallback="most_frequent").fit(X, Y)
        te_X, gold = [a.text for a in test], [list(a.labels) for a in test]
        pred, proba = tagger.predict(te_X), tagger.predict_proba(te_X)
        full = np.zeros((len(test), len(labels)))
        for j, lab in enumerate(tagger.labels_):
            full[:, labels.index(lab)] = proba[:, j]
        res["groups"][g] = {
            "n": len(test), "tagger": scores(gold, pred, labels),
            "baseline": scores(gold, base.predict(te_X), labels),
            "primary_in_predicted": float(np.mean([y[0] in p
                                                    for y, p in zip(gold, pred, strict=True)])),
            "cardinality": float(np.mean([len(p) for p in pred])),
            "gold_cardinality": float(np.mean([len(y) for y in gold])),
        }
        all_gold += gold
        all_pred += pred
        all_proba.append(full)
        if log:
            s = res["groups"][g]["tagger"]
            log(f"[cross-source] {g}: micro {s['micro_f1']:.3f} macro {s['macro_f1']:.3f} "
                f"({time.time() - t0:.0f} s)")
    keys = ("micro_f1", "macro_f1", "exact_set", "first_label")
    per = res["groups"].values()
    res["average"] = {
        "tagger": {k: float(np.mean([r["tagger"][k] for r in per])) for k in keys},
        "baseline": {k: float(np.mean([r["baseline"][k] for r in per])) for k in keys},
        "primary_in_predicted": float(np.mean([r["primary_in_predicted"] for r in per])),
        "cardinality": float(np.mean([r["cardinality"] for r in per])),
    }
    res["pooled"] = scores(all_gold, all_pred, labels)
    gold_ind = np.array([[lab in y for lab in labels] for y in all_gold], dtype=float)
    res["reliability"] = reliability(np.vstack(all_proba), gold_ind)
    res["gold_cardinality"] = float(np.mean([len(y) for y in all_gold]))
    res["label_counts"] = dict(Counter(lab for a in articles for lab in a.labels))
    return res


def render_cross_source(res: dict[str, Any]) -> str:
    """The markdown section of a :func:`cross_source` result."""
    out = ["| held-out group | articles | tagger micro F1 | tagger macro F1 | first label "
           "| primary in predicted | labels per article (gold) | baseline micro F1 "
           "| baseline macro F1 |", "|---|---|---|---|---|---|---|---|---|"]
    for g, r in res["groups"].items():
        t, b = r["tagger"], r["baseline"]
        out.append(f"| {g} | {r['n']} | {t['micro_f1']:.3f} | {t['macro_f1']:.3f} | "
                   f"{t['first_label']:.3f} | {r['primary_in_predicted']:.3f} | "
                   f"{r['cardinality']:.2f} ({r['gold_cardinality']:.2f}) | "
                   f"{b['micro_f1']:.3f} | {b['macro_f1']:.3f} |")
    a = res["average"]
    out.append(f"| **average over groups** | | **{a['tagger']['micro_f1']:.3f}** | "
               f"**{a['tagger']['macro_f1']:.3f}** | {a['tagger']['first_label']:.3f} | "
               f"{a['primary_in_predicted']:.3f} | {a['cardinality']:.2f} | "
               f"{a['baseline']['micro_f1']:.3f} | {a['baseline']['macro_f1']:.3f} |")
    out += ["", "Per label, all held-out articles pooled (each tagged by the model that did "
            "not see its group):", "", "| label | support | P | R | F1 |", "|---|---|---|---|---|"]
    for lab in TOPIC_LABELS:
        s = res["pooled"]["per_label"][lab]
        out.append(f"| {lab} | {s['support']} | {s['precision']:.3f} | {s['recall']:.3f} | "
                   f"{s['f1']:.3f} |")
    p = res["pooled"]
    out += ["", f"Pooled: micro F1 {p['micro_f1']:.3f}, macro F1 {p['macro_f1']:.3f}; "
            f"gold labels per article {res['gold_cardinality']:.2f}.", "",
            "Reliability of `doc._.topics` scores on the held-out articles (every "
            "article × label pair):", "", "| score bin | pairs | mean score | share with the "
            "label |", "|---|---|---|---|"]
    for row in res["reliability"]:
        if row["bin"] == "ECE":
            out += ["", f"Expected calibration error: {row['mean_score']:.3f}."]
        else:
            out.append(f"| {row['bin']} | {row['n']} | {row['mean_score']:.3f} | "
                       f"{row['observed']:.3f} |")
    return "\n".join(out) + "\n"
