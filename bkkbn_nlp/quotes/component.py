"""The component ``bkkbn_quotes``: quote attribution as a chain of passes over an article.

The component :class:`QuoteAttributor` (factory :func:`make_quotes`) runs after the entity
rules and sets ``doc._.quotes`` to a list of records (character offsets into ``doc.text``)::

    {"type": "direct" | "indirect", "text", "start", "end",
     "cue": {"text", "start", "end"} | None,
     "speaker": {"name", "text", "start", "end", "role", "organization"} | None}

An indirect quote whose content is split by its cue ("BKKBN kata Andi, senantiasa ...")
also carries ``"other_parts"`` (guidelines 3.6). The passes, each in its own module:

1. :mod:`.marks` pairs the quotation marks;
2. :mod:`.cues` finds the cue of a quoted stretch, :mod:`.speakers` the speaker of a cue;
3. :mod:`.direct` keeps the quoted stretches with a cue that are no scare quotes;
4. :mod:`.indirect` reads the content clauses of the other cues (:mod:`.clauses`);
5. :mod:`.resolution` resolves pronouns, ``-nya`` and names (:mod:`.people`) and makes
   the records.

They share one :class:`~.context.Article`. Each named rule is a row of the rule table
``lang/data/rules/quotes.tsv`` and can be switched off (``disable_rules``). See
``docs/quotes.md``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from ..extensions import register_extensions
from ..lang.rules import check_rule_names, read_rule_table
from .context import Article
from .direct import direct_quotes
from .indirect import indirect_quotes
from .resolution import resolve

__all__ = ["QuoteAttributor", "make_quotes", "extract_quotes", "rule_names", "COMPONENT"]

#: The component's name in rule-name errors.
COMPONENT = "bkkbn_quotes"


def rule_names() -> tuple[str, ...]:
    """The names of the quote rules, in the order of ``lang/data/rules/quotes.tsv``."""
    return tuple(row.name for row in read_rule_table("quotes"))


def extract_quotes(doc: Doc, disable_rules: Iterable[str] = ()) -> list[dict[str, Any]]:
    """The quote records of ``doc`` (see the module docstring); ``doc`` is not changed.

    ``doc`` should come from the bkkbn_nlp pipeline (sentences and entities); without
    entities only pronoun, title and capitalised-name speakers are found.

    Args:
        doc: The document.
        disable_rules: Names of rules to switch off (see :func:`rule_names`).

    Raises:
        ValueError: An unknown rule name (E091).
    """
    disabled = check_rule_names(COMPONENT, rule_names(), disable_rules)
    art = Article(doc, disabled)
    if not art.text.strip() or len(doc) == 0:
        return []
    quotes = direct_quotes(art)
    quotes += indirect_quotes(art)
    return resolve(art, quotes)


class QuoteAttributor:
    """spaCy component that sets ``doc._.quotes`` (see the module docstring).

    Args:
        nlp: The pipeline.
        name: Component name.
        overwrite: Replace quotes already set on the doc; by default a doc that already
            has quotes is left as it is.
        disable_rules: Names of rules to switch off (see :meth:`rule_names`).

    Raises:
        ValueError: An unknown rule name (E091).
    """

    def __init__(self, nlp: Language, name: str = "bkkbn_quotes", *,
                 overwrite: bool = False, disable_rules: Iterable[str] = ()) -> None:
        self.name = name
        self.overwrite = overwrite
        self.disabled_rules = check_rule_names(COMPONENT, rule_names(), disable_rules)
        self._nlp = nlp
        register_extensions()

    @staticmethod
    def rule_names() -> tuple[str, ...]:
        """The names of the rules that ``disable_rules`` takes."""
        return rule_names()

    def __call__(self, doc: Doc) -> Doc:
        if doc._.quotes and not self.overwrite:
            return doc
        doc._.quotes = extract_quotes(doc, self.disabled_rules)
        return doc


def make_quotes(nlp: Language, name: str, overwrite: bool,
                disable_rules: Iterable[str] = ()) -> QuoteAttributor:
    """Factory of :class:`QuoteAttributor` (registered as ``bkkbn_quotes``)."""
    return QuoteAttributor(nlp, name, overwrite=overwrite, disable_rules=disable_rules)
