"""What each page of the view shows, as plain data from a read-only
:class:`~bkkbn_nlp.store.Store`: one function per kind of page, each returning the
template's context (dicts and lists; the few HTML pieces come from :mod:`.render`, already
escaped). No web framework here, so the pages can be tested and reused without one.

Long lists come a page at a time (:class:`Pager`, :data:`PER_PAGE` rows, at most
:data:`MAX_PAGE` pages); an unknown id raises :class:`NotFound`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..labels import TOPIC_LABELS
from . import reads
from .render import article_html, bar_chart, snippet_html

if TYPE_CHECKING:
    from bkkbn_nlp.store import Store

__all__ = ["NotFound", "Pager", "PER_PAGE", "MAX_PAGE", "MAX_QUERY", "home", "article",
           "person", "agency", "topic", "search", "month_series"]

#: Rows of a long list on one page.
PER_PAGE = 20
#: The last page of any list (a longer one is narrowed with a search or a topic).
MAX_PAGE = 100
#: Characters of a search that are used (the rest is ignored).
MAX_QUERY = 200
#: A time chart with more months than this counts by year instead.
MAX_MONTHS = 36

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


class NotFound(LookupError):
    """No article, person, organisation or topic of that id: the page is a 404."""

    def __init__(self, what: str, key: object) -> None:
        super().__init__(f"No {what} {key!r} in this store.")
        self.what, self.key = what, key


@dataclass(frozen=True)
class Pager:
    """Page ``page`` (from 1) of a list; ``has_next`` when more rows follow."""

    page: int
    has_next: bool
    param: str = "page"

    @property
    def offset(self) -> int:
        """Rows before this page."""
        return (self.page - 1) * PER_PAGE

    @property
    def previous(self) -> int | None:
        return self.page - 1 if self.page > 1 else None

    @property
    def next(self) -> int | None:
        return self.page + 1 if self.has_next and self.page < MAX_PAGE else None


def page_number(value: object) -> int:
    """A ``?page=`` value as a page number from 1 to :data:`MAX_PAGE` (anything else: 1)."""
    try:
        n = int(str(value))
    except ValueError:
        return 1
    return min(max(n, 1), MAX_PAGE)


def _paged(fetch: Callable[[int, int], list[dict[str, Any]]], page: int,
           param: str = "page") -> tuple[list[dict[str, Any]], Pager]:
    """One page of a list: ``fetch(limit, offset)`` is asked for one row more than a page,
    to know whether a next page exists."""
    offset = (page - 1) * PER_PAGE
    rows = fetch(PER_PAGE + 1, offset)
    return rows[:PER_PAGE], Pager(page, len(rows) > PER_PAGE, param)


def _head(fetch: Callable[[int], list[dict[str, Any]]]) -> Callable[[int, int], list[Any]]:
    """``fetch(limit)`` of the store's read API (which has no offset) as
    ``fetch(limit, offset)``: it reads the rows before the page too and drops them."""
    return lambda limit, offset: fetch(offset + limit)[offset:]


def _with_org_keys(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each quote or role with ``org_key``: the key of its organisation's page (or None)."""
    for row in rows:
        row["org_key"] = reads.org_key(row.get("organization_kb_id"),
                                       row.get("organization_normalized") or
                                       row.get("organization"))
    return rows


#: ``memo(name, compute)``: ``compute()``, or what it gave before while the store is the same.
Memo = Callable[[str, Callable[[], Any]], Any]


def _no_memo(name: str, compute: Callable[[], Any]) -> Any:
    return compute()


def home(store: Store, *, page: int = 1, memo: Memo = _no_memo) -> dict[str, Any]:
    """The store's counts, the most quoted people, the topics, the most named
    organisations, and the articles, newest first. The aggregates over the whole store go
    through ``memo``, so a view can keep them until the store changes."""
    rows, pager = _paged(lambda n, o: reads.articles(store, limit=n, offset=o), page)
    return {"stats": memo("stats", store.stats),
            "speakers": memo("speakers", lambda: store.top_speakers(limit=10)),
            "topics": memo("topics", lambda: reads.topic_totals(store)),
            "organizations": memo("organizations", lambda: reads.organizations(store)),
            "articles": rows, "pager": pager}


def article(store: Store, article_id: str) -> dict[str, Any]:
    """One article: metadata, topics, the highlighted text, its quotes (numbered as in the
    text: ``n``), its people and its entities (one row per label, form and name)."""
    found = store.article(article_id)
    if found is None:
        raise NotFound("article", article_id)
    for n, q in enumerate(found["quotes"], 1):
        q["n"] = n
    _with_org_keys(found["quotes"])
    entities: dict[tuple[Any, ...], dict[str, Any]] = {}
    for e in found["entities"]:
        key = (e["label"], e["text"], e["normalized"], e["kb_id"], e["person_id"])
        row = entities.setdefault(key, {**e, "count": 0})
        row["count"] += 1
    order = {"PER": 0, "ORG": 1, "LOC": 2}
    grouped = sorted(entities.values(), key=lambda e: (order.get(e["label"], 3),
                                                       e["normalized"], e["text"]))
    return {"article": found, "text_html": article_html(found), "entities": grouped}


