"""Layer 3, quotes: direct and indirect quotes, their cues and speakers, and quote scoring.

Owns the component ``bkkbn_quotes`` (:class:`QuoteAttributor`), the extraction of quote
records (:func:`extract_quotes`) and their scoring against gold annotations
(:mod:`.scoring`). Its word lists are data files in ``lang/data/``. May import the base
modules, :mod:`bkkbn_nlp.text` and :mod:`bkkbn_nlp.entities`.
"""

from __future__ import annotations

from .extractor import QuoteAttributor, extract_quotes, make_quotes, pronouns, reporting_cues

__all__ = ["QuoteAttributor", "make_quotes", "extract_quotes", "reporting_cues", "pronouns"]
