"""Train and evaluate a linear-chain CRF NER (sklearn-crfsuite) for comparison with the spaCy model.

Usage::

    python scripts/train_crf_ner.py [--data ../shared/data/ner] \\
        [--gazetteers ../shared/data/gazetteers/wilayah] \\
        [--output training/ner_crf/metrics.json] [--seed 0] [--max-iterations 120] \\
        [--c1 0.01 0.1 0.5] [--c2 0.01 0.05 0.2]

Relative default paths are resolved against the repository root.

Train: idner-news-2k train + NERGrit (IndoNLU) train, tags mapped to PER/ORG/LOC by
:func:`bkkbn_nlp.corpora.read_conll`. The L1/L2 coefficients (``c1``, ``c2``) are chosen by
a grid search on idner-news-2k dev (micro F1); the chosen model is scored on idner-news-2k
test and NERGrit test. All scores use the GOLD tokens of the corpora (exact span and label,
:func:`bkkbn_nlp.evaluation.score_spans`).

Features per token: lowercased word, prefixes and suffixes (2-4 characters), word shape,
title/upper/digit/punctuation flags, a length bucket, Indonesian affixes (meN-, di-, ber-,
ter-, -nya, -kan, -an), the lowercased words and shapes at offsets -2..+2, and gazetteer
flags (unigram, and bigram/trigram starting at the token) for region names (Kepmendagri
wilayah list + province short forms), agency names and acronyms (``agencies.jsonl``) and an
inline list of titles and roles. No person-name list is used.

No model is saved: only a metrics JSON is written to ``--output``.
"""

from __future__ import annotations

import argparse
import csv
import json
import platform
import random
import re
import string
import sys
import time
from collections.abc import Iterable, Sequence
from importlib.metadata import version
from pathlib import Path
from typing import Any

import sklearn_crfsuite

import bkkbn_nlp.lang
from bkkbn_nlp.corpora import TaggedSentence, read_conll
from bkkbn_nlp.evaluation import score_spans

ROOT = Path(__file__).resolve().parent.parent
LANG_DATA = Path(bkkbn_nlp.lang.__file__).resolve().parent / "data"
LABELS = ("PER", "ORG", "LOC")

DATASETS: dict[str, dict[str, str]] = {
    "idner-news-2k": {
        "licence": "MIT",
        "citation": "re-annotation of Syaifudin & Nurwidyantoro (2016)",
        "train": "train.txt", "dev": "dev.txt", "test": "test.txt",
    },
    "nergrit-indonlu": {
        "licence": "Apache-2.0",
        "citation": "NERGrit as redistributed by IndoNLU",
        "train": "train_preprocess.txt", "test": "test_preprocess.txt",
    },
}

# Titles, honorifics and roles that commonly precede (or are part of) a person mention.
TITLES: tuple[str, ...] = (
    "Presiden", "Wakil Presiden", "Wapres", "Menteri", "Menko", "Wamen", "Wakil Menteri",
    "Gubernur", "Wagub", "Wakil Gubernur", "Bupati", "Wabup", "Wakil Bupati", "Wali Kota",
    "Walikota", "Wakil Wali Kota", "Wawali", "Camat", "Lurah", "Kades", "Kepala Desa",
    "Kepala", "Kadis", "Kaban", "Plt", "Plh", "Pj", "Penjabat", "Kabid", "Kasi", "Kasubag",
    "Sekda", "Sekretaris", "Sekjen", "Ketua", "Wakil Ketua", "Anggota", "Direktur", "Dirut",
    "Direktur Utama", "Deputi", "Asisten", "Staf Ahli", "Kapolda", "Kapolri", "Kapolres",
    "Kapolsek", "Kapolresta", "Wakapolri", "Kapuspen", "Panglima", "Pangdam", "Danrem",
    "Dandim", "Jaksa", "Hakim", "Kajati", "Kajari", "Rektor", "Dekan", "Dosen", "Peneliti",
    "Pengamat", "Juru Bicara", "Jubir", "Komisioner", "Dr", "Dr.", "dr", "dr.", "Drs",
    "Drs.", "Dra", "Dra.", "H", "H.", "Hj", "Hj.", "Ir", "Ir.", "Prof", "Prof.", "KH", "KH.",
    "Kiai", "Ustaz", "Ustadz", "Pak", "Bu", "Bapak", "Ibu", "Sdr", "Saudara", "Tuan", "Nyonya",
    "Mbak", "Mas", "Bang", "Kak", "Jenderal", "Letjen", "Mayjen", "Brigjen", "Kolonel",
    "Irjen", "Kombes", "AKBP", "Kompol", "AKP", "Ipda", "Iptu", "Bripka", "Aiptu",
)

