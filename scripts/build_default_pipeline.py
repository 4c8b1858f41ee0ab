"""Build the bundled default pipeline into ``models/bkkbn_id_default``.

Run it after training a new CRF (``scripts/train_crf_ner.py``), NER or topic model, or
after changing the language data, to rebuild the pipeline the package ships.

Usage: ``python scripts/build_default_pipeline.py [--output DIR]``

Without ``--ner`` the pipeline is made only from the package's own language data
(tokenizer, sentence rules, gazetteer rules); with ``--ner`` a trained NER is included.

The topic tagger (``bkkbn_topics``) is included by default: ``--topics DIR`` names the model
(``scripts/train_topics.py --output DIR``); without it the model of the pipeline being
replaced (``OUTPUT/bkkbn_topics``) is carried over, so rebuilding with a new CRF keeps the
topics. ``--no-topics`` leaves the component out. The model is read into memory before the
output directory is replaced, and the pipeline holds its only copy.
"""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

from bkkbn_nlp.about import DEFAULT_PIPELINE
from bkkbn_nlp.pipeline import build_default_pipeline, save

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
    parser.add_argument("--topics", type=Path, default=None,
                        help="topic model directory (default: OUTPUT/bkkbn_topics, the model "
                             "of the pipeline being rebuilt)")
    parser.add_argument("--no-topics", action="store_true", help="leave the topic tagger out")
    args = parser.parse_args()
    topics = None
    if not args.no_topics:
        topics = args.topics if args.topics is not None else args.output / "bkkbn_topics"
        if not (topics / "topic_tagger.json").is_file():
            parser.error(f"no topic model in {topics}: pass --topics DIR (scripts/"
                         "train_topics.py --output DIR) or --no-topics")
    sources = None
    trained = args.ner if args.ner is not None else args.crf
    if trained is not None:
        metrics = trained.parent / "metrics.json"
        if metrics.exists():
            sources = json.loads(metrics.read_text(encoding="utf-8")).get("sources")
    if sources is None and (args.output / "meta.json").is_file():
        # no metrics.json beside the trained model (e.g. the bundled CRF copied to /tmp):
        # keep the data sources of the pipeline being replaced, except the ones its topic
        # model brought (the topic model in use adds its own)
        old = json.loads((args.output / "meta.json").read_text(encoding="utf-8"))
        old_topics = args.output / "bkkbn_topics" / "topic_tagger.json"
        from_topics = (json.loads(old_topics.read_text(encoding="utf-8")).get("sources", [])
                       if old_topics.is_file() else [])
        sources = [s for s in old.get("sources", []) if s not in from_topics] or None
    nlp = build_default_pipeline(args.ner, sources, crf_model=args.crf, topics_model=topics)
    if args.output.exists():
        shutil.rmtree(args.output)
    save(nlp, args.output)
    print(f"wrote {args.output} with components {nlp.pipe_names}")


if __name__ == "__main__":
    main()
