"""Training data of issue 21: case-altered copies and the labelled sentences' train part
(tiny inline data; no shared data)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from bkkbn_nlp.entities.corpora import TaggedSentence
from bkkbn_nlp.training.crf import case_augment, sentence_training_data


def test_case_augment_copies_shares_and_keeps_tags() -> None:
    sents = [TaggedSentence(("Andi", "di", f"Kendari{i}"), ("B-PER", "O", "B-LOC"),
                            (True, True, True)) for i in range(20)]
    copies = case_augment(sents, lower=0.5, upper=0.25, seed=3)
    lower = [c for c in copies if c.words[0] == "andi"]
    upper = [c for c in copies if c.words[0] == "ANDI"]
    assert len(lower) == 10 and len(upper) == 5 and len(copies) == 15
    assert all(c.tags == ("B-PER", "O", "B-LOC") and c.spaces == (True,) * 3 for c in copies)
    assert case_augment(sents, lower=0.5, upper=0.25, seed=3) == copies
    assert case_augment(sents) == []


def test_sentence_training_data_reads_the_train_part(tmp_path: Path) -> None:
    folder = tmp_path / "sentences"
    folder.mkdir()
    recs = []
    for i in range(20):
        text = "Budi pergi ke Kendari ."
        recs.append({"id": f"kumparan:{i * 25}", "source": "kumparan", "text": text,
                     "text_sha1": hashlib.sha1(text.encode()).hexdigest(),
                     "entities": [{"start": 0, "end": 4, "label": "PER", "text": "Budi"},
                                  {"start": 14, "end": 21, "label": "LOC", "text": "Kendari"}]})
    (folder / "sentences_batch_1.jsonl").write_text(
        "".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")
    train = sentence_training_data(folder, tmp_path / "no-shared-data")
    assert len(train) == 14  # 70 % of 20 one-sentence "articles"
    assert train[0].words == ("Budi", "pergi", "ke", "Kendari", ".")
    assert train[0].tags == ("B-PER", "O", "O", "B-LOC", "O")
    assert len(sentence_training_data(folder, tmp_path, split="test")) == 4
