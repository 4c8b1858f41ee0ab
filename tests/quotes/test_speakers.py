"""Pass 3: speakers around a cue (:mod:`bkkbn_nlp.quotes.speakers`)."""

from __future__ import annotations

from spacy.language import Language

from bkkbn_nlp.quotes.context import Article
from bkkbn_nlp.quotes.speakers import speaker_after, speaker_before


def _cue(art: Article, word: str) -> int:
    return next(t.i for t in art.doc if t.text == word)


def test_person_after_the_cue_with_appositive(nlp: Language) -> None:
    art = Article(nlp("Harga stabil, kata Yusuf Effendi, Kepala Dinas Perdagangan, di Garut."))
    i = _cue(art, "kata")
    sp, end = speaker_after(art, i, len(art.doc))
    assert sp is not None and (sp.kind, sp.name) == ("per", "Yusuf Effendi")
    assert art.doc[end].text == "," and art.doc[end + 1].text == "di"
    off = Article(art.doc, frozenset({"appositive_role"}))
    assert speaker_after(off, i, len(art.doc))[1] < end


def test_pronoun_and_description_after_the_cue(nlp: Language) -> None:
    art = Article(nlp("Harga stabil, kata dia."))
    sp, _ = speaker_after(art, _cue(art, "kata"), len(art.doc))
    assert sp is not None and sp.kind == "pronoun"
    art = Article(nlp("Harga stabil, ujar pengamat ekonomi itu."))
    sp, _ = speaker_after(art, _cue(art, "ujar"), len(art.doc))
    assert sp is not None and (sp.kind, sp.text) == ("descr", "pengamat ekonomi")


def test_role_after_the_cue(nlp: Language) -> None:
    art = Article(nlp("Harga stabil, kata Kepala Dinas Perdagangan Garut."))
    sp, _ = speaker_after(art, _cue(art, "kata"), len(art.doc))
    assert sp is not None and sp.kind == "role" and sp.role == "Kepala"


def test_speaker_before_a_verb_cue(nlp: Language) -> None:
    art = Article(nlp("Bupati Garut, Budi Santoso, mengatakan harga stabil."))
    sp = speaker_before(art, _cue(art, "mengatakan"), 0)
    assert sp is not None and sp.name == "Budi Santoso"
    art = Article(nlp("Politikus partai itu menyebut harga akan turun."))
    sp = speaker_before(art, _cue(art, "menyebut"), 0)
    assert sp is not None and sp.kind == "descr"
    off = Article(art.doc, frozenset({"demonstrative_description"}))
    sp_off = speaker_before(off, _cue(off, "menyebut"), 0)
    assert sp_off is None or sp_off.kind != "descr"
