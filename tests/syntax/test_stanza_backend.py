"""The stanza path end to end on a fresh machine: train a tiny model on the bundled UD
sample with stanza's own training modules, load it through ``bkkbn_syntax`` with the
network refused, save and reload the pipeline, and export the syntax.

CI installs the ``[stanza]`` extra, so there these tests must run: a missing stanza fails
under ``CI=true`` instead of skipping."""

from __future__ import annotations

import importlib.util
import json
import os
import socket
import sys
from pathlib import Path
from typing import Any

import pytest

import bkkbn_nlp
from bkkbn_nlp.errors import ModelNotFoundError, SyntaxBackendError

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "ud"
HAVE_STANZA = importlib.util.find_spec("stanza") is not None

if not HAVE_STANZA and os.environ.get("CI") != "true":
    pytestmark = pytest.mark.skip(reason="needs the stanza extra: pip install 'bkkbn_nlp[stanza]'")


def _tiny_budget() -> Any:
    from bkkbn_nlp.training.syntax import SyntaxBudget

    small = ["--word_emb_dim", "10", "--char_emb_dim", "10", "--tag_emb_dim", "5"]
    return SyntaxBudget(
        dev_gsd=5, dev_csui=3, pos_steps=3, parser_steps=3, lemma_epochs=1, eval_interval=2,
        hidden=16, char_hidden=16, pos_batch=20, parser_batch=500,
        extra={"pos": [*small, "--deep_biaff_hidden_dim", "10",
                       "--composite_deep_biaff_hidden_dim", "10"],
               "depparse": [*small, "--max_steps_before_stop", "100",
                            "--deep_biaff_output_dim", "10"],
               "lemma": ["--hidden_dim", "16", "--emb_dim", "10", "--pos_dim", "10",
                         "--batch_size", "20"]})


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from bkkbn_nlp.training.syntax import train_stanza

    out = tmp_path_factory.mktemp("stanza_model")
    work = tmp_path_factory.mktemp("stanza_work")
    train_stanza(EXAMPLES, out, work_dir=work, budget=_tiny_budget())
    return out


