"""The records the quote passes hand to each other: paired marks, speakers, cues, quotes.

Owns only data: character offsets into ``doc.text`` with the little each pass needs. The
public quote dicts are made from these by :mod:`.resolution`.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Mark", "Speaker", "Cue", "Quote"]


@dataclass
class Mark:
    """A paired (or unclosed) quotation mark and the content between."""

    open_pos: int
    close_pos: int  # index of the closing mark, or end of content when unclosed
    start: int
    end: int
    closed: bool


@dataclass
class Speaker:
    """A speaker mention; ``kind`` is "per", "pronoun", "clitic", "descr", "role" or "org"."""

    kind: str
    start: int
    end: int
    text: str
    name: str | None = None
    role: str | None = None
    organization: str | None = None


@dataclass
class Cue:
    """A reporting cue with its speaker; ``region_end`` ends the cue + speaker material."""

    start: int
    end: int
    text: str
    speaker: Speaker | None
    region_end: int


@dataclass
class Quote:
    """A direct or indirect quote (``type``) with its cue and the other parts of its content."""

    type: str
    start: int
    end: int
    cue: Cue | None
    other_parts: list[tuple[int, int]] | None = None
