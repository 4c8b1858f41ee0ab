"""The label sets of every layer: entity labels, quote types and the fixed topic taxonomy
(docs/annotation-guidelines.md). A base module: it imports nothing, and every layer that
checks or produces labels reads them from here."""

from __future__ import annotations

__all__ = ["ENTITY_LABELS", "QUOTE_TYPES", "TOPIC_LABELS"]

ENTITY_LABELS: tuple[str, ...] = ("PER", "ORG", "LOC")
QUOTE_TYPES: tuple[str, ...] = ("direct", "indirect")
#: The fixed topic taxonomy (multi-label, 1-3 labels per article); see the guidelines.
TOPIC_LABELS: tuple[str, ...] = (
    "kependudukan_kb",
    "kesehatan",
    "pendidikan",
    "ekonomi",
    "pemerintahan",
    "politik",
    "hukum_keamanan",
    "sosial_budaya",
    "infrastruktur",
    "lingkungan_bencana",
    "pertanian_pangan",
    "olahraga",
    "teknologi",
    "internasional",
)
