"""Layer 4, topics: tagging over the fixed taxonomy (:data:`bkkbn_nlp.labels.TOPIC_LABELS`).

* :mod:`.estimator`: :class:`TopicTagger`, the scikit-learn estimator that is *trained*
  (TF-IDF word and ``char_wb`` n-grams, one logistic regression per label, per-label
  thresholds tuned on out-of-fold probabilities). Training only; imported lazily here.
* :mod:`.model`: :class:`TopicModel`, a trained tagger as plain data with numpy-only
  inference, the shared text features, :class:`KeywordBaseline` and :func:`top_labels`.
* :mod:`.component`: :class:`TopicComponent` (``bkkbn_topics``), setting
  ``doc._.topics = {label: score}``.

May import the base modules and :mod:`bkkbn_nlp.text`. Loading a pipeline never imports
scikit-learn or scipy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .component import TopicComponent, make_topics
from .model import (
    MODEL_FORMAT,
    STOP_WORDS,
    KeywordBaseline,
    TopicModel,
    char_wb_ngrams,
    load_keywords,
    preprocess,
    top_labels,
    word_ngrams,
)

if TYPE_CHECKING:
    from .estimator import TopicTagger

__all__ = [
    "TopicTagger",
    "TopicModel",
    "KeywordBaseline",
    "TopicComponent",
    "make_topics",
    "top_labels",
    "preprocess",
    "word_ngrams",
    "char_wb_ngrams",
    "load_keywords",
    "MODEL_FORMAT",
    "STOP_WORDS",
]


def __getattr__(name: str) -> Any:
    # TopicTagger needs scikit-learn: imported only when asked for, so the pipeline
    # component (and `top_labels`) never pay for it.
    if name == "TopicTagger":
        from .estimator import TopicTagger

        return TopicTagger
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
