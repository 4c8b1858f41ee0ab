"""UD evaluation of the syntax backends on raw text through the library's tokenizer.

For each test treebank, every sentence's ``# text`` goes through the pipeline's tokenizer
(gold sentence boundaries), the backend analyses the tokens, and the result is written as
CoNLL-U and scored against the gold file by the CoNLL 2018 shared task's evaluation
(``udtools.udeval``, installed with the ``[stanza]`` extra): words are aligned on
characters, so a clitic our tokenizer keeps on its host (``penghuninya``, two gold words)
costs one word, as it would any system. Scores are F1 (Tokens, Words, UPOS, UFeats,
Lemmas, UAS, LAS), with words per second of the backend alone.
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ..syntax import ud

Analyse = Callable[[Sequence[Sequence[str]]], list[list[tuple[Any, ...]]]]
METRICS = ("Tokens", "Words", "UPOS", "UFeats", "Lemmas", "UAS", "LAS")


def _udeval() -> Any:
    try:
        from udtools import udeval
    except ImportError:  # pragma: no cover - layout of older udtools
        from udtools.src.udtools import udeval
    return udeval


def system_conllu(gold: Sequence[ud.Sentence], tokenize: Callable[[str], list[tuple[str, bool]]],
                  analyse: Analyse, batch: int = 128) -> tuple[str, float, int]:
    """The backend's CoNLL-U for the gold sentences' texts, its seconds and word count."""
    tokenised = [tokenize(s.text) for s in gold]
    words = [[w for w, _ in toks] for toks in tokenised]
    start = time.perf_counter()
    rows: list[list[tuple[Any, ...]]] = []
    for i in range(0, len(words), batch):
        rows += analyse(words[i:i + batch])
    seconds = time.perf_counter() - start
    out = []
    for g, toks, analysed in zip(gold, tokenised, rows, strict=True):
        sent = ud.Sentence(comments=[f"# text = {g.text}"])
        for k, ((form, space), row) in enumerate(zip(toks, analysed, strict=True), 1):
            upos, xpos, feats, lemma, head, deprel = row
            sent.words.append(ud.Word(
                k, form, lemma or "_", upos or "_", xpos or "_", feats or "_",
                int(head) if head is not None else (0 if k == 1 else 1),
                deprel or ("root" if k == 1 else "dep"), "_",
                "_" if space else "SpaceAfter=No"))
        out.append(sent)
    return ud.format_conllu(out), seconds, sum(len(w) for w in words)


def score(gold_text: str, system_text: str) -> dict[str, float]:
    """CoNLL 2018 F1 scores (as percentages) of ``system_text`` against ``gold_text``."""
    udeval = _udeval()
    gold = udeval.load_conllu(io.StringIO(gold_text), "gold", {})
    system = udeval.load_conllu(io.StringIO(system_text), "system", {})
    result = udeval.evaluate(gold, system)
    return {m: round(100 * result[m].f1, 2) for m in METRICS if m in result}


def evaluate_treebanks(tests: dict[str, Path], tokenize: Callable[[str], list[tuple[str, bool]]],
                       analyse: Analyse) -> dict[str, dict[str, float]]:
    """Scores and speed on each test file (name -> CoNLL-U path)."""
    results: dict[str, dict[str, float]] = {}
    for name, path in tests.items():
        gold_text = Path(path).read_text(encoding="utf-8")
        gold = list(ud.parse_conllu(gold_text))
        system, seconds, n_words = system_conllu(gold, tokenize, analyse)
        row = score(gold_text, system)
        row["words_per_s"] = round(n_words / seconds, 1) if seconds else 0.0
        row["sentences"] = len(gold)
        results[name] = row
    return results


def spacy_tokenize(nlp: Any) -> Callable[[str], list[tuple[str, bool]]]:
    """A tokenize function from a pipeline's tokenizer: (text, followed by a space)."""
    def tokenize(text: str) -> list[tuple[str, bool]]:
        doc = nlp.make_doc(text)
        return [(t.text, bool(t.whitespace_)) for t in doc if not t.is_space]
    return tokenize


def syntax_table(results: dict[str, dict[str, dict[str, float]]],
                 published: dict[str, dict[str, float]] | None = None) -> str:
    """A Markdown table: one row per backend and test set (and published figures)."""
    head = "| backend | test set | " + " | ".join(METRICS) + " | words/s |"
    lines = [head, "|" + "---|" * (len(METRICS) + 3)]
    for backend, per_set in results.items():
        for name, row in per_set.items():
            cells = [f"{row[m]:.2f}" if m in row else "–" for m in METRICS]
            lines.append(f"| {backend} | {name} | " + " | ".join(cells)
                         + f" | {row.get('words_per_s', 0):,.0f} |")
    for label, row in (published or {}).items():
        cells = [f"{row[m]:.2f}" if m in row else "–" for m in METRICS]
        lines.append(f"| {label} | | " + " | ".join(cells) + " | |")
    return "\n".join(lines)
