"""Export analyses as JSON, JSON Lines, CoNLL-U or a standalone HTML page.

Every function takes an :class:`~bkkbn_nlp.io.schema.Analysis` or a dict in its JSON shape
(``Analysis.to_dict()``, or one line of ``bkkbn-nlp analyze`` output, which may carry an
``id``)::

    from bkkbn_nlp.io.export import format_result, to_conllu, to_html

    result = bkkbn_nlp.analyze(raw)
    to_conllu(result)                   # CoNLL-U, entities as BIO in MISC (NER=B-PER)
    to_html([result, other])            # one page, one <article> per analysis
    format_result(result, "jsonl")      # json | jsonl | conllu | html

* **CoNLL-U**: one block per sentence of the analysis with ``# sent_id`` and ``# text``
  comments (and ``# newdoc id`` when the analysis has an ``id``); the ten columns with ID,
  FORM and MISC filled and the unannotated columns ``_``; MISC holds ``SpaceAfter=No`` when
  the next token follows without whitespace and ``NER=`` with the BIO tag of the token.
* **HTML**: a page that needs nothing else (inline CSS, no scripts): the text with
  entities highlighted by label, quotes underlined and tagged with their number and
  speaker, cues outlined, then a table of the quotes (type, speaker with role and
  organisation, cue, text) and of the entities. All text is HTML-escaped, and isolated
  from the page's own text: paragraphs carry ``dir="auto"``, and a piece of user text with a
  bidi control or a right-to-left letter is a ``<bdi>`` element, so no input (an unclosed
  U+202E, Arabic or Hebrew text) can reorder a label, a tag or the rest of the page; bidi
  controls are dropped from attribute values (tooltips) and the page title.
"""

from __future__ import annotations

import html
import json
import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from ..errors import Errors

if TYPE_CHECKING:
    from .schema import Analysis

__all__ = ["FORMATS", "to_conllu", "to_html", "format_result"]

#: The formats :func:`format_result` writes.
FORMATS: tuple[str, ...] = ("json", "jsonl", "conllu", "html")

_WS = re.compile(r"\s+")


def _as_dict(result: Any) -> dict[str, Any]:
    """The JSON-shaped dict of an :class:`Analysis` or of a dict already in that shape."""
    if hasattr(result, "to_dict") and callable(result.to_dict):
        d = result.to_dict()
    elif isinstance(result, dict):
        d = result
    else:
        raise TypeError(Errors.E053.format(type=type(result).__name__))
    if not isinstance(d.get("text"), str):
        raise ValueError(Errors.E054.format(type=type(d.get("text")).__name__))
    return d


def _results(results: Any) -> list[dict[str, Any]]:
    """One dict per analysis, from a single analysis or a sequence of them."""
    if hasattr(results, "to_dict") or isinstance(results, dict):
        return [_as_dict(results)]
    if isinstance(results, Iterable) and not isinstance(results, (str, bytes)):
        return [_as_dict(r) for r in results]
    raise TypeError(Errors.E053.format(type=type(results).__name__))


# -- CoNLL-U -----------------------------------------------------------------------------


def _sentence_groups(d: dict[str, Any]) -> list[list[dict[str, Any]]]:
    """The tokens of ``d`` grouped by sentence. Tokens outside every sentence (a pipeline
    without sentence boundaries) form sentences of their own, so no token is lost."""
    tokens = sorted(d.get("tokens") or [], key=lambda t: (t["start"], t["end"]))
    sents = sorted((s["start"], s["end"]) for s in d.get("sentences") or [])
    starts = [s for s, _ in sents]
    groups: list[list[dict[str, Any]]] = []
    current: int | None = -2  # sentence index of the open group (-1: outside any sentence)
    for tok in tokens:
        i = bisect_right(starts, tok["start"]) - 1
        inside = i >= 0 and tok["start"] < sents[i][1]
        key = i if inside else -1
        if key != current or not groups:
            groups.append([])
            current = key
        groups[-1].append(tok)
    return groups


