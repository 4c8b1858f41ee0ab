"""Layer 8, evaluation: score every layer (tokens, sentences, entities, quotes, topics)
against gold data and format the results as a table (:mod:`.scoring`); the project's NER and
quote evaluation sets and the topic cross-validation behind ``bkkbn-nlp evaluate
ner|quotes|topics`` (:mod:`.ner`, :mod:`.quotes`, :mod:`.topics`).

May import every layer below it, the pipeline and the API; never :mod:`bkkbn_nlp.training`
or the CLI.
"""

from __future__ import annotations

from .scoring import (
    LAYERS,
    analyze_clean,
    evaluate,
    evaluate_labelled,
    evaluate_ner_conll,
    evaluate_ner_labelled,
    format_table,
    prf,
    score_sentences,
    score_sets,
    score_spans,
    score_tokens,
    score_topics,
    trim_span,
)

__all__ = ["prf", "score_spans", "score_sets", "score_tokens", "score_sentences",
           "score_topics", "evaluate_ner_conll", "evaluate_ner_labelled", "evaluate_labelled",
           "analyze_clean", "trim_span", "evaluate", "format_table", "LAYERS"]
