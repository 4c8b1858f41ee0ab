"""The researcher's path of docs/training.md, on a small slice: convert a CoNLL file, train a
pipeline (CRF entity tagger + topic tagger), evaluate it, load it, package it."""

from __future__ import annotations

import gc
import importlib
import json
import sys
import tarfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import bkkbn_nlp
from bkkbn_nlp.cli import cli
from bkkbn_nlp.io.labelled import LabelledDocument, read_labelled, write_labelled

#: the bundled idner-news-2k slices (examples/training/README.md): the path runs on a fresh clone
SAMPLE = Path(__file__).resolve().parents[2] / "examples" / "training"

# A tiny invented topic set: five short articles per label (no real article's text).
_TOPIC_TEXTS = {
    "kesehatan": [
        "Puskesmas membuka layanan imunisasi anak. Petugas kesehatan memeriksa gizi balita.",
        "Rumah sakit daerah menambah dokter dan perawat. Pasien rawat inap terus bertambah.",
        "Vaksinasi campak digelar di posyandu. Dokter meminta orang tua membawa balita.",
        "Dinas kesehatan memeriksa tekanan darah warga. Penyakit hipertensi banyak ditemukan.",
        "Petugas puskesmas memberi obat cacing. Kesehatan anak sekolah diperiksa dokter.",
    ],
    "olahraga": [
        "Tim sepak bola menang dua gol. Pelatih memuji pemain muda di pertandingan itu.",
        "Atlet bulu tangkis meraih medali emas. Pertandingan final berlangsung ketat.",
        "Klub basket merekrut pemain baru. Pelatih menyiapkan tim untuk liga musim depan.",
        "Pertandingan voli berakhir imbang. Pemain kedua tim tampil ngotot di lapangan.",
        "Pelari muda memecahkan rekor lari. Atlet itu berlatih setiap pagi di stadion.",
    ],
    "ekonomi": [
        "Harga cabai naik di pasar tradisional. Pedagang mengeluhkan sepinya pembeli.",
        "Inflasi bulan ini turun. Bank daerah menurunkan bunga kredit usaha kecil.",
        "Investor menanam modal di pabrik baru. Ekspor kopi meningkat tahun ini.",
        "Pedagang pasar menaikkan harga beras. Daya beli warga melemah akhir bulan.",
        "Bank menyalurkan kredit usaha rakyat. Pelaku usaha kecil menambah modal kerja.",
    ],
}
_TOPIC_DEV = [
    ("Dokter puskesmas memeriksa balita. Imunisasi anak berjalan lancar.", "kesehatan"),
    ("Pemain sepak bola berlatih di stadion. Pelatih menyiapkan pertandingan.", "olahraga"),
    ("Harga beras di pasar naik. Pedagang dan pembeli mengeluh.", "ekonomi"),
]


def _conll_slice(source: Path, target: Path, sentences: int) -> Path:
    """The first ``sentences`` sentences of a CoNLL file, bytes as they are (CRLF)."""
    raw = source.read_bytes().split(b"\r\n\r\n")
    target.write_bytes(b"\r\n\r\n".join(raw[:sentences]) + b"\r\n")
    return target


def _topic_file(path: Path, items: list[tuple[str, str]]) -> Path:
    write_labelled([LabelledDocument(text=t, id=f"topik-{i}", topics=[label])
                    for i, (t, label) in enumerate(items)], path)
    return path


