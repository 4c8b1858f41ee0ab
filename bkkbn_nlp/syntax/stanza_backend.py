"""The ``bkkbn_syntax`` component's stanza backend: POS, lemmas, morphology, dependencies.

stanza runs on the pipeline's own tokens and sentences (``tokenize_pretokenized``), from
model files on disk only (``download_method=None``): the models this project trains with
``bkkbn-nlp train syntax`` (``models/stanza_id``) or a user's own stanza Indonesian models.
stanza and torch are the ``[stanza]`` extra, imported only when the component first runs.

A model directory holds ``pos.pt``, ``lemma.pt`` and ``parser.pt`` (any of them may be
missing: the component then fills what the others give) and ``meta.json``. A directory of
stanza's own download layout (``pos/``, ``lemma/``, ``depparse/`` with one ``.pt`` each,
``pretrain/``) is read too.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from ..errors import Errors, ModelNotFoundError, SyntaxBackendError

#: The model files of a directory written by ``bkkbn-nlp train syntax``.
MODEL_FILES = {"pos": "pos.pt", "lemma": "lemma.pt", "depparse": "parser.pt"}
#: Optional word vectors (stanza's ``Pretrain`` file) the tagger and parser were trained with.
PRETRAIN_FILE = "pretrain.pt"


def require_stanza() -> Any:
    """Import stanza, or raise :class:`SyntaxBackendError` naming the extra (E120)."""
    try:
        import stanza  # noqa: F401 - imported for the caller
    except ImportError as exc:
        raise SyntaxBackendError(Errors.E120.format(backend="stanza", extra="stanza",
                                                    detail=str(exc))) from exc
    from . import _stanza_speed

    _stanza_speed.patch()
    return stanza


def model_paths(model_dir: str | Path) -> dict[str, Path]:
    """The stanza model files of ``model_dir`` by processor (``pos``, ``lemma``,
    ``depparse``, and ``pretrain`` when word vectors are there).

    Raises:
        ModelNotFoundError: The directory has no tagger, lemmatizer or parser (E121).
    """
    root = Path(model_dir)
    found: dict[str, Path] = {}
    for proc, name in MODEL_FILES.items():
        if (root / name).is_file():
            found[proc] = root / name
        elif (root / proc).is_dir():  # stanza's own layout: pos/gsd.pt, depparse/gsd.pt, ...
            files = sorted((root / proc).glob("*.pt"))
            if files:
                found[proc] = files[0]
    if (root / PRETRAIN_FILE).is_file():
        found["pretrain"] = root / PRETRAIN_FILE
    elif (root / "pretrain").is_dir() and sorted((root / "pretrain").glob("*.pt")):
        found["pretrain"] = sorted((root / "pretrain").glob("*.pt"))[0]
    if not any(p in found for p in MODEL_FILES):
        raise ModelNotFoundError(Errors.E121.format(path=root))
    return found


def read_meta(model_dir: str | Path) -> dict[str, Any]:
    path = Path(model_dir) / "meta.json"
    if not path.is_file():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return data if isinstance(data, dict) else {}


class StanzaTagger:
    """A loaded stanza pipeline over pre-tokenized sentences (one per model directory).

    ``analyse(sentences)`` takes lists of token strings and returns, per sentence, one
    ``(upos, xpos, feats, lemma, head, deprel)`` tuple per token (``head`` counts from 1,
    0 = root; a field the models do not give is ``None``).
    """

    def __init__(self, model_dir: str | Path, *, batch_size: int = 64) -> None:
        self.model_dir = Path(model_dir)
        self.paths = model_paths(self.model_dir)
        self.batch_size = batch_size
        self._pipeline: Any = None
        self._lock = threading.Lock()

    @property
    def processors(self) -> list[str]:
        return [p for p in MODEL_FILES if p in self.paths]

    def _load(self) -> Any:
        stanza = require_stanza()
        procs = ["tokenize", *self.processors]
        kwargs: dict[str, Any] = {
            "lang": "id", "processors": ",".join(procs), "tokenize_pretokenized": True,
            "download_method": None, "use_gpu": False, "allow_unknown_language": True,
            "dir": str(self.model_dir), "resources_filepath": str(_empty_resources()),
            "logging_level": "ERROR", "pos_batch_size": 3000, "lemma_batch_size": 3000,
            "depparse_batch_size": 3000,
        }
        for proc in self.processors:
            kwargs[f"{proc}_model_path"] = str(self.paths[proc])
        pretrain = self.paths.get("pretrain")
        for proc in ("pos", "depparse"):
            if proc in self.paths:
                kwargs[f"{proc}_pretrain_path"] = str(pretrain) if pretrain else None
        if "lemma" in self.paths and "pos" not in self.paths:
            kwargs["lemma_pos"] = False
        log = logging.getLogger("stanza")
        level = log.level
        log.setLevel(logging.ERROR)  # "unsupported language: id": our models, not the hub's
        try:
            return stanza.Pipeline(**kwargs)
        except Exception as exc:  # stanza raises many kinds; the message says which file
            raise SyntaxBackendError(Errors.E122.format(path=self.model_dir, detail=exc)) from exc
        finally:
            log.setLevel(level)

    def pipeline(self) -> Any:
        with self._lock:
            if self._pipeline is None:
                self._pipeline = self._load()
            return self._pipeline

    def analyse(self, sentences: Sequence[Sequence[str]]
                ) -> list[list[tuple[str | None, str | None, str | None, str | None,
                                     int | None, str | None]]]:
        sents = [list(s) for s in sentences if s]
        if not sents:
            return [[] for _ in sentences]
        doc = self.pipeline()(sents)
        out_iter: Iterable[Any] = iter(doc.sentences)
        results: list[list[tuple[str | None, str | None, str | None, str | None,
                                 int | None, str | None]]] = []
        for s in sentences:
            if not s:
                results.append([])
                continue
            sent = next(out_iter)  # type: ignore[call-overload]
            rows = []
            for word in sent.words:
                rows.append((word.upos, word.xpos, word.feats, word.lemma,
                             word.head if "depparse" in self.paths else None,
                             word.deprel if "depparse" in self.paths else None))
            results.append(rows)
        return results


_RESOURCES_LOCK = threading.Lock()


def _empty_resources() -> Path:
    """An empty ``resources.json`` (stanza reads one even when it downloads nothing)."""
    import tempfile

    with _RESOURCES_LOCK:
        uid = os.getuid() if hasattr(os, "getuid") else 0
        path = Path(tempfile.gettempdir()) / f"bkkbn_nlp-stanza-resources-{uid}.json"
        if not path.is_file() or path.read_text(encoding="utf-8").strip() != "{}":
            path.write_text("{}", encoding="utf-8")
        return path


def copy_model_dir(src: str | Path, dst: str | Path) -> None:
    """Copy a model directory's files (models, vectors, meta, licence notice) to ``dst``."""
    src, dst = Path(src), Path(dst)
    dst.mkdir(parents=True, exist_ok=True)
    for proc, path in model_paths(src).items():
        name = PRETRAIN_FILE if proc == "pretrain" else MODEL_FILES[proc]
        shutil.copyfile(path, dst / name)
    for extra in ("meta.json", "LICENSE", "NOTICE", "README.md"):
        if (src / extra).is_file():
            shutil.copyfile(src / extra, dst / extra)
