"""The trainable topic tagger: a scikit-learn estimator (imported only for training).

Inference runs on the plain-data :class:`~bkkbn_nlp.topics.TopicModel` that :meth:`fit`
builds (``model_``), the same object the pipeline component loads, so training, the saved
file and the pipeline give identical scores. Import it as ``bkkbn_nlp.topics.TopicTagger``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.exceptions import NotFittedError
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold, KFold

from ..errors import Errors
from ..labels import TOPIC_LABELS
from ..lang.stemmer import stem_text
from .model import TopicModel, char_wb_ngrams, check_texts, expit, word_ngrams

__all__ = ["TopicTagger", "best_threshold", "platt_scale"]


def best_threshold(y: np.ndarray, p: np.ndarray) -> tuple[float, float]:
    """The threshold in [0.05, 0.95] maximising F1 of ``p >= t`` (ties: closest to 0.5)."""
    candidates = np.unique(np.concatenate([np.round(p, 6), np.linspace(0.05, 0.95, 19)]))
    candidates = candidates[(candidates >= 0.05) & (candidates <= 0.95)]
    best_t, best_f1 = 0.5, -1.0
    pos = y.sum()
    for t in candidates:
        pred = p >= t
        tp = float(np.sum(pred & (y == 1)))
        denom = pred.sum() + pos
        f1 = 2.0 * tp / denom if denom else 0.0
        closer = abs(t - 0.5) < abs(best_t - 0.5)
        if f1 > best_f1 + 1e-12 or (abs(f1 - best_f1) <= 1e-12 and closer):
            best_t, best_f1 = float(t), f1
    return best_t, best_f1


class TopicTagger(ClassifierMixin, BaseEstimator):
    """Multi-label topic tagger: TF-IDF n-grams and one logistic regression per label.

    Args:
        max_features: Cap on each feature block's vocabulary (word and char).
        C: Inverse regularisation strength of the logistic regressions.
        class_weight: Passed to ``LogisticRegression`` (``"balanced"`` by default).
        min_df: Minimum document frequency of an n-gram.
        char_ngrams: ``(min_n, max_n)`` of the ``char_wb`` n-grams, or ``None`` for words only.
        threshold_cv: Folds for the out-of-fold probabilities the per-label thresholds are
            tuned on; ``0`` or ``1``: every threshold is ``default_threshold``.
        default_threshold: Threshold of labels too rare to tune (< 3 positives).
        max_labels: At most this many labels per text (the guidelines allow 1-3).
        labels: Label order of the output; ``None``: the taxonomy, then any other label seen.
        random_state: Seed of the threshold folds and of liblinear (results are repeatable).
        word_ngrams: ``(min_n, max_n)`` of the word n-grams.
        max_chars: Read only the first ``max_chars`` characters of each text (``None``: all).
        stem: Read each text through :func:`bkkbn_nlp.lang.stemmer.stem_text` (words reduced
            to their roots) before the word and char n-grams.
        calibrate: Platt-scale each label's scores on the out-of-fold scores of the
            threshold folds (a one-feature logistic regression on the linear score), so that
            a score of 0.7 means the label is right about 70% of the time; the thresholds are
            then chosen on the calibrated scores. The scaling is folded into the weights
            (``a·(w·x + c) + b``), so the saved model and its inference are unchanged.

    Learned attributes: ``labels_`` (labels with a model, the columns of
    :meth:`predict_proba`), ``thresholds_``, ``skipped_labels_`` (label → reason),
    ``notes_``, ``word_vectorizer_``, ``char_vectorizer_``, ``coef_``, ``intercept_``,
    ``oof_f1_`` (out-of-fold F1 at the chosen threshold), ``n_features_``, ``model_`` (the
    plain-data :class:`~bkkbn_nlp.topics.TopicModel` that predicts and is saved).
    """

    def __init__(self, max_features: int = 20000, C: float = 10.0,
                 class_weight: str | dict[Any, float] | None = "balanced", min_df: int = 2,
                 char_ngrams: tuple[int, int] | None = (3, 5), threshold_cv: int = 5,
                 default_threshold: float = 0.5, max_labels: int = 3,
                 labels: Sequence[str] | None = None, random_state: int = 0,
                 word_ngrams: tuple[int, int] = (1, 2), max_chars: int | None = None,
                 calibrate: bool = False, stem: bool = False) -> None:
        self.max_features = max_features
        self.C = C
        self.class_weight = class_weight
        self.min_df = min_df
        self.char_ngrams = char_ngrams
        self.threshold_cv = threshold_cv
        self.default_threshold = default_threshold
        self.max_labels = max_labels
        self.labels = labels
        self.random_state = random_state
        self.word_ngrams = word_ngrams
        self.max_chars = max_chars
        self.calibrate = calibrate
        self.stem = stem

    # -- features ---------------------------------------------------------------------------

    def _cut(self, texts: list[str]) -> list[str]:
        """The part of each text the model reads (``max_chars``), stemmed with ``stem``."""
        cut = texts if self.max_chars is None else [t[: self.max_chars] for t in texts]
        return [stem_text(t) for t in cut] if self.stem else cut

    def _analyzers(self) -> tuple[Callable[[str], list[str]], Callable[[str], list[str]] | None]:
        word = partial(word_ngrams, ngram_range=_pair(self.word_ngrams))
        char = (partial(char_wb_ngrams, ngram_range=_pair(self.char_ngrams))
                if self.char_ngrams is not None else None)
        return word, char

    def _make_vectorizers(self, n_docs: int, cache: _Cache | None = None
                          ) -> tuple[TfidfVectorizer, TfidfVectorizer | None]:
        min_df = min(self.min_df, max(1, n_docs))
        word_fn, char_fn = self._analyzers()
        word = TfidfVectorizer(analyzer=cache.wrap(word_fn) if cache else word_fn,
                               min_df=min_df, max_features=self.max_features,
                               sublinear_tf=True, dtype=np.float64)
        char = None
        if char_fn is not None:
            char = TfidfVectorizer(analyzer=cache.wrap(char_fn) if cache else char_fn,
                                   min_df=min_df, max_features=self.max_features,
                                   sublinear_tf=True, dtype=np.float64)
        return word, char

    # -- fitting ----------------------------------------------------------------------------

    def _label_order(self, Y: list[list[str]]) -> list[str]:
        seen = {label for labels in Y for label in labels}
        if self.labels is not None:
            unknown = seen - set(self.labels)
            if unknown:
                raise ValueError(f"labels not in `labels`: {sorted(unknown)}")
            return list(self.labels)
        extra = sorted(seen - set(TOPIC_LABELS))
        return [label for label in TOPIC_LABELS if label in seen] + extra

    def fit(self, X: Iterable[str], Y: Sequence[Sequence[str]],
            sample_weight: Sequence[float] | np.ndarray | None = None,
            groups: Sequence[Any] | None = None) -> TopicTagger:
        """Learn from texts ``X`` and their label lists ``Y`` (each 1-3 labels).

        ``sample_weight`` (optional) weighs each text in the logistic regressions (for
        example to count weak or self-written examples less than hand-labelled articles).
        ``groups`` (optional, one value per text: its outlet and year, say) makes the
        threshold folds whole groups (``GroupKFold``), so that each label's threshold is
        chosen on text of sources the fold's model did not see, as it will be used.
        """
        texts = check_texts(X)
        label_lists = [list(y) for y in Y]
        if len(texts) != len(label_lists):
            raise ValueError(f"{len(texts)} texts but {len(label_lists)} label lists")
        if len(texts) < 2:
            raise ValueError("need at least two texts to fit")
        weights = None
        if sample_weight is not None:
            weights = np.asarray(sample_weight, dtype=np.float64)
            if weights.shape != (len(texts),) or not np.all(np.isfinite(weights)) or (
                    weights < 0).any():
                raise ValueError(Errors.E064.format(n=len(texts)))
        group_ids = None
        if groups is not None:
            group_ids = np.asarray(list(groups), dtype=object)
            if group_ids.shape != (len(texts),):
                raise ValueError(f"{len(texts)} texts but {len(group_ids)} groups")
        order = self._label_order(label_lists)
        ind = np.array([[label in y for label in order] for y in label_lists], dtype=np.int8)

        skipped: dict[str, str] = {}
        kept: list[int] = []
        for j, label in enumerate(order):
            pos = int(ind[:, j].sum())
            if pos == 0:
                skipped[label] = "no training example"
            elif pos == len(texts):
                skipped[label] = "every training example has it (no negatives)"
            else:
                kept.append(j)
        if not kept:
            raise ValueError("no label has both positive and negative examples")

        labels = [order[j] for j in kept]
        ind_kept = ind[:, kept]
        cache = _Cache()  # each text is analysed once per fit, also across threshold folds
        self._fit_core(texts, ind_kept, labels, weights, cache)
        self.labels_ = labels
        self.skipped_labels_ = skipped
        self.notes_: dict[str, str] = {}

        thresholds = {label: float(self.default_threshold) for label in self.labels_}
        oof_f1: dict[str, float] = {}
        n_splits = min(int(self.threshold_cv), len(texts))
        if group_ids is not None:
            n_splits = min(n_splits, len(set(group_ids.tolist())))
        self.calibration_: dict[str, tuple[float, float]] = {}
        if n_splits >= 2:
            oof = _oof_proba(self, texts, ind_kept, labels, weights, n_splits, cache, group_ids)
            if self.calibrate:
                oof, scale = platt_scale(oof, ind_kept)
                for j, (a, b) in scale.items():  # a·(w·x + c) + b, folded into the weights
                    self.coef_[j] *= a
                    self.intercept_[j] = a * self.intercept_[j] + b
                    self.calibration_[labels[j]] = (a, b)
            for j, label in enumerate(self.labels_):
                y = ind_kept[:, j]
                if y.sum() < 3:
                    self.notes_[label] = (f"only {int(y.sum())} positive example(s): model "
                                          f"trained, threshold left at {self.default_threshold}")
                    continue
                thresholds[label], oof_f1[label] = best_threshold(y, oof[:, j])
        else:
            for j, label in enumerate(self.labels_):
                if ind_kept[:, j].sum() < 3:
                    self.notes_[label] = f"only {int(ind_kept[:, j].sum())} positive example(s)"
        self.thresholds_ = thresholds
        self.oof_f1_ = oof_f1
        self.model_ = self._make_model(labels, thresholds)
        # the fitted vectorisers keep the plain analysers, not the cache
        word_fn, char_fn = self._analyzers()
        self.word_vectorizer_.set_params(analyzer=word_fn)
        if self.char_vectorizer_ is not None:
            self.char_vectorizer_.set_params(analyzer=char_fn)
        return self

    def _fit_core(self, texts: list[str], ind: np.ndarray, labels: list[str],
                  weights: np.ndarray | None, cache: _Cache | None = None) -> None:
        """Vectorisers and one logistic regression per column of ``ind``."""
        texts = self._cut(texts)
        word, char = self._make_vectorizers(len(texts), cache)
        blocks = [word.fit_transform(texts)]
        self.word_vectorizer_ = word
        self.char_vectorizer_ = char
        if char is not None:
            blocks.append(char.fit_transform(texts))
        features = sp.hstack(blocks, format="csr")
        self.n_features_ = int(features.shape[1])
        coef = np.zeros((ind.shape[1], features.shape[1]))
        intercept = np.zeros(ind.shape[1])
        for j in range(ind.shape[1]):
            y = ind[:, j]
            if y.min() == y.max():  # only inside threshold folds: a constant column
                intercept[j] = 20.0 if y[0] else -20.0
                continue
            # dual liblinear: same solution, much faster with more features than texts
            lr = LogisticRegression(C=self.C, class_weight=self.class_weight,
                                    solver="liblinear", dual=True, max_iter=1000,
                                    random_state=self.random_state)
            lr.fit(features, y, sample_weight=weights)
            coef[j] = lr.coef_[0]
            intercept[j] = lr.intercept_[0]
        self.coef_ = coef
        self.intercept_ = intercept
        self.model_ = self._make_model(labels, {label: 0.5 for label in labels})

    def _make_model(self, labels: list[str], thresholds: dict[str, float]) -> TopicModel:
        blocks: list[tuple[str, tuple[int, int], list[str], np.ndarray]] = [
            ("word", _pair(self.word_ngrams), _terms(self.word_vectorizer_),
             self.word_vectorizer_.idf_)]
        if self.char_vectorizer_ is not None and self.char_ngrams is not None:
            blocks.append(("char_wb", _pair(self.char_ngrams), _terms(self.char_vectorizer_),
                           self.char_vectorizer_.idf_))
        return TopicModel(labels, thresholds, self.coef_, self.intercept_, blocks,
                          max_labels=self.max_labels, max_chars=self.max_chars,
                          stem=self.stem)

    # -- prediction -------------------------------------------------------------------------

    def _check_fitted(self) -> None:
        if not hasattr(self, "thresholds_"):
            raise NotFittedError(
                f"This {type(self).__name__} instance is not fitted yet. Call 'fit' with "
                "appropriate arguments before using this estimator."
            )

    def predict_proba(self, X: Iterable[str]) -> np.ndarray:
        """Per-label probabilities, shape ``(n_texts, len(labels_))``."""
        self._check_fitted()
        texts = check_texts(X)
        if not texts:
            return np.zeros((0, len(self.labels_)))
        return self.model_.predict_proba(texts)

    def predict(self, X: Iterable[str]) -> list[list[str]]:
        """Labels above their thresholds, best first, at most ``max_labels``; always at
        least the top label."""
        self._check_fitted()
        texts = check_texts(X)
        return self.model_.predict(texts) if texts else []

    def score(self, X: Iterable[str], y: Sequence[Sequence[str]],
              sample_weight: Any = None) -> float:
        """Micro-averaged F1 of :meth:`predict` against ``y``."""
        pred = self.predict(X)
        tp = sum(len(set(p) & set(g)) for p, g in zip(pred, y, strict=True))
        n = sum(len(p) for p in pred) + sum(len(g) for g in y)
        return 2.0 * tp / n if n else 0.0

    # -- persistence (plain data, no pickle) ------------------------------------------------

    def save(self, path: str | Path, *, meta: dict[str, Any] | None = None) -> None:
        """Write ``topic_tagger.json`` and ``topic_tagger.npz`` into the directory ``path``
        (the :class:`~bkkbn_nlp.topics.TopicModel` format, plus the estimator's
        parameters so :meth:`load` can rebuild it). ``meta``: more JSON-able facts for the
        model file, e.g. ``{"sources": [{"name": ..., "license": ...}]}`` (the default
        pipeline copies ``sources`` into its ``meta.json``)."""
        self._check_fitted()
        params = self.get_params()
        params["char_ngrams"] = list(self.char_ngrams) if self.char_ngrams else None
        params["word_ngrams"] = list(self.word_ngrams)
        params["labels"] = list(self.labels) if self.labels is not None else None
        self.model_.meta = {
            "params": params,
            "skipped_labels": self.skipped_labels_,
            "notes": self.notes_,
            "oof_f1": self.oof_f1_,
            "calibration": {k: list(v) for k, v in getattr(self, "calibration_", {}).items()},
            **(meta or {}),
        }
        self.model_.save(path)

    @classmethod
    def load(cls, path: str | Path) -> TopicTagger:
        """Read a model written by :meth:`save` (``allow_pickle`` stays off)."""
        model = TopicModel.load(path)
        params = dict(model.meta.get("params") or {})
        for key in ("char_ngrams", "word_ngrams"):
            if params.get(key) is not None:
                params[key] = tuple(params[key])
        tagger = cls(**params)
        tagger.model_ = model
        tagger.labels_ = list(model.labels)
        tagger.thresholds_ = dict(model.thresholds)
        tagger.coef_ = model.coef
        tagger.intercept_ = model.intercept
        tagger.skipped_labels_ = dict(model.meta.get("skipped_labels") or {})
        tagger.notes_ = dict(model.meta.get("notes") or {})
        tagger.oof_f1_ = {k: float(v) for k, v in (model.meta.get("oof_f1") or {}).items()}
        tagger.n_features_ = model.n_features
        tagger.word_vectorizer_ = None
        tagger.char_vectorizer_ = None
        return tagger


def _oof_proba(tagger: TopicTagger, texts: list[str], ind: np.ndarray, labels: list[str],
               weights: np.ndarray | None, n_splits: int, cache: _Cache,
               groups: np.ndarray | None = None) -> np.ndarray:
    """Out-of-fold probabilities (what ``cross_val_predict(method="predict_proba")``
    gives, computed directly because a fold may miss a rare label entirely); folds of
    whole ``groups`` when given."""
    oof = np.zeros(ind.shape, dtype=np.float64)
    cut = tagger._cut(texts)
    if groups is None:
        splits = KFold(n_splits=n_splits, shuffle=True,
                       random_state=tagger.random_state).split(texts)
    else:
        splits = GroupKFold(n_splits=n_splits).split(texts, groups=groups)
    for train, test in splits:
        inner = clone(tagger)
        inner._fit_core([texts[i] for i in train], ind[train], labels,
                        None if weights is None else weights[train], cache)
        test_texts = [cut[i] for i in test]
        blocks = [inner.word_vectorizer_.transform(test_texts)]
        if inner.char_vectorizer_ is not None:
            blocks.append(inner.char_vectorizer_.transform(test_texts))
        scores = sp.hstack(blocks, format="csr") @ inner.model_.coef.astype(np.float64).T
        oof[test] = expit(np.asarray(scores) + inner.intercept_)
    return oof


def platt_scale(oof: np.ndarray, ind: np.ndarray
                ) -> tuple[np.ndarray, dict[int, tuple[float, float]]]:
    """Platt scaling of each column of out-of-fold probabilities ``oof`` against the 0/1
    columns of ``ind`` (a one-feature logistic regression on the logit): the calibrated
    probabilities and ``{column: (a, b)}`` for the columns with at least three positives
    whose scores rank (``a > 0``)."""
    z = np.log(np.clip(oof, 1e-9, 1 - 1e-9)) - np.log1p(-np.clip(oof, 1e-9, 1 - 1e-9))
    out = oof.copy()
    scale: dict[int, tuple[float, float]] = {}
    for j in range(ind.shape[1]):
        y = ind[:, j]
        if y.sum() < 3 or y.sum() == len(y):
            continue
        lr = LogisticRegression(C=1e4, solver="lbfgs", max_iter=1000).fit(z[:, j:j + 1], y)
        a, b = float(lr.coef_[0, 0]), float(lr.intercept_[0])
        if a > 0:
            scale[j] = (a, b)
            out[:, j] = expit(a * z[:, j] + b)
    return out, scale


class _Cache:
    """Analyser results (as term counts) by (analyser, text), kept for one
    :meth:`TopicTagger.fit` call so the threshold folds do not analyse a text again."""

    def __init__(self) -> None:
        self._store: dict[tuple[str, str], Counter[str]] = {}

    def wrap(self, fn: Callable[[str], list[str]]) -> Callable[[str], Iterable[str]]:
        key = repr(fn)  # e.g. "functools.partial(<function word_ngrams ...>, ngram_range=...)"
        store = self._store

        def cached(text: str) -> Iterable[str]:
            found = store.get((key, text))
            if found is None:
                found = store[(key, text)] = Counter(fn(text))
            return found.elements()

        return cached


def _pair(value: Sequence[int]) -> tuple[int, int]:
    low, high = value
    return int(low), int(high)


def _terms(vectorizer: TfidfVectorizer) -> list[str]:
    terms = [""] * len(vectorizer.vocabulary_)
    for term, index in vectorizer.vocabulary_.items():
        terms[index] = term
    return terms