def _run(*args: str) -> Any:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, (result.output, result.exception)
    return result


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Convert, then train a pipeline, as docs/training.md does."""
    work = tmp_path_factory.mktemp("training")
    train_conll = _conll_slice(SAMPLE / "idner-train-150.txt", work / "idner-train-150.txt", 150)
    dev = _conll_slice(SAMPLE / "idner-dev-60.txt", work / "idner-dev-60.txt", 60)
    train = work / "train.jsonl"
    _run("convert", str(train_conll), str(train), "--from", "conll")
    topics = _topic_file(work / "topics.jsonl",
                         [(t, label) for label, texts in _TOPIC_TEXTS.items() for t in texts])
    topics_dev = _topic_file(work / "topics-dev.jsonl", _TOPIC_DEV)
    out = work / "my-pipeline"
    _run("train", "pipeline", "--ner-train", str(train), "--ner-dev", str(dev),
         "--topics-data", str(topics), "--topics-dev", str(topics_dev), "--output", str(out),
         "--max-iterations", "30", "--licence", f"{train}=MIT", "--name", "my_pipeline",
         "--version", "0.0.1", "--no-progress")
    return {"work": work, "train": train, "train_conll": train_conll, "dev": dev,
            "topics": topics, "topics_dev": topics_dev, "out": out}


def test_convert_gives_one_valid_document_per_sentence(trained: dict[str, Path]) -> None:
    docs = list(read_labelled(trained["train"]))
    assert len(docs) == 150
    assert sum(len(d.entities or []) for d in docs) > 100


def test_pipeline_directory_metrics_and_meta(trained: dict[str, Path]) -> None:
    out = trained["out"]
    assert (out / "config.cfg").is_file() and (out / "bkkbn_crf_ner" / "model.crfsuite").is_file()
    meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))
    assert meta["name"] == "my_pipeline" and meta["version"] == "0.0.1"
    assert "bkkbn_topics" in meta["pipeline"] and "bkkbn_crf_ner" in meta["pipeline"]
    sources = {Path(s["path"]).name: s for s in meta["sources"] if "path" in s}
    assert sources["train.jsonl"]["licence"] == "MIT"
    assert sources["train.jsonl"]["sentences"] == "150"
    assert sources["train.jsonl"]["role"] == "ner-train"
    assert len(sources["train.jsonl"]["sha256"]) == 64
    assert sources["idner-dev-60.txt"]["role"] == "ner-dev"
    assert sources["topics.jsonl"]["documents"] == "15"
    assert sources["idner-dev-60.txt"]["licence"] == "not given"
    data = {Path(d["path"]).name: d for d in meta["training"]["data"] if "path" in d}
    assert data["train.jsonl"]["sentences"] == 150 and data["idner-dev-60.txt"]["licence"] is None
    training = meta["training"]
    assert training["seed"] == 0 and training["ner"]["max_iterations"] == 30
    assert training["versions"]["bkkbn_nlp"] == bkkbn_nlp.__version__
    metrics = json.loads((out / "metrics.json").read_text(encoding="utf-8"))
    dev = metrics["dev"][str(trained["dev"])]
    # 150 training sentences and 30 iterations, with the gazetteer rules: well above chance
    assert dev["documents"] == 60 and dev["micro"]["f1"] > 0.4
    assert meta["performance"]["ents_f"] == pytest.approx(dev["micro"]["f1"])
    topics = metrics["dev"][str(trained["topics_dev"])]["topics"]
    assert topics["documents"] == 3 and topics["top_label_accuracy"] == 1.0
    assert metrics["topics_tagger"]["train_documents"] == 15


def test_evaluate_command_gives_the_numbers_of_metrics_json(trained: dict[str, Path]) -> None:
    scores = trained["work"] / "scores.json"
    result = _run("evaluate", "--model", str(trained["out"]), str(trained["dev"]),
                  "-o", str(scores))
    assert "micro" in result.stdout
    printed = json.loads(scores.read_text(encoding="utf-8"))[str(trained["dev"])]
    metrics = json.loads((trained["out"] / "metrics.json").read_text(encoding="utf-8"))
    assert printed["micro"] == metrics["dev"][str(trained["dev"])]["micro"]


def test_load_and_analyze(trained: dict[str, Path]) -> None:
    nlp = bkkbn_nlp.load(trained["out"])
    assert nlp.pipe_names[:2] == ["bkkbn_sentencizer", "bkkbn_crf_ner"]
    result = bkkbn_nlp.analyze("Pelatih tim sepak bola memuji pemain di stadion Bandung. "
                               "Pertandingan berakhir dua gol.", nlp=nlp)
    assert len(result.sentences) == 2
    assert result.topics[0][0] == "olahraga"
    assert any(e.text == "Bandung" and e.label == "LOC" for e in result.entities)


def test_train_ner_is_deterministic_and_reads_conll(trained: dict[str, Path]) -> None:
    data = trained["work"] / "corpus"
    data.mkdir()
    conll = _conll_slice(trained["train_conll"], data / "train.txt", 60)
    (data / "LICENSE").write_text("\nMIT License\n\nCopyright ...\n", encoding="utf-8")
    models = []
    for name in ("a", "b"):
        out = trained["work"] / f"ner-{name}"
        _run("train", "ner", "--train", str(conll), "--dev", str(trained["dev"]),
             "--output", str(out), "--max-iterations", "5", "--no-progress")
        metrics = json.loads((out / "metrics.json").read_text(encoding="utf-8"))
        assert metrics["train_sentences"] == 60 and metrics["dev"][str(trained["dev"])]
        # without --licence, the first line of a LICENSE file beside the data is recorded
        assert metrics["sources"][0]["licence"] == "MIT License"
        assert metrics["sources"][1]["licence"] is None  # the dev slice has none
        models.append((out / "model.crfsuite").read_bytes())
    assert models[0] == models[1]


def test_train_topics_command(trained: dict[str, Path]) -> None:
    out = trained["work"] / "topics-model"
    result = _run("train", "topics", "--data", str(trained["topics"]), "--dev",
                  str(trained["topics_dev"]), "--output", str(out))
    summary = json.loads(result.stdout)
    assert summary["train_documents"] == 15
    assert summary["dev"][str(trained["topics_dev"])]["micro_f1"] == 1.0
    assert (out / "metrics.json").is_file()


def test_training_errors(trained: dict[str, Path]) -> None:
    runner = CliRunner()
    # the pipeline directory exists: refused without --overwrite
    result = runner.invoke(cli, ["train", "pipeline", "--ner-train", str(trained["train"]),
                                 "--output", str(trained["out"]), "--no-progress"])
    assert result.exit_code == 1 and "[E042]" in result.stderr
    # topics from a file without a topics layer
    result = runner.invoke(cli, ["train", "topics", "--data", str(trained["train"]),
                                 "--output", str(trained["work"] / "t2")])
    assert result.exit_code == 1 and "[E041] Cannot train topics: 0 document(s)" in result.stderr
    # a malformed licence option is a usage error
    result = runner.invoke(cli, ["train", "ner", "--train", str(trained["train"]), "--output",
                                 str(trained["work"] / "n2"), "--licence", "MIT"])
    assert result.exit_code == 2 and "PATH=LICENCE" in result.output
    # a malformed training record names its line
    bad = trained["work"] / "bad.jsonl"
    bad.write_text('{"text": "Rina tiba.", "entities": [{"start": 0, "end": 4, '
                   '"label": "PERSON"}]}\n', encoding="utf-8")
    result = runner.invoke(cli, ["train", "ner", "--train", str(bad), "--output",
                                 str(trained["work"] / "n3")])
    assert result.exit_code == 1
    assert "bad.jsonl, line 1: entity 0: [E007] Unknown entity label 'PERSON'" in result.stderr


# spaCy's packager leaves the files it writes unclosed: not our warnings to fail on
@pytest.mark.filterwarnings("ignore::ResourceWarning",
                            "ignore::pytest.PytestUnraisableExceptionWarning")
def test_spacy_package_builds_an_installable_sdist(trained: dict[str, Path]) -> None:
    from spacy.cli.package import package

    packages = trained["work"] / "packages"
    packages.mkdir()
    # what `python -m spacy package my-pipeline packages --build sdist` runs
    package(trained["out"], packages, create_sdist=True, create_wheel=False, silent=True)
    gc.collect()  # close the leaked files here, under this test's filters
    root = packages / "id_my_pipeline-0.0.1"
    (sdist,) = (root / "dist").glob("*.tar.gz")
    with tarfile.open(sdist) as tar:
        names = tar.getnames()
    assert any(n.endswith("bkkbn_crf_ner/model.crfsuite") for n in names)
    assert any(n.endswith("bkkbn_topics/topic_tagger.npz") for n in names)
    requires = (root / "id_my_pipeline.egg-info" / "requires.txt").read_text(encoding="utf-8")
    assert f"bkkbn_nlp>={bkkbn_nlp.__version__}" in requires
    # the generated package loads the pipeline (components found through bkkbn_nlp)
    sys.path.insert(0, str(root))
    try:
        module = importlib.import_module("id_my_pipeline")
        nlp = module.load()
    finally:
        sys.path.remove(str(root))
        sys.modules.pop("id_my_pipeline", None)
    assert "bkkbn_topics" in nlp.pipe_names
    assert [e.text for e in nlp("Ia tiba di Bandung.").ents] == ["Bandung"]


def test_entity_cut_by_a_sentence_boundary_becomes_two_valid_entities() -> None:
    from bkkbn_nlp.io.labelled import LabelledDocument
    from bkkbn_nlp.training import labelled_to_sentences

    text = "Kami menginap di Pop! Hotel Tanjung Karang kemarin."
    start = text.index("Pop!")
    end = text.index(" kemarin")
    sents = labelled_to_sentences([LabelledDocument(
        text=text, entities=[{"start": start, "end": end, "label": "ORG"}])])
    tags = [t for s in sents for t in s.tags]
    assert len(sents) == 2  # the sentence rules cut after "!"
    assert sents[1].tags[:3] == ("B-ORG", "I-ORG", "I-ORG")
    assert tags.count("B-ORG") == 2 and tags.count("I-ORG") == 3


def test_labelled_sentences_record_where_the_text_has_spaces() -> None:
    from bkkbn_nlp.io.labelled import LabelledDocument
    from bkkbn_nlp.training import labelled_to_sentences

    text = "Wakil Presiden Faruq El-Shara tiba.\n\nIa (wakil) pulang."
    sents = labelled_to_sentences([LabelledDocument(text=text, entities=[])])
    assert [dict(zip(s.words, s.spaces or (), strict=True)) for s in sents] == [
        {"Wakil": True, "Presiden": True, "Faruq": True, "El": False, "-": False,
         "Shara": True, "tiba": False, ".": True},
        {"Ia": True, "(": False, "wakil": False, ")": True, "pulang": False, ".": True}]
