"""Train the stanza syntax models shipped in ``models/stanza_id``: a wrapper of
``bkkbn-nlp train syntax`` with the UD data of ``../shared/data/ud`` beside this checkout,
from any working directory. Then ``scripts/evaluate_syntax.py --save-meta`` records the
test scores in the model's meta.json and regenerates docs/syntax-results.md::

    python scripts/train_stanza.py [--pos-steps N] [--parser-steps N] [--lemma-epochs N]
"""

from __future__ import annotations

from _wrapper import ROOT, SHARED, run  # scripts/ is on sys.path

if __name__ == "__main__":
    run(["train", "syntax"], {"--ud": SHARED / "ud", "--output": ROOT / "models" / "stanza_id"})
