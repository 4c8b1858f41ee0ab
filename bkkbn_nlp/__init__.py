"""bkkbn_nlp: who said what, about which agencies, places and topics, in Indonesian
government news.

The public API is small::

    import bkkbn_nlp
    nlp = bkkbn_nlp.load()                 # the bundled spaCy pipeline, offline
    bkkbn_nlp.save(nlp, "my-pipeline")      # to_disk plus checksums; load("my-pipeline")
    doc = nlp(text)                        # tokens, sents, ents, doc._.quotes, doc._.topics
    result = bkkbn_nlp.analyze(raw)        # clean + analyse: an Analysis
    result.to_dict(); result.to_json()
    for r in bkkbn_nlp.analyze_many(texts, n_process=1, batch_size=32): ...
    for id_, r in bkkbn_nlp.analyze_records(pairs): ...   # r: Analysis or RecordError
    article = bkkbn_nlp.clean(raw)         # cleaning only, with offsets back to the raw text

Importing the package is cheap: spaCy is imported when a pipeline is first needed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .about import __version__
from .errors import BkkbnError
from .text.clean import Article, clean

if TYPE_CHECKING:
    from .api import RecordError, analyze, analyze_many, analyze_records
    from .io.schema import Analysis
    from .pipeline import load, save

__all__ = [
    "__version__",
    "load",
    "save",
    "analyze",
    "analyze_many",
    "analyze_records",
    "RecordError",
    "clean",
    "Article",
    "Analysis",
    "BkkbnError",
]

_LAZY = {
    "load": ("pipeline", "load"),
    "save": ("pipeline", "save"),
    "analyze": ("api", "analyze"),
    "analyze_many": ("api", "analyze_many"),
    "analyze_records": ("api", "analyze_records"),
    "RecordError": ("api", "RecordError"),
    "Analysis": ("io.schema", "Analysis"),
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from importlib import import_module

        module, attr = _LAZY[name]
        value = getattr(import_module(f"{__name__}.{module}"), attr)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
