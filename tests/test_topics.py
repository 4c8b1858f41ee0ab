"""The topic tagger (issue 5): scikit-learn contract, persistence, baseline, spaCy component.

Training data here is a tiny invented set of short Indonesian texts, only to prove the code
path works; the real evaluation is ``scripts/train_topics.py``.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError

from bkkbn_nlp.schema import TOPIC_LABELS
from bkkbn_nlp.topics import (
    KeywordBaseline,
    TopicComponent,
    TopicTagger,
    load_keywords,
    make_topics,
    preprocess,
    top_labels,
)

TINY: list[tuple[str, list[str]]] = [
    ("Persib menang 2-0 atas Persija di stadion, pelatih memuji pemain.", ["olahraga"]),
    ("Atlet bulu tangkis meraih medali emas di kejuaraan dunia.", ["olahraga"]),
    ("Timnas kalah di laga final piala, gol tercipta menit akhir.", ["olahraga"]),
    ("Klub sepak bola merekrut pemain baru untuk liga musim depan.", ["olahraga"]),
    ("Harga beras dan cabai naik, inflasi bulan ini meningkat.", ["ekonomi"]),
    ("Rupiah melemah terhadap dolar, saham di bursa turun.", ["ekonomi"]),
    ("Investasi asing dan ekspor mendorong pertumbuhan ekonomi.", ["ekonomi"]),
    ("Bank menurunkan bunga kredit untuk pelaku UMKM.", ["ekonomi"]),
    ("Polisi menangkap tersangka pencurian motor di pasar.", ["hukum_keamanan"]),
    ("KPK menahan pejabat dalam kasus korupsi proyek.", ["hukum_keamanan"]),
    ("Hakim menjatuhkan vonis penjara kepada terdakwa pembunuhan.", ["hukum_keamanan"]),
    ("Kecelakaan bus menewaskan tiga penumpang, polisi menyelidiki.", ["hukum_keamanan"]),
    ("Puskesmas membuka layanan imunisasi balita dan ibu hamil.",
     ["kesehatan", "kependudukan_kb"]),
    ("Dokter rumah sakit merawat pasien demam berdarah.", ["kesehatan"]),
    ("Dinas kesehatan mencatat kasus diare meningkat.", ["kesehatan"]),
    ("BKKBN mengajak pasangan usia subur memakai alat kontrasepsi.", ["kependudukan_kb"]),
    ("Kampung KB diresmikan untuk pembangunan keluarga.", ["kependudukan_kb"]),
    ("Penyuluh keluarga berencana melayani akseptor KB baru.",
     ["kependudukan_kb", "kesehatan"]),
]
TEXTS = [t for t, _ in TINY]
LABELS = [y for _, y in TINY]


@pytest.fixture(scope="module")
def fitted() -> TopicTagger:
    return TopicTagger(min_df=1, threshold_cv=3, max_features=2000).fit(TEXTS, LABELS)


# -- scikit-learn contract ----------------------------------------------------------------


def test_init_only_stores_params_and_clone_works() -> None:
    tagger = TopicTagger(C=3.0, max_features=500, char_ngrams=(2, 4))
    params = tagger.get_params()
    assert params["C"] == 3.0 and params["char_ngrams"] == (2, 4)
    twin = clone(tagger)
    assert twin.get_params() == params
    assert TopicTagger(**params).get_params() == params
    assert not [k for k in vars(tagger) if k.endswith("_")]
    tagger.set_params(C=1.0)
    assert tagger.C == 1.0


def test_not_fitted_error() -> None:
    with pytest.raises(NotFittedError):
        TopicTagger().predict_proba(["teks"])
    with pytest.raises(NotFittedError):
        TopicTagger().predict(["teks"])


def test_fit_returns_self_and_learned_attrs_end_in_underscore() -> None:
    tagger = TopicTagger(min_df=1, threshold_cv=0)
    assert tagger.fit(TEXTS, LABELS) is tagger
    learned = {k for k in vars(tagger) if k not in tagger.get_params()}
    assert learned and all(k.endswith("_") for k in learned)
    for name in ("labels_", "thresholds_", "word_vectorizer_", "coef_", "skipped_labels_"):
        assert name in learned


def test_clone_of_fitted_is_unfitted(fitted: TopicTagger) -> None:
    with pytest.raises(NotFittedError):
        clone(fitted).predict(["teks"])


def test_rejects_bad_input() -> None:
    with pytest.raises(TypeError):
        TopicTagger().fit("satu teks", [["ekonomi"]])
    with pytest.raises(ValueError):
        TopicTagger().fit(["a b", "c d"], [["ekonomi"]])


# -- behaviour ----------------------------------------------------------------------------


def test_labels_follow_the_taxonomy_and_proba_shape(fitted: TopicTagger) -> None:
    assert fitted.labels_ == [lab for lab in TOPIC_LABELS if any(lab in y for y in LABELS)]
    proba = fitted.predict_proba(["Harga saham naik", "Pemain mencetak gol"])
    assert proba.shape == (2, len(fitted.labels_))
    assert ((proba >= 0) & (proba <= 1)).all()
    assert set(fitted.thresholds_) == set(fitted.labels_)


def test_predict_returns_one_to_three_labels(fitted: TopicTagger) -> None:
    preds = fitted.predict(["Pelatih dan pemain merayakan gol kemenangan di stadion.",
                            "Polisi menangkap pelaku korupsi.", "zzz qqq"])
    assert all(1 <= len(p) <= 3 for p in preds)
    assert preds[0][0] == "olahraga"
    assert preds[1][0] == "hukum_keamanan"


def test_label_without_examples_is_skipped() -> None:
    tagger = TopicTagger(min_df=1, threshold_cv=0, labels=TOPIC_LABELS).fit(TEXTS, LABELS)
    assert "pendidikan" in tagger.skipped_labels_
    assert "pendidikan" not in tagger.labels_


def test_rare_label_gets_a_model_and_a_note() -> None:
    texts = TEXTS[:12] + ["Guru dan siswa sekolah memulai kurikulum baru."]
    labels = LABELS[:12] + [["pendidikan"]]
    tagger = TopicTagger(min_df=1, threshold_cv=3).fit(texts, labels)
    assert "pendidikan" in tagger.labels_
    assert "pendidikan" in tagger.notes_
    assert tagger.thresholds_["pendidikan"] == tagger.default_threshold


def test_preprocess_strips_noise() -> None:
    assert preprocess("KOMPAS.com - Harga naik 5%.Sebuah toko") == "harga naik sebuah toko"
    assert preprocess("anak-anak (10) bermain") == "anak-anak bermain"


# -- persistence --------------------------------------------------------------------------


def test_save_load_round_trip(fitted: TopicTagger, tmp_path: Path) -> None:
    fitted.save(tmp_path / "m")
    files = sorted(p.name for p in (tmp_path / "m").iterdir())
    assert files == ["topic_tagger.json", "topic_tagger.npz"]
    loaded = TopicTagger.load(tmp_path / "m")
    probe = ["Harga beras naik di pasar", "BKKBN membagikan kontrasepsi", "gol di menit akhir"]
    np.testing.assert_array_equal(loaded.predict_proba(probe), fitted.predict_proba(probe))
    assert loaded.predict(probe) == fitted.predict(probe)
    assert loaded.thresholds_ == fitted.thresholds_
    assert loaded.get_params() == fitted.get_params()
    with np.load(tmp_path / "m" / "topic_tagger.npz", allow_pickle=False) as arrays:
        assert all(arrays[k].dtype != object for k in arrays.files)


# -- keyword baseline ---------------------------------------------------------------------


def test_keyword_file_covers_the_taxonomy() -> None:
    keywords = load_keywords()
    assert list(keywords) == list(TOPIC_LABELS)
    assert all(len(v) >= 10 for v in keywords.values())


def test_keyword_baseline() -> None:
    base = KeywordBaseline()
    preds = base.predict(["Persib menang, pelatih memuji pemainnya di stadion.",
                          "Harga beras naik, petani panen padi di sawah.", "xyz"])
    assert preds[0] == ["olahraga"]
    assert preds[1][0] == "pertanian_pangan"
    assert preds[2] == []
    assert KeywordBaseline(fallback="most_frequent").fit(TEXTS, LABELS).predict(["xyz"]) == [
        ["olahraga"]]
    assert base.hits("Polisi dan polisinya")["hukum_keamanan"] == 2


# -- spaCy component ----------------------------------------------------------------------


def test_top_labels() -> None:
    scores = {"ekonomi": 0.7, "politik": 0.2, "olahraga": 0.4}
    assert top_labels(scores, {"ekonomi": 0.5, "politik": 0.1, "olahraga": 0.5}) == [
        ("ekonomi", 0.7), ("politik", 0.2)]
    assert top_labels(scores, {"ekonomi": 0.9, "politik": 0.9, "olahraga": 0.9}) == [
        ("ekonomi", 0.7)]
    assert top_labels({}, {}) == []


def test_component_sets_doc_topics(fitted: TopicTagger, tmp_path: Path) -> None:
    import spacy

    import bkkbn_nlp.pipeline  # noqa: F401  (registers doc._.topics)

    nlp = spacy.blank("id")
    fitted.save(tmp_path / "model")
    component = TopicComponent(nlp, "bkkbn_topics", model_path=tmp_path / "model")
    doc = component(nlp("Pemain mencetak gol di stadion."))
    assert set(doc._.topics) == set(fitted.labels_)
    assert max(doc._.topics, key=doc._.topics.get) == "olahraga"
    assert all(isinstance(v, float) for v in doc._.topics.values())
    chosen = top_labels(doc._.topics, component.thresholds)
    assert chosen[0][0] == "olahraga"

    # to_disk / from_disk keep the model files in the component's directory
    component.to_disk(tmp_path / "comp")
    other = make_topics(nlp, "bkkbn_topics").from_disk(tmp_path / "comp")
    doc2 = other(nlp("Pemain mencetak gol di stadion."))
    assert doc2._.topics == doc._.topics
    batch = list(other.pipe([nlp("Harga saham naik."), nlp("Polisi menangkap pencuri.")]))
    assert all(d._.topics for d in batch)

    # without a model the component leaves doc._.topics empty
    assert make_topics(nlp, "t")(nlp("Teks."))._.topics == {}


def test_shipped_model_if_present() -> None:
    root = Path(__file__).resolve().parent.parent / "models" / "topics"
    if not (root / "topic_tagger.json").is_file():
        pytest.skip("no trained topic model in models/topics")
    tagger = TopicTagger.load(root)
    size = sum(p.stat().st_size for p in root.iterdir() if p.is_file())
    assert size < 20 * 1024 * 1024
    metrics = json.loads((root / "metrics.json").read_text(encoding="utf-8"))
    assert metrics["sources"]
    assert set(tagger.labels_) <= set(TOPIC_LABELS)
    pred = tagger.predict(["Pelatih timnas memanggil pemain untuk laga kualifikasi Piala Dunia."])
    assert pred[0][0] == "olahraga"
