"""Topic annotation of news from other outlets and years (IndoSum 2016-2018, CLICK-ID 2019).

Run ``select`` and ``export`` when a topic annotation round starts, ``check`` when the
annotators return their labels (issue 22).

The topic tagger was trained on one month of 2015 news; this script prepares a stratified
sample of the other news corpora in ``../shared/data/news/`` for labelling under
docs/annotation-guidelines.md §4:

``select`` draws articles (300+ characters, de-duplicated on their opening, never one
already drawn) so that every label of the taxonomy can reach enough examples: all articles
on population and family planning found by keyword, keyword-found articles on health,
environment and disasters, education, agriculture and food, regional government and
infrastructure (at least three keyword hits, so the subject is central, not passing), and a
random sample stratified by corpus, outlet and site category for everything else. The
selection reason is not written anywhere an annotator reads. The ids are shuffled with
``--seed`` and cut into ``--batches`` batches; the first ``--overlap`` ids of batch N+1 are
repeated at the end of batch N (batch 1's after the last batch), so that a share of the
articles is labelled twice.

``export`` writes, for the annotators, each batch's articles (title, outlet, date and the
text, cut at ``--max-chars``) under ``training/topics_annotation/`` (``batch_N_part_K.txt``,
``--part-size`` articles each; the corpus text is never committed).

``check`` validates returned label files (known ids, 1-3 labels of the taxonomy, no
duplicate label) and prints the agreement on the doubled articles.

Usage::

    python scripts/topic_annotate.py select
    python scripts/topic_annotate.py export
    python scripts/topic_annotate.py check
"""

from __future__ import annotations

import argparse
import collections
import json
import random
import re
import sys
from pathlib import Path

from _rounds import read_batches, write_batches  # scripts/ is on sys.path

ROOT = Path(__file__).resolve().parent.parent
NEWS = ROOT.parent / "shared" / "data" / "news"
CORPORA = ("indosum-2016-2018.jsonl", "clickid-2019.jsonl")
OUT = ROOT / "data" / "annotations" / "topics" / "news2016-2019"
WORK = ROOT / "training" / "topics_annotation"

#: keyword groups and how many articles to draw from each (at least MIN_HITS hits).
#: ``None`` takes every article with at least two hits (the rare label).
KEYWORDS: dict[str, tuple[str, int | None]] = {
    "population": (r"\bBKKBN\b|keluarga berencana|kontrasepsi|\bstunting\b|kependudukan|"
                   r"pernikahan dini|perkawinan anak|bonus demografi|sensus penduduk|\bKB\b", None),
    "health": (r"rumah sakit|puskesmas|BPJS Kesehatan|penyakit|vaksin|imunisasi|\bDBD\b|"
               r"\bgizi\b|dokter|pasien", 300),
    "environment": (r"banjir|gempa|longsor|kebakaran hutan|karhutla|sampah|pencemaran|"
                    r"\bBPBD\b|\bBNPB\b|tsunami|erupsi|kekeringan", 300),
    "education": (r"sekolah|siswa|\bguru\b|mahasiswa|universitas|pendidikan|kurikulum|"
                  r"beasiswa", 250),
    "agriculture": (r"petani|pertanian|panen|\bberas\b|Bulog|pupuk|nelayan|perikanan|"
                    r"peternak|sawit", 250),
    "regional": (r"\bbupati\b|wali ?kota|gubernur|pemkab|pemkot|pemprov|\bAPBD\b|"
                 r"Musrenbang|\bASN\b", 250),
    "infrastructure": (r"jalan tol|jembatan|bandara|pelabuhan|\bMRT\b|\bLRT\b|"
                       r"infrastruktur|bendungan", 150),
}
MIN_HITS = 3
POPULATION_CAP = 160


def read_articles() -> list[dict]:
    """Every article of the corpora, de-duplicated on the first 200 characters of text."""
    seen: set[str] = set()
    out = []
    for name in CORPORA:
        with open(NEWS / name, encoding="utf-8") as fh:
            for line in fh:
                rec = json.loads(line)
                text = rec.get("text") or ""
                key = re.sub(r"\W+", " ", text[:200]).strip().lower()
                if len(text) < 300 or key in seen:
                    continue
                seen.add(key)
                rec["corpus"] = name.split(".")[0]
                out.append(rec)
    return out


