"""``bkkbn-nlp train crf`` (:mod:`bkkbn_nlp.training.crf`) on a tiny CoNLL corpus."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from bkkbn_nlp.cli import cli
from bkkbn_nlp.training.crf import crf_training_data, dev_score

SENTENCES = ("Andi B-PER\nRahman I-PER\ntiba O\ndi O\nKendari B-LOC\n. O\n\n"
             "BKKBN B-ORG\nhadir O\ndi O\nKonawe B-LOC\n. O\n\n")


def _data(tmp_path: Path) -> Path:
    data = tmp_path / "ner"
    for rel in ("idner-news-2k/train.txt", "idner-news-2k/dev.txt",
                "nergrit-indonlu/train_preprocess.txt"):
        (data / rel).parent.mkdir(parents=True, exist_ok=True)
        (data / rel).write_text(SENTENCES * 3, encoding="utf-8")
    return data


def test_train_crf_writes_the_model_and_metrics(tmp_path: Path) -> None:
    data, out = _data(tmp_path), tmp_path / "crf"
    result = CliRunner().invoke(cli, ["train", "crf", "--data", str(data), "--output", str(out),
                                      "--max-iterations", "5", "--idner-weight", "2"])
    assert result.exit_code == 0, result.output
    metrics = json.loads((out / "metrics.json").read_text(encoding="utf-8"))
    assert (out / "model.crfsuite").stat().st_size == metrics["model_bytes"]
    assert metrics["train_sentences"] == 6 * 2 + 6 and metrics["final_training"] == "train"
    assert [s["name"] for s in metrics["sources"]][:2] == ["idner-news-2k", "nergrit-indonlu"]
    sets = crf_training_data(data)
    assert metrics["dev"] == json.loads(json.dumps(dev_score(out / "model.crfsuite", sets.dev)))
    assert json.loads(result.stdout) == metrics["dev"]


def test_train_crf_errors_are_one_line(tmp_path: Path) -> None:
    data = _data(tmp_path)
    runner = CliRunner()
    missing = runner.invoke(cli, ["train", "crf", "--data", str(tmp_path / "none"),
                                  "--output", str(tmp_path / "o")])
    assert missing.exit_code == 1 and missing.output.startswith("bkkbn-nlp: error: ")
    news = tmp_path / "entities_train_1.jsonl"
    news.write_text('{"id": "1", "text_sha1": "x", "entities": []}\n', encoding="utf-8")
    no_corpus = runner.invoke(cli, ["train", "crf", "--data", str(data), "--output",
                                    str(tmp_path / "o"), "--news-train", str(news),
                                    "--corpus", str(tmp_path / "none.jsonl")])
    assert no_corpus.exit_code == 1 and "no annotated articles" in no_corpus.output


def test_train_crossval_scores_every_fold(tmp_path: Path) -> None:
    data, out = _data(tmp_path), tmp_path / "cv"
    fixes = tmp_path / "corrections.jsonl"
    fixes.write_text("", encoding="utf-8")
    result = CliRunner().invoke(cli, ["train", "crossval", "--data", str(data), "--output",
                                      str(out), "--corrections", str(fixes), "--folds", "2",
                                      "--news-weight", "0", "--max-iterations", "3"])
    assert result.exit_code == 0, result.output
    saved = json.loads((out / "crossval.json").read_text(encoding="utf-8"))
    assert list(saved) == ["news x0"] and len(saved["news x0"]["folds"]) == 2
    assert (out / "w0_f1" / "model.crfsuite").is_file()
    assert "2-fold CV over idner-news-2k train + dev (12 sentences)" in result.stdout
    assert "| news x0 |" in result.stdout
    no_news = CliRunner().invoke(cli, ["train", "crossval", "--data", str(data), "--output",
                                       str(out), "--corrections", str(fixes)])
    assert no_news.exit_code == 1 and "needs --news-train" in no_news.output
