"""Pass 2, cues of direct quotes: the reporting cue after, before or inside a quoted stretch.

Owns where a direct quote's cue may stand: after the closing mark ('"...," kata X',
'"...," X menambahkan'), before the opening mark ('X mengatakan: "..."', 'Kata X: "..."'),
or right after the content of an unclosed quote cut at its ", kata X" cue.
"""

from __future__ import annotations

from .context import Article
from .marks import ALL_MARKS
from .records import Cue, Mark, Speaker
from .speakers import clitic_speaker, speaker_after, speaker_before
from .vocab import is_clitic

__all__ = ["cue_after_quote", "cue_before_quote", "cue_in_tail"]


def _speaker_verb_after(art: Article, m: Mark, j: int) -> Cue | None:
    """'"...," Andi menambahkan.' / '"...," ia menjelaskan.': a speaker then its verb."""
    doc = art.doc
    content = art.text[m.start:m.end]
    for k in range(j + 1, min(len(doc), j + 7)):
        ck = art.cue_class(doc[k])
        if ck in ("verb", "weak", "post") and not is_clitic(doc[k]):
            if content[-1:] in ",!?-" or (k + 1 < len(doc) and doc[k + 1].text in ".,"):
                sp = speaker_before(art, k, j)
                if sp is not None and sp.start >= doc[j].idx:
                    return art.make_cue(doc[k], sp, k + 1)
            break
        if doc[k].text in (".", ",", ";") or doc[k].text in ALL_MARKS:
            break
    return None


def cue_after_quote(art: Article, m: Mark) -> Cue | None:
    """The cue after the closing mark of ``m``: '"...," kata Andi' or '"...," Andi
    menambahkan'."""
    doc = art.doc
    if not m.closed:
        return None
    j = art.token_at_or_after(m.close_pos + 1)
    _, limit = art.sent_bounds(max(0, min(j, len(doc) - 1))) if len(doc) else (0, 0)
    limit = max(limit, min(len(doc), j + 16))
    while j < len(doc) and (doc[j].text in (",", ":") or doc[j].text in ALL_MARKS
                            or doc[j].is_space):
        j += 1
    if j >= len(doc):
        return None
    tok = doc[j]
    cls = art.cue_class(tok)
    if cls in ("post", "verb", "weak", "passive"):
        sp: Speaker | None
        if is_clitic(tok) and cls != "verb":
            sp, end_tok = clitic_speaker(tok), j + 1
        else:
            sp, end_tok = speaker_after(art, j, limit)
            if sp is None and cls == "post" and tok.lower_ == "kata" and m.end - m.start < 3:
                return None
        return art.make_cue(tok, sp, end_tok)
    return _speaker_verb_after(art, m, j)


def cue_before_quote(art: Article, m: Mark) -> Cue | None:
    """The cue before the opening mark of ``m``: 'Andi mengatakan: "..."', 'Kata Andi:
    "..."', 'Menurutnya, "..."'."""
    doc = art.doc
    j = art.token_before(m.open_pos)
    if j < 0:
        return None
    lo, _ = art.sent_bounds(j)
    while j >= 0 and doc[j].is_space:
        j -= 1
    if j < 0:
        return None
    if doc[j].text in (":", ","):
        j -= 1
    if j < 0:
        return None
    tok = doc[j]
    cls = art.cue_class(tok)
    if cls in ("verb", "weak"):
        sp = speaker_before(art, j, lo)
        return art.make_cue(tok, sp, j + 1) if sp is not None else None
    if cls in ("post", "menurut") and is_clitic(tok):
        return art.make_cue(tok, clitic_speaker(tok), j + 1)
    # Kata Andi: "..."
    for k in range(j, max(lo, j - 8) - 1, -1):
        ck = art.cue_class(doc[k])
        if ck in ("post", "passive") and not is_clitic(doc[k]):
            sp2, end_tok = speaker_after(art, k, j + 1)
            if sp2 is not None and end_tok >= j + 1 and doc[j].text != ",":
                return art.make_cue(doc[k], sp2, j + 1)
            break
    return None


def cue_in_tail(art: Article, m: Mark) -> Cue | None:
    """The cue right after an unclosed quote cut at its ", kata X" cue."""
    doc = art.doc
    j = art.token_at_or_after(m.end)
    while j < len(doc) and (doc[j].text == "," or doc[j].is_space):
        j += 1
    if j >= len(doc):
        return None
    tok = doc[j]
    if is_clitic(tok):
        return art.make_cue(tok, clitic_speaker(tok), j + 1)
    _, limit = art.sent_bounds(j)
    sp, end_tok = speaker_after(art, j, max(limit, j + 10))
    return art.make_cue(tok, sp, end_tok)
