"""Evaluating rule-based quote attribution on the team's annotations: the table of
``docs/quotes-results.md``.

``bkkbn-nlp evaluate quotes`` (and ``scripts/evaluate_quotes.py``, a wrapper of it) runs
these functions. Evaluation sets (:func:`quote_sets`):

* the hand-annotated development set ``data/annotations/quotes/quotes_batch_*.jsonl``
  (article ids + offsets into ``bkkbn_nlp.clean(isi).text``; when the cleaner changed, the
  spans are mapped from ``raw_start``/``raw_end`` with ``Article.from_raw``), split by
  article id into two halves: even positions of the numerically sorted id list (``dev-a``,
  the half the rules were written from) and odd positions (``dev-b``, held out); batch 5
  forms ``dev-c``, batch 6 ``dev-d1`` and batches 7+ ``dev-d2`` (each annotated after the
  rules of its time were written; dev-d1 has since been used to write rules);
* the gold fixture ``tests/fixtures/antara_bkkbn_sultra_2019.gold.jsonl`` (evaluation only).

Metrics (:func:`bkkbn_nlp.quotes.scoring.score_quotes`), separately for direct and indirect
quotes and for all quotes: quote P/R/F1 (a prediction of the same type covering at least
half of the gold quote's characters), exact-match P/R/F1, speaker accuracy on matched quotes
(also for ``-nya``/pronoun gold speakers), cue P/R/F1.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from ..about import __version__
from ..quotes.scoring import TYPES, score_quotes
from ..text.clean import clean

__all__ = ["FIRST_BATCHES", "DEV_C_LAST", "DEV_D1_LAST", "load_dev", "load_fixture",
           "quote_sets", "split_ids", "evaluate_quotes", "evaluate_quote_sets", "quote_table",
           "quote_report", "quote_payload"]

FIRST_BATCHES = 4  # batches 1-4 make dev-a/dev-b
DEV_C_LAST = 5  # batch 5 is dev-c
DEV_D1_LAST = 6  # batch 6 is dev-d1; batch 7 makes dev-d2
DEV_D2_LAST = 7
HELD_OUT_BATCH = 10  # batches 8-9 (other outlets and years) are dev-e; batch 10 is dev-e-held
#: the other news corpora read beside ``--corpus`` (the 2015 one), for batches 8 and later
OTHER_CORPORA = ("indosum-2016-2018.jsonl", "clickid-2019.jsonl")

Record = dict[str, Any]


def _id_key(x: str) -> tuple[int, str]:
    return (int(x), x) if x.isdigit() else (10**12, x)


def _read_jsonl(path: Path) -> list[Record]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]


def _raw_articles(corpus: Path, wanted: set[str]) -> dict[str, str]:
    """The raw text (``isi``, or ``text`` in the other corpora) of the articles whose id is
    in ``wanted``: from ``corpus`` and, when some are not there, from the other news
    corpora in its folder (:data:`OTHER_CORPORA`)."""
    raw: dict[str, str] = {}
    paths = [corpus] + [corpus.parent / n for n in OTHER_CORPORA]
    for path in paths:
        if len(raw) == len(wanted) or not path.is_file():
            continue
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                if not any(w in line[:200] for w in wanted - raw.keys()):
                    continue
                a = json.loads(line)
                if a["id"] in wanted:
                    raw[a["id"]] = a.get("isi") if "isi" in a else a["text"]
    return raw


def _owners(annotations: Path) -> dict[str, int]:
    """The batch each article belongs to: where it is listed first in its batch files
    (``batches/batch_N.txt``; a doubled article is listed among its own batch's ids, then
    again at the end of another batch)."""
    best: dict[str, tuple[int, int]] = {}
    for path in (annotations / "batches").glob("batch_*.txt"):
        batch = int(path.stem.rsplit("_", 1)[1])
        for pos, aid in enumerate(path.read_text(encoding="utf-8").split()):
            if aid not in best or pos < best[aid][0]:
                best[aid] = (pos, batch)
    return {aid: b for aid, (_, b) in best.items()}


def _realign(record: Record, text_sha1: str | None, art: Any) -> None:
    """Map the record's spans from their raw offsets when the cleaned text changed."""
    if hashlib.sha1(art.text.encode("utf-8")).hexdigest() == text_sha1:
        return
    for q in record["quotes"]:
        for s in [q, q.get("cue"), q.get("speaker"), *q.get("other_parts", [])]:
            if s and "raw_start" in s:
                s["start"], s["end"] = art.from_raw(s["raw_start"], s["raw_end"])
                s["text"] = art.text[s["start"]:s["end"]]


