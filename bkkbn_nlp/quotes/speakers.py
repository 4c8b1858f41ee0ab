"""Pass 3, speakers: the speaker mention before or after a cue token.

Owns the reading of a speaker's words around a cue: a PER entity or an untagged mention of
a name word, a pronoun, a title with its organisation (a role), a description ending in a
demonstrative ("pengamat hukum itu", rule ``demonstrative_description``), an organisation,
and the appositive role after a name (", Kepala Dinas X,", rule ``appositive_role``).
"""

from __future__ import annotations

from spacy.lang.id.stop_words import STOP_WORDS
from spacy.tokens import Span, Token

from .context import Article
from .marks import ALL_MARKS
from .records import Speaker
from .vocab import DEMONSTRATIVES, SPEAKER_ADVERBS, WEEKDAYS, pronouns, title_words

__all__ = ["speaker_after", "speaker_before", "clitic_speaker", "per_speaker"]

_ORG_JOINERS = ("dan", "dari", "pada", "&")


def per_speaker(ent: Span) -> Speaker:
    """The PER entity ``ent`` as a speaker."""
    return Speaker("per", ent.start_char, ent.end_char, ent.text, name=ent.text)


def clitic_speaker(tok: Token) -> Speaker:
    """The -nya clitic of the cue ``tok`` as its speaker ("katanya")."""
    return Speaker("clitic", tok.idx, tok.idx + len(tok.text), tok.text)


def _name_speaker(art: Article, a: int, b: int) -> Speaker:
    """Tokens [a, b) as a named speaker."""
    span = art.doc[a:b]
    return Speaker("per", span.start_char, span.end_char, span.text, name=span.text)


def _span_speaker(kind: str, span: Span, role: str | None = None) -> Speaker:
    """``span`` as a speaker of ``kind`` ("descr" or "role")."""
    return Speaker(kind, span.start_char, span.end_char, span.text, role=role)


def _is_title(art: Article, tok: Token) -> bool:
    """Is ``tok`` a title word ("Kepala", "Drs.")?"""
    return tok.lower_ in art.titles or tok.lower_.rstrip(".") in art.titles


def _title_run(art: Article, i: int, limit: int) -> int:
    """End of a run of title words starting at token i ("Wakil Ketua")."""
    j = i
    while j < limit and _is_title(art, art.doc[j]):
        j += 1
    return j


def _descriptor_before(art: Article, i: int, lo: int) -> Speaker | None:
    """A descriptive speaker ending with a demonstrative right before token i:
    "Politikus partai itu (juga) menyebut" -> resolved like a pronoun."""
    doc = art.doc
    j = i - 1
    while j > lo and doc[j].lower_ in SPEAKER_ADVERBS:
        j -= 1
    if j <= lo or doc[j].lower_ not in DEMONSTRATIVES:
        return None
    end = j
    k = j - 1
    head = None
    while k >= lo and j - k <= 10:
        t = doc[k]
        if t.text in (",", ";", ":", ".") or t.text in ALL_MARKS or t.is_space \
                or art.cue_class(t) is not None:
            break
        if t.lower_ in art.person_nouns or t.lower_.rstrip(".") in art.person_nouns:
            head = k
        k -= 1
    if head is None:
        return None
    while head > lo and (doc[head - 1].lower_ in art.person_nouns):
        head -= 1
    if art.is_per(head):
        return None
    return _span_speaker("descr", doc[head:end])


def _skip_appositive(art: Article, k: int, limit: int) -> int:
    """After a speaker's name, skip an appositive role: ", Kepala Dinas X," -> the index
    of the comma that closes it (or ``k`` when there is none)."""
    doc = art.doc
    if not art.on("appositive_role") or k + 1 >= limit or doc[k].text != ",":
        return k
    nxt = doc[k + 1]
    if not (nxt.lower_ in art.titles or nxt.lower_ in art.person_nouns):
        return k
    j = k + 1
    while j < limit and j - k < 16 and doc[j].text not in (",", ".", ";") \
            and doc[j].text not in ALL_MARKS:
        j += 1
    if j < limit and doc[j].text == ",":
        return j
    return j if j >= limit or doc[j].text == "." else k


