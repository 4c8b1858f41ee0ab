"""Old import paths of modules that moved into the layer subpackages (0.x -> subpackages).

Each old module (``bkkbn_nlp/clean.py``, ``bkkbn_nlp/crf_ner.py``, ...) is a two-line alias
that calls :func:`alias`: importing it warns once with a :class:`DeprecationWarning` naming
the new path, and every attribute is read from the new module. The aliases go in the next
release.
"""

from __future__ import annotations

import sys
import warnings
from importlib import import_module
from types import ModuleType
from typing import Any

__all__ = ["MOVED", "alias"]

#: old module -> new module
MOVED: dict[str, str] = {
    "bkkbn_nlp.clean": "bkkbn_nlp.text.clean",
    "bkkbn_nlp.offsets": "bkkbn_nlp.text.offsets",
    "bkkbn_nlp.tokenizer": "bkkbn_nlp.text.tokenizer",
    "bkkbn_nlp.sentences": "bkkbn_nlp.text.sentences",
    "bkkbn_nlp.crf_ner": "bkkbn_nlp.entities.crf",
    "bkkbn_nlp.entity_rules": "bkkbn_nlp.entities.rules",
    "bkkbn_nlp.gazetteer": "bkkbn_nlp.entities.gazetteer",
    "bkkbn_nlp.names": "bkkbn_nlp.entities.names",
    "bkkbn_nlp.corpora": "bkkbn_nlp.entities.corpora",
    "bkkbn_nlp.quote_scoring": "bkkbn_nlp.quotes.scoring",
    "bkkbn_nlp.topic_tagger": "bkkbn_nlp.topics.estimator",
    "bkkbn_nlp.schema": "bkkbn_nlp.io.schema",
    "bkkbn_nlp.labelled": "bkkbn_nlp.io.labelled",
    "bkkbn_nlp.convert": "bkkbn_nlp.io.convert",
    "bkkbn_nlp.export": "bkkbn_nlp.io.export",
}


class _Alias(ModuleType):
    """A module whose attributes are those of its new module. Calling it calls the new
    module's function of the same name: ``import bkkbn_nlp.clean`` rebinds the package's
    ``clean`` (the function) to this module, which must stay callable."""

    _target: ModuleType
    __all__: list[str]

    def __getattr__(self, name: str) -> Any:
        return getattr(self._target, name)

    def __dir__(self) -> list[str]:
        return sorted(set(dir(self._target)))

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        function = getattr(self._target, self.__name__.rpartition(".")[2], None)
        if not callable(function):
            raise TypeError(f"module {self.__name__!r} is not callable")
        return function(*args, **kwargs)


def alias(name: str) -> None:
    """Make the module ``name`` (an old path in :data:`MOVED`) an alias of its new module."""
    target = MOVED[name]
    warnings.warn(f"{name} has moved to {target}; the old import path will be removed in the "
                  "next release", DeprecationWarning, stacklevel=3)
    module = sys.modules[name]
    module.__class__ = _Alias
    assert isinstance(module, _Alias)
    module._target = import_module(target)
    module.__all__ = list(getattr(module._target, "__all__", ()))