_TOKEN_RE = re.compile(r"\w+|[^\w\s]")
_PUNCT = frozenset(string.punctuation) | frozenset("“”‘’«»–—…")
_MEN_PREFIXES = ("meng", "meny", "mem", "men", "me")


# --------------------------------------------------------------------------- gazetteers

Gazetteer = dict[str, frozenset[tuple[str, ...]]]


def _variants(name: str) -> set[tuple[str, ...]]:
    """Token tuples of ``name``: split on whitespace, and on punctuation as well."""
    name = " ".join(name.split())
    out = {tuple(name.split()), tuple(_TOKEN_RE.findall(name))}
    return {v for v in out if v}


def _strip_region_prefix(name: str) -> str:
    name = " ".join(name.split())
    for prefix in ("Kabupaten ", "Kota "):
        if name.startswith(prefix):
            name = name[len(prefix):]
            break
    if name.startswith("Administrasi "):
        name = name[len("Administrasi "):]
    return name


def load_regions(wilayah: Path, short_forms: Path) -> set[str]:
    """Province, regency and city names (prefixes stripped) plus province short forms."""
    names: set[str] = set()
    for fname in ("provinsi_2025.csv", "kabupaten_kota_2025.csv"):
        with open(wilayah / fname, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                names.add(_strip_region_prefix(row["nama"]))
    with open(short_forms, encoding="utf-8") as fh:
        for line in fh:
            if line.strip() and not line.startswith("#"):
                short, _, official = line.rstrip("\r\n").partition("\t")
                names.update(n.strip() for n in (short, official) if n.strip())
    return names


def load_agencies(path: Path) -> set[str]:
    """Agency names and aliases (acronyms included)."""
    names: set[str] = set()
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                rec = json.loads(line)
                names.add(rec["name"])
                names.update(rec.get("aliases", []))
    return names


def build_gazetteer(names: Iterable[str]) -> tuple[frozenset[tuple[str, ...]],
                                                   frozenset[tuple[str, ...]]]:
    """Entries as token tuples: exact case, and lowercased."""
    exact: set[tuple[str, ...]] = set()
    for n in names:
        exact |= _variants(n)
    lower = {tuple(t.lower() for t in v) for v in exact}
    return frozenset(exact), frozenset(lower)


# --------------------------------------------------------------------------- features

def word_shape(word: str) -> str:
    """Collapsed character shape: ``Jakarta`` → ``Xx``, ``BKKBN`` → ``X``, ``2025`` → ``d``."""
    out: list[str] = []
    for ch in word:
        c = "X" if ch.isupper() else "x" if ch.islower() else "d" if ch.isdigit() else ch
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)[:8]


def shape_class(word: str) -> str:
    """Coarse class: Xxxx, XXXX, xxxx, dd, punct or mixed."""
    if word.isdigit():
        return "dd"
    if all(ch in _PUNCT for ch in word):
        return "punct"
    if word.isalpha():
        if word.isupper():
            return "XXXX" if len(word) > 1 else "X"
        if word.istitle():
            return "Xxxx"
        if word.islower():
            return "xxxx"
    return "mixed"


def length_bucket(word: str) -> str:
    n = len(word)
    return "1" if n == 1 else "2" if n == 2 else "3" if n == 3 else \
        "4-5" if n <= 5 else "6-8" if n <= 8 else "9+"


