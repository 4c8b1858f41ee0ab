"""The word lists of quote attribution, read once from the data files in ``lang/data/``.

Owns the reporting cues and their classes, the speaker words (pronouns, speaker nouns,
title words) and the function-word lists the passes test tokens against; nothing here
looks at a document except :func:`is_clitic`, which reads one token.
"""

from __future__ import annotations

from functools import cache

from spacy.tokens import Token

from ..entities.gazetteer import titles
from ..lang import read_list, read_set

__all__ = [
    "reporting_cues", "pronouns", "speaker_nouns", "title_words", "is_clitic",
    "COMPLEMENTIZERS", "REQUEST_COMPLEMENTIZERS", "REPORT_ADVERBIAL", "NEGATORS",
    "NON_CONTENT_OBJECTS", "WEEKDAYS", "MONTHS", "SPEAKER_ADVERBS", "DEMONSTRATIVES",
    "PREDICATE_WORDS", "NOT_PREDICATE_AFTER", "MODIFIED_NOUNS", "VERB_PREFIXES",
    "DEGREE_ADVERBS", "BASE_NYA",
]

#: Complementizers left out of the content ("mengatakan bahwa ...").
COMPLEMENTIZERS = read_set("quote_complementizers.txt")
#: Request complementizers: they introduce content and stay in it ("meminta agar ...").
REQUEST_COMPLEMENTIZERS = read_set("quote_request_complementizers.txt")
#: Words opening the reporting act's place or time ("mengatakan di Jakarta").
REPORT_ADVERBIAL = read_set("quote_report_adverbials.txt")
#: Words before a cue that make it no report ("tidak mengatakan").
NEGATORS = read_set("quote_negators.txt")
#: Objects after a cue that are no content ("menyampaikan terima kasih").
NON_CONTENT_OBJECTS = read_set("quote_non_content_objects.txt")
WEEKDAYS = read_set("weekdays.txt")
MONTHS = read_set("months.txt")
#: Adverbs that may stand between a speaker and its reporting verb ("Andi juga mengatakan").
SPEAKER_ADVERBS = read_set("quote_speaker_adverbs.txt")
DEMONSTRATIVES = read_set("demonstratives.txt")
#: Auxiliaries, modals and verbs of amount, origin and change: predicates.
PREDICATE_WORDS = read_set("quote_predicate_words.txt")
#: After these function words no word starts a predicate ("yang akan datang").
NOT_PREDICATE_AFTER = read_set("quote_not_predicate_after.txt")
#: After these nouns a meN-/ber- word is usually their modifier ("kegiatan bersepeda").
MODIFIED_NOUNS = read_set("quote_modified_nouns.txt")
VERB_PREFIXES = ("me", "ber", "di", "ter")
DEGREE_ADVERBS = read_set("quote_degree_adverbs.txt")
#: Cue words that end in "-nya" without carrying the clitic ("tanya" = ask).
BASE_NYA = read_set("quote_base_nya.txt")


@cache
def reporting_cues() -> dict[str, str]:
    """Lower-cased cue form -> class (``post``, ``verb``, ``weak``, ``passive``,
    ``menurut``), from ``lang/data/reporting_verbs.txt``."""
    out: dict[str, str] = {}
    for item in read_list("reporting_verbs.txt"):
        parts = item.split()
        out[parts[0].lower()] = parts[1] if len(parts) > 1 else "verb"
    return out


@cache
def pronouns() -> frozenset[str]:
    """Lower-cased pronouns that can be a speaker (``lang/data/pronouns.txt``)."""
    return read_set("pronouns.txt", lower=True)


@cache
def speaker_nouns() -> frozenset[str]:
    """Lower-cased nouns that head a descriptive speaker mention
    (``lang/data/speaker_nouns.txt``): "pengamat hukum itu", "politikus partai ini"."""
    return read_set("speaker_nouns.txt", lower=True)


@cache
def title_words() -> frozenset[str]:
    """Every word of a title ("juru", "bicara"), for role words before an organisation."""
    return frozenset(w for t in titles() for w in t.split())


def is_clitic(tok: Token) -> bool:
    """Does the cue carry the -nya clitic that stands for its speaker ("katanya")?"""
    low = tok.lower_
    return low.endswith("nya") and low not in BASE_NYA
