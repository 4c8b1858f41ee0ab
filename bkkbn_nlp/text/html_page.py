"""Article-body extraction from a whole HTML page, as deletions (a cleaning step).

A scraped page holds much more than the article: the doctype, ``<head>`` (title, meta,
scripts), the site header with its menu, share buttons, "Baca juga" boxes, a sidebar, the
comment form and the footer. :func:`extract_html_body` finds the article body and returns
the edits that delete everything else, so :func:`~bkkbn_nlp.text.normalize.strip_html`
(which runs next) only sees the body, and the dateline opens the text again.

It only acts on a whole page (a doctype, ``<html>``, ``<head>`` or ``<body>`` tag); a
fragment of HTML (a few ``<p>`` tags) is left to ``strip_html`` as before. Every edit is a
deletion of a raw stretch (plus a zero-width ``"\\n"`` where a dropped block sat between two
texts), so each kept character maps one to one back to the raw page.

How the body is chosen (a small, forgiving scan with regexes, no DOM library):

1. Elements whose ``class``/``id`` says the page part is boilerplate are marked: semantic
   tags (``nav``, ``header``, ``footer``, ``aside``, ``menu``, ``form``, ``figure``, ...),
   ARIA roles (``navigation``, ``banner``, ``contentinfo``, ...), class or id words
   (``share``, ``social``, ``iklan``, ``comment``, ``tag``, ``sidebar``, ...; related-article
   boxes ``related``, ``terkait``, ``baca-juga``; bylines ``author``, ``byline``, ``date``)
   and lists or tables that are nearly all links.
2. The article body is the element with ``itemprop="articleBody"``, else one whose class or
   id says *article/post/entry/detail/read/story* plus *content/body/text*
   (``entry-content``, ``detail__body-text``, ``read__content``), else ``<article>`` or a
   class/id ``content``, ``isi``, ``konten``, else ``<main>``; of a kind, the one holding the
   most text (or a deeper one holding 80% of it). It must hold a fifth of the page's text.
   Everything before and after it is deleted.
3. Without such an element, the boilerplate of step 1 and ``<head>`` are deleted and the rest
   is kept.
4. Inside the body, the boilerplate of step 1 and the headline ``<h1>`` are deleted: the
   dateline that opens the first paragraph must open the text (a headline before it would
   hide it), and the headline is not a sentence of the article.

Malformed HTML never loses article text: an element is deleted only when it is closed
(``</nav>``; an unclosed ``<head>`` ends at ``<body>``), and a boilerplate element holding
much of the page's text (more than 40% and 200 characters outside links, e.g. a ``<form>``
wrapping a whole ASP.NET page, or a ``<div class="related">`` that a missing ``</div>``
stretched over the rest of the article) is kept.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from .normalize import _MAX_DROPPED_CHARS, _ClosingFinder
from .offsets import Edit

__all__ = ["extract_html_body", "looks_like_page"]

_PAGE = re.compile(r"<(?:!doctype|html|head|body)\b", re.IGNORECASE)
# A comment opening, a declaration (doctype, CDATA), a processing instruction, a tag.
_TOKEN = re.compile(
    r"(?P<comment><!--)|(?P<decl><[!?][^<>]{0,2000}>)"
    r"|<(?P<close>/)?(?P<name>[A-Za-z][A-Za-z0-9:-]{0,30})\b(?P<attrs>[^<>]{0,2000})>"
)
_ATTR = re.compile(r"""(?i)\b(class|id|itemprop|role)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_WORD_SPLIT = re.compile(r"[^a-z0-9]+")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_NON_SPACE = re.compile(r"\S")
_LINE_BREAK = re.compile(r"[ \t]*\n\s*")

_VOID = frozenset("area base br col embed hr img input link meta param source track wbr "
                  "keygen".split())
#: Elements whose content is not markup: dropped whole, with their closing tag.
_RAW_TEXT = frozenset("script style noscript template textarea".split())
_BOILERPLATE_TAGS = frozenset("head title nav header footer aside menu form button select "
                              "figure figcaption svg iframe dialog".split())
_BOILERPLATE_ROLES = frozenset("navigation banner contentinfo complementary search menu "
                               "menubar dialog".split())