def affix_features(lw: str) -> list[str]:
    """Indonesian derivational affixes on the lowercased word (only for alphabetic words)."""
    if not lw.isalpha() or len(lw) < 5:
        return []
    out: list[str] = []
    if lw.startswith(_MEN_PREFIXES):
        out.append("meN")
    if lw.startswith("di"):
        out.append("di")
    if lw.startswith("ber"):
        out.append("ber")
    if lw.startswith("ter"):
        out.append("ter")
    if lw.endswith("nya"):
        out.append("nya")
    if lw.endswith("kan"):
        out.append("kan")
    elif lw.endswith("an"):
        out.append("an")
    return out


class Featurizer:
    """Token features for the CRF, with gazetteers of regions, agencies and titles."""

    def __init__(self, gazetteers: dict[str, Iterable[str]]) -> None:
        self.gaz = {name: build_gazetteer(entries) for name, entries in gazetteers.items()}
        self.max_len = 3

    def _gaz_flags(self, words: Sequence[str], lowered: Sequence[str]) -> list[dict[str, float]]:
        flags: list[dict[str, float]] = [{} for _ in words]
        n = len(words)
        for name, (exact, lower) in self.gaz.items():
            for i in range(n):
                for k, tag in ((1, "uni"), (2, "bi"), (3, "tri")):
                    if i + k > n:
                        break
                    if tuple(words[i:i + k]) in exact:
                        flags[i][f"gaz.{name}.{tag}"] = 1.0
                        # mark the continuation tokens of a multi-token match
                        for j in range(i + 1, i + k):
                            flags[j][f"gaz.{name}.in"] = 1.0
                    elif tuple(lowered[i:i + k]) in lower:
                        flags[i][f"gaz.{name}.{tag}.lc"] = 1.0
        return flags

    def sentence(self, words: Sequence[str]) -> list[dict[str, Any]]:
        lowered = [w.lower() for w in words]
        shapes = [word_shape(w) for w in words]
        gaz = self._gaz_flags(words, lowered)
        n = len(words)
        feats: list[dict[str, Any]] = []
        for i, w in enumerate(words):
            lw = lowered[i]
            f: dict[str, Any] = {
                "bias": 1.0,
                "w": lw,
                "shape": shapes[i],
                "cls": shape_class(w),
                "len": length_bucket(w),
            }
            for k in (2, 3, 4):
                if len(lw) > k:
                    f[f"pre{k}"] = lw[:k]
                    f[f"suf{k}"] = lw[-k:]
            if w.istitle():
                f["is_title"] = 1.0
            if w.isupper():
                f["is_upper"] = 1.0
            if w.isdigit():
                f["is_digit"] = 1.0
            if all(ch in _PUNCT for ch in w):
                f["is_punct"] = 1.0
            for a in affix_features(lw):
                f[f"affix.{a}"] = 1.0
            f.update(gaz[i])
            for off in (-2, -1, 1, 2):
                j = i + off
                if 0 <= j < n:
                    f[f"{off}:w"] = lowered[j]
                    f[f"{off}:shape"] = shapes[j]
                    if abs(off) == 1:
                        f[f"{off}:cls"] = shape_class(words[j])
                        for key in gaz[j]:
                            if not key.endswith(".in"):
                                f[f"{off}:{key}"] = 1.0
                else:
                    f[f"{off}:w"] = "<BOS>" if j < 0 else "<EOS>"
            feats.append(f)
        return feats


# --------------------------------------------------------------------------- scoring

def evaluate(crf: sklearn_crfsuite.CRF, featurizer: Featurizer,
             sents: Sequence[TaggedSentence]) -> tuple[dict[str, Any], float]:
    """Span scores (gold tokens) and tagging speed in tokens/s (featurization included)."""
    start = time.perf_counter()
    pred = crf.predict([featurizer.sentence(s.words) for s in sents])
    elapsed = time.perf_counter() - start
    gold_spans = [s.spans() for s in sents]
    pred_spans = [TaggedSentence(s.words, tuple(p)).spans() for s, p in zip(sents, pred,
                                                                            strict=True)]
    n_tokens = sum(len(s.words) for s in sents)
    return score_spans(gold_spans, pred_spans), n_tokens / elapsed if elapsed else 0.0


