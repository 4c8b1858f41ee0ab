"""Pass 5, indirect quotes: content clauses of the cues outside direct quotes.

Owns one builder per cue class: "Menurut X, ..." (rule ``menurut_cue``), "..., kata X"
and sentence-initial "Kata X, ..." (rule ``sentence_initial_kata``), "X mengatakan
(bahwa) ..." with weak cues needing "bahwa", a comma, "agar" or a clause (rule
``weak_cue_needs_content``), and passive "dikatakan X" (rule ``passive_cue``); and the
people a passive cue introduces without a quote (rule ``introduced_speaker``).
"""

from __future__ import annotations

from spacy.tokens import Token

from .clauses import (
    clip,
    content_after,
    has_clause,
    is_adverbial_tail,
    looks_like_clause,
    looks_like_predicate,
    n_words,
    other_parts,
    skip_intro,
    span_chars,
)
from .context import Article
from .marks import ALL_MARKS
from .records import Quote, Speaker
from .speakers import clitic_speaker, speaker_after, speaker_before
from .vocab import (
    COMPLEMENTIZERS,
    NEGATORS,
    NON_CONTENT_OBJECTS,
    REQUEST_COMPLEMENTIZERS,
    is_clitic,
)

__all__ = ["indirect_quotes"]


def _menurut(art: Article, tok: Token, lo: int, hi: int) -> Quote | None:
    """ "Menurut X, ...", "Menurutnya ...", "Hukuman itu, menurut Andi tidak adil"."""
    doc = art.doc
    i = tok.i
    sp: Speaker | None
    if tok.lower_ == "menurut":
        sp, end_tok = speaker_after(art, i, hi)
        if sp is None:
            return None
    else:
        sp, end_tok = clitic_speaker(tok), i + 1
    cue = art.make_cue(tok, sp, end_tok)
    after = skip_intro(art, end_tok, hi)
    if sp.kind == "clitic" and i - lo <= 1 and end_tok < hi and doc[end_tok].is_alpha \
            and doc[end_tok].text != ",":
        # "Menurutnya KPK saat ini, memiliki ..." (no comma after the clitic cue)
        a, b = content_after(art, end_tok, hi, tok.idx)
        if n_words(art, a, b, 3) >= 3 and has_clause(art, a, b):
            return Quote("indirect", a, b, cue)
    if sp.kind == "per" and i - lo <= 1 and end_tok < hi and doc[end_tok].is_lower \
            and doc[end_tok].is_alpha and art.on("no_comma_after_speaker"):
        # "Menurut Andi pelayanan harus merata" (no comma after the speaker)
        a, b = content_after(art, end_tok, hi, tok.idx)
        if n_words(art, a, b, 3) >= 3:
            return Quote("indirect", a, b, cue)
    if after < hi and (doc[end_tok].text == "," if end_tok < hi else False):
        a, b = content_after(art, after, hi, tok.idx)
        if b - a > 0 and i - lo <= 4:
            return Quote("indirect", a, b, cue)
        if b - a > 0:
            return Quote("indirect", a, b, cue, other_parts(art, lo, i, tok.idx))
    if i > lo and end_tok < hi and doc[end_tok].text != "," \
            and not is_adverbial_tail(art, end_tok, hi):
        # "Hukuman itu, menurut Andi tidak adil": the clause after the speaker is the
        # content, the part before it an other part (3.6)
        a, b = content_after(art, end_tok, hi, tok.idx)
        if n_words(art, a, b, 3) >= 3 and has_clause(art, a, b):
            return Quote("indirect", a, b, cue, other_parts(art, lo, i, tok.idx))
    if i > lo and doc[i - 1].text == ",":
        a, b = clip(art, *span_chars(art, lo, i), tok.idx)
        if b > a:
            return Quote("indirect", a, b, cue)
    return None


