"""Build the bundled default pipeline into ``models/bkkbn_id_default``.

Usage: ``python scripts/build_default_pipeline.py [--output DIR]``

Without ``--ner`` the pipeline is made only from the package's own language data
(tokenizer, sentence rules, gazetteer rules); with ``--ner`` a trained NER is included.
"""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

from bkkbn_nlp.about import DEFAULT_PIPELINE
from bkkbn_nlp.pipeline import build_default_pipeline

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=ROOT / "models" / DEFAULT_PIPELINE)
    parser.add_argument("--ner", type=Path, default=None,
                        help="trained NER directory (scripts/train_ner.py OUTPUT/model-best); "
                             "its metrics.json (one level up) names the training data")
    parser.add_argument("--crf", type=Path, default=None,
                        help="CRF model file (scripts/train_crf_ner.py OUTPUT/model.crfsuite); "
                             "its metrics.json (beside it) names the training data")
    args = parser.parse_args()
    sources = None
    trained = args.ner if args.ner is not None else args.crf
    if trained is not None:
        metrics = trained.parent / "metrics.json"
        if metrics.exists():
            sources = json.loads(metrics.read_text(encoding="utf-8")).get("sources")
    nlp = build_default_pipeline(args.ner, sources, crf_model=args.crf)
    if args.output.exists():
        shutil.rmtree(args.output)
    nlp.to_disk(args.output)
    print(f"wrote {args.output} with components {nlp.pipe_names}")


if __name__ == "__main__":
    main()