def load_dev(corpus: Path, annotations: Path) -> list[Record]:
    """Dev records ``{"id", "text", "quotes", "batch"}`` of ``annotations/quotes_batch_N.jsonl``
    with the article texts of ``corpus``, spans re-mapped to the current cleaner."""
    records: list[Record] = []
    batch_of: dict[str, int] = {}
    owners = _owners(annotations)
    for path in sorted(annotations.glob("quotes_batch_*.jsonl"),
                       key=lambda p: int(p.stem.rsplit("_", 1)[1])):
        number = int(path.stem.rsplit("_", 1)[1])
        for r in _read_jsonl(path):
            # a doubled article counts once, with the annotation of the batch it belongs to
            if owners.get(r["id"], number) != number or r["id"] in batch_of:
                continue
            records.append(r)
            batch_of[r["id"]] = number
    raw = _raw_articles(corpus, {r["id"] for r in records})
    missing = sorted({r["id"] for r in records} - raw.keys())
    if missing:
        raise FileNotFoundError(f"{len(missing)} annotated articles are not in {corpus} or "
                                f"the corpora beside it: {', '.join(missing[:5])}")
    out = []
    for r in records:
        art = clean(raw[r["id"]])
        _realign(r, r.get("text_sha1"), art)
        out.append({"id": r["id"], "text": art.text, "quotes": r["quotes"],
                    "batch": batch_of[r["id"]]})
    return out


def load_fixture(path: Path) -> list[Record]:
    """The gold fixture's records ``{"id": "fixture", "text", "quotes"}``."""
    return [{"id": "fixture", "text": r["text"], "quotes": r.get("quotes") or []}
            for r in _read_jsonl(path) if r]


def split_ids(dev: Sequence[Record]) -> tuple[list[str], set[str]]:
    """The ids of batches 1-4, numerically sorted, and the ``dev-a`` half of them (even
    positions)."""
    ids = sorted({r["id"] for r in dev if r["batch"] <= FIRST_BATCHES}, key=_id_key)
    return ids, set(ids[0::2])


def quote_sets(dev: Sequence[Record], fixture: Sequence[Record]) -> dict[str, list[Record]]:
    """The evaluation sets by name: dev-a, dev-b, dev-c, dev-d1, dev-d2, dev-e, dev-e-held,
    total, fixture.

    Batches 1-4 are split by id into dev-a and dev-b; batch 5 is dev-c; batch 6 dev-d1 and
    batch 7 dev-d2, annotated after the rules of their time were written; rules were later
    written from dev-d1's errors, never from dev-d2's. Batches 8-9 (dev-e) and 10
    (dev-e-held) are news of other outlets and years (2016-2019); no rule or model choice is
    made from dev-e-held. dev-e and dev-e-held are left out when they have no article."""
    first = [r for r in dev if r["batch"] <= FIRST_BATCHES]
    half_a = split_ids(dev)[1]
    sets = {
        "dev-a": [r for r in first if r["id"] in half_a],
        "dev-b": [r for r in first if r["id"] not in half_a],
        "dev-c": [r for r in dev if FIRST_BATCHES < r["batch"] <= DEV_C_LAST],
        "dev-d1": [r for r in dev if DEV_C_LAST < r["batch"] <= DEV_D1_LAST],
        "dev-d2": [r for r in dev if DEV_D1_LAST < r["batch"] <= DEV_D2_LAST],
        "dev-e": [r for r in dev if DEV_D2_LAST < r["batch"] < HELD_OUT_BATCH],
        "dev-e-held": [r for r in dev if r["batch"] >= HELD_OUT_BATCH],
        "total": list(dev),
        "fixture": list(fixture),
    }
    return {k: v for k, v in sets.items() if v or not k.startswith("dev-e")}


def evaluate_quotes(records: Iterable[Record], nlp: Any, attributor: Any
                    ) -> tuple[dict[str, Any], list[Record]]:
    """Run the attributor on each record and score it with :func:`score_quotes`; also return
    the per-article ``{"id", "gold", "pred"}`` details."""
    details = []
    for r in records:
        doc = attributor(nlp(r["text"]))
        pred = [dict(q) for q in doc._.quotes]
        details.append({"id": r["id"], "gold": r["quotes"], "pred": pred})
    scores = score_quotes([d["gold"] for d in details], [d["pred"] for d in details])
    return scores, details


