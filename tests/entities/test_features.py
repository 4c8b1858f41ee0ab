"""CRF feature version 2 (issue 21): uncased sentences share one set of features, the
organisation name and context words, and the version saved with the model."""

from __future__ import annotations

from bkkbn_nlp.entities.crf import Featurizer, uncased_sentence

WORDS = ["Saham", "PT", "Maju", "Jaya", "Tbk", "naik", "di", "Jakarta", "Barat"]


def test_uncased_sentences() -> None:
    assert uncased_sentence(["warga", "jakarta", "dan", "indonesia"])
    assert uncased_sentence(["Warga", "jakarta", "dan", "indonesia"])  # only the first
    assert uncased_sentence(["WARGA", "JAKARTA", "DAN", "INDONESIA"])
    assert not uncased_sentence(["Warga", "Jakarta", "dan", "Indonesia"])
    assert not uncased_sentence(["BKKBN", "dan", "BPS", "hadir"])


def test_version_2_lower_and_upper_copies_share_features() -> None:
    f = Featurizer(version=2)
    lower = f.sentence([w.lower() for w in WORDS])
    upper = f.sentence([w.upper() for w in WORDS])
    assert lower == upper
    assert all(item["case=uncased"] == 1.0 for item in lower)
    # the lower-cased gazetteer match still fires ("jakarta barat")
    assert any(k.startswith("gaz.region") and k.endswith(".lc") for k in lower[7])


def test_version_2_organisation_words() -> None:
    items = Featurizer(version=2).sentence(WORDS)
    assert items[1]["orgw.head"] == 1.0 and items[4]["orgw.tail"] == 1.0
    assert items[3]["1:orgw.tail"] == 1.0 and items[2]["-1:orgw.head"] == 1.0
    assert items[2]["ctx.org.l"] == 1.0  # "Saham" two words before
    assert "ctx.org.l" not in items[8]
    assert "case=uncased" not in items[0]


def test_version_1_is_unchanged() -> None:
    items = Featurizer().sentence(WORDS)
    assert not any(k.startswith(("orgw", "ctx.", "case=")) or ":orgw" in k
                   for item in items for k in item)
    lower = Featurizer().sentence([w.lower() for w in WORDS])
    assert "case=uncased" not in lower[0]


def test_the_version_and_lists_are_saved_with_the_model() -> None:
    f = Featurizer(version=2)
    again = Featurizer.from_json(f.to_json())
    assert again.version == 2 and again.org_words == f.org_words
    assert again.sentence(WORDS) == f.sentence(WORDS)
    old = Featurizer.from_json(Featurizer().to_json())
    assert old.version == 1 and "_features" not in Featurizer().to_json()


def test_version_3_adds_uncased_only_copies() -> None:
    f = Featurizer(version=3)
    lower = f.sentence([w.lower() for w in WORDS])
    assert lower[1]["u:w=pt"] == 1.0 and lower[1]["w=pt"] == 1.0
    assert len(lower[1]) == 2 * len(Featurizer(version=2).sentence(
        [w.lower() for w in WORDS])[1])
    assert not any(k.startswith("u:") for k in f.sentence(WORDS)[1])
    assert Featurizer.from_json(f.to_json()).version == 3
