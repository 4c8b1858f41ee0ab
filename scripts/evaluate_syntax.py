"""Score the stanza syntax models on GSD test, CSUI test and PUD (raw text through the
library's tokenizer) and regenerate docs/syntax-results.md: a wrapper of
``bkkbn-nlp evaluate syntax`` with the UD data of ``../shared/data/ud``::

    python scripts/evaluate_syntax.py [--save-meta] [--output scores.json]
"""

from __future__ import annotations

from _wrapper import ROOT, SHARED, run  # scripts/ is on sys.path

if __name__ == "__main__":
    run(["evaluate", "syntax"], {"--ud": SHARED / "ud",
                                 "--report": ROOT / "docs" / "syntax-results.md"})
