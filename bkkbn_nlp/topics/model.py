"""The topic model as plain data, with numpy-only inference (the taxonomy is
:data:`bkkbn_nlp.labels.TOPIC_LABELS`).

* :class:`TopicModel`: a trained tagger as plain data (vocabularies, idf, weights,
  thresholds) with an inference path that needs only numpy: this is what the pipeline
  component runs, so loading a pipeline never imports scikit-learn or scipy.
* :class:`KeywordBaseline`: counts hits of the hand-written keyword lists in
  ``lang/data/topic_keywords.jsonl``.
* :func:`top_labels` picks the labels the Analysis lists from ``doc._.topics``.

The text analysis (:func:`preprocess`, :func:`word_ngrams`, :func:`char_wb_ngrams`) lives here
and is shared by training and inference, so both see the same features.
"""

from __future__ import annotations

import json
import re
import zipfile
import zlib
from collections import Counter
from collections.abc import Iterable, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import Errors
from ..lang.stemmer import stem_text

__all__ = [
    "TopicModel",
    "KeywordBaseline",
    "top_labels",
    "preprocess",
    "word_ngrams",
    "char_wb_ngrams",
    "load_keywords",
    "MODEL_FORMAT",
    "STOP_WORDS",
    "MAX_WORD_LETTERS",
    "is_content_word",
    "FUNCTION_WORDS",
    "has_content",
]

#: Version of the saved-model layout (``topic_tagger.json`` + ``topic_tagger.npz``).
#: Format 2: vocabularies are unicode arrays in the ``.npz`` (no pickle), the JSON is small.
MODEL_FORMAT = 2
JSON_FILE = "topic_tagger.json"
NPZ_FILE = "topic_tagger.npz"

_URL = re.compile(r"https?://\S+|www\.\S+|(?<!\S)\S+@\S+")
_NOT_LETTER = re.compile(r"[^a-z\-\s]+")
_LOOSE_HYPHEN = re.compile(r"(?<![a-z])-|-(?![a-z])")
_SPACES = re.compile(r"\s+")
_TOKEN = re.compile(r"\b[a-z][a-z\-]+\b")
# News-site names and dateline noise: they say which site published the text, not its topic.
_SOURCE_NOISE = re.compile(
    r"\b(?:kompas|com|republika|co|id|viva|vivanews|tribunnews|tribun|merdeka|antara|"
    r"antaranews|okezone|detik|detikcom|liputan|www|baca|juga)\b"
)

#: Indonesian function words left out of the word n-grams (char n-grams still see them).
STOP_WORDS: frozenset[str] = frozenset((
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
))


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


#: A content word has at most this many letters: longer runs of letters are not words
#: (Indonesian's longest, "mempertanggungjawabkannya", has 25).
MAX_WORD_LETTERS = 40


#: The words of :data:`STOP_WORDS` that are words of content, only of no topic: numerals,
#: days, months, time words and reporting verbs ("Satu. Dua." is a text with content).
_LEXICAL_STOP_WORDS = frozenset((
    "satu", "dua", "tiga", "tahun", "hari", "bulan", "minggu", "senin", "selasa", "rabu",
    "kamis", "jumat", "sabtu", "agustus", "pukul", "wib", "kata", "ujar", "ungkap", "jelas",
    "tutur",
))
#: Function words: a text of these alone has no content (:func:`has_content`).
FUNCTION_WORDS: frozenset[str] = STOP_WORDS - _LEXICAL_STOP_WORDS


def is_content_word(token: str) -> bool:
    """Whether a token of the word analysis (lower-case letters and inner hyphens, as
    :func:`word_ngrams` splits them) is a content word: not a function word
    (:data:`FUNCTION_WORDS`: the stop words but numerals, days, months, time words and
    reporting verbs), with 2 to :data:`MAX_WORD_LETTERS` letters."""
    letters = len(token) - token.count("-")
    return 2 <= letters <= MAX_WORD_LETTERS and token not in FUNCTION_WORDS


def has_content(text: str) -> bool:
    """Whether ``text`` has a content word (:func:`is_content_word`) after
    :func:`preprocess`: not one in ``""``, white space, punctuation, digits, URLs, news-site
    names, function words or one endless run of letters."""
    return any(is_content_word(m.group()) for m in _TOKEN.finditer(preprocess(text)))


