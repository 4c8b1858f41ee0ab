"""Layer 4, quotes: direct and indirect quotes, their cues and speakers, and quote scoring.

Owns the component ``bkkbn_quotes`` (:class:`QuoteAttributor`), the extraction of quote
records (:func:`extract_quotes`) and their scoring against gold annotations
(:mod:`.scoring`). The extraction is a chain of passes over a shared article context
(:mod:`.component` lists them); its word lists are data files in ``lang/data/`` and its
named rules rows of ``lang/data/rules/quotes.tsv``. May import the base
modules, :mod:`bkkbn_nlp.text` and :mod:`bkkbn_nlp.entities`.
"""

from __future__ import annotations

from .component import QuoteAttributor, extract_quotes, make_quotes
from .vocab import pronouns, reporting_cues

__all__ = ["QuoteAttributor", "make_quotes", "extract_quotes", "reporting_cues", "pronouns"]
