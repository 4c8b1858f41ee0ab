"""How consistently a CoNLL NER corpus labels the same word (an upper bound on what a
tagger can learn from it).

Run it once per NER corpus, before deciding whether its labels need a review round (it
motivated ``scripts/idner_review.py``).

Usage::

    python scripts/ner_label_consistency.py [--data ../shared/data/ner/idner-news-2k]
        [--min-count 5] [--top 15]

For every capitalised word that is, somewhere in the corpus (all splits), a whole
single-token entity, the script counts its occurrences by tag: as a one-token entity
(``B-X`` not followed by ``I-X``), inside a longer entity, or outside any entity (``O``).
Words outside an entity although they are elsewhere a one-token entity of their own, and
not part of a longer name there, are the annotation's inconsistencies: a tagger scored
against such data loses either way. It prints the words with the most ``O`` uses, and the
share of their mentions left unlabelled, per split.
"""

from __future__ import annotations

import argparse
from collections import Counter, defaultdict
from pathlib import Path

from bkkbn_nlp.entities.corpora import read_conll

ROOT = Path(__file__).resolve().parent.parent


def counts(path: Path) -> dict[str, Counter[str]]:
    """word -> Counter of "single:LABEL", "inside", "O" uses in one CoNLL file."""
    out: dict[str, Counter[str]] = defaultdict(Counter)
    for s in read_conll(path):
        tags = list(s.tags)
        for i, (w, t) in enumerate(zip(s.words, tags, strict=True)):
            if not w[:1].isupper():
                continue
            nxt = tags[i + 1] if i + 1 < len(tags) else "O"
            if t == "O":
                out[w]["O"] += 1
            elif t.startswith("B-") and not nxt.startswith("I-"):
                out[w]["single:" + t[2:]] += 1
            else:
                out[w]["inside"] += 1
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path,
                        default=ROOT.parent / "shared" / "data" / "ner" / "idner-news-2k")
    parser.add_argument("--min-count", type=int, default=5,
                        help="words used at least this often in all splits together")
    parser.add_argument("--top", type=int, default=15)
    args = parser.parse_args()
    splits = {p.stem: counts(p) for p in sorted(args.data.glob("*.txt"))
              if p.stem in ("train", "dev", "test")}
    total: dict[str, Counter[str]] = defaultdict(Counter)
    for c in splits.values():
        for w, cnt in c.items():
            total[w].update(cnt)
    words = [w for w, c in total.items()
             if sum(c.values()) >= args.min_count and any(k.startswith("single:") for k in c)]
    words.sort(key=lambda w: -total[w]["O"])
    print(f"{len(words)} capitalised words are a one-token entity somewhere and occur "
          f">= {args.min_count} times in {args.data.name}")
    print(f"{'word':<16}{'single-token entity':>22}{'inside a name':>15}{'O':>6}{'O share':>9}")
    for w in words[:args.top]:
        c = total[w]
        single = ", ".join(f"{k[7:]} {v}" for k, v in sorted(c.items()) if k.startswith("single"))
        n = sum(c.values())
        print(f"{w:<16}{single:>22}{c['inside']:>15}{c['O']:>6}{c['O'] / n:>9.0%}")
    for name, c in splits.items():
        o = sum(c[w]["O"] for w in words)
        ent = sum(v for w in words for k, v in c[w].items() if k.startswith("single"))
        print(f"{name}: these words are a one-token entity {ent} times and unlabelled {o} "
              f"times ({o / max(1, o + ent):.0%} of those mentions)")


if __name__ == "__main__":
    main()
