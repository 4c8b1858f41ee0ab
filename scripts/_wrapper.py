"""What the scripts that wrap a ``bkkbn-nlp`` command share (not a script: imported by
``evaluate_ner.py``, ``evaluate_quotes.py``, ``train_crf_ner.py`` and ``crossval_crf_ner.py``,
which run from any folder because their data defaults are rooted at this checkout)."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from bkkbn_nlp.cli import cli

#: the checkout, and the shared data beside it
ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"
NEWS_CORPUS = SHARED / "news" / "indonesian-news-corpus-2015.jsonl"
FIXTURE = ROOT / "tests" / "fixtures" / "antara_bkkbn_sultra_2019.gold.jsonl"


def one_flag_per_value(argv: list[str], flag: str) -> list[str]:
    """``argv`` with ``FLAG A B`` (argparse ``nargs="+"``) written ``FLAG A FLAG B``."""
    out: list[str] = []
    taking = False
    for arg in argv:
        if arg == flag:
            taking = True
        elif taking and not arg.startswith("-"):
            out += [flag, arg]
        else:
            taking = False
            out.append(arg)
    return out


def run(command: Sequence[str], defaults: dict[str, Path | str], *,
        several: Sequence[str] = (), argv: list[str] | None = None) -> None:
    """Run ``bkkbn-nlp COMMAND`` with ``defaults`` (given first: the caller's options win),
    the script's arguments (``several``: flags that take several values after one flag) and
    the script's own name in messages."""
    args = sys.argv[1:] if argv is None else argv
    for flag in several:
        args = one_flag_per_value(args, flag)
    given = [str(part) for option, value in defaults.items() for part in (option, value)]
    cli.main([*command, *given, *args], prog_name=f"scripts/{Path(sys.argv[0]).name}")
