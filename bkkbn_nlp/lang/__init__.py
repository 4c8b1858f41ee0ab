"""Indonesian news language data, loaded from the text files in ``lang/data/``.

Every list is a UTF-8 text file with one item per line; ``#`` starts a comment line. The
loaders are cached, so each file is read once per process.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

__all__ = [
    "read_list",
    "read_set",
    "title_abbreviations",
    "final_abbreviations",
    "news_agencies",
    "related_link_labels",
    "headline_words",
    "credit_labels",
    "case_variants",
]


@cache
def read_list(name: str) -> tuple[str, ...]:
    """Return the items of ``lang/data/<name>`` in file order, without comments or blanks.

    Args:
        name: File name inside ``bkkbn_nlp/lang/data``.
    """
    text = resources.files(__package__).joinpath("data").joinpath(name).read_text(encoding="utf-8")
    items = []
    for line in text.splitlines():
        item = line.strip()
        if item and not item.startswith("#"):
            items.append(item)
    return tuple(dict.fromkeys(items))


def read_set(name: str, *, lower: bool = False) -> frozenset[str]:
    """The items of ``lang/data/<name>`` as a set, lower-cased or as written.

    Args:
        name: File name inside ``bkkbn_nlp/lang/data``.
        lower: Lower-case every item (for lists matched case-insensitively).
    """
    items = read_list(name)
    return frozenset(t.lower() for t in items) if lower else frozenset(items)


def case_variants(item: str) -> set[str]:
    """The forms in which an abbreviation is written: as listed, lower, Title and UPPER case."""
    return {item, item.lower(), item.upper(), item[:1].upper() + item[1:]}


@cache
def title_abbreviations() -> frozenset[str]:
    """Abbreviations that never end a sentence (``Plt.``, ``Kab.``, ``Drs.``, ``M.Si.``)."""
    return frozenset(v for item in read_list("abbreviations.txt") for v in case_variants(item))


@cache
def final_abbreviations() -> frozenset[str]:
    """Abbreviations that end a sentence when a capitalised word follows (``dll.``)."""
    return frozenset(
        v for item in read_list("abbreviations_final.txt") for v in case_variants(item)
    )


def news_agencies() -> tuple[str, ...]:
    """News agencies and outlets recognised in datelines, longest first."""
    return tuple(sorted(read_list("news_agencies.txt"), key=len, reverse=True))


def related_link_labels() -> tuple[str, ...]:
    """Labels that open related-article lines (``Baca juga``), longest first."""
    return tuple(sorted(read_list("related_link_labels.txt"), key=len, reverse=True))


def headline_words() -> frozenset[str]:
    """Lower-case words of Title Case headlines (``di``, ``dan``, ``untuk``)."""
    return read_set("headline_words.txt")


def credit_labels() -> tuple[str, ...]:
    """Labels of credit lines (``Pewarta``, ``Editor``), longest first."""
    return tuple(sorted(read_list("credit_labels.txt"), key=len, reverse=True))