def _bio(d: dict[str, Any], groups: list[list[dict[str, Any]]]) -> dict[int, str]:
    """BIO tag by token start offset; an entity continuing into a new sentence restarts
    with ``B-``, so each sentence's tags are valid on their own."""
    ents = sorted(d.get("entities") or [], key=lambda e: (e["start"], -e["end"]))
    tags: dict[int, str] = {}
    for group in groups:
        previous: int | None = None
        for tok in group:
            tag = "O"
            for k, e in enumerate(ents):
                if e["start"] >= tok["end"]:
                    break
                if e["end"] > tok["start"]:
                    tag = ("I-" if previous == k else "B-") + str(e["label"])
                    previous = k
                    break
            else:
                previous = None
            if tag == "O":
                previous = None
            tags[tok["start"]] = tag
    return tags


def _syntax_fields(tok: dict[str, Any], position: dict[int, int], i: int) -> list[str]:
    """LEMMA, UPOS, XPOS, FEATS, HEAD, DEPREL of a token (``_`` where the analysis has no
    syntax). HEAD counts from 1 within the sentence, 0 for the root (and for a head that
    lies outside the sentence, which a parse never gives)."""
    if tok.get("pos") is None and tok.get("dep") is None:
        return ["_"] * 6
    head, dep = "_", "_"
    if tok.get("head") is not None:
        target = position.get(tok["head"])
        if tok.get("dep") in (None, "ROOT") or target is None or target == i:
            head, dep = "0", "root"
        else:
            head, dep = str(target), _field(str(tok.get("dep") or "dep"))
    return [_field(str(tok.get("lemma") or "_")), _field(str(tok.get("pos") or "_")),
            _field(str(tok.get("tag") or "_")), _field(str(tok.get("morph") or "_")), head, dep]


def _field(value: str) -> str:
    """A CoNLL-U column value: no tabs or newlines, never empty."""
    value = _WS.sub(" ", value).strip()
    return value or "_"


def to_conllu(result: Analysis | dict[str, Any], *, doc_id: str | None = None) -> str:
    """The tokens and sentences of an analysis in CoNLL-U, entities as BIO in MISC.

    Args:
        result: An :class:`~bkkbn_nlp.io.schema.Analysis` or its JSON dict.
        doc_id: Written as ``# newdoc id`` and used to prefix the sentence ids; default:
            the dict's ``id`` (if any). Without one, sentences are numbered ``1, 2, ...``.

    Returns:
        The CoNLL-U text; each sentence ends with a blank line. Empty for an empty text.

    Raises:
        TypeError: ``result`` is not an analysis (E053).
    """
    d = _as_dict(result)
    if doc_id is None and d.get("id") is not None:
        doc_id = str(d["id"])
    text: str = d["text"]
    groups = _sentence_groups(d)
    tags = _bio(d, groups)
    flat = [t for g in groups for t in g]
    next_start = {t["start"]: (flat[i + 1]["start"] if i + 1 < len(flat) else None)
                  for i, t in enumerate(flat)}
    index = {id(t): k for k, t in enumerate(d.get("tokens") or [])}
    lines: list[str] = []
    for n, group in enumerate(groups, 1):
        if n == 1 and doc_id is not None:
            lines.append(f"# newdoc id = {_field(doc_id)}")
        sent_id = f"{_field(doc_id)}-{n}" if doc_id is not None else str(n)
        position = {index[id(t)]: k for k, t in enumerate(group, 1)}  # token index -> ID
        lines.append(f"# sent_id = {sent_id}")
        lines.append(f"# text = {_field(text[group[0]['start']:group[-1]['end']])}")
        for i, tok in enumerate(group, 1):
            misc = []
            following = next_start[tok["start"]]
            if following is not None and following == tok["end"]:
                misc.append("SpaceAfter=No")
            misc.append(f"NER={tags[tok['start']]}")
            form = _field(text[tok["start"]:tok["end"]])
            lines.append("\t".join([str(i), form, *_syntax_fields(tok, position, i), "_",
                                    "|".join(misc)]))
        lines.append("")
    return "\n".join(lines) + ("\n" if lines else "")


