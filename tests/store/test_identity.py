"""Person identity across articles: titles stripped, full names merged, one-word names merged
only when unambiguous (invented names)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bkkbn_nlp.io.schema import Analysis, EntitySpan
from bkkbn_nlp.store import Store
from bkkbn_nlp.store.identity import OneWordResolver, name_key, split_name
from bkkbn_nlp.store.writer import ArticleMeta, write_article


@pytest.mark.parametrize(("text", "expected"), [
    ("Presiden Joko Widodo", ("Joko Widodo", "Presiden")),
    ("Wakil Bupati Rina Sari", ("Rina Sari", "Wakil Bupati")),
    ("Plt. Kepala Andi Rahman", ("Andi Rahman", "Plt. Kepala")),
    ("Dr. H. Andi Rahman, M.Si.", ("Andi Rahman", None)),
    ("Budi Santoso SH", ("Budi Santoso", None)),
    ("Mustakim", ("Mustakim", None)),
    ("Presiden", ("Presiden", None)),  # nothing left without the title: kept as written
], ids=lambda v: str(v))
def test_split_name(text: str, expected: tuple[str, str | None]) -> None:
    assert split_name(text) == expected


def test_name_key_ignores_case_spacing_and_punctuation() -> None:
    assert name_key("JOKO  Widodo.") == name_key("Joko Widodo") == "joko widodo"
    assert name_key("Wa Ode Nur-Hayati") == "wa ode nur-hayati"


def test_one_word_resolver() -> None:
    resolver = OneWordResolver([(1, "joko widodo"), (2, "susilo bambang yudhoyono"),
                                (3, "siti nurbaya"), (4, "siti marlina")])
    assert resolver.resolve("widodo") == 1
    assert resolver.resolve("jokowi") == 1  # blended from the full name
    assert resolver.resolve("sby", "SBY") == 2  # initials, written in capitals
    assert resolver.resolve("sby", "Sby") is None
    assert resolver.resolve("siti") is None  # two candidates: not merged
    assert resolver.resolve("budi") is None


def _article(store: Store, article_id: str, *names: str, date: str = "2019-01-01",
             speaker: str | None = None) -> None:
    """Store an article whose persons are ``names`` (as the pipeline normalised them)."""
    text = " ".join(names)
    ents, pos = [], 0
    for name in names:
        ents.append(EntitySpan(name, "PER", pos, pos + len(name), name))
        pos += len(name) + 1
    quotes = ()
    if speaker is not None:
        quotes = ({"type": "direct", "text": "Kita kerja.", "start": 0, "end": 5, "cue": None,
                   "speaker": {"name": speaker, "text": speaker, "start": 0, "end": 1}},)
    analysis = Analysis(text=text, entities=tuple(ents), quotes=quotes)
    store.con.execute("BEGIN")
    write_article(store.con, ArticleMeta(article_id, date=date), analysis)
    store.con.execute("COMMIT")
    store.reconcile()


def _people(store: Store) -> dict[str, int]:
    return {r["name"]: r["articles"] for r in store.people(limit=None)}


def test_full_name_title_and_one_word_merge(tmp_path: Path) -> None:
    with Store(tmp_path / "s.sqlite") as store:
        _article(store, "a1", "Presiden Joko Widodo")
        _article(store, "a2", "Joko Widodo")
        _article(store, "a3", "Widodo")
        _article(store, "a4", "Jokowi", speaker="Jokowi")
        assert _people(store) == {"Joko Widodo": 4}
        [person] = store.people()
        detail = store.person(person["id"])
        assert detail is not None
        assert detail["roles"][0]["role"] == "Presiden"
        assert set(detail["aliases"]) == {"Presiden Joko Widodo", "Widodo", "Jokowi"}
        assert [q["person"] for q in store.quotes(person="Jokowi")] == ["Joko Widodo"]
        assert len(store.quotes(person="Presiden Joko Widodo")) == 1


def test_a_one_word_name_seen_first_merges_when_the_full_name_comes(tmp_path: Path) -> None:
    with Store(tmp_path / "s.sqlite") as store:
        _article(store, "a1", "Hasnah")
        assert _people(store) == {"Hasnah": 1}
        _article(store, "a2", "Hasnah Wulandari")
        assert _people(store) == {"Hasnah Wulandari": 2}


def test_an_ambiguous_one_word_name_is_not_merged(tmp_path: Path) -> None:
    with Store(tmp_path / "s.sqlite") as store:
        _article(store, "a1", "Siti Marlina")
        _article(store, "a2", "Siti Aminah")
        _article(store, "a3", "Siti", speaker="Siti")
        assert _people(store) == {"Siti Marlina": 1, "Siti Aminah": 1, "Siti": 1}
        assert [q["person"] for q in store.quotes()] == ["Siti"]


def test_a_merge_is_undone_when_the_name_becomes_ambiguous(tmp_path: Path) -> None:
    with Store(tmp_path / "s.sqlite") as store:
        _article(store, "a1", "Bambang Sutejo")
        _article(store, "a2", "Bambang")
        assert _people(store) == {"Bambang Sutejo": 2}
        _article(store, "a3", "Bambang Irawan")
        assert _people(store) == {"Bambang Sutejo": 1, "Bambang Irawan": 1, "Bambang": 1}
        store.delete("a3")
        assert _people(store) == {"Bambang Sutejo": 2}


def test_different_full_names_stay_different_people(tmp_path: Path) -> None:
    with Store(tmp_path / "s.sqlite") as store:
        _article(store, "a1", "Andi Rahman", "Andi Rahmat")
        _article(store, "a2", "ANDI RAHMAN")
        assert _people(store) == {"Andi Rahman": 2, "Andi Rahmat": 1}


def test_an_agency_as_speaker_is_not_a_person(tmp_path: Path) -> None:
    with Store(tmp_path / "s.sqlite") as store:
        analysis = Analysis(
            text="BKKBN menyatakan program berjalan.",
            entities=(EntitySpan("BKKBN", "ORG", 0, 5, "Badan Kependudukan dan Keluarga "
                                 "Berencana Nasional", "agency:bkkbn"),),
            quotes=({"type": "indirect", "text": "program berjalan", "start": 17, "end": 33,
                     "cue": {"text": "menyatakan", "start": 6, "end": 16},
                     "speaker": {"name": "BKKBN", "text": "BKKBN", "start": 0, "end": 5}},))
        store.con.execute("BEGIN")
        write_article(store.con, ArticleMeta("a1"), analysis)
        store.con.execute("COMMIT")
        store.reconcile()
        [quote] = store.quotes()
        assert quote["person_id"] is None and quote["speaker_name"] == "BKKBN"
        assert store.stats()["people"] == 0