def _role_extent(art: Article, j: int, t_end: int, limit: int) -> tuple[int, int, Span | None]:
    """After the title words [j, t_end): the end of the role's organisation (an ORG/LOC
    entity, capitalised words, "(ACRONYM)"), the end of the lower-case words after it, and
    the organisation entity."""
    doc = art.doc
    k = t_end
    org_ent = art.ent_at.get(k) if k < limit else None
    if org_ent is not None and org_ent.label_ in ("ORG", "LOC"):
        k = org_ent.end
    else:
        org_ent = None
    k2 = k
    while k2 < limit and (doc[k2].text[:1].isupper() or doc[k2].text in "()"
                          or doc[k2].lower_ in _ORG_JOINERS
                          or art.ent_at.get(k2) is not None) \
            and not art.is_name_word(k2) and not art.is_per(k2):
        k2 += 1
    while k2 > k and doc[k2 - 1].lower_ in (*_ORG_JOINERS, "("):
        k2 -= 1
    m = k2
    while m < limit and m - k2 < 12 and doc[m].is_alpha and doc[m].is_lower \
            and doc[m].lower_ not in DEMONSTRATIVES and doc[m].lower_ != "yang":
        m += 1
    return k2, m, org_ent


def _role_speaker(art: Article, j: int, t_end: int, k2: int, org_ent: Span | None) -> Speaker:
    """Title words [j, t_end) and their organisation up to ``k2`` as a role speaker."""
    doc = art.doc
    span = doc[j:k2]
    org_text = doc[t_end:k2].text if k2 > t_end else None
    return Speaker("role", span.start_char, span.end_char, span.text, role=doc[j:t_end].text,
                   organization=org_ent.text if org_ent is not None and org_ent.end == k2
                   else org_text)


def _noun_mention_after(art: Article, j: int, limit: int) -> tuple[Speaker, int]:
    """A person noun right after the cue: "ujar pengamat hukum itu" (a description), "kata
    juru bicara panitia, Andi Rahman" (the name after it), else the noun alone."""
    doc = art.doc
    k = j + 1
    while k < limit and k - j < 12 and doc[k].is_alpha \
            and doc[k].lower_ not in DEMONSTRATIVES and doc[k].lower_ != "yang" \
            and not art.is_per(k):
        k += 1
    if k < limit and doc[k].lower_ in DEMONSTRATIVES and art.on("demonstrative_description"):
        return _span_speaker("descr", doc[j:k]), k + 1
    m = k + 1 if k + 1 < limit and doc[k].text == "," else k
    ent = art.ent_at.get(m) if m < limit else None
    if ent is not None and ent.label_ == "PER" and ent.start == m:
        sp = per_speaker(ent)
        sp.role = sp.role or doc[j:k].text
        return sp, _skip_appositive(art, ent.end, limit)
    return _span_speaker("descr", doc[j:j + 1]), j + 1


def _capitalised_after(art: Article, j: int, limit: int) -> tuple[Speaker, int]:
    """An untagged capitalised run right after the cue: a name ("kata Amrizalcan"), a
    description before a demonstrative, or a role when it holds a person noun."""
    doc = art.doc
    k = j
    while k < limit and doc[k].is_alpha and doc[k].text[:1].isupper():
        k += 1
    span = doc[j:k]
    if k < limit and doc[k].lower_ in DEMONSTRATIVES:
        # "ujar Pelaksana Tugas Pimpinan KPK ini": a description
        return _span_speaker("descr", span), k + 1
    if any(t.lower_ in art.person_nouns for t in span):
        return _span_speaker("role", span, role=span.text), k
    return _name_speaker(art, j, k), k


def speaker_after(art: Article, i: int, limit: int) -> tuple[Speaker | None, int]:
    """Speaker in the tokens after token ``i`` (exclusive): "kata Kepala BKKBN, Andi".

    Returns the speaker and the token index where the speaker material ends (a following
    appositive "..., Kepala Dinas X," is included).
    """
    doc = art.doc
    j = i + 1
    fallback: Speaker | None = None
    end_tok = i + 1
    steps = 0
    while j < limit and steps < 20:
        tok = doc[j]
        steps += 1
        if tok.is_space:
            j += 1
            continue
        ent = art.ent_at.get(j)
        if ent is not None and ent.label_ == "PER":
            return per_speaker(ent), _skip_appositive(art, ent.end, limit)
        if art.is_name_word(j):
            k = j
            while k < limit and art.is_name_word(k):
                k += 1
            return _name_speaker(art, j, k), _skip_appositive(art, k, limit)
        if tok.lower_ in pronouns() and fallback is None:
            return Speaker("pronoun", tok.idx, tok.idx + len(tok.text), tok.text), j + 1
        t_end = _title_run(art, j, limit)
        if t_end > j:
            k2, m, org_ent = _role_extent(art, j, t_end, limit)
            if fallback is None:
                if m < limit and doc[m].lower_ in DEMONSTRATIVES \
                        and art.on("demonstrative_description"):
                    # "ujar Pelaksana Tugas Pimpinan KPK ini": a description, not a name
                    return _span_speaker("descr", doc[j:m]), m + 1
                fallback = _role_speaker(art, j, t_end, k2, org_ent)
                end_tok = k2
            j = max(k2, j + 1)
            continue
        if ent is not None and ent.label_ in ("ORG", "LOC"):
            if fallback is None:
                fallback = Speaker("org", ent.start_char, ent.end_char, ent.text,
                                   organization=ent.text)
                end_tok = ent.end
            j = ent.end
            continue
        if tok.text == "," and j + 1 < limit:
            nxt = doc[j + 1]
            if nxt.text[:1].isupper() or art.ent_at.get(j + 1) is not None:
                j += 1
                continue
        if fallback is None and j == i + 1:
            if tok.is_alpha and tok.lower_ in art.person_nouns:
                return _noun_mention_after(art, j, limit)
            if tok.text[:1].isupper() and tok.is_alpha and tok.lower_ not in WEEKDAYS \
                    and tok.lower_ not in STOP_WORDS:
                return _capitalised_after(art, j, limit)
        break
    return fallback, end_tok


