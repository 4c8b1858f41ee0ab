"""``bkkbn-nlp train syntax`` and ``bkkbn-nlp evaluate syntax``: the stanza models."""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

import click

from ..errors import BkkbnError
from ._common import error

_DIR = click.Path(file_okay=False, path_type=Path)
DEFAULT_UD = Path("../shared/data/ud")


@click.command("syntax")
@click.option("--ud", "ud_dir", type=_DIR, default=DEFAULT_UD, show_default=True,
              help="The UD Indonesian folder (GSD, CSUI, PUD CoNLL-U files).")
@click.option("--output", type=_DIR, default=Path("models/stanza_id"), show_default=True,
              help="Where the models and meta.json go.")
@click.option("--work-dir", type=_DIR, default=None,
              help="Prepared data and dev predictions (default: a temporary folder).")
@click.option("--seed", type=int, default=24, show_default=True)
@click.option("--pos-steps", type=click.IntRange(min=1), default=500, show_default=True)
@click.option("--parser-steps", type=click.IntRange(min=1), default=500, show_default=True)
@click.option("--lemma-epochs", type=click.IntRange(min=1), default=8, show_default=True)
@click.option("--limit", type=click.IntRange(min=1), default=None,
              help="Train on only the first N sentences of each file (a smoke test).")
@click.option("--module", "modules", multiple=True, type=click.Choice(["pos", "lemma", "depparse"]),
              help="Train only these modules (repeatable; default: all three).")
def train_syntax_command(ud_dir: Path, output: Path, work_dir: Path | None, seed: int,
                         pos_steps: int, parser_steps: int, lemma_epochs: int,
                         limit: int | None, modules: tuple[str, ...]) -> None:
    """Train the stanza tagger, lemmatizer and parser from UD Indonesian (CPU, offline).

    Needs the stanza extra. GSD test, CSUI test and PUD are never trained on; the data,
    budgets, seeds and times are recorded in OUTPUT/meta.json (docs/syntax.md).
    """
    from ..training.syntax import SyntaxBudget, train_stanza

    if not (ud_dir / "GSD_id-ud-train.UDv2.0-legacy.conllu").is_file():
        error(f"{ud_dir}: not a UD Indonesian folder (no GSD_id-ud-train.UDv2.0-legacy.conllu)")
        sys.exit(1)
    budget = SyntaxBudget(seed=seed, pos_steps=pos_steps, parser_steps=parser_steps,
                          lemma_epochs=lemma_epochs)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            meta = train_stanza(ud_dir, output, work_dir=work_dir or Path(tmp), budget=budget,
                                limit=limit, modules=modules or ("pos", "lemma", "depparse"))
    except BkkbnError as exc:
        error(str(exc))
        sys.exit(1)
    click.echo(json.dumps({"output": str(output), "train_seconds": meta["train_seconds"]}))


@click.command("syntax")
@click.option("--ud", "ud_dir", type=_DIR, default=DEFAULT_UD, show_default=True,
              help="The UD Indonesian folder with the test files.")
@click.option("--stanza-model", type=_DIR, default=None,
              help="A stanza model directory (default: the bundled models/stanza_id).")
@click.option("--limit", type=click.IntRange(min=1), default=None,
              help="Score only the first N sentences of each test set.")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write the scores as JSON.")
@click.option("--report", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the table as a markdown page (docs/syntax-results.md).")
@click.option("--save-meta", is_flag=True,
              help="Record the scores in the stanza model's meta.json.")
def evaluate_syntax_command(ud_dir: Path, stanza_model: Path | None, limit: int | None,
                            output: Path | None, report: Path | None, save_meta: bool) -> None:
    """Score the syntax backend on GSD test, CSUI test and PUD (raw text, our tokenizer).

    CoNLL 2018 F1 for Tokens, Words, UPOS, UFeats, Lemmas, UAS and LAS, and words/s of the
    backend alone, beside stanza's published GSD figures.
    """
    from ..evaluation.syntax import evaluate_treebanks, spacy_tokenize, syntax_table
    from ..pipeline import load
    from ..syntax.component import bundled_model_dir
    from ..syntax.stanza_backend import StanzaTagger
    from ..syntax.ud import format_conllu, read_conllu
    from ..training.syntax import TEST_FILES

    try:
        model_dir = stanza_model or bundled_model_dir()
        tagger = StanzaTagger(model_dir)
        tagger.pipeline()
    except BkkbnError as exc:
        error(str(exc))
        sys.exit(1)
    nlp = load()
    with tempfile.TemporaryDirectory() as tmp:
        tests = {}
        for name, file in TEST_FILES.items():
            if not (ud_dir / file).is_file():
                continue
            sents = read_conllu(ud_dir / file)
            path = Path(tmp) / file
            path.write_text(format_conllu(sents[:limit] if limit else sents), encoding="utf-8")
            tests[f"{name} test" if name != "pud" else "PUD"] = path
        if not tests:
            error(f"{ud_dir}: no UD test file ({', '.join(TEST_FILES.values())})")
            sys.exit(1)
        results = {"stanza (bkkbn)": evaluate_treebanks(tests, spacy_tokenize(nlp), tagger.analyse)}
    table = syntax_table(results, PUBLISHED)
    click.echo(table)
    if output:
        output.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    if report:
        prog = click.get_current_context().find_root().info_name or "bkkbn-nlp"
        args = sys.argv[1:] if prog.endswith(".py") else ["evaluate", "syntax", *sys.argv[3:]]
        report.write_text(report_page(table, " ".join(["python" if prog.endswith(".py") else "",
                                                       prog, *args]).strip()),
                          encoding="utf-8")
    if save_meta:
        meta_path = Path(model_dir) / "meta.json"
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        meta["scores"] = results["stanza (bkkbn)"]
        meta_path.write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n",
                             encoding="utf-8")


#: Published raw-text figures for comparison (stanza's model page, UD 2.5 GSD, as quoted in
#: issue 24); a different GSD version and train split, so only indicative.
PUBLISHED = {"stanza 1.0 published (UD 2.5 GSD test)": {"UPOS": 93.7, "LAS": 79.2}}


def report_page(table: str, command: str) -> str:
    return (
        "# Syntax results\n\n"
        f"Generated by `{command}`; do not edit by hand.\n\n"
        "Raw text of each test sentence through the library's tokenizer (gold sentence "
        "boundaries), then the backend; CoNLL 2018 shared-task F1 (udtools.udeval), words "
        "aligned on characters. Test sets never trained on: GSD test (revised annotation), "
        "CSUI test (news), PUD (parallel news/wiki). A clitic the tokenizer keeps on its "
        "host (`penghuninya`, two gold words) costs one word. XPOS is not learned (see "
        "docs/syntax.md). words/s: the backend alone on 2 CPU cores.\n\n" + table + "\n")
