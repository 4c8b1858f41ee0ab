"""Cleaning steps that repair what scrapers and detokenisers did to quotation marks.

Other outlets and older corpora carry artefacts that hide quotes from the quote finder:

* **mojibake**: UTF-8 text decoded as Mac Roman or Windows-1252, so that a curly quote
  becomes three characters (``‚Äú`` or ``â€œ`` for “, ``‚Äù`` for ”, ``‚Äì`` for –);
  :func:`repair_mojibake` decodes such sequences back;
* **two apostrophes or backticks as a quotation mark** (``''Aku syuting,'' ujar Prilly``):
  :func:`normalize_quote_marks` makes them one double mark;
* **a closing mark pushed onto the next line** by a corpus that re-joined its tokenised
  paragraphs (``"Saya senang,\\n" katanya.``): :func:`rejoin_closing_quotes` removes the
  line break before it;
* **a closing mark glued to the cue** (``"Kami siap,“ujar Andi``):
  :func:`separate_glued_quotes` puts the space back after it;
* **paragraphs joined by a comma** after the sentence's final punctuation (``berangsur
  normal., "Hari ini ...``): :func:`split_joined_paragraphs` puts the line break back.

Each step is a pure function ``text -> list[Edit]`` like the steps of
:mod:`bkkbn_nlp.text.clean`; the edits are formatting edits (not listed as removals) and
the offset map keeps every character's raw position.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..lang import final_abbreviations, title_abbreviations
from .offsets import Edit

__all__ = ["repair_mojibake", "normalize_quote_marks", "split_joined_paragraphs",
           "rejoin_closing_quotes", "separate_glued_quotes"]

#: The encodings UTF-8 bytes are wrongly decoded with, most often.
_MOJIBAKE_ENCODINGS = ("mac_roman", "cp1252")
#: UTF-8 lead bytes that are repaired: 0xC2/0xC3 (Latin-1 letters and signs: "é", "©", no-break
#: space), 0xE2 (general punctuation and symbols: curly quotes, dashes, "…", "€", "™") and
#: 0xF0 (emoji). Other lead bytes are ordinary letters too often ("É”" is no mojibake).
_LEAD_BYTES = {0xC2: 1, 0xC3: 1, 0xE2: 2, 0xF0: 3}


def _byte_chars(encoding: str) -> dict[int, str]:
    """Byte (0x80-0xFF) -> the character ``encoding`` decodes it to; for bytes the
    encoding leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D in Windows-1252) the C1 control
    character of the same number, which is what lenient decoders produce."""
    out: dict[int, str] = {}
    for b in range(0x80, 0x100):
        try:
            out[b] = bytes([b]).decode(encoding)
        except UnicodeDecodeError:
            out[b] = chr(b)
    return out


@lru_cache(maxsize=1)
def _mojibake_patterns() -> tuple[tuple[re.Pattern[str], dict[str, int]], ...]:
    patterns = []
    for encoding in _MOJIBAKE_ENCODINGS:
        chars = _byte_chars(encoding)
        to_byte = {c: b for b, c in chars.items()}
        cont = "".join(re.escape(chars[b]) for b in range(0x80, 0xC0))
        alts = [f"{re.escape(chars[lead])}[{cont}]{{{n}}}" for lead, n in _LEAD_BYTES.items()]
        patterns.append((re.compile("|".join(alts)), to_byte))
    return tuple(patterns)


def _decoded(seq: str, to_byte: dict[str, int]) -> str | None:
    """The character the mis-decoded sequence ``seq`` stands for (``None``: not valid
    UTF-8, or a control character)."""
    try:
        char = bytes(to_byte[c] for c in seq).decode("utf-8")
    except (KeyError, UnicodeDecodeError):
        return None
    if len(char) != 1 or 0x80 <= ord(char) < 0xA0:
        return None
    return char


def repair_mojibake(text: str) -> list[Edit]:
    """Decode UTF-8 that was read as Mac Roman or Windows-1252 back: ``‚Äú`` / ``â€œ`` ->
    “, ``‚Äù`` -> ”, ``‚Äô`` -> ’, ``‚Äì`` -> –, ``√©`` / ``Ã©`` -> é. Only the sequences of
    a lead byte 0xC2, 0xC3, 0xE2 or 0xF0 with its continuation bytes that decode to one
    character are repaired."""
    if text.isascii():
        return []
    for pattern, to_byte in _mojibake_patterns():
        edits = [Edit(m.start(), m.end(), char) for m in pattern.finditer(text)
                 if (char := _decoded(m.group(), to_byte)) is not None]
        if edits:
            return edits  # one encoding per text: the first that has any mojibake
    return []


# Example: "''Aku syuting,'' ujar Prilly." -> '"Aku syuting," ujar Prilly.'
#          "``Kami siap,'' katanya." -> '“Kami siap," katanya.'
_DOUBLED_MARK = re.compile(r"(?<!['`‘’])(?:''|``|‘‘|’’)(?!['`‘’])")
_DOUBLED_TO = {"''": '"', "``": "“", "‘‘": "“", "’’": "”"}


def normalize_quote_marks(text: str) -> list[Edit]:
    """Two apostrophes, backticks or single curly quotes used as one quotation mark become
    a double mark: two apostrophes -> ``"``, two backticks and ``‘‘`` -> “, ``’’`` -> ”.
    Not between two letters or digits (a typo inside a word), nor in runs of three."""
    if "''" not in text and "``" not in text and "‘‘" not in text and "’’" not in text:
        return []
    edits: list[Edit] = []
    for m in _DOUBLED_MARK.finditer(text):
        before = text[m.start() - 1] if m.start() else " "
        after = text[m.end()] if m.end() < len(text) else " "
        if before.isalnum() and after.isalnum():
            continue
        edits.append(Edit(m.start(), m.end(), _DOUBLED_TO[m.group()]))
    return edits


# Example: 'berangsur normal., "Hari ini lancar."' -> 'berangsur normal.\n"Hari ini lancar."'
#          'jam 3 pagi.",“Ibu, aku baik."' -> 'jam 3 pagi."\n“Ibu, aku baik."'
# a word of three letters or more (or a number), final punctuation, maybe a closing mark,
# then the comma (and a space) and a capitalised sentence or an opening mark
_JOINED = re.compile(r"(?<![.\w])(?P<word>[^\W\d_]{3,}|\d+)[.!?][\"”]?(?P<join>,[ \t]?)"
                     r"(?=[\"“]?[A-Z])")


def split_joined_paragraphs(text: str) -> list[Edit]:
    """Put back the line break of paragraphs a scraper joined with a comma after the final
    punctuation (``berangsur normal., Hal ini ...`` -> ``berangsur normal.\\nHal ini ...``):
    a comma right after ``.``, ``!`` or ``?`` (and a closing mark) before a capitalised word
    or an opening mark. Never after an abbreviation (``M.Si., Kepala``, ``dll., Lalu``)."""
    if ".," not in text and "!," not in text and "?," not in text and '",' not in text \
            and "”," not in text:
        return []
    keep = title_abbreviations() | final_abbreviations()
    edits: list[Edit] = []
    for m in _JOINED.finditer(text):
        if text[m.start("word"):m.end("word") + 1] in keep:
            continue
        edits.append(Edit(m.start("join"), m.end("join"), "\n"))
    return edits


_DOUBLE_MARKS = '"“”„'
# Example: '"Saya senang,\n" katanya.' -> '"Saya senang," katanya.'
#          '" Prioritas kami .\n\n" kata Budi.' -> '" Prioritas kami ." kata Budi.'
# a closing mark at a line start, then a space (or a comma) and a lower-case word
_PUSHED_CLOSING = re.compile(r"\n+(?=[\"”](?:[ \t]*,[ \t]*|[ \t]+)[a-z])")


def _open_in(text: str, start: int, end: int) -> bool:
    """Is a double quote open at ``end``, counting the double marks from ``start`` (the line
    start)? Marks alternate, whatever their typography: outlets use “ and ” either way."""
    return sum(text.count(c, start, end) for c in _DOUBLE_MARKS) % 2 == 1


def rejoin_closing_quotes(text: str) -> list[Edit]:
    """Remove the line break before a closing quotation mark pushed onto the next line
    (``"Saya senang sekali,\\n" katanya.`` -> ``"Saya senang sekali," katanya.``): a double
    mark at a line start followed by a space and a lower-case word, when the line before
    leaves a quote open."""
    if '\n"' not in text and "\n”" not in text:
        return []
    edits: list[Edit] = []
    for m in _PUSHED_CLOSING.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        if m.start() > line_start and _open_in(text, line_start, m.start()):
            edits.append(Edit(m.start(), m.end(), ""))
    return edits


# Example: '"Kami siap,“ujar Andi.' -> '"Kami siap,“ ujar Andi.'
_GLUED_CLOSING = re.compile(r"(?<=[^\s\"“”„][,.!?])[\"“”](?=[a-z])")


def separate_glued_quotes(text: str) -> list[Edit]:
    """Insert the space lost after a closing quotation mark glued between the quote's last
    punctuation and the cue (``"Kami siap,“ujar Andi.`` -> ``"Kami siap,“ ujar Andi.``),
    when a quote is open in the paragraph before it."""
    edits: list[Edit] = []
    for m in _GLUED_CLOSING.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        if _open_in(text, line_start, m.start()):
            edits.append(Edit(m.end(), m.end(), " "))
    return edits
