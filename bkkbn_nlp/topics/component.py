"""The spaCy component ``bkkbn_topics``: ``doc._.topics = {label: score}`` from a
:class:`~bkkbn_nlp.topics.model.TopicModel` (numpy only; scikit-learn is never imported)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..checksums import verify_checksums, write_checksums
from ..errors import Errors, PipelineError
from ..extensions import register_extensions
from .files import validate_weights
from .model import JSON_FILE, NPZ_FILE, TopicModel

__all__ = ["TopicComponent", "make_topics"]


class TopicComponent:
    """spaCy component: ``doc._.topics = {label: probability}`` for every label of the model.

    The model is a :class:`TopicModel` (numpy only). Its small JSON part (labels,
    thresholds) is read when the pipeline loads; the vocabularies and weights are read on the
    first document, so loading a pipeline stays fast, but they are checked at load
    (``checksums.json`` when the directory has one, E093, and the arrays' names and shapes,
    :func:`~bkkbn_nlp.topics.files.validate_weights`, E095): a broken model fails before the
    first record. Without a model (no ``model_path`` and no model files in ``from_disk``) the
    component leaves ``doc._.topics`` empty.
    """

    def __init__(self, nlp: Any, name: str = "bkkbn_topics", *,
                 model_path: str | Path | None = None) -> None:
        self.name = name
        self._model: TopicModel | None = None
        self._path: Path | None = None
        self._head: dict[str, Any] | None = None
        register_extensions()
        if model_path is not None:
            self._set_path(Path(model_path))

    def _set_path(self, path: Path) -> None:
        hashed = verify_checksums(path)
        self._head = TopicModel.read_head(path)  # fails early on a missing or foreign file
        validate_weights(path / NPZ_FILE, self._head, crc=not hashed)
        self._path = path
        self._model = None

    # not called ``model``: spaCy probes ``component.model`` (for a thinc Model) while it
    # loads a pipeline, which would read the weights at load time
    @property
    def topic_model(self) -> TopicModel | None:
        """The model, read from disk on first use (``None`` without one)."""
        if self._model is None and self._path is not None:
            self._model = TopicModel.load(self._path)
        return self._model

    @topic_model.setter
    def topic_model(self, value: TopicModel | None) -> None:
        self._model = value
        self._path = None
        self._head = None

    @property
    def labels(self) -> list[str]:
        """The labels the model scores."""
        if self._model is not None:
            return list(self._model.labels)
        return list(self._head["labels"]) if self._head is not None else []

    @property
    def thresholds(self) -> dict[str, float]:
        """``{label: threshold}`` of the model (empty without one)."""
        if self._model is not None:
            return dict(self._model.thresholds)
        if self._head is not None:
            return {k: float(v) for k, v in self._head["thresholds"].items()}
        return {}

    def __call__(self, doc: Any) -> Any:
        """Score ``doc``; a text without a content word
        (:meth:`TopicModel.has_content`: empty, white space, punctuation, function words)
        gets no topics, ``doc._.topics == {}``, rather than the model's best guess."""
        model = self.topic_model
        if model is not None and not model.has_content(doc.text):
            doc._.topics = {}
        elif model is not None:
            proba = model.predict_proba([doc.text])[0]
            doc._.topics = {label: float(p) for label, p in zip(model.labels, proba,
                                                                strict=True)}
        return doc

    def pipe(self, stream: Iterable[Any], *, batch_size: int = 64) -> Iterable[Any]:
        """Score a stream of docs."""
        for doc in stream:
            yield self(doc)

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        """Write the model files into the component's directory ``path``."""
        target = Path(path)
        target.mkdir(parents=True, exist_ok=True)
        model = self.topic_model
        if model is not None:
            model.save(target)
            write_checksums(target, (JSON_FILE, NPZ_FILE))

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> TopicComponent:
        """Point the component at the model files in ``path`` (checked now, read on the
        first document)."""
        source = Path(path)
        if (source / JSON_FILE).is_file():
            try:
                self._set_path(source)
            except PipelineError:  # E093, E095: already name the file and the problem
                raise
            except (FileNotFoundError, ValueError) as err:
                raise PipelineError(Errors.E063.format(path=source, reason=err)) from err
        return self


def make_topics(nlp: Any, name: str, model_path: str | None = None) -> TopicComponent:
    """Factory of :class:`TopicComponent` (registered by :mod:`bkkbn_nlp.pipeline`)."""
    return TopicComponent(nlp, name, model_path=model_path)
