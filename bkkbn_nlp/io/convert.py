"""Converters between labelled-data formats and our labelled-document JSONL.

Researchers bring annotations in the formats their tools write:

* ``conll``: CoNLL / BIO token files (idner-news-2k ``token POS BIO``, NERGrit
  ``token<TAB>BIO``; read by :func:`bkkbn_nlp.entities.corpora.read_conll`, labels mapped to PER,
  ORG, LOC). Each sentence becomes one document whose text is the detokenized sentence.
* ``doccano``: doccano JSONL exports, in either shape: ``"label": [[start, end, "LABEL"],
  …]`` (older sequence-labelling exports; a plain list of strings is read as topic labels)
  or ``"entities": [{"start_offset": …, "end_offset": …, "label": …}, …]``; the text is
  under ``text`` or ``data``.
* ``docbin``: spaCy's binary ``.spacy`` files (``DocBin``): tokens, sentences if set,
  ``doc.ents``, and ``doc.cats`` (labels of the topic taxonomy scoring ≥ 0.5 become topics).
* ``inline``: plain text with entities marked in braces, ``{PER Andi Rahman} tiba di
  {LOC Kendari}`` (easy to write in any editor; the format of the project's own news
  annotation rounds). A line ``### <id>`` starts a document with that id; a file without
  such lines is one document. Labels are mapped as above.
* ``labelled``: our own format (:mod:`bkkbn_nlp.io.labelled`), validated on reading.

Everything can be converted to ``labelled`` JSONL and to ``docbin``. A CoNLL file becomes a
DocBin with its own tokens and tags; other inputs are tokenized with the bkkbn_nlp tokenizer
and their entities must fall on token boundaries (or be snapped with ``alignment_mode``).
A malformed record raises :class:`~bkkbn_nlp.errors.LabelledDataError` naming the file, the
line (or the document number in a DocBin) and the problem.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..entities.corpora import LABEL_MAP, detokenize, read_conll, to_docbin, trim_span
from ..errors import Errors, LabelledDataError
from .labelled import LabelledDocument, write_labelled
from .schema import TOPIC_LABELS

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import DocBin, Span

__all__ = ["INPUT_FORMATS", "OUTPUT_FORMATS", "conll_to_labelled", "doccano_to_labelled",
           "docbin_to_labelled", "inline_to_labelled", "inline_sections", "parse_inline",
           "format_inline",
           "read_labelled_lines", "read_documents", "labelled_to_docbin",
           "guess_format", "convert"]

INPUT_FORMATS = ("conll", "doccano", "docbin", "inline", "labelled")
OUTPUT_FORMATS = ("labelled", "docbin")
_ALIASES = ", ".join(sorted(k for k in LABEL_MAP if k not in ("PER", "ORG", "LOC")))


def _tokenizer_nlp() -> Language:
    import spacy

    from ..text.tokenizer import TOKENIZER_CONFIG

    return spacy.blank("id", config=TOKENIZER_CONFIG)


# -- CoNLL ---------------------------------------------------------------------------------


def conll_to_labelled(path: str | Path, *, trim: bool = True,
                      tokens: bool = True) -> Iterator[LabelledDocument]:
    """One labelled document per sentence of a CoNLL / BIO file.

    Args:
        path: The CoNLL file.
        trim: Drop brackets, quotes and punctuation at the edges of entity spans (some
            corpora tag "(KPU)" as one entity token; our guideline's entity is "KPU").
        tokens: Keep the file's tokens as the ``tokens`` layer.

    Raises:
        LabelledDataError: A line has fewer than two columns or an unknown tag (E006).
    """
    stem = Path(path).stem
    name = Path(path).name
    for n, sentence in enumerate(read_conll(path), 1):
        text, offsets = detokenize(sentence.words)
        entities = []
        for a, b, label in sentence.spans():
            start, end = offsets[a][0], offsets[b - 1][1]
            if trim:
                t_start, t_end, _ = trim_span(text, start, end, label)
                if t_start < t_end:  # a span of punctuation only stays as it is
                    start, end = t_start, t_end
            entities.append({"start": start, "end": end, "label": label,
                             "text": text[start:end]})
        yield LabelledDocument(
            text=text,
            id=f"{stem}-{n:05d}",
            sentences=[{"start": 0, "end": len(text)}],
            tokens=([{"start": s, "end": e, "text": text[s:e]} for s, e in offsets]
                    if tokens else None),
            entities=entities,
            meta={"source": name, "format": "conll", "sentence": n},
        )


# -- doccano -------------------------------------------------------------------------------


def _doccano_entity(text: str, start: Any, end: Any, label: Any, what: str, source: str,
                    line: int) -> dict[str, Any]:
    where = f"line {line}"
    if isinstance(start, bool) or isinstance(end, bool) or not isinstance(start, int) \
            or not isinstance(end, int):
        raise LabelledDataError(Errors.E034.format(
            source=source, where=where, what=what,
            problem=f"start and end must be integers, got {start!r} and {end!r}"))
    if not 0 <= start <= len(text) or not 0 <= end <= len(text):
        raise LabelledDataError(Errors.E033.format(
            source=source, where=where, what=what, start=start, end=end, length=len(text)))
    if start >= end:
        raise LabelledDataError(Errors.E034.format(
            source=source, where=where, what=what,
            problem=f"start {start} is not before end {end}"))
    if not isinstance(label, str) or label.upper() not in LABEL_MAP:
        raise LabelledDataError(Errors.E035.format(
            source=source, where=where, what=what, label=label, aliases=_ALIASES))
    # whitespace at the edges is a selection slip, not part of the entity
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        raise LabelledDataError(Errors.E034.format(
            source=source, where=where, what=what, problem="it covers only whitespace"))
    return {"start": start, "end": end, "label": LABEL_MAP[label.upper()],
            "text": text[start:end]}


def _doccano_record(record: Any, source: str, line: int) -> LabelledDocument:
    where = f"line {line}"
    if not isinstance(record, dict):
        raise LabelledDataError(Errors.E034.format(
            source=source, where=where, what="the record", problem="expected a JSON object"))
    text = record.get("text", record.get("data"))
    if not isinstance(text, str):
        raise LabelledDataError(Errors.E032.format(source=source, line=line))
    entities: list[dict[str, Any]] | None = None
    topics: list[str] = []
    labels = record.get("label", record.get("labels"))
    if labels is not None:
        if not isinstance(labels, list):
            raise LabelledDataError(Errors.E034.format(
                source=source, where=where, what="'label'",
                problem="expected a list of [start, end, label] or of topic labels"))
        for i, item in enumerate(labels):
            if isinstance(item, str):
                if item not in TOPIC_LABELS:
                    raise LabelledDataError(Errors.E036.format(
                        source=source, where=where, label=item, valid=", ".join(TOPIC_LABELS)))
                topics.append(item)
            elif isinstance(item, list) and len(item) == 3:
                entities = entities if entities is not None else []
                start, end, label = item
                entities.append(_doccano_entity(text, start, end, label, f"label {i}", source,
                                                line))
            else:
                raise LabelledDataError(Errors.E034.format(
                    source=source, where=where, what=f"label {i}",
                    problem=f"expected [start, end, label] or a topic label, got {item!r}"))
        if entities is None and not topics:
            entities = []  # "label": [] : annotated, no entity
    ents = record.get("entities")
    if ents is not None:
        if not isinstance(ents, list):
            raise LabelledDataError(Errors.E034.format(
                source=source, where=where, what="'entities'", problem="expected a list"))
        entities = entities if entities is not None else []
        for i, item in enumerate(ents):
            if not isinstance(item, dict):
                raise LabelledDataError(Errors.E034.format(
                    source=source, where=where, what=f"entity {i}",
                    problem="expected an object with start_offset, end_offset and label"))
            entities.append(_doccano_entity(text, item.get("start_offset"),
                                            item.get("end_offset"), item.get("label"),
                                            f"entity {i}", source, line))
    known = {"text", "data", "label", "labels", "entities", "id"}
    meta = {k: v for k, v in record.items() if k not in known}
    meta.update({"source": Path(source).name, "format": "doccano", "line": line})
    doc_id = record.get("id")
    return LabelledDocument(
        text=text,
        id=str(doc_id) if doc_id is not None else f"{Path(source).stem}-{line}",
        entities=sorted(entities, key=lambda e: (e["start"], e["end"]))
        if entities is not None else None,
        topics=topics or None,
        meta=meta,
    )


def doccano_to_labelled(path: str | Path) -> Iterator[LabelledDocument]:
    """Read a doccano JSONL export (see the module docstring for the shapes).

    Entity labels are mapped with :data:`bkkbn_nlp.entities.corpora.LABEL_MAP`
    (``PERSON`` → ``PER``);
    whitespace at the edges of a span is dropped. A record's other keys go to ``meta``.

    Raises:
        LabelledDataError: Invalid JSON, no text, a span outside the text or with start not
            before end, an unknown entity or topic label; the message names file and line.
    """
    source = str(path)
    for line, record in _json_lines(path):
        yield _doccano_record(record, source, line)


def _json_lines(path: str | Path) -> Iterator[tuple[int, Any]]:
    """``(line number, parsed JSON)`` for each non-blank line of a JSONL file (E031 for a
    line that is not JSON)."""
    with open(path, encoding="utf-8") as fh:
        for line, raw in enumerate(fh, 1):
            if not raw.strip():
                continue
            try:
                yield line, json.loads(raw)
            except json.JSONDecodeError as exc:
                raise LabelledDataError(Errors.E031.format(
                    source=str(path), line=line, reason=exc.msg)) from None


# -- inline --------------------------------------------------------------------------------

_MARK = re.compile(r"\{([A-Za-z]+) ([^{}]+?)\}")
_HEADER = re.compile(r"^### (\S+)[ \t]*$", re.M)


def parse_inline(marked: str) -> tuple[str, list[tuple[int, int, str]]]:
    """The plain text and the ``(start, end, label)`` entities of an inline-marked text.

    ``"{PER Andi} tiba di {LOC Kendari}."`` gives ``("Andi tiba di Kendari.", [(0, 4,
    "PER"), (13, 20, "LOC")])``. Labels are mapped with
    :data:`bkkbn_nlp.entities.corpora.LABEL_MAP`.

    Raises:
        ValueError: an unknown label, a mark with space at its edges, or a brace outside a
            well-formed ``{LABEL text}`` mark (the message quotes the place).
    """
    plain: list[str] = []
    spans: list[tuple[int, int, str]] = []
    pos = length = 0
    for m in _MARK.finditer(marked):
        label = LABEL_MAP.get(m.group(1).upper())
        if label is None:
            raise ValueError(f"unknown entity label {m.group(1)!r} in {m.group(0)!r} (valid: "
                             f"PER, ORG, LOC; also accepted: {_ALIASES})")
        inner = m.group(2)
        if inner != inner.strip():
            raise ValueError(f"the mark {m.group(0)!r} has space inside its edges")
        plain.append(marked[pos:m.start()])
        length += m.start() - pos
        spans.append((length, length + len(inner), label))
        plain.append(inner)
        length += len(inner)
        pos = m.end()
    plain.append(marked[pos:])
    text = "".join(plain)
    bad = min((i for i in (text.find("{"), text.find("}")) if i >= 0), default=-1)
    if bad >= 0:
        raise ValueError(f"stray or malformed brace near {text[max(0, bad - 30):bad + 30]!r}")
    return text, spans


def format_inline(text: str, spans: Iterable[tuple[int, int, str]]) -> str:
    """``text`` with ``spans`` marked in braces: the inverse of :func:`parse_inline`."""
    out: list[str] = []
    pos = 0
    for start, end, label in sorted(spans):
        out += [text[pos:start], "{", label, " ", text[start:end], "}"]
        pos = end
    out.append(text[pos:])
    return "".join(out)


def inline_sections(content: str) -> list[tuple[str | None, int, str]]:
    """``(id, first line number, marked text)`` of each ``### <id>`` section of
    ``content`` (one section with id ``None`` when there is no header)."""
    heads = list(_HEADER.finditer(content))
    if not heads:
        return [(None, 1, content.strip("\n"))]
    out = []
    for k, h in enumerate(heads):
        end = heads[k + 1].start() if k + 1 < len(heads) else len(content)
        out.append((h.group(1), content.count("\n", 0, h.end()) + 2,
                    content[h.end() + 1:end].strip("\n")))
    return out


def inline_to_labelled(path: str | Path) -> Iterator[LabelledDocument]:
    """Read an inline-marked text file (see the module docstring).

    Raises:
        LabelledDataError: a malformed mark or an unknown label (E034, naming the file and
            the line where the document starts).
    """
    source = str(path)
    content = Path(path).read_text(encoding="utf-8")
    for doc_id, line, marked in inline_sections(content):
        try:
            text, spans = parse_inline(marked)
        except ValueError as exc:
            raise LabelledDataError(Errors.E034.format(
                source=source, where=f"line {line}", what="an entity mark",
                problem=str(exc))) from None
        yield LabelledDocument(
            text=text, id=doc_id,
            entities=[{"start": a, "end": b, "label": lab, "text": text[a:b]}
                      for a, b, lab in spans])


# -- DocBin --------------------------------------------------------------------------------


def docbin_to_labelled(path: str | Path) -> Iterator[LabelledDocument]:
    """Read a spaCy ``DocBin`` (``.spacy``) file.

    Raises:
        LabelledDataError: The file is not a DocBin (E039) or a document has an entity
            label outside PER/ORG/LOC and their aliases (E035, naming the document number).
    """
    from spacy.tokens import DocBin

    source = str(path)
    try:
        db = DocBin().from_disk(path)
    except (ValueError, TypeError, KeyError, OSError) as exc:
        raise LabelledDataError(Errors.E039.format(source=source, reason=exc)) from None
    except Exception as exc:  # zlib / msgpack errors on a file that is not a DocBin
        raise LabelledDataError(Errors.E039.format(
            source=source, reason=f"{type(exc).__name__}: {exc}")) from None
    vocab = _tokenizer_nlp().vocab
    for n, doc in enumerate(db.get_docs(vocab), 1):
        entities = []
        for i, ent in enumerate(doc.ents):
            if ent.label_.upper() not in LABEL_MAP:
                raise LabelledDataError(Errors.E035.format(
                    source=source, where=f"doc {n}", what=f"entity {i} {ent.text!r}",
                    label=ent.label_, aliases=_ALIASES))
            entities.append({"start": ent.start_char, "end": ent.end_char,
                             "label": LABEL_MAP[ent.label_.upper()], "text": ent.text})
        has_ents = doc.has_annotation("ENT_IOB")
        sentences = None
        if doc.has_annotation("SENT_START"):
            sentences = [{"start": s.start_char, "end": s.end_char} for s in doc.sents]
        topics = [label for label, score in sorted(doc.cats.items(), key=lambda kv: -kv[1])
                  if label in TOPIC_LABELS and score >= 0.5]
        meta: dict[str, Any] = {"source": Path(source).name, "format": "docbin", "doc": n}
        other_cats = {k: v for k, v in doc.cats.items() if k not in TOPIC_LABELS}
        if other_cats:
            meta["cats"] = other_cats
        doc_id = doc.user_data.get("id") if doc.user_data else None
        yield LabelledDocument(
            text=doc.text,
            id=str(doc_id) if doc_id is not None else f"{Path(source).stem}-{n}",
            sentences=sentences,
            tokens=[{"start": t.idx, "end": t.idx + len(t), "text": t.text}
                    for t in doc if not t.is_space],
            entities=entities if has_ents or entities else None,
            topics=topics if any(k in TOPIC_LABELS for k in doc.cats) else None,
            meta=meta,
        )


# -- labelled ------------------------------------------------------------------------------


def read_labelled_lines(path: str | Path) -> Iterator[tuple[int, LabelledDocument]]:
    """Like :func:`bkkbn_nlp.io.labelled.read_labelled`, with each document's line number."""
    source = str(path)
    for line, record in _json_lines(path):
        yield line, LabelledDocument.from_dict(record, source=source, line=line)


def guess_format(path: str | Path) -> str:
    """``docbin`` for ``.spacy``, ``labelled`` for ``.jsonl``/``.json``, else ``conll``."""
    suffix = Path(path).suffix.lower()
    if suffix == ".spacy":
        return "docbin"
    if suffix in (".jsonl", ".json"):
        return "labelled"
    return "conll"


def read_documents(path: str | Path, fmt: str | None = None,
                   **options: Any) -> Iterator[LabelledDocument]:
    """Read any input format as labelled documents (``fmt`` guessed from the name if None).

    ``options`` go to the reader (``trim`` and ``tokens`` for CoNLL).
    """
    fmt = fmt or guess_format(path)
    if fmt == "conll":
        return conll_to_labelled(path, **options)
    if fmt == "doccano":
        return doccano_to_labelled(path)
    if fmt == "docbin":
        return docbin_to_labelled(path)
    if fmt == "inline":
        return inline_to_labelled(path)
    if fmt == "labelled":
        return (doc for _, doc in read_labelled_lines(path))
    raise ValueError(Errors.E030.format(format=fmt, what="an input",
                                        valid=", ".join(INPUT_FORMATS)))


def labelled_to_docbin(docs: Iterable[LabelledDocument | tuple[int, LabelledDocument]], *,
                       nlp: Language | None = None, alignment_mode: str = "strict",
                       source: str = "<documents>") -> DocBin:
    """Labelled documents as a spaCy ``DocBin`` (for ``spacy train`` and friends).

    Texts are tokenized with ``nlp``'s tokenizer (default: the bkkbn_nlp tokenizer);
    sentences become sentence starts, entities ``doc.ents``, topics ``doc.cats`` (1.0 for a
    document's labels, 0.0 for the rest of the taxonomy), the id goes to ``doc.user_data``.

    Args:
        docs: Documents, or ``(line, document)`` pairs (from :func:`read_labelled_lines`)
            so that errors name the line.
        alignment_mode: How entity offsets that do not fall on token boundaries are handled
            (spaCy's ``char_span``): ``strict`` raises, ``expand`` / ``contract`` snap.
        source: The file name used in error messages.

    Raises:
        LabelledDataError: An entity is not on token boundaries (E037) or two overlap (E038).
    """
    from spacy.tokens import DocBin

    nlp = nlp or _tokenizer_nlp()
    db = DocBin(store_user_data=True)
    for n, item in enumerate(docs, 1):
        line, ldoc = item if isinstance(item, tuple) else (None, item)
        where = f"line {line}" if line is not None else f"document {n}"
        doc = nlp.make_doc(ldoc.text)
        if ldoc.sentences:
            starts = {s["start"] for s in ldoc.sentences}
            for tok in doc:
                tok.is_sent_start = tok.i == 0 or any(
                    tok.idx <= s < tok.idx + len(tok) for s in starts)
        if ldoc.entities is not None:
            spans: list[Span] = []
            for i, ent in enumerate(sorted(ldoc.entities, key=lambda e: (e["start"], e["end"]))):
                span = doc.char_span(ent["start"], ent["end"], label=ent["label"],
                                     alignment_mode=alignment_mode)
                if span is None or len(span) == 0:
                    raise LabelledDataError(Errors.E037.format(
                        source=source, where=where, what=f"entity {i}",
                        text=ldoc.text[ent["start"]:ent["end"]], start=ent["start"],
                        end=ent["end"]))
                if spans and span.start < spans[-1].end:
                    raise LabelledDataError(Errors.E038.format(
                        source=source, where=where, first=spans[-1].text, second=span.text))
                spans.append(span)
            doc.set_ents(spans, default="outside")
        if ldoc.topics is not None:
            doc.cats = {label: float(label in ldoc.topics) for label in TOPIC_LABELS}
        if ldoc.id is not None:
            doc.user_data["id"] = ldoc.id
        db.add(doc)
    return db


# -- one call ------------------------------------------------------------------------------


def convert(input_path: str | Path, output_path: str | Path, *, from_format: str,
            to_format: str = "labelled", trim: bool = True, tokens: bool = True,
            alignment_mode: str = "strict") -> int:
    """Convert ``input_path`` (``from_format``) to ``output_path`` (``to_format``).

    The whole input is read and checked before anything is written, so a malformed record
    never leaves a half-written output. Returns the number of documents written.

    Raises:
        LabelledDataError: A malformed record (the message names file, line and problem),
            or an input that is not UTF-8 (E005).
        ValueError: An unknown format (E030).
    """
    if from_format not in INPUT_FORMATS:
        raise ValueError(Errors.E030.format(format=from_format, what="an input",
                                            valid=", ".join(INPUT_FORMATS)))
    if to_format not in OUTPUT_FORMATS:
        raise ValueError(Errors.E030.format(format=to_format, what="an output",
                                            valid=", ".join(OUTPUT_FORMATS)))
    if from_format == "conll" and to_format == "docbin":
        # the file's own tokens and tags, as they are (no re-tokenization, no trimming)
        try:
            sentences = list(read_conll(input_path))
        except UnicodeDecodeError as exc:
            raise LabelledDataError(Errors.E005.format(source=input_path,
                                                       reason=exc.reason)) from None
        db = to_docbin(sentences, _tokenizer_nlp().vocab)
        db.to_disk(output_path)
        return len(db)
    options = {"trim": trim, "tokens": tokens} if from_format == "conll" else {}
    try:
        if from_format == "labelled":
            items: list[Any] = list(read_labelled_lines(input_path))
            docs = [doc for _, doc in items]
        else:
            docs = list(read_documents(input_path, from_format, **options))
            items = docs
    except UnicodeDecodeError as exc:
        raise LabelledDataError(Errors.E005.format(source=input_path, reason=exc.reason)) from None
    if to_format == "labelled":
        return write_labelled(docs, output_path)
    db = labelled_to_docbin(items, alignment_mode=alignment_mode, source=str(input_path))
    db.to_disk(output_path)
    return len(db)
