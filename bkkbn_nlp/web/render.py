"""HTML pieces the view builds in Python: an article's text with entities and quotes
highlighted (the HTML export's renderer, :mod:`bkkbn_nlp.io.export`, with each quote's tag
linking to its speaker's page), the time chart as inline SVG, search snippets, and the
URLs of the pages.

Every piece of user text is escaped here (``html.escape``) and isolated (``<bdi>``,
``dir="auto"``) as the export does it; what these functions return is safe to put in a
page as it is.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote, urlencode

from ..io.export import _CSS as EXPORT_CSS
from ..io.export import _render_text

__all__ = ["EXPORT_CSS", "article_html", "bar_chart", "snippet_html", "url"]

#: A quote's tag as the export writes it: ``<span class="qtag direct">Q3 · name</span>``
#: (the name escaped, maybe in a ``<bdi>``; escaped text has no ``<``).
_QTAG = re.compile(r'<span class="qtag (direct|indirect)">Q(\d+)((?:[^<]|<bdi>[^<]*</bdi>)*)'
                   r"</span>")
#: The markers :meth:`Store.search` puts around the matched words of a quote.
_HIT = re.compile(r"\[([^\[\]]*)\]")


def url(kind: str, key: object = None, **params: Any) -> str:
    """The path of a page: ``url("person", 4)`` is ``/person/4``; ``key`` is quoted whole
    (a ``/`` or ``?`` in an article id stays part of it); ``params`` (those not ``None``)
    become the query string."""
    path = "/" if kind == "home" else f"/{kind}"
    if key is not None:
        path += "/" + quote(str(key), safe="")
    query = {k: v for k, v in params.items() if v is not None}
    return path + ("?" + urlencode(query) if query else "")


def _export_shape(article: dict[str, Any]) -> dict[str, Any]:
    """A stored article in the JSON shape :mod:`bkkbn_nlp.io.export` renders."""
    quotes = []
    for q in article["quotes"]:
        cue = ({"start": q["cue_start"], "end": q["cue_end"]}
               if q.get("cue_start") is not None and q.get("cue_end") is not None else None)
        quotes.append({"type": q["type"], "start": q["start"], "end": q["end"], "cue": cue,
                       "speaker": {"name": q.get("person") or q.get("speaker_name"),
                                   "text": q.get("speaker_text")}})
    return {"text": article["text"], "quotes": quotes,
            "entities": [{"start": e["start"], "end": e["end"], "label": e["label"],
                          "text": e["text"], "normalized": e["normalized"]}
                         for e in article["entities"]]}


def article_html(article: dict[str, Any]) -> str:
    """The article's paragraphs (``<p dir="auto">``) with entities highlighted by label,
    quotes underlined, cues outlined, and each quote's tag ``Q<n> · speaker`` a link to the
    speaker's page (when the speaker is a person of the store). Empty without a text."""
    if not article.get("text"):
        return ""
    body = _render_text(_export_shape(article))
    quotes = article["quotes"]

    def link(m: re.Match[str]) -> str:
        kind, n, rest = m.group(1), int(m.group(2)), m.group(3)
        q = quotes[n - 1] if 0 < n <= len(quotes) else None
        if q is None or q.get("person_id") is None:
            return m.group(0)
        return (f'<a class="qtag {kind}" href="{html.escape(url("person", q["person_id"]))}">'
                f"Q{n}{rest}</a>")

    return _QTAG.sub(link, body)


def snippet_html(text: str | None) -> str:
    """A search hit's text, escaped, with the matched words (``[...]``) in ``<mark>``."""
    escaped = html.escape(text or "", quote=True)
    return _HIT.sub(r'<mark class="hit">\1</mark>', escaped)


def bar_chart(rows: Sequence[tuple[str, int]], *, title: str, height: int = 180,
              bar: int = 52, gap: int = 12) -> str:
    """An inline SVG bar chart of ``(period, count)`` rows in their order: one bar each,
    the count above it, the period under it, a ``<title>`` tooltip; no script, no style
    sheet needed (colours are presentation attributes)."""
    if not rows:
        return ""
    top = max(count for _, count in rows) or 1
    plot, left, base = height - 46, 8, height - 28
    width = left * 2 + len(rows) * (bar + gap)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
             f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
             f'aria-label="{html.escape(title, quote=True)}">',
             f"<title>{html.escape(title)}</title>",
             f'<line x1="0" y1="{base}" x2="{width}" y2="{base}" stroke="#8c959f"/>']
    for i, (period, count) in enumerate(rows):
        h = max(2, round(plot * count / top)) if count else 0
        x = left + i * (bar + gap)
        label = html.escape(str(period))
        parts.append(
            f'<g class="bar"><title>{label}: {count} article{"" if count == 1 else "s"}</title>'
            f'<rect x="{x}" y="{base - h}" width="{bar}" height="{h}" rx="3" fill="#4c6ef5"/>'
            f'<text x="{x + bar / 2:g}" y="{base - h - 5}" text-anchor="middle" '
            f'font-size="12" fill="#1f2328">{count}</text>'
            f'<text x="{x + bar / 2:g}" y="{base + 16}" text-anchor="middle" font-size="11" '
            f'fill="#57606a">{label}</text></g>')
    parts.append("</svg>")
    return "".join(parts)
