"""Scoring: entity precision, recall and F1 (exact span and label, the CoNLL convention),
and sentence-boundary scores. Functions return plain dicts so the CLI and reports can print
them and tests can compare them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .corpora import TaggedSentence, detokenize, read_conll, trim_span

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["prf", "score_spans", "evaluate_ner_conll", "evaluate_ner_labelled", "trim_span",
           "evaluate", "format_table"]

Span = tuple[int, int, str]


def prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    """Precision, recall and F1 from counts (0.0 where undefined)."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f, "tp": tp, "fp": fp, "fn": fn}


def score_spans(gold: Iterable[Iterable[Span]], pred: Iterable[Iterable[Span]]) -> dict[str, Any]:
    """Micro scores and per-label scores over documents of ``(start, end, label)`` spans.

    A predicted span counts only when start, end and label all equal a gold span's.
    """
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for g_doc, p_doc in zip(gold, pred, strict=True):
        g, p = set(g_doc), set(p_doc)
        for s in g & p:
            tp[s[2]] += 1
        for s in p - g:
            fp[s[2]] += 1
        for s in g - p:
            fn[s[2]] += 1
    labels = sorted(set(tp) | set(fp) | set(fn))
    micro = prf(sum(tp.values()), sum(fp.values()), sum(fn.values()))
    return {"micro": micro, "per_label": {lab: prf(tp[lab], fp[lab], fn[lab]) for lab in labels}}


def _pred_spans(doc: Any) -> list[Span]:
    return [(e.start_char, e.end_char, e.label_) for e in doc.ents]


def evaluate_ner_conll(nlp: Language, path: str | Path, *, raw_text: bool = True,
                       batch_size: int = 64) -> dict[str, Any]:
    """Score ``nlp``'s entities on a CoNLL/BIO file.

    Args:
        nlp: The pipeline.
        path: A CoNLL file (see :mod:`bkkbn_nlp.corpora`).
        raw_text: ``True`` (default): detokenize each sentence and run the whole pipeline,
            tokenizer included, on the text; spans are compared by character offsets, after
            trimming brackets and punctuation at their edges (:func:`trim_span`) on both
            sides, since some corpora attach brackets to entity tokens ("(KPU)").
            ``False``: use the gold tokens (the usual setting of published scores).
    """
    from spacy.tokens import Doc

    sentences: Sequence[TaggedSentence] = list(read_conll(path))
    gold: list[list[Span]] = []
    inputs: list[Any] = []
    for s in sentences:
        text, offsets = detokenize(s.words)
        spans = [(offsets[a][0], offsets[b - 1][1], lab) for a, b, lab in s.spans()]
        if raw_text:
            spans = [trim_span(text, *sp) for sp in spans]
        gold.append(spans)
        if raw_text:
            inputs.append(text)
        else:
            spaces = [offsets[i][1] < offsets[i + 1][0] if i + 1 < len(offsets) else False
                      for i in range(len(offsets))]
            inputs.append(Doc(nlp.vocab, words=list(s.words), spaces=spaces))
    preds = [_pred_spans(doc) for doc in nlp.pipe(inputs, batch_size=batch_size)]
    if raw_text:
        preds = [[trim_span(doc_text, *sp) for sp in doc_spans]
                 for doc_text, doc_spans in zip(inputs, preds, strict=True)]
    result = score_spans(gold, preds)
    result["documents"] = len(sentences)
    result["source"] = str(path)
    result["tokens"] = "raw text, pipeline tokenizer" if raw_text else "gold tokens"
    return result


def evaluate_ner_labelled(nlp: Language, texts: Sequence[str],
                          gold: Sequence[Sequence[Span]]) -> dict[str, Any]:
    """Score entities on labelled documents (cleaned text and gold character spans)."""
    preds = [_pred_spans(doc) for doc in nlp.pipe(texts)]
    result = score_spans(gold, preds)
    result["documents"] = len(texts)
    return result


def evaluate(nlp: Language, *, conll: Sequence[str | Path] = (),
             labelled: Sequence[str | Path] = (), gold_tokens: bool = False) -> dict[str, Any]:
    """Entity scores of ``nlp`` on CoNLL/BIO files and labelled-document JSONL files.

    Args:
        nlp: The pipeline to evaluate.
        conll: CoNLL / BIO files (sentences; raw text through the pipeline unless
            ``gold_tokens``).
        labelled: Labelled-document JSONL files (:mod:`bkkbn_nlp.labelled`); documents
            without an ``entities`` layer are skipped.

    Returns:
        ``{source: {"micro": {...}, "per_label": {...}, "documents": n}}``.
    """
    from .labelled import read_labelled

    results: dict[str, Any] = {}
    for path in conll:
        results[str(path)] = evaluate_ner_conll(nlp, path, raw_text=not gold_tokens)
    for path in labelled:
        docs = [d for d in read_labelled(path) if d.entities is not None]
        gold = [[(e["start"], e["end"], e["label"]) for e in d.entities or []] for d in docs]
        results[str(path)] = evaluate_ner_labelled(nlp, [d.text for d in docs], gold)
    return results


def format_table(results: dict[str, Any]) -> str:
    """A plain-text table of :func:`evaluate` results."""
    header = f"{'source':<48} {'label':<6} {'P':>6} {'R':>6} {'F1':>6} {'n':>6}"
    lines = [header, "-" * len(header)]
    for source, r in results.items():
        name = source if len(source) <= 48 else "..." + source[-45:]
        rows = [("micro", r["micro"]), *sorted(r["per_label"].items())]
        for label, m in rows:
            n = m["tp"] + m["fn"]
            lines.append(f"{name:<48} {label:<6} {m['precision']:>6.3f} {m['recall']:>6.3f} "
                         f"{m['f1']:>6.3f} {n:>6}")
            name = ""
    return "\n".join(lines)