def evaluate_quote_sets(sets: dict[str, list[Record]], nlp: Any, attributor: Any
                        ) -> tuple[dict[str, Any], dict[str, list[Record]]]:
    """:func:`evaluate_quotes` on every set: the scores and the details, by set name."""
    results: dict[str, Any] = {}
    details: dict[str, list[Record]] = {}
    for name, recs in sets.items():
        results[name], details[name] = evaluate_quotes(recs, nlp, attributor)
    return results, details


def _fmt(x: float | None) -> str:
    return "–" if x is None else f"{x:.2f}"


def quote_table(results: dict[str, dict[str, Any]]) -> str:
    """The markdown table: one row per set and quote type."""
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


def quote_report(command: str, results: dict[str, dict[str, Any]],
                 sets: dict[str, list[Record]]) -> str:
    """The markdown page of ``docs/quotes-results.md``: how the sets were made, then the
    table. ``command`` is named as the one that generated it."""
    n_c = len(sets["dev-c"])
    n_d = len(sets["dev-d1"]) + len(sets["dev-d2"])
    return (
        "# Quote attribution results\n\n"
        f"Generated by `{command}` (bkkbn_nlp {__version__}); do not edit by hand."
        f"\n\nDevelopment set: {len(sets['total'])} hand-annotated articles "
        "(`data/annotations/quotes`), of the 2015 news corpus unless said otherwise. "
        "The first 44 (batches 1-4) are split by article "
        "id into dev-a (the rules were developed looking at its errors) and dev-b (held out: "
        "rules are not written from its errors; its scores are checked, and a change "
        "that helps dev-a alone is dropped; two rules of the third session, blended "
        "nicknames and a description followed by a name, were written after reading "
        "dev-b errors); dev-c "
        f"({n_c} articles, batch 5) was annotated after the rules were written, "
        f"without looking at the system's output; dev-d ({n_d} articles, batches 6-7, "
        "chosen by the same procedure with seed 2017 and annotated by two annotators who "
        "never saw the system's output) was first measured as a whole before any rule "
        "was written from it (commit c309990: quote F1 0.88, exact F1 0.85, speaker "
        "accuracy 0.85 (103), -nya/pronoun 0.75 (40), cue F1 0.87); then rules were "
        "written from the errors of its first half, dev-d1 (batch 6), while dev-d2 "
        "(batch 7) stays held out. dev-e (batches 8-9) and dev-e-held (batch 10, 10 "
        "articles, held out: no rule or model choice is made from it) are news of other "
        "outlets and years (IndoSum 2016-2018, CLICK-ID 2019; 19 outlets, outside the "
        "national-politics desks, chosen by `scripts/quote_annotate.py select`, annotated by "
        "three annotators who never saw the system's output). total = all of them. "
        "Fixture: the gold ANTARA article (never used to write rules). A predicted quote "
        "matches a gold one of the same type when it covers at least half of its "
        "characters; speaker accuracy is over matched quotes; scores by "
        "`bkkbn_nlp.quotes.scoring.score_quotes`.\n\n"
        + quote_table(results) + "\n")


def quote_payload(results: dict[str, Any], sets: dict[str, list[Record]],
                  details: dict[str, list[Record]] | None = None) -> dict[str, Any]:
    """The JSON written by ``--output``: the scores, the ids of each dev set, and (when
    given) the per-article details of every set but ``total``."""
    ids, half_a = split_ids(sets["total"])
    payload: dict[str, Any] = {"scores": results,
                               "split": {"dev-a": sorted(half_a, key=_id_key),
                                         "dev-b": [i for i in ids if i not in half_a],
                                         "dev-c": [r["id"] for r in sets["dev-c"]],
                                         "dev-d1": [r["id"] for r in sets["dev-d1"]],
                                         "dev-d2": [r["id"] for r in sets["dev-d2"]]}}
    for name in ("dev-e", "dev-e-held"):
        if name in sets:
            payload["split"][name] = [r["id"] for r in sets[name]]
    if details is not None:
        payload["details"] = {k: v for k, v in details.items() if k != "total"}
    return payload
