"""Check that the project's self-written topic articles share no word 5-gram with the fixture.

Run it after adding or editing articles in ``authored.jsonl``, before training the
topic tagger on them.

    python scripts/check_authored_overlap.py [--authored FILE] [--fixture FILE] [-n 5]

``data/annotations/topics/authored.jsonl`` holds short news-style articles the project wrote
itself (issue 5) to give the rare ``kependudukan_kb`` label training examples. They were
written without reading the gold fixture; this script is the after-the-fact check that no
sequence of ``n`` words (lower-cased, letters and digits only) of the fixture appears in any
of them. Exit status 0: no shared n-gram; 1: some (they are printed with the article id).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_AUTHORED = ROOT / "data" / "annotations" / "topics" / "authored.jsonl"
DEFAULT_FIXTURE = ROOT / "tests" / "fixtures" / "antara_bkkbn_sultra_2019.txt"
_WORD = re.compile(r"[^\W_]+")


def ngrams(text: str, n: int) -> set[tuple[str, ...]]:
    """The set of word ``n``-grams of ``text`` (lower-cased; punctuation ignored)."""
    words = _WORD.findall(text.lower())
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


def shared_ngrams(authored: Path, fixture: Path, n: int = 5) -> dict[str, list[str]]:
    """``{article id: [shared n-gram, ...]}`` for the authored articles that share any."""
    target = ngrams(fixture.read_text(encoding="utf-8"), n)
    out: dict[str, list[str]] = {}
    with open(authored, encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            rec = json.loads(line)
            common = ngrams(rec["text"], n) & target
            if common:
                out[rec["id"]] = sorted(" ".join(g) for g in common)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--authored", type=Path, default=DEFAULT_AUTHORED)
    ap.add_argument("--fixture", type=Path, default=DEFAULT_FIXTURE)
    ap.add_argument("-n", type=int, default=5)
    args = ap.parse_args(argv)
    n_articles = sum(1 for line in open(args.authored, encoding="utf-8") if line.strip())
    found = shared_ngrams(args.authored, args.fixture, args.n)
    total = sum(len(v) for v in found.values())
    print(f"{n_articles} authored articles, {args.n}-grams shared with {args.fixture.name}: "
          f"{total} in {len(found)} article(s)")
    for article_id, grams in found.items():
        for gram in grams:
            print(f"  {article_id}: {gram}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