def person(store: Store, person_id: str, *, page: int = 1) -> dict[str, Any]:
    """One person: names, roles and organisations over time, topics, and their quotes
    (newest first, a page at a time)."""
    if not person_id.isdigit() or len(person_id) > 18:
        raise NotFound("person", person_id)
    found = store.person(int(person_id))
    if found is None:
        raise NotFound("person", person_id)
    pid = int(person_id)
    quotes, pager = _paged(_head(lambda n: store.quotes(person=pid, limit=n)), page)
    for role in found["roles"]:
        role["org_key"] = reads.org_key(role.get("organization_kb_id"), role.get("organization"))
    return {"person": found, "quotes": _with_org_keys(quotes), "pager": pager}


def agency(store: Store, key: str, *, page: int = 1, mentions_page: int = 1) -> dict[str, Any]:
    """One organisation (a kb id such as ``agency:bkkbn@region:74``, with its regional
    offices, or a name): its people, the quotes of its people, and the articles that name
    it."""
    name = reads.organization_name(store, key)
    if name is None:
        raise NotFound("organisation", key)
    quotes, pager = _paged(_head(lambda n: store.quotes(agency=key, limit=n)), page)
    mentions, mentions_pager = _paged(
        lambda n, o: reads.organization_mentions(store, key, limit=n, offset=o),
        mentions_page, "mentions_page")
    return {"key": key, "name": name, "people": store.people(agency=key, limit=PER_PAGE),
            "quotes": _with_org_keys(quotes), "pager": pager, "mentions": mentions,
            "mentions_pager": mentions_pager,
            "n_articles": reads.organization_mention_count(store, key)}


def month_series(rows: list[dict[str, Any]], key: str = "month") -> list[tuple[str, int]]:
    """``(period, articles)`` in time order, months without articles filled in with 0
    (between the first and the last month); a period that is not a month (an article
    dated by its year only) keeps its place in the order."""
    counts: dict[str, int] = {}
    for row in rows:
        counts[str(row[key])] = counts.get(str(row[key]), 0) + int(row["articles"])
    months = sorted(p for p in counts if _MONTH.match(p))
    if months:
        (y0, m0), (y1, m1) = ((int(p[:4]), int(p[5:])) for p in (months[0], months[-1]))
        for i in range(y0 * 12 + m0 - 1, y1 * 12 + m1):
            counts.setdefault(f"{i // 12:04d}-{i % 12 + 1:02d}", 0)
    return sorted(counts.items())


def topic(store: Store, label: str, *, page: int = 1) -> dict[str, Any]:
    """One topic: articles per month (an SVG chart; per year when the months are many),
    per outlet, the most quoted people, recent quotes and the articles (a page at a time)."""
    totals = {r["topic"]: r["articles"] for r in reads.topic_totals(store)}
    if label not in TOPIC_LABELS and label not in totals:
        raise NotFound("topic", label)
    by = "month"
    series = month_series(store.topic_counts(by="month", topic=label))
    if len(series) > MAX_MONTHS:
        by = "year"
        series = month_series(store.topic_counts(by="year", topic=label), "year")
    rows, pager = _paged(lambda n, o: reads.topic_articles(store, label, limit=n, offset=o),
                         page)
    chart = bar_chart(series, title=f"Articles on {label} per {by}")
    return {"topic": label, "articles_total": totals.get(label, 0), "by": by,
            "series": series, "chart_svg": chart,
            "year_only": by == "month" and any(not _MONTH.match(p) for p, _ in series),
            "outlets": store.topic_counts(by="outlet", topic=label),
            "speakers": store.top_speakers(topic=label, limit=10),
            "quotes": _with_org_keys(store.quotes(topic=label, limit=10)),
            "articles": rows, "pager": pager}


def search(store: Store, text: str, *, page: int = 1) -> dict[str, Any]:
    """Full-text search of titles and quotes (every word required), and the people whose
    name has the words."""
    query = " ".join(text.split())[:MAX_QUERY]
    if not query:
        return {"query": "", "people": [], "hits": [], "pager": Pager(1, False)}
    hits, pager = _paged(_head(lambda n: store.search(query, limit=n)), page)
    for hit in hits:
        hit["text_html"] = snippet_html(hit["text"])
    people = store.people(name=query, limit=10) if page == 1 else []
    return {"query": query, "people": people, "hits": hits, "pager": pager}
