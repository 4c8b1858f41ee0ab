"""The former single module of quote attribution, kept as an import path.

The component and the extraction live in :mod:`.component`, the passes in their own
modules (:mod:`.marks`, :mod:`.cues`, :mod:`.speakers`, :mod:`.direct`,
:mod:`.indirect`, :mod:`.resolution`); this module re-exports the public names.
"""

from __future__ import annotations

from .component import QuoteAttributor, extract_quotes, make_quotes, rule_names
from .vocab import pronouns, reporting_cues

__all__ = ["QuoteAttributor", "make_quotes", "extract_quotes", "reporting_cues", "pronouns",
           "rule_names"]