def _initial_post(art: Article, tok: Token, hi: int) -> Quote | None:
    """ "Kata Andi, pelayanan harus merata." (a sentence-initial cue, like "Menurut")."""
    doc = art.doc
    sp, end_tok = speaker_after(art, tok.i, hi)
    if sp is None or sp.kind not in ("per", "role", "descr") or end_tok >= hi \
            or doc[end_tok].text != ",":
        return None
    a, b = content_after(art, skip_intro(art, end_tok, hi), hi, tok.idx)
    if n_words(art, a, b, 3) < 3:
        return None
    return Quote("indirect", a, b, art.make_cue(tok, sp, end_tok))


def _post(art: Article, tok: Token, lo: int, hi: int) -> Quote | None:
    """ "..., kata Andi." / "X kata Andi, ..." / "..., katanya."."""
    doc = art.doc
    i = tok.i
    if i <= lo:
        if is_clitic(tok) or not art.on("sentence_initial_kata"):
            return None
        return _initial_post(art, tok, hi)
    sp: Speaker | None
    if is_clitic(tok):
        sp, end_tok = clitic_speaker(tok), i + 1
        if end_tok < hi and not (doc[end_tok].is_punct or is_adverbial_tail(art, end_tok, hi)):
            return None
    else:
        sp, end_tok = speaker_after(art, i, hi)
        if sp is None or sp.kind in ("org",):
            return None
    cue = art.make_cue(tok, sp, end_tok)
    if is_adverbial_tail(art, end_tok, hi):
        if doc[i - 1].text != ",":
            return None
        a, b = clip(art, *span_chars(art, lo, i), tok.idx)
        return Quote("indirect", a, b, cue) if b > a else None
    # "X kata Y, ...": the quote is the part after the cue and speaker
    if end_tok < hi and doc[end_tok].text != ",":
        if sp.kind == "per" and doc[end_tok].is_lower and doc[end_tok].is_alpha \
                and art.cue_class(doc[end_tok]) is None \
                and looks_like_predicate(art, end_tok, hi) and art.on("no_comma_after_speaker"):
            # "Efisiensi itu, kata Andi bisa dicapai ..." (no comma after the speaker):
            # the clause after the speaker is the content, the part before an other part
            a, b = content_after(art, end_tok, hi, tok.idx)
            if n_words(art, a, b, 3) >= 3:
                return Quote("indirect", a, b, cue, other_parts(art, lo, i, tok.idx))
        return None
    a, b = content_after(art, skip_intro(art, end_tok, hi), hi, tok.idx)
    if b <= a:
        return None
    return Quote("indirect", a, b, cue, other_parts(art, lo, i, tok.idx))


def _introduces_content(art: Article, tok: Token, hi: int) -> bool:
    """Does the token after the cue ``tok`` introduce content: a comma or colon, a
    complementizer, or a clause? (What a weak cue needs: not "melaporkan kasus itu".)"""
    nxt = art.doc[tok.i + 1]
    return nxt.text in (",", ":") or nxt.lower_ in COMPLEMENTIZERS \
        or nxt.lower_ in REQUEST_COMPLEMENTIZERS or looks_like_clause(art, tok.i + 1, hi)


def _verb(art: Article, tok: Token, lo: int, hi: int, *, weak: bool) -> Quote | None:
    """ "X mengatakan (bahwa) ..." / "..., Andi menambahkan."."""
    doc = art.doc
    i = tok.i
    if i > lo and doc[i - 1].lower_ in NEGATORS and art.on("negated_cue"):
        return None
    sp = speaker_before(art, i, lo)
    if sp is None:
        return None
    nxt = doc[i + 1] if i + 1 < hi else None
    if nxt is None or nxt.text == ".":
        # "..., Andi menambahkan."
        k = art.token_at_or_after(sp.start) - 1
        if k > lo and doc[k].text == ",":
            a, b = clip(art, *span_chars(art, lo, k), tok.idx)
            if b > a:
                return Quote("indirect", a, b, art.make_cue(tok, sp, i + 1))
        return None
    if weak and art.on("weak_cue_needs_content") and not _introduces_content(art, tok, hi):
        return None
    if (nxt.lower_ in NON_CONTENT_OBJECTS and art.on("non_content_object")) \
            or nxt.text in ALL_MARKS:
        return None
    j = skip_intro(art, i + 1, hi)
    if j < hi and doc[j].text in ALL_MARKS:
        return None
    a, b = content_after(art, j, hi, tok.idx)
    if n_words(art, a, b, 2) < 2:
        return None
    return Quote("indirect", a, b, art.make_cue(tok, sp, i + 1))


