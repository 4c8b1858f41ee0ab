"""Layer 9, the browser view of an article store: ``bkkbn-nlp serve corpus.sqlite``
(docs/corpus.md, "Browser view").

Owns :mod:`.reads` (the few lists a page needs that the store's read API does not give:
articles newest first, the most mentioned organisations, an organisation's mentions and
the articles of a topic; plain SQL on the documented schema, read-only),
:mod:`.render` (article text with entities and quotes highlighted, by the HTML export's
renderer; the time chart as inline SVG; search snippets), :mod:`.pages` (each page's data
from a :class:`~bkkbn_nlp.store.Store`, no web framework), and :mod:`.app` (the Starlette
application, Jinja2 templates in ``templates/``, CSS in ``static/``). May import
:mod:`bkkbn_nlp.store`, :mod:`bkkbn_nlp.io` and the layers below; the command line sits
above. Starlette, Jinja2 and uvicorn are the ``serve`` extra: only :mod:`.app` imports
them, so importing this package (or :mod:`.pages`) needs none of them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["create_app", "EXTRA_MODULES"]

#: The modules the ``serve`` extra installs (what ``bkkbn-nlp serve`` checks for).
EXTRA_MODULES: tuple[str, ...] = ("starlette", "jinja2", "uvicorn")


def create_app(db: str | Path, **options: Any) -> Any:
    """The web application of the store ``db``; see :func:`bkkbn_nlp.web.app.create_app`."""
    from .app import create_app as make

    return make(db, **options)
