"""Topic tagging over the fixed taxonomy (:data:`bkkbn_nlp.schema.TOPIC_LABELS`).

* :class:`TopicTagger`: a scikit-learn estimator (TF-IDF word 1-2 grams + ``char_wb`` 3-5
  grams, one logistic regression per label, per-label thresholds tuned on out-of-fold
  probabilities). Saved as plain data (JSON vocabulary + ``.npz`` arrays), never pickled.
* :class:`KeywordBaseline`: counts hits of the hand-written keyword lists in
  ``lang/data/topic_keywords.jsonl``.
* :class:`TopicComponent` / :func:`make_topics`: the spaCy component setting
  ``doc._.topics = {label: score}``; :func:`top_labels` picks the labels the Analysis lists.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.exceptions import NotFittedError
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import KFold

from .schema import TOPIC_LABELS

__all__ = [
    "TopicTagger",
    "KeywordBaseline",
    "TopicComponent",
    "make_topics",
    "top_labels",
    "preprocess",
    "load_keywords",
    "MODEL_FORMAT",
]

#: Version of the saved-model layout (``topic_tagger.json`` + ``topic_tagger.npz``).
MODEL_FORMAT = 1
_JSON_FILE = "topic_tagger.json"
_NPZ_FILE = "topic_tagger.npz"

_URL = re.compile(r"https?://\S+|www\.\S+|\S+@\S+")
_NOT_LETTER = re.compile(r"[^a-z\-\s]+")
_LOOSE_HYPHEN = re.compile(r"(?<![a-z])-|-(?![a-z])")
_SPACES = re.compile(r"\s+")
# News-site names and dateline noise: they say which site published the text, not its topic.
_SOURCE_NOISE = re.compile(
    r"\b(?:kompas|com|republika|co|id|viva|vivanews|tribunnews|tribun|merdeka|antara|"
    r"antaranews|okezone|detik|detikcom|liputan|www|baca|juga)\b"
)

#: Indonesian function words left out of the word n-grams (char n-grams still see them).
STOP_WORDS: tuple[str, ...] = (
    "yang", "dan", "di", "ke", "dari", "ini", "itu", "dengan", "untuk", "pada", "dalam",
    "tidak", "akan", "juga", "ada", "oleh", "atau", "sudah", "telah", "saat", "karena",
    "bahwa", "kami", "kita", "mereka", "ia", "dia", "saya", "anda", "adalah", "para", "lebih",
    "bisa", "dapat", "hal", "tersebut", "masih", "lalu", "namun", "jika", "agar", "sebagai",
    "seperti", "hingga", "sampai", "kepada", "bagi", "pun", "lagi", "sangat", "harus",
    "belum", "hanya", "kata", "ujar", "ungkap", "jelas", "tutur", "menurut", "nya", "pula",
    "sebuah", "satu", "dua", "tiga", "tahun", "hari", "senin", "selasa", "rabu", "kamis",
    "jumat", "sabtu", "minggu", "bulan", "agustus", "serta", "kemudian", "setelah", "sebelum",
    "antara", "lain", "tak", "tengah", "atas", "bawah", "sejak", "yakni", "yaitu",
    "ya", "kan", "bila", "maka", "pukul", "wib", "sementara", "selain", "begitu", "sendiri",
)


def preprocess(text: str) -> str:
    """Lower-case and strip noise: URLs, e-mail addresses, digits, punctuation, site names.

    Glued sentences (``"smartphone.Sebuah"``) come apart because punctuation becomes a
    space; word-internal hyphens (reduplication, ``anak-anak``) are kept.
    """
    text = _URL.sub(" ", text.lower())
    text = _NOT_LETTER.sub(" ", text)
    text = _LOOSE_HYPHEN.sub(" ", text)
    text = _SOURCE_NOISE.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def _check_texts(X: Any) -> list[str]:
    if isinstance(X, str):
        raise TypeError("X must be a list of texts, not one string")
    texts = list(X)
    for t in texts:
        if not isinstance(t, str):
            raise TypeError(f"every text must be a str, got {type(t).__name__}")
    return texts


def _expit(z: np.ndarray) -> np.ndarray:
    out: np.ndarray = 0.5 * (1.0 + np.tanh(0.5 * z))
    return out


def _best_threshold(y: np.ndarray, p: np.ndarray) -> tuple[float, float]:
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
        max_features: Cap on each vectoriser's vocabulary (word and char); keeps models small.
        C: Inverse regularisation strength of the logistic regressions.
        class_weight: Passed to ``LogisticRegression`` (``"balanced"`` by default).
        min_df: Minimum document frequency of an n-gram.
        char_ngrams: ``(min_n, max_n)`` of the ``char_wb`` n-grams, or ``None`` for words only.
        threshold_cv: Folds for the out-of-fold probabilities the per-label thresholds are
            tuned on; ``0`` or ``1``: every threshold is ``default_threshold``.
        default_threshold: Threshold of labels too rare to tune (< 3 positives).
        max_labels: At most this many labels per text (the guidelines allow 1-3).
        labels: Label order of the output; ``None``: the taxonomy, then any other label seen.
        random_state: Seed of the threshold folds.

    Learned attributes: ``labels_`` (labels with a model, the columns of
    :meth:`predict_proba`), ``thresholds_``, ``skipped_labels_`` (label → reason),
    ``notes_``, ``word_vectorizer_``, ``char_vectorizer_``, ``coef_``, ``intercept_``,
    ``oof_f1_`` (out-of-fold F1 at the chosen threshold), ``n_features_``.
    """

    def __init__(self, max_features: int = 20000, C: float = 10.0,
                 class_weight: str | dict[Any, float] | None = "balanced", min_df: int = 2,
                 char_ngrams: tuple[int, int] | None = (3, 5), threshold_cv: int = 5,
                 default_threshold: float = 0.5, max_labels: int = 3,
                 labels: Sequence[str] | None = None, random_state: int = 0) -> None:
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

    # -- features ---------------------------------------------------------------------------

    def _make_vectorizers(self, n_docs: int) -> tuple[TfidfVectorizer, TfidfVectorizer | None]:
        min_df = min(self.min_df, max(1, n_docs))
        word = TfidfVectorizer(
            preprocessor=preprocess, token_pattern=r"(?u)\b[a-z][a-z\-]+\b",
            stop_words=list(STOP_WORDS), ngram_range=(1, 2), min_df=min_df,
            max_features=self.max_features, sublinear_tf=True, dtype=np.float64,
        )
        char = None
        if self.char_ngrams is not None:
            char = TfidfVectorizer(
                preprocessor=preprocess, analyzer="char_wb",
                ngram_range=tuple(self.char_ngrams), min_df=min_df,
                max_features=self.max_features, sublinear_tf=True, dtype=np.float64,
            )
        return word, char

    def _features(self, texts: list[str]) -> sp.csr_matrix:
        blocks = [self.word_vectorizer_.transform(texts)]
        if self.char_vectorizer_ is not None:
            blocks.append(self.char_vectorizer_.transform(texts))
        return sp.hstack(blocks, format="csr")

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

    def fit(self, X: Iterable[str], Y: Sequence[Sequence[str]]) -> TopicTagger:
        """Learn from texts ``X`` and their label lists ``Y`` (each 1-3 labels)."""
        texts = _check_texts(X)
        label_lists = [list(y) for y in Y]
        if len(texts) != len(label_lists):
            raise ValueError(f"{len(texts)} texts but {len(label_lists)} label lists")
        if len(texts) < 2:
            raise ValueError("need at least two texts to fit")
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

        self._fit_core(texts, ind[:, kept])
        self.labels_ = [order[j] for j in kept]
        self.skipped_labels_ = skipped
        self.notes_ = {}
        ind_kept = ind[:, kept]

        thresholds = {label: float(self.default_threshold) for label in self.labels_}
        oof_f1: dict[str, float] = {}
        n_splits = min(int(self.threshold_cv), len(texts))
        if n_splits >= 2:
            oof = self._oof_proba(texts, ind_kept, n_splits)
            for j, label in enumerate(self.labels_):
                y = ind_kept[:, j]
                if y.sum() < 3:
                    self.notes_[label] = (f"only {int(y.sum())} positive example(s): model "
                                          f"trained, threshold left at {self.default_threshold}")
                    continue
                thresholds[label], oof_f1[label] = _best_threshold(y, oof[:, j])
        else:
            for j, label in enumerate(self.labels_):
                if ind_kept[:, j].sum() < 3:
                    self.notes_[label] = f"only {int(ind_kept[:, j].sum())} positive example(s)"
        self.thresholds_ = thresholds
        self.oof_f1_ = oof_f1
        return self

    def _fit_core(self, texts: list[str], ind: np.ndarray) -> None:
        """Vectorisers and one logistic regression per column of ``ind``."""
        word, char = self._make_vectorizers(len(texts))
        self.word_vectorizer_ = word.fit(texts)
        self.char_vectorizer_ = char.fit(texts) if char is not None else None
        features = self._features(texts)
        self.n_features_ = int(features.shape[1])
        coef = np.zeros((ind.shape[1], features.shape[1]))
        intercept = np.zeros(ind.shape[1])
        for j in range(ind.shape[1]):
            y = ind[:, j]
            if y.min() == y.max():  # only inside threshold folds: a constant column
                intercept[j] = 20.0 if y[0] else -20.0
                continue
            lr = LogisticRegression(C=self.C, class_weight=self.class_weight,
                                    solver="liblinear", max_iter=1000)
            lr.fit(features, y)
            coef[j] = lr.coef_[0]
            intercept[j] = lr.intercept_[0]
        self.coef_ = coef
        self.intercept_ = intercept

    def _oof_proba(self, texts: list[str], ind: np.ndarray, n_splits: int) -> np.ndarray:
        """Out-of-fold probabilities (what ``cross_val_predict(method="predict_proba")``
        gives, computed directly because a fold may miss a rare label entirely)."""
        oof = np.zeros(ind.shape, dtype=np.float64)
        folds = KFold(n_splits=n_splits, shuffle=True, random_state=self.random_state)
        for train, test in folds.split(texts):
            inner = clone(self)
            inner._fit_core([texts[i] for i in train], ind[train])
            oof[test] = inner._decision_proba([texts[i] for i in test])
        return oof

    # -- prediction -------------------------------------------------------------------------

    def _check_fitted(self) -> None:
        if not hasattr(self, "coef_"):
            raise NotFittedError(
                f"This {type(self).__name__} instance is not fitted yet. Call 'fit' with "
                "appropriate arguments before using this estimator."
            )

    def _decision_proba(self, texts: list[str]) -> np.ndarray:
        scores = self._features(texts) @ self.coef_.T + self.intercept_
        return _expit(np.asarray(scores))

    def predict_proba(self, X: Iterable[str]) -> np.ndarray:
        """Per-label probabilities, shape ``(n_texts, len(labels_))``."""
        self._check_fitted()
        texts = _check_texts(X)
        if not texts:
            return np.zeros((0, len(self.labels_)))
        return self._decision_proba(texts)

    def predict(self, X: Iterable[str]) -> list[list[str]]:
        """Labels above their thresholds, best first, at most ``max_labels``; always at
        least the top label."""
        proba = self.predict_proba(X)
        thr = np.array([self.thresholds_[label] for label in self.labels_])
        out: list[list[str]] = []
        for row in proba:
            order = np.argsort(-row, kind="stable")
            chosen = [self.labels_[j] for j in order if row[j] >= thr[j]][: self.max_labels]
            if not chosen:
                chosen = [self.labels_[int(order[0])]]
            elif chosen[0] != self.labels_[int(order[0])]:
                chosen = [self.labels_[int(order[0])], *chosen][: self.max_labels]
            out.append(chosen)
        return out

    def score(self, X: Iterable[str], y: Sequence[Sequence[str]],
              sample_weight: Any = None) -> float:
        """Micro-averaged F1 of :meth:`predict` against ``y``."""
        pred = self.predict(X)
        tp = sum(len(set(p) & set(g)) for p, g in zip(pred, y, strict=True))
        n = sum(len(p) for p in pred) + sum(len(g) for g in y)
        return 2.0 * tp / n if n else 0.0

    # -- persistence (plain data, no pickle) ------------------------------------------------

    def save(self, path: str | Path) -> None:
        """Write ``topic_tagger.json`` and ``topic_tagger.npz`` into the directory ``path``."""
        self._check_fitted()
        target = Path(path)
        target.mkdir(parents=True, exist_ok=True)
        params = self.get_params()
        params["char_ngrams"] = list(self.char_ngrams) if self.char_ngrams else None
        params["labels"] = list(self.labels) if self.labels is not None else None
        meta: dict[str, Any] = {
            "format": MODEL_FORMAT,
            "kind": "bkkbn_nlp.topics.TopicTagger",
            "params": params,
            "labels": self.labels_,
            "thresholds": self.thresholds_,
            "skipped_labels": self.skipped_labels_,
            "notes": self.notes_,
            "oof_f1": self.oof_f1_,
            "word_vocabulary": _vocab_list(self.word_vectorizer_),
            "char_vocabulary": (_vocab_list(self.char_vectorizer_)
                                if self.char_vectorizer_ is not None else None),
        }
        (target / _JSON_FILE).write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        arrays = {"coef": self.coef_, "intercept": self.intercept_,
                  "word_idf": self.word_vectorizer_.idf_}
        if self.char_vectorizer_ is not None:
            arrays["char_idf"] = self.char_vectorizer_.idf_
        with open(target / _NPZ_FILE, "wb") as fh:
            np.savez_compressed(fh, **arrays)

    @classmethod
    def load(cls, path: str | Path) -> TopicTagger:
        """Read a model written by :meth:`save` (``allow_pickle`` stays off)."""
        source = Path(path)
        meta = json.loads((source / _JSON_FILE).read_text(encoding="utf-8"))
        if meta.get("format") != MODEL_FORMAT:
            raise ValueError(f"unsupported topic model format {meta.get('format')!r}")
        params = dict(meta["params"])
        if params.get("char_ngrams") is not None:
            params["char_ngrams"] = tuple(params["char_ngrams"])
        tagger = cls(**params)
        with np.load(source / _NPZ_FILE, allow_pickle=False) as arrays:
            word, char = tagger._make_vectorizers(10**9)
            tagger.word_vectorizer_ = _restore(word, meta["word_vocabulary"], arrays["word_idf"])
            tagger.char_vectorizer_ = (_restore(char, meta["char_vocabulary"], arrays["char_idf"])
                                       if char is not None else None)
            tagger.coef_ = np.array(arrays["coef"])
            tagger.intercept_ = np.array(arrays["intercept"])
        tagger.labels_ = list(meta["labels"])
        tagger.thresholds_ = {k: float(v) for k, v in meta["thresholds"].items()}
        tagger.skipped_labels_ = dict(meta["skipped_labels"])
        tagger.notes_ = dict(meta["notes"])
        tagger.oof_f1_ = {k: float(v) for k, v in meta["oof_f1"].items()}
        tagger.n_features_ = int(tagger.coef_.shape[1])
        return tagger


