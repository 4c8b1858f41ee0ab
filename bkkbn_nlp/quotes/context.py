"""The shared article context every quote pass reads and writes.

Owns the per-document state built in one pass over the tokens: token offsets, entities by
token, sentence bounds (bisected, never ``tok.sent``), the untagged name words, the mask of
characters blocked by direct quotes and their cues, the cues already used, the people
introduced by a passive cue, and the set of rules that are switched off.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable

from spacy.lang.id.stop_words import STOP_WORDS
from spacy.tokens import Doc, Span, Token

from ..entities.gazetteer import titles
from .marks import ALL_MARKS
from .records import Cue, Speaker
from .vocab import DEMONSTRATIVES, MONTHS, WEEKDAYS, pronouns, reporting_cues, speaker_nouns

__all__ = ["Article"]


def _post_cue_name_words(words: list[str], lows: list[str], ent_at: dict[int, Span],
                         person_nouns: frozenset[str]) -> set[str]:
    """', kata Andi.' / '," tambah Andi Rahman di ...': a short capitalised run right after
    a trailing cue, ending the clause, is a name: its lower-cased words."""
    cues = reporting_cues()
    found: set[str] = set()
    n = len(words)
    for i in range(2, n):
        if cues.get(lows[i]) != "post" or not (words[i - 1] == "," or words[i - 1] in ALL_MARKS):
            continue
        k = i + 1
        while k < n and k - i <= 3 and words[k].isalpha() and words[k][:1].isupper() \
                and (k not in ent_at or ent_at[k].label_ == "PER"):
            k += 1
        run = lows[i + 1:k]
        if 1 <= len(run) <= 2 and (k == n or not words[k][:1].isalnum() or (
                words[k].islower() and lows[k] not in DEMONSTRATIVES)) \
                and not any(w in person_nouns for w in run):
            found.update(run)
    return found


def _name_words(words: list[str], candidates: Iterable[str]) -> frozenset[str]:
    """The candidate words that can be a name: never written in lower case in this
    article, no stop word, title, weekday, month, cue or pronoun, longer than a letter."""
    lower_seen = {w for w in words if w.isalpha() and w.islower()}
    the_titles, cues, prons = titles(), reporting_cues(), pronouns()
    return frozenset(
        w for w in candidates
        if w not in lower_seen and w not in STOP_WORDS and w not in the_titles
        and w not in WEEKDAYS and w not in MONTHS and w not in cues
        and w not in prons and len(w) > 1)


class Article:
    """One document as the quote passes see it.

    Args:
        doc: A document with entities and (usually) sentences.
        disabled: Names of the rules that are switched off.
    """

    def __init__(self, doc: Doc, disabled: frozenset[str] = frozenset()) -> None:
        self.doc = doc
        self.text = doc.text
        self.disabled = disabled
        self.cues = reporting_cues()
        self.titles = titles()
        self.person_nouns = speaker_nouns() | self.titles
        self.ents: list[Span] = list(doc.ents)
        self.pers: list[Span] = [e for e in self.ents if e.label_ == "PER"]
        self.ent_at: dict[int, Span] = {k: ent for ent in self.ents
                                        for k in range(ent.start, ent.end)}
        self.blocked: list[tuple[int, int]] = []  # char ranges of direct quotes + their cues
        self.blocked_mask = bytearray(len(self.text) + 1)
        self._blocked_index: tuple[int, list[int], list[int], list[int]] | None = None
        self.used_cues: set[int] = set()  # token indices of cues already used
        # (char, name): people introduced by a passive cue without content, in text order
        self.introductions: list[tuple[int, str]] = []
        words = [tok.text for tok in doc]
        self.starts = [tok.idx for tok in doc]
        self.ends = [s + len(w) for s, w in zip(self.starts, words, strict=True)]
        lows = [w.lower() for w in words]
        self.cue_positions = [i for i, w in enumerate(lows) if w in self.cues]
        self.name_words = self._find_name_words(words, lows)
        self._set_sentences(len(words))
        self.max_cue_len = max((len(c) for c in self.cues), default=0)

    def _find_name_words(self, words: list[str], lows: list[str]) -> frozenset[str]:
        """Words of PER entities, and of names after trailing cues: their untagged
        mentions ("Andi mengatakan") are names too."""
        candidates: set[str] = set()
        for ent in self.pers:
            candidates.update(lows[ent.start:ent.end])
        candidates |= _post_cue_name_words(words, lows, self.ent_at, self.person_nouns)
        return _name_words(words, candidates)

    def _set_sentences(self, n: int) -> None:
        """Sentences as sorted token-index arrays (``tok.sent`` walks to the sentence ends
        on every call: quadratic on long sentences)."""
        try:
            bounds = [(sent.start, sent.end) for sent in self.doc.sents]
            self.has_sents = True
        except ValueError:
            bounds = [(0, n)]
            self.has_sents = False
        self.sent_starts = [a for a, _ in bounds]
        self.sent_ends = [b for _, b in bounds]

    def on(self, rule: str) -> bool:
        """Is the rule named ``rule`` switched on?"""
        return rule not in self.disabled

    # -- tokens and sentences -------------------------------------------------------------
    def token_at_or_after(self, char: int) -> int:
        """Index of the first token starting at or after ``char``."""
        return bisect_left(self.starts, char)

    def token_before(self, char: int) -> int:
        """Index of the last token ending at or before ``char`` (-1 when none)."""
        return bisect_right(self.ends, char) - 1

    def sent_index(self, i: int) -> int:
        """Index of the sentence of token ``i``."""
        return max(0, bisect_right(self.sent_starts, i) - 1)

    def sent_bounds(self, i: int) -> tuple[int, int]:
        """Token bounds [start, end) of the sentence of token ``i``."""
        k = self.sent_index(i)
        return self.sent_starts[k], self.sent_ends[k]

    def cue_class(self, tok: Token) -> str | None:
        """The cue class of ``tok`` (``None`` when it is no reporting cue)."""
        return self.cues.get(tok.lower_)

    def is_name_word(self, i: int) -> bool:
        """Is token i a capitalised name word that NER left untagged (or tagged PER)?"""
        if i < 0 or i >= len(self.doc):
            return False
        tok = self.doc[i]
        ent = self.ent_at.get(i)
        if ent is not None and ent.label_ != "PER":
            return False
        return tok.is_alpha and tok.text[:1].isupper() and tok.lower_ in self.name_words

    def is_per(self, i: int) -> bool:
        """Is token i inside a PER entity?"""
        ent = self.ent_at.get(i)
        return ent is not None and ent.label_ == "PER"

    def make_cue(self, tok: Token, sp: Speaker | None, end_tok: int) -> Cue:
        """The cue ``tok`` with its speaker, its material ending before token ``end_tok``."""
        end_tok = min(end_tok, len(self.doc))
        region_end = self.doc[end_tok - 1].idx + len(self.doc[end_tok - 1].text) \
            if end_tok > 0 else tok.idx + len(tok.text)
        return Cue(tok.idx, tok.idx + len(tok.text), tok.text, sp, region_end)

    # -- blocked characters ---------------------------------------------------------------
    def block(self, a: int, b: int) -> None:
        """Mark characters [a, b) as a direct quote or its cue."""
        self.blocked.append((a, b))
        if b > a:
            self.blocked_mask[a:b] = b"\x01" * (b - a)

    def mask(self, a: int, b: int) -> None:
        """Mark characters [a, b) as no place for a cue or a speaker, without clipping
        indirect content at them (a scare quote inside reported speech)."""
        if b > a:
            self.blocked_mask[a:b] = b"\x01" * (b - a)

    def is_blocked(self, char: int) -> bool:
        """Is ``char`` inside a direct quote or its cue?"""
        return 0 <= char < len(self.blocked_mask) and self.blocked_mask[char] == 1

    def overlapping_blocks(self, start: int, end: int) -> list[tuple[int, int]]:
        """Blocked ranges (a, b) with a < end and start < b, in their order in
        ``self.blocked`` (sorted by start once, with running maxima of the ends)."""
        idx = self._blocked_index
        if idx is None or idx[0] != len(self.blocked):
            order = sorted(range(len(self.blocked)), key=lambda k: self.blocked[k][0])
            starts = [self.blocked[k][0] for k in order]
            run_max: list[int] = []
            top = -1
            for k in order:
                top = max(top, self.blocked[k][1])
                run_max.append(top)
            idx = self._blocked_index = (len(self.blocked), order, starts, run_max)
        _, order, starts, run_max = idx
        found = []
        k = bisect_left(starts, end) - 1
        while k >= 0 and run_max[k] > start:
            _, b = self.blocked[order[k]]
            if b > start:
                found.append(order[k])
            k -= 1
        return [self.blocked[k] for k in sorted(found)]
