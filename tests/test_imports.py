"""``import bkkbn_nlp`` is cheap: no spaCy, stanza or torch until a pipeline is needed."""

from __future__ import annotations

import subprocess
import sys


def test_import_does_not_load_heavy_modules() -> None:
    code = (
        "import sys, bkkbn_nlp; bkkbn_nlp.clean('Kendari (ANTARA) - Isi.');"
        "print(sorted(m for m in ('spacy', 'stanza', 'torch', 'sklearn') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_stanza_is_not_required() -> None:
    code = "import sys, bkkbn_nlp; bkkbn_nlp.load(); print('stanza' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
