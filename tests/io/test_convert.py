"""Converters: CoNLL, doccano and DocBin into labelled JSONL, labelled JSONL into DocBin, and
the errors that name the file, the line and the problem."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from spacy.vocab import Vocab

from bkkbn_nlp.cli import cli
from bkkbn_nlp.errors import LabelledDataError
from bkkbn_nlp.io.convert import (
    conll_to_labelled,
    convert,
    docbin_to_labelled,
    doccano_to_labelled,
    inline_to_labelled,
    labelled_to_docbin,
    read_documents,
)
from bkkbn_nlp.io.labelled import LabelledDocument, read_labelled

DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "ner"
IDNER_DEV = DATA / "idner-news-2k" / "dev.txt"
NERGRIT_DEV = DATA / "nergrit-indonlu" / "valid_preprocess.txt"
#: bundled with the repository (examples/training/README.md): runs on a fresh clone
SAMPLE_DEV = Path(__file__).resolve().parents[2] / "examples" / "training" / "idner-dev-60.txt"


def _write(path: Path, text: str, newline: str = "\n") -> Path:
    path.write_text(text, encoding="utf-8", newline=newline)
    return path


# -- CoNLL -----------------------------------------------------------------------------------


def test_conll_idner_layout_with_crlf(tmp_path: Path) -> None:
    conll = _write(tmp_path / "a.txt", "Warga PROPN O\nKota NOUN B-LOC\nBaubau PROPN I-LOC\n"
                   "bertemu VERB O\nRina PROPN B-PER\n. PUNCT O\n\nIa PRON O\npulang VERB O\n",
                   newline="\r\n")
    docs = list(conll_to_labelled(conll))
    assert [d.text for d in docs] == ["Warga Kota Baubau bertemu Rina.", "Ia pulang"]
    assert [(e["text"], e["label"]) for e in docs[0].entities or []] == [
        ("Kota Baubau", "LOC"), ("Rina", "PER")]
    assert docs[0].id == "a-00001" and docs[1].entities == []
    assert [t["text"] for t in docs[0].tokens or []][-2:] == ["Rina", "."]
    assert docs[0].sentences == [{"start": 0, "end": len(docs[0].text)}]


def test_conll_nergrit_labels_are_mapped_and_brackets_trimmed(tmp_path: Path) -> None:
    conll = _write(tmp_path / "b.txt", "Komisi\tB-ORGANISATION\nPemilihan\tI-ORGANISATION\n"
                   "(KPU)\tB-ORGANISATION\ndi\tO\nPalu\tB-PLACE\noleh\tO\nBudi\tB-PERSON\n")
    (doc,) = conll_to_labelled(conll)
    assert [(e["text"], e["label"]) for e in doc.entities or []] == [
        ("Komisi Pemilihan", "ORG"), ("KPU", "ORG"), ("Palu", "LOC"), ("Budi", "PER")]
    (doc,) = conll_to_labelled(conll, trim=False, tokens=False)
    assert doc.entities is not None and doc.entities[1]["text"] == "(KPU)"
    assert doc.tokens is None


def test_conll_real_files_round_trip_through_labelled(tmp_path: Path) -> None:
    sources = [SAMPLE_DEV] + ([IDNER_DEV, NERGRIT_DEV] if IDNER_DEV.exists() else [])
    for source in sources:
        out = tmp_path / (source.stem + ".jsonl")
        n = convert(source, out, from_format="conll")
        docs = list(read_labelled(out))  # validates every record
        assert n == len(docs) >= 60
        labels = {e["label"] for d in docs for e in d.entities or []}
        assert labels == {"PER", "ORG", "LOC"}


def test_conll_unknown_tag_names_the_line(tmp_path: Path) -> None:
    conll = _write(tmp_path / "bad.txt", "Rina B-PER\nhadir O\n\nDi O\nsana B-MISC\n")
    with pytest.raises(LabelledDataError, match=r"bad\.txt, line 5: unknown tag 'B-MISC'"):
        list(conll_to_labelled(conll))


# -- doccano ---------------------------------------------------------------------------------


def test_doccano_both_shapes(tmp_path: Path) -> None:
    text = "Bupati Sinjai Andi Seto meninjau Pasar Sentral."
    lines = [
        {"id": 7, "text": text, "label": [[14, 23, "PERSON"], [7, 13, "LOC"]]},
        {"data": text, "entities": [{"id": 1, "label": "PER", "start_offset": 14,
                                     "end_offset": 24}], "relations": [], "annotator": "dw"},
        {"text": "Harga beras naik.", "label": ["ekonomi", "pertanian_pangan"]},
    ]
    path = _write(tmp_path / "doccano.jsonl", "\n".join(json.dumps(x) for x in lines) + "\n")
    docs = list(doccano_to_labelled(path))
    assert docs[0].id == "7"
    assert [(e["text"], e["label"]) for e in docs[0].entities or []] == [
        ("Sinjai", "LOC"), ("Andi Seto", "PER")]
    # the trailing space of the selection is dropped; other keys are kept in meta
    assert (docs[1].entities or [])[0]["text"] == "Andi Seto"
    assert docs[1].meta["annotator"] == "dw" and docs[1].meta["line"] == 2
    assert docs[2].topics == ["ekonomi", "pertanian_pangan"] and docs[2].entities is None
    out = tmp_path / "out.jsonl"
    assert convert(path, out, from_format="doccano") == 3
    assert len(list(read_labelled(out))) == 3


@pytest.mark.parametrize(("line", "message"), [
    ('{"text": "Rina hadir", "label": [[0, 4, "PER"]]', r"line 2: invalid JSON"),
    ('{"text": "Rina hadir", "label": [[0, 40, "PER"]]}',
     r"line 2: label 0 0-40 is outside the text of length 10"),
    ('{"text": "Rina hadir", "label": [[0, 4, "PERSONA"]]}',
     r"line 2: label 0 has the unknown entity label 'PERSONA'"),
    ('{"text": "Rina hadir", "label": [[4, 0, "PER"]]}',
     r"line 2: label 0 is malformed: start 4 is not before end 0"),
    ('{"text": "Rina hadir", "label": [[0, "4", "PER"]]}',
     r"line 2: label 0 is malformed: start and end must be integers"),
    ('{"text": "Rina hadir", "label": [[0, 4]]}', r"line 2: label 0 is malformed"),
    ('{"text": "Rina hadir", "entities": [{"start_offset": -1, "end_offset": 4, '
     '"label": "PER"}]}', r"line 2: entity 0 -1-4 is outside the text"),
    ('{"text": "Rina hadir", "label": ["sport"]}', r"line 2: unknown topic label 'sport'"),
    ('{"teks": "Rina hadir"}', r"line 2: no text"),
    ('[1, 2]', r"line 2: the record is malformed: expected a JSON object"),
])
def test_doccano_errors_name_file_line_and_problem(tmp_path: Path, line: str,
                                                   message: str) -> None:
    good = '{"text": "Ia pulang.", "label": []}'
    path = _write(tmp_path / "export.jsonl", good + "\n" + line + "\n")
    with pytest.raises(LabelledDataError, match=r"export\.jsonl, " + message):
        list(doccano_to_labelled(path))


# -- DocBin ----------------------------------------------------------------------------------


def _labelled(tmp_path: Path) -> Path:
    docs = [
        LabelledDocument(
            text="Kepala BPS Sulawesi Barat, Rina Wati, hadir. Ia pulang ke Mamuju.",
            id="contoh-1",
            sentences=[{"start": 0, "end": 44}, {"start": 45, "end": 65}],
            entities=[{"start": 7, "end": 25, "label": "ORG", "text": "BPS Sulawesi Barat"},
                      {"start": 27, "end": 36, "label": "PER", "text": "Rina Wati"},
                      {"start": 58, "end": 64, "label": "LOC", "text": "Mamuju"}],
            topics=["pemerintahan"]),
        LabelledDocument(text="Tanpa anotasi entitas.", id="contoh-2"),
    ]
    path = tmp_path / "labelled.jsonl"
    path.write_text("".join(json.dumps(d.to_dict()) + "\n" for d in docs), encoding="utf-8")
    return path


def test_labelled_to_docbin_and_back(tmp_path: Path) -> None:
    source = _labelled(tmp_path)
    out = tmp_path / "data.spacy"
    assert convert(source, out, from_format="labelled", to_format="docbin") == 2
    back = list(docbin_to_labelled(out))
    orig = list(read_labelled(source))
    assert [d.id for d in back] == ["contoh-1", "contoh-2"]
    assert back[0].entities == orig[0].entities
    assert back[0].sentences == orig[0].sentences
    assert back[0].topics == ["pemerintahan"]
    assert back[1].entities is None and back[1].topics is None
    # and from the DocBin to labelled JSONL with the CLI
    result = CliRunner().invoke(cli, ["convert", str(out), str(tmp_path / "b.jsonl"),
                                      "--from", "docbin"])
    assert result.exit_code == 0, result.output
    assert [d.text for d in read_labelled(tmp_path / "b.jsonl")] == [d.text for d in orig]


def test_conll_to_docbin_keeps_the_file_tokens(tmp_path: Path) -> None:
    out = tmp_path / "dev.spacy"
    n = convert(SAMPLE_DEV, out, from_format="conll", to_format="docbin")
    via_labelled = list(conll_to_labelled(SAMPLE_DEV, trim=False))
    back = list(docbin_to_labelled(out))
    assert n == len(back) == len(via_labelled)
    assert [d.entities for d in back] == [d.entities for d in via_labelled]


def test_docbin_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.spacy"
    bad.write_bytes(b"not a docbin at all")
    with pytest.raises(LabelledDataError, match=r"bad\.spacy: not a spaCy DocBin file"):
        list(docbin_to_labelled(bad))
    # an entity label outside PER/ORG/LOC names the document
    import spacy
    from spacy.tokens import DocBin

    from bkkbn_nlp.pipeline import TOKENIZER_CONFIG

    nlp = spacy.blank("id", config=TOKENIZER_CONFIG)  # fast: no default exception tables
    doc = nlp("Rina tiba di Palu")
    doc.ents = [doc.char_span(0, 4, label="PER"), doc.char_span(13, 17, label="MISC")]
    db = DocBin()
    db.add(nlp("Kosong"))
    db.add(doc)
    db.to_disk(tmp_path / "misc.spacy")
    with pytest.raises(LabelledDataError,
                       match=r"misc\.spacy, doc 2: entity 1 'Palu' has the unknown entity "
                             r"label 'MISC'"):
        list(docbin_to_labelled(tmp_path / "misc.spacy"))


def test_labelled_to_docbin_misaligned_and_overlapping_entities(tmp_path: Path) -> None:
    text = "Gubernur Sulteng hadir."
    inside = LabelledDocument(text=text, entities=[
        {"start": 9, "end": 13, "label": "LOC", "text": "Sult"}])
    with pytest.raises(LabelledDataError,
                       match=r"x\.jsonl, line 4: entity 0 'Sult' \(9-13\) does not start and "
                             r"end on token boundaries"):
        labelled_to_docbin([(4, inside)], source="x.jsonl")
    db = labelled_to_docbin([inside], alignment_mode="expand")
    (doc,) = db.get_docs(Vocab())
    assert [e.text for e in doc.ents] == ["Sulteng"]
    overlap = LabelledDocument(text=text, entities=[
        {"start": 0, "end": 16, "label": "PER"}, {"start": 9, "end": 16, "label": "LOC"}])
    with pytest.raises(LabelledDataError, match=r"document 1: entities 'Gubernur Sulteng' and "
                                                r"'Sulteng' overlap"):
        labelled_to_docbin([overlap])


def test_read_documents_rejects_an_unknown_format(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"E030"):
        read_documents(tmp_path / "x.txt", "brat")


# -- the command -----------------------------------------------------------------------------


def test_cli_convert_misaligned_labelled_record_fails_and_writes_nothing(tmp_path: Path) -> None:
    source = _write(tmp_path / "rusak.jsonl",
                    '{"text": "Rina tiba."}\n\n'
                    '{"text": "Siti Aminah tiba.", "entities": [{"start": 0, "end": 4, '
                    '"label": "PER", "text": "Siti Aminah"}]}\n')
    out = tmp_path / "out.spacy"
    result = CliRunner().invoke(cli, ["convert", str(source), str(out), "--from", "labelled"])
    assert result.exit_code == 1
    assert "rusak.jsonl, line 3: entity 0 is misaligned" in result.stderr
    assert not out.exists()


def test_cli_convert_conll(tmp_path: Path) -> None:
    conll = _write(tmp_path / "a.conll", "Rina B-PER\nhadir O\n", newline="\r\n")
    result = CliRunner().invoke(cli, ["convert", str(conll), str(tmp_path / "a.jsonl"),
                                      "--from", "conll"])
    assert result.exit_code == 0, result.output
    assert "1 documents written" in result.stderr
    (doc,) = read_labelled(tmp_path / "a.jsonl")
    assert doc.entities == [{"start": 0, "end": 4, "label": "PER", "text": "Rina"}]


def test_cli_convert_bad_doccano_reports_the_line(tmp_path: Path) -> None:
    path = _write(tmp_path / "d.jsonl", '{"text": "Rina", "label": [[0, 9, "PER"]]}\n')
    result = CliRunner().invoke(cli, ["convert", str(path), str(tmp_path / "o.jsonl"),
                                      "--from", "doccano"])
    assert result.exit_code == 1
    assert result.stderr.startswith("bkkbn-nlp: error: [E033] ")
    assert "d.jsonl, line 1: label 0 0-9 is outside the text of length 4" in result.stderr


def test_inline_documents_with_ids_and_without(tmp_path: Path) -> None:
    path = _write(tmp_path / "a.txt", "### 12\n{PER Rina} ke {LOC Kendari}.\n\n"
                                      "### 13\nKantor {ORG BPS} tutup.\n")
    docs = list(inline_to_labelled(path))
    assert [(d.id, d.text) for d in docs] == [("12", "Rina ke Kendari."),
                                              ("13", "Kantor BPS tutup.")]
    assert docs[1].entities == [{"start": 7, "end": 10, "label": "ORG", "text": "BPS"}]
    (one,) = inline_to_labelled(_write(tmp_path / "b.txt", "{PERSON Rina} hadir.\n"))
    assert one.id is None and one.entities[0]["label"] == "PER"


def test_cli_convert_inline_to_docbin_and_bad_mark_names_the_line(tmp_path: Path) -> None:
    good = _write(tmp_path / "a.txt", "### 1\n{PER Rina} ke {LOC Kendari}.\n")
    result = CliRunner().invoke(cli, ["convert", str(good), str(tmp_path / "a.spacy"),
                                      "--from", "inline"])
    assert result.exit_code == 0, result.output
    (doc,) = docbin_to_labelled(tmp_path / "a.spacy")
    assert [(e["text"], e["label"]) for e in doc.entities] == [("Rina", "PER"),
                                                                ("Kendari", "LOC")]
    bad = _write(tmp_path / "b.txt", "### 1\nBaik.\n\n### 2\nIa ke {LOC Kendari.\n")
    result = CliRunner().invoke(cli, ["convert", str(bad), str(tmp_path / "b.jsonl"),
                                      "--from", "inline"])
    assert result.exit_code == 1
    assert "b.txt, line 5: an entity mark is malformed: stray or malformed brace" in \
        result.stderr
    assert not (tmp_path / "b.jsonl").exists()


def test_cli_convert_non_utf8_input(tmp_path: Path) -> None:
    bad = tmp_path / "latin1.conll"
    bad.write_bytes("Jos\xe9 B-PER\n".encode("latin-1"))
    result = CliRunner().invoke(cli, ["convert", str(bad), str(tmp_path / "o.jsonl"),
                                      "--from", "conll"])
    assert result.exit_code == 1
    assert "[E005] Could not decode" in result.stderr and "latin1.conll" in result.stderr
