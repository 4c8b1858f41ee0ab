"""Train floret word vectors (subword-hashed, compact) on unlabelled Indonesian text.

Run it once when the unlabelled text sources change, before training a CRF with
vector-cluster features (``scripts/train_crf_ner.py --vectors``).

Usage::

    python scripts/train_vectors.py --data ../shared/data --output training/vectors \\
        [--dim 100] [--bucket 20000] [--epoch 10] [--seed 0]

Text (all from ../shared/data; none of it is kept in the repo, only the trained table):
the 2015 news corpus (cleaned), BPPT-PANL plain sentences, the kumparan POS corpus,
UD Indonesian (GSD, CSUI, PUD) sentences, and the idner-news-2k and NERGrit *train* splits
(never their dev or test splits). Writes ``OUTPUT/vectors.floret`` and a spaCy vectors
directory ``OUTPUT/spacy`` for ``[initialize] vectors``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import spacy

import bkkbn_nlp
from bkkbn_nlp.entities.corpora import read_conll
from bkkbn_nlp.pipeline import TOKENIZER_CONFIG

ROOT = Path(__file__).resolve().parent.parent


def texts(data: Path) -> Iterator[str]:
    with open(data / "news" / "indonesian-news-corpus-2015.jsonl", encoding="utf-8") as fh:
        for line in fh:
            yield from bkkbn_nlp.clean(json.loads(line)["isi"]).text.splitlines()
    for path in sorted((data / "topics" / "bppt-panl" / "plain_id").glob("*.txt")):
        yield from path.read_text(encoding="utf-8", errors="replace").splitlines()
    words: list[str] = []
    with open(data / "pos" / "kumparan-nlp-id" / "dataset_postag.txt", encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                if words:
                    yield " ".join(words)
                    words = []
            else:
                words.append(line.split("\t")[0])
    for path in sorted((data / "ud").glob("*.conllu")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("# text = "):
                yield line[len("# text = "):]
    for path in (data / "ner" / "idner-news-2k" / "train.txt",
                 data / "ner" / "nergrit-indonlu" / "train_preprocess.txt"):
        for s in read_conll(path):
            yield " ".join(s.words)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--output", type=Path, default=ROOT / "training" / "vectors")
    parser.add_argument("--dim", type=int, default=100)
    parser.add_argument("--bucket", type=int, default=20000)
    parser.add_argument("--epoch", type=int, default=10)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    import floret

    args.output.mkdir(parents=True, exist_ok=True)
    corpus = args.output / "corpus.txt"
    tokenizer = spacy.blank("id", config=TOKENIZER_CONFIG).tokenizer
    n_words = 0
    with open(corpus, "w", encoding="utf-8") as out:
        for doc in tokenizer.pipe(t for t in texts(args.data) if t.strip()):
            words = [t.text for t in doc if not t.is_space]
            n_words += len(words)
            out.write(" ".join(words) + "\n")
    print(f"corpus: {n_words:,} tokens")
    model = floret.train_unsupervised(
        str(corpus), model="cbow", mode="floret", hashCount=2, bucket=args.bucket,
        minn=3, maxn=5, dim=args.dim, epoch=args.epoch, minCount=2, thread=2,
    )
    model.save_floret_vectors(str(args.output / "vectors.floret"))
    subprocess.run([sys.executable, "-m", "spacy", "init", "vectors", "id",
                    str(args.output / "vectors.floret"), str(args.output / "spacy"),
                    "--mode", "floret"], check=True)
    (args.output / "info.json").write_text(json.dumps({
        "tokens": n_words, "dim": args.dim, "bucket": args.bucket, "epoch": args.epoch,
        "seed": args.seed,
        "sources": ["indonesian-news-corpus-2015 (no licence stated; vectors only)",
                    "bppt-panl plain_id (training only)", "kumparan-nlp-id (MIT)",
                    "UD Indonesian GSD/CSUI/PUD (CC BY-SA)", "idner-news-2k train (MIT)",
                    "nergrit-indonlu train (Apache-2.0)"]}, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
