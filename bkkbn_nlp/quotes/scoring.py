"""Scores for quote attribution: predicted quotes against gold quotes.

Quotes are plain dicts in the labelled-document/JSON shape (``type``, ``start``, ``end``,
``text``, ``cue`` ``{start, end, text}``, ``speaker`` ``{name, text, start, end, role,
organization}``), as produced by ``doc._.quotes`` and stored in
``data/annotations/quotes``::

    from bkkbn_nlp.quotes.scoring import score_quotes

    scores = score_quotes([gold_quotes_of_doc1, ...], [pred_quotes_of_doc1, ...])
    scores["all"]["quote"]["f1"], scores["indirect"]["speaker_acc"]

Metrics, separately for ``direct``, ``indirect`` and ``all`` quotes:

* ``quote``: P/R/F1; a predicted quote matches a gold one (one-to-one, greedy by overlap) when
  it covers at least half of the gold quote's characters; per type, the two must have that
  type; in ``all`` a match also needs the same type;
* ``exact``: P/R/F1 of quotes with the same start and end;
* ``speaker_acc`` (``speaker_n``): on matched quotes, the speaker names are equal
  (case-insensitive) or one contains the other (the mention text stands in for a missing name);
* ``pronoun_speaker_acc`` (``pronoun_speaker_n``): the same over matched quotes whose gold
  speaker mention is a ``-nya`` clitic or a pronoun (``lang/data/pronouns.txt``);
* ``cue``: P/R/F1 on exact cue spans.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

from ..errors import Errors, LabelledDataError
from ..lang import read_set

__all__ = ["score_quotes", "match_quotes", "same_speaker", "is_pronoun_speaker", "TYPES"]

TYPES = ("direct", "indirect", "all")
_COUNTS = ("gold", "pred", "tp", "exact", "sp_n", "sp_ok", "pro_n", "pro_ok",
           "cue_gold", "cue_pred", "cue_tp")


@lru_cache(maxsize=1)
def _pronouns() -> frozenset[str]:
    return read_set("pronouns.txt", lower=True)


def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": p, "r": r, "f1": f, "tp": tp, "pred": n_pred, "gold": n_gold}


def _name(sp: Mapping[str, Any] | None) -> str | None:
    if not sp:
        return None
    value = sp.get("name") or sp.get("text")
    return str(value) if value else None


def same_speaker(gold: Mapping[str, Any] | None, pred: Mapping[str, Any] | None) -> bool:
    """Whether two speaker dicts name the same speaker.

    Names (else mention texts) are compared case-insensitively; one containing the other
    counts (``"Andi"`` vs ``"Andi Rahman"``). A missing speaker on either side is wrong.
    """
    a, b = _name(gold), _name(pred)
    if not a or not b:
        return False
    a, b = a.lower().strip(), b.lower().strip()
    return bool(a and b) and (a == b or a in b or b in a)


def is_pronoun_speaker(sp: Mapping[str, Any] | None) -> bool:
    """Whether a speaker mention is a ``-nya`` clitic (``katanya``) or a pronoun (``ia``)."""
    if not sp:
        return False
    t = str(sp.get("text") or "").lower().strip()
    return bool(t) and (t.endswith("nya") or t in _pronouns())


def _span(q: Mapping[str, Any], doc_i: int, what: str) -> tuple[int, int]:
    try:
        start, end = int(q["start"]), int(q["end"])
    except (KeyError, TypeError, ValueError) as exc:
        raise LabelledDataError(Errors.E071.format(what=what, doc=doc_i, problem=repr(exc))
                                ) from None
    if start < 0 or end < start:
        raise LabelledDataError(Errors.E071.format(
            what=what, doc=doc_i, problem=f"bad span {start}-{end}"))
    return start, end


def match_quotes(gold: Sequence[Mapping[str, Any]], pred: Sequence[Mapping[str, Any]]
                 ) -> list[tuple[int, int]]:
    """One-to-one (gold index, pred index) pairs: the prediction covers ≥ half of the gold
    quote's characters; pairs are taken greedily by overlap (largest first)."""
    pairs = []
    for gi, g in enumerate(gold):
        glen = max(1, g["end"] - g["start"])
        for pi, p in enumerate(pred):
            ov = min(g["end"], p["end"]) - max(g["start"], p["start"])
            if ov > 0 and ov * 2 >= glen:
                pairs.append((ov, -gi, -pi))
    pairs.sort(reverse=True)
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = []
    for _, ngi, npi in pairs:
        gi, pi = -ngi, -npi
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            out.append((gi, pi))
    return sorted(out)


