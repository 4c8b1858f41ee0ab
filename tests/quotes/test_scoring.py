"""Quote scores (bkkbn_nlp.quotes.scoring) on hand-made quote lists."""

from __future__ import annotations

from typing import Any

import pytest

from bkkbn_nlp.errors import LabelledDataError
from bkkbn_nlp.quotes.scoring import match_quotes, score_quotes


def q(kind: str, start: int, end: int, speaker: str | None = None, mention: str | None = None,
      cue: tuple[int, int] | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"type": kind, "start": start, "end": end, "text": "x" * (end - start)}
    if cue:
        out["cue"] = {"start": cue[0], "end": cue[1], "text": "kata"}
    if speaker or mention:
        out["speaker"] = {"name": speaker, "text": mention or speaker, "start": 0, "end": 1}
    return out


def test_perfect_prediction() -> None:
    gold = [[q("direct", 0, 20, "Andi Rahman", cue=(22, 26)),
             q("indirect", 30, 60, "Siti", "ia", cue=(27, 29))]]
    s = score_quotes(gold, gold)
    for t in ("direct", "indirect", "all"):
        assert s[t]["quote"]["f1"] == 1.0
        assert s[t]["exact"]["f1"] == 1.0
        assert s[t]["speaker_acc"] == 1.0
        assert s[t]["cue"]["f1"] == 1.0
    assert s["indirect"]["pronoun_speaker_n"] == 1
    assert s["direct"]["pronoun_speaker_n"] == 0
    assert s["direct"]["pronoun_speaker_acc"] is None


def test_half_overlap_rule() -> None:
    gold = [[q("indirect", 0, 100)]]
    assert score_quotes(gold, [[q("indirect", 50, 140)]])["all"]["quote"]["tp"] == 1
    assert score_quotes(gold, [[q("indirect", 51, 140)]])["all"]["quote"]["tp"] == 0
    s = score_quotes(gold, [[q("indirect", 0, 60)]])
    assert s["all"]["quote"]["f1"] == 1.0 and s["all"]["exact"]["f1"] == 0.0


def test_type_must_agree_and_counts_add_over_documents() -> None:
    gold = [[q("direct", 0, 10)], [q("indirect", 0, 10), q("indirect", 20, 30)]]
    pred = [[q("indirect", 0, 10)], [q("indirect", 0, 10)]]
    s = score_quotes(gold, pred)
    assert s["all"]["quote"] == pytest.approx(
        {"p": 0.5, "r": 1 / 3, "f1": 0.4, "tp": 1, "pred": 2, "gold": 3})
    assert s["direct"]["quote"]["tp"] == 0 and s["direct"]["quote"]["pred"] == 0
    assert s["indirect"]["quote"]["r"] == 0.5


def test_speaker_accuracy_and_pronouns() -> None:
    gold = [[q("direct", 0, 10, "Andi Rahman", "katanya"), q("direct", 20, 30, "Siti Aminah"),
             q("direct", 40, 50, "Budi", "dia")]]
    pred = [[q("direct", 0, 10, "Andi"), q("direct", 20, 30, "Budi Santoso"),
             q("direct", 40, 50)]]
    s = score_quotes(gold, pred)["all"]
    assert s["speaker_n"] == 3 and s["speaker_acc"] == pytest.approx(1 / 3)
    assert s["pronoun_speaker_n"] == 2 and s["pronoun_speaker_acc"] == 0.5


def test_one_to_one_matching() -> None:
    gold = [q("direct", 0, 10), q("direct", 10, 20)]
    pred = [q("direct", 0, 20)]
    assert len(match_quotes(gold, pred)) == 1
    s = score_quotes([gold], [pred])["all"]["quote"]
    assert (s["tp"], s["pred"], s["gold"]) == (1, 1, 2)


def test_cue_scores() -> None:
    gold = [[q("direct", 0, 10, cue=(12, 16)), q("direct", 20, 30, cue=(32, 36))]]
    pred = [[q("direct", 0, 10, cue=(12, 16)), q("direct", 20, 30, cue=(31, 36))]]
    assert score_quotes(gold, pred)["all"]["cue"]["f1"] == 0.5


def test_empty_inputs() -> None:
    s = score_quotes([], [])
    assert s["all"]["quote"]["f1"] == 0.0 and s["all"]["speaker_acc"] is None
    s = score_quotes([[]], [[q("direct", 0, 5)]])
    assert s["all"]["quote"]["p"] == 0.0


def test_bad_input_raises_clear_errors() -> None:
    with pytest.raises(LabelledDataError, match="E070"):
        score_quotes([[]], [])
    with pytest.raises(LabelledDataError, match="E071"):
        score_quotes([[{"type": "direct", "start": 5}]], [[]])
    with pytest.raises(LabelledDataError, match="E071"):
        score_quotes([[]], [[q("quoted", 0, 5)]])
    with pytest.raises(LabelledDataError, match="E071"):
        score_quotes([[q("direct", 9, 5)]], [[]])
