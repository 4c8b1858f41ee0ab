"""Dependency-based evidence for quote attribution (used only when the doc has a parse).

With the syntax component (``bkkbn_nlp.load(syntax="stanza")``) the tokens carry UD
dependencies. :func:`narrative_subject` gives the person who is the **subject of the main
clause** of the last narration sentence naming someone between two quotes. News moves from
one speaker to the next in narration ("X, koordinator ..., juga menyampaikan harapan serupa.
"...," tuturnya"): a ``-nya`` or pronoun cue after such a sentence refers to that new
subject, not to the last person quoted (rule ``syntax_subject``).

A PER entity counts as a subject when its root token, or the noun its root hangs from
through ``appos``/``flat``/``nmod``/``compound`` links (at most three), is ``nsubj``.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

__all__ = ["has_parse", "narrative_subject", "is_subject"]

_SUBJ = ("nsubj", "nsubj:pass")
_LINKS = ("appos", "flat", "flat:name", "nmod", "compound", "amod")
_QUOTE_MARKS = set("\"“”‘’'«»„")


def has_parse(doc: Doc) -> bool:
    return bool(len(doc)) and doc.has_annotation("DEP")


def is_subject(tok: Token, steps: int = 3, passive: bool = True) -> Token | None:
    """The head of the subject relation ``tok`` is part of (its governor), or ``None``."""
    relations = _SUBJ if passive else ("nsubj",)
    for _ in range(steps + 1):
        if tok.dep_ in relations:
            return tok.head
        if tok.dep_ not in _LINKS or tok.head is tok:
            return None
        tok = tok.head
    return None


def _main_clause(tok: Token) -> bool:
    """Is ``tok`` the sentence root, or a clause coordinated with it?"""
    return tok.dep_ == "ROOT" or (tok.dep_ in ("conj", "parataxis") and tok.head.dep_ == "ROOT")


def narrative_subject(doc: Doc, start: int, end: int,
                      quoted: Sequence[tuple[int, int]] = ()) -> Span | None:
    """The person the narration in ``doc.text[start:end]`` last made the subject of a
    main clause, or ``None``.

    The sentences wholly inside the range are read from the last one back; sentences that
    open with a quotation mark (someone's words) are skipped. The first sentence naming a
    person (PER entity outside the ``quoted`` ranges) decides: its first PER that is the
    active subject (``nsubj``) of the main clause, or nobody when the person named there
    is an object, an agent or the subject of an embedded clause ("Hal itu tidak ditampik
    oleh X", "X merasa bahwa Y ...")."""
    if not has_parse(doc) or end <= start:
        return None
    sents = [s for s in doc.sents if s.start_char >= start and s.end_char <= end]
    for sent in reversed(sents):
        if sent.text.lstrip()[:1] in _QUOTE_MARKS:
            continue
        pers = [e for e in sent.ents if e.label_ == "PER"
                and not any(a <= e.start_char < b for a, b in quoted)]
        if not pers:
            continue
        for ent in pers:
            governor = is_subject(ent.root, passive=False)
            if governor is not None and _main_clause(governor):
                return ent
        return None
    return None
