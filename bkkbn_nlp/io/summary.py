"""A short human-readable report of one result (``bkkbn-nlp analyze --format summary``).

:func:`summarize` takes a result in its JSON shape (``Analysis.to_dict()``, or one line of a
corpus run: ``{"id": ..., **analysis}`` or ``{"id": ..., "error": {...}}``) or an
:class:`~bkkbn_nlp.io.schema.Analysis`, and gives a few dozen lines of plain text: the
dateline, the title (or first line), sentence and token counts, the people with their roles
and organisations, the organisations and places (normalised, de-duplicated, with counts),
each quote (type, shortened content, cue, speaker) and the topics with their scores. The
report is for reading; use the JSON for anything a program reads.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .schema import Analysis

__all__ = ["summarize", "summarize_error", "MAX_ITEMS", "MAX_QUOTES"]

#: At most this many people, organisations or places are listed (the rest are counted).
MAX_ITEMS = 12
#: At most this many quotes are listed (the rest are counted).
MAX_QUOTES = 25
#: Shortened texts (first line, quote content) keep about this many characters.
SHORT = 72

_BOLD, _DIM, _RESET = "\033[1m", "\033[2m", "\033[0m"


def _shorten(text: str, width: int = SHORT) -> str:
    """``text`` on one line, cut at a word boundary to about ``width`` characters."""
    flat = " ".join(text.split())
    if len(flat) <= width:
        return flat
    cut = flat[:width].rsplit(" ", 1)[0] if " " in flat[:width] else flat[:width]
    return cut.rstrip(",.;:") + "…"


def _times(n: int) -> str:
    return f" ×{n}" if n > 1 else ""


@dataclass
class _Person:
    name: str
    mentions: int = 0
    quotes: int = 0
    roles: list[str] = field(default_factory=list)

    def add_role(self, role: str | None, organization: str | None) -> None:
        described = ", ".join(part for part in (role, organization) if part)
        if described and described not in self.roles:
            self.roles.append(described)

    def line(self) -> str:
        counts = [f"{self.mentions} mention{'s' if self.mentions != 1 else ''}"]
        if self.quotes:
            counts.append(f"{self.quotes} quote{'s' if self.quotes != 1 else ''}")
        role = f" — {'; '.join(self.roles)}" if self.roles else ""
        return f"{self.name}{role} ({', '.join(counts)})"


class _Report:
    """The lines of one report; headings bold when ``colour``."""

    def __init__(self, colour: bool) -> None:
        self.colour = colour
        self.lines: list[str] = []

    def heading(self, text: str) -> None:
        self.lines.append(f"{_BOLD}{text}{_RESET}" if self.colour else text)

    def field(self, name: str, value: str) -> None:
        label = f"{name:<14}"
        self.lines.append(f"  {_DIM}{label}{_RESET}{value}" if self.colour
                          else f"  {label}{value}")

    def items(self, name: str, entries: list[str], total: int) -> None:
        if not entries:
            self.field(name, "none")
            return
        self.field(name, f"{total}")
        self.lines.extend(f"    {entry}" for entry in entries)
        if total > len(entries):
            self.lines.append(f"    … and {total - len(entries)} more")


def _people(entities: Iterable[Mapping[str, Any]],
            quotes: Iterable[Mapping[str, Any]]) -> list[_Person]:
    """The people of the text, in order of first mention, with roles from mentions and quotes."""
    people: dict[str, _Person] = {}
    for ent in entities:
        if ent.get("label") != "PER":
            continue
        name = ent.get("normalized") or ent.get("text") or "?"
        person = people.setdefault(name, _Person(name))
        person.mentions += 1
        person.add_role(ent.get("role"), ent.get("organization"))
    for quote in quotes:
        speaker = quote.get("speaker") or {}
        name = speaker.get("name")
        if not name:
            continue
        person = people.setdefault(name, _Person(name))
        person.quotes += 1
        person.add_role(speaker.get("role"), speaker.get("organization"))
    return list(people.values())


def _named(entities: Iterable[Mapping[str, Any]], label: str) -> list[tuple[str, int]]:
    """``(name, count)`` of the entities with ``label``, most frequent first.

    The name is the normalised one, followed by the shortest surface form in brackets when
    every mention was written differently (``Badan ... Nasional (BKKBN)``).
    """
    counts: Counter[str] = Counter()
    forms: dict[str, set[str]] = {}
    for ent in entities:
        if ent.get("label") != label:
            continue
        name = ent.get("normalized") or ent.get("text") or "?"
        counts[name] += 1
        forms.setdefault(name, set()).add(" ".join(str(ent.get("text", "")).split()))
    shown = []
    for name, n in counts.most_common():
        written = forms[name]
        short = min(written, key=lambda form: (len(form), form)) if written else name
        shown.append((name if name in written else f"{name} ({short})", n))
    return shown


def _quote_line(number: int, quote: Mapping[str, Any]) -> str:
    content = _shorten(str(quote.get("text", "")), SHORT - 20)
    cue = (quote.get("cue") or {}).get("text")
    speaker = quote.get("speaker") or {}
    name = speaker.get("name")
    if name:
        said = speaker.get("text")
        # the speaker's words when they are not the name itself ("ia", "katanya")
        who = name if not said or said in (name, cue) else f"{name} (“{said}”)"
    else:
        who = "unknown"
    cue_part = f"  cue: {cue}" if cue else "  no cue"
    return f"{number:>2}. {quote.get('type', '?'):<8} “{content}”{cue_part}  speaker: {who}"


def _title(result: Mapping[str, Any]) -> tuple[str, str] | None:
    """``("title", ...)`` when the result knows the title, else ``("first line", ...)``."""
    meta = result.get("meta") or {}
    title = meta.get("title") if isinstance(meta, Mapping) else None
    if not title:
        title = next((r.get("text") for r in result.get("removed") or ()
                      if r.get("kind") == "title" and r.get("text", "").strip()), None)
    if title and str(title).strip():
        return "title", _shorten(str(title), SHORT + 20)
    text = str(result.get("text") or "")
    sentences = result.get("sentences") or ()
    if sentences:
        first = text[sentences[0]["start"]:sentences[0]["end"]]
    else:
        first = text.strip().split("\n", 1)[0]
    return ("first line", _shorten(first, SHORT + 20)) if first.strip() else None


def summarize_error(doc_id: Any, code: str, message: str, *, colour: bool = False) -> str:
    """The one-line report of a record that could not be analysed."""
    head = f"{doc_id}: " if doc_id is not None else ""
    text = f"{head}not analysed: [{code}] {message}"
    return (f"{_BOLD}{text}{_RESET}" if colour else text) + "\n"


def summarize(result: Analysis | Mapping[str, Any], doc_id: Any = None, *,
              colour: bool = False) -> str:
    """A short plain-text report of one result (ends with a line break).

    Args:
        result: An :class:`Analysis`, its ``to_dict()``, or one line of a corpus run (with
            ``id``; an ``error`` line gives a one-line report).
        doc_id: The heading (a file name, a record id); default: the result's ``id``, if any.
        colour: Bold headings (ANSI escapes), for a terminal.
    """
    data: Mapping[str, Any] = result.to_dict() if isinstance(result, Analysis) else result
    if doc_id is None:
        doc_id = data.get("id")
    error = data.get("error")
    if isinstance(error, Mapping):
        return summarize_error(doc_id, str(error.get("code", "?")),
                               str(error.get("message", "")), colour=colour)
    text = str(data.get("text") or "")
    report = _Report(colour)
    report.heading(str(doc_id) if doc_id is not None else "document")
    if not text.strip():
        report.lines.append("  empty text: nothing to analyse (no sentences, entities, quotes "
                            "or topics)")
        return "\n".join(report.lines) + "\n"

    dateline = data.get("dateline") or {}
    place, agency = dateline.get("place"), dateline.get("agency")
    if place or agency:
        report.field("dateline", " ".join(filter(None, [place, f"({agency})" if agency
                                                        else None])))
    else:
        report.field("dateline", "none found")
    title = _title(data)
    if title:
        report.field(*title)
    n_sent, n_tok = len(data.get("sentences") or ()), len(data.get("tokens") or ())
    report.field("size", f"{n_sent:,} sentence{'s' if n_sent != 1 else ''}, {n_tok:,} "
                         f"token{'s' if n_tok != 1 else ''}, {len(text):,} characters")

    entities = data.get("entities") or ()
    quotes = data.get("quotes") or ()
    people = _people(entities, quotes)
    report.items("people", [p.line() for p in people[:MAX_ITEMS]], len(people))
    for name, label in (("organisations", "ORG"), ("places", "LOC")):
        named = _named(entities, label)
        report.items(name, [f"{n}{_times(c)}" for n, c in named[:MAX_ITEMS]], len(named))
    report.items("quotes", [_quote_line(i, q) for i, q in enumerate(quotes[:MAX_QUOTES], 1)],
                 len(quotes))
    topics = data.get("topics") or ()
    report.field("topics", ", ".join(f"{t['label']} {t['score']:.2f}" for t in topics)
                 if topics else "no topic")
    return "\n".join(report.lines) + "\n"
