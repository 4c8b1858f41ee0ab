"""Entity annotation of single sentences from beyond the 2015 corpus, as NER training and
dev data (issue 21).

Run ``select`` and ``export`` when a sentence annotation round starts, ``import`` when the
annotators return their files.

The CRF was trained on idner-news-2k, NERGrit and 2015 news; it fails on companies, brands,
clubs and foreign names of other outlets and years. This round labels sentences from three
sources, under docs/annotation-guidelines.md §2:

* the **kumparan** POS corpus (``../shared/data/pos/kumparan-nlp-id``, MIT: its sentences,
  tokenised as published, may be committed with their labels);
* **CLICK-ID 2019** (Okezone, Tempo, Sindonews, Kompas, Tribun, …; only articles without
  ``link_gaps``, since its scraper dropped hyperlinked names elsewhere) and **IndoSum
  2016-2018** (CNN Indonesia, Kumparan, dailysocial, Antara, …): their text is not
  committed, only the article id, the sentence's offsets into ``bkkbn_nlp.clean(text).text``
  and the labels.

``select`` draws sentences of 8-60 words with at least one capitalised word after the first,
two thirds of them with a word of the business, technology, sport, entertainment or
international desks (companies, brands, clubs and foreign names are what fails), a third at
random; at most two sentences per article. The ids are shuffled with ``--seed`` and cut
into ``--batches`` batches; the first ``--overlap`` ids of batch N+1 (of batch 1 for the
last) are repeated at the end of batch N, for agreement.

``export`` writes each batch for the annotators under ``training/ner_sentences/`` in the
inline format (``### id`` then the sentence; annotators add ``{PER ...}`` marks).

``import`` checks every returned sentence (the text without the marks must be the exported
sentence, character for character) and writes
``data/annotations/entities/sentences/sentences_batch_N.jsonl``: ``{"id", "source",
"text" (kumparan only), "text_sha1", "entities": [{"start", "end", "label", "text"}],
"annotator"}``; it prints the entity agreement on the doubled sentences.

Usage::

    python scripts/ner_sentences_annotate.py select
    python scripts/ner_sentences_annotate.py export
    python scripts/ner_sentences_annotate.py import training/ner_sentences/batch_*.annotated.txt
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sys
from collections import Counter
from pathlib import Path

from _rounds import read_batches, write_batches  # scripts/ is on sys.path

from bkkbn_nlp.entities import sentences as _sentences

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
KUMPARAN = DATA / "pos" / "kumparan-nlp-id" / "dataset_postag.txt"
NEWS = {"clickid": DATA / "news" / "clickid-2019.jsonl",
        "indosum": DATA / "news" / "indosum-2016-2018.jsonl"}
OUT = ROOT / "data" / "annotations" / "entities" / "sentences"
WORK = ROOT / "training" / "ner_sentences"
#: sentences per source
QUOTA = {"kumparan": 3000, "clickid": 2000, "indosum": 1000}
#: words of the desks where the NER is weakest (a sentence with one is favoured)
DESK_WORDS = _sentences.DESK_WORDS
_CAP = re.compile(r"^[A-Z]")


def _eligible(words: list[str]) -> bool:
    return 8 <= len(words) <= 60 and any(_CAP.match(w) for w in words[1:])


def kumparan_sentences() -> list[str]:
    """The kumparan corpus sentences, their tokens joined by single spaces."""
    return _sentences.kumparan_texts(KUMPARAN)


def news_sentences(name: str, rng: random.Random, limit: int) -> dict[str, str]:
    """``{"<article id>:<start>-<end>": sentence}``: up to two eligible sentences of each of
    ``limit`` random articles of corpus ``name`` (offsets into the cleaned text)."""
    import bkkbn_nlp

    nlp = bkkbn_nlp.load(exclude=["bkkbn_crf_ner", "bkkbn_entity_rules", "bkkbn_quotes",
                                  "bkkbn_topics"])
    with open(NEWS[name], encoding="utf-8") as fh:
        arts = [a for a in map(json.loads, fh) if a.get("text") and not a.get("link_gaps")]
    rng.shuffle(arts)
    out: dict[str, str] = {}
    for art in arts[:limit]:
        text = bkkbn_nlp.clean(art["text"]).text
        sents = [s for s in nlp(text).sents if _eligible(s.text.split())]
        for s in rng.sample(sents, min(2, len(sents))):
            body = s.text.strip()
            if "\n" in body:  # a sentence over a paragraph break: not one line to mark
                continue
            start = s.start_char + len(s.text) - len(s.text.lstrip())
            out[f"{art['id']}:{start}-{start + len(body)}"] = body
    return out


def _taken() -> set[str]:
    return {i for p in (OUT / "batches").glob("batch_*.txt")
            for i in p.read_text(encoding="utf-8").split()}


def _pick(pool: dict[str, str], n: int, rng: random.Random) -> list[str]:
    """Two thirds with a desk word, a third from the rest (fewer when a part runs short)."""
    keys = sorted(pool)
    rng.shuffle(keys)
    desk = [k for k in keys if DESK_WORDS.search(pool[k])]
    other = [k for k in keys if not DESK_WORDS.search(pool[k])]
    take = desk[: 2 * n // 3]
    return take + other[: n - len(take)]


def select(args: argparse.Namespace) -> None:
    if _taken():
        sys.exit(f"{OUT / 'batches'} already holds batches; this round is drawn once")
    rng = random.Random(args.seed)
    texts = kumparan_sentences()
    kum = {f"kumparan:{i}": s for i, s in enumerate(texts) if _eligible(s.split())}
    chosen = _pick(kum, QUOTA["kumparan"], rng)
    for name in ("clickid", "indosum"):
        pool = news_sentences(name, rng, limit=QUOTA[name] * 2)
        chosen += _pick(pool, QUOTA[name], rng)
    print(Counter(k.split(":")[0].split("-")[0] for k in chosen))
    rng.shuffle(chosen)
    write_batches(chosen, OUT / "batches", args.batches, args.overlap)


def sentence_texts(ids: set[str]) -> dict[str, str]:
    """The text of each sentence id (kumparan from the corpus, news from the cleaned
    article text and the id's offsets: :func:`bkkbn_nlp.entities.sentences.sentence_texts`)."""
    return {i: text for i, (text, _) in _sentences.sentence_texts(ids, DATA).items()}


def _batches() -> dict[int, list[str]]:
    return read_batches(OUT / "batches")


def export(args: argparse.Namespace) -> None:
    batches = _batches()
    texts = sentence_texts({i for ids in batches.values() for i in ids})
    WORK.mkdir(parents=True, exist_ok=True)
    for n, ids in batches.items():
        path = WORK / f"batch_{n}.txt"
        path.write_text("".join(f"### {i}\n{texts[i]}\n\n" for i in ids), encoding="utf-8")
        print(f"{path}: {len(ids)} sentences")


def import_(args: argparse.Namespace) -> None:
    sys.path.insert(0, str(ROOT))
    from bkkbn_nlp.evaluation import prf
    from bkkbn_nlp.io.convert import inline_sections, parse_inline

    batches = _batches()
    texts = sentence_texts({i for ids in batches.values() for i in ids})
    seen: dict[str, set[tuple[int, int, str]]] = {}
    tp = n_first = n_second = 0
    bad = 0
    for path in args.files:
        n = int(re.findall(r"batch_(\d+)", path.name)[0])
        records = []
        for sid, line, marked in inline_sections(path.read_text(encoding="utf-8")):
            if sid not in batches[n]:
                print(f"{path.name}:{line}: id {sid!r} is not in batch {n}")
                bad += 1
                continue
            try:
                plain, spans = parse_inline(marked)
            except ValueError as err:
                print(f"{path.name}:{line}: {err}")
                bad += 1
                continue
            if plain != texts[sid]:
                print(f"{path.name}:{line}: the text differs from the exported sentence")
                bad += 1
                continue
            source = sid.split(":")[0] if sid.startswith("kumparan:") else sid.split("-")[0]
            rec = {"id": sid, "source": source}
            if source == "kumparan":
                rec["text"] = plain
            rec |= {"text_sha1": hashlib.sha1(plain.encode()).hexdigest(),
                    "entities": [{"start": s, "end": e, "label": lab, "text": plain[s:e]}
                                 for s, e, lab in spans],
                    "annotator": f"annotator-s{n}"}
            records.append(rec)
            if sid in seen:
                a, b = seen[sid], set(spans)
                tp += len(a & b)
                n_first += len(a)
                n_second += len(b)
            else:
                seen[sid] = set(spans)
        missing = set(batches[n]) - {r["id"] for r in records}
        OUT.mkdir(parents=True, exist_ok=True)
        with open(OUT / f"sentences_batch_{n}.jsonl", "w", encoding="utf-8") as fh:
            for rec in records:
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
        print(f"batch {n}: {len(records)} sentences, "
              f"{sum(len(r['entities']) for r in records)} entities, {len(missing)} missing")
    if n_first:
        m = prf(tp, n_second - tp, n_first - tp)
        print(f"agreement on doubled sentences: entity F1 {m['f1']:.3f} "
              f"(P {m['precision']:.3f} R {m['recall']:.3f}; {n_first} and {n_second} entities)")
    sys.exit(1 if bad else 0)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("select")
    s.add_argument("--seed", type=int, default=2032)
    s.add_argument("--batches", type=int, default=5)
    s.add_argument("--overlap", type=int, default=120)
    s.set_defaults(func=select)
    sub.add_parser("export").set_defaults(func=export)
    i = sub.add_parser("import")
    i.add_argument("files", nargs="+", type=Path)
    i.set_defaults(func=import_)
    args = ap.parse_args()
    args.func(args)


if __name__ == "__main__":
    main()