def word_ngrams(text: str, ngram_range: tuple[int, int] = (1, 2)) -> list[str]:
    """Word n-grams of the preprocessed ``text``, function words (:data:`STOP_WORDS`) removed
    first (as scikit-learn's word analyzer does)."""
    tokens = [t for t in _TOKEN.findall(preprocess(text)) if t not in STOP_WORDS]
    lo, hi = ngram_range
    out: list[str] = tokens[:] if lo == 1 else []
    for n in range(max(lo, 2), hi + 1):
        out.extend(" ".join(tokens[i:i + n]) for i in range(len(tokens) - n + 1))
    return out


def char_wb_ngrams(text: str, ngram_range: tuple[int, int] = (3, 5)) -> list[str]:
    """Character n-grams inside word boundaries (each word padded with a space), of the
    preprocessed ``text``: the ``char_wb`` analysis of scikit-learn."""
    out: list[str] = []
    for word in preprocess(text).split():
        out.extend(_word_char_ngrams(word, ngram_range))
    return out


def _word_char_ngrams(word: str, ngram_range: tuple[int, int]) -> list[str]:
    """The ``char_wb`` n-grams of one (preprocessed) word."""
    lo, hi = ngram_range
    out: list[str] = []
    padded = f" {word} "
    length = len(padded)
    for n in range(lo, hi + 1):
        if length <= n:
            out.append(padded)
            break
        out.extend(padded[i:i + n] for i in range(length - n + 1))
    return out


def check_texts(X: Any) -> list[str]:
    """``X`` as a list of ``str`` (``TypeError`` for a bare string or a non-str item)."""
    if isinstance(X, str):
        raise TypeError("X must be a list of texts, not one string")
    texts = list(X)
    for t in texts:
        if not isinstance(t, str):
            raise TypeError(f"every text must be a str, got {type(t).__name__}")
    return texts


def expit(z: np.ndarray) -> np.ndarray:
    """The logistic function, numerically stable."""
    out: np.ndarray = 0.5 * (1.0 + np.tanh(0.5 * z))
    return out


# -- the plain-data model (inference) ------------------------------------------------------


#: Distinct words whose n-gram columns a feature block remembers (bounded memory).
_WORD_CACHE_SIZE = 200_000