def _vocab_list(vectorizer: TfidfVectorizer) -> list[str]:
    terms = [""] * len(vectorizer.vocabulary_)
    for term, index in vectorizer.vocabulary_.items():
        terms[index] = term
    return terms


def _restore(vectorizer: TfidfVectorizer | None, terms: list[str],
             idf: np.ndarray) -> TfidfVectorizer:
    assert vectorizer is not None
    vectorizer.set_params(vocabulary={term: i for i, term in enumerate(terms)},
                          max_features=None, min_df=1)
    vectorizer.idf_ = np.array(idf)
    return vectorizer


# -- keyword baseline ---------------------------------------------------------------------


def load_keywords(path: str | Path | None = None) -> dict[str, list[str]]:
    """``{label: [keyword, ...]}`` from a JSONL file (default: the package's list)."""
    if path is None:
        text = (resources.files("bkkbn_nlp").joinpath("lang").joinpath("data")
                .joinpath("topic_keywords.jsonl").read_text(encoding="utf-8"))
    else:
        text = Path(path).read_text(encoding="utf-8")
    out: dict[str, list[str]] = {}
    for line in text.splitlines():
        if line.strip():
            record = json.loads(line)
            out[record["label"]] = [str(k) for k in record["keywords"]]
    return out


class KeywordBaseline:
    """Labels by keyword hits: the top label, plus labels with at least ``ratio`` times its
    hits, at most ``max_labels``. A text without any hit gets ``fallback`` (if set), or, with
    ``fallback="most_frequent"``, the most frequent label seen by :meth:`fit`.

    Keywords match whole words of the preprocessed text, with the suffixes
    ``-nya``/``-kan``/``-an`` allowed.
    """

    def __init__(self, keywords: dict[str, list[str]] | str | Path | None = None, *,
                 max_labels: int = 3, ratio: float = 0.5, fallback: str | None = None) -> None:
        if keywords is None or isinstance(keywords, (str, Path)):
            keywords = load_keywords(keywords)
        self.keywords = keywords
        self.max_labels = max_labels
        self.ratio = ratio
        self.fallback = fallback
        self._fallback_label: str | None = None if fallback == "most_frequent" else fallback
        self._patterns = {
            label: re.compile(
                r"(?<![a-z])(?:" + "|".join(sorted((re.escape(preprocess(k)) for k in kws),
                                                   key=len, reverse=True))
                + r")(?:nya|kan|an)?(?![a-z])")
            for label, kws in keywords.items() if kws
        }

    def fit(self, X: Iterable[str], Y: Sequence[Sequence[str]]) -> KeywordBaseline:
        """Only records the most frequent label, for ``fallback="most_frequent"``."""
        if self.fallback == "most_frequent":
            counts: dict[str, int] = {}
            for labels in Y:
                for label in labels:
                    counts[label] = counts.get(label, 0) + 1
            self._fallback_label = max(counts, key=lambda k: counts[k]) if counts else None
        return self

    def hits(self, text: str) -> dict[str, int]:
        """Keyword hits per label."""
        clean = preprocess(text)
        return {label: len(p.findall(clean)) for label, p in self._patterns.items()}

    def predict(self, X: Iterable[str]) -> list[list[str]]:
        out: list[list[str]] = []
        for text in _check_texts(X):
            counts = self.hits(text)
            ranked = sorted((c, -i, label) for i, (label, c) in enumerate(counts.items()) if c)
            ranked.reverse()
            if not ranked:
                out.append([self._fallback_label] if self._fallback_label else [])
                continue
            top = ranked[0][0]
            out.append([label for c, _, label in ranked if c >= self.ratio * top]
                       [: self.max_labels])
        return out


