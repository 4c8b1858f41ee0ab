"""Rule-based quote attribution: direct and indirect quotes with their cue and speaker.

The component :class:`QuoteAttributor` (factory :func:`make_quotes`) runs after the entity
rules and sets ``doc._.quotes`` to a list of records (character offsets into ``doc.text``)::

    {"type": "direct" | "indirect", "text", "start", "end",
     "cue": {"text", "start", "end"} | None,
     "speaker": {"name", "text", "start", "end", "role", "organization"} | None}

An indirect quote whose content is split by its cue ("BKKBN kata Andi, senantiasa ...")
also carries ``"other_parts"`` (guidelines 3.6). What counts as a quote, and the span
rules, follow ``docs/annotation-guidelines.md`` section 3; the reporting cues are data
(``lang/data/reporting_verbs.txt``). See ``docs/quotes.md``.

Steps:

1. **Direct quotes**: quotation marks of any typography are paired by a small state
   machine (a quote left open at a paragraph end continues when the next paragraph opens
   with a mark; otherwise it ends before a ", kata X" cue or is dropped). A quote needs a
   cue next to it (after the closing mark, before the opening mark, or shared with the
   previous part of a quote split around its cue). Short quoted names are scare quotes.
2. **Indirect quotes**: outside direct quotes, a cue in a sentence ("X mengatakan bahwa",
   "..., kata X", "Menurut X,", "Kata X,", "dikatakan X") gives a content clause. Weak cues
   ("melaporkan", "menyampaikan", "meminta", ...) need "bahwa", a comma or colon, "agar",
   or a following clause (a subject and a predicate: an auxiliary or a meN-/ber-/di-/ter-
   word) -- "melaporkan kasus itu ke polisi" is no quote. Content without a lower-case
   word (a name or title) is no quote.
3. **Speakers**: the nearest PER entity in the cue's clause, or an untagged mention of a
   word of a PER entity ("Andi mengatakan" after "Andi Rahman"), else a pronoun, a
   title-only mention or an ORG. ``-nya`` cues, pronouns and descriptions ending in a
   demonstrative ("Politikus partai itu menyebut", "ujar pengamat hukum itu") resolve to
   the most recent quoted speaker (else the first person named in the last sentence that
   names one); initials ("SBY") resolve to the person whose name they abbreviate, and a
   one-word nickname blended from a named person's words ("Bamsut" after "Bambang
   Sutejo") to that person; names
   are the fullest form in the article and carry the person's role and organization
   (``doc._.people``). An appositive role after the name (", Kepala Dinas X,") belongs
   to the speaker, not to the content.

The extractor makes one pass over the tokens to set up and visits only cue tokens, so it
runs in about linear time: sentence bounds are bisected in arrays built once per doc, the
blocked (direct-quote) characters are a mask, names are looked up in an index of the PER
entities' word runs, and people's roles in an index of their names' trigrams.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from spacy.lang.id.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..entities.gazetteer import titles
from ..entities.names import spells_blend
from ..extensions import register_extensions
from ..lang import read_list, read_set

__all__ = ["QuoteAttributor", "make_quotes", "extract_quotes", "reporting_cues", "pronouns"]

#: Quotation mark families: (opening-only, closing-only, both).
_FAMILIES: dict[str, tuple[str, str, str]] = {
    "double": ("“„", "", '"”'),
    "single": ("‘", "’", "'"),
    "guillemet": ("«", "»", ""),
}
_MARK_FAMILY = {c: fam for fam, groups in _FAMILIES.items() for g in groups for c in g}
_ALL_MARKS = "".join(_MARK_FAMILY)
_CLOSE_FOLLOW = ".,;:!?)]}-–—/…"
_OPEN_PRECEDE = "([{-–—:/"
_COMPLEMENTIZERS = frozenset({"bahwa", "bila", "kalau"})
#: Request complementizers: they introduce content and stay in it ("meminta agar ...").
_REQUEST_COMPLEMENTIZERS = frozenset({"agar", "supaya"})
_REPORT_ADVERBIAL = frozenset({"di", "saat", "ketika", "usai", "seusai", "dalam", "pada",
                               "kepada", "dihadapan", "di hadapan", "selepas", "sesudah",
                               "setelah", "sebelum", "kemarin", "tadi"})
_NEGATORS = frozenset({"tidak", "tak", "belum", "enggan", "bukan", "untuk", "akan", "ingin",
                       "mau", "yang", "sempat"})
_NON_CONTENT_OBJECTS = frozenset({"terima", "selamat", "apresiasi", "duka", "permohonan",
                                  "laporan", "hal", "pesan", "sambutan", "salam", "rasa",
                                  "penghargaan", "permintaan", "kasus", "keluhan"})
_WEEKDAYS = frozenset({"senin", "selasa", "rabu", "kamis", "jumat", "jum'at", "sabtu",
                       "minggu", "ahad"})
_MONTHS = frozenset({"januari", "februari", "maret", "april", "mei", "juni", "juli", "agustus",
                     "september", "oktober", "november", "desember"})
_SCARE_MAX_WORDS = 4
_WORD = re.compile(r"\S+")
_MAX_QUOTE_CHARS = 5000


@cache
def reporting_cues() -> dict[str, str]:
    """Lower-cased cue form -> class (``post``, ``verb``, ``weak``, ``passive``,
    ``menurut``), from ``lang/data/reporting_verbs.txt``."""
    out: dict[str, str] = {}
    for item in read_list("reporting_verbs.txt"):
        parts = item.split()
        out[parts[0].lower()] = parts[1] if len(parts) > 1 else "verb"
    return out


@cache
def pronouns() -> frozenset[str]:
    """Lower-cased pronouns that can be a speaker (``lang/data/pronouns.txt``)."""
    return read_set("pronouns.txt", lower=True)


@cache
def speaker_nouns() -> frozenset[str]:
    """Lower-cased nouns that head a descriptive speaker mention
    (``lang/data/speaker_nouns.txt``): "pengamat hukum itu", "politikus partai ini"."""
    return read_set("speaker_nouns.txt", lower=True)


#: Adverbs that may stand between a speaker and its reporting verb ("Andi juga mengatakan").
_SPEAKER_ADVERBS = frozenset({"juga", "pun", "lantas", "lalu", "kemudian", "sebelumnya",
                              "pula", "kembali", "sendiri", "bahkan", "hanya", "sempat",
                              "lagi", "langsung", "malah", "justru", "turut", "sudah", "telah"})
_DEMONSTRATIVES = frozenset({"itu", "ini", "tersebut"})
_PREDICATE_WORDS = frozenset({"akan", "telah", "sudah", "sedang", "masih", "belum", "tidak",
                              "tak", "bisa", "dapat", "harus", "perlu", "mampu", "adalah",
                              "merupakan", "ada", "mesti", "wajib", "boleh", "naik", "turun",
                              "segera", "agar", "supaya",
                              # verbs of amount, origin and change: predicates, never a
                              # noun's modifier ("peserta program berasal dari ...")
                              "berasal", "berjumlah", "mencapai", "meningkat", "menurun",
                              "bertambah", "berkurang", "terdiri", "tercatat", "sebanyak"})
#: After these function words no word starts a predicate ("yang akan datang", "untuk dapat").
_NOT_PREDICATE_AFTER = frozenset({"yang", "untuk", "dengan", "dalam", "sambil", "saat",
                                  "ketika", "setelah", "sebelum", "usai", "para", "dan", "atau",
                                  "serta"})
#: After these nouns a meN-/ber- word is usually their modifier ("kegiatan bersepeda",
#: "cara bertani"); a word of ``_PREDICATE_WORDS`` is still a predicate.
_MODIFIED_NOUNS = frozenset({"cara", "proses", "upaya", "program", "kegiatan"})
_VERB_PREFIXES = ("me", "ber", "di", "ter")
_DEGREE_ADVERBS = frozenset({"sangat", "amat", "cukup", "lebih", "paling", "terlalu", "makin",
                             "semakin", "hanya", "justru", "memang", "pasti", "tentu"})
#: Cue words that end in "-nya" without carrying the clitic ("tanya" = ask).
_BASE_NYA = frozenset({"tanya"})


@cache
def _title_words() -> frozenset[str]:
    """Every word of a title ("juru", "bicara"), for role words before an organisation."""
    return frozenset(w for t in titles() for w in t.split())


def _is_clitic(tok: Token) -> bool:
    """Does the cue carry the -nya clitic that stands for its speaker ("katanya")?"""
    low = tok.lower_
    return low.endswith("nya") and low not in _BASE_NYA


# ------------------------------------------------------------------------------------
# Internal records
# ------------------------------------------------------------------------------------


@dataclass
class _Speaker:
    kind: str  # "per", "pronoun", "clitic", "descr", "role", "org"
    start: int
    end: int
    text: str
    name: str | None = None
    role: str | None = None
    organization: str | None = None


@dataclass
class _Cue:
    start: int
    end: int
    text: str
    speaker: _Speaker | None
    region_end: int  # end of the cue + speaker material (chars)


@dataclass
class _Quote:
    type: str
    start: int
    end: int
    cue: _Cue | None
    other_parts: list[tuple[int, int]] | None = None


@dataclass
class _Mark:
    open_pos: int
    close_pos: int  # index of the closing mark, or end of content when unclosed
    start: int
    end: int
    closed: bool


# ------------------------------------------------------------------------------------
# Direct quotes: pairing quotation marks
# ------------------------------------------------------------------------------------


def _can_open(text: str, i: int) -> bool:
    prev = text[i - 1] if i > 0 else "\n"
    nxt = text[i + 1] if i + 1 < len(text) else "\n"
    if nxt.isspace():
        return False
    return prev.isspace() or prev in _OPEN_PRECEDE or i == 0


def _can_close(text: str, i: int) -> bool:
    prev = text[i - 1] if i > 0 else "\n"
    nxt = text[i + 1] if i + 1 < len(text) else "\n"
    if prev.isspace():
        return False
    return nxt.isspace() or nxt in _CLOSE_FOLLOW or nxt in _ALL_MARKS


def _pair_marks(text: str) -> list[_Mark]:
    """Pair quotation marks; a quote open at a paragraph end continues when the next
    paragraph opens with a mark of the same family (multi-paragraph quotes)."""
    out: list[_Mark] = []
    state: tuple[str, int] | None = None  # (family, open position)
    i = 0
    n = len(text)
    while i < n:
        c = text[i]
        if c == "\n" and state is not None:
            j = i
            while j < n and text[j].isspace():
                j += 1
            fam = state[0]
            if j < n and _MARK_FAMILY.get(text[j]) == fam and text[j] not in _FAMILIES[fam][1] \
                    and _can_open(text, j):
                i = j + 1  # the quote goes on in the next paragraph
                continue
            out.append(_Mark(state[1], i, state[1] + 1, i, closed=False))
            state = None
            i += 1
            continue
        found = _MARK_FAMILY.get(c)
        if found is None:
            i += 1
            continue
        fam = found
        opening, closing, both = _FAMILIES[fam]
        prev = text[i - 1] if i > 0 else " "
        nxt = text[i + 1] if i + 1 < n else " "
        if fam == "single" and prev.isalnum() and nxt.isalnum():
            i += 1  # apostrophe: Jum'at
            continue
        if state is None:
            if c in closing:
                i += 1
                continue
            if _can_open(text, i) or (fam != "single" and nxt.isalnum()):
                state = (fam, i)
        elif fam == state[0]:
            if c in opening and _can_open(text, i) and not _can_close(text, i):
                # a new opening while open: the earlier quote was never closed
                out.append(_Mark(state[1], i, state[1] + 1, i, closed=False))
                state = (fam, i)
            elif c in closing or _can_close(text, i) or not _can_open(text, i):
                out.append(_Mark(state[1], i, state[1] + 1, i, closed=True))
                state = None
            else:
                out.append(_Mark(state[1], i, state[1] + 1, i, closed=False))
                state = (fam, i)
        i += 1
    if state is not None:
        out.append(_Mark(state[1], n, state[1] + 1, n, closed=False))
    result = []
    for m in out:
        s, e = m.start, m.end
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s and e - s <= _MAX_QUOTE_CHARS:
            result.append(_Mark(m.open_pos, m.close_pos, s, e, m.closed))
    return result


# ------------------------------------------------------------------------------------
# The extractor
# ------------------------------------------------------------------------------------


class _Extractor:
    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.text = doc.text
        self.cues = reporting_cues()
        self.pronouns = pronouns()
        self.titles = titles()
        self.ents: list[Span] = list(doc.ents)
        self.pers: list[Span] = [e for e in self.ents if e.label_ == "PER"]
        self.ent_at: dict[int, Span] = {}
        for ent in self.ents:
            for k in range(ent.start, ent.end):
                self.ent_at[k] = ent
        self.blocked: list[tuple[int, int]] = []  # char ranges of direct quotes + their cues
        self.used_cues: set[int] = set()  # token indices of cues already used
        # (char, name): people introduced by a passive cue without content, in text order
        self.introductions: list[tuple[int, str]] = []
        self.person_nouns = speaker_nouns() | self.titles
        self.title_words = _title_words()
        # one pass over the tokens
        words = [tok.text for tok in doc]
        self.starts = [tok.idx for tok in doc]
        self.ends = [s + len(w) for s, w in zip(self.starts, words, strict=True)]
        lows = [w.lower() for w in words]
        self.cue_positions = [i for i, w in enumerate(lows) if w in self.cues]
        n = len(words)
        # words of PER entities (never written in lower case in this article): their
        # untagged mentions ("Andi mengatakan") are names too
        lower_seen = {w for w in words if w.isalpha() and w.islower()}
        per_words: set[str] = set()
        for ent in self.pers:
            per_words.update(lows[ent.start:ent.end])
        cues = self.cues
        for i in range(2, n):
            # ', kata Andi.' / '," tambah Andi Rahman di ...': a short capitalised run right
            # after a trailing cue, ending the clause, is a name
            if cues.get(lows[i]) != "post" or not (words[i - 1] == ","
                                                  or words[i - 1] in _ALL_MARKS):
                continue
            k = i + 1
            while k < n and k - i <= 3 and words[k].isalpha() and words[k][:1].isupper() \
                    and (k not in self.ent_at or self.ent_at[k].label_ == "PER"):
                k += 1
            run = lows[i + 1:k]
            if 1 <= len(run) <= 2 and (k == n or not words[k][:1].isalnum() or (
                    words[k].islower() and lows[k] not in _DEMONSTRATIVES)) \
                    and not any(w in self.person_nouns for w in run):
                per_words.update(run)
        self.name_words = frozenset(
            w for w in per_words
            if w not in lower_seen and w not in STOP_WORDS and w not in self.titles
            and w not in _WEEKDAYS and w not in _MONTHS and w not in self.cues
            and w not in self.pronouns and len(w) > 1)
        # sentences as sorted token-index arrays (``tok.sent`` walks to the sentence ends on
        # every call: quadratic on long sentences)
        try:
            bounds = [(sent.start, sent.end) for sent in doc.sents]
            self.has_sents = True
        except ValueError:
            bounds = [(0, n)]
            self.has_sents = False
        self.sent_starts = [a for a, _ in bounds]
        self.sent_ends = [b for _, b in bounds]
        # blocked characters (direct quotes and their cues), kept as a mask for O(1) lookups
        self.blocked_mask = bytearray(len(self.text) + 1)
        self._blocked_index: tuple[int, list[int], list[int], list[int]] | None = None
        # person entities indexed once (``fullest``, ``last_person_before``)
        self.per_end_chars = [e.end_char for e in self.pers]
        sent_of = [self.sent_index(e.start) for e in self.pers]
        self.per_first_in_sent: list[int] = []
        for k in range(len(self.pers)):
            same = self.has_sents and k > 0 and sent_of[k] == sent_of[k - 1]
            self.per_first_in_sent.append(self.per_first_in_sent[k - 1] if same else k)
        self._fullest_cache: dict[str, str] = {}
        self._ngram_index: dict[tuple[str, ...], str] | None = None
        self._initials_index: dict[tuple[str, int], str] | None = None
        self._attr_cache: dict[str, tuple[str | None, str | None]] = {}
        self._people: tuple[Any, Any, Any] | None = None
        self._role_cache: dict[str, str | None] = {}
        self.max_cue_len = max((len(c) for c in self.cues), default=0)

    # -- token helpers ------------------------------------------------------------------
    def token_at_or_after(self, char: int) -> int:
        return bisect_left(self.starts, char)

    def token_before(self, char: int) -> int:
        return bisect_right(self.ends, char) - 1

    def is_name_word(self, i: int) -> bool:
        """Is token i a capitalised name word that NER left untagged (or tagged PER)?"""
        if i < 0 or i >= len(self.doc):
            return False
        tok = self.doc[i]
        ent = self.ent_at.get(i)
        if ent is not None and ent.label_ != "PER":
            return False
        return tok.is_alpha and tok.text[:1].isupper() and tok.lower_ in self.name_words

    def name_speaker(self, a: int, b: int) -> _Speaker:
        span = self.doc[a:b]
        return _Speaker("per", span.start_char, span.end_char, span.text, name=span.text)

    def descriptor_before(self, i: int, lo: int) -> _Speaker | None:
        """A descriptive speaker ending with a demonstrative right before token i:
        "Politikus partai itu (juga) menyebut" -> resolved like a pronoun."""
        doc = self.doc
        j = i - 1
        while j > lo and doc[j].lower_ in _SPEAKER_ADVERBS:
            j -= 1
        if j <= lo or doc[j].lower_ not in _DEMONSTRATIVES:
            return None
        end = j
        k = j - 1
        head = None
        while k >= lo and j - k <= 10:
            t = doc[k]
            if t.text in (",", ";", ":", ".") or t.text in _ALL_MARKS or t.is_space \
                    or self.cue_class(t) is not None:
                break
            if t.lower_ in self.person_nouns or t.lower_.rstrip(".") in self.person_nouns:
                head = k
            k -= 1
        if head is None:
            return None
        while head > lo and (doc[head - 1].lower_ in self.person_nouns):
            head -= 1
        span = doc[head:end]
        if self.ent_at.get(head) is not None and self.ent_at[head].label_ == "PER":
            return None
        return _Speaker("descr", span.start_char, span.end_char, span.text)

    def cue_class(self, tok: Token) -> str | None:
        return self.cues.get(tok.lower_)

    def block(self, a: int, b: int) -> None:
        """Mark characters [a, b) as a direct quote or its cue."""
        self.blocked.append((a, b))
        if b > a:
            self.blocked_mask[a:b] = b"\x01" * (b - a)

    def is_blocked(self, char: int) -> bool:
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
            a, b = self.blocked[order[k]]
            if b > start:
                found.append(order[k])
            k -= 1
        return [self.blocked[k] for k in sorted(found)]

    def sent_index(self, i: int) -> int:
        return max(0, bisect_right(self.sent_starts, i) - 1)

    def sent_bounds(self, i: int) -> tuple[int, int]:
        k = self.sent_index(i)
        return self.sent_starts[k], self.sent_ends[k]

    # -- speakers -----------------------------------------------------------------------
    def _title_run(self, i: int, limit: int) -> int:
        """End of a run of title words starting at token i ("Wakil Ketua")."""
        j = i
        while j < limit and (self.doc[j].lower_ in self.titles
                             or self.doc[j].lower_.rstrip(".") in self.titles):
            j += 1
        return j

    def speaker_after(self, i: int, limit: int) -> tuple[_Speaker | None, int]:
        """Speaker in the tokens after token ``i`` (exclusive): "kata Kepala BKKBN, Andi".

        Returns the speaker and the token index where the speaker material ends (a
        following appositive "..., Kepala Dinas X," is included).
        """
        doc = self.doc
        j = i + 1
        fallback: _Speaker | None = None
        end_tok = i + 1
        steps = 0
        while j < limit and steps < 20:
            tok = doc[j]
            steps += 1
            if tok.is_space:
                j += 1
                continue
            ent = self.ent_at.get(j)
            if ent is not None and ent.label_ == "PER":
                return self.per_speaker(ent), self._skip_appositive(ent.end, limit)
            if self.is_name_word(j):
                k = j
                while k < limit and self.is_name_word(k):
                    k += 1
                return self.name_speaker(j, k), self._skip_appositive(k, limit)
            if tok.lower_ in self.pronouns and fallback is None:
                return _Speaker("pronoun", tok.idx, tok.idx + len(tok.text), tok.text), j + 1
            t_end = self._title_run(j, limit)
            if t_end > j:
                k = t_end
                org_ent = self.ent_at.get(k) if k < limit else None
                if org_ent is not None and org_ent.label_ in ("ORG", "LOC"):
                    k = org_ent.end
                else:
                    org_ent = None
                # the rest of the role's organisation: capitalised words, "(ACRONYM)"
                k2 = k
                while k2 < limit and (doc[k2].text[:1].isupper() or doc[k2].text in "()"
                                      or doc[k2].lower_ in ("dan", "dari", "pada", "&")
                                      or self.ent_at.get(k2) is not None) \
                        and not self.is_name_word(k2) \
                        and (self.ent_at.get(k2) is None or self.ent_at[k2].label_ != "PER"):
                    k2 += 1
                while k2 > k and doc[k2 - 1].lower_ in ("dan", "dari", "pada", "&", "("):
                    k2 -= 1
                m = k2
                while m < limit and m - k2 < 12 and doc[m].is_alpha and doc[m].is_lower \
                        and doc[m].lower_ not in _DEMONSTRATIVES and doc[m].lower_ != "yang":
                    m += 1
                if m < limit and doc[m].lower_ in _DEMONSTRATIVES and fallback is None:
                    # "ujar Pelaksana Tugas Pimpinan KPK ini", "kata pengamat hukum itu":
                    # a description, not a name
                    span = doc[j:m]
                    return _Speaker("descr", span.start_char, span.end_char, span.text), m + 1
                if fallback is None:
                    span = doc[j:k2]
                    org_text = doc[t_end:k2].text if k2 > t_end else None
                    fallback = _Speaker("role", span.start_char, span.end_char, span.text,
                                        role=doc[j:t_end].text,
                                        organization=org_ent.text if org_ent is not None
                                        and org_ent.end == k2 else org_text)
                    end_tok = k2
                j = max(k2, j + 1)
                continue
            if ent is not None and ent.label_ in ("ORG", "LOC"):
                if fallback is None:
                    fallback = _Speaker("org", ent.start_char, ent.end_char, ent.text,
                                        organization=ent.text)
                    end_tok = ent.end
                j = ent.end
                continue
            if tok.text == "," and j + 1 < limit:
                nxt = doc[j + 1]
                if nxt.text[:1].isupper() or self.ent_at.get(j + 1) is not None:
                    j += 1
                    continue
            if fallback is None and j == i + 1 and tok.is_alpha \
                    and tok.lower_ in self.person_nouns:
                # "ujar pengamat hukum itu", "kata dokter yang bertugas di ...",
                # "Menurut Purnawirawan TNI itu, ..."
                k = j + 1
                while k < limit and k - j < 12 and doc[k].is_alpha \
                        and doc[k].lower_ not in _DEMONSTRATIVES and doc[k].lower_ != "yang" \
                        and (self.ent_at.get(k) is None or self.ent_at[k].label_ != "PER"):
                    k += 1
                if k < limit and doc[k].lower_ in _DEMONSTRATIVES:
                    span = doc[j:k]
                    return _Speaker("descr", span.start_char, span.end_char, span.text), k + 1
                m = k + 1 if k + 1 < limit and doc[k].text == "," else k
                ent = self.ent_at.get(m) if m < limit else None
                if ent is not None and ent.label_ == "PER" and ent.start == m:
                    # "kata juru bicara panitia, Andi Rahman": the name after the description
                    sp = self.per_speaker(ent)
                    sp.role = sp.role or doc[j:k].text
                    return sp, self._skip_appositive(ent.end, limit)
                span = doc[j:j + 1]
                return _Speaker("descr", span.start_char, span.end_char, span.text), j + 1
            if tok.text[:1].isupper() and tok.is_alpha and fallback is None and j == i + 1 \
                    and tok.lower_ not in _WEEKDAYS and tok.lower_ not in STOP_WORDS:
                # an untagged capitalised name right after the cue: "kata Amrizalcan"
                k = j
                while k < limit and doc[k].is_alpha and doc[k].text[:1].isupper():
                    k += 1
                span = doc[j:k]
                if k < limit and doc[k].lower_ in _DEMONSTRATIVES:
                    # "ujar Pelaksana Tugas Pimpinan KPK ini": a description
                    return _Speaker("descr", span.start_char, span.end_char, span.text), k + 1
                if any(t.lower_ in self.person_nouns for t in span):
                    return _Speaker("role", span.start_char, span.end_char, span.text,
                                    role=span.text), k
                return self.name_speaker(j, k), k
            break
        return fallback, end_tok

    def _skip_appositive(self, k: int, limit: int) -> int:
        """After a speaker's name, skip an appositive role: ", Kepala Dinas X," -> the
        index of the comma that closes it (or ``k`` when there is none)."""
        doc = self.doc
        if k + 1 >= limit or doc[k].text != ",":
            return k
        nxt = doc[k + 1]
        if not (nxt.lower_ in self.titles or nxt.lower_ in self.person_nouns):
            return k
        j = k + 1
        while j < limit and j - k < 16 and doc[j].text not in (",", ".", ";") \
                and doc[j].text not in _ALL_MARKS:
            j += 1
        if j < limit and doc[j].text == ",":
            return j
        return j if j >= limit or doc[j].text == "." else k

    def speaker_before(self, i: int, lo: int) -> _Speaker | None:
        """Speaker in the clause before token ``i``: the nearest PER, else a pronoun, a
        title-only mention or an ORG."""
        doc = self.doc
        start = max(lo, i - 25)
        descr = self.descriptor_before(i, lo)
        if descr is not None:
            return descr
        best: _Speaker | None = None
        for j in range(i - 1, start - 1, -1):
            tok = doc[j]
            if self.is_blocked(tok.idx):
                break
            if j in self.used_cues or (self.cue_class(tok) in ("verb", "post", "menurut")
                                        and j < i - 1 and tok.lower_ not in ("kata",)):
                break
            if tok.text in (";",):
                break
            ent = self.ent_at.get(j)
            if ent is not None and ent.label_ == "PER":
                return self.per_speaker(ent)
            if self.is_name_word(j):
                k = j
                while k > start and self.is_name_word(k - 1):
                    k -= 1
                return self.name_speaker(k, j + 1)
            if best is None:
                if tok.lower_ in self.pronouns and i - j <= 4:
                    best = _Speaker("pronoun", tok.idx, tok.idx + len(tok.text), tok.text)
                elif ent is not None and ent.label_ in ("ORG", "LOC") and i - ent.end <= 3:
                    best = _Speaker("org", ent.start_char, ent.end_char, ent.text,
                                    organization=ent.text)
                elif (tok.lower_ in self.titles or tok.lower_.rstrip(".") in self.titles) \
                        and tok.text[:1].isupper() and i - j <= 6:
                    k = j
                    while k > lo and (doc[k - 1].lower_ in self.titles):
                        k -= 1
                    end = j + 1
                    org_ent = self.ent_at.get(end)
                    org = None
                    if org_ent is not None and org_ent.label_ in ("ORG", "LOC") \
                            and org_ent.end <= i:
                        org = org_ent.text
                        end = org_ent.end
                    span = doc[k:end]
                    best = _Speaker("role", span.start_char, span.end_char, span.text,
                                    role=doc[k:j + 1].text, organization=org)
                elif tok.lower_ in self.person_nouns and i - j <= 6 \
                        and (j == lo or doc[j - 1].text == ","):
                    # "Sementara itu, juru bicara klub mengatakan ...": a role noun phrase
                    # opening the clause, no name
                    span = doc[j:i]
                    best = _Speaker("role", span.start_char, span.end_char, span.text,
                                    role=span.text)
        if best is not None and best.kind == "org":
            # "Juru bicara Polda Jabar mengatakan": the role words before the organisation
            e = self.token_at_or_after(best.start)
            k = e
            while k > lo and k > e - 4 and (doc[k - 1].lower_ in self.person_nouns
                                            or doc[k - 1].lower_ in self.title_words):
                k -= 1
            if k < e:
                span = doc[k:self.token_before(best.end) + 1]
                best = _Speaker("role", span.start_char, span.end_char, span.text,
                                role=doc[k:e].text, organization=best.organization)
        return best

    def per_speaker(self, ent: Span) -> _Speaker:
        return _Speaker("per", ent.start_char, ent.end_char, ent.text, name=ent.text)

    @staticmethod
    def clitic(tok: Token) -> _Speaker:
        return _Speaker("clitic", tok.idx, tok.idx + len(tok.text), tok.text)

    # -- cues of direct quotes ----------------------------------------------------------
    def cue_after_quote(self, m: _Mark) -> _Cue | None:
        doc = self.doc
        if not m.closed:
            return None
        j = self.token_at_or_after(m.close_pos + 1)
        lo, limit = self.sent_bounds(max(0, min(j, len(doc) - 1))) if len(doc) else (0, 0)
        limit = max(limit, min(len(doc), j + 16))
        while j < len(doc) and (doc[j].text in (",", ":") or doc[j].text in _ALL_MARKS
                                or doc[j].is_space):
            j += 1
        if j >= len(doc):
            return None
        tok = doc[j]
        cls = self.cue_class(tok)
        if cls in ("post", "verb", "weak", "passive"):
            if _is_clitic(tok) and cls != "verb":
                sp: _Speaker | None = self.clitic(tok)
                end_tok = j + 1
            else:
                sp, end_tok = self.speaker_after(j, limit)
                if sp is None and cls == "post" and tok.lower_ == "kata" and m.end - m.start < 3:
                    return None
            return self._cue(tok, sp, end_tok)
        # "...," Andi menambahkan.  /  "...," ia menjelaskan.
        content = self.text[m.start:m.end]
        for k in range(j + 1, min(len(doc), j + 7)):
            ck = self.cue_class(doc[k])
            if ck in ("verb", "weak", "post") and not _is_clitic(doc[k]):
                if content[-1:] in ",!?-" or (k + 1 < len(doc) and doc[k + 1].text in ".,"):
                    sp = self.speaker_before(k, j)
                    if sp is not None and sp.start >= tok.idx:
                        return self._cue(doc[k], sp, k + 1)
                break
            if doc[k].text in (".", ",", ";") or doc[k].text in _ALL_MARKS:
                break
        return None

    def cue_before_quote(self, m: _Mark) -> _Cue | None:
        doc = self.doc
        j = self.token_before(m.open_pos)
        if j < 0:
            return None
        lo, _ = self.sent_bounds(j)
        while j >= 0 and doc[j].is_space:
            j -= 1
        if j < 0:
            return None
        if doc[j].text in (":", ","):
            j -= 1
        if j < 0:
            return None
        tok = doc[j]
        cls = self.cue_class(tok)
        if cls in ("verb", "weak"):
            sp = self.speaker_before(j, lo)
            return self._cue(tok, sp, j + 1) if sp is not None else None
        if cls in ("post", "menurut") and _is_clitic(tok):
            return self._cue(tok, self.clitic(tok), j + 1)
        # Kata Andi: "..."
        for k in range(j, max(lo, j - 8) - 1, -1):
            ck = self.cue_class(doc[k])
            if ck in ("post", "passive") and not _is_clitic(doc[k]):
                sp, end_tok = self.speaker_after(k, j + 1)
                if sp is not None and end_tok >= j + 1 and doc[j].text != ",":
                    return self._cue(doc[k], sp, j + 1)
                break
        return None

    def _cue(self, tok: Token, sp: _Speaker | None, end_tok: int) -> _Cue:
        end_tok = min(end_tok, len(self.doc))
        region_end = self.doc[end_tok - 1].idx + len(self.doc[end_tok - 1].text) \
            if end_tok > 0 else tok.idx + len(tok.text)
        return _Cue(tok.idx, tok.idx + len(tok.text), tok.text, sp, region_end)

    def is_scare(self, m: _Mark) -> bool:
        content = self.text[m.start:m.end]
        words = content.split()
        if len(words) > _SCARE_MAX_WORDS or content[-1:] in ",.!?":
            return False
        # the word before the opening mark (read back only as far as the longest cue)
        text = self.text
        end = m.open_pos
        while end > 0 and text[end - 1].isspace():
            end -= 1
        if end == 0 or not text[end - 1].isalnum():
            return False
        start = end
        while start > 0 and not text[start - 1].isspace() and end - start <= self.max_cue_len:
            start -= 1
        if end - start > self.max_cue_len:
            return True  # longer than any cue
        return self.cues.get(text[start:end].lower()) is None

    def direct(self) -> list[_Quote]:
        marks = _pair_marks(self.text)
        quotes: list[_Quote] = []
        prev: _Quote | None = None
        for mark in marks:
            m: _Mark | None = mark
            if not mark.closed:
                m = self._close_at_cue(mark)
            if m is None:
                continue
            cue = self.cue_after_quote(m) if m.closed else self._cue_in_tail(m)
            if cue is None:
                cue = self.cue_before_quote(m)
            if cue is None and prev is not None and prev.cue is not None:
                gap = self.text[prev.cue.region_end:m.open_pos]
                if prev.cue.region_end > prev.end and gap.strip(" ,:\n") == "":
                    cue = prev.cue  # "...," kata Siti, "..."
            if cue is None or self.is_scare(m):
                continue
            q = _Quote("direct", m.start, m.end, cue)
            quotes.append(q)
            prev = q
            self.block(m.open_pos, max(m.close_pos + 1, cue.region_end)
                       if cue.start > m.open_pos else m.close_pos + 1)
            if cue.start < m.open_pos:
                self.block(cue.start, m.open_pos)
            k = self.token_at_or_after(cue.start)
            self.used_cues.add(k)
        # block every closed quoted stretch, even the ones that are not quotes (an unclosed
        # mark without a cue is a typo: the rest of its paragraph stays open to indirect cues)
        for m in marks:
            if m.closed:
                self.block(m.open_pos, m.close_pos + 1)
        return quotes

    _TAIL_CUE = re.compile(r",\s+(\w+)")

    def _close_at_cue(self, m: _Mark) -> _Mark | None:
        """An unclosed quote ends at the comma before its ", kata X" cue, else is dropped."""
        content = self.text[m.start:m.end]
        for hit in self._TAIL_CUE.finditer(content):
            cls = self.cues.get(hit.group(1).lower())
            if cls == "post":
                end = m.start + hit.start() + 1
                return _Mark(m.open_pos, end, m.start, end, closed=False)
        return None

    def _cue_in_tail(self, m: _Mark) -> _Cue | None:
        j = self.token_at_or_after(m.end)
        doc = self.doc
        while j < len(doc) and (doc[j].text == "," or doc[j].is_space):
            j += 1
        if j >= len(doc):
            return None
        tok = doc[j]
        if _is_clitic(tok):
            return self._cue(tok, self.clitic(tok), j + 1)
        _, limit = self.sent_bounds(j)
        sp, end_tok = self.speaker_after(j, max(limit, j + 10))
        return self._cue(tok, sp, end_tok)

    # -- indirect quotes ------------------------------------------------------------------
    def indirect(self) -> list[_Quote]:
        doc = self.doc
        out: list[_Quote] = []
        for pos in self.cue_positions:
            tok = doc[pos]
            cls = self.cue_class(tok)
            if cls is None or tok.i in self.used_cues or self.is_blocked(tok.idx):
                continue
            lo, hi = self.sent_bounds(tok.i)
            q: _Quote | None = None
            if cls == "menurut":
                q = self._menurut(tok, lo, hi)
            elif cls == "post":
                q = self._post(tok, lo, hi)
            elif cls in ("verb", "weak"):
                q = self._verb(tok, lo, hi, weak=cls == "weak")
            elif cls == "passive":
                q = self._passive(tok, lo, hi)
            if q is not None and q.end - q.start >= 3 and self._has_clause(q.start, q.end):
                out.append(q)
                self.used_cues.add(tok.i)
            elif cls == "passive" and not _is_clitic(tok):
                self._note_introduction(tok, hi)

        return out

    def _note_introduction(self, tok: Token, hi: int) -> None:
        """A passive cue whose clause names a person and ends there introduces that person
        as the next speaker ("Pernyataan sama disampaikan Andi Rahman, Kepala Dinas X." before
        '"...," katanya.'): remembered so that a later -nya or pronoun resolves to them."""
        sp, end_tok = self.speaker_after(tok.i, hi)
        if sp is None or sp.kind != "per" or not sp.name:
            return
        if end_tok < hi and not self._is_adverbial_tail(end_tok, hi) \
                and self._has_clause(*self._span_chars(end_tok, hi)):
            return  # more than a role or a place after the name
        self.introductions.append((tok.idx, sp.name))

    def _looks_like_clause(self, j: int, hi: int) -> bool:
        """Do tokens [j, hi) start with a clause (subject + predicate) rather than a plain
        object? "melaporkan jumlah peserta meningkat" vs "melaporkan kasus itu ke polisi".
        A predicate is an auxiliary/modal or a verb-prefixed word (meN-, ber-, di-, ter-)
        after the first word, not inside a relative or purpose phrase."""
        doc = self.doc
        for k in range(j + 1, min(hi, j + 12)):
            tok = doc[k]
            if tok.text in (",", ";", ":", ".") or tok.text in _ALL_MARKS:
                return False
            prev = doc[k - 1].lower_
            if prev in _NOT_PREDICATE_AFTER:
                continue
            low = tok.lower_
            if low in _PREDICATE_WORDS:
                return True
            if prev not in _MODIFIED_NOUNS and tok.is_lower and len(low) >= 6 \
                    and low.startswith(_VERB_PREFIXES):
                return True
        return False

    def _looks_like_predicate(self, j: int, hi: int) -> bool:
        """Does token j start a predicate ("bisa dilakukan", "sangat penting", "menjadi")?
        An auxiliary or modal, a verb of ``_PREDICATE_WORDS``, a degree adverb, or a
        meN-/ber-/di-/ter- word -- not a reporting-act adverbial ("di Jakarta")."""
        tok = self.doc[j]
        low = tok.lower_
        if low in _REPORT_ADVERBIAL or self._is_adverbial_tail(j, hi):
            return False
        return low in _PREDICATE_WORDS or low in _DEGREE_ADVERBS or (
            len(low) >= 6 and low.startswith(_VERB_PREFIXES))

    def _has_clause(self, start: int, end: int) -> bool:
        """Content needs a lower-case word: an all-capitalised stretch is a name or a title
        ("..., Kepala Dinas Sosial Kota X"), not reported speech."""
        return any(w.isalpha() and w.islower()
                   for w in map(re.Match.group, _WORD.finditer(self.text, start, end)))

    def _n_words(self, start: int, end: int, cap: int) -> int:
        """The number of whitespace-separated words in text[start:end], counted up to
        ``cap`` (content can be a whole sentence: no splitting it just to count)."""
        n = 0
        for _ in _WORD.finditer(self.text, start, max(start, end)):
            n += 1
            if n >= cap:
                break
        return n

    def _clip(self, start: int, end: int, cue_char: int) -> tuple[int, int]:
        """Clip a content stretch to the part on the cue's side of any direct quote."""
        for a, b in self.overlapping_blocks(start, end):
            if a < end and start < b:
                if b <= cue_char:
                    start = max(start, b)
                elif a >= cue_char:
                    end = min(end, a)
                else:
                    return start, start
        return self._trim(start, end)

    def _trim(self, start: int, end: int) -> tuple[int, int]:
        text = self.text
        while start < end and (text[start].isspace() or text[start] in ",:;-–—"):
            start += 1
        while end > start and (text[end - 1].isspace() or text[end - 1] in ".,;:"):
            end -= 1
        return start, end

    def _span_chars(self, a: int, b: int) -> tuple[int, int]:
        """Characters of tokens [a, b)."""
        if b <= a:
            return (self.doc[a].idx, self.doc[a].idx) if a < len(self.doc) else (0, 0)
        return self.doc[a].idx, self.doc[b - 1].idx + len(self.doc[b - 1].text)

    def _skip_intro(self, j: int, hi: int) -> int:
        """Skip a comma, a colon, "bahwa" and reporting-act adverbials after a cue."""
        doc = self.doc
        if j < hi and doc[j].lower_ in _REPORT_ADVERBIAL:
            for k in range(j, min(hi, j + 14)):
                if doc[k].lower_ in _COMPLEMENTIZERS:
                    j = k
                    break
                if doc[k].text == ",":
                    j = k + 1
                    break
        while j < hi and (doc[j].text in (",", ":") or doc[j].lower_ in _COMPLEMENTIZERS
                          or doc[j].is_space):
            j += 1
        return j

    def _content_after(self, j: int, hi: int, cue_char: int) -> tuple[int, int]:
        a, b = self._span_chars(j, hi)
        return self._clip(a, b, cue_char)

    def _menurut(self, tok: Token, lo: int, hi: int) -> _Quote | None:
        doc = self.doc
        i = tok.i
        if tok.lower_ == "menurut":
            sp, end_tok = self.speaker_after(i, hi)
            if sp is None:
                return None
        else:
            sp, end_tok = self.clitic(tok), i + 1
        cue = self._cue(tok, sp, end_tok)
        after = self._skip_intro(end_tok, hi)
        if sp.kind == "clitic" and i - lo <= 1 and end_tok < hi and doc[end_tok].is_alpha \
                and doc[end_tok].text != ",":
            # "Menurutnya KPK saat ini, memiliki ..." (no comma after the clitic cue)
            a, b = self._content_after(end_tok, hi, tok.idx)
            if self._n_words(a, b, 3) >= 3 and self._has_clause(a, b):
                return _Quote("indirect", a, b, cue)
        if sp.kind == "per" and i - lo <= 1 and end_tok < hi and doc[end_tok].is_lower \
                and doc[end_tok].is_alpha:
            # "Menurut Andi pelayanan harus merata" (no comma after the speaker)
            a, b = self._content_after(end_tok, hi, tok.idx)
            if self._n_words(a, b, 3) >= 3:
                return _Quote("indirect", a, b, cue)
        if after < hi and (doc[end_tok].text == "," if end_tok < hi else False):
            a, b = self._content_after(after, hi, tok.idx)
            if b - a > 0 and i - lo <= 4:
                return _Quote("indirect", a, b, cue)
            if b - a > 0:
                oa, ob = self._clip(*self._span_chars(lo, i), tok.idx)
                return _Quote("indirect", a, b, cue, [(oa, ob)] if ob > oa else None)
        if i > lo and end_tok < hi and doc[end_tok].text != "," \
                and not self._is_adverbial_tail(end_tok, hi):
            # "Hukuman itu, menurut Andi tidak adil": the clause after the speaker is the
            # content, the part before it an other part (3.6)
            a, b = self._content_after(end_tok, hi, tok.idx)
            if self._n_words(a, b, 3) >= 3 and self._has_clause(a, b):
                oa, ob = self._clip(*self._span_chars(lo, i), tok.idx)
                return _Quote("indirect", a, b, cue, [(oa, ob)] if ob > oa else None)
        if i > lo and doc[i - 1].text == ",":
            a, b = self._clip(*self._span_chars(lo, i), tok.idx)
            if b > a:
                return _Quote("indirect", a, b, cue)
        return None

    def _is_adverbial_tail(self, j: int, hi: int) -> bool:
        """Is tokens [j, hi) only the reporting act's place/time ("di Jakarta, Senin")?"""
        doc = self.doc
        while j < hi and (doc[j].text in (",", ".") or doc[j].is_space):
            j += 1
        if j >= hi:
            return True
        first = doc[j].lower_
        return first in _REPORT_ADVERBIAL or first in _WEEKDAYS or first in ("lagi", "pula")

    def _post(self, tok: Token, lo: int, hi: int) -> _Quote | None:
        doc = self.doc
        i = tok.i
        if i <= lo and _is_clitic(tok):
            return None
        if i <= lo:
            # "Kata Andi, pelayanan harus merata." (sentence-initial cue, like "Menurut")
            sp0, end0 = self.speaker_after(i, hi)
            if sp0 is None or sp0.kind not in ("per", "role", "descr") or end0 >= hi \
                    or doc[end0].text != ",":
                return None
            a, b = self._content_after(self._skip_intro(end0, hi), hi, tok.idx)
            if self._n_words(a, b, 3) < 3:
                return None
            return _Quote("indirect", a, b, self._cue(tok, sp0, end0))
        if _is_clitic(tok):
            sp: _Speaker | None = self.clitic(tok)
            end_tok = i + 1
            if end_tok < hi and not (doc[end_tok].is_punct or self._is_adverbial_tail(end_tok,
                                                                                     hi)):
                return None
        else:
            sp, end_tok = self.speaker_after(i, hi)
            if sp is None or sp.kind in ("org",):
                return None
        cue = self._cue(tok, sp, end_tok)
        comma_before = doc[i - 1].text == ","
        if self._is_adverbial_tail(end_tok, hi):
            if not comma_before:
                return None
            a, b = self._clip(*self._span_chars(lo, i), tok.idx)
            return _Quote("indirect", a, b, cue) if b > a else None
        # "X kata Y, ...": the quote is the part after the cue and speaker
        if end_tok < hi and doc[end_tok].text != ",":
            if sp is not None and sp.kind == "per" and i > lo and doc[end_tok].is_lower \
                    and doc[end_tok].is_alpha and self.cue_class(doc[end_tok]) is None \
                    and self._looks_like_predicate(end_tok, hi):
                # "Efisiensi itu, kata Andi bisa dicapai ..." (no comma after the speaker):
                # the clause after the speaker is the content, the part before an other part
                a, b = self._content_after(end_tok, hi, tok.idx)
                if self._n_words(a, b, 3) >= 3:
                    oa, ob = self._clip(*self._span_chars(lo, i), tok.idx)
                    return _Quote("indirect", a, b, cue, [(oa, ob)] if ob > oa else None)
            return None
        after = self._skip_intro(end_tok, hi)
        a, b = self._content_after(after, hi, tok.idx)
        if b <= a:
            return None
        oa, ob = self._clip(*self._span_chars(lo, i), tok.idx)
        return _Quote("indirect", a, b, cue, [(oa, ob)] if ob > oa else None)

    def _verb(self, tok: Token, lo: int, hi: int, *, weak: bool) -> _Quote | None:
        doc = self.doc
        i = tok.i
        if i > lo and doc[i - 1].lower_ in _NEGATORS:
            return None
        sp = self.speaker_before(i, lo)
        if sp is None:
            return None
        nxt = doc[i + 1] if i + 1 < hi else None
        if nxt is None or nxt.text == ".":
            # "..., Andi menambahkan."
            k = self.token_at_or_after(sp.start) - 1
            if k > lo and doc[k].text == ",":
                a, b = self._clip(*self._span_chars(lo, k), tok.idx)
                if b > a:
                    return _Quote("indirect", a, b, self._cue(tok, sp, i + 1))
            return None
        if weak and not (nxt.text in (",", ":") or nxt.lower_ in _COMPLEMENTIZERS
                         or nxt.lower_ in _REQUEST_COMPLEMENTIZERS
                         or self._looks_like_clause(i + 1, hi)):
            return None
        if nxt.lower_ in _NON_CONTENT_OBJECTS or nxt.text in _ALL_MARKS:
            return None
        j = self._skip_intro(i + 1, hi)
        if j < hi and doc[j].text in _ALL_MARKS:
            return None
        a, b = self._content_after(j, hi, tok.idx)
        if self._n_words(a, b, 2) < 2:
            return None
        return _Quote("indirect", a, b, self._cue(tok, sp, i + 1))

    def _passive(self, tok: Token, lo: int, hi: int) -> _Quote | None:
        doc = self.doc
        i = tok.i
        if _is_clitic(tok):
            sp: _Speaker | None = self.clitic(tok)
            end_tok = i + 1
        else:
            sp, end_tok = self.speaker_after(i, hi)
            if sp is None:
                return None
        cue = self._cue(tok, sp, end_tok)
        prev = doc[i - 1].lower_ if i > lo else ""
        if prev in (",", "demikian"):
            k = i - 1 if prev == "," else i - 1
            while k > lo and doc[k - 1].text == ",":
                k -= 1
            a, b = self._clip(*self._span_chars(lo, k), tok.idx)
            return _Quote("indirect", a, b, cue) if b > a else None
        if i - lo <= 3:
            j = end_tok
            while j < hi and doc[j].text != ",":
                j += 1
            j = self._skip_intro(j, hi)
            a, b = self._content_after(j, hi, tok.idx)
            return _Quote("indirect", a, b, cue) if b > a else None
        return None

    # -- resolution -----------------------------------------------------------------------
    #: names longer than this (in words) are looked up by scanning the long entities
    _NGRAM_MAX = 12

    def _build_name_indexes(self) -> None:
        """Index the PER entities once: every run of their lower-cased words -> the first
        longest entity containing it, and initials -> the first entity they abbreviate."""
        ngrams: dict[tuple[str, ...], tuple[int, str]] = {}
        initials: dict[tuple[str, int], str] = {}
        seen: set[str] = set()
        for ent in self.pers:
            text = ent.text
            if text in seen:
                continue  # a repeated entity never replaces the first (strictly longer wins)
            seen.add(text)
            words = [w for w in text.split() if w[:1].isalpha()]
            key = ("".join(w[0] for w in words).upper(), len(words))
            initials.setdefault(key, text)
            low = [w.lower() for w in text.split()]
            size = len(low)
            for n in range(1, min(size, self._NGRAM_MAX) + 1):
                for k in range(size - n + 1):
                    gram = tuple(low[k:k + n])
                    old = ngrams.get(gram)
                    if old is None or size > old[0]:
                        ngrams[gram] = (size, text)
        self._ngram_index = {k: v[1] for k, v in ngrams.items()}
        self._ngram_len = {k: v[0] for k, v in ngrams.items()}
        self._initials_index = initials

    def fullest(self, name: str) -> str:
        """The longest PER entity of the article that contains ``name`` (the first one of
        that length), or the person whose name ``name`` abbreviates ("SBY")."""
        hit = self._fullest_cache.get(name)
        if hit is None:
            hit = self._fullest_cache[name] = self._fullest(name)
        return hit

    def _fullest(self, name: str) -> str:
        if self._ngram_index is None:
            self._build_name_indexes()
        assert self._ngram_index is not None and self._initials_index is not None
        if name.isupper() and name.isalpha() and 2 <= len(name) <= 5:
            # initials: "SBY" for "Susilo Bambang Yudhoyono"
            ent_text = self._initials_index.get((name, len(name)))
            if ent_text is not None:
                return ent_text
        words = name.lower().split()
        n = len(words)
        if n > self._NGRAM_MAX or n == 0:
            best = name
            for ent in self.pers:
                cand = ent.text.split()
                low = [w.lower() for w in cand]
                if len(cand) > len(best.split()) and any(low[k:k + n] == words
                                                         for k in range(len(low) - n + 1)):
                    best = ent.text
            return best
        gram = tuple(words)
        text = self._ngram_index.get(gram)
        if text is not None and self._ngram_len[gram] > len(name.split()):
            return text
        if n == 1:
            return self._blend_of(name) or name
        return name

    #: blended nicknames are looked up among this many distinct multi-word names at most
    _BLEND_MAX_NAMES = 200

    def _blend_of(self, name: str) -> str | None:
        """The one multi-word PER entity whose words' beginnings, in order, spell the
        single word ``name`` ("Jokowi" = Jo(ko) + Wi(dodo) from "Joko Widodo", "Buwas" =
        Bu(di) + Was(eso)): Indonesian nicknames are often such blends. ``None`` when no
        entity or more than one fits."""
        low = name.lower()
        if not (name[:1].isupper() and low.isalpha() and 5 <= len(low) <= 12):
            return None
        found: str | None = None
        seen: set[str] = set()
        for ent in self.pers:
            text = ent.text
            if text in seen:
                continue
            seen.add(text)
            if len(seen) > self._BLEND_MAX_NAMES:
                break
            parts = [w.lower() for w in text.split() if w.isalpha()]
            if 2 <= len(parts) <= 5 and spells_blend(low, parts):
                if found is not None and found != text:
                    return None
                found = text
        return found

    def attributes(self, name: str) -> tuple[str | None, str | None]:
        hit = self._attr_cache.get(name)
        if hit is None:
            hit = self._attr_cache[name] = self._attributes(name)
        return hit

    def _people_index(self) -> tuple[list[tuple[str, dict[str, Any]]],
                                     dict[str, list[int]], dict[str, list[int]]]:
        """The people of ``doc._.people`` with their lower-cased names, indexed by whole
        name and by character trigram (built once per doc)."""
        if self._people is None:
            people: list[dict[str, Any]] = list(getattr(self.doc._, "people", None) or [])
            rows = [(str(p.get("name") or "").lower(), p) for p in people]
            by_name: dict[str, list[int]] = {}
            by_gram: dict[str, list[int]] = {}
            for k, (pname, _) in enumerate(rows):
                if not pname:
                    continue
                by_name.setdefault(pname, []).append(k)
                for g in {pname[x:x + 3] for x in range(len(pname) - 2)}:
                    by_gram.setdefault(g, []).append(k)
            self._people = (rows, by_name, by_gram)
        return self._people

    def _attributes(self, name: str) -> tuple[str | None, str | None]:
        """Role and organization of the first people whose name contains ``name`` or is
        contained in it (candidates from the indexes, checked in their order)."""
        rows, by_name, by_gram = self._people_index()
        low = name.lower()
        if len(low) < 3 or len(low) > 120:
            cand: Iterable[int] = range(len(rows))
        else:
            found: set[int] = set()
            # people whose name is inside ``low``: every substring of it, looked up whole
            for x in range(len(low)):
                for y in range(x + 1, len(low) + 1):
                    found.update(by_name.get(low[x:y], ()))
            # people whose name contains ``low``: those having its rarest trigram
            grams = [low[x:x + 3] for x in range(len(low) - 2)]
            rarest: list[int] = min((by_gram.get(g, []) for g in grams), key=len)
            found.update(rarest)
            cand = sorted(found)
        role = org = None
        for k in cand:
            pname, p = rows[k]
            if not pname:
                continue
            if pname == low or pname in low or low in pname:
                role = role or p.get("role")
                org = org or p.get("organization")
                if role and org:
                    break
        return role, org

    def person_with_role(self, role: str) -> str | None:
        if role not in self._role_cache:
            self._role_cache[role] = self._person_with_role(role)
        return self._role_cache[role]

    def _person_with_role(self, role: str) -> str | None:
        people: list[dict[str, Any]] = list(getattr(self.doc._, "people", None) or [])
        low = role.lower()
        for p in people:
            if p.get("role") and low in str(p["role"]).lower():
                return str(p["name"])
        return None

    def last_person_before(self, char: int) -> str | None:
        """The person most likely meant by a pronoun at ``char`` when nobody was quoted
        before: in the last sentence that names a person, the first one named (the
        subject, in Indonesian word order)."""
        k = bisect_right(self.per_end_chars, char) - 1
        if k < 0:
            return None
        return self.pers[self.per_first_in_sent[k]].text

    def resolve(self, quotes: list[_Quote]) -> list[dict[str, Any]]:
        out = []
        last: str | None = None
        #: role and organization of the last speaker when that was an unnamed person
        unnamed: tuple[str | None, str | None] | None = None
        intro = sorted(self.introductions)
        k_intro = 0
        for q in sorted(quotes, key=lambda q: q.start):
            while k_intro < len(intro) and intro[k_intro][0] < q.start:
                last, unnamed = self.fullest(intro[k_intro][1]), None
                k_intro += 1
            cue_d = speaker_d = None
            if q.cue is not None:
                c = q.cue
                cue_d = {"text": c.text, "start": c.start, "end": c.end}
                sp = c.speaker
                if sp is not None:
                    name = sp.name
                    role, org = sp.role, sp.organization
                    if sp.kind == "per" and name:
                        name = self.fullest(name)
                    elif sp.kind in ("pronoun", "clitic", "descr") and unnamed is not None:
                        # the last speaker was a person the article does not name
                        # ("kata juru bicara itu. ... ujarnya"): the same unnamed person
                        name = None
                        role, org = role or unnamed[0], org or unnamed[1]
                    elif sp.kind in ("pronoun", "clitic", "descr"):
                        name = last or self.last_person_before(c.start)
                        name = self.fullest(name) if name else None
                    elif sp.kind == "role" and role:
                        name = self.person_with_role(role)
                        if name is None:
                            unnamed = (role, org)
                    if name and sp.kind != "org":
                        r2, o2 = self.attributes(name)
                        if sp.kind != "role" or role is None:
                            role = r2 or role
                            org = o2 or org
                        else:
                            org = org or o2
                        last = name
                        unnamed = None
                    speaker_d = {"name": name, "text": sp.text, "start": sp.start,
                                 "end": sp.end, "role": role, "organization": org}
            rec: dict[str, Any] = {"type": q.type, "text": self.text[q.start:q.end],
                                   "start": q.start, "end": q.end, "cue": cue_d,
                                   "speaker": speaker_d}
            if q.other_parts:
                rec["other_parts"] = [{"text": self.text[a:b], "start": a, "end": b}
                                      for a, b in q.other_parts]
            out.append(rec)
        return out

    def run(self) -> list[dict[str, Any]]:
        if not self.text.strip() or len(self.doc) == 0:
            return []
        quotes = self.direct()
        quotes += self.indirect()
        return self.resolve(quotes)


def extract_quotes(doc: Doc) -> list[dict[str, Any]]:
    """The quote records of ``doc`` (see the module docstring); ``doc`` is not changed.

    ``doc`` should come from the bkkbn_nlp pipeline (sentences and entities); without
    entities only pronoun, title and capitalised-name speakers are found.
    """
    return _Extractor(doc).run()


class QuoteAttributor:
    """spaCy component that sets ``doc._.quotes`` (see the module docstring).

    Args:
        nlp: The pipeline.
        name: Component name.
        overwrite: Replace quotes already set on the doc; by default a doc that already
            has quotes is left as it is.
    """

    def __init__(self, nlp: Language, name: str = "bkkbn_quotes", *,
                 overwrite: bool = False) -> None:
        self.name = name
        self.overwrite = overwrite
        self._nlp = nlp
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        if doc._.quotes and not self.overwrite:
            return doc
        doc._.quotes = extract_quotes(doc)
        return doc


def make_quotes(nlp: Language, name: str, overwrite: bool) -> QuoteAttributor:
    """Factory of :class:`QuoteAttributor` (registered as ``bkkbn_quotes``)."""
    return QuoteAttributor(nlp, name, overwrite=overwrite)