_RELATED_WORDS = frozenset("related terkait bacajuga baca rekomendasi recommended "
                           "recommendation lainnya".split())
_BYLINE_WORDS = frozenset("byline author penulis reporter wartawan date tanggal time "
                          "timestamp meta".split())
_NOISE_WORDS = frozenset(
    "share sharing social sosmed socmed ads ad adv advert advertisement iklan banner sponsor "
    "promo comment comments komentar respond reply tag tags breadcrumb breadcrumbs sidebar "
    "widget menu nav navbar navigation footer header masthead popular terpopuler trending "
    "newsletter subscribe print cookie modal popup login search pagination paging".split()
)
_KIND_WORDS = frozenset("article artikel post entry detail read story news berita single".split())
_BODY_WORDS = frozenset("content body text isi konten".split())
_CONTAINER_TAGS = frozenset("div article section main td dd".split())
#: Dropping these leaves the text around them on one line; other dropped elements leave a
#: line break (they were blocks).
_INLINE = frozenset("a abbr b bdi bdo cite code em font i kbd label mark q s samp small span "
                    "strong sub sup time u var button select svg iframe".split())
_LINK_LISTS = frozenset("ul ol dl table td div".split())


@dataclass
class _Element:
    name: str
    start: int  # of the opening tag
    open_end: int  # after the opening tag
    parent: int  # index into the element list, -1 for the document
    depth: int
    attrs: dict[str, str] = field(default_factory=dict)
    close_start: int = -1  # where the element ends: its closing tag, or where it was closed
    end: int = -1  # after the closing tag
    closed: bool = False  # by its own closing tag (or, for <head>, by <body>)
    own_text: int = 0  # non-space characters directly inside
    own_links: int = 0  # of them inside an <a>
    links: int = 0  # <a> elements directly inside (with descendants: link_counts)


@dataclass
class _Page:
    elements: list[_Element]
    raw: list[tuple[int, int, int]]  # (start, end, parent) of scripts, styles, declarations
    breaks: list[tuple[int, int]]  # line breaks in the text (outside <pre>)
    length: int


def looks_like_page(text: str) -> bool:
    """Whether ``text`` is a whole HTML page (a doctype, ``<html>``, ``<head>`` or ``<body>``)."""
    return "<" in text and _PAGE.search(text) is not None


def _parse(text: str) -> _Page:
    """Scan the tags of ``text`` into a flat element list (parents by index)."""
    elements: list[_Element] = []
    raw: list[tuple[int, int, int]] = []
    breaks: list[tuple[int, int]] = []
    stack: list[int] = []
    open_by_name: dict[str, list[int]] = {}
    closings = _ClosingFinder(text)

    def add_text(a: int, b: int) -> None:
        if a >= b:
            return
        if not open_by_name.get("pre"):
            breaks.extend(m.span() for m in _LINE_BREAK.finditer(text, a, b))
        if not stack:
            return
        n = len(_NON_SPACE.findall(text, a, b))
        el = elements[stack[-1]]
        el.own_text += n
        if open_by_name.get("a"):
            el.own_links += n

    def pop_to(depth: int, at: int) -> None:
        while len(stack) > depth:
            el = elements[stack.pop()]
            open_by_name[el.name].pop()
            el.close_start = el.end = at

    pos = 0
    while (m := _TOKEN.search(text, pos)) is not None:
        add_text(pos, m.start())
        pos = m.end()
        parent = stack[-1] if stack else -1
        if m.group("comment"):
            c0, c1 = closings.find("-->", m.end())
            if c0 != -1 and c0 - m.end() <= _MAX_DROPPED_CHARS:
                pos = c1
            continue
        if m.group("decl"):
            raw.append((m.start(), m.end(), parent))
            continue
        name = m.group("name").lower()
        if m.group("close"):
            if open_by_name.get(name):
                i = open_by_name[name][-1]
                depth = elements[i].depth
                pop_to(depth + 1, m.start())
                stack.pop()
                open_by_name[name].pop()
                el = elements[i]
                el.close_start, el.end, el.closed = m.start(), m.end(), True
            continue
        if name in _RAW_TEXT:
            c0, c1 = closings.find(name, m.end())
            if c0 != -1 and c0 - m.end() <= _MAX_DROPPED_CHARS:
                raw.append((m.start(), c1, parent))
                pos = c1
            continue
        if name == "body" and open_by_name.get("head"):
            # the head ends where the body starts, closed or not
            i = open_by_name["head"][-1]
            pop_to(elements[i].depth + 1, m.start())
            stack.pop()
            open_by_name["head"].pop()
            head = elements[i]
            head.close_start, head.end, head.closed = m.start(), m.start(), True
            parent = stack[-1] if stack else -1
        attrs = _attributes(m.group("attrs"))
        el = _Element(name, m.start(), m.end(), parent, len(stack), attrs)
        elements.append(el)
        if name == "a" and parent >= 0:
            elements[parent].links += 1
        if name in _VOID or m.group("attrs").rstrip().endswith("/"):
            el.close_start = el.end = m.end()
            el.closed = True
            continue
        stack.append(len(elements) - 1)
        open_by_name.setdefault(name, []).append(len(elements) - 1)
    add_text(pos, len(text))
    pop_to(0, len(text))
    return _Page(elements, raw, breaks, len(text))