def _add(c: dict[str, int], gold: Sequence[Mapping[str, Any]], pred: Sequence[Mapping[str, Any]],
         same_type: bool) -> None:
    c["gold"] += len(gold)
    c["pred"] += len(pred)
    pairs = match_quotes(gold, pred)
    if same_type:
        pairs = [(g, p) for g, p in pairs if gold[g].get("type") == pred[p].get("type")]
    c["tp"] += len(pairs)
    gspans = {(q["start"], q["end"], q.get("type")) for q in gold}
    c["exact"] += len(gspans & {(q["start"], q["end"], q.get("type")) for q in pred})
    for gi, pi in pairs:
        gsp, psp = gold[gi].get("speaker"), pred[pi].get("speaker")
        ok = same_speaker(gsp, psp)
        c["sp_n"] += 1
        c["sp_ok"] += ok
        if is_pronoun_speaker(gsp):
            c["pro_n"] += 1
            c["pro_ok"] += ok
    gc = {(q["cue"]["start"], q["cue"]["end"]) for q in gold if q.get("cue")}
    pc = {(q["cue"]["start"], q["cue"]["end"]) for q in pred if q.get("cue")}
    c["cue_gold"] += len(gc)
    c["cue_pred"] += len(pc)
    c["cue_tp"] += len(gc & pc)


def score_quotes(gold_docs: Sequence[list[dict[str, Any]]],
                 pred_docs: Sequence[list[dict[str, Any]]]) -> dict[str, Any]:
    """Score predicted quotes against gold quotes, document by document.

    Args:
        gold_docs: For each document, its gold quotes (dicts with ``type``, ``start``,
            ``end`` and optionally ``cue`` and ``speaker``).
        pred_docs: For each document (same order), the predicted quotes.

    Returns:
        ``{"direct" | "indirect" | "all": {"quote": prf, "exact": prf, "speaker_acc",
        "speaker_n", "pronoun_speaker_acc", "pronoun_speaker_n", "cue": prf}}`` where a
        ``prf`` is ``{"p", "r", "f1", "tp", "pred", "gold"}``; accuracies are ``None`` when
        no quote was matched.

    Raises:
        LabelledDataError: The two sequences differ in length (E070), or a quote has no
            valid ``start``/``end`` or an unknown ``type`` (E071).
    """
    if len(gold_docs) != len(pred_docs):
        raise LabelledDataError(Errors.E070.format(gold=len(gold_docs), pred=len(pred_docs)))
    counts = {t: dict.fromkeys(_COUNTS, 0) for t in TYPES}
    for i, (gold_all, pred_all) in enumerate(zip(gold_docs, pred_docs, strict=True)):
        for what, quotes in (("gold", gold_all), ("predicted", pred_all)):
            for q in quotes:
                _span(q, i, f"{what} quote")
                if q.get("type") not in ("direct", "indirect"):
                    raise LabelledDataError(Errors.E071.format(
                        what=f"{what} quote", doc=i, problem=f"unknown type {q.get('type')!r}"))
                if q.get("cue"):
                    _span(q["cue"], i, f"{what} cue")
        for t in TYPES:
            gold = [q for q in gold_all if t == "all" or q["type"] == t]
            pred = [q for q in pred_all if t == "all" or q["type"] == t]
            _add(counts[t], gold, pred, same_type=t == "all")
    out: dict[str, Any] = {}
    for t, c in counts.items():
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