def _candidate_before(art: Article, j: int, i: int, lo: int) -> Speaker | None:
    """A speaker that is no name at token j before the cue i: a pronoun, an organisation,
    a title with its organisation, or a role noun phrase opening the clause."""
    doc = art.doc
    tok = doc[j]
    ent = art.ent_at.get(j)
    if tok.lower_ in pronouns() and i - j <= 4:
        return Speaker("pronoun", tok.idx, tok.idx + len(tok.text), tok.text)
    if ent is not None and ent.label_ in ("ORG", "LOC") and i - ent.end <= 3:
        return Speaker("org", ent.start_char, ent.end_char, ent.text, organization=ent.text)
    if _is_title(art, tok) and tok.text[:1].isupper() and i - j <= 6:
        k = j
        while k > lo and (doc[k - 1].lower_ in art.titles):
            k -= 1
        end = j + 1
        org_ent = art.ent_at.get(end)
        org = None
        if org_ent is not None and org_ent.label_ in ("ORG", "LOC") and org_ent.end <= i:
            org = org_ent.text
            end = org_ent.end
        span = doc[k:end]
        return Speaker("role", span.start_char, span.end_char, span.text,
                       role=doc[k:j + 1].text, organization=org)
    if tok.lower_ in art.person_nouns and i - j <= 6 and (j == lo or doc[j - 1].text == ","):
        # "Sementara itu, juru bicara klub mengatakan ...": a role noun phrase opening the
        # clause, no name
        return _span_speaker("role", doc[j:i], role=doc[j:i].text)
    return None


def _widen_org(art: Article, best: Speaker, lo: int) -> Speaker:
    """"Juru bicara Polda Jabar mengatakan": the role words before an organisation make
    it a role speaker."""
    doc = art.doc
    words = title_words()
    e = art.token_at_or_after(best.start)
    k = e
    while k > lo and k > e - 4 and (doc[k - 1].lower_ in art.person_nouns
                                    or doc[k - 1].lower_ in words):
        k -= 1
    if k >= e:
        return best
    span = doc[k:art.token_before(best.end) + 1]
    return Speaker("role", span.start_char, span.end_char, span.text, role=doc[k:e].text,
                   organization=best.organization)


def speaker_before(art: Article, i: int, lo: int) -> Speaker | None:
    """Speaker in the clause before token ``i``: the nearest PER, else a pronoun, a
    title-only mention or an ORG."""
    doc = art.doc
    start = max(lo, i - 25)
    if art.on("demonstrative_description"):
        descr = _descriptor_before(art, i, lo)
        if descr is not None:
            return descr
    best: Speaker | None = None
    for j in range(i - 1, start - 1, -1):
        tok = doc[j]
        if art.is_blocked(tok.idx):
            break
        if j in art.used_cues or (art.cue_class(tok) in ("verb", "post", "menurut")
                                  and j < i - 1 and tok.lower_ not in ("kata",)):
            break
        if tok.text in (";",):
            break
        ent = art.ent_at.get(j)
        if ent is not None and ent.label_ == "PER":
            return per_speaker(ent)
        if art.is_name_word(j):
            k = j
            while k > start and art.is_name_word(k - 1):
                k -= 1
            return _name_speaker(art, k, j + 1)
        if best is None:
            best = _candidate_before(art, j, i, lo)
    if best is not None and best.kind == "org":
        best = _widen_org(art, best, lo)
    return best
