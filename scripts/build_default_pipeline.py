"""Build the bundled default pipeline into ``models/bkkbn_id_default``.

Usage: ``python scripts/build_default_pipeline.py [--output DIR]``

The default pipeline is made only from the package's own language data (tokenizer
exceptions, sentence rules); later components are added here as their issues land.
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

from bkkbn_nlp.about import DEFAULT_PIPELINE
from bkkbn_nlp.pipeline import build_default_pipeline

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=ROOT / "models" / DEFAULT_PIPELINE)
    args = parser.parse_args()
    nlp = build_default_pipeline()
    if args.output.exists():
        shutil.rmtree(args.output)
    nlp.to_disk(args.output)
    print(f"wrote {args.output} with components {nlp.pipe_names}")


if __name__ == "__main__":
    main()