# -- HTML --------------------------------------------------------------------------------

_CSS = """
:root { --per: #ffd8a8; --per-ink: #9a3412; --org: #a5d8ff; --org-ink: #1e40af;
  --loc: #b2f2bb; --loc-ink: #166534; --direct: #7048e8; --indirect: #d6336c; }
* { box-sizing: border-box; }
body { font: 17px/1.6 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif;
  color: #1f2328; background: #f6f7f9; margin: 0; padding: 24px; }
main { max-width: 980px; margin: 0 auto; }
h1 { font-size: 1.5rem; margin: 0 0 12px; }
h2 { font-size: 1.25rem; margin: 0 0 4px; }
h3 { font-size: 1.05rem; margin: 22px 0 8px; color: #444; }
.legend { display: flex; flex-wrap: wrap; gap: 8px 14px; align-items: center;
  background: #fff; border: 1px solid #d0d7de; border-radius: 8px; padding: 10px 14px;
  margin-bottom: 20px; font-size: 0.85rem; }
article { background: #fff; border: 1px solid #d0d7de; border-radius: 8px;
  padding: 20px 28px; margin-bottom: 24px; }
.meta { color: #57606a; font-size: 0.9rem; margin-bottom: 10px; }
.topic { display: inline-block; background: #eef1f4; border-radius: 10px;
  padding: 0 8px; margin-right: 4px; font-size: 0.82rem; }
.text p { margin: 0 0 0.9em; line-height: 2.1; }
mark.ent { padding: 2px 4px; border-radius: 4px; color: inherit;
  -webkit-box-decoration-break: clone; box-decoration-break: clone; }
mark.PER { background: var(--per); } mark.ORG { background: var(--org); }
mark.LOC { background: var(--loc); }
.label { font-size: 0.66rem; font-weight: 700; letter-spacing: 0.04em;
  vertical-align: 1px; margin-left: 4px; padding: 0 3px; border-radius: 3px;
  background: rgba(255, 255, 255, 0.75); }
mark.PER .label { color: var(--per-ink); } mark.ORG .label { color: var(--org-ink); }
mark.LOC .label { color: var(--loc-ink); }
.quote { text-decoration-line: underline; text-decoration-thickness: 2px;
  text-underline-offset: 5px; }
.quote.direct { text-decoration-color: var(--direct); }
.quote.indirect { text-decoration-color: var(--indirect); text-decoration-style: dashed; }
.qtag { display: inline-block; font-size: 0.72rem; font-weight: 600; line-height: 1.5;
  color: #fff; border-radius: 10px; padding: 0 8px; margin-right: 4px;
  vertical-align: 2px; text-decoration: none; }
.qtag.direct { background: var(--direct); } .qtag.indirect { background: var(--indirect); }
.cue { outline: 2px dotted #495057; outline-offset: 1px; border-radius: 3px;
  font-style: italic; padding: 0 2px; margin: 0 3px; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
th, td { text-align: left; vertical-align: top; padding: 6px 8px;
  border-bottom: 1px solid #e5e7eb; }
th { background: #f3f4f6; font-weight: 600; }
td.num { white-space: nowrap; width: 3.5em; }
td.type { width: 5.5em; } td.speaker { width: 14em; } td.cue-text { width: 7.5em; }
.muted { color: #6e7781; }
.swatch { display: inline-block; padding: 0 6px; border-radius: 4px; }
"""


#: Bidi controls: embeddings, overrides, isolates and the marks LRM, RLM, ALM.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
#: What can reorder text around it: a bidi control or a right-to-left letter (Hebrew,
#: Arabic, Syriac, Thaana, NKo and the other RTL blocks, presentation forms).
_REORDERING = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c"
                         "\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc"
                         "\U00010800-\U00010fff\U0001e800-\U0001efff]")


def _user(value: Any) -> str:
    """User text as element content: escaped, and a ``<bdi>`` (a bidi isolate: its controls
    end with it, its direction is its own) when it could reorder the text around it."""
    text = str(value)
    escaped = html.escape(text, quote=True)
    return f"<bdi>{escaped}</bdi>" if _REORDERING.search(text) else escaped


