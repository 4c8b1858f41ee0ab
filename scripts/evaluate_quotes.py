"""Evaluate rule-based quote attribution (:mod:`bkkbn_nlp.quotes`).

Usage::

    python scripts/evaluate_quotes.py [--corpus PATH] [--output results.json]

Evaluation sets:

* the hand-annotated development set ``data/annotations/quotes/quotes_batch_*.jsonl``
  (article ids + offsets into ``bkkbn_nlp.clean(isi).text``; when the cleaner changed,
  the spans are mapped from ``raw_start``/``raw_end`` with ``Article.from_raw``), split by
  article id into two halves: even positions of the numerically sorted id list
  (``dev-a``, the half the rules were written from) and odd positions (``dev-b``, held out);
* the gold fixture ``tests/fixtures/antara_bkkbn_sultra_2019.gold.jsonl`` (evaluation only).

Metrics, separately for direct and indirect quotes and for all quotes:

* quote P/R/F1, a predicted quote matching a gold one of the same type when it covers at
  least half of the gold quote's characters (one-to-one, greedy by overlap);
* exact-match P/R/F1 (same start and end);
* speaker accuracy on matched quotes: ``speaker.name`` equal (case-insensitive) or one
  contained in the other; also for gold speakers that are ``-nya`` clitics or pronouns;
* cue P/R/F1 on exact cue spans.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import bkkbn_nlp
from bkkbn_nlp.quotes import QuoteAttributor, pronouns

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared/data/news/indonesian-news-corpus-2015.jsonl"
FIXTURE = ROOT / "tests/fixtures/antara_bkkbn_sultra_2019.gold.jsonl"
TYPES = ("direct", "indirect", "all")


def _id_key(x: str) -> tuple[int, str]:
    return (int(x), x) if x.isdigit() else (10**12, x)


def load_dev(corpus: Path) -> list[dict[str, Any]]:
    """Dev records ``{"id", "text", "quotes"}`` with spans re-mapped to the current cleaner."""
    records = []
    for path in sorted((ROOT / "data/annotations/quotes").glob("quotes_batch_*.jsonl")):
        records += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
                    if line.strip()]
    wanted = {r["id"] for r in records}
    raw: dict[str, str] = {}
    with open(corpus, encoding="utf-8") as fh:
        for line in fh:
            a = json.loads(line)
            if a["id"] in wanted:
                raw[a["id"]] = a["isi"]
    out = []
    for r in records:
        art = bkkbn_nlp.clean(raw[r["id"]])
        if hashlib.sha1(art.text.encode("utf-8")).hexdigest() != r.get("text_sha1"):
            for q in r["quotes"]:
                for s in [q, q.get("cue"), q.get("speaker"), *q.get("other_parts", [])]:
                    if s and "raw_start" in s:
                        s["start"], s["end"] = art.from_raw(s["raw_start"], s["raw_end"])
                        s["text"] = art.text[s["start"]:s["end"]]
        out.append({"id": r["id"], "text": art.text, "quotes": r["quotes"]})
    return out


def load_fixture() -> list[dict[str, Any]]:
    with open(FIXTURE, encoding="utf-8") as fh:
        return [{"id": "fixture", "text": r["text"], "quotes": r.get("quotes") or []}
                for r in map(json.loads, fh) if r]


def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": p, "r": r, "f1": f, "tp": tp, "pred": n_pred, "gold": n_gold}


def _same_name(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return False
    a, b = a.lower().strip(), b.lower().strip()
    return a == b or a in b or b in a


def _is_pronoun_speaker(sp: dict[str, Any] | None) -> bool:
    if not sp:
        return False
    t = sp.get("text", "").lower()
    return t.endswith("nya") or t in pronouns()


def _match(gold: list[dict[str, Any]], pred: list[dict[str, Any]]) -> list[tuple[int, int]]:
    pairs = []
    for gi, g in enumerate(gold):
        glen = max(1, g["end"] - g["start"])
        for pi, p in enumerate(pred):
            ov = min(g["end"], p["end"]) - max(g["start"], p["start"])
            if ov * 2 >= glen and ov > 0:
                pairs.append((ov, gi, pi))
    pairs.sort(reverse=True)
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = []
    for _, gi, pi in pairs:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            out.append((gi, pi))
    return out


class Scores:
    def __init__(self) -> None:
        self.c: dict[str, dict[str, int]] = {
            t: {k: 0 for k in ("gold", "pred", "tp", "exact", "sp_n", "sp_ok", "pro_n", "pro_ok",
                               "cue_gold", "cue_pred", "cue_tp")} for t in TYPES}

    def add(self, gold_all: list[dict[str, Any]], pred_all: list[dict[str, Any]]) -> None:
        for t in TYPES:
            gold = [q for q in gold_all if t == "all" or q["type"] == t]
            pred = [q for q in pred_all if t == "all" or q["type"] == t]
            c = self.c[t]
            c["gold"] += len(gold)
            c["pred"] += len(pred)
            pairs = _match(gold, pred) if t != "all" else [
                m for m in _match(gold, pred) if gold[m[0]]["type"] == pred[m[1]]["type"]]
            c["tp"] += len(pairs)
            gspans = {(q["start"], q["end"]) for q in gold}
            c["exact"] += len(gspans & {(q["start"], q["end"]) for q in pred})
            for gi, pi in pairs:
                g, p = gold[gi], pred[pi]
                gsp, psp = g.get("speaker") or {}, p.get("speaker") or {}
                gname = gsp.get("name") or gsp.get("text")
                pname = psp.get("name") or psp.get("text")
                ok = _same_name(gname, pname)
                c["sp_n"] += 1
                c["sp_ok"] += ok
                if _is_pronoun_speaker(gsp):
                    c["pro_n"] += 1
                    c["pro_ok"] += ok
            gc = {(q["cue"]["start"], q["cue"]["end"]) for q in gold if q.get("cue")}
            pc = {(q["cue"]["start"], q["cue"]["end"]) for q in pred if q.get("cue")}
            c["cue_gold"] += len(gc)
            c["cue_pred"] += len(pc)
            c["cue_tp"] += len(gc & pc)

    def summary(self) -> dict[str, Any]:
        out = {}
        for t, c in self.c.items():
            out[t] = {
                "quote": _prf(c["tp"], c["pred"], c["gold"]),
                "exact": _prf(c["exact"], c["pred"], c["gold"]),
                "speaker_acc": c["sp_ok"] / c["sp_n"] if c["sp_n"] else None,
                "speaker_n": c["sp_n"],
                "pronoun_speaker_acc": c["pro_ok"] / c["pro_n"] if c["pro_n"] else None,
                "pronoun_speaker_n": c["pro_n"],
                "cue": _prf(c["cue_tp"], c["cue_pred"], c["cue_gold"]),
            }
        return out


def evaluate(records: Iterable[dict[str, Any]], nlp: Any, attributor: QuoteAttributor
             ) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    scores = Scores()
    details = []
    for r in records:
        doc = attributor(nlp(r["text"]))
        pred = list(doc._.quotes)
        scores.add(r["quotes"], pred)
        details.append({"id": r["id"], "gold": r["quotes"], "pred": pred})
    return scores.summary(), details


def _fmt(x: float | None) -> str:
    return "–" if x is None else f"{x:.2f}"


def table(results: dict[str, dict[str, Any]]) -> str:
    lines = [
        "| set | type | gold | pred | P | R | F1 | exact P | exact R | exact F1 "
        "| speaker acc (n) | -nya/pronoun acc (n) | cue F1 |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, res in results.items():
        for t in TYPES:
            s = res[t]
            q, e = s["quote"], s["exact"]
            lines.append(
                f"| {name} | {t} | {q['gold']} | {q['pred']} | {_fmt(q['p'])} | {_fmt(q['r'])} "
                f"| {_fmt(q['f1'])} | {_fmt(e['p'])} | {_fmt(e['r'])} | {_fmt(e['f1'])} "
                f"| {_fmt(s['speaker_acc'])} ({s['speaker_n']}) "
                f"| {_fmt(s['pronoun_speaker_acc'])} ({s['pronoun_speaker_n']}) "
                f"| {_fmt(s['cue']['f1'])} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--output", type=Path, help="write the scores (and details) as JSON")
    parser.add_argument("--details", action="store_true", help="include per-article output")
    parser.add_argument("--report", type=Path, help="write the table as a markdown page")
    args = parser.parse_args(argv)

    nlp = bkkbn_nlp.load()
    attributor = QuoteAttributor(nlp)
    dev = load_dev(args.corpus)
    ids = sorted({r["id"] for r in dev}, key=_id_key)
    half_a = set(ids[0::2])
    sets = {
        "dev-a": [r for r in dev if r["id"] in half_a],
        "dev-b": [r for r in dev if r["id"] not in half_a],
        "total": dev,
        "fixture": load_fixture(),
    }
    results: dict[str, Any] = {}
    details: dict[str, Any] = {}
    for name, recs in sets.items():
        results[name], details[name] = evaluate(recs, nlp, attributor)
    print(table(results))
    if args.report:
        command = "python scripts/evaluate_quotes.py --report " + str(args.report)
        args.report.write_text(
            "# Quote attribution results\n\n"
            f"Generated by `{command}` (bkkbn_nlp {bkkbn_nlp.__version__}); do not edit by hand."
            "\n\nDevelopment set: 44 hand-annotated articles of the 2015 news corpus "
            "(`data/annotations/quotes`), split by article id into dev-a (the rules were "
            "developed looking at it) and dev-b (held out); fixture: the gold ANTARA article "
            "(never used to write rules). A predicted quote matches a gold one when it covers "
            "at least half of its characters; speaker accuracy is over matched quotes.\n\n"
            + table(results) + "\n", encoding="utf-8")
    if args.output:
        payload: dict[str, Any] = {"scores": results,
                                   "split": {"dev-a": sorted(half_a, key=_id_key),
                                             "dev-b": [i for i in ids if i not in half_a]}}
        if args.details:
            payload["details"] = {k: v for k, v in details.items() if k != "total"}
        args.output.write_text(json.dumps(payload, ensure_ascii=False, indent=2),
                               encoding="utf-8")
        print(f"wrote {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
