"""The CRF tagger: training on a tiny slice, tagging, and the component's disk round trip."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from bkkbn_nlp.entities.corpora import TaggedSentence
from bkkbn_nlp.entities.crf import MODEL_FILE, CrfTagger, Featurizer, train_crf
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
    assert feats[1]["-1:w=kepala"] == 1.0 and feats[0]["-1:w=<BOS>"] == 1.0
    assert feats[1]["w=bkkbn"] == 1.0 and feats[1]["shape=X"] == 1.0
    assert feats[2]["-1:gaz.agency.1"] == 1.0  # the neighbour's gazetteer flag
    assert all(isinstance(v, float) for f in feats for v in f.values())  # CRFsuite items


def test_spacing_features_tell_a_joined_hyphen_from_a_separator() -> None:
    words = ["Faruq", "El", "-", "Shara", "dan", "Subianto", "-", "Hatta"]
    spaces = [True, False, False, True, True, True, True, True]
    feats = Featurizer().sentence(words, spaces)
    assert feats[2].get("glue.l") == feats[2].get("glue.r") == 1.0  # El-Shara
    assert "glue.r" in feats[1] and "glue.l" in feats[3] and "glue.r" not in feats[3]
    assert not any(k.startswith("glue") for k in feats[6])  # Subianto - Hatta
    assert not any(k.startswith("glue") for f in Featurizer().sentence(words) for k in f)


def test_word_cache_does_not_change_features() -> None:
    featurizer = Featurizer()
    words = ["Bupati", "Garut", "dan", "Bupati", "Garut", "hadir", "."]
    first = featurizer.sentence(words)
    assert featurizer.sentence(words) == first  # from the cache
    assert Featurizer().sentence(words) == first  # a fresh featurizer agrees

    def own(f: dict[str, float]) -> set[str]:
        return {k for k in f if not k.startswith(("-1:", "-2:", "1:", "2:"))}

    assert own(first[1]) == own(first[4])  # same word, same features of its own
    assert first[1]["-1:w=bupati"] == 1.0 and first[4]["-2:w=dan"] == 1.0
    first[0]["bias"] = 5.0  # callers may change the items they get
    assert featurizer.sentence(words)[0]["bias"] == 1.0


def test_trained_tagger_learns_the_slice(tiny_model: Path) -> None:
    tagger = CrfTagger(tiny_model)
    assert tagger.tag(["Andi", "Rahman", "tiba", "di", "Kendari", "."]) == \
        ["B-PER", "I-PER", "O", "O", "B-LOC", "O"]
    assert tagger.tag([]) == []


def test_biluo_trained_tagger_returns_bio(tmp_path: Path) -> None:
    model = train_crf(TINY, tmp_path / MODEL_FILE, c1=0.0, c2=0.01, max_iterations=50,
                      scheme="biluo")
    tagger = CrfTagger(model)
    assert {"U-LOC", "L-PER"} <= set(tagger._tagger.labels())  # learnt as BILUO
    assert tagger.tag(["Andi", "Rahman", "tiba", "di", "Kendari", "."]) == \
        ["B-PER", "I-PER", "O", "O", "B-LOC", "O"]
    with pytest.raises(ValueError, match="unknown tag scheme"):
        train_crf(TINY, tmp_path / "x.crfsuite", scheme="bioes")


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


def test_word_feature_table_round_trip_and_features(tmp_path: Path) -> None:
    from bkkbn_nlp.entities.crf import LEXICON_FILE, read_lexicon, write_lexicon

    lexicon = (("nnp", "cap"), {"kendari": ("1", "1"), "tiba": ("0", "")})
    path = tmp_path / LEXICON_FILE
    write_lexicon(lexicon, path)
    assert read_lexicon(path) == lexicon
    feats = Featurizer(lexicon=lexicon).sentence(["Andi", "tiba", "di", "Kendari"])
    assert feats[3]["nnp=1"] == 1.0 and feats[3]["cap=1"] == 1.0
    assert "cap=" not in " ".join(feats[1])  # empty values give no feature
    assert feats[2]["1:nnp=1"] == 1.0  # the neighbour's word features
    (tmp_path / "bad.tsv").write_text("kendari\t1\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"E090.*#word"):
        read_lexicon(tmp_path / "bad.tsv")
    (tmp_path / "bad.tsv").write_text("#word\tnnp\tcap\nkendari\t1\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"E090.*line 2"):
        read_lexicon(tmp_path / "bad.tsv")


def test_metrics_beside_the_model_go_into_a_saved_pipeline(tiny_model: Path,
                                                          tmp_path: Path) -> None:
    from bkkbn_nlp.entities.crf import METRICS_FILE

    (tiny_model.parent / METRICS_FILE).write_text('{"sources": []}', encoding="utf-8")
    nlp = spacy.blank("id", config=TOKENIZER_CONFIG)
    nlp.add_pipe("bkkbn_crf_ner").load_model(tiny_model)
    nlp.to_disk(tmp_path / "p")
    assert (tmp_path / "p" / "bkkbn_crf_ner" / METRICS_FILE).read_text(encoding="utf-8") == \
        '{"sources": []}'



def _stub_viterbi(tagger: CrfTagger, paths: dict[tuple[str, ...], list[str]]) -> None:
    """Make ``tagger`` return fixed Viterbi paths, so the decoding step is tested alone."""
    tagger._viterbi = lambda words, spaces: list(paths[tuple(words)])  # type: ignore[method-assign]


@pytest.mark.parametrize(("words", "merged", "without_place", "expected"), [
    # a country and the name after it, merged by the CRF: cut after the country, the rest
    # tagged again in the sentence without it (third column: that sentence and its path)
    ("kata Menteri Luar Negeri Inggris Andi Rahman .", "O O O O B-LOC I-LOC I-LOC O",
     ("kata Menteri Luar Negeri Andi Rahman .", "O O O O B-PER I-PER O"),
     "O O O O B-LOC B-PER I-PER O"),
    ("perusahaan farmasi Sri Lanka Sinar Medika tumbuh", "O O B-LOC I-LOC I-LOC I-LOC O",
     ("perusahaan farmasi Sinar Medika tumbuh", "O O B-ORG I-ORG O"),
     "O O B-LOC I-LOC B-ORG I-ORG O"),
    # directions and venue words continue the place; a known place as a whole stays
    ("di Afrika Barat .", "O B-LOC I-LOC O", None, "O B-LOC I-LOC O"),
    ("di Jakarta Convention Center .", "O B-LOC I-LOC I-LOC O", None, "O B-LOC I-LOC I-LOC O"),
    ("di Jawa Barat .", "O B-LOC I-LOC O", None, "O B-LOC I-LOC O"),
    # an electoral district: the numeral is not part of the place
    ("daerah pemilihan Jawa Tengah II", "O O B-LOC I-LOC I-LOC", None, "O O B-LOC I-LOC O"),
    # lower-case words after the place are left as the CRF tagged them
    ("di Jerman bagian tengah", "O B-LOC I-LOC I-LOC", None, "O B-LOC I-LOC I-LOC"),
])
def test_place_followed_by_a_name_is_split(tiny_model: Path, words: str, merged: str,
                                           without_place: tuple[str, str] | None,
                                           expected: str) -> None:
    tagger = CrfTagger(tiny_model)
    paths = {tuple(words.split()): merged.split()}
    if without_place is not None:
        paths[tuple(without_place[0].split())] = without_place[1].split()
    _stub_viterbi(tagger, paths)
    assert tagger.tag(words.split()) == expected.split()
    assert tagger.tag(words.split(), split_places=False) == merged.split()


def test_person_after_an_agency_is_cut_off_an_org(tiny_model: Path) -> None:
    tagger = CrfTagger(tiny_model)
    words = "kata Kepala Dinas Kemenkes Andi Rahman .".split()
    merged = "O O B-ORG I-ORG I-ORG I-ORG O".split()
    without = "kata Kepala Andi Rahman .".split()
    _stub_viterbi(tagger, {tuple(words): merged,
                           tuple(without): "O O B-PER I-PER O".split()})
    assert tagger.tag(words) == "O O B-ORG I-ORG B-PER I-PER O".split()
    # the rest is kept in the ORG when the CRF does not call it a person on its own
    _stub_viterbi(tagger, {tuple(words): merged,
                           tuple(without): "O O B-ORG I-ORG O".split()})
    assert tagger.tag(words) == merged