def _attr(value: Any) -> str:
    """User text in an attribute value or the page title (no markup there): escaped, the
    bidi controls removed."""
    return html.escape(_BIDI_CONTROLS.sub("", str(value)), quote=True)


def _speaker_name(q: dict[str, Any]) -> str:
    sp = q.get("speaker") or {}
    return str(sp.get("name") or sp.get("text") or "")


def _quote_spans(d: dict[str, Any]) -> list[tuple[int, int, int, str]]:
    """``(start, end, quote number, type)`` for every quote part (``other_parts`` too)."""
    out = []
    for n, q in enumerate(d.get("quotes") or [], 1):
        kind = q.get("type") if q.get("type") in ("direct", "indirect") else "direct"
        out.append((q["start"], q["end"], n, kind))
        for part in q.get("other_parts") or []:
            out.append((part["start"], part["end"], n, kind))
    return out


def _inner_marks(d: dict[str, Any]) -> list[tuple[int, int, str, str]]:
    """Non-overlapping ``(start, end, css class, title)`` marks: entities first, then cues."""
    marks: list[tuple[int, int, str, str]] = []
    for e in d.get("entities") or []:
        title = f"{e['label']}: {e.get('normalized') or e.get('text') or ''}"
        marks.append((e["start"], e["end"], f"ent {e['label']}", title))
    for n, q in enumerate(d.get("quotes") or [], 1):
        cue = q.get("cue")
        if cue:
            marks.append((cue["start"], cue["end"], "cue", f"cue of Q{n}"))
    chosen: list[tuple[int, int, str, str]] = []
    for m in marks:
        if m[1] > m[0] and all(m[1] <= c[0] or m[0] >= c[1] for c in chosen):
            chosen.append(m)
    return sorted(chosen)


def _active(spans: Sequence[tuple[int, int, Any, Any]], a: int) -> int | None:
    """Index of the innermost span covering position ``a`` (latest start wins)."""
    best: int | None = None
    for i, s in enumerate(spans):
        if s[0] <= a < s[1] and (best is None or s[0] >= spans[best][0]):
            best = i
    return best


_OPENING_MARKS = frozenset("\"'“‘«„")


def _render_paragraph(text: str, a: int, b: int, d: dict[str, Any],
                      quotes: list[tuple[int, int, int, str]],
                      marks: list[tuple[int, int, str, str]]) -> str:
    qs = [q for q in quotes if q[0] < b and q[1] > a]
    ms = [m for m in marks if m[0] < b and m[1] > a]
    records = d.get("quotes") or []
    # each quote's tag goes where its first part starts, before an opening quotation mark
    tags: dict[int, list[str]] = {}
    seen: set[int] = set()
    for start, _, n, kind in sorted(quotes):
        if n in seen:
            continue
        seen.add(n)
        pos = start - 1 if start - 1 >= a and text[start - 1] in _OPENING_MARKS else start
        if a <= pos < b:
            speaker = _speaker_name(records[n - 1]) if n <= len(records) else ""
            who = f" · {_user(speaker)}" if speaker else " · (no speaker)"
            tags.setdefault(pos, []).append(f'<span class="qtag {kind}">Q{n}{who}</span>')
    points = sorted({a, b, *tags, *[p for s in (*qs, *ms) for p in s[:2] if a < p < b]})
    out: list[str] = []
    open_q: int | None = None
    open_m: int | None = None

    def close_mark(at: int) -> None:
        nonlocal open_m
        if open_m is not None:
            m = ms[open_m]
            if m[2].startswith("ent") and at == m[1]:
                out.append(f'<span class="label">{_user(m[2][len("ent "):])}</span>')
            out.append("</mark>" if m[2].startswith("ent") else "</span>")
            open_m = None

    for x, y in zip(points, points[1:], strict=False):
        qi, mi = _active(qs, x), _active(ms, x)
        if qi != open_q or mi != open_m:
            close_mark(x)
        if qi != open_q and open_q is not None:
            out.append("</span>")
            open_q = None
        out.extend(tags.get(x, ()))
        if qi != open_q and qi is not None:
            _, _, n, kind = qs[qi]
            speaker = _speaker_name(records[n - 1]) if n <= len(records) else ""
            out.append(f'<span class="quote {kind}" title="Q{n}, {kind}'
                       f'{", speaker: " + _attr(speaker) if speaker else ""}">')
        open_q = qi
        if mi is not None and open_m is None:
            m = ms[mi]
            tag = "mark" if m[2].startswith("ent") else "span"
            out.append(f'<{tag} class="{_attr(m[2])}" title="{_attr(m[3])}">')
            open_m = mi
        out.append(_user(text[x:y]))
    close_mark(b)
    if open_q is not None:
        out.append("</span>")
    return "".join(out)


