"""Entity annotation of news articles from every desk, as NER training data.

Run ``select`` and ``export`` when a new annotation round of news articles starts, and
``import`` when the annotators return them.

idner-news-2k and NERGrit hold almost no business, sport, technology or lifestyle news, and
the NER is weakest there (companies, clubs, brands: ORG F1 about 0.6 on the annotated news
2015 articles). This script prepares training annotations for those desks from the 2015
news corpus, in three steps:

``select`` draws articles by desk (400-2,500 characters; never an article of the entity
evaluation batches or the quote batches, ``data/annotations/{entities,quotes}/batches``,
nor one of the earlier training batches) and writes the id lists
``data/annotations/entities/train/batches/batch_N.txt`` after the existing ones; the first
``--overlap`` ids of batch N+1 are repeated at the end of batch N, for agreement.

``export`` writes, for annotators, each batch's cleaned articles (``bkkbn_nlp.clean``) in an
inline format, under ``training/news_ner/`` (the corpus text is never committed)::

    ### 1234
    {PER Joko Widodo} membuka pameran di {LOC Jakarta} ...

The same steps with ``--out data/annotations/entities`` (and ``import --prefix
entities_batch``) add evaluation batches after the existing ones.

``import`` checks every returned article (the text without the braces must be the cleaned
article, character for character; labels PER/ORG/LOC; balanced braces) and writes
``data/annotations/entities/train/entities_train_N.jsonl`` in the format of the evaluation
batches (offsets into the cleaned text, ``raw_start``/``raw_end`` into the corpus text), read
by ``scripts/train_crf_ner.py --news-train``. Where two annotators did the same article the
first batch's version is kept and entity agreement is printed.

Usage::

    python scripts/news_ner_annotate.py select
    python scripts/news_ner_annotate.py export
    python scripts/news_ner_annotate.py import training/news_ner/batch_*.annotated.txt
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sys
from pathlib import Path

import bkkbn_nlp
from bkkbn_nlp.entities.gazetteer import currencies
from bkkbn_nlp.evaluation import prf
from bkkbn_nlp.io.convert import inline_sections, parse_inline

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "data" / "news" / "indonesian-news-corpus-2015.jsonl"
ANNOTATIONS = ROOT / "data" / "annotations"
OUT = ANNOTATIONS / "entities" / "train"
WORK = ROOT / "training" / "news_ner"
#: articles per desk; the small desks are taken at about a third of what the corpus has
DESKS = {"Nasional": 16, "Bola": 18, "Bisnis Ekonomi": 18, "Teknologi": 10,
         "Olahraga": 10, "Otomotif": 10, "Lifestyle": 8, "Travel": 6}
_LAST_WORD = re.compile(r"(\w+)\s+$")


def read_corpus(path: Path = CORPUS) -> dict[str, dict]:
    """The corpus articles by id (as strings)."""
    with open(path, encoding="utf-8") as fh:
        return {str(a["id"]): a for a in map(json.loads, fh)}


def _taken() -> set[str]:
    """Ids of the articles already in a batch: entity and quote evaluation batches and the
    entity training batches."""
    ids: set[str] = set()
    for folder in ("entities/batches", "quotes/batches", "entities/train/batches"):
        for path in sorted((ANNOTATIONS / folder).glob("batch_*.txt")):
            ids |= {x.strip() for x in path.read_text(encoding="utf-8").split() if x.strip()}
    return ids


def select(corpus: dict[str, dict], batches: int, overlap: int, seed: int,
           desks: dict[str, int] | None = None, exclude: set[str] | None = None
           ) -> list[list[str]]:
    """Articles by desk (``desks``: counts per site category), never one of the evaluation
    batches or of ``exclude``, shuffled and cut into ``batches`` (each with the next one's
    first ``overlap`` ids repeated at its end)."""
    rng = random.Random(seed)
    taken = _taken() | (exclude or set())
    chosen: list[str] = []
    for desk, n in (desks or DESKS).items():
        pool = sorted((i for i, a in corpus.items()
                       if a["kategori"] == desk and i not in taken
                       and 400 <= len(a["isi"]) <= 2500), key=int)
        chosen += rng.sample(pool, n)
    rng.shuffle(chosen)
    size = -(-len(chosen) // batches)
    parts = [chosen[k * size:(k + 1) * size] for k in range(batches)]
    return [part + (parts[k + 1][:overlap] if k + 1 < len(parts) else [])
            for k, part in enumerate(parts)]


def _batch_number(path: Path) -> int:
    return int(re.findall(r"\d+", path.name)[0])


def currency_places(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The LOC spans right after a currency word ("dolar AS"): a currency name, not a place
    (guideline 2.4); ``import`` drops them."""
    words = currencies()
    out = []
    for a, b, label in spans:
        m = _LAST_WORD.search(text, max(0, a - 40), a) if label == "LOC" else None
        if m and m.group(1).lower() in words:
            out.append((a, b, label))
    return out


def cmd_select(args: argparse.Namespace) -> None:
    folder = args.out / "batches"
    existing = sorted(folder.glob("batch_*.txt"), key=_batch_number)
    done = {i for path in existing for i in path.read_text(encoding="utf-8").split()}
    desks = dict(DESKS)
    for spec in args.desk:
        name, _, n = spec.rpartition("=")
        desks[name] = int(n)
    parts = select(read_corpus(args.corpus), args.batches, args.overlap, args.seed,
                   {k: v for k, v in desks.items() if v}, done)
    folder.mkdir(parents=True, exist_ok=True)
    first = _batch_number(existing[-1]) + 1 if existing else 1
    for k, ids in enumerate(parts, first):
        (folder / f"batch_{k}.txt").write_text("\n".join(ids) + "\n", encoding="utf-8")
    print(f"{sum(map(len, parts))} ids in batches {first}-{first + len(parts) - 1} "
          f"under {folder}")


