"""``bkkbn-nlp query DB ...``: the common questions asked of an article store, as a table,
CSV or JSON (docs/corpus.md). Each subcommand calls one read function of
:class:`bkkbn_nlp.store.Store`; the store is opened read-only.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from typing import Any

import click

from ..errors import Errors
from ._common import Failure

FORMATS = ("table", "csv", "json")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
#: Widest cell of a table (longer text is cut with "…"; CSV and JSON keep everything).
_CELL = 70


def _check_date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is not None and not _DATE.match(value):
        raise click.BadParameter(Errors.E104.format(what=param.name, value=value))
    return value


def _cell(value: Any) -> str:
    text = "" if value is None else " ".join(str(value).split())
    return text if len(text) <= _CELL else text[:_CELL - 1] + "…"


def render_table(rows: list[dict[str, Any]], columns: list[str]) -> str:
    """A plain-text table of ``columns`` of ``rows`` (a header, a rule, one line each)."""
    cells = [[_cell(row.get(c)) for c in columns] for row in rows]
    widths = [max([len(c), *(len(r[i]) for r in cells)]) for i, c in enumerate(columns)]

    def line(values: list[str]) -> str:
        return "  ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)).rstrip()

    return "\n".join([line(columns), line(["-" * w for w in widths]), *map(line, cells)]) + "\n"


def render(rows: list[dict[str, Any]], fmt: str, columns: list[str]) -> str:
    """``rows`` as a table (``columns`` only), CSV (every field) or JSON (every field)."""
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        out = io.StringIO()
        fields = list(dict.fromkeys(k for row in rows for k in row)) or columns
        writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return out.getvalue()
    if not rows:
        return "(no results)\n"
    return render_table(rows, columns)


def _run(ctx: click.Context, fmt: str, columns: list[str],
         ask: Callable[[Any], list[dict[str, Any]]]) -> None:
    from ..store import Store, StoreError

    try:
        with Store(ctx.obj["db"], readonly=True) as store:
            rows = ask(store)
    except StoreError as exc:
        raise Failure(str(exc)) from None
    click.echo(render(rows, fmt, columns), nl=False)


def _format_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("-f", "--format", "fmt", type=click.Choice(FORMATS), default="table",
                        show_default=True, help="table: for reading; csv or json: every field.")(f)


def _limit_option(default: int) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    return click.option("--limit", type=click.IntRange(min=1), default=default,
                        show_default=True, help="At most this many rows.")


def _date_options(f: Callable[..., Any]) -> Callable[..., Any]:
    f = click.option("--until", callback=_check_date, default=None,
                     help="Up to this date (YYYY, YYYY-MM or YYYY-MM-DD), inclusive.")(f)
    return click.option("--since", callback=_check_date, default=None,
                        help="From this date on (YYYY, YYYY-MM or YYYY-MM-DD).")(f)


@click.group("query")
@click.argument("db", type=click.Path(dir_okay=False))
@click.pass_context
def query_command(ctx: click.Context, db: str) -> None:
    """Ask an article store DB (made by `bkkbn-nlp index`) a question."""
    ctx.obj = {"db": db}


@query_command.command("quotes")
@click.option("--person", help="The speaker: a person id or a name (titles are ignored).")
@click.option("--role", help="Words of the speaker's role (e.g. Kepala).")
@click.option("--agency", help="The speaker's agency: kb id (agency:bkkbn), acronym or name.")
@click.option("--topic", help="A topic of the article (e.g. kesehatan).")
@click.option("--outlet", help="The article's source (e.g. antaranews.com).")
@click.option("--text", help="Words of the quote (full-text search).")
@_date_options
@_limit_option(50)
@_format_option
@click.pass_context
def quotes_cmd(ctx: click.Context, person: str | None, role: str | None, agency: str | None,
               topic: str | None, outlet: str | None, text: str | None, since: str | None,
               until: str | None, limit: int, fmt: str) -> None:
    """Quotes, newest first, by person, role, agency, topic, date range, outlet or words."""
    who: int | str | None = int(person) if person and person.isdigit() else person
    _run(ctx, fmt, ["date", "source", "person", "role", "type", "content"],
         lambda s: s.quotes(person=who, role=role, agency=agency, topic=topic, since=since,
                            until=until, outlet=outlet, text=text, limit=limit))


@query_command.command("top-speakers")
@click.option("--topic", help="Only quotes in articles of this topic.")
@click.option("--outlet", help="Only quotes in articles of this source.")
@_date_options
@_limit_option(20)
@_format_option
@click.pass_context
def top_speakers_cmd(ctx: click.Context, topic: str | None, outlet: str | None,
                     since: str | None, until: str | None, limit: int, fmt: str) -> None:
    """The most quoted people, with their latest role."""
    _run(ctx, fmt, ["person_id", "person", "quotes", "articles", "role", "organization"],
         lambda s: s.top_speakers(topic=topic, outlet=outlet, since=since, until=until,
                                  limit=limit))


@query_command.command("cooccurrence")
@click.option("--a", "label_a", type=click.Choice(["ORG", "LOC", "PER"]), default="ORG",
              show_default=True, help="The label of the first entity.")
@click.option("--b", "label_b", type=click.Choice(["ORG", "LOC", "PER"]), default="LOC",
              show_default=True, help="The label of the second entity.")
@click.option("--topic", help="Only articles of this topic.")
@_date_options
@_limit_option(20)
@_format_option
@click.pass_context
def cooccurrence_cmd(ctx: click.Context, label_a: str, label_b: str, topic: str | None,
                     since: str | None, until: str | None, limit: int, fmt: str) -> None:
    """Pairs of entities (agencies and places, by default) named in the same articles."""
    _run(ctx, fmt, ["a", "b", "articles"],
         lambda s: s.cooccurrence(label_a, label_b, topic=topic, since=since, until=until,
                                  limit=limit))


@query_command.command("topics")
@click.option("--by", type=click.Choice(["month", "year", "day", "outlet"]), default="month",
              show_default=True, help="Count per month, year, day or outlet.")
@click.option("--topic", help="Only this topic.")
@_date_options
@_format_option
@click.pass_context
def topics_cmd(ctx: click.Context, by: str, topic: str | None, since: str | None,
               until: str | None, fmt: str) -> None:
    """How many articles have each topic, per month (or year, day, outlet)."""
    _run(ctx, fmt, [by, "topic", "articles"],
         lambda s: s.topic_counts(by=by, topic=topic, since=since, until=until))


@query_command.command("search")
@click.argument("words")
@_limit_option(20)
@_format_option
@click.pass_context
def search_cmd(ctx: click.Context, words: str, limit: int, fmt: str) -> None:
    """Full-text search of article titles and quotes (every word required)."""
    _run(ctx, fmt, ["kind", "date", "article_id", "person", "text"],
         lambda s: s.search(words, limit=limit))


@query_command.command("people")
@click.option("--name", help="Words of the name or of an alias.")
@click.option("--role", help="Words of a role the person had.")
@click.option("--agency", help="An agency the person was of: kb id, acronym or name.")
@_limit_option(50)
@_format_option
@click.pass_context
def people_cmd(ctx: click.Context, name: str | None, role: str | None, agency: str | None,
               limit: int, fmt: str) -> None:
    """People of the store, most quoted first."""
    _run(ctx, fmt, ["id", "name", "quotes", "articles"],
         lambda s: s.people(name=name, role=role, agency=agency, limit=limit))
