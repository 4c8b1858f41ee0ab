"""The cleaned article and the cleaning step: :class:`Article`, :class:`Dateline`,
:class:`Removal` and :class:`CleaningStep` (see :mod:`bkkbn_nlp.text.clean`).

An :class:`Article` holds the cleaned text, what cleaning removed and the offset map back to
the raw text. A :class:`CleaningStep` is a name, a pure function ``text -> list[Edit]`` and
a documented example.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .offsets import Edit, OffsetMap

__all__ = ["Article", "Dateline", "Removal", "CleaningStep", "StepFunc"]


@dataclass(frozen=True)
class Dateline:
    """The place and agency of a dateline such as ``Kendari (ANTARA) -``."""

    place: str | None
    agency: str | None

    def to_dict(self) -> dict[str, str | None]:
        return {"place": self.place, "agency": self.agency}


@dataclass(frozen=True)
class Removal:
    """A stretch of the raw text that cleaning removed, with the reason (``kind``)."""

    kind: str
    text: str
    raw_start: int
    raw_end: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "text": self.text,
            "raw_start": self.raw_start,
            "raw_end": self.raw_end,
        }


@dataclass(frozen=True)
class Article:
    """A cleaned article: the cleaned ``text`` and how it relates to the ``raw`` input."""

    raw: str
    text: str
    dateline: Dateline | None = None
    removed: tuple[Removal, ...] = ()
    offset_map: OffsetMap = field(default_factory=lambda: OffsetMap.identity(0), repr=False)

    def to_raw(self, start: int, end: int) -> tuple[int, int]:
        """Map the cleaned span ``[start, end)`` to the raw span it came from.

        Raises:
            ValueError: The span lies outside the cleaned text.
        """
        return self.offset_map.to_raw(start, end)

    def from_raw(self, raw_start: int, raw_end: int) -> tuple[int, int]:
        """Map a raw span to the cleaned span holding what cleaning kept of it."""
        return self.offset_map.to_clean(raw_start, raw_end)

    @property
    def paragraphs(self) -> list[tuple[int, int]]:
        """``(start, end)`` offsets of the non-empty paragraphs (lines) of the cleaned text."""
        return [(m.start(), m.end()) for m in _NONEMPTY_LINE.finditer(self.text)]


StepFunc = Callable[[str], list[Edit]]


@dataclass(frozen=True)
class CleaningStep:
    """A named cleaning step with a documented example."""

    name: str
    func: StepFunc
    description: str
    example: str

    def __call__(self, text: str) -> list[Edit]:
        return self.func(text)


_NONEMPTY_LINE = re.compile(r"[^\n]*\S[^\n]*")
