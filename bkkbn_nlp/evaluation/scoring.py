"""Scoring a pipeline against gold data. Functions return plain dicts so the CLI and reports
can print them and tests can compare them.

* :func:`evaluate_labelled` scores every annotated layer of labelled documents
  (:mod:`bkkbn_nlp.io.labelled`): tokens, sentences, entities, quotes and topics.
* :func:`evaluate_ner_conll` scores entities on CoNLL / BIO token files.
* :func:`evaluate` does both for a list of files; :func:`format_table` prints the result.

Entities are scored the CoNLL way: a prediction counts only when its start, end and label
all equal a gold entity's.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..entities.corpora import TaggedSentence, detokenize, read_conll, split_acronym_span, trim_span
from ..errors import Errors

if TYPE_CHECKING:
    from spacy.language import Language

    from ..io.labelled import LabelledDocument
    from ..io.schema import Analysis

__all__ = ["prf", "score_spans", "score_sets", "score_tokens", "score_sentences", "score_topics",
           "evaluate_ner_conll", "evaluate_ner_labelled", "evaluate_labelled", "analyze_clean",
           "trim_span", "evaluate", "format_table", "LAYERS"]

Span = tuple[int, int, str]

#: The layers :func:`evaluate_labelled` scores, in report order.
LAYERS: tuple[str, ...] = ("tokens", "sentences", "entities", "quotes", "topics")

#: What a pipeline component must assign for the pipeline to predict a layer (tokens are
#: always predicted by the tokenizer).
_LAYER_ASSIGNS: dict[str, tuple[str, ...]] = {
    "sentences": ("token.is_sent_start", "doc.sents"),
    "entities": ("doc.ents",),
    "quotes": ("doc._.quotes",),
    "topics": ("doc._.topics",),
}


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


def score_sets(gold: Iterable[Iterable[Any]], pred: Iterable[Iterable[Any]]) -> dict[str, float]:
    """P/R/F1 of predicted items against gold items, document by document (set semantics:
    an item is a true positive when the same document's gold has it)."""
    tp = fp = fn = 0
    for g_doc, p_doc in zip(gold, pred, strict=True):
        g, p = set(g_doc), set(p_doc)
        tp += len(g & p)
        fp += len(p - g)
        fn += len(g - p)
    return prf(tp, fp, fn)


def score_tokens(gold: Sequence[Sequence[tuple[int, int]]],
                 pred: Sequence[Sequence[tuple[int, int]]]) -> dict[str, float]:
    """Token boundaries: a predicted token is correct when a gold token has the same start
    and end character offsets (whitespace is not a token on either side)."""
    return score_sets(gold, pred)


def _internal_ends(spans: Sequence[tuple[int, int]]) -> set[int]:
    ordered = sorted(spans)
    return {end for _, end in ordered[:-1]}


def score_sentences(gold: Sequence[Sequence[tuple[int, int]]],
                    pred: Sequence[Sequence[tuple[int, int]]]) -> dict[str, Any]:
    """Sentence scores over documents of ``(start, end)`` sentence spans.

    Returns:
        ``{"boundaries": prf, "spans": prf}``. A *boundary* is the end offset of every
        sentence but a document's last one (the end of the text is no decision), so one
        missed split costs one false negative and one extra split one false positive.
        *Spans* counts sentences whose start and end both match (spaCy's ``sents_f``).
    """
    return {
        "boundaries": score_sets([_internal_ends(g) for g in gold],
                                 [_internal_ends(p) for p in pred]),
        "spans": score_sets(gold, pred),
    }


def score_topics(gold: Sequence[Sequence[str]], pred: Sequence[Sequence[str]]) -> dict[str, Any]:
    """Multi-label topic scores; each list is a document's labels, most important first.

    Returns:
        ``micro`` (P/R/F1 pooled over all document-label decisions), ``macro_f1`` (the mean
        F1 of the labels with at least one gold example, as in ``docs/topics-results.md``),
        ``per_label`` (P/R/F1 and ``support``), ``exact_set`` (share of documents whose
        label set equals the gold set) and ``top_label_accuracy`` (share of documents whose
        first predicted label is the first gold label).
    """
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    exact = first = 0
    for g_doc, p_doc in zip(gold, pred, strict=True):
        g, p = set(g_doc), set(p_doc)
        for lab in g & p:
            tp[lab] += 1
        for lab in p - g:
            fp[lab] += 1
        for lab in g - p:
            fn[lab] += 1
        exact += g == p
        first += bool(g_doc) and bool(p_doc) and g_doc[0] == p_doc[0]
    labels = sorted(set(tp) | set(fp) | set(fn))
    per_label = {lab: {**prf(tp[lab], fp[lab], fn[lab]), "support": tp[lab] + fn[lab]}
                 for lab in labels}
    supported = [m["f1"] for m in per_label.values() if m["support"]]
    n = len(gold)
    return {
        "micro": prf(sum(tp.values()), sum(fp.values()), sum(fn.values())),
        "macro_f1": sum(supported) / len(supported) if supported else 0.0,
        "per_label": per_label,
        "exact_set": exact / n if n else 0.0,
        "top_label_accuracy": first / n if n else 0.0,
    }


def _pred_spans(doc: Any) -> list[Span]:
    return [(e.start_char, e.end_char, e.label_) for e in doc.ents]


def evaluate_ner_conll(nlp: Language, path: str | Path | Sequence[TaggedSentence], *,
                       raw_text: bool = True, batch_size: int = 64,
                       split_acronyms: bool = False) -> dict[str, Any]:
    """Score ``nlp``'s entities on a CoNLL/BIO file.

    Args:
        nlp: The pipeline.
        path: A CoNLL file (see :mod:`bkkbn_nlp.entities.corpora`), or its sentences already read
            (for instance with reviewed labels,
            :func:`~bkkbn_nlp.entities.corpora.apply_corrections`).
        raw_text: ``True`` (default): detokenize each sentence and run the whole pipeline,
            tokenizer included, on the text; spans are compared by character offsets, after
            trimming brackets and punctuation at their edges (:func:`trim_span`) on both
            sides, since some corpora attach brackets to entity tokens ("(KPU)").
            ``False``: use the gold tokens (the usual setting of published scores).
        split_acronyms: Score against gold in our guideline's spans for "Name (ACR)": an
            entity such as "Komisi Pemilihan Umum (KPU)", one span in idner-news-2k, counts
            as two, the name and the acronym
            (:func:`~bkkbn_nlp.entities.corpora.split_acronym_span`,
            the conversion training applies). Spans are trimmed as with ``raw_text``.
    """
    from spacy.tokens import Doc

    sentences: Sequence[TaggedSentence] = (
        list(read_conll(path)) if isinstance(path, (str, Path)) else list(path))
    gold: list[list[Span]] = []
    inputs: list[Any] = []
    for s in sentences:
        text, offsets = detokenize(s.words)
        spans = [(offsets[a][0], offsets[b - 1][1], lab) for a, b, lab in s.spans()]
        if raw_text or split_acronyms:
            spans = [trim_span(text, *sp) for sp in spans]
        if split_acronyms:
            spans = [part for sp in spans for part in split_acronym_span(text, *sp)]
        gold.append(spans)
        if raw_text:
            inputs.append(text)
        else:
            spaces = [offsets[i][1] < offsets[i + 1][0] if i + 1 < len(offsets) else False
                      for i in range(len(offsets))]
            inputs.append(Doc(nlp.vocab, words=list(s.words), spaces=spaces))
    docs = list(nlp.pipe(inputs, batch_size=batch_size))
    if raw_text or split_acronyms:
        preds = [[trim_span(doc.text, *sp) for sp in _pred_spans(doc)] for doc in docs]
    else:
        preds = [_pred_spans(doc) for doc in docs]
    result = score_spans(gold, preds)
    result["documents"] = len(sentences)
    result["source"] = str(path) if isinstance(path, (str, Path)) else "sentences"
    result["tokens"] = "raw text, pipeline tokenizer" if raw_text else "gold tokens"
    result["gold_spans"] = "name and acronym split" if split_acronyms else "as published"
    return result


def evaluate_ner_labelled(nlp: Language, texts: Sequence[str],
                          gold: Sequence[Sequence[Span]]) -> dict[str, Any]:
    """Score entities on labelled documents (cleaned text and gold character spans)."""
    preds = [_pred_spans(doc) for doc in nlp.pipe(texts)]
    result = score_spans(gold, preds)
    result["documents"] = len(texts)
    return result


def analyze_clean(texts: Iterable[str], *, nlp: Language | None = None,
                  batch_size: int = 32) -> Iterator[Analysis]:
    """Like :func:`bkkbn_nlp.analyze_many`, but for texts that are already clean.

    Labelled documents store the *cleaned* text and their offsets index into it; cleaning
    it again could move them, so evaluation runs the pipeline on the text as it is. Long
    texts are processed in chunks exactly as ``analyze_many`` does.

    Args:
        texts: Cleaned texts (e.g. the ``text`` of labelled documents).
        nlp: A pipeline; default: the bundled one.
        batch_size: Texts per batch.

    Raises:
        TypeError: An item is not a ``str`` (code E001).
    """
    from ..api import _chunks, _collect, _pipeline
    from ..errors import check_text
    from ..text.clean import Article
    from ..text.offsets import OffsetMap

    pipeline = _pipeline(nlp)
    thresholds: dict[str, float] = {}
    if "bkkbn_topics" in pipeline.pipe_names:
        thresholds = getattr(pipeline.get_pipe("bkkbn_topics"), "thresholds", {})
    for raw in texts:
        text = check_text(raw, "text")
        article = Article(raw=text, text=text, offset_map=OffsetMap.identity(len(text)))
        pieces = _chunks(text)
        docs = list(pipeline.pipe([text[a:b] for a, b in pieces], batch_size=batch_size))
        yield _collect(article, [(a, doc) for (a, _), doc in zip(pieces, docs, strict=True)],
                       thresholds)


def _predicts(nlp: Language, layer: str) -> bool:
    """Whether some component of ``nlp`` assigns what ``layer`` needs."""
    wanted = _LAYER_ASSIGNS.get(layer)
    if wanted is None:
        return True
    return any(set(wanted) & set(nlp.get_pipe_meta(name).assigns) for name in nlp.pipe_names)


def _as_document(doc: Any, index: int) -> LabelledDocument:
    from ..io.labelled import LabelledDocument

    if isinstance(doc, LabelledDocument):
        return doc
    if isinstance(doc, dict):
        return LabelledDocument.from_dict(doc, source="<documents>", line=index + 1)
    raise TypeError(Errors.E050.format(index=index, type=type(doc).__name__))


def evaluate_labelled(nlp: Language, docs: Iterable[LabelledDocument | dict[str, Any]], *,
                      batch_size: int = 32) -> dict[str, Any]:
    """Score every annotated layer of labelled documents.

    The pipeline runs on each document's ``text`` as it is (:func:`analyze_clean`), so
    predicted and gold offsets index the same string. A layer is scored over the documents
    that annotate it (``None`` = not annotated, ``[]`` = annotated, nothing there):

    * ``tokens``: P/R/F1 of token spans (:func:`score_tokens`);
    * ``sentences``: ``boundaries`` and ``spans`` P/R/F1 (:func:`score_sentences`);
    * ``entities``: ``micro`` and ``per_label`` P/R/F1, exact span and label;
    * ``quotes``: ``direct``, ``indirect`` and ``all`` scores of
      :func:`bkkbn_nlp.quotes.scoring.score_quotes` (a match covers at least half of the
      gold quote's characters; exact matches; speaker accuracy on matched quotes; cue
      P/R/F1);
    * ``topics``: :func:`score_topics` (micro and macro F1, per label, exact set,
      top-label accuracy).

    Args:
        nlp: The pipeline to evaluate.
        docs: :class:`~bkkbn_nlp.io.labelled.LabelledDocument` objects, or dicts in the
            labelled-document format (validated).
        batch_size: Texts per batch.

    Returns:
        ``{"documents": n, "tokens", "sentences", "entities", "quotes", "topics"}``. A layer
        no document annotates is ``None``; a layer the pipeline cannot predict (no component
        assigns it) is ``{"documents": k, "skipped": reason}``; otherwise a layer is a dict
        with ``"documents"`` (how many documents annotate it) and the scores above.

    Raises:
        TypeError: An item is neither a labelled document nor a dict (E050).
        LabelledDataError: A dict is not a valid labelled record.
    """
    from ..quotes.scoring import score_quotes

    gold = [_as_document(d, i) for i, d in enumerate(docs)]
    analyses = list(analyze_clean([d.text for d in gold], nlp=nlp, batch_size=batch_size))
    result: dict[str, Any] = {"documents": len(gold)}
    for layer in LAYERS:
        pairs = [(d, a) for d, a in zip(gold, analyses, strict=True)
                 if getattr(d, layer) is not None]
        if not pairs:
            result[layer] = None
            continue
        if not _predicts(nlp, layer):
            result[layer] = {"documents": len(pairs),
                             "skipped": Errors.E051.format(layer=layer, pipes=", ".join(
                                 nlp.pipe_names) or "none")}
            continue
        scores: dict[str, Any]
        if layer == "tokens":
            scores = score_tokens([[(t["start"], t["end"]) for t in d.tokens or []]
                                   for d, _ in pairs],
                                  [[(t.start, t.end) for t in a.tokens] for _, a in pairs])
        elif layer == "sentences":
            scores = score_sentences([[(s["start"], s["end"]) for s in d.sentences or []]
                                      for d, _ in pairs],
                                     [[(s.start, s.end) for s in a.sentences] for _, a in pairs])
        elif layer == "entities":
            scores = score_spans([[(e["start"], e["end"], e["label"]) for e in d.entities or []]
                                  for d, _ in pairs],
                                 [[(e.start, e.end, e.label) for e in a.entities]
                                  for _, a in pairs])
        elif layer == "quotes":
            scores = score_quotes([list(d.quotes or []) for d, _ in pairs],
                                  [[dict(q) for q in a.quotes] for _, a in pairs])
        else:
            scores = score_topics([list(d.topics or []) for d, _ in pairs],
                                  [[label for label, _ in a.topics] for _, a in pairs])
        result[layer] = {"documents": len(pairs), **scores}
    return result


def evaluate(nlp: Language, *, conll: Sequence[str | Path] = (),
             labelled: Sequence[str | Path] = (), gold_tokens: bool = False) -> dict[str, Any]:
    """Scores of ``nlp`` on CoNLL/BIO files and labelled-document JSONL files.

    Args:
        nlp: The pipeline to evaluate.
        conll: CoNLL / BIO files (sentences; raw text through the pipeline unless
            ``gold_tokens``): entity scores.
        labelled: Labelled-document JSONL files (:mod:`bkkbn_nlp.io.labelled`): every
            annotated layer (:func:`evaluate_labelled`).
        gold_tokens: For CoNLL files, use the file's tokens.

    Returns:
        ``{source: scores}``. For every source, ``"micro"`` and ``"per_label"`` are the
        entity scores (for a labelled file they repeat ``scores["entities"]``; empty when
        it annotates no entities), and ``"documents"`` the number of documents. A
        labelled file's scores also hold the layers of :func:`evaluate_labelled`.

    Raises:
        LabelledDataError: A labelled file has a malformed record (names file and line).
    """
    from ..io.labelled import read_labelled

    results: dict[str, Any] = {}
    for path in conll:
        results[str(path)] = evaluate_ner_conll(nlp, path, raw_text=not gold_tokens)
    for path in labelled:
        scores = evaluate_labelled(nlp, list(read_labelled(path)))
        ents = scores.get("entities") or {}
        results[str(path)] = {
            "micro": ents.get("micro", prf(0, 0, 0)),
            "per_label": ents.get("per_label", {}),
            **scores,
            "source": str(path),
            "format": "labelled",
        }
    return results


def _num(x: float | None) -> str:
    return "     –" if x is None else f"{x:>6.3f}"


def _row(layer: str, what: str, p: float | None, r: float | None, f: float | None,
         gold: int | str = "", pred: int | str = "", extra: str = "") -> str:
    return (f"  {layer:<10} {what:<22} {_num(p)} {_num(r)} {_num(f)} {gold!s:>6} {pred!s:>6}"
            f"  {extra}").rstrip()


def _prf_row(layer: str, what: str, m: dict[str, Any], extra: str = "") -> str:
    # entity/token/sentence scores use precision/recall/tp/fp/fn; quote scores p/r/gold/pred
    if "precision" in m:
        return _row(layer, what, m["precision"], m["recall"], m["f1"], m["tp"] + m["fn"],
                    m["tp"] + m["fp"], extra)
    return _row(layer, what, m["p"], m["r"], m["f1"], m["gold"], m["pred"], extra)


def _labelled_rows(r: dict[str, Any]) -> list[str]:
    lines: list[str] = []
    for layer in LAYERS:
        m = r.get(layer)
        if m is None:
            lines.append(f"  {layer:<10} not annotated in the gold")
            continue
        if "skipped" in m:
            lines.append(f"  {layer:<10} not scored: {m['skipped']}")
            continue
        docs = f"docs={m['documents']}"
        if layer == "tokens":
            lines.append(_prf_row(layer, "spans", m, docs))
        elif layer == "sentences":
            lines.append(_prf_row(layer, "boundaries", m["boundaries"], docs))
            lines.append(_prf_row(layer, "spans", m["spans"]))
        elif layer == "entities":
            lines.append(_prf_row(layer, "micro", m["micro"], docs))
            for label, lm in sorted(m["per_label"].items()):
                lines.append(_prf_row(layer, label, lm))
        elif layer == "quotes":
            for t in ("all", "direct", "indirect"):
                q = m[t]
                acc = q["speaker_acc"]
                speaker = "–" if acc is None else f"{acc:.3f}"
                lines.append(_prf_row(layer, f"{t} match", q["quote"],
                                      f"speaker acc {speaker} (n={q['speaker_n']})"
                                      + (f"  {docs}" if t == "all" else "")))
                lines.append(_prf_row(layer, f"{t} exact", q["exact"]))
                lines.append(_prf_row(layer, f"{t} cue", q["cue"]))
            lines.append(f"  {'':<10} (match: covers at least half of a gold quote's "
                         "characters, same type; speaker accuracy over matched quotes)")
        else:
            lines.append(_prf_row(layer, "micro", m["micro"], docs))
            lines.append(_row(layer, "macro F1", None, None, m["macro_f1"]))
            lines.append(f"  {layer:<10} {'top-label accuracy':<22} {m['top_label_accuracy']:>6.3f}"
                         "  (first predicted label = first gold label)")
            lines.append(f"  {layer:<10} {'exact label set':<22} {m['exact_set']:>6.3f}"
                         "  (share of documents)")
            for label, lm in sorted(m["per_label"].items()):
                lines.append(_prf_row(layer, label, lm))
    return lines


def format_table(results: dict[str, Any]) -> str:
    """A plain-text table of :func:`evaluate` results: one block per source; ``gold`` and
    ``pred`` count the items on each side."""
    header = (f"  {'layer':<10} {'what':<22} {'P':>6} {'R':>6} {'F1':>6} {'gold':>6} "
              f"{'pred':>6}")
    lines: list[str] = []
    for source, r in results.items():
        n = r.get("documents", 0)
        lines.append(f"{source} ({n} document{'s' if n != 1 else ''})")
        lines.append(header)
        lines.append("  " + "-" * (len(header) - 2))
        if r.get("format") == "labelled":
            lines.extend(_labelled_rows(r))
        else:
            lines.append(_prf_row("entities", "micro", r["micro"]))
            for label, m in sorted(r["per_label"].items()):
                lines.append(_prf_row("entities", label, m))
        lines.append("")
    return "\n".join(lines).rstrip("\n")
