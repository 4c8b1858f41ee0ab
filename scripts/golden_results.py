"""Regression digests of the bundled pipeline's JSON results (run before and after a change
that must not change behaviour: a refactor, a speed-up).

``write`` analyses the gold fixture and a fixed sample of corpus articles (the first N of each
news corpus in ``../shared/data/news/``) and writes one ``id<TAB>sha256`` line per article to
``tests/golden/results.sha256``; ``check`` recomputes them and lists every article whose JSON
result differs. Only digests are committed: the corpus text may not be (its licence).
Run it when a change is meant to keep results byte-identical, and ``write`` again (committed
with the change) when a change is meant to move them, such as a retrained model::

    python scripts/golden_results.py check
    python scripts/golden_results.py write --per-corpus 100
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Iterator
from itertools import islice
from pathlib import Path

import bkkbn_nlp

ROOT = Path(__file__).resolve().parent.parent
NEWS = ROOT.parent / "shared" / "data" / "news"
FIXTURE = ROOT / "tests" / "fixtures" / "antara_bkkbn_sultra_2019.txt"
DIGESTS = ROOT / "tests" / "golden" / "results.sha256"
#: (file, text field) of each corpus, in the order they are sampled.
CORPORA = (
    ("indonesian-news-corpus-2015.jsonl", "isi"),
    ("indosum-2016-2018.jsonl", "text"),
    ("clickid-2019.jsonl", "text"),
)


def sample(news: Path, per_corpus: int) -> Iterator[tuple[str, str]]:
    """``(id, text)`` of the fixture and of the first ``per_corpus`` articles of each corpus."""
    yield "fixture", FIXTURE.read_text(encoding="utf-8")
    if per_corpus <= 0:  # the fixture alone: no corpus needed
        return
    for name, field in CORPORA:
        with (news / name).open(encoding="utf-8") as lines:
            for line in islice(lines, per_corpus):
                record = json.loads(line)
                yield f"{name.split('-')[0]}:{record['id']}", record[field]


def digests(news: Path, per_corpus: int) -> dict[str, str]:
    """The sha256 of each sampled article's JSON result, by id."""
    items = list(sample(news, per_corpus))
    results = bkkbn_nlp.analyze_many([text for _, text in items], batch_size=16)
    return {key: hashlib.sha256(result.to_json().encode("utf-8")).hexdigest()
            for (key, _), result in zip(items, results, strict=True)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("action", choices=("write", "check"))
    parser.add_argument("--per-corpus", type=int, default=100)
    parser.add_argument("--news", type=Path, default=NEWS)
    parser.add_argument("--digests", type=Path, default=DIGESTS)
    args = parser.parse_args(argv)
    if args.action == "write":
        found = digests(args.news, args.per_corpus)
        args.digests.write_text("".join(f"{k}\t{v}\n" for k, v in found.items()), encoding="utf-8")
        print(f"wrote {len(found)} digests to {args.digests}")
        return 0
    expected = dict(line.split("\t") for line in args.digests.read_text("utf-8").splitlines())
    per_corpus = (len(expected) - 1) // len(CORPORA)
    found = digests(args.news, per_corpus)
    changed = sorted(k for k in expected.keys() | found.keys() if expected.get(k) != found.get(k))
    for key in changed:
        print(f"changed: {key}")
    print(f"{len(found) - len(changed)}/{len(expected)} results identical")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main())
