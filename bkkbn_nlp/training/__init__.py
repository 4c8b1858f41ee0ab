"""Layer 9, training: train the CRF entity tagger, the topic tagger and whole pipelines from
labelled data, with data sets, licences, seeds and scores recorded in each model's meta
(:mod:`.trainers`); the shipped CRF from the project's own data sets (:mod:`.crf`,
``bkkbn-nlp train crf``) and its cross-validation (:mod:`.crossval`, ``bkkbn-nlp train
crossval``).

May import every layer below it (and :mod:`bkkbn_nlp.evaluation`); the CLI calls it.
"""

from __future__ import annotations

from .trainers import (
    DEFAULT_SEED,
    labelled_to_sentences,
    ner_sentences,
    news_entity_sentences,
    parse_licences,
    train_ner,
    train_pipeline,
    train_topics,
)

__all__ = ["train_ner", "train_topics", "train_pipeline", "ner_sentences",
           "labelled_to_sentences", "news_entity_sentences", "parse_licences", "DEFAULT_SEED"]
