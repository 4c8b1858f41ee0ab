"""Hand review of the idner-news-2k training and dev labels.

Run ``export`` when a new review round of the idner labels starts, and ``import`` when
the annotators return their batches (then retrain the CRF with ``--corrections``).

The train and dev splits of idner-news-2k leave many entity mentions unlabelled: a word that
is a one-token entity elsewhere is ``O`` in 20 % (train) and 28 % (dev) of its mentions
(``scripts/ner_label_consistency.py``), most of them country and city names. Our annotators
review those splits sentence by sentence (docs/annotation-guidelines.md §6) and this script
moves the sentences between the CoNLL files and the review batches.

``export`` writes batches of sentences in an inline format, one sentence per line::

    17<TAB>Saya menganjurkan {PER Prabowo Subianto} - {PER Hatta Rajasa} mengeluarkan ...

Tokens are separated by single spaces; an entity is ``{LABEL token token}``. Annotators
return the same lines with the braces corrected. ``import`` checks every returned line
against the corpus (same sentence id, same tokens, known labels, balanced braces) and
writes the corrections file read by ``scripts/train_crf_ner.py --corrections`` and
``scripts/evaluate_ner.py``: one JSON object per changed sentence with ``split``,
``index`` (0-based position in the CoNLL file), ``words`` and the corrected ``tags``.
Where two annotators reviewed the same sentence (the overlap between consecutive
batches), the first batch's version is kept and agreement is reported.

Usage::

    python scripts/idner_review.py export --split train --batches 5 --overlap 20
    python scripts/idner_review.py import data/annotations/idner/batches/*.reviewed.txt
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from bkkbn_nlp.entities.corpora import TaggedSentence, read_conll
from bkkbn_nlp.evaluation import prf

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "ner" / "idner-news-2k"
OUT = ROOT / "data" / "annotations" / "idner"
LABELS = ("PER", "ORG", "LOC")
REVIEWED_SPLITS = ("train", "dev")  # the test split is never reviewed
_BRACE = re.compile(r"\{(PER|ORG|LOC) ([^{}]+?)\}")


def to_inline(sentence: TaggedSentence) -> str:
    """The sentence's tokens with its entities in braces."""
    out: list[str] = []
    spans = {a: (b, lab) for a, b, lab in sentence.spans()}
    i = 0
    while i < len(sentence.words):
        if i in spans:
            b, lab = spans[i]
            out.append("{" + lab + " " + " ".join(sentence.words[i:b]) + "}")
            i = b
        else:
            out.append(sentence.words[i])
            i += 1
    return " ".join(out)


def from_inline(line: str) -> tuple[list[str], list[str]]:
    """Parse an inline line back into tokens and BIO tags.

    Raises:
        ValueError: unbalanced or nested braces, or an unknown label.
    """
    words: list[str] = []
    tags: list[str] = []
    pos = 0
    for m in _BRACE.finditer(line):
        _plain(line[pos:m.start()], words, tags)
        inner = m.group(2).split()
        words.extend(inner)
        tags.extend([f"B-{m.group(1)}"] + [f"I-{m.group(1)}"] * (len(inner) - 1))
        pos = m.end()
    _plain(line[pos:], words, tags)
    return words, tags


def _plain(text: str, words: list[str], tags: list[str]) -> None:
    for tok in text.split():
        if tok in ("{", "}") or tok.startswith("{") and tok[1:] in LABELS:
            raise ValueError(f"unbalanced or malformed braces near {tok!r}")
        words.append(tok)
        tags.append("O")


def load_split(split: str, data: Path = DATA) -> list[TaggedSentence]:
    return list(read_conll(data / f"{split}.txt"))


def export(args: argparse.Namespace) -> None:
    sentences = load_split(args.split)
    n = len(sentences)
    size = -(-n // args.batches)
    out = args.output
    out.mkdir(parents=True, exist_ok=True)
    for b in range(args.batches):
        start = b * size
        stop = min(n, start + size + (args.overlap if b + 1 < args.batches else 0))
        path = out / f"{args.split}_{b + 1}.txt"
        with open(path, "w", encoding="utf-8") as fh:
            for i in range(start, stop):
                fh.write(f"{args.split}:{i}\t{to_inline(sentences[i])}\n")
        print(f"wrote {path} (sentences {start}-{stop - 1})")


def _agreement(a: list[str], b: list[str]) -> tuple[int, int, int]:
    sa = _spans(a)
    sb = _spans(b)
    return len(sa & sb), len(sa - sb), len(sb - sa)


def _spans(tags: list[str]) -> set[tuple[int, int, str]]:
    return set(TaggedSentence(tuple("x" for _ in tags), tuple(tags)).spans())


def do_import(args: argparse.Namespace) -> int:
    splits: dict[str, list[TaggedSentence]] = {}
    reviewed: dict[tuple[str, int], list[str]] = {}
    tp = fp = fn = 0
    doubles = 0
    problems = 0
    for path in args.files:
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            key, _, body = line.partition("\t")
            split, _, idx = key.partition(":")
            if split not in REVIEWED_SPLITS or not idx.isdigit():
                print(f"{path}:{lineno}: not a train or dev sentence id: {key!r}",
                      file=sys.stderr)
                problems += 1
                continue
            if split not in splits:
                splits[split] = load_split(split)
            index = int(idx)
            if index >= len(splits[split]):
                print(f"{path}:{lineno}: {split} has no sentence {index}", file=sys.stderr)
                problems += 1
                continue
            gold = splits[split][index]
            try:
                words, tags = from_inline(body)
            except ValueError as exc:
                print(f"{path}:{lineno}: {exc}", file=sys.stderr)
                problems += 1
                continue
            if tuple(words) != gold.words:
                print(f"{path}:{lineno}: tokens differ from {key}", file=sys.stderr)
                problems += 1
                continue
            if (split, index) in reviewed:
                doubles += 1
                a, b, c = _agreement(reviewed[(split, index)], tags)
                tp, fp, fn = tp + a, fp + b, fn + c
                continue
            reviewed[(split, index)] = tags
    changed = 0
    args.output.parent.mkdir(parents=True, exist_ok=True)
    with open(args.output, "w", encoding="utf-8") as fh:
        for (split, index), tags in sorted(reviewed.items()):
            gold = splits[split][index]
            if tuple(tags) != gold.tags:
                changed += 1
                fh.write(json.dumps({"split": split, "index": index, "words": list(gold.words),
                                     "tags": tags}, ensure_ascii=False) + "\n")
    before = sum(len(splits[s][i].spans()) for s, i in reviewed)
    after = sum(len(_spans(t)) for t in reviewed.values())
    print(f"{len(reviewed)} sentences reviewed, {changed} changed; entities {before} -> {after}; "
          f"{problems} lines rejected")
    if doubles:
        print(f"{doubles} sentences reviewed twice: entity agreement F1 "
              f"{prf(tp, fp, fn)['f1']:.3f}")
    print(f"wrote {args.output}")
    return 1 if problems else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    e = sub.add_parser("export")
    e.add_argument("--split", choices=REVIEWED_SPLITS, required=True)
    e.add_argument("--batches", type=int, default=5)
    e.add_argument("--overlap", type=int, default=20)
    e.add_argument("--output", type=Path, default=OUT / "batches")
    i = sub.add_parser("import")
    i.add_argument("files", type=Path, nargs="+")
    i.add_argument("--output", type=Path, default=OUT / "corrections.jsonl")
    args = parser.parse_args()
    if args.command == "export":
        export(args)
        return 0
    return do_import(args)


if __name__ == "__main__":
    sys.exit(main())
