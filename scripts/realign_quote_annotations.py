"""Re-derive the cleaned-text offsets of the quote annotations after the cleaner changed.

Run it after a change of the cleaner (bkkbn_nlp/text/) that moves cleaned-text
offsets: ``--check`` in review, without it to rewrite the annotation files.

Usage: ``python scripts/realign_quote_annotations.py [--corpus PATH] [--check]``

Every annotated span keeps ``raw_start``/``raw_end`` into the raw article (``isi``). This
script cleans each article with the current cleaner, maps every span back with
``Article.from_raw``, and rewrites ``start``/``end``/``text`` and ``text_sha1``. It reports
each span whose text changed (for example a glued sentence mended inside a quote), so a
person can check it. ``--check`` only reports (exit 1 when something would change).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

import bkkbn_nlp
from bkkbn_nlp.text.clean import clean

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path,
                        default=ROOT.parent / "shared/data/news/indonesian-news-corpus-2015.jsonl")
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    raw_by_id = {}
    with open(args.corpus, encoding="utf-8") as fh:
        for line in fh:
            a = json.loads(line)
            raw_by_id[a["id"]] = a["isi"]
    changed = 0
    for path in sorted((ROOT / "data/annotations/quotes").glob("quotes_batch_*.jsonl")):
        records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        for r in records:
            art = clean(raw_by_id[r["id"]])
            sha = hashlib.sha1(art.text.encode("utf-8")).hexdigest()
            if sha != r["text_sha1"]:
                changed += 1
            r["text_sha1"] = sha
            r["cleaner"] = f"bkkbn_nlp {bkkbn_nlp.__version__} clean()"
            for q in r["quotes"]:
                for s in [q, q.get("cue"), q.get("speaker"), *q.get("other_parts", [])]:
                    if not s:
                        continue
                    start, end = art.from_raw(s["raw_start"], s["raw_end"])
                    new = art.text[start:end]
                    if new != s["text"]:
                        print(f"{path.name} id={r['id']}: {s['text']!r} -> {new!r}")
                    s["start"], s["end"], s["text"] = start, end, new
        if not args.check:
            path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                            encoding="utf-8")
    print(f"{changed} article(s) whose cleaned text changed", file=sys.stderr)
    return 1 if args.check and changed else 0


if __name__ == "__main__":
    sys.exit(main())