def cmd_export(args: argparse.Namespace) -> None:
    corpus = read_corpus(args.corpus)
    args.work.mkdir(parents=True, exist_ok=True)
    for path in sorted((args.out / "batches").glob("batch_*.txt"), key=_batch_number):
        if args.batch and _batch_number(path) not in args.batch:
            continue
        chunks = []
        for i in path.read_text(encoding="utf-8").split():
            text = bkkbn_nlp.clean(corpus[i]["isi"]).text
            if "{" in text or "}" in text:
                sys.exit(f"article {i} contains a brace; the inline format cannot hold it")
            chunks.append(f"### {i}\n{text}\n")
        (args.work / path.name).write_text("\n".join(chunks), encoding="utf-8")
    print(f"wrote the batches to {args.work}")


def cmd_import(args: argparse.Namespace) -> None:
    corpus = read_corpus(args.corpus)
    seen: dict[str, tuple[str, set[tuple[int, int, str]]]] = {}
    agree = [0, 0, 0]  # matched, first, second
    failed = dropped = 0
    for path in sorted(args.files, key=_batch_number):
        batch = _batch_number(path)
        annotator = f"annotator-{'n' if args.prefix == 'entities_train' else 'e'}{batch}"
        records = []
        for i, _, marked in inline_sections(path.read_text(encoding="utf-8")):
            if i not in corpus:
                print(f"{path.name}: unknown article {i}", file=sys.stderr)
                failed += 1
                continue
            art = bkkbn_nlp.clean(corpus[i]["isi"])
            try:
                text, spans = parse_inline(marked)
            except ValueError as exc:
                print(f"{path.name}: article {i}: {exc}", file=sys.stderr)
                failed += 1
                continue
            if text != art.text:
                pairs = enumerate(zip(text, art.text, strict=False))
                k = next((n for n, (x, y) in pairs if x != y), min(len(text), len(art.text)))
                print(f"{path.name}: article {i}: text differs from the cleaned article at "
                      f"{k}: {text[max(0, k - 30):k + 30]!r} vs "
                      f"{art.text[max(0, k - 30):k + 30]!r}", file=sys.stderr)
                failed += 1
                continue
            money = currency_places(text, spans)
            if money:
                dropped += len(money)
                spans = [s for s in spans if s not in money]
            if i in seen:
                first = seen[i][1]
                agree[0] += len(first & set(spans))
                agree[1] += len(first)
                agree[2] += len(spans)
                continue
            seen[i] = (path.name, set(spans))
            entities = []
            for a, b, label in spans:
                ra, rb = art.to_raw(a, b)
                entities.append({"start": a, "end": b, "label": label, "text": text[a:b],
                                 "raw_start": ra, "raw_end": rb})
            records.append({"id": i, "text_sha1": hashlib.sha1(text.encode("utf-8")).hexdigest(),
                            "cleaner": f"bkkbn_nlp {bkkbn_nlp.__version__} clean()",
                            "entities": entities, "annotator": annotator})
        out = args.out / f"{args.prefix}_{batch}.jsonl"
        out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                       encoding="utf-8")
        print(f"{path.name}: {len(records)} articles, "
              f"{sum(len(r['entities']) for r in records)} entities -> {out.name}")
    if dropped:
        print(f"dropped {dropped} LOC span(s) right after a currency word (guideline 2.4)")
    if agree[1] or agree[2]:
        score = prf(agree[0], agree[2] - agree[0], agree[1] - agree[0])
        print(f"agreement on doubly annotated articles: entity F1 {score['f1']:.3f} "
              f"(first batch as reference: P {score['precision']:.3f}, "
              f"R {score['recall']:.3f})")
    if failed:
        sys.exit(f"{failed} article(s) rejected")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--out", type=Path, default=OUT,
                        help="the annotation folder (batches/ and entities_train_N.jsonl)")
    sub = parser.add_subparsers(dest="command", required=True)
    s = sub.add_parser("select", help="choose the articles and write the id batches")
    s.add_argument("--batches", type=int, default=8)
    s.add_argument("--overlap", type=int, default=3)
    s.add_argument("--seed", type=int, default=2027)
    s.add_argument("--desk", action="append", default=[], metavar="CATEGORY=N",
                   help="articles of a site category (default: the DESKS table); later "
                        "calls add batches after the existing ones, never repeating an article")
    e = sub.add_parser("export", help="write the batches' cleaned articles for annotation")
    e.add_argument("batch", nargs="*", type=int, help="batch numbers (default: all)")
    e.add_argument("--work", type=Path, default=WORK,
                   help="where to write the articles (never committed: corpus text)")
    i = sub.add_parser("import", help="check annotated batches and write the JSONL files")
    i.add_argument("files", nargs="+", type=Path)
    i.add_argument("--prefix", default="entities_train",
                   help="output file name prefix: entities_train (training batches) or "
                        "entities_batch (evaluation batches, with --out "
                        "data/annotations/entities)")
    args = parser.parse_args()
    {"select": cmd_select, "export": cmd_export, "import": cmd_import}[args.command](args)


if __name__ == "__main__":
    main()
