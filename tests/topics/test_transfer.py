"""Issue 22: stemmed features, calibrated scores, outlet-grouped threshold folds and the
leave-one-source-group-out evaluation, on tiny invented data."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from bkkbn_nlp.evaluation.topic_sources import (
    SOURCE_GROUPS,
    SourceArticle,
    cross_source,
    reliability,
    render_cross_source,
    source_group,
)
from bkkbn_nlp.lang.stemmer import stem, stem_text
from bkkbn_nlp.topics import TopicModel, TopicTagger

_TEXTS = {
    "kesehatan": ["Puskesmas membuka layanan imunisasi anak dan memeriksa gizi balita.",
                  "Rumah sakit menambah dokter; pasien rawat inap diperiksa kesehatannya.",
                  "Dinas kesehatan menyehatkan warga dengan pemeriksaan penyakit gratis.",
                  "Dokter memberi vaksin kepada anak sekolah di posyandu desa."],
    "olahraga": ["Tim sepak bola menang dua gol dalam pertandingan di stadion.",
                 "Atlet bulu tangkis meraih medali emas; pertandingannya ketat.",
                 "Pelatih klub basket menyiapkan pemain untuk liga musim depan.",
                 "Pelari muda memecahkan rekor lari dalam kejuaraan nasional."],
}


def _data(copies: int = 3) -> tuple[list[str], list[list[str]]]:
    X = [t for _ in range(copies) for texts in _TEXTS.values() for t in texts]
    Y = [[lab] for _ in range(copies) for lab, texts in _TEXTS.items() for _ in texts]
    return X, Y


@pytest.mark.parametrize(("word", "root"), [
    ("pemerintahan", "perintah"), ("kesehatan", "sehat"), ("menyehatkan", "sehat"),
    ("pendidikan", "didik"), ("dikembangkan", "kembang"), ("pertandingan", "tanding"),
    ("kebakaran", "bakar"), ("banjir", "banjir"), ("ujarnya", "ujar"),
])
def test_stem_reaches_the_root(word: str, root: str) -> None:
    assert stem(word) == root


def test_stem_leaves_names_and_foreign_words() -> None:
    assert stem("jokowi") == "jokowi" and stem("smartphone") == "smartphone"
    assert stem_text("Kebakaran hutan-hutan, kata Bupati.") == "bakar hutan-hutan, kata bupati."


def test_stemmed_calibrated_model_round_trips(tmp_path: Path) -> None:
    X, Y = _data()
    tagger = TopicTagger(stem=True, calibrate=True, char_ngrams=None, threshold_cv=3).fit(X, Y)
    assert set(tagger.calibration_) == {"kesehatan", "olahraga"}
    assert all(a > 0 for a, _ in tagger.calibration_.values())
    tagger.save(tmp_path)
    model = TopicModel.load(tmp_path)
    assert model.stem
    probe = ["Kesehatannya diperiksa dokter puskesmas.", "Pertandingan bola di stadion."]
    assert np.allclose(model.predict_proba(probe), tagger.predict_proba(probe))
    assert model.predict(probe) == [["kesehatan"], ["olahraga"]]
    assert not TopicTagger(char_ngrams=None, threshold_cv=0).fit(X, Y).model_.stem


def test_groups_make_whole_outlet_threshold_folds() -> None:
    X, Y = _data()
    groups = [f"outlet-{k % 4}" for k in range(len(X))]
    tagger = TopicTagger(char_ngrams=None, threshold_cv=5).fit(X, Y, groups=groups)
    assert set(tagger.thresholds_) == {"kesehatan", "olahraga"}
    with pytest.raises(ValueError, match="groups"):
        TopicTagger(char_ngrams=None).fit(X, Y, groups=groups[:-1])


def test_reliability_table_and_ece() -> None:
    proba = np.array([[0.05, 0.95], [0.15, 0.85], [0.95, 0.05]])
    gold = np.array([[0, 1], [0, 1], [1, 0]], dtype=float)
    rows = reliability(proba, gold)
    assert rows[-1]["bin"] == "ECE" and 0 <= rows[-1]["mean_score"] < 0.2
    assert sum(r["n"] for r in rows[:-1]) == proba.size


def test_cross_source_holds_out_each_group() -> None:
    corpora = [("news2015", "republika.co.id"), ("indosum", "cnn indonesia"),
               ("clickid", "Kompas.com"), ("clickid", "tempo.co"), ("clickid", "okezone.com")]
    articles = []
    for k, (corpus, outlet) in enumerate(corpora):
        for j, (lab, texts) in enumerate(_TEXTS.items()):
            for i, text in enumerate(texts):
                articles.append(SourceArticle(f"{k}-{j}-{i}", text, (lab,), corpus, outlet,
                                              2015 + k))
    assert [source_group(a) for a in articles[::8]] == list(SOURCE_GROUPS)
    res = cross_source(articles, lambda: TopicTagger(char_ngrams=None, threshold_cv=3,
                                                    stem=True))
    assert list(res["groups"]) == list(SOURCE_GROUPS)
    assert all(r["n"] == 8 for r in res["groups"].values())
    assert 0.0 <= res["average"]["tagger"]["micro_f1"] <= 1.0
    page = render_cross_source(res)
    assert "average over groups" in page and "Expected calibration error" in page