def _round(scores: dict[str, Any]) -> dict[str, Any]:
    def r(d: dict[str, float]) -> dict[str, float]:
        return {k: round(v, 4) if isinstance(v, float) else v for k, v in d.items()}
    return {"micro": r(scores["micro"]),
            "per_label": {k: r(v) for k, v in scores["per_label"].items()}}


def format_table(results: dict[str, dict[str, Any]]) -> str:
    header = f"{'test set':<18}{'P':>7}{'R':>7}{'F1':>7}" + "".join(
        f"{'F1 ' + lab:>9}" for lab in LABELS)
    lines = [header, "-" * len(header)]
    for name, sc in results.items():
        m = sc["micro"]
        per = "".join(f"{sc['per_label'].get(lab, {'f1': 0.0})['f1'] * 100:>9.2f}"
                      for lab in LABELS)
        lines.append(f"{name:<18}{m['precision'] * 100:>7.2f}{m['recall'] * 100:>7.2f}"
                     f"{m['f1'] * 100:>7.2f}{per}")
    return "\n".join(lines)


# --------------------------------------------------------------------------- main

def _resolve(p: Path) -> Path:
    return p if p.is_absolute() else ROOT / p


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data/ner"),
                        help="folder with idner-news-2k/ and nergrit-indonlu/")
    parser.add_argument("--gazetteers", type=Path,
                        default=Path("../shared/data/gazetteers/wilayah"),
                        help="folder with provinsi_2025.csv and kabupaten_kota_2025.csv")
    parser.add_argument("--output", type=Path,
                        default=Path("training/ner_crf/metrics.json"))
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--max-iterations", type=int, default=120)
    parser.add_argument("--c1", type=float, nargs="+", default=[0.01, 0.1, 0.5])
    parser.add_argument("--c2", type=float, nargs="+", default=[0.01, 0.05, 0.2])
    args = parser.parse_args()

    random.seed(args.seed)
    data, wilayah, output = _resolve(args.data), _resolve(args.gazetteers), _resolve(args.output)

    train_sents: list[TaggedSentence] = []
    for name in ("idner-news-2k", "nergrit-indonlu"):
        train_sents += list(read_conll(data / name / DATASETS[name]["train"]))
    random.Random(args.seed).shuffle(train_sents)
    dev_sents = list(read_conll(data / "idner-news-2k" / DATASETS["idner-news-2k"]["dev"]))
    test_sets = {name: list(read_conll(data / name / DATASETS[name]["test"]))
                 for name in ("idner-news-2k", "nergrit-indonlu")}
    print(f"train: {len(train_sents)} sentences, "
          f"{sum(len(s.words) for s in train_sents)} tokens; dev: {len(dev_sents)} sentences")

    regions = load_regions(wilayah, LANG_DATA / "province_short_forms.tsv")
    agencies = load_agencies(LANG_DATA / "agencies.jsonl")
    featurizer = Featurizer({"region": regions, "agency": agencies, "title": TITLES})
    print(f"gazetteers: {len(regions)} region names, {len(agencies)} agency names/aliases, "
          f"{len(TITLES)} titles/roles")

    x_train = [featurizer.sentence(s.words) for s in train_sents]
    y_train = [list(s.tags) for s in train_sents]

    grid: list[dict[str, Any]] = []
    best: tuple[float, sklearn_crfsuite.CRF | None, dict[str, Any]] = (-1.0, None, {})
    print(f"\ndev grid (idner-news-2k dev, gold tokens, micro F1; "
          f"max_iterations={args.max_iterations})")
    for c1 in args.c1:
        for c2 in args.c2:
            crf = sklearn_crfsuite.CRF(algorithm="lbfgs", c1=c1, c2=c2,
                                       max_iterations=args.max_iterations,
                                       all_possible_transitions=True)
            t0 = time.perf_counter()
            crf.fit(x_train, y_train)
            train_seconds = time.perf_counter() - t0
            scores, _ = evaluate(crf, featurizer, dev_sents)
            m = scores["micro"]
            row = {"c1": c1, "c2": c2, "precision": round(m["precision"], 4),
                   "recall": round(m["recall"], 4), "f1": round(m["f1"], 4),
                   "train_seconds": round(train_seconds, 1)}
            grid.append(row)
            print(f"  c1={c1:<6g} c2={c2:<6g} P={m['precision'] * 100:6.2f} "
                  f"R={m['recall'] * 100:6.2f} F1={m['f1'] * 100:6.2f}  "
                  f"({train_seconds:.1f}s)", flush=True)
            if m["f1"] > best[0]:
                best = (m["f1"], crf, row)
    _, model, chosen = best
    assert model is not None
    print(f"\nchosen: c1={chosen['c1']:g} c2={chosen['c2']:g} "
          f"(dev F1 {chosen['f1'] * 100:.2f})")

    test_scores: dict[str, dict[str, Any]] = {}
    speed = 0.0
    for name, sents in test_sets.items():
        scores, tok_per_s = evaluate(model, featurizer, sents)
        test_scores[name] = scores
        if name == "idner-news-2k":
            speed = tok_per_s
    print("\ntest scores (GOLD tokens; exact span + label; %)")
    print(format_table(test_scores))
    print(f"\ntraining time (chosen model): {chosen['train_seconds']:.1f}s; "
          f"tagging speed on idner-news-2k test: {speed:,.0f} tokens/s "
          f"(featurization included, one process)")

    metrics = {
        "model": "linear-chain CRF (sklearn-crfsuite, L-BFGS)",
        "versions": {"python": platform.python_version(),
                     "sklearn-crfsuite": version("sklearn-crfsuite"),
                     "python-crfsuite": version("python-crfsuite")},
        "seed": args.seed,
        "tokens": "gold tokens of the corpora (not the bkkbn_nlp tokenizer)",
        "scoring": "exact span and label (bkkbn_nlp.evaluation.score_spans)",
        "datasets": {
            "train": [{"name": n, "file": DATASETS[n]["train"], "licence": DATASETS[n]["licence"],
                       "citation": DATASETS[n]["citation"]} for n in DATASETS],
            "dev": {"name": "idner-news-2k", "file": "dev.txt", "licence": "MIT"},
            "test": [{"name": n, "file": DATASETS[n]["test"], "licence": DATASETS[n]["licence"]}
                     for n in DATASETS],
            "n_train_sentences": len(train_sents),
        },
        "gazetteers": {
            "region": {"sources": ["wilayah provinsi_2025.csv, kabupaten_kota_2025.csv "
                                   "(cahyadsn/wilayah, MIT)",
                                   "bkkbn_nlp/lang/data/province_short_forms.tsv (MIT)"],
                       "entries": len(regions)},
            "agency": {"sources": ["bkkbn_nlp/lang/data/agencies.jsonl (MIT)"],
                       "entries": len(agencies)},
            "title": {"sources": ["inline list in scripts/train_crf_ner.py"],
                      "entries": len(TITLES)},
            "person_names": "none used",
        },
        "max_iterations": args.max_iterations,
        "all_possible_transitions": True,
        "dev_grid": grid,
        "chosen": {"c1": chosen["c1"], "c2": chosen["c2"], "dev_f1": chosen["f1"]},
        "test": {name: _round(sc) for name, sc in test_scores.items()},
        "train_seconds": chosen["train_seconds"],
        "grid_train_seconds_total": round(sum(r["train_seconds"] for r in grid), 1),
        "tagging_tokens_per_second_idner_test": round(speed),
        "command": " ".join(sys.argv),
    }
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(metrics, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"metrics written to {output}")


if __name__ == "__main__":
    main()