# -- spaCy component ----------------------------------------------------------------------


def top_labels(scores: dict[str, float],
               thresholds: dict[str, float]) -> list[tuple[str, float]]:
    """``(label, score)`` pairs with ``score >= threshold`` (0.5 for a label without one),
    best first; the best label is always included (when there is any score)."""
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    chosen = [(label, float(s)) for label, s in ranked if s >= thresholds.get(label, 0.5)]
    if ranked and (not chosen or chosen[0][0] != ranked[0][0]):
        chosen = [(ranked[0][0], float(ranked[0][1])),
                  *[c for c in chosen if c[0] != ranked[0][0]]]
    return chosen


class TopicComponent:
    """spaCy component: ``doc._.topics = {label: probability}`` for every label of the model.

    Without a model (no ``model_path`` and no ``from_disk``) it leaves ``doc._.topics`` as it
    is (empty). The model files live in the component's directory of a saved pipeline.
    """

    def __init__(self, nlp: Any, name: str = "bkkbn_topics", *,
                 model_path: str | Path | None = None) -> None:
        self.name = name
        self.tagger: TopicTagger | None = None
        if model_path is not None:
            self.tagger = TopicTagger.load(model_path)

    @property
    def labels(self) -> list[str]:
        return list(self.tagger.labels_) if self.tagger is not None else []

    @property
    def thresholds(self) -> dict[str, float]:
        return dict(self.tagger.thresholds_) if self.tagger is not None else {}

    def __call__(self, doc: Any) -> Any:
        if self.tagger is not None:
            proba = self.tagger.predict_proba([doc.text])[0]
            doc._.topics = {label: float(p) for label, p in zip(self.tagger.labels_, proba,
                                                                strict=True)}
        return doc

    def pipe(self, stream: Iterable[Any], *, batch_size: int = 64) -> Iterable[Any]:
        batch: list[Any] = []
        for doc in stream:
            batch.append(doc)
            if len(batch) >= batch_size:
                yield from self._score_batch(batch)
                batch = []
        if batch:
            yield from self._score_batch(batch)

    def _score_batch(self, docs: list[Any]) -> list[Any]:
        if self.tagger is not None:
            proba = self.tagger.predict_proba([d.text for d in docs])
            for doc, row in zip(docs, proba, strict=True):
                doc._.topics = {label: float(p) for label, p in zip(self.tagger.labels_, row,
                                                                    strict=True)}
        return docs

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        target = Path(path)
        target.mkdir(parents=True, exist_ok=True)
        if self.tagger is not None:
            self.tagger.save(target)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> TopicComponent:
        source = Path(path)
        if (source / _JSON_FILE).is_file():
            self.tagger = TopicTagger.load(source)
        return self


def make_topics(nlp: Any, name: str, model_path: str | None = None) -> TopicComponent:
    """Factory of :class:`TopicComponent` (registered by :mod:`bkkbn_nlp.pipeline`)."""
    return TopicComponent(nlp, name, model_path=model_path)

