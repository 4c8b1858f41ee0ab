"""Dependency-based evidence for quote attribution (used only when the doc has a parse).

With the syntax component (``bkkbn_nlp.load(syntax="stanza")``) the tokens carry UD
dependencies. Two facts of a parse help where surface rules guess:

* :func:`narrative_subject`: the person who is the **subject of a clause** between two
  quotes. News moves from one speaker to the next in narration ("X, koordinator ..., juga
  menyampaikan harapan serupa. "...," tuturnya"): a ``-nya`` or pronoun cue after such a
  sentence refers to that new subject, not to the last person quoted (rule
  ``syntax_subject``).
* :func:`cue_subject`: the person who is the subject of the reporting verb itself
  (``nsubj`` of the cue token, through an appositive or a role: "Kepala Dinas ..., Andi,
  mengatakan ...").

A PER entity counts as a subject when its root token, or the noun its root hangs from
through ``appos``/``flat``/``nmod``/``compound`` links (at most three), is ``nsubj`` or
``nsubj:pass``.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

__all__ = ["has_parse", "narrative_subject", "cue_subject", "is_subject"]

_SUBJ = ("nsubj", "nsubj:pass")
_LINKS = ("appos", "flat", "flat:name", "nmod", "compound", "amod")


def has_parse(doc: Doc) -> bool:
    return bool(len(doc)) and doc.has_annotation("DEP")


def is_subject(tok: Token, steps: int = 3) -> Token | None:
    """The head of the subject relation ``tok`` is part of (its governor), or ``None``."""
    for _ in range(steps + 1):
        if tok.dep_ in _SUBJ:
            return tok.head
        if tok.dep_ not in _LINKS or tok.head is tok:
            return None
        tok = tok.head
    return None


def narrative_subject(doc: Doc, start: int, end: int,
                      quoted: Sequence[tuple[int, int]] = ()) -> Span | None:
    """The last PER entity in ``doc.text[start:end]`` that is a clause subject, outside
    the ``quoted`` character ranges (the words of a quote are the speaker's, not the
    narration's)."""
    if not has_parse(doc) or end <= start:
        return None
    best: Span | None = None
    for ent in doc.ents:
        if ent.label_ != "PER" or ent.start_char < start or ent.end_char > end:
            continue
        if any(a <= ent.start_char < b for a, b in quoted):
            continue
        if is_subject(ent.root) is not None:
            best = ent
    return best


def cue_subject(doc: Doc, cue_start: int) -> Span | None:
    """The PER entity that is the subject of the reporting verb starting at ``cue_start``."""
    if not has_parse(doc):
        return None
    cue = next((t for t in doc if t.idx == cue_start), None)
    if cue is None:
        return None
    for ent in doc.ents:
        if ent.label_ == "PER" and is_subject(ent.root) is cue:
            return ent
    return None
