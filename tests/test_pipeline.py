"""Loading, building and checking pipelines."""

from __future__ import annotations

from importlib.metadata import entry_points
from pathlib import Path

import pytest
import spacy
from spacy.language import Language

import bkkbn_nlp
from bkkbn_nlp.errors import ModelNotFoundError, PipelineError
from bkkbn_nlp.io.schema import TOPIC_LABELS
from bkkbn_nlp.pipeline import build_default_pipeline, check_pipeline, default_pipeline_path


def test_load_returns_language_with_extensions(nlp) -> None:  # type: ignore[no-untyped-def]
    assert isinstance(nlp, Language)
    assert nlp.lang == "id"
    assert "bkkbn_sentencizer" in nlp.pipe_names
    doc = nlp("Satu. Dua.")
    assert doc._.quotes == []  # no quote in this text
    assert set(doc._.topics) == set(TOPIC_LABELS)  # the topic tagger scores every label
    doc._.topics = {"kesehatan": 0.5}
    assert doc._.topics == {"kesehatan": 0.5}


def test_bundled_pipeline_is_what_the_build_script_makes(nlp) -> None:  # type: ignore[no-untyped-def]
    crf = default_pipeline_path() / "bkkbn_crf_ner" / "model.crfsuite"
    topics = default_pipeline_path() / "bkkbn_topics"
    built = build_default_pipeline(crf_model=crf, topics_model=topics)
    assert built.pipe_names == nlp.pipe_names
    assert built.config.to_str() == nlp.config.to_str()
    text = "Plt. Kepala Kab. Konawe, anak-anak. \"Ya,\" katanya.\nBaru"
    assert [t.text for t in built(text)] == [t.text for t in nlp(text)]
    assert [s.text for s in built(text).sents] == [s.text for s in nlp(text).sents]
    assert [(e.text, e.label_) for e in built(text).ents] == [(e.text, e.label_) for e in nlp(text).ents]
    assert built(text)._.topics == nlp(text)._.topics
    assert {"name": "bkkbn_nlp topic annotations (data/annotations/topics, labels by article id)",
            "license": "MIT (project annotations)"} in nlp.meta["sources"]


def test_topics_load_lazily_and_without_sklearn() -> None:
    import subprocess
    import sys

    code = (
        "import sys, bkkbn_nlp\n"
        "nlp = bkkbn_nlp.load()\n"
        "pipe = nlp.get_pipe('bkkbn_topics')\n"
        "assert pipe._model is None and pipe.thresholds  # weights not read yet\n"
        "doc = nlp('Harga cabai naik di pasar.')\n"
        "assert doc._.topics and pipe._model is not None\n"
        "bad = [k for k in sys.modules if k.split('.')[0] in ('sklearn', 'scipy')]\n"
        "assert not bad, bad[:5]\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_default_pipeline_is_in_models_dir() -> None:
    path = default_pipeline_path()
    assert path.name == "bkkbn_id_default"
    assert path.parent.name == "models"


def test_to_disk_and_load_path_round_trip(nlp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    nlp.to_disk(tmp_path / "p")
    again = bkkbn_nlp.load(tmp_path / "p")
    text = "Drs. H. Andi, M.Si. hadir. Ia pulang."
    assert [s.text for s in again(text).sents] == [s.text for s in nlp(text).sents]
    # spacy.load alone finds our components (entry points / registration)
    plain = spacy.load(tmp_path / "p")
    assert plain.pipe_names == nlp.pipe_names


def test_load_missing_path_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ModelNotFoundError, match="E002"):
        bkkbn_nlp.load(tmp_path / "nothing")
    with pytest.raises(FileNotFoundError):
        bkkbn_nlp.load(tmp_path / "nothing")


def test_check_pipeline_enforces_requirements() -> None:
    name = "test_needs_ents"
    if name not in Language.factories:
        @Language.component(name, requires=["doc.ents"])
        def needs_ents(doc):  # type: ignore[no-untyped-def]
            return doc

    nlp = spacy.blank("id", config={"nlp": {"tokenizer": {"@tokenizers": "bkkbn.Tokenizer.v1"}}})
    nlp.add_pipe(name)
    with pytest.raises(PipelineError, match="E004"):
        check_pipeline(nlp)


def test_entry_points_are_published() -> None:
    factories = {ep.name for ep in entry_points(group="spacy_factories")}
    tokenizers = {ep.name for ep in entry_points(group="spacy_tokenizers")}
    assert "bkkbn_sentencizer" in factories
    assert "bkkbn.Tokenizer.v1" in tokenizers


def test_meta_records_version_and_licence(nlp) -> None:  # type: ignore[no-untyped-def]
    assert nlp.meta["version"] == bkkbn_nlp.__version__
    assert nlp.meta["license"] == "MIT"


def test_json_entities_carry_roles_of_the_gold_fixture(raw_fixture, gold) -> None:  # type: ignore[no-untyped-def]
    import bkkbn_nlp

    got = {(e["start"], e["end"]): e for e in bkkbn_nlp.analyze(raw_fixture).to_dict()["entities"]}
    with_roles = [e for e in gold["entities"] if e.get("role")]
    assert with_roles
    for e in with_roles:
        mine = got.get((e["start"], e["end"]))
        assert mine is not None, e
        assert (mine.get("role"), mine.get("organization")) == (e["role"], e["organization"])
    assert all("role" not in e for e in got.values() if e["label"] != "PER")


def test_load_switches_rules_off_by_name_and_saves_the_choice(nlp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from bkkbn_nlp.lang.rules import read_rule_table

    entity_row, quote_row = read_rule_table("entities")[0], read_rule_table("quotes")[0]
    off = bkkbn_nlp.load(disable_rules=[entity_row.name, quote_row.name])
    assert entity_row.name in off.get_pipe("bkkbn_entity_rules").disabled_rules
    assert quote_row.name in off.get_pipe("bkkbn_quotes").disabled_rules
    assert not nlp.get_pipe("bkkbn_entity_rules").disabled_rules

    def ents(pipeline, text):  # type: ignore[no-untyped-def]
        return [(e.text, e.label_) for e in pipeline(text).ents]

    assert ents(off, entity_row.example) != ents(nlp, entity_row.example)
    assert off(quote_row.example)._.quotes != nlp(quote_row.example)._.quotes
    off.to_disk(tmp_path / "p")
    again = bkkbn_nlp.load(tmp_path / "p")
    assert again.get_pipe("bkkbn_quotes").disabled_rules == {quote_row.name}
    # a single name as a string is one rule, not its letters
    one = bkkbn_nlp.load(disable_rules=entity_row.name)
    assert one.get_pipe("bkkbn_entity_rules").disabled_rules == {entity_row.name}


def test_load_rejects_an_unknown_rule_name() -> None:
    with pytest.raises(ValueError, match=r"E091.*no_such_rule.*its rules are: .*"):
        bkkbn_nlp.load(disable_rules=["no_such_rule"])
