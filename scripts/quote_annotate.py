"""Quote annotation of news from other outlets and years (issue 24, point 4).

The quote dev sets (batches 1-7) are all from the 2015 corpus. This round adds articles of
IndoSum 2016-2018 and CLICK-ID 2019 (``../shared/data/news/``), from the desks and
outlets those sets under-represent, read and annotated under docs/annotation-guidelines.md
§3 by annotators who never see a model's output.

``select`` draws the articles: texts of 1,200-6,000 characters (CLICK-ID only when not
``link_gaps``, so no name was dropped by the scraper) with at least two direct quotes and a
``-nya`` cue or a pronoun (``ia``, ``dia``, ``beliau``), outside the national-politics
desks, stratified by outlet; ``random.Random(--seed)``. They are cut into batches 8, 9 and
10 (batch 10 is held out: no rule or model choice is made from it); the last
``--overlap`` ids of each batch are repeated at the end of the previous batch (batch 8's at
the end of batch 10), so those are annotated twice.

``export`` writes each batch's cleaned texts (``bkkbn_nlp.clean``, what the offsets index)
under ``training/quotes_annotation/`` (never committed).

``build N`` turns an annotator's ``training/quotes_annotation/batch_N.raw.jsonl`` (spans
given by their text: ``{"id", "quotes": [{"type", "text", "occ"?, "cue": {"text",
"occ"?}, "speaker": {"text", "occ"?, "name", "role", "organization"} | null}], "notes"}``;
``occ`` counts exact occurrences from 1; a cue, speaker or ``other_parts`` span without
``occ`` is the occurrence nearest its quote) into
``data/annotations/quotes/quotes_batch_N.jsonl`` with character offsets into the cleaned
text and into the raw text. A span that is not found is an error.

``check`` prints the agreement on the doubly annotated articles (quote spans, exact and
overlapping, and speaker names on matched quotes).

Usage::

    python scripts/quote_annotate.py select
    python scripts/quote_annotate.py export
    python scripts/quote_annotate.py build 8
    python scripts/quote_annotate.py check
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
NEWS = ROOT.parent / "shared" / "data" / "news"
CORPORA = ("indosum-2016-2018.jsonl", "clickid-2019.jsonl")
OUT = ROOT / "data" / "annotations" / "quotes"
WORK = ROOT / "training" / "quotes_annotation"
BATCHES = (8, 9, 10)
#: desks the 2015 sets are made of (national politics); this round draws outside them
SKIP_CATEGORIES = {"nasional", "news", "tajuk utama", "politik"}
NYA_CUE = re.compile(r"\b(kata|ujar|tutur|jelas|tambah|ungkap|tegas|imbuh|lanjut|papar|"
                     r"terang|sebut|pesan|harap|akui|kilah|ucap)nya\b", re.I)
PRONOUN = re.compile(r"\b(ia|dia|beliau)\s+(mengatakan|menjelaskan|menambahkan|menegaskan|"
                     r"menyebut|berharap|mengaku|menuturkan)\b", re.I)
DIRECT = re.compile(r"[\"“”][^\"“”\n]{15,}?[\"“”]")


def _articles() -> dict[str, dict[str, Any]]:
    arts: dict[str, dict[str, Any]] = {}
    for name in CORPORA:
        with open(NEWS / name, encoding="utf-8") as fh:
            for line in fh:
                a = json.loads(line)
                arts[a["id"]] = a
    return arts


def _used_ids() -> set[str]:
    used: set[str] = set()
    for path in (OUT / "batches").glob("batch_*.txt"):
        used |= set(path.read_text(encoding="utf-8").split())
    return used


def select(args: argparse.Namespace) -> None:
    arts = _articles()
    used = _used_ids()
    seen_openings: set[str] = set()
    by_source: dict[str, list[str]] = defaultdict(list)
    for aid, a in sorted(arts.items()):
        text = a.get("text") or ""
        if aid in used or a.get("link_gaps") or not 1200 <= len(text) <= 6000:
            continue
        if (a.get("category") or "").strip().lower() in SKIP_CATEGORIES:
            continue
        opening = text[:120]
        if opening in seen_openings:
            continue
        seen_openings.add(opening)
        if len(DIRECT.findall(text)) >= 2 and (NYA_CUE.search(text) or PRONOUN.search(text)):
            by_source[a.get("source") or "?"].append(aid)
    rng = random.Random(args.seed)
    pools = {s: rng.sample(ids, len(ids)) for s, ids in sorted(by_source.items())}
    chosen: list[str] = []
    while len(chosen) < args.n and any(pools.values()):
        for s in sorted(pools):
            if pools[s] and len(chosen) < args.n:
                chosen.append(pools[s].pop())
    rng.shuffle(chosen)
    sizes = [len(chosen) - 10 - (len(chosen) - 10) // 2, (len(chosen) - 10) // 2, 10]
    parts, i = [], 0
    for size in sizes:
        parts.append(chosen[i:i + size])
        i += size
    for k, batch in enumerate(BATCHES):
        nxt = parts[(k + 1) % len(parts)][: args.overlap]
        ids = parts[k] + [x for x in nxt if x not in parts[k]]
        (OUT / "batches" / f"batch_{batch}.txt").write_text("\n".join(ids) + "\n", encoding="utf-8")
        print(f"batch {batch}: {len(ids)} ids ({len(parts[k])} own)")
    counts: dict[str, int] = defaultdict(int)
    for x in chosen:
        counts[arts[x].get("source") or "?"] += 1
    print("by outlet:", dict(sorted(counts.items())))


def _batch_ids(batch: int) -> list[str]:
    return (OUT / "batches" / f"batch_{batch}.txt").read_text(encoding="utf-8").split()


def export(args: argparse.Namespace) -> None:
    from bkkbn_nlp import clean

    arts = _articles()
    WORK.mkdir(parents=True, exist_ok=True)
    for batch in BATCHES:
        out = []
        for aid in _batch_ids(batch):
            a = arts[aid]
            out.append(f"=== {aid} | {a.get('source')} | {a.get('date')} | "
                       f"{a.get('category')}\n{clean(a['text']).text}\n")
        (WORK / f"batch_{batch}.txt").write_text("\n".join(out), encoding="utf-8")
        print(WORK / f"batch_{batch}.txt")


def _occurrences(text: str, span: str) -> list[int]:
    out, i = [], text.find(span)
    while i >= 0 and span:
        out.append(i)
        i = text.find(span, i + 1)
    return out


def _place(text: str, spec: dict[str, Any], near: int | None, what: str,
           aid: str) -> tuple[int, int]:
    span = spec["text"]
    found = _occurrences(text, span)
    if not found:
        raise SystemExit(f"{aid}: {what} {span!r} is not in the cleaned text")
    if spec.get("occ"):
        if spec["occ"] > len(found):
            raise SystemExit(f"{aid}: {what} {span!r} occurs {len(found)} times, occ={spec['occ']}")
        start = found[spec["occ"] - 1]
    elif near is not None:
        start = min(found, key=lambda s: abs(s - near))
    else:
        start = found[0]
    return start, start + len(span)


def build(args: argparse.Namespace) -> None:
    from bkkbn_nlp import clean
    from bkkbn_nlp.about import __version__

    arts = _articles()
    wanted = _batch_ids(args.batch)
    lines = []
    raw_path = WORK / f"batch_{args.batch}.raw.jsonl"
    for line in raw_path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        rec = json.loads(line)
        aid = rec["id"]
        if aid not in wanted:
            raise SystemExit(f"{aid} is not in batch {args.batch}")
        art = clean(arts[aid]["text"])
        text = art.text
        quotes = []
        for q in rec.get("quotes", []):
            s, e = _place(text, q, None, "quote", aid)
            out: dict[str, Any] = {"type": q["type"], "start": s, "end": e, "text": text[s:e]}
            out["raw_start"], out["raw_end"] = art.to_raw(s, e)
            for key in ("cue", "speaker"):
                spec = q.get(key)
                if not spec:
                    out[key] = None
                    continue
                cs, ce = _place(text, spec, s, key, aid)
                span = {"start": cs, "end": ce, "text": text[cs:ce]}
                span["raw_start"], span["raw_end"] = art.to_raw(cs, ce)
                if key == "speaker":
                    span.update({k: spec.get(k) for k in ("name", "role", "organization")})
                out[key] = span
            parts = []
            for spec in q.get("other_parts") or []:
                ps, pe = _place(text, spec, s, "other part", aid)
                part = {"start": ps, "end": pe, "text": text[ps:pe]}
                part["raw_start"], part["raw_end"] = art.to_raw(ps, pe)
                parts.append(part)
            if parts:
                out["other_parts"] = parts
            quotes.append(out)
        quotes.sort(key=lambda q: (q["start"], q["end"]))
        lines.append(json.dumps({
            "id": aid, "text_sha1": hashlib.sha1(text.encode("utf-8")).hexdigest(),
            "cleaner": f"bkkbn_nlp {__version__} clean()", "quotes": quotes,
            "annotator": rec.get("annotator", f"annotator-q{args.batch}"),
            "notes": rec.get("notes", "")}, ensure_ascii=False))
    missing = set(wanted) - {json.loads(x)["id"] for x in lines}
    if missing:
        raise SystemExit(f"batch {args.batch}: no annotation for {sorted(missing)}")
    path = OUT / f"quotes_batch_{args.batch}.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{path}: {len(lines)} articles, "
          f"{sum(len(json.loads(x)['quotes']) for x in lines)} quotes")


def check(args: argparse.Namespace) -> None:
    seen: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for batch in BATCHES:
        path = OUT / f"quotes_batch_{batch}.jsonl"
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    seen[json.loads(line)["id"]].append(json.loads(line))
    doubles = {k: v for k, v in seen.items() if len(v) >= 2}
    exact = overlap = n_a = n_b = same_speaker = matched = 0
    for recs in doubles.values():
        a, b = recs[0]["quotes"], recs[1]["quotes"]
        n_a += len(a)
        n_b += len(b)
        for qa in a:
            hit = next((qb for qb in b
                        if qb["start"] < qa["end"] and qa["start"] < qb["end"]), None)
            if hit is None:
                continue
            overlap += 1
            exact += (hit["start"], hit["end"]) == (qa["start"], qa["end"])
            matched += 1
            na = ((qa.get("speaker") or {}).get("name") or "").lower()
            nb = ((hit.get("speaker") or {}).get("name") or "").lower()
            same_speaker += na == nb
    def f1(k: int) -> float:
        return 2 * k / (n_a + n_b) if n_a + n_b else 0.0
    print(f"{len(doubles)} doubly annotated articles, {n_a} + {n_b} quotes")
    print(f"quote F1 overlapping {f1(overlap):.3f}, exact {f1(exact):.3f}; "
          f"same speaker name on matched quotes {same_speaker}/{matched}")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("select")
    s.add_argument("--seed", type=int, default=2424)
    s.add_argument("--n", type=int, default=32)
    s.add_argument("--overlap", type=int, default=2)
    sub.add_parser("export")
    b = sub.add_parser("build")
    b.add_argument("batch", type=int)
    sub.add_parser("check")
    args = p.parse_args()
    {"select": select, "export": export, "build": build, "check": check}[args.cmd](args)


if __name__ == "__main__":
    main()
