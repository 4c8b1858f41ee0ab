"""The CRF tagger: training on a tiny slice, tagging, and the component's disk round trip."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from bkkbn_nlp.corpora import TaggedSentence
from bkkbn_nlp.crf_ner import MODEL_FILE, CrfTagger, Featurizer, train_crf
from bkkbn_nlp.pipeline import TOKENIZER_CONFIG

# invented training sentences (no corpus text in the repo)
TINY = [
    TaggedSentence(("Andi", "Rahman", "tiba", "di", "Kendari", "."),
                   ("B-PER", "I-PER", "O", "O", "B-LOC", "O")),
    TaggedSentence(("Siti", "Aminah", "bekerja", "di", "BPS", "."),
                   ("B-PER", "I-PER", "O", "O", "B-ORG", "O")),
    TaggedSentence(("Budi", "Santoso", "pergi", "ke", "Jawa", "Barat", "."),
                   ("B-PER", "I-PER", "O", "O", "B-LOC", "I-LOC", "O")),
    TaggedSentence(("Kemenkes", "menerima", "Dewi", "Lestari", "."),
                   ("B-ORG", "O", "B-PER", "I-PER", "O")),
] * 5


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("crf") / MODEL_FILE
    return train_crf(TINY, path, c1=0.0, c2=0.01, max_iterations=50)


def test_features_include_gazetteer_flags() -> None:
    feats = Featurizer().sentence(["Kepala", "BKKBN", "Sultra", "hadir"])
    assert feats[1].get("gaz.agency.1") == 1.0
    assert feats[2].get("gaz.region.1") == 1.0
    assert feats[0].get("gaz.title.1.lc") == 1.0  # titles are matched case-insensitively
    assert feats[1]["-1:w"] == "kepala" and feats[0]["-1:w"] == "<BOS>"


def test_trained_tagger_learns_the_slice(tiny_model: Path) -> None:
    tagger = CrfTagger(tiny_model)
    assert tagger.tag(["Andi", "Rahman", "tiba", "di", "Kendari", "."]) == \
        ["B-PER", "I-PER", "O", "O", "B-LOC", "O"]
    assert tagger.tag([]) == []


def test_component_round_trip(tiny_model: Path, tmp_path: Path) -> None:
    nlp = spacy.blank("id", config=TOKENIZER_CONFIG)
    nlp.add_pipe("bkkbn_sentencizer")
    ner = nlp.add_pipe("bkkbn_crf_ner")
    with pytest.raises(ValueError, match="no CRF model"):
        nlp("Andi Rahman tiba.")
    ner.load_model(tiny_model)
    doc = nlp("Andi Rahman tiba di Kendari.")
    assert [(e.text, e.label_) for e in doc.ents] == [("Andi Rahman", "PER"), ("Kendari", "LOC")]
    nlp.to_disk(tmp_path / "p")
    assert (tmp_path / "p" / "bkkbn_crf_ner" / MODEL_FILE).exists()
    again = spacy.load(tmp_path / "p")
    assert [(e.text, e.label_) for e in again("Andi Rahman tiba di Kendari.").ents] == \
        [("Andi Rahman", "PER"), ("Kendari", "LOC")]
