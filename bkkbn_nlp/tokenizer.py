"""The bkkbn_nlp tokenizer: spaCy's Indonesian rules plus government-news abbreviations.

Differences from ``spacy.blank("id")``:

* the abbreviations in ``lang/data/abbreviations.txt`` and ``abbreviations_final.txt``
  (``Plt.``, ``Kab.``, ``Kec.``, ``Prov.``, ``M.Si.``, ``dll.``, ...) stay one token, in
  lower, Title and UPPER case;
* spaCy's 15,600 hyphenated reduplication exceptions (``anak-anak``, ``sebaik-baiknya``) are
  replaced by one ``token_match`` pattern, which keeps any hyphenated word whose later parts
  start in lower case (or which repeats its stem: ``Gula-Gula``, ``BERPURA-PURA``) as one
  token, while ``TNI-BKKBN`` or ``Sulawesi-Tenggara`` are still split. The pattern covers
  reduplications missing from the list, and building the tokenizer takes milliseconds
  instead of seconds.

The tokenizer is registered as ``bkkbn.Tokenizer.v1`` for spaCy configs::

    [nlp.tokenizer]
    @tokenizers = "bkkbn.Tokenizer.v1"
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from spacy.language import Language
from spacy.symbols import ORTH
from spacy.tokenizer import Tokenizer
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex, registry

from .lang import final_abbreviations, title_abbreviations

__all__ = ["create_tokenizer", "build_tokenizer", "special_cases", "TOKEN_MATCH"]

# Hyphenated words kept whole. Every quantifier is either bounded or followed by a
# mandatory literal, so matching is linear in the token length (no catastrophic
# backtracking on 10,000-character tokens).
TOKEN_MATCH = re.compile(
    r"^(?=[^-\s]{1,200}-)(?:"  # cheap rejection of words without a hyphen
    r"^[^\W\d_]+(?:-[a-zà-ÿ][^\W\d_]*)+$"  # anak-anak, Anak-anak, sebaik-baiknya
    r"|^(?i:([^\W\d_]{1,40})-\1)$"  # Gula-Gula, DOA-DOA
    r"|^(?i:[^\W\d_]{0,10}?([^\W\d_]{3,30})-\2[^\W\d_]{0,10})$"  # Berpura-Pura
    r")"
)


def special_cases() -> dict[str, list[dict[int, str]]]:
    """Tokenizer exceptions: spaCy's Indonesian ones without the hyphenated words, plus ours."""
    from spacy.lang.id.tokenizer_exceptions import TOKENIZER_EXCEPTIONS

    rules: dict[str, list[dict[int, str]]] = {
        k: v for k, v in TOKENIZER_EXCEPTIONS.items() if "-" not in k or not k[:1].isalpha()
    }
    for abbr in sorted(title_abbreviations() | final_abbreviations()):
        rules.setdefault(abbr, [{ORTH: abbr}])
    return rules


def build_tokenizer(nlp: Language) -> Tokenizer:
    """Build the tokenizer for ``nlp`` (an Indonesian ``Language``)."""
    defaults = nlp.Defaults
    prefixes = compile_prefix_regex(defaults.prefixes) if defaults.prefixes else None
    suffixes = compile_suffix_regex(defaults.suffixes) if defaults.suffixes else None
    infixes = compile_infix_regex(defaults.infixes) if defaults.infixes else None
    return Tokenizer(
        nlp.vocab,
        rules=special_cases(),
        prefix_search=prefixes.search if prefixes else None,
        suffix_search=suffixes.search if suffixes else None,
        infix_finditer=infixes.finditer if infixes else None,
        token_match=TOKEN_MATCH.match,
        url_match=defaults.url_match,
    )


@registry.tokenizers("bkkbn.Tokenizer.v1")
def create_tokenizer() -> Callable[[Language], Tokenizer]:
    """Registered factory: ``[nlp.tokenizer] @tokenizers = "bkkbn.Tokenizer.v1"``."""

    def make(nlp: Language) -> Tokenizer:
        return build_tokenizer(nlp)

    return make


def tokenizer_info() -> dict[str, Any]:
    """Counts describing the tokenizer's language data (for docs and benchmarks)."""
    rules = special_cases()
    return {"special_cases": len(rules)}
