"""Readers for labelled NER corpora: CoNLL / BIO token files, mapped to PER, ORG, LOC.

Supported layouts (one token per line, blank line between sentences, CRLF or LF):

* ``token POS BIO`` separated by spaces (idner-news-2k);
* ``token<TAB>BIO`` (NERGrit as redistributed by IndoNLU).

The tag is always the last column, the token the first. Labels are mapped with
:data:`LABEL_MAP` (``PERSON`` → ``PER``, ``ORGANISATION`` → ``ORG``, ``PLACE`` → ``LOC``);
an unknown label raises :class:`~bkkbn_nlp.errors.LabelledDataError` naming the line.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import Errors, LabelledDataError

if TYPE_CHECKING:
    from spacy.tokens import Doc, DocBin, Token
    from spacy.vocab import Vocab

__all__ = ["TaggedSentence", "LABEL_MAP", "read_conll", "read_corrections", "apply_corrections",
           "read_news_entities", "to_doc", "to_docbin", "detokenize", "retokenize",
           "split_acronym_span", "trim_span", "token_spaces"]

#: The labelled NER data sets the project trains on, with their licences (for meta.json).
NER_SOURCES: list[dict[str, str]] = [
    {"name": "idner-news-2k", "split": "train", "licence": "MIT",
     "citation": "re-annotation of Syaifudin & Nurwidyantoro (2016)"},
    {"name": "nergrit-indonlu", "split": "train", "licence": "Apache-2.0",
     "citation": "NERGrit as redistributed by IndoNLU"},
]

#: Our review of the idner-news-2k train and dev labels (``--corrections``), for meta.json.
REVIEW_SOURCE: dict[str, str] = {
    "name": "bkkbn_nlp review of idner-news-2k labels", "split": "train, dev",
    "licence": "MIT (project annotations)",
    "citation": "data/annotations/idner, docs/annotation-guidelines.md §7"}


def news_annotation_source(sentences: int, weight: int) -> dict[str, str]:
    """The meta.json source entry of the hand-labelled news training articles
    (``--news-train``), ``sentences`` of them repeated ``weight`` times."""
    return {"name": "bkkbn_nlp entity annotations of the 2015 news corpus",
            "split": f"train batches ({sentences} sentences, x{weight})",
            "licence": "annotations MIT (project); corpus text: none stated, used for "
                       "training only, not redistributed",
            "citation": "data/annotations/entities/train, docs/annotation-guidelines.md §2"}


LABEL_MAP: dict[str, str] = {
    "PER": "PER",
    "PERSON": "PER",
    "ORG": "ORG",
    "ORGANISATION": "ORG",
    "ORGANIZATION": "ORG",
    "LOC": "LOC",
    "PLACE": "LOC",
    "LOCATION": "LOC",
    "GPE": "LOC",
}


@dataclass(frozen=True)
class TaggedSentence:
    """A sentence as tokens with BIO tags over PER, ORG, LOC.

    ``spaces``, when known, says for each word whether whitespace follows it in the running
    text (``"El-Shara"`` is three words with no space between them, ``"Subianto - Hatta"``
    three with spaces); corpora in CoNLL form do not record it (``None``).
    """

    words: tuple[str, ...]
    tags: tuple[str, ...]
    spaces: tuple[bool, ...] | None = None

    def spans(self) -> list[tuple[int, int, str]]:
        """Entity spans as ``(first_token, end_token, label)``; an ``I-`` without a ``B-``
        opens a span (the CoNLL convention)."""
        out: list[tuple[int, int, str]] = []
        start, label = -1, ""
        for i, tag in enumerate((*self.tags, "O")):
            prefix, _, lab = tag.partition("-")
            if start >= 0 and (prefix != "I" or lab != label):
                out.append((start, i, label))
                start = -1
            if prefix == "B" or (prefix == "I" and start < 0):
                start, label = i, lab
        return out


def _map_tag(tag: str, source: str, line: int) -> str:
    if tag == "O":
        return tag
    prefix, _, label = tag.partition("-")
    if prefix not in ("B", "I") or label not in LABEL_MAP:
        raise LabelledDataError(Errors.E006.format(
            source=source, line=line,
            problem=f"unknown tag {tag!r}; expected O or B-/I- with one of "
                    f"{', '.join(sorted(LABEL_MAP))}"))
    return f"{prefix}-{LABEL_MAP[label]}"


def read_conll(path: str | Path) -> Iterator[TaggedSentence]:
    """Read a CoNLL / BIO file (see the module docstring for the layouts).

    Raises:
        LabelledDataError: A line has fewer than two columns or an unknown tag.
    """
    source = str(path)
    words: list[str] = []
    tags: list[str] = []
    with open(path, encoding="utf-8") as fh:
        for lineno, raw in enumerate(fh, 1):
            line = raw.rstrip("\r\n")
            if not line.strip():
                if words:
                    yield TaggedSentence(tuple(words), tuple(tags))
                    words, tags = [], []
                continue
            if line.startswith("-DOCSTART-"):
                continue
            cols = line.split("\t") if "\t" in line else line.split(" ")
            cols = [c for c in cols if c != ""]
            if len(cols) < 2:
                raise LabelledDataError(Errors.E006.format(
                    source=source, line=lineno, problem="expected a token and a tag"))
            words.append(cols[0])
            tags.append(_map_tag(cols[-1].strip(), source, lineno))
    if words:
        yield TaggedSentence(tuple(words), tuple(tags))


def read_corrections(path: str | Path) -> dict[tuple[str, int], TaggedSentence]:
    """Reviewed sentences of a CoNLL corpus (``scripts/idner_review.py import``).

    Each line is a JSON object with ``split``, ``index`` (0-based sentence position in that
    split's file), ``words`` and the reviewed ``tags``.

    Raises:
        LabelledDataError: a line is not such an object, or its tags do not fit its words.
    """
    out: dict[tuple[str, int], TaggedSentence] = {}
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                key = (str(row["split"]), int(row["index"]))
                words, tags = tuple(row["words"]), tuple(row["tags"])
            except (ValueError, KeyError, TypeError) as exc:
                raise LabelledDataError(Errors.E006.format(
                    source=str(path), line=lineno, problem=f"not a correction ({exc})")) from exc
            if len(words) != len(tags):
                raise LabelledDataError(Errors.E006.format(
                    source=str(path), line=lineno,
                    problem=f"{len(tags)} tags for {len(words)} words"))
            out[key] = TaggedSentence(words, tuple(_map_tag(t, str(path), lineno) for t in tags))
    return out


def apply_corrections(split: str, sentences: Sequence[TaggedSentence],
                      corrections: dict[tuple[str, int], TaggedSentence]) -> list[TaggedSentence]:
    """``sentences`` (one split of a corpus, in file order) with the reviewed tags of
    ``corrections`` in place of their own.

    Raises:
        LabelledDataError: a correction's words are not those of the sentence it replaces
            (the corpus file is not the one that was reviewed).
    """
    out = list(sentences)
    for (where, index), fixed in corrections.items():
        if where != split:
            continue
        if index >= len(out) or out[index].words != fixed.words:
            raise LabelledDataError(Errors.E006.format(
                source=f"{split} corrections", line=index + 1,
                problem="the corrected words differ from the corpus sentence"))
        out[index] = fixed
    return out


_NO_SPACE_BEFORE = frozenset(".,;:!?)]}%”’»")
_OPENERS = frozenset("([{“‘«")


def _batch_key(path: Path) -> tuple[str, int]:
    stem, _, number = path.stem.rpartition("_")
    return (stem, int(number)) if number.isdigit() else (path.stem, 0)


def read_news_entities(paths: Sequence[str | Path], corpus: str | Path
                       ) -> tuple[list[str], list[list[tuple[int, int, str]]]]:
    """Entity annotations of news corpus articles (``data/annotations/entities``), as the
    cleaned texts and their ``(start, end, label)`` spans.

    ``paths`` are files or folders (a folder stands for its ``entities_*.jsonl`` files, in
    batch order). Each line of a file is ``{"id", "text_sha1", "entities": [{"start", "end",
    "label", "raw_start", "raw_end", ...}], ...}``, with offsets into
    ``bkkbn_nlp.clean(isi).text`` of the article ``id`` of ``corpus`` (a JSONL file of
    ``{"id", "isi", ...}``; the annotations never hold the articles). When the cleaner has
    changed since (another ``text_sha1``), spans are re-mapped from the raw offsets, and
    dropped when the cleaner now removes their text. Empty lists when ``corpus`` does not
    exist.

    Raises:
        LabelledDataError: an annotated article is missing from the corpus.
    """
    import hashlib

    from ..text.clean import clean

    files: list[Path] = []
    for path in map(Path, paths):
        files += (sorted(path.glob("entities_*.jsonl"), key=_batch_key) if path.is_dir()
                  else [path])
    records = [json.loads(line) for path in files
               for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    corpus = Path(corpus)
    if not records or not corpus.exists():
        return [], []
    wanted = {str(r["id"]) for r in records}
    raw: dict[str, str] = {}
    with open(corpus, encoding="utf-8") as fh:
        for line in fh:
            article = json.loads(line)
            if str(article["id"]) in wanted:
                raw[str(article["id"])] = article["isi"]
    texts, gold = [], []
    for r in records:
        if str(r["id"]) not in raw:
            raise LabelledDataError(Errors.E006.format(
                source=corpus, line="-",
                problem=f"article {r['id']} of the annotations is not in the corpus"))
        art = clean(raw[str(r["id"])])
        same = hashlib.sha1(art.text.encode("utf-8")).hexdigest() == r.get("text_sha1")
        spans = []
        for e in r["entities"]:
            a, b = (e["start"], e["end"]) if same else art.from_raw(e["raw_start"], e["raw_end"])
            if b > a:  # else the cleaner now removes the span's text (a credit line)
                spans.append((a, b, e["label"]))
        texts.append(art.text)
        gold.append(spans)
    return texts, gold


def detokenize(words: Sequence[str]) -> tuple[str, list[tuple[int, int]]]:
    """Join tokens into plausible running text, returning the text and each word's span.

    Used to evaluate on raw text through our own tokenizer: punctuation attaches to the
    previous word, opening brackets to the next, and straight quotes alternate between
    opening (space before, none after) and closing (none before).
    """
    parts: list[str] = []
    offsets: list[tuple[int, int]] = []
    pos = 0
    quote_open = False
    after_opener = False
    for i, w in enumerate(words):
        if i > 0:
            if w == '"':
                space = not quote_open
            else:
                space = w not in _NO_SPACE_BEFORE
            if after_opener:
                space = False
            if space:
                parts.append(" ")
                pos += 1
        if w == '"':
            after_opener = not quote_open
            quote_open = not quote_open
        else:
            after_opener = w in _OPENERS
        parts.append(w)
        offsets.append((pos, pos + len(w)))
        pos += len(w)
    return "".join(parts), offsets


_EDGE_PUNCT = "()[]{}\"'“”‘’.,;:!?"


def trim_span(text: str, start: int, end: int, label: str) -> tuple[int, int, str]:
    """The span without brackets, quotes or punctuation at its edges.

    Some corpora tokenize "(KPU)" as one token tagged ORG; on raw text the entity is "KPU".
    Gold and predicted spans are trimmed alike before they are compared.
    """
    while start < end and text[start] in _EDGE_PUNCT:
        start += 1
    while end > start and text[end - 1] in _EDGE_PUNCT:
        if text[end - 1] == "." and "." in text[start : end - 1]:
            break  # the final period of an abbreviation such as "S.H."
        end -= 1
    return start, end, label


def split_acronym_span(text: str, start: int, end: int,
                       label: str) -> list[tuple[int, int, str]]:
    """A span written "Name (ACR)" as our guideline labels it: two spans, the name and the
    acronym, without the brackets (``Koalisi Merah Putih (KMP)`` -> ``Koalisi Merah
    Putih``, ``KMP``). Other spans come back unchanged, in a list of one.

    idner-news-2k tags such a name as one entity; :func:`retokenize` converts its training
    sentences with this, and :func:`~bkkbn_nlp.evaluation.evaluate_ner_conll` can score
    against gold converted the same way (``split_acronyms=True``).
    """
    opening = text.find("(", start + 1, end)
    if opening < 0:
        return [(start, end, label)]
    closing = text.find(")", opening)
    name = (start, len(text[start:opening].rstrip()) + start, label)
    acronym = trim_span(text, opening, closing + 1 if 0 <= closing < end else end, label)
    return [sp for sp in (name, acronym) if sp[0] < sp[1]]


def retokenize(sentence: TaggedSentence, make_doc: Any) -> TaggedSentence:
    """The sentence as our tokenizer splits its running text, with the entity tags moved
    onto the new tokens (a token partly inside an entity joins it). Training on this makes
    the tagger see at training time the tokens it will see on raw text. A "Name (ACR)"
    entity becomes two, as in our guideline (:func:`split_acronym_span`)."""
    text, offsets = detokenize(sentence.words)
    doc = make_doc(text)
    tags = ["O"] * len(doc)
    for a, b, label in sentence.spans():
        whole = trim_span(text, offsets[a][0], offsets[b - 1][1], label)
        for start, end, _ in split_acronym_span(text, *whole):
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None:
                continue
            tags[span.start] = f"B-{label}"
            for i in range(span.start + 1, span.end):
                tags[i] = f"I-{label}"
    keep = [t for t in doc if not t.is_space]
    return TaggedSentence(tuple(t.text for t in keep), tuple(tags[t.i] for t in keep),
                          token_spaces(keep))


def token_spaces(tokens: Sequence[Token]) -> tuple[bool, ...]:
    """For each token, whether the running text has whitespace between it and the next one
    (``True`` after the last): :attr:`TaggedSentence.spaces` for tokens of one Doc, which
    may skip whitespace tokens."""
    gaps = (a.idx + len(a) != b.idx for a, b in zip(tokens, tokens[1:], strict=False))
    return (*gaps, True) if tokens else ()


def to_doc(sentence: TaggedSentence, vocab: Vocab) -> Doc:
    """A spaCy ``Doc`` with the gold tokens and entities of ``sentence``."""
    from spacy.tokens import Doc

    text, offsets = detokenize(sentence.words)
    spaces = [
        offsets[i][1] < offsets[i + 1][0] if i + 1 < len(offsets) else False
        for i in range(len(offsets))
    ]
    return Doc(vocab, words=list(sentence.words), spaces=spaces, ents=list(sentence.tags))


def to_docbin(sentences: Sequence[TaggedSentence], vocab: Vocab) -> DocBin:
    """A ``DocBin`` of gold docs, for ``spacy train``."""
    from spacy.tokens import DocBin

    db = DocBin(attrs=["ORTH", "ENT_IOB", "ENT_TYPE"], store_user_data=False)
    for s in sentences:
        db.add(to_doc(s, vocab))
    return db