def _attributes(attrs: str) -> dict[str, str]:
    if "=" not in attrs:
        return {}
    out: dict[str, str] = {}
    for m in _ATTR.finditer(attrs):
        value = next((g for g in m.groups()[1:] if g is not None), "")
        out.setdefault(m.group(1).lower(), value)
    return out


def _words(el: _Element) -> set[str]:
    """The words of the element's class and id: ``detail__body-text`` -> detail, body, text;
    ``articleBody`` -> article, body."""
    value = " ".join(el.attrs.get(k, "") for k in ("class", "id"))
    return {w for w in _WORD_SPLIT.split(_CAMEL.sub(" ", value).lower()) if w}


def _boilerplate_kind(el: _Element, words: set[str]) -> str | None:
    """The removal kind of a boilerplate element (before its place and size are checked)."""
    if el.name in _BOILERPLATE_TAGS:
        return "markup"
    if el.attrs.get("role", "").lower() in _BOILERPLATE_ROLES:
        return "markup"
    if el.attrs.get("itemprop", "").lower() == "articlebody" or el.name in ("html", "body"):
        return None
    if words & _RELATED_WORDS:
        return "related_link"
    if words & _NOISE_WORDS:
        return "markup"
    if words & _BYLINE_WORDS:
        return "credit"
    return None


def _container_tier(el: _Element, words: set[str]) -> int | None:
    """How surely the element is the article body: 0 (surest) to 3, ``None`` if it is not."""
    if el.attrs.get("itemprop", "").lower() == "articlebody":
        return 0
    if el.name not in _CONTAINER_TAGS:
        return None
    if words & _BODY_WORDS and words & _KIND_WORDS:
        return 1
    if el.name == "article" or words & (_BODY_WORDS | {"article", "artikel"}):
        return 2
    if el.name == "main" or el.attrs.get("role", "").lower() == "main":
        return 3
    return None


def _totals(page: _Page, dropped: list[bool]) -> tuple[list[int], list[int]]:
    """Text and link text of each element with its descendants, not counting the elements
    in ``dropped`` (all of it when nothing is dropped)."""
    els = page.elements
    text = [e.own_text for e in els]
    links = [e.own_links for e in els]
    for i in range(len(els) - 1, -1, -1):
        p = els[i].parent
        if p >= 0 and not dropped[i]:
            text[p] += text[i]
            links[p] += links[i]
    return text, links


def _choose_container(page: _Page, kinds: list[str | None], in_boilerplate: list[bool]
                      ) -> int | None:
    els = page.elements
    kept, _ = _totals(page, [k is not None for k in kinds])
    page_text = sum(kept[i] for i, e in enumerate(els) if e.parent == -1)
    tiers: dict[int, list[int]] = {}
    for i, el in enumerate(els):
        if in_boilerplate[i] or kinds[i] is not None:
            continue
        tier = _container_tier(el, _words(el))
        if tier is not None and kept[i]:
            tiers.setdefault(tier, []).append(i)
    for tier in sorted(tiers):
        best = max(kept[i] for i in tiers[tier])
        if best < 20 or best < 0.2 * page_text:
            continue
        near = [i for i in tiers[tier] if kept[i] >= 0.8 * best]
        return max(near, key=lambda i: (els[i].depth, -i))
    return None