class _Block:
    """One TF-IDF block: vocabulary, idf, and which analyzer makes its terms."""

    def __init__(self, kind: str, ngram_range: tuple[int, int], terms: Sequence[str],
                 idf: np.ndarray, offset: int) -> None:
        self.kind = kind
        self.ngram_range = ngram_range
        self.index = {term: i for i, term in enumerate(terms)}
        self._word_cache: dict[str, np.ndarray] = {}
        self.idf = np.asarray(idf, dtype=np.float64)
        self.offset = offset

    def analyze(self, text: str) -> list[str]:
        if self.kind == "word":
            return word_ngrams(text, self.ngram_range)
        return char_wb_ngrams(text, self.ngram_range)

    def counts(self, text: str) -> Counter[str]:
        """Term counts of ``text``; for ``char_wb`` each distinct word is analysed once
        (the same counts as ``Counter(self.analyze(text))``, several times faster)."""
        if self.kind == "word":
            return Counter(word_ngrams(text, self.ngram_range))
        counts: Counter[str] = Counter()
        for word, n in Counter(preprocess(text).split()).items():
            for gram in _word_char_ngrams(word, self.ngram_range):
                counts[gram] += n
        return counts

    def _word_columns(self, word: str) -> np.ndarray:
        """Columns of the in-vocabulary ``char_wb`` n-grams of one word (cached)."""
        cols = self._word_cache.get(word)
        if cols is None:
            index = self.index
            cols = np.fromiter((index[g] for g in _word_char_ngrams(word, self.ngram_range)
                                if g in index), dtype=np.int64)
            if len(self._word_cache) < _WORD_CACHE_SIZE:
                self._word_cache[word] = cols
        return cols

    def _term_counts(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Sorted in-vocabulary columns of ``text`` and their counts."""
        if self.kind == "word":
            pairs = [(self.index[t], c) for t, c in self.counts(text).items() if t in self.index]
            idx = np.fromiter((i for i, _ in pairs), dtype=np.int64, count=len(pairs))
            tf = np.fromiter((c for _, c in pairs), dtype=np.float64, count=len(pairs))
            return idx, tf
        words = Counter(preprocess(text).split())
        if not words:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        arrays = [self._word_columns(w) for w in words]
        weights = np.repeat(np.fromiter(words.values(), dtype=np.float64, count=len(words)),
                            [len(a) for a in arrays])
        columns, inverse = np.unique(np.concatenate(arrays), return_inverse=True)
        return columns, np.bincount(inverse, weights=weights, minlength=len(columns))

    def features(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Column indices and L2-normalised sublinear TF-IDF values of ``text``."""
        idx, counts = self._term_counts(text)
        if not len(idx):
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        tf = 1.0 + np.log(counts)
        values = tf * self.idf[idx]
        norm = float(np.sqrt(np.dot(values, values)))
        return idx + self.offset, values / norm if norm else values


class TopicModel:
    """A trained topic tagger as plain data, with a numpy-only inference path.

    Args:
        labels: The labels with a model (columns of :meth:`predict_proba`).
        thresholds: ``{label: threshold}``.
        coef: Weights, shape ``(len(labels), n_features)``.
        intercept: Biases, shape ``(len(labels),)``.
        blocks: One ``(kind, ngram_range, terms, idf)`` per feature block, in column order;
            ``kind`` is ``"word"`` or ``"char_wb"``.
        max_labels: At most this many labels from :meth:`predict`.
        max_chars: Only the first ``max_chars`` characters of a text are read (``None``: all).
        stem: The n-grams are of the stemmed text (:func:`bkkbn_nlp.lang.stemmer.stem_text`
            of the part read); a model file without the key was not stemmed.
        meta: Anything else the model file records (parameters, notes).
    """

    def __init__(self, labels: Sequence[str], thresholds: dict[str, float], coef: np.ndarray,
                 intercept: np.ndarray,
                 blocks: Sequence[tuple[str, tuple[int, int], Sequence[str], np.ndarray]], *,
                 max_labels: int = 3, max_chars: int | None = None, stem: bool = False,
                 meta: dict[str, Any] | None = None) -> None:
        self.labels = list(labels)
        self.thresholds = {k: float(v) for k, v in thresholds.items()}
        self.coef = np.asarray(coef, dtype=np.float32)  # stored as float32; sums in float64
        # (n_features, n_labels), contiguous: a document's features gather whole rows
        self._coef_t = np.ascontiguousarray(self.coef.T)
        self.intercept = np.asarray(intercept, dtype=np.float64)
        self.max_labels = max_labels
        self.max_chars = max_chars
        self.stem = bool(stem)
        self.meta = dict(meta or {})
        self._blocks: list[_Block] = []
        offset = 0
        for kind, ngram_range, terms, idf in blocks:
            if kind not in ("word", "char_wb"):
                raise ValueError(Errors.E062.format(problem=f"unknown feature block {kind!r}"))
            if len(terms) != len(idf):
                raise ValueError(Errors.E062.format(
                    problem=f"{kind} block: {len(terms)} terms but {len(idf)} idf values"))
            self._blocks.append(_Block(kind, (int(ngram_range[0]), int(ngram_range[1])),
                                       terms, idf, offset))
            offset += len(terms)
        if self.coef.shape != (len(self.labels), offset) or self.intercept.shape != (
                len(self.labels),):
            raise ValueError(Errors.E062.format(
                problem=f"weights of shape {self.coef.shape} / {self.intercept.shape} do not "
                        f"fit {len(self.labels)} labels and {offset} features"))

    @property
    def n_features(self) -> int:
        """Number of feature columns."""
        return int(self.coef.shape[1])

    def decision_function(self, X: Iterable[str]) -> np.ndarray:
        """Linear scores, shape ``(n_texts, len(labels))``."""
        texts = check_texts(X)
        out = np.tile(self.intercept, (len(texts), 1))
        for row, text in enumerate(texts):
            if self.max_chars is not None:
                text = text[: self.max_chars]
            if self.stem:
                text = stem_text(text)
            for block in self._blocks:
                idx, values = block.features(text)
                if len(idx):
                    out[row] += values @ self._coef_t[idx]
        return out

    def has_content(self, text: str) -> bool:
        """Whether the part of ``text`` the model reads (``max_chars``) has a content word
        (:func:`has_content`); without one the model's scores are its biases alone."""
        return has_content(text if self.max_chars is None else text[: self.max_chars])

    def predict_proba(self, X: Iterable[str]) -> np.ndarray:
        """Per-label probabilities, shape ``(n_texts, len(labels))``."""
        return expit(self.decision_function(X))

    def predict(self, X: Iterable[str]) -> list[list[str]]:
        """Labels above their thresholds, best first, at most ``max_labels``; always at least
        the top label."""
        return [[label for label, _ in top_labels(dict(zip(self.labels, row, strict=True)),
                                                  self.thresholds, self.max_labels)]
                for row in self.predict_proba(X)]

    # -- files ---------------------------------------------------------------------------

    def save(self, path: str | Path) -> None:
        """Write ``topic_tagger.json`` (labels, thresholds, parameters) and
        ``topic_tagger.npz`` (vocabularies as unicode arrays, idf, weights) into ``path``."""
        target = Path(path)
        target.mkdir(parents=True, exist_ok=True)
        head = {
            "format": MODEL_FORMAT,
            "kind": "bkkbn_nlp.topics.TopicModel",
            "labels": self.labels,
            "thresholds": self.thresholds,
            "max_labels": self.max_labels,
            "max_chars": self.max_chars,
            **({"stem": True} if self.stem else {}),
            "blocks": [{"kind": b.kind, "ngram_range": list(b.ngram_range)}
                       for b in self._blocks],
            **self.meta,
        }
        (target / JSON_FILE).write_text(json.dumps(head, ensure_ascii=False, indent=1) + "\n",
                                        encoding="utf-8")
        arrays: dict[str, np.ndarray] = {"coef": self.coef,
                                         "intercept": self.intercept}
        for i, b in enumerate(self._blocks):
            terms = sorted(b.index, key=b.index.__getitem__)
            arrays[f"terms_{i}"] = np.array(terms, dtype=str)
            arrays[f"idf_{i}"] = b.idf
        with open(target / NPZ_FILE, "wb") as fh:
            np.savez_compressed(fh, **arrays)  # type: ignore[arg-type]

    @staticmethod
    def read_head(path: str | Path) -> dict[str, Any]:
        """The JSON part of a saved model (labels, thresholds, parameters), checked."""
        source = Path(path) / JSON_FILE
        if not source.is_file():
            raise FileNotFoundError(Errors.E060.format(path=Path(path)))
        try:
            head: dict[str, Any] = json.loads(source.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as err:
            raise ValueError(Errors.E062.format(problem=f"{source}: {err}")) from err
        if head.get("format") != MODEL_FORMAT:
            raise ValueError(Errors.E061.format(path=source, found=head.get("format"),
                                                expected=MODEL_FORMAT))
        return head

    @classmethod
    def load(cls, path: str | Path) -> TopicModel:
        """Read a model written by :meth:`save` (numpy only; ``allow_pickle`` stays off)."""
        head = cls.read_head(path)
        source = Path(path) / NPZ_FILE
        if not source.is_file():
            raise FileNotFoundError(Errors.E060.format(path=Path(path)))
        try:
            # an open file numpy does not own is closed even when the archive is broken
            with open(source, "rb") as fh, np.load(fh, allow_pickle=False) as arrays:
                blocks = [(b["kind"], tuple(b["ngram_range"]), arrays[f"terms_{i}"].tolist(),
                           np.array(arrays[f"idf_{i}"]))
                          for i, b in enumerate(head["blocks"])]
                coef, intercept = np.array(arrays["coef"]), np.array(arrays["intercept"])
        except (KeyError, ValueError, OSError, EOFError, zipfile.BadZipFile, zlib.error) as err:
            raise ValueError(Errors.E062.format(problem=f"{source}: {err}")) from err
        known = {"format", "kind", "labels", "thresholds", "max_labels", "max_chars", "stem",
                 "blocks"}
        return cls(head["labels"], head["thresholds"], coef, intercept, blocks,
                   max_labels=int(head.get("max_labels", 3)), max_chars=head.get("max_chars"),
                   stem=bool(head.get("stem", False)),
                   meta={k: v for k, v in head.items() if k not in known})


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
        """Labels of each text by keyword hits (see the class docstring)."""
        out: list[list[str]] = []
        for text in check_texts(X):
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


def top_labels(scores: dict[str, float], thresholds: dict[str, float],
               max_labels: int | None = 3) -> list[tuple[str, float]]:
    """``(label, score)`` pairs with ``score >= threshold`` (0.5 for a label without one),
    best first, at most ``max_labels`` (the guidelines allow 1-3; ``None``: no cap); the best
    label is always included (when there is any score)."""
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    chosen = [(label, float(s)) for label, s in ranked if s >= thresholds.get(label, 0.5)]
    if ranked and (not chosen or chosen[0][0] != ranked[0][0]):
        chosen = [(ranked[0][0], float(ranked[0][1])),
                  *[c for c in chosen if c[0] != ranked[0][0]]]
    return chosen if max_labels is None else chosen[:max_labels]
