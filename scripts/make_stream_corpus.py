"""Build an N-article JSONL corpus for streaming runs by sampling and perturbing the news corpus.

Run it once before a streaming or scale benchmark (benchmarks/, docs/scale.md) to make
its input corpus outside the repository.

Each output line is ``{"id": ..., "text": ...}``. Articles are sampled (with replacement) from
``/work/shared/data/news/indonesian-news-corpus-2015.jsonl`` and perturbed so that no two
lines are alike: paragraphs shuffled, sentences dropped or duplicated, HTML wrappers and
"Baca juga:" lines injected. A small share of lines are broken on purpose (invalid JSON, a
missing, null or non-string ``text``, a non-object line) to exercise error lines.

The corpus text may not be committed (its licence does not allow it), so the output must lie
outside the repository; the default is ``/tmp/bkkbn_stream_<N>.jsonl``::

    python scripts/make_stream_corpus.py                 # 100,000 articles
    python scripts/make_stream_corpus.py -n 20000 -o /tmp/stream20k.jsonl --seed 7
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO.parent / "shared" / "data" / "news" / "indonesian-news-corpus-2015.jsonl"

# Sentence ends, also where the corpus glued paragraphs together ("ponsel.Sebuah").
_SENTENCE_END = re.compile(r'(?<=[.!?])\s+|(?<=[a-z][.!?])(?=[A-Z"])|(?<=[.!?]")(?=[A-Z])')

_HTML_NOISE = (
    '<div class="ads"><script>var slot = "top";</script></div>',
    "<!-- iklan -->",
    '<figure><img src="foto.jpg" alt="ilustrasi"><figcaption>Ilustrasi</figcaption></figure>',
    "<p>&nbsp;</p>",
)

# What a broken line looks like: (kind, function of the article text and id -> line).
_BROKEN = (
    ("truncated JSON", lambda text, i: json.dumps({"id": i, "text": text})[: len(text) // 2]),
    ("no text field", lambda text, i: json.dumps({"id": i, "body": text}, ensure_ascii=False)),
    ("null text", lambda text, i: json.dumps({"id": i, "text": None})),
    ("number text", lambda text, i: json.dumps({"id": i, "text": 12345})),
    ("not an object", lambda text, i: json.dumps([i, text[:40]], ensure_ascii=False)),
    ("empty text", lambda text, i: json.dumps({"id": i, "text": ""})),
)


def sentences(text: str) -> list[str]:
    """Split an article body into sentences (also where the corpus glued them)."""
    return [s.strip() for s in _SENTENCE_END.split(text) if s and s.strip()]


def perturb(body: str, titles: list[str], rng: random.Random) -> str:
    """A perturbed copy of one article body: paragraphs, noise, related-article lines."""
    sents = sentences(body) or [body]
    if len(sents) > 3 and rng.random() < 0.4:
        del sents[rng.randrange(1, len(sents))]
    if rng.random() < 0.3:
        k = rng.randrange(len(sents))
        sents.insert(k + 1, sents[k])
    paragraphs: list[str] = []
    i = 0
    while i < len(sents):
        size = rng.randint(1, 4)
        paragraphs.append(" ".join(sents[i:i + size]))
        i += size
    if len(paragraphs) > 2 and rng.random() < 0.5:
        rest = paragraphs[1:]  # keep the lead (and its dateline) first
        rng.shuffle(rest)
        paragraphs = paragraphs[:1] + rest
    if rng.random() < 0.35:
        at = rng.randint(1, len(paragraphs))
        paragraphs.insert(at, f"Baca juga: {rng.choice(titles)}")
    if rng.random() < 0.2:
        noise = [rng.choice(_HTML_NOISE) for _ in range(rng.randint(1, 3))]
        html = "".join(f"<p>{p}</p>" for p in paragraphs)
        return f"<html><body>{noise[0]}{html}{''.join(noise[1:])}</body></html>"
    return "\n\n".join(paragraphs)


def main(argv: list[str] | None = None) -> int:
    """Write the corpus and print a one-line summary."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--articles", type=int, default=100_000)
    parser.add_argument("-o", "--output", type=Path, default=None,
                        help="output JSONL outside the repository "
                             "(default /tmp/bkkbn_stream_N.jsonl)")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--broken", type=float, default=0.002,
                        help="share of deliberately broken lines (default 0.002)")
    parser.add_argument("--seed", type=int, default=2015)
    args = parser.parse_args(argv)
    output = args.output or Path(f"/tmp/bkkbn_stream_{args.articles}.jsonl")
    if output.resolve().is_relative_to(REPO):
        parser.error(f"{output}: corpus text must not be written inside the repository")
    with open(args.corpus, encoding="utf-8") as fh:
        articles = [json.loads(line) for line in fh if line.strip()]
    titles = [a["judul"] for a in articles if a.get("judul")]
    rng = random.Random(args.seed)
    broken = 0
    with open(output, "w", encoding="utf-8") as out:
        for n in range(args.articles):
            source = rng.choice(articles)
            record_id = f"s{n:06d}-{source['id']}"
            text = perturb(source["isi"], titles, rng)
            if rng.random() < args.broken:
                _, make = rng.choice(_BROKEN)
                out.write(make(text, record_id) + "\n")
                broken += 1
            else:
                out.write(json.dumps({"id": record_id, "text": text}, ensure_ascii=False) + "\n")
    size = output.stat().st_size
    print(f"wrote {args.articles:,} lines ({broken:,} broken on purpose, {size / 1e6:.1f} MB) "
          f"to {output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