def _render_text(d: dict[str, Any]) -> str:
    text: str = d["text"]
    quotes, marks = _quote_spans(d), _inner_marks(d)
    paragraphs = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    return "\n".join(f'<p dir="auto">{_render_paragraph(text, a, b, d, quotes, marks)}</p>'
                     for a, b in paragraphs if text[a:b].strip())


def _span_text(d: dict[str, Any], span: dict[str, Any] | None) -> str:
    if not span:
        return ""
    return str(span.get("text") or d["text"][span["start"]:span["end"]])


def _quote_text(d: dict[str, Any], q: dict[str, Any]) -> str:
    """The quote's text; a quote split by its cue shows its parts in order, joined by "…"."""
    parts = sorted([q, *(q.get("other_parts") or [])], key=lambda p: p["start"])
    return " … ".join(_span_text(d, p) for p in parts)


def _quote_table(d: dict[str, Any]) -> str:
    quotes = d.get("quotes") or []
    if not quotes:
        return '<p class="muted">No quotes found.</p>'
    rows = []
    for n, q in enumerate(quotes, 1):
        sp = q.get("speaker") or {}
        name = _speaker_name(q)
        details = ", ".join(str(sp[k]) for k in ("role", "organization") if sp.get(k))
        mention = sp.get("text")
        who = (f"<strong>{_user(name)}</strong>" if name else '<span class="muted">none</span>')
        if details:
            who += f"<br><span class=\"muted\">{_user(details)}</span>"
        if mention and mention != name:
            who += f'<br><span class="muted">mention: “{_user(mention)}”</span>'
        cue = _span_text(d, q.get("cue"))
        kind = q.get("type", "")
        rows.append(
            f'<tr><td class="num"><span class="qtag {_attr(kind)}">Q{n}</span></td>'
            f'<td class="type">{_user(kind)}</td><td class="speaker">{who}</td>'
            f'<td class="cue-text">{_user(cue) if cue else "<span class=muted>–</span>"}</td>'
            f"<td>{_user(_quote_text(d, q))}</td></tr>")
    return ("<table><thead><tr><th>#</th><th>type</th><th>speaker</th><th>cue</th>"
            "<th>quote</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>")


def _entity_table(d: dict[str, Any]) -> str:
    counts: dict[tuple[str, str, str], int] = {}
    for e in d.get("entities") or []:
        key = (str(e["label"]), _span_text(d, e), str(e.get("normalized") or ""))
        counts[key] = counts.get(key, 0) + 1
    if not counts:
        return '<p class="muted">No entities found.</p>'
    rows = "".join(
        f'<tr><td><mark class="ent {_attr(label)}">{_user(label)}</mark></td><td>{_user(text)}'
        f"</td><td>{_user(norm) if norm and norm != text else ''}</td><td>{n}</td></tr>"
        for (label, text, norm), n in sorted(counts.items()))
    return ("<table><thead><tr><th>label</th><th>text</th><th>normalized</th><th>n</th>"
            "</tr></thead><tbody>" + rows + "</tbody></table>")