def extract_html_body(text: str) -> list[Edit]:
    """On a whole HTML page, delete all but the article body: the doctype, ``<head>``,
    navigation, header, footer, sidebars, forms, share/related/comment blocks, bylines and
    the headline ``<h1>`` (see :mod:`bkkbn_nlp.text.html_page`). Fragments of HTML are left
    alone."""
    if not looks_like_page(text):
        return []
    page = _parse(text)
    els = page.elements
    n = len(els)
    kinds: list[str | None] = [None] * n
    in_boilerplate = [False] * n
    link_counts = [e.links for e in els]
    for i in range(n - 1, -1, -1):
        if els[i].parent >= 0:
            link_counts[els[i].parent] += link_counts[i]
    for i, el in enumerate(els):
        words = _words(el)
        kinds[i] = _boilerplate_kind(el, words)
        if kinds[i] is None and el.name in _LINK_LISTS and link_counts[i] >= 3:
            kinds[i] = "link_list"  # decided below, once the text totals are known
        p = el.parent
        in_boilerplate[i] = p >= 0 and (in_boilerplate[p] or (
            kinds[p] not in (None, "link_list") and els[p].closed))
    text_all, links_all = _totals(page, [False] * n)
    for i in range(n):
        if kinds[i] == "link_list":
            kinds[i] = "markup" if links_all[i] >= 0.7 * text_all[i] else None
    container = _choose_container(page, kinds, in_boilerplate)

    edits: list[Edit] = []
    if container is not None:
        root = els[container]
        edits.append(Edit(0, root.open_end, kind="markup"))
        if root.close_start < len(text):
            edits.append(Edit(root.close_start, len(text), kind="markup"))
        lo, hi = root.open_end, root.close_start
    else:
        lo, hi = 0, len(text)
        edits.extend(Edit(a, b, kind="markup") for a, b, _ in page.raw if a < b)
    prose = [t - k for t, k in zip(text_all, links_all, strict=True)]
    root_prose = prose[container] if container is not None else sum(
        prose[i] for i, e in enumerate(els) if e.parent == -1)
    dropped = [False] * n
    for i, el in enumerate(els):
        p = el.parent
        if p >= 0 and dropped[p]:
            dropped[i] = True
            continue
        kind = kinds[i]
        if el.name == "h1":
            kind = "markup"
        if kind is None or not el.closed or el.start < lo or el.end > hi or el.start >= el.end:
            continue
        if el.name != "head" and prose[i] > 200 and prose[i] > 0.4 * root_prose:
            continue  # too much of the page's text to be boilerplate
        dropped[i] = True
        edits.append(Edit(el.start, el.end, kind=kind))
        if el.name not in _INLINE and el.name != "head":
            edits.append(Edit(el.end, el.end, "\n"))
    # scripts and declarations inside a dropped element went with it
    edits = _without_nested(edits)
    return edits + _line_breaks_to_spaces(page.breaks, edits, lo, hi)


def _line_breaks_to_spaces(breaks: list[tuple[int, int]], edits: list[Edit], lo: int, hi: int
                           ) -> list[Edit]:
    """A line break in the page's text is a space, as in a browser: paragraphs come from the
    block tags (``strip_html``), not from how the HTML source was wrapped."""
    deleted = [(e.start, e.end) for e in edits if e.start < e.end]
    starts = [a for a, _ in deleted]
    out: list[Edit] = []
    for a, b in breaks:
        if a < lo or b > hi:
            continue
        i = bisect_right(starts, a) - 1
        if i >= 0 and deleted[i][1] > a:
            continue  # inside a deleted stretch
        if i + 1 < len(deleted) and deleted[i + 1][0] < b:
            continue
        out.append(Edit(a, b, " "))
    return out


def _without_nested(edits: list[Edit]) -> list[Edit]:
    out: list[Edit] = []
    end = -1
    for e in sorted(edits, key=lambda e: (e.start, -e.end)):
        if e.start == e.end:
            if not out or e.start >= end:
                out.append(e)
            continue
        if e.start >= end:
            out.append(e)
            end = e.end
    return out