@pytest.fixture()
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise OSError("network access refused by the test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def test_training_writes_models_and_meta(tiny_model: Path) -> None:
    assert {"pos.pt", "lemma.pt", "parser.pt", "meta.json", "NOTICE"} <= {
        p.name for p in tiny_model.iterdir()}
    meta = json.loads((tiny_model / "meta.json").read_text(encoding="utf-8"))
    assert meta["budget"]["seed"] == 24
    assert {s["licence"] for s in meta["sources"]} == {"CC BY-SA 4.0"}
    assert meta["data"]["train_legacy"]["sentences"] > 0
    assert set(meta["files"]) == {"pos.pt", "lemma.pt", "parser.pt"}


def test_prepared_data_never_holds_a_test_sentence(tmp_path: Path) -> None:
    from bkkbn_nlp.syntax.ud import read_conllu
    from bkkbn_nlp.training.syntax import SyntaxBudget, prepare

    prepare(EXAMPLES, tmp_path, SyntaxBudget())
    test = {" ".join(s.text.lower().split()) for s in read_conllu(tmp_path / "test_gsd.conllu")}
    for name in ("train_legacy", "train_gsd", "train_csui", "dev"):
        for s in read_conllu(tmp_path / f"{name}.conllu"):
            assert " ".join(s.text.lower().split()) not in test
            assert all(w.xpos == "_" for w in s.words)  # XPOS is not learned
            assert all("-" not in str(w.id) for w in s.words)


def test_component_runs_offline_and_fills_every_token(tiny_model: Path, no_network: None
                                                      ) -> None:
    nlp = bkkbn_nlp.load(syntax="stanza", syntax_model=tiny_model)
    assert nlp.pipe_names.index("bkkbn_syntax") == nlp.pipe_names.index("bkkbn_sentencizer") + 1
    doc = nlp("Kepala dinas itu mengatakan program berjalan baik.\n\nIa berharap warga ikut.")
    words = [t for t in doc if not t.is_space]
    assert all(t.pos_ and t.lemma_ and t.dep_ for t in words)
    for sent in doc.sents:  # one root per sentence, heads inside the sentence
        assert sum(t.dep_ == "ROOT" for t in sent if not t.is_space) == 1
        assert all(sent.start <= t.head.i < sent.end for t in sent)
    assert [t.pos_ for t in doc if t.is_space] == ["SPACE"]


def test_pipeline_with_syntax_saves_and_loads(tiny_model: Path, tmp_path: Path,
                                              no_network: None) -> None:
    nlp = bkkbn_nlp.load(syntax="stanza", syntax_model=tiny_model)
    text = "Ia berharap warga ikut. Dia senang."
    before = [(t.pos_, t.lemma_, t.dep_, t.head.i) for t in nlp(text)]
    bkkbn_nlp.save(nlp, tmp_path / "pipe")
    assert (tmp_path / "pipe" / "bkkbn_syntax" / "parser.pt").is_file()
    again = bkkbn_nlp.load(tmp_path / "pipe")
    assert "bkkbn_syntax" in again.pipe_names
    assert [(t.pos_, t.lemma_, t.dep_, t.head.i) for t in again(text)] == before


def test_exports_carry_the_syntax(tiny_model: Path, no_network: None) -> None:
    from bkkbn_nlp.io.export import to_conllu
    from bkkbn_nlp.io.schema import json_schema

    jsonschema = pytest.importorskip("jsonschema")
    nlp = bkkbn_nlp.load(syntax="stanza", syntax_model=tiny_model)
    result = bkkbn_nlp.analyze("Ia berharap warga ikut. Dia senang.", nlp=nlp)
    d = result.to_dict()
    jsonschema.validate(d, json_schema())
    assert all({"pos", "lemma", "head", "dep"} <= set(t) for t in d["tokens"])
    roots = [t for t in d["tokens"] if t["dep"] == "ROOT"]
    assert len(roots) == 2 and all(d["tokens"][t["head"]] is t for t in roots)
    rows = [line.split("\t") for line in to_conllu(result).splitlines()
            if line and not line.startswith("#")]
    assert all(r[2] != "_" and r[3] != "_" and r[6] != "_" and r[7] != "_" for r in rows)
    assert sorted(r[7] for r in rows).count("root") == 2


def test_user_model_in_stanza_layout(tiny_model: Path, tmp_path: Path, no_network: None) -> None:
    from bkkbn_nlp.syntax.stanza_backend import model_paths

    layout = tmp_path / "id"
    for proc, name in (("pos", "pos.pt"), ("lemma", "lemma.pt"), ("depparse", "parser.pt")):
        (layout / proc).mkdir(parents=True)
        (layout / proc / "gsd.pt").write_bytes((tiny_model / name).read_bytes())
    assert set(model_paths(layout)) == {"pos", "lemma", "depparse"}
    doc = bkkbn_nlp.load(syntax="stanza", syntax_model=layout)("Ia berharap warga ikut.")
    assert all(t.dep_ for t in doc)


def test_not_a_model_directory_is_a_coded_error(tmp_path: Path) -> None:
    with pytest.raises(ModelNotFoundError, match="E121"):
        bkkbn_nlp.load(syntax="stanza", syntax_model=tmp_path)


def test_unknown_backend_is_a_coded_error() -> None:
    with pytest.raises(ValueError, match="E123"):
        bkkbn_nlp.load(syntax="udpipe")


def test_missing_extra_names_it(monkeypatch: pytest.MonkeyPatch, tiny_model: Path) -> None:
    monkeypatch.setitem(sys.modules, "stanza", None)  # import stanza -> ImportError
    with pytest.raises(SyntaxBackendError, match=r"E120.*bkkbn_nlp\[stanza\]"):
        bkkbn_nlp.load(syntax="stanza", syntax_model=tiny_model)


def test_ud_scores_of_the_tiny_model(tiny_model: Path, no_network: None) -> None:
    from bkkbn_nlp.evaluation.syntax import METRICS, evaluate_treebanks, spacy_tokenize
    from bkkbn_nlp.syntax.stanza_backend import StanzaTagger

    results = evaluate_treebanks({"gsd": EXAMPLES / "GSD_id_gsd-ud-test.conllu"},
                                 spacy_tokenize(bkkbn_nlp.load()), StanzaTagger(tiny_model).analyse)
    row = results["gsd"]
    assert row["sentences"] == 10 and row["words_per_s"] > 0
    assert all(0 <= row[m] <= 100 for m in METRICS)
    assert row["Tokens"] > 90  # our tokenizer agrees with UD on almost every token


def test_cli_syntax_commands(tiny_model: Path, tmp_path: Path, no_network: None) -> None:
    from click.testing import CliRunner

    from bkkbn_nlp.cli import cli

    runner = CliRunner()
    result = runner.invoke(cli, ["train", "syntax", "--ud", str(tmp_path)])
    assert result.exit_code == 1 and "not a UD Indonesian folder" in result.output
    out = tmp_path / "scores.json"
    result = runner.invoke(cli, ["evaluate", "syntax", "--ud", str(EXAMPLES), "--stanza-model",
                                 str(tiny_model), "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert "| stanza (bkkbn) | gsd test |" in result.output
    assert json.loads(out.read_text(encoding="utf-8"))["stanza (bkkbn)"]["gsd test"]["UPOS"] >= 0


def test_analyze_with_the_bundled_models(tmp_path: Path, no_network: None) -> None:
    from click.testing import CliRunner

    from bkkbn_nlp.cli import cli

    text = tmp_path / "a.txt"
    text.write_text("Kepala dinas itu mengatakan program berjalan baik.", encoding="utf-8")
    result = CliRunner().invoke(cli, ["analyze", "--syntax", "stanza", "--format", "conllu",
                                      str(text)])
    assert result.exit_code == 0, result.output
    rows = [line.split("\t") for line in result.output.splitlines()
            if line and not line.startswith("#")]
    assert len(rows) == 8 and [r[7] for r in rows].count("root") == 1
    assert {r[3] for r in rows} <= {"NOUN", "PROPN", "VERB", "DET", "ADJ", "ADV", "PUNCT",
                                    "PRON", "ADP", "AUX", "NUM", "CCONJ", "SCONJ", "PART", "X"}
    assert [r[3] for r in rows][-1] == "PUNCT"


def test_worker_processes_give_the_same_syntax(tiny_model: Path, no_network: None) -> None:
    # forked workers must not wait on the parent's torch thread pool (they did: a hang)
    nlp = bkkbn_nlp.load(syntax="stanza", syntax_model=tiny_model)
    texts = ["Ia berharap warga ikut.", "Kepala dinas itu mengatakan program berjalan baik."] * 2
    one = [r.to_dict()["tokens"] for r in bkkbn_nlp.analyze_many(texts, nlp=nlp)]
    two = [r.to_dict()["tokens"] for r in bkkbn_nlp.analyze_many(texts, nlp=nlp, n_process=2)]
    assert one == two and "dep" in one[0][0]


def test_evaluate_quotes_with_syntax(tiny_model: Path, tmp_path: Path, no_network: None) -> None:
    from click.testing import CliRunner

    from bkkbn_nlp.cli import cli

    raw = 'Kepala BKKBN Andi Rahman berkata, "Posyandu harus aktif."'
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(json.dumps({"id": "7", "isi": raw}) + "\n", encoding="utf-8")
    folder = tmp_path / "quotes"
    folder.mkdir()
    start = raw.index("Posyandu")
    (folder / "quotes_batch_1.jsonl").write_text(json.dumps({"id": "7", "text_sha1": "x", "quotes": [
        {"type": "direct", "start": 0, "end": 1, "raw_start": start, "raw_end": len(raw) - 1,
         "speaker": {"text": "Andi Rahman", "name": "Andi Rahman"}}]}) + "\n", encoding="utf-8")
    args = ["evaluate", "quotes", "--corpus", str(corpus), "--annotations", str(folder),
            "--syntax", "stanza", "--syntax-model"]
    result = CliRunner().invoke(cli, [*args, str(tiny_model)])
    assert result.exit_code == 0, result.output
    assert "| dev-a | direct |" in result.output
    result = CliRunner().invoke(cli, [*args, str(tmp_path)])  # no model there: one line
    assert result.exit_code == 1 and "E121" in result.output