def _article(d: dict[str, Any], n: int) -> str:
    title = d.get("id") or f"Article {n}"
    meta = []
    dl = d.get("dateline") or {}
    if dl:
        meta.append("Dateline: " + " · ".join(_user(v) for v in (dl.get("place"),
                                                                  dl.get("agency")) if v))
    topics = d.get("topics") or []
    if topics:
        chips = "".join(f'<span class="topic">{_user(t["label"] if isinstance(t, dict) else t)}'
                        "</span>" for t in topics)
        meta.append("Topics: " + chips)
    meta.append(f"{len(d.get('entities') or [])} entities, {len(d.get('quotes') or [])} quotes")
    return (f"<article><h2>{_user(title)}</h2>"
            f'<div class="meta">{" &nbsp;|&nbsp; ".join(meta)}</div>'
            f'<div class="text">{_render_text(d)}</div>'
            f"<h3>Quotes</h3>{_quote_table(d)}<h3>Entities</h3>{_entity_table(d)}</article>")


_LEGEND = (
    '<div class="legend"><strong>Legend</strong>'
    '<span><mark class="ent PER">Person<span class="label">PER</span></mark></span>'
    '<span><mark class="ent ORG">Organisation<span class="label">ORG</span></mark></span>'
    '<span><mark class="ent LOC">Place<span class="label">LOC</span></mark></span>'
    '<span><span class="quote direct"><span class="qtag direct">Q1 · speaker</span>'
    "direct quote</span></span>"
    '<span><span class="quote indirect"><span class="qtag indirect">Q2 · speaker</span>'
    "indirect quote</span></span>"
    '<span><span class="cue">cue</span> (reporting verb)</span></div>'
)


def to_html(results: Analysis | dict[str, Any] | Iterable[Analysis | dict[str, Any]], *,
            title: str = "bkkbn_nlp analysis") -> str:
    """A standalone HTML page showing one analysis or several.

    Entities are highlighted by label (PER, ORG, LOC) with the label after them and the
    normalised name as a tooltip; each quote is underlined (solid: direct, dashed:
    indirect) and starts with a tag ``Q<n> · speaker``; cues are outlined. Under the text,
    a table lists each quote with its type, speaker (role, organisation, mention), cue and
    text, and another the entities. Text is HTML-escaped, so markup in an article is shown,
    never run.

    Args:
        results: An analysis (or its JSON dict), or an iterable of them for one page
            with several articles.
        title: The page title.

    Raises:
        TypeError: An item is not an analysis (E053).
    """
    docs = _results(results)
    body = "\n".join(_article(d, n) for n, d in enumerate(docs, 1))
    return ("<!DOCTYPE html>\n<html lang=\"id\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{_attr(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n<main>\n"
            f"<h1>{_user(title)}</h1>\n{_LEGEND}\n{body}\n</main>\n</body>\n</html>\n")


# -- dispatch ----------------------------------------------------------------------------


def format_result(results: Analysis | dict[str, Any] | Iterable[Analysis | dict[str, Any]],
                  fmt: str) -> str:
    """Write one analysis or several in the format ``fmt``.

    Args:
        results: An analysis or its JSON dict, or an iterable of them.
        fmt: ``json`` (indented; a list for several analyses), ``jsonl`` (one line per
            analysis), ``conllu`` (documents one after the other, each starting with
            ``# newdoc``) or ``html`` (one page).

    Returns:
        The text, ending with a newline (empty for no analyses in ``jsonl``/``conllu``).

    Raises:
        ValueError: Unknown ``fmt`` (E052).
        TypeError: An item is not an analysis (E053).
    """
    if fmt not in FORMATS:
        raise ValueError(Errors.E052.format(fmt=fmt, valid=", ".join(FORMATS)))
    single = hasattr(results, "to_dict") or isinstance(results, dict)
    docs = _results(results)
    if fmt == "json":
        payload: Any = docs[0] if single else docs
        return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
    if fmt == "jsonl":
        return "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs)
    if fmt == "conllu":
        return "".join(
            to_conllu(d, doc_id=None if single or d.get("id") is not None else f"doc{n}")
            for n, d in enumerate(docs, 1))
    return to_html(docs)
