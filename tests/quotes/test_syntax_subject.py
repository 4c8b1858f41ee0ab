"""Rule ``syntax_subject``: with a dependency parse, a ``-nya`` cue after narration whose
clause subject is another person refers to that person; without a parse (the default
pipeline) the last speaker is kept, as before."""

from __future__ import annotations

from typing import Any

from bkkbn_nlp.quotes import extract_quotes


def _doc(nlp: Any, parsed: bool) -> Any:
    text = ('Andi Rahman mengatakan pelayanan sudah merata. Budi Santoso juga menyampaikan '
            'harapan serupa. "Kami ingin semua desa terlayani," tuturnya.')
    doc = nlp(text)
    if not parsed:
        return doc
    # a hand-made parse: in each sentence the first verb is the root, the person before
    # it its subject, every other token hangs from the root
    for sent in doc.sents:
        toks = [t for t in sent if not t.is_space]
        root = next(t for t in toks if t.text.startswith(("meng", "meny", "tutur")))
        for t in toks:
            t.head = root
            t.dep_ = "dep"
        root.head = root
        root.dep_ = "ROOT"
        for ent in doc.ents:
            if ent.label_ == "PER" and sent.start <= ent.start < root.i:
                ent[0].dep_ = "nsubj"
                for t in ent[1:]:
                    t.head = ent[0]
                    t.dep_ = "flat:name"
    assert doc.has_annotation("DEP")
    return doc


def _speaker_of_tuturnya(quotes: list[dict[str, Any]]) -> str | None:
    q = next(q for q in quotes if q["cue"] and q["cue"]["text"] == "tuturnya")
    return q["speaker"]["name"]


def test_narrative_subject_shifts_the_referent(nlp: Any) -> None:
    doc = _doc(nlp, parsed=True)
    assert _speaker_of_tuturnya(extract_quotes(doc)) == "Budi Santoso"


def test_without_a_parse_the_last_speaker_is_kept(nlp: Any) -> None:
    doc = _doc(nlp, parsed=False)
    assert not doc.has_annotation("DEP")
    assert _speaker_of_tuturnya(extract_quotes(doc)) == "Andi Rahman"


def test_the_rule_can_be_switched_off(nlp: Any) -> None:
    doc = _doc(nlp, parsed=True)
    quotes = extract_quotes(doc, disable_rules=["syntax_subject"])
    assert _speaker_of_tuturnya(quotes) == "Andi Rahman"
