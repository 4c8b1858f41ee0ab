"""Character-offset bookkeeping between a raw article and its cleaned text.

Cleaning steps never edit strings directly: each returns a list of :class:`Edit` records
(replace ``text[start:end]`` with ``replacement``). :func:`apply_edits` applies them and
extends an :class:`OffsetMap`, so any span of the cleaned text can be mapped back to the
raw text it came from.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = ["Edit", "OffsetMap", "apply_edits"]


@dataclass(frozen=True)
class Edit:
    """Replace ``text[start:end]`` by ``replacement``.

    ``kind`` names content removals that are reported in ``Article.removed`` (for example
    ``"related_link"``); it is ``None`` for formatting edits such as whitespace
    normalisation, which are not reported but still tracked by the offset map.
    """

    start: int
    end: int
    replacement: str = ""
    kind: str | None = None


@dataclass(frozen=True)
class _Segment:
    clean_start: int
    clean_end: int
    raw_start: int
    raw_end: int
    linear: bool  # True when copied verbatim: offsets map one to one


class OffsetMap:
    """A piecewise map from cleaned-text offsets to raw-text offsets.

    Copied stretches map character by character; a replaced stretch maps as a whole onto
    the raw stretch it replaced.
    """

    __slots__ = ("_segments", "_starts", "raw_length", "clean_length")

    def __init__(self, segments: Sequence[_Segment], raw_length: int, clean_length: int):
        self._segments = list(segments)
        self._starts = [s.clean_start for s in self._segments]
        self.raw_length = raw_length
        self.clean_length = clean_length

    @classmethod
    def identity(cls, length: int) -> OffsetMap:
        """The map of a text onto itself."""
        segs = [_Segment(0, length, 0, length, True)] if length else []
        return cls(segs, length, length)

    def _find(self, pos: int, *, as_end: bool) -> _Segment | None:
        if not self._segments:
            return None
        i = bisect_right(self._starts, pos) - 1
        if as_end:
            # an end offset belongs to the segment it closes
            while i > 0 and self._segments[i].clean_start >= pos:
                i -= 1
        i = max(i, 0)
        return self._segments[i]

    def raw_start(self, pos: int) -> int:
        """The raw offset where the cleaned character at ``pos`` starts."""
        if pos >= self.clean_length:
            return self.raw_length if not self._segments else self._segments[-1].raw_end
        seg = self._find(pos, as_end=False)
        if seg is None:
            return 0
        if seg.linear:
            return seg.raw_start + (pos - seg.clean_start)
        return seg.raw_start

    def raw_end(self, pos: int) -> int:
        """The raw offset where a cleaned span ending at ``pos`` ends."""
        if pos <= 0:
            return self._segments[0].raw_start if self._segments else 0
        seg = self._find(pos, as_end=True)
        if seg is None:
            return self.raw_length
        if pos >= seg.clean_end:
            return seg.raw_end
        if seg.linear:
            return seg.raw_start + (pos - seg.clean_start)
        return seg.raw_end

    def to_raw(self, start: int, end: int) -> tuple[int, int]:
        """Map the cleaned span ``[start, end)`` to its raw span."""
        if not 0 <= start <= end <= self.clean_length:
            raise ValueError(f"span {start}-{end} outside 0-{self.clean_length}")
        if start == end:
            r = self.raw_start(start)
            return r, r
        return self.raw_start(start), self.raw_end(end)

    def to_clean(self, raw_start: int, raw_end: int) -> tuple[int, int]:
        """Map a raw span to the cleaned span that holds what is left of it.

        Raw text that cleaning removed maps to an empty span where it was removed.
        """
        if not 0 <= raw_start <= raw_end <= self.raw_length:
            raise ValueError(f"raw span {raw_start}-{raw_end} outside 0-{self.raw_length}")
        segs = self._segments
        start = self.clean_length
        for seg in segs:  # first segment ending after raw_start
            if seg.raw_end > raw_start:
                inside = seg.linear and raw_start > seg.raw_start
                start = seg.clean_start + (raw_start - seg.raw_start) if inside else seg.clean_start
                break
        end = 0
        for seg in reversed(segs):  # last segment starting before raw_end
            if seg.raw_start < raw_end:
                if raw_end >= seg.raw_end or not seg.linear:
                    end = seg.clean_end
                else:
                    end = seg.clean_start + (raw_end - seg.raw_start)
                break
        return start, max(start, end)

    def _copy(self, a: int, b: int, offset: int, out: list[_Segment]) -> None:
        """Append the pieces of ``[a, b)`` of the current text, shifted to start at ``offset``."""
        if a >= b:
            return
        i = max(bisect_right(self._starts, a) - 1, 0)
        while i < len(self._segments) and self._segments[i].clean_start < b:
            seg = self._segments[i]
            lo, hi = max(a, seg.clean_start), min(b, seg.clean_end)
            if lo < hi:
                c0 = offset + (lo - a)
                c1 = c0 + (hi - lo)
                if seg.linear:
                    r0 = seg.raw_start + (lo - seg.clean_start)
                    _append(out, _Segment(c0, c1, r0, r0 + (hi - lo), True))
                else:
                    _append(out, _Segment(c0, c1, seg.raw_start, seg.raw_end, False))
            i += 1

    def compose(self, edits: Sequence[Edit], new_length: int) -> OffsetMap:
        """The map of the text obtained by applying ``edits`` to the current cleaned text."""
        out: list[_Segment] = []
        pos = 0
        cpos = 0
        for e in edits:
            self._copy(pos, e.start, cpos, out)
            cpos += e.start - pos
            if e.replacement:
                if e.start == e.end:
                    r0 = r1 = self.raw_start(e.start)
                else:
                    r0, r1 = self.raw_start(e.start), self.raw_end(e.end)
                n = len(e.replacement)
                _append(out, _Segment(cpos, cpos + n, r0, r1, False))
                cpos += n
            pos = e.end
        self._copy(pos, self.clean_length, cpos, out)
        return OffsetMap(out, self.raw_length, new_length)


def _append(out: list[_Segment], seg: _Segment) -> None:
    if out:
        last = out[-1]
        if (
            last.linear
            and seg.linear
            and last.clean_end == seg.clean_start
            and last.raw_end == seg.raw_start
        ):
            out[-1] = _Segment(last.clean_start, seg.clean_end, last.raw_start, seg.raw_end, True)
            return
    out.append(seg)


def apply_edits(text: str, edits: Iterable[Edit]) -> tuple[str, list[Edit]]:
    """Apply non-overlapping ``edits`` to ``text``.

    Returns:
        The new text and the edits sorted by position (as applied).

    Raises:
        ValueError: Two edits overlap or an edit lies outside the text.
    """
    ordered = sorted(edits, key=lambda e: (e.start, e.end))
    parts: list[str] = []
    pos = 0
    for e in ordered:
        if e.start < pos or e.end > len(text) or e.start > e.end:
            raise ValueError(f"overlapping or invalid edit {e!r}")
        parts.append(text[pos : e.start])
        parts.append(e.replacement)
        pos = e.end
    parts.append(text[pos:])
    return "".join(parts), ordered
