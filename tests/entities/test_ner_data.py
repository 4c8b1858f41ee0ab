"""Corpus readers, scoring and gazetteers used by NER training and evaluation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bkkbn_nlp.entities.corpora import (
    TaggedSentence,
    apply_corrections,
    detokenize,
    read_conll,
    read_corrections,
)
from bkkbn_nlp.entities.gazetteer import agency_forms, region_forms, titles, unit_heads
from bkkbn_nlp.errors import LabelledDataError
from bkkbn_nlp.evaluation import prf, score_spans


def test_read_conll_both_layouts_and_label_mapping(tmp_path: Path) -> None:
    idner = tmp_path / "a.txt"
    idner.write_bytes(b"Menurut ADP O\r\nAndi PROPN B-PER\r\nRahman PROPN I-PER\r\n\r\n"
                      b"Di ADP O\r\nKPK PROPN B-ORG\r\n")
    grit = tmp_path / "b.txt"
    grit.write_text("Kota\tB-PLACE\nKendari\tI-PLACE\n\nBPS\tB-ORGANISATION\n", encoding="utf-8")
    a = list(read_conll(idner))
    b = list(read_conll(grit))
    assert a[0].words == ("Menurut", "Andi", "Rahman")
    assert a[0].spans() == [(1, 3, "PER")] and a[1].spans() == [(1, 2, "ORG")]
    assert b[0].spans() == [(0, 2, "LOC")] and b[1].tags == ("B-ORG",)


def test_read_conll_unknown_tag_names_the_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("Andi B-PER\nBudi B-MISC\n", encoding="utf-8")
    with pytest.raises(LabelledDataError, match="line 2: unknown tag 'B-MISC'"):
        list(read_conll(bad))


def test_spans_treat_stray_inside_tag_as_start() -> None:
    s = TaggedSentence(("a", "b", "c", "d"), ("I-PER", "I-PER", "O", "B-LOC"))
    assert s.spans() == [(0, 2, "PER"), (3, 4, "LOC")]


def test_detokenize() -> None:
    text, offsets = detokenize(["Dia", "berkata", ",", '"', "Ya", "(", "benar", ")", '"', "."])
    assert text == 'Dia berkata, "Ya (benar)".'
    assert [text[a:b] for a, b in offsets] == ["Dia", "berkata", ",", '"', "Ya", "(", "benar", ")", '"', "."]


def test_score_spans() -> None:
    gold = [[(0, 4, "PER"), (10, 15, "ORG")], [(0, 3, "LOC")]]
    pred = [[(0, 4, "PER"), (10, 14, "ORG")], [(0, 3, "LOC"), (5, 6, "PER")]]
    r = score_spans(gold, pred)
    assert r["micro"]["tp"] == 2 and r["micro"]["fp"] == 2 and r["micro"]["fn"] == 1
    assert r["per_label"]["ORG"]["f1"] == 0.0
    assert r["per_label"]["LOC"] == prf(1, 0, 0)


def test_region_gazetteer_covers_all_provinces_and_regencies() -> None:
    forms = region_forms()
    ids = {e.kb_id for e in forms.values()}
    assert len([i for i in ids if i.count(".") == 0]) == 38
    assert len([i for i in ids if i.count(".") == 1]) == 514
    assert forms["Sultra"].canonical == "Sulawesi Tenggara"
    assert forms["Jabar"].canonical == "Jawa Barat"
    # normalised without the administrative word (guideline 2.3); the official name is kept
    assert forms["Kab. Bogor"].canonical == "Bogor"
    assert forms["Kab. Bogor"].full_name == "Kabupaten Bogor"
    assert forms["Kota Bogor"].canonical == "Bogor"
    assert forms["Kota Bogor"].kb_id != forms["Kab. Bogor"].kb_id
    assert forms["Kabupaten Konawe"].kb_id == forms["Kab Konawe"].kb_id
    # Jakarta's administrative cities under the names news uses, no stray spaces
    assert forms["Jakarta Pusat"].kb_id == "region:31.71"
    assert forms["Jakarta Utara"].canonical == "Jakarta Utara"
    assert forms["Kepulauan Seribu"].kb_id == "region:31.01"
    assert not [f for f in forms if f != f.strip() or "Administrasi Jakarta" in f
                and not f.startswith(("Kota", "Kabupaten"))]


def test_agency_gazetteer() -> None:
    forms = agency_forms()
    assert forms["BKKBN"].canonical == "Badan Kependudukan dan Keluarga Berencana Nasional"
    assert forms["Kemenkes"].kb_id == forms["Kementerian Kesehatan"].kb_id
    assert forms["BPBD"].regional and not forms["KPK"].regional
    assert all(e.label == "ORG" for e in forms.values())


def test_titles_are_lower_case() -> None:
    assert {"bupati", "plt", "drs."} <= titles()


@pytest.mark.parametrize("text,expected", [("(KPU)", "KPU"), ('"Andi",', "Andi"), ("S.H.", "S.H."),
                                           ("Jakarta.", "Jakarta"), ("BPS", "BPS")])
def test_trim_span(text: str, expected: str) -> None:
    from bkkbn_nlp.evaluation import trim_span

    s, e, _ = trim_span(text, 0, len(text), "ORG")
    assert text[s:e] == expected


def test_retokenize_moves_tags_onto_our_tokens() -> None:
    import spacy

    from bkkbn_nlp.entities.corpora import retokenize
    from bkkbn_nlp.pipeline import TOKENIZER_CONFIG

    make_doc = spacy.blank("id", config=TOKENIZER_CONFIG).make_doc
    s = TaggedSentence(("Ketua", "(KPU)", "Andi-Budi", "hadir"), ("O", "B-ORG", "B-PER", "O"))
    r = retokenize(s, make_doc)
    assert r.words == ("Ketua", "(", "KPU", ")", "Andi", "-", "Budi", "hadir")
    assert r.tags == ("O", "O", "B-ORG", "O", "B-PER", "I-PER", "I-PER", "O")
    # where the running text has a space after each token ("Andi-Budi" has none)
    assert r.spaces == (True, False, False, True, False, False, True, True)
    assert s.spaces is None  # CoNLL sentences do not record it


def test_retokenize_splits_name_and_bracketed_acronym() -> None:
    import spacy

    from bkkbn_nlp.entities.corpora import retokenize
    from bkkbn_nlp.pipeline import TOKENIZER_CONFIG

    make_doc = spacy.blank("id", config=TOKENIZER_CONFIG).make_doc
    s = TaggedSentence(("Koalisi", "Merah", "Putih", "(KMP)", "menolak"),
                       ("B-ORG", "I-ORG", "I-ORG", "I-ORG", "O"))
    r = retokenize(s, make_doc)
    assert r.spans() == [(0, 3, "ORG"), (4, 5, "ORG")]
    assert r.words[3:6] == ("(", "KMP", ")")


@pytest.mark.parametrize("text,expected", [
    ("Komisi Pemilihan Umum (KPU", ["Komisi Pemilihan Umum", "KPU"]),
    ("Komisi Pemilihan Umum (KPU)", ["Komisi Pemilihan Umum", "KPU"]),
    ("Badan Usaha Milik Negara", ["Badan Usaha Milik Negara"]),
    ("(KPU", ["(KPU"]),  # no name before the bracket: unchanged
])
def test_split_acronym_span(text: str, expected: list[str]) -> None:
    from bkkbn_nlp.entities.corpora import split_acronym_span

    parts = split_acronym_span(text, 0, len(text), "ORG")
    assert [text[a:b] for a, b, _ in parts] == expected
    assert {lab for _, _, lab in parts} == {"ORG"}


def test_scoring_against_gold_with_name_and_acronym_split(tmp_path: Path) -> None:
    import spacy

    from bkkbn_nlp.evaluation import evaluate_ner_conll

    nlp = spacy.blank("id")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "ORG", "pattern": "Koalisi Merah Putih"},
                        {"label": "ORG", "pattern": "KMP"}])
    gold = [TaggedSentence(("Koalisi", "Merah", "Putih", "(KMP)", "menolak"),
                           ("B-ORG", "I-ORG", "I-ORG", "I-ORG", "O"))]
    published = evaluate_ner_conll(nlp, gold)
    ours = evaluate_ner_conll(nlp, gold, split_acronyms=True)
    assert published["micro"]["f1"] == 0.0
    assert ours["micro"]["f1"] == 1.0 and ours["gold_spans"] == "name and acronym split"


def _write_corrections(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_corrections_replace_the_reviewed_sentences(tmp_path: Path) -> None:
    sentences = [TaggedSentence(("serangan", "Israel"), ("O", "O")),
                 TaggedSentence(("di", "Gaza"), ("O", "B-LOC"))]
    path = _write_corrections(tmp_path / "c.jsonl", [
        {"split": "train", "index": 0, "words": ["serangan", "Israel"], "tags": ["O", "B-LOC"]},
        {"split": "dev", "index": 0, "words": ["x"], "tags": ["B-PER"]},
    ])
    fixed = apply_corrections("train", sentences, read_corrections(path))
    assert fixed[0].spans() == [(1, 2, "LOC")]
    assert fixed[1] is sentences[1]
    assert sentences[0].tags == ("O", "O")  # the input list is not changed


def test_corrections_for_other_words_are_refused(tmp_path: Path) -> None:
    sentences = [TaggedSentence(("serangan", "Israel"), ("O", "O"))]
    path = _write_corrections(tmp_path / "c.jsonl", [
        {"split": "train", "index": 0, "words": ["serangan", "Iran"], "tags": ["O", "B-LOC"]}])
    with pytest.raises(LabelledDataError, match="differ"):
        apply_corrections("train", sentences, read_corrections(path))


@pytest.mark.parametrize("row, problem", [
    ({"split": "train", "index": 0, "words": ["a", "b"], "tags": ["O"]}, "1 tags for 2 words"),
    ({"split": "train", "index": 0, "words": ["a"], "tags": ["B-MISC"]}, "unknown tag"),
    ({"split": "train", "words": ["a"], "tags": ["O"]}, "not a correction"),
])
def test_bad_corrections_name_the_line(tmp_path: Path, row: dict, problem: str) -> None:
    path = _write_corrections(tmp_path / "c.jsonl", [row])
    with pytest.raises(LabelledDataError, match=f"line 1: {problem}"):
        read_corrections(path)


def _review_module():
    import importlib.util
    spec = importlib.util.spec_from_file_location(
        "idner_review", Path(__file__).resolve().parents[2] / "scripts" / "idner_review.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_review_inline_format_round_trips() -> None:
    review = _review_module()
    s = TaggedSentence(("Presiden", "Paul", "Kagame", "ke", "Sudan", "."),
                       ("O", "B-PER", "I-PER", "O", "B-LOC", "O"))
    line = review.to_inline(s)
    assert line == "Presiden {PER Paul Kagame} ke {LOC Sudan} ."
    words, tags = review.from_inline(line)
    assert (tuple(words), tuple(tags)) == (s.words, s.tags)
    words, tags = review.from_inline("serangan {LOC Israel} dan {ORG Hamas}")
    assert tags == ["O", "B-LOC", "O", "B-ORG"]
    with pytest.raises(ValueError, match="braces"):
        review.from_inline("serangan {LOC Israel dan Hamas")


_IDNER = Path(__file__).resolve().parents[3] / "shared" / "data" / "ner" / "idner-news-2k"


@pytest.mark.skipif(not (_IDNER / "dev.txt").exists(), reason="idner-news-2k not present")
def test_review_import_rejects_bad_lines(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                         ) -> None:
    import argparse

    review = _review_module()
    first = review.to_inline(review.load_split("dev")[0])
    batch = tmp_path / "dev_1.reviewed.txt"
    batch.write_text(f"dev:0\t{first}\ntest:0\t{first}\ndev:1\t{first}\n", encoding="utf-8")
    out = tmp_path / "c.jsonl"
    code = review.do_import(argparse.Namespace(files=[batch], output=out))
    err = capsys.readouterr().err
    assert code == 1
    assert "not a train or dev sentence id" in err and "tokens differ from dev:1" in err
    assert out.read_text(encoding="utf-8") == ""  # dev:0 came back unchanged


def test_reviewed_corrections_fit_the_corpus() -> None:
    """The committed review applies to the corpus files it was made from."""
    path = Path(__file__).resolve().parents[2] / "data" / "annotations" / "idner" / \
        "corrections.jsonl"
    corrections = read_corrections(path)
    assert len(corrections) > 300 and {s for s, _ in corrections} == {"train", "dev"}
    if (_IDNER / "train.txt").exists():
        for split in ("train", "dev"):
            apply_corrections(split, list(read_conll(_IDNER / f"{split}.txt")), corrections)


def _annotate_module():
    import importlib.util
    spec = importlib.util.spec_from_file_location(
        "news_ner_annotate",
        Path(__file__).resolve().parents[2] / "scripts" / "news_ner_annotate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_inline_marks_round_trip_and_reject_bad_braces() -> None:
    from bkkbn_nlp.io.convert import format_inline, parse_inline

    marked = "{PER Marcelo} bilang {ORG Real Madrid} menang di {LOC Spanyol}."
    text, spans = parse_inline(marked)
    assert text == "Marcelo bilang Real Madrid menang di Spanyol."
    assert [text[a:b] for a, b, _ in spans] == ["Marcelo", "Real Madrid", "Spanyol"]
    assert format_inline(text, spans) == marked
    assert parse_inline("{PERSON Ani} ke {GPE Bali}")[1] == [(0, 3, "PER"), (7, 11, "LOC")]
    for bad in ("{PER Marcelo", "{MISC Marcelo}", "{PER Marcelo }", "Marcelo}"):
        with pytest.raises(ValueError):
            parse_inline(bad)


def test_news_import_finds_places_in_currency_names() -> None:
    from bkkbn_nlp.io.convert import parse_inline

    annotate = _annotate_module()
    text, spans = parse_inline("kurs {LOC Rupiah} per dolar {LOC AS} turun di {LOC Jakarta}")
    assert [text[a:b] for a, b, _ in annotate.currency_places(text, spans)] == ["AS"]


def test_read_news_entities_takes_folders_in_batch_order(tmp_path: Path) -> None:
    import json

    from bkkbn_nlp.entities.corpora import read_news_entities

    texts = {"7": "Ani tiba di Kendari.", "8": "Kantor BPS di Bandung."}
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps({"id": int(i), "isi": t}) + "\n"
                              for i, t in texts.items()), encoding="utf-8")
    folder = tmp_path / "train"
    folder.mkdir()
    for batch, (i, word, label) in ((10, ("8", "BPS", "ORG")), (9, ("7", "Ani", "PER"))):
        start = texts[i].index(word)
        row = {"id": i, "text_sha1": "", "entities": [
            {"start": start, "end": start + len(word), "label": label,
             "raw_start": start, "raw_end": start + len(word)}]}
        (folder / f"entities_train_{batch}.jsonl").write_text(json.dumps(row) + "\n",
                                                              encoding="utf-8")
    got_texts, gold = read_news_entities([folder], corpus)
    assert got_texts == [texts["7"], texts["8"]]  # batch 9 before batch 10
    assert [[got_texts[k][a:b] for a, b, _ in spans] for k, spans in enumerate(gold)] == \
        [["Ani"], ["BPS"]]
    corpus.write_text(json.dumps({"id": 7, "isi": texts["7"]}) + "\n", encoding="utf-8")
    with pytest.raises(LabelledDataError, match="article 8 .* not in the corpus"):
        read_news_entities([folder], corpus)


def test_news_import_checks_text_keeps_first_double_and_drops_currency_places(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import argparse
    import json

    annotate = _annotate_module()
    texts = {"1": "Ani tiba di Kendari.", "2": "Rupiah turun per dolar AS di Jakarta."}
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps({"id": int(i), "isi": t, "kategori": "Nasional"})
                              + "\n" for i, t in texts.items()), encoding="utf-8")
    first = tmp_path / "batch_1.annotated.txt"
    first.write_text("### 1\n{PER Ani} tiba di {LOC Kendari}.\n\n"
                     "### 2\nRupiah turun per dolar {LOC AS} di {LOC Jakarta}.\n",
                     encoding="utf-8")
    second = tmp_path / "batch_2.annotated.txt"  # repeats article 2, changes a word of 1
    second.write_text("### 2\nRupiah turun per dolar AS di Jakarta.\n\n"
                      "### 1\n{PER Ani} datang di {LOC Kendari}.\n", encoding="utf-8")
    args = argparse.Namespace(corpus=corpus, out=tmp_path, files=[second, first],
                              prefix="entities_train")
    with pytest.raises(SystemExit, match="1 article"):
        annotate.cmd_import(args)
    out, err = capsys.readouterr()
    assert "article 1: text differs" in err
    assert "dropped 1 LOC" in out and "agreement" in out
    rows = [json.loads(line) for line in
            (tmp_path / "entities_train_1.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [[e["text"] for e in r["entities"]] for r in rows] == [["Ani", "Kendari"],
                                                                  ["Jakarta"]]
    assert (tmp_path / "entities_train_2.jsonl").read_text(encoding="utf-8") == ""


def test_read_news_entities_drops_spans_the_cleaner_now_removes(tmp_path: Path) -> None:
    import json

    from bkkbn_nlp.entities.corpora import read_news_entities

    raw = "Ani tiba di Kendari. Penulis: Budi Santoso"
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(json.dumps({"id": 1, "isi": raw}) + "\n", encoding="utf-8")
    spans = [(raw.index(w), raw.index(w) + len(w), lab)
             for w, lab in (("Ani", "PER"), ("Budi Santoso", "PER"))]
    row = {"id": "1", "text_sha1": "annotated on an older cleaner", "entities": [
        {"start": a, "end": b, "label": lab, "raw_start": a, "raw_end": b}
        for a, b, lab in spans]}
    path = tmp_path / "entities_train_1.jsonl"
    path.write_text(json.dumps(row) + "\n", encoding="utf-8")
    texts, gold = read_news_entities([path], corpus)
    assert texts == ["Ani tiba di Kendari."]
    assert [texts[0][a:b] for a, b, _ in gold[0]] == ["Ani"]


def test_unit_heads_are_titles() -> None:
    # the word after a unit head's title is cut off a person only if the title is stripped
    assert {"kabid", "kasi", "kasat"} <= unit_heads() <= titles()