def _passive(art: Article, tok: Token, lo: int, hi: int) -> Quote | None:
    """ "Hal itu dikatakan Andi" / "Demikian disampaikan Andi" / "Dikatakan Andi, ..."."""
    doc = art.doc
    i = tok.i
    sp: Speaker | None
    if is_clitic(tok):
        sp, end_tok = clitic_speaker(tok), i + 1
    else:
        sp, end_tok = speaker_after(art, i, hi)
        if sp is None:
            return None
    cue = art.make_cue(tok, sp, end_tok)
    prev = doc[i - 1].lower_ if i > lo else ""
    if prev in (",", "demikian"):
        k = i - 1
        while k > lo and doc[k - 1].text == ",":
            k -= 1
        a, b = clip(art, *span_chars(art, lo, k), tok.idx)
        return Quote("indirect", a, b, cue) if b > a else None
    if i - lo <= 3:
        j = end_tok
        while j < hi and doc[j].text != ",":
            j += 1
        a, b = content_after(art, skip_intro(art, j, hi), hi, tok.idx)
        return Quote("indirect", a, b, cue) if b > a else None
    return None


def _note_introduction(art: Article, tok: Token, hi: int) -> None:
    """A passive cue whose clause names a person and ends there introduces that person as
    the next speaker ("Pernyataan sama disampaikan Andi Rahman, Kepala Dinas X." before
    '"...," katanya.'): remembered so that a later -nya or pronoun resolves to them."""
    sp, end_tok = speaker_after(art, tok.i, hi)
    if sp is None or sp.kind != "per" or not sp.name:
        return
    if end_tok < hi and not is_adverbial_tail(art, end_tok, hi) \
            and has_clause(art, *span_chars(art, end_tok, hi)):
        return  # more than a role or a place after the name
    art.introductions.append((tok.idx, sp.name))


def _quote_of_cue(art: Article, tok: Token, cls: str, lo: int, hi: int) -> Quote | None:
    """The indirect quote of the cue ``tok`` of class ``cls`` (``None``: none)."""
    if cls == "menurut":
        return _menurut(art, tok, lo, hi) if art.on("menurut_cue") else None
    if cls == "post":
        return _post(art, tok, lo, hi)
    if cls in ("verb", "weak"):
        return _verb(art, tok, lo, hi, weak=cls == "weak")
    if cls == "passive":
        return _passive(art, tok, lo, hi) if art.on("passive_cue") else None
    return None


def indirect_quotes(art: Article) -> list[Quote]:
    """The indirect quotes of the cues not used or blocked by direct quotes, in text order."""
    doc = art.doc
    out: list[Quote] = []
    for pos in art.cue_positions:
        tok = doc[pos]
        cls = art.cue_class(tok)
        if cls is None or tok.i in art.used_cues or art.is_blocked(tok.idx):
            continue
        lo, hi = art.sent_bounds(tok.i)
        q = _quote_of_cue(art, tok, cls, lo, hi)
        if q is not None and q.end - q.start >= 3 and (
                not art.on("content_needs_lower_case") or has_clause(art, q.start, q.end)):
            out.append(q)
            art.used_cues.add(tok.i)
        elif cls == "passive" and not is_clitic(tok) and art.on("introduced_speaker"):
            _note_introduction(art, tok, hi)
    return out