def select(args: argparse.Namespace) -> None:
    if (OUT / "batches").exists() and any((OUT / "batches").iterdir()):
        sys.exit(f"{OUT / 'batches'} already holds batches; this round is drawn once")
    rng = random.Random(args.seed)
    arts = read_articles()
    chosen: list[str] = []
    taken: set[str] = set()
    for group, (pattern, quota) in KEYWORDS.items():
        rx = re.compile(pattern, re.I)
        need = 2 if quota is None else MIN_HITS
        hits = [a for a in arts if a["id"] not in taken
                and len(rx.findall((a.get("title") or "") + " " + a["text"])) >= need]
        rng.shuffle(hits)
        take = hits[: (POPULATION_CAP if quota is None else quota)]
        chosen += [a["id"] for a in take]
        taken.update(a["id"] for a in take)
        print(f"{group:15} {len(take):4} of {len(hits)} candidates")
    rest = args.total - len(chosen)
    strata: dict[tuple, list[dict]] = collections.defaultdict(list)
    for a in arts:
        if a["id"] not in taken:
            strata[a["corpus"], a.get("source"), (a.get("category") or "").lower()].append(a)
    pool_size = sum(len(v) for v in strata.values())
    for key in sorted(strata, key=str):
        items = strata[key]
        rng.shuffle(items)
        k = max(1, round(rest * len(items) / pool_size)) if len(items) >= 3 else 0
        chosen += [a["id"] for a in items[:k]]
    chosen = chosen[: args.total]
    print(f"stratified     {len(chosen) - len(taken):4}; total {len(chosen)}")
    rng.shuffle(chosen)
    write_batches(chosen, OUT / "batches", args.batches, args.overlap)


def batch_ids() -> dict[int, list[str]]:
    return read_batches(OUT / "batches")


def export(args: argparse.Namespace) -> None:
    arts = {a["id"]: a for a in read_articles()}
    WORK.mkdir(parents=True, exist_ok=True)
    for n, ids in batch_ids().items():
        for p in range(0, len(ids), args.part_size):
            part = WORK / f"batch_{n}_part_{p // args.part_size + 1}.txt"
            with open(part, "w", encoding="utf-8") as fh:
                for i in ids[p:p + args.part_size]:
                    fh.write(_article_block(arts[i], args.max_chars))
        print(f"batch {n}: {len(ids)} articles in {WORK}")


def _article_block(a: dict, max_chars: int) -> str:
    text = a["text"]
    if len(text) > max_chars:
        text = text[:max_chars].rsplit(" ", 1)[0] + " [...]"
    return (f"### {a['id']}\ntitle: {a.get('title') or '(none)'}\n"
            f"outlet: {a.get('source')}, {a.get('date')}\n\n{text}\n\n")


def check(args: argparse.Namespace) -> None:
    sys.path.insert(0, str(ROOT))
    from bkkbn_nlp.labels import TOPIC_LABELS

    labels: dict[str, list[list[str]]] = collections.defaultdict(list)
    ok = True
    for n, ids in batch_ids().items():
        path = OUT / f"labels_batch_{n}.jsonl"
        if not path.is_file():
            print(f"{path.name}: missing")
            continue
        got = {}
        for k, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            rec = json.loads(line)
            topics = rec.get("topics")
            if (rec.get("id") not in ids or not isinstance(topics, list)
                    or not 1 <= len(topics) <= 3 or len(set(topics)) != len(topics)
                    or any(t not in TOPIC_LABELS for t in topics)):
                print(f"{path.name}:{k}: bad record {line[:120]}")
                ok = False
                continue
            got[rec["id"]] = topics
        missing = [i for i in ids if i not in got]
        print(f"{path.name}: {len(got)} labelled, {len(missing)} missing")
        for i, t in got.items():
            labels[i].append(t)
    doubles = [v for v in labels.values() if len(v) > 1]
    if doubles:
        exact = sum(set(a) == set(b) for a, b, *_ in doubles) / len(doubles)
        first = sum(a[0] == b[0] for a, b, *_ in doubles) / len(doubles)
        tp = sum(len(set(a) & set(b)) for a, b, *_ in doubles)
        n_all = sum(len(a) + len(b) for a, b, *_ in doubles)
        print(f"doubled {len(doubles)}: exact set {exact:.3f}, first label {first:.3f}, "
              f"micro-F1 {2 * tp / n_all:.3f}")
    counts = collections.Counter(t for v in labels.values() for t in v[0])
    print("labels:", dict(counts.most_common()))
    sys.exit(0 if ok else 1)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("select")
    s.add_argument("--seed", type=int, default=2031)
    s.add_argument("--total", type=int, default=2520)
    s.add_argument("--batches", type=int, default=6)
    s.add_argument("--overlap", type=int, default=42)
    s.set_defaults(func=select)
    e = sub.add_parser("export")
    e.add_argument("--max-chars", type=int, default=1600)
    e.add_argument("--part-size", type=int, default=80)
    e.set_defaults(func=export)
    c = sub.add_parser("check")
    c.set_defaults(func=check)
    args = ap.parse_args()
    args.func(args)


if __name__ == "__main__":
    main()
