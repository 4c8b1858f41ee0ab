"""Evaluation of every layer (tokens, sentences, entities, quotes, topics) and the
``bkkbn-nlp evaluate`` command, which must print and save the library's numbers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from spacy.language import Language

import bkkbn_nlp
from bkkbn_nlp.cli import cli
from bkkbn_nlp.errors import LabelledDataError
from bkkbn_nlp.evaluation import (
    analyze_clean,
    evaluate,
    evaluate_labelled,
    format_table,
    score_sentences,
    score_tokens,
    score_topics,
)
from bkkbn_nlp.io.labelled import LabelledDocument, read_labelled

from ..conftest import GOLD_FIXTURE

# -- scoring functions ----------------------------------------------------------------------


def test_token_boundaries_count_split_and_merged_tokens() -> None:
    gold = [[(0, 3), (3, 4), (5, 9)]]          # "Kab" "." "baru"
    pred = [[(0, 4), (5, 9)]]                  # "Kab." "baru"
    m = score_tokens(gold, pred)
    assert (m["tp"], m["fp"], m["fn"]) == (1, 1, 2)
    assert m["precision"] == pytest.approx(0.5) and m["recall"] == pytest.approx(1 / 3)


def test_sentence_boundaries_ignore_the_end_of_the_text() -> None:
    gold = [[(0, 10), (11, 20), (21, 30)]]
    merged = [[(0, 20), (21, 30)]]             # one missed split
    m = score_sentences(gold, merged)
    assert (m["boundaries"]["tp"], m["boundaries"]["fp"], m["boundaries"]["fn"]) == (1, 0, 1)
    assert (m["spans"]["tp"], m["spans"]["fp"], m["spans"]["fn"]) == (1, 1, 2)
    assert score_sentences(gold, gold)["boundaries"]["f1"] == 1.0


def test_topic_scores() -> None:
    gold = [["kesehatan", "pemerintahan"], ["ekonomi"], ["olahraga"]]
    pred = [["pemerintahan", "kesehatan"], ["ekonomi", "politik"], ["ekonomi"]]
    m = score_topics(gold, pred)
    assert (m["micro"]["tp"], m["micro"]["fp"], m["micro"]["fn"]) == (3, 2, 1)
    assert m["top_label_accuracy"] == pytest.approx(1 / 3)      # only document 2
    assert m["exact_set"] == pytest.approx(1 / 3)               # only document 1
    # macro over labels with gold examples: kesehatan 1, pemerintahan 1, ekonomi 2/3, olahraga 0
    assert m["macro_f1"] == pytest.approx((1 + 1 + 2 / 3 + 0) / 4)
    assert m["per_label"]["politik"]["support"] == 0


# -- evaluate_labelled ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def fixture_scores(nlp: Language) -> dict[str, Any]:
    return evaluate_labelled(nlp, list(read_labelled(GOLD_FIXTURE)))


def test_fixture_every_annotated_layer_is_scored(fixture_scores: dict[str, Any],
                                                gold: dict[str, Any]) -> None:
    s = fixture_scores
    assert s["documents"] == 1
    assert s["tokens"] is None                     # the fixture has no token layer
    assert s["sentences"]["boundaries"]["f1"] == 1.0   # test_api checks sentences == gold
    ents = s["entities"]
    assert ents["micro"]["tp"] + ents["micro"]["fn"] == len(gold["entities"])
    assert set(ents["per_label"]) <= {"PER", "ORG", "LOC"}
    assert ents["micro"]["f1"] >= 0.9
    q = s["quotes"]
    assert q["all"]["quote"]["gold"] == len(gold["quotes"])
    n_direct = sum(x["type"] == "direct" for x in gold["quotes"])
    assert q["direct"]["quote"]["gold"] == n_direct
    assert q["indirect"]["quote"]["gold"] == len(gold["quotes"]) - n_direct
    assert q["all"]["quote"]["f1"] > 0.5 and q["all"]["speaker_n"] == q["all"]["quote"]["tp"]


def test_topics_without_a_tagger_are_not_scored() -> None:
    blank = bkkbn_nlp.load()
    for name in [n for n in blank.pipe_names if n == "bkkbn_topics"]:
        blank.remove_pipe(name)
    s = evaluate_labelled(blank, [{"text": "Satu kalimat.", "topics": ["kesehatan"]}])
    # no component predicts topics: reported as not scored, never as zeros
    assert "E051" in s["topics"]["skipped"] and "micro" not in s["topics"]
    assert s["topics"]["documents"] == 1


def test_gold_text_is_not_cleaned_again(nlp: Language) -> None:
    # cleaning would remove the dateline and shift every offset
    text = "Kendari (ANTARA) - Rapat digelar di Kendari. Bupati Andi Rahman hadir."
    cut = text.index(" Bupati")
    doc = {"text": text, "sentences": [{"start": 0, "end": cut}, {"start": cut + 1,
                                                                  "end": len(text)}]}
    assert next(analyze_clean([text], nlp=nlp)).text == text
    s = evaluate_labelled(nlp, [doc])
    assert s["sentences"]["spans"]["f1"] == 1.0


def test_tokens_empty_layers_and_dicts(nlp: Language) -> None:
    text = "Plt. Kepala Kab. Konawe hadir."
    words = ["Plt", ".", "Kepala", "Kab.", "Konawe", "hadir", "."]
    tokens, pos = [], 0
    for w in words:
        start = text.index(w, pos)
        pos = start + len(w)
        tokens.append({"start": start, "end": pos, "text": w})
    docs = [
        {"text": text, "tokens": tokens, "quotes": [], "entities": []},
        LabelledDocument(text="Satu. Dua."),        # nothing annotated
    ]
    s = evaluate_labelled(nlp, docs)
    assert s["documents"] == 2
    assert s["tokens"]["documents"] == 1
    # the tokenizer keeps "Plt." whole: one false positive, two false negatives
    assert (s["tokens"]["tp"], s["tokens"]["fp"], s["tokens"]["fn"]) == (5, 1, 2)
    assert s["sentences"] is None and s["topics"] is None
    # "entities": [] means annotated and empty: every predicted entity is a false positive
    assert s["entities"]["micro"]["tp"] == 0 and s["entities"]["micro"]["fp"] >= 1
    assert s["quotes"]["all"]["quote"]["gold"] == 0


def test_bad_documents_are_reported(nlp: Language) -> None:
    with pytest.raises(TypeError, match="E050"):
        evaluate_labelled(nlp, ["just a string"])  # type: ignore[list-item]
    with pytest.raises(LabelledDataError, match="outside the text"):
        evaluate_labelled(nlp, [{"text": "Andi", "entities": [{"start": 0, "end": 9,
                                                                "label": "PER"}]}])
    assert evaluate_labelled(nlp, [])["entities"] is None


@Language.factory("test_fixed_topics", assigns=["doc._.topics"])
def _fixed_topics(nlp: Language, name: str) -> Any:
    def component(doc: Any) -> Any:
        doc._.topics = {"kesehatan": 0.9, "pemerintahan": 0.7, "ekonomi": 0.1}
        return doc

    return component


def test_topics_are_scored_when_the_pipeline_tags_them() -> None:
    nlp = bkkbn_nlp.load()
    nlp.add_pipe("test_fixed_topics")
    docs = [{"text": "Satu.", "topics": ["kesehatan"]},
            {"text": "Dua.", "topics": ["pemerintahan", "kesehatan"]}]
    t = evaluate_labelled(nlp, docs)["topics"]
    # predicted for both: kesehatan, pemerintahan (above 0.5), best first
    assert (t["micro"]["tp"], t["micro"]["fp"], t["micro"]["fn"]) == (3, 1, 0)
    assert t["top_label_accuracy"] == 0.5 and t["exact_set"] == 0.5
    assert "topics" in format_table({"x.jsonl": {"format": "labelled", **evaluate_labelled(
        nlp, docs)}})


# -- the command ----------------------------------------------------------------------------


def test_cli_prints_and_saves_the_library_numbers(nlp: Language, tmp_path: Path) -> None:
    conll = tmp_path / "tiny.conll"
    conll.write_text("Andi B-PER\nRahman I-PER\ntiba O\ndi O\nKendari B-LOC\n. O\n",
                     encoding="utf-8")
    out = tmp_path / "scores.json"
    result = CliRunner().invoke(cli, ["evaluate", str(GOLD_FIXTURE), str(conll), "-o", str(out)])
    assert result.exit_code == 0, result.output
    direct = evaluate(nlp, conll=[conll], labelled=[GOLD_FIXTURE])
    saved = json.loads(out.read_text(encoding="utf-8"))
    assert saved == json.loads(json.dumps(direct))
    assert result.stdout.strip() == format_table(direct)
    for word in ("sentences", "entities", "quotes", "topics", "speaker acc", "not annotated"):
        assert word in result.stdout
    ents = direct[str(GOLD_FIXTURE)]["entities"]
    assert f"{ents['micro']['f1']:.3f}" in result.stdout
    # entity scores are at the same place for both kinds of source
    assert direct[str(GOLD_FIXTURE)]["micro"] == ents["micro"]
    assert "micro" in direct[str(conll)]


def test_cli_malformed_gold_names_the_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "Andi"}\n{"text": "Andi", "topics": ["sport"]}\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["evaluate", str(bad)])
    assert result.exit_code == 1
    assert "line 2" in result.stderr and "sport" in result.stderr
