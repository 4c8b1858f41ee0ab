"""CoNLL-U reading, writing and the preparation of UD Indonesian for our tokens.

The treebanks split clitics into syntactic words (``penghuninya`` -> ``penghuni`` + ``nya``,
a multiword token ``4-5``); the library's tokenizer keeps the surface token whole. The
models are trained on what they will see: :func:`merge_multiword_tokens` turns every
multiword token back into one word that carries its host word's analysis (the word of the
range whose head lies outside it), and the dependents of the other words of the range attach
to it. :func:`modernise_legacy` brings the UD v2.0 GSD train split (the only GSD train split
in ``../shared/data/ud``) closer to the revised GSD guidelines (v2.9 and later) in the
labels that changed by rule: ``flat`` between proper nouns is ``flat:name``, and a clause
modifier introduced by ``yang`` is ``acl:relcl``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

__all__ = ["Word", "Sentence", "read_conllu", "parse_conllu", "write_conllu",
           "format_conllu", "merge_multiword_tokens", "modernise_legacy", "blank_column"]


@dataclass(frozen=True)
class Word:
    """One syntactic word of a CoNLL-U sentence (``id`` counts from 1; ``head`` 0 = root)."""

    id: int
    form: str
    lemma: str = "_"
    upos: str = "_"
    xpos: str = "_"
    feats: str = "_"
    head: int = 0
    deprel: str = "_"
    deps: str = "_"
    misc: str = "_"

    def columns(self) -> list[str]:
        return [str(self.id), self.form, self.lemma, self.upos, self.xpos, self.feats,
                str(self.head), self.deprel, self.deps, self.misc]


@dataclass
class Sentence:
    """A CoNLL-U sentence: its comment lines, words and multiword-token ranges."""

    comments: list[str] = field(default_factory=list)
    words: list[Word] = field(default_factory=list)
    #: ``(first id, last id, surface form, misc)`` of every multiword token
    multiword: list[tuple[int, int, str, str]] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The ``# text`` comment, or the words joined by their SpaceAfter marks."""
        for c in self.comments:
            if c.startswith("# text = "):
                return c[len("# text = "):]
        return "".join(w.form + ("" if "SpaceAfter=No" in w.misc else " ")
                       for w in self.words).strip()

    @property
    def sent_id(self) -> str:
        for c in self.comments:
            if c.startswith("# sent_id = "):
                return c[len("# sent_id = "):]
        return ""


def parse_conllu(text: str) -> Iterator[Sentence]:
    """The sentences of a CoNLL-U string (empty nodes ``8.1`` are skipped)."""
    sent = Sentence()
    for line_no, line in enumerate(text.splitlines(), 1):
        line = line.rstrip("\r")
        if not line.strip():
            if sent.words:
                yield sent
            sent = Sentence()
            continue
        if line.startswith("#"):
            sent.comments.append(line)
            continue
        cols = line.split("\t")
        if len(cols) != 10:
            raise ValueError(f"line {line_no}: expected 10 tab-separated columns, got {len(cols)}")
        if "." in cols[0]:
            continue
        if "-" in cols[0]:
            a, b = cols[0].split("-")
            sent.multiword.append((int(a), int(b), cols[1], cols[9]))
            continue
        sent.words.append(Word(int(cols[0]), cols[1], cols[2], cols[3], cols[4], cols[5],
                               int(cols[6]) if cols[6] != "_" else 0, cols[7], cols[8], cols[9]))
    if sent.words:
        yield sent


def read_conllu(path: str | Path) -> list[Sentence]:
    """All sentences of a CoNLL-U file."""
    return list(parse_conllu(Path(path).read_text(encoding="utf-8")))


def format_conllu(sentences: Iterable[Sentence]) -> str:
    """CoNLL-U text of ``sentences`` (multiword-token lines before their first word)."""
    out: list[str] = []
    for s in sentences:
        out += s.comments
        ranges = {a: (a, b, form, misc) for a, b, form, misc in s.multiword}
        for w in s.words:
            if w.id in ranges:
                a, b, form, misc = ranges[w.id]
                out.append("\t".join([f"{a}-{b}", form, "_", "_", "_", "_", "_", "_", "_", misc]))
            out.append("\t".join(w.columns()))
        out.append("")
    return "\n".join(out) + ("\n" if out else "")


def write_conllu(sentences: Iterable[Sentence], path: str | Path) -> Path:
    path = Path(path)
    path.write_text(format_conllu(sentences), encoding="utf-8")
    return path


def merge_multiword_tokens(sent: Sentence) -> Sentence:
    """The sentence with each multiword token as one word analysed as its host word.

    The host is the word of the range whose head lies outside the range (the first such
    word); the merged word keeps the surface form and the range's ``misc`` (SpaceAfter).
    Words are renumbered, heads remapped, and arcs into the range point at the merged word.
    """
    if not sent.multiword:
        return Sentence(list(sent.comments), list(sent.words), [])
    by_id = {w.id: w for w in sent.words}
    new_id: dict[int, int] = {}
    merged: list[tuple[Word, int]] = []  # (template word, old id that others map to)
    ranges = {a: (a, b, form, misc) for a, b, form, misc in sent.multiword}
    i, n = 1, 0
    max_id = max(by_id) if by_id else 0
    while i <= max_id:
        if i in ranges:
            a, b, form, misc = ranges[i]
            members = [by_id[k] for k in range(a, b + 1) if k in by_id]
            host = next((w for w in members if not a <= w.head <= b), members[0])
            n += 1
            for k in range(a, b + 1):
                new_id[k] = n
            merged.append((replace(host, form=form, misc=misc), host.id))
            i = b + 1
        else:
            if i in by_id:
                n += 1
                new_id[i] = n
                merged.append((by_id[i], i))
            i += 1
    words = []
    for w, _ in merged:
        head = new_id.get(w.head, 0) if w.head else 0
        nid = new_id[w.id]
        if head == nid:  # an arc inside the range: climb to the range's own head
            head = 0
        words.append(replace(w, id=nid, head=head))
    return Sentence(list(sent.comments), words, [])


def modernise_legacy(sent: Sentence) -> Sentence:
    """UD v2.0 GSD labels mapped to the revised guidelines where the change is a rule."""
    by_id = {w.id: w for w in sent.words}
    has_yang = {w.head for w in sent.words if w.form.lower() == "yang"}
    words = []
    for w in sent.words:
        rel = w.deprel
        head = by_id.get(w.head)
        if rel == "flat" and w.upos == "PROPN" and head is not None and head.upos == "PROPN":
            rel = "flat:name"
        elif rel == "acl" and w.id in has_yang:
            rel = "acl:relcl"
        words.append(replace(w, deprel=rel))
    return Sentence(list(sent.comments), words, list(sent.multiword))


def blank_column(sent: Sentence, column: str) -> Sentence:
    """The sentence with one column (``xpos``, ``feats``, ``lemma``) set to ``_``."""
    if column not in ("lemma", "upos", "xpos", "feats", "deps", "misc"):
        raise ValueError(f"not a text column: {column!r}")
    words = [replace(w, **{column: "_"}) for w in sent.words]  # type: ignore[arg-type]
    return Sentence(list(sent.comments), words, list(sent.multiword))
