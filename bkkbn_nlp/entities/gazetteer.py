"""Gazetteers of Indonesian regions and government agencies, from the data files in
``lang/data/`` (``regions.tsv``, ``province_short_forms.tsv``, ``agencies.jsonl``,
``titles.txt``). No person names: people are left to the statistical model.

Each surface form maps to a :class:`Entry` with a label, a stable id (``region:74``,
``agency:bkkbn``) and the canonical name used as ``normalized``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from ..lang import read_list, read_set

__all__ = ["Entry", "region_forms", "city_forms", "agency_forms", "titles", "title_sequences",
           "honorifics", "org_heads", "region_qualifiers", "place_continuations", "degrees",
           "org_suffixes", "building_heads"]


@dataclass(frozen=True)
class Entry:
    """What a gazetteer form refers to."""

    label: str  # "LOC" or "ORG"
    kb_id: str
    canonical: str  # the normalised name (a place without its administrative word)
    regional: bool = False  # an agency that takes a region qualifier ("BKKBN Sultra")
    full: str | None = None  # the official name, if not canonical ("Kabupaten Konawe")

    @property
    def full_name(self) -> str:
        """The official name: "Kabupaten Konawe" for the place normalised as "Konawe"."""
        return self.full or self.canonical


def _data_text(name: str) -> str:
    from importlib import resources

    return resources.files("bkkbn_nlp.lang").joinpath("data").joinpath(name).read_text(
        encoding="utf-8"
    )


@cache
def region_forms() -> dict[str, Entry]:
    """Surface forms of the 38 provinces and 514 regencies and cities.

    Provinces: the official name, "Provinsi X", "Prov. X" and the usual short forms
    (Sultra, Jabar, DIY, ...). Regencies: "Kabupaten X", "Kab. X", "Kab X" and the bare
    name; cities: "Kota X" and the bare name. A bare name that is also a common word
    ("Batu") is only matched with its prefix; where a regency and a city share a bare name
    (Bandung), the bare name refers to the city. Regencies and cities are normalised
    to the name without "Kabupaten"/"Kota" (``Entry.full_name`` keeps it).
    """
    forms: dict[str, Entry] = {}
    provinces: dict[str, Entry] = {}
    bare: dict[str, Entry] = {}
    for line in _data_text("regions.tsv").splitlines():
        if line.startswith("#") or line.startswith("code\t") or not line.strip():
            continue
        code, level, name, base, province, common = line.split("\t")
        entry = Entry("LOC", f"region:{code}", name)
        if level != "provinsi":
            # normalised without the administrative word (annotation guideline 2.3)
            entry = Entry("LOC", f"region:{code}", base, full=name)
        if level == "provinsi":
            provinces[name] = entry
            for form in (name, f"Provinsi {name}", f"Prov. {name}", name.upper()):
                forms[form] = entry
            continue
        if level == "kabupaten":
            for form in (name, f"Kab. {base}", f"Kab {base}", f"KABUPATEN {base.upper()}"):
                forms.setdefault(form, entry)
        else:
            for form in (name, f"KOTA {base.upper()}"):
                forms.setdefault(form, entry)
        if common == "0" and (base not in bare or level == "kota"):
            bare[base] = entry
    for base, entry in bare.items():
        forms.setdefault(base, entry)
    for line in read_list("province_short_forms.tsv"):
        short, full = line.split("\t")
        if full in provinces:
            forms[short] = provinces[full]
            for prefix in ("Provinsi", "Prov."):
                forms.setdefault(f"{prefix} {short}", provinces[full])
    return forms


@cache
def country_forms() -> dict[str, Entry]:
    """Countries and territories (``countries.tsv``: Indonesian names and other written
    forms, id ``country:<ISO 3166-1 code>``) and world regions (``world:<name>``), LOC."""
    return _place_table("countries.tsv", lambda code, name:
                        f"world:{name}" if code == "region" else f"country:{code}")


def _place_table(file: str, kb_id: Callable[[str, str], str]) -> dict[str, Entry]:
    """LOC forms from a ``code<TAB>name<TAB>alias;alias`` table (comments with ``#``, a
    ``code`` header line); ``kb_id(code, name)`` gives each entry's id."""
    forms: dict[str, Entry] = {}
    for line in _data_text(file).splitlines():
        if line.startswith("#") or line.startswith("code\t") or not line.strip():
            continue
        code, name, aliases = line.split("\t")
        entry = Entry("LOC", kb_id(code, name), name)
        for form in [name, *(a for a in aliases.split(";") if a)]:
            forms.setdefault(form, entry)
    return forms


@cache
def city_forms() -> dict[str, Entry]:
    """Capitals and other large cities outside Indonesia (``cities.tsv``), LOC, id
    ``city:<country code>:<name>``."""
    return _place_table("cities.tsv", lambda code, name: f"city:{code}:{name}")


@cache
def agency_forms() -> dict[str, Entry]:
    """Acronyms, short forms and full names of government agencies and public bodies
    (``agencies.jsonl``), with "Kementrian X" and the pre-2009 "Departemen X" for each
    ministry "Kementerian X"."""
    forms: dict[str, Entry] = {}
    for line in _data_text("agencies.jsonl").splitlines():
        if not line.strip():
            continue
        rec = json.loads(line)
        entry = Entry("ORG", f"agency:{rec['id']}", rec["name"], bool(rec["regional"]))
        for form in [rec["name"], *rec["aliases"]]:
            forms.setdefault(form, entry)
    # a ministry is also written with the common misspelling "Kementrian", and before 2009
    # it was a "Departemen" ("Departemen Keuangan"); coordinating ministries were not
    for form, entry in list(forms.items()):
        if form.startswith("Kementerian "):
            rest = form[len("Kementerian "):]
            forms.setdefault(f"Kementrian {rest}", entry)
            if not rest.startswith(("Koordinator", "Sekretariat", "Badan Usaha")):
                forms.setdefault(f"Departemen {rest}", entry)
    return forms


@cache
def titles() -> frozenset[str]:
    """Lower-cased titles and role words that precede names (``titles.txt``)."""
    return read_set("titles.txt", lower=True)


@cache
def title_sequences() -> frozenset[tuple[str, ...]]:
    """Titles as lower-cased word tuples ("wakil", "bupati"), for multiword matching."""
    return frozenset(tuple(t.split()) for t in titles())


@cache
def honorifics() -> frozenset[str]:
    """Lower-cased honorifics and forms of address (``honorifics.txt``): titles that are
    stripped from names but are not a person's role."""
    return read_set("honorifics.txt", lower=True)


@cache
def currencies() -> frozenset[str]:
    """Lower-cased currency words (``lang/data/currencies.txt``)."""
    return read_set("currencies.txt", lower=True)


@cache
def legal_forms() -> frozenset[str]:
    """Lower-cased legal forms of companies that are not names alone (``Persero``, ``Tbk``;
    ``lang/data/legal_forms.txt``)."""
    return read_set("legal_forms.txt", lower=True)


@cache
def degrees() -> frozenset[str]:
    """Degrees written after a name ("SH", "M.Si."; ``lang/data/degrees.txt``), as written."""
    return read_set("degrees.txt")


@cache
def org_suffixes() -> frozenset[str]:
    """Words that end names of companies and institutions, never of a person ("Inc",
    "Airlines"; ``lang/data/org_suffixes.txt``), as written."""
    return read_set("org_suffixes.txt")


@cache
def place_continuations() -> frozenset[str]:
    """Lower-cased words that continue a place name into a longer place or venue name
    ("Afrika Barat", "Jakarta Convention Center"; ``lang/data/place_continuations.txt``)."""
    return read_set("place_continuations.txt", lower=True)


@cache
def area_head_titles() -> frozenset[str]:
    """Lower-cased titles of an area's head ("camat", "bupati", "wali kota"), after which a
    capitalised word followed by a comma and a name is the area
    (``lang/data/area_head_titles.txt``)."""
    return read_set("area_head_titles.txt", lower=True)


@cache
def unit_heads() -> frozenset[str]:
    """Lower-cased titles of a unit's head, followed by the unit's name ("Kabid Humas";
    ``lang/data/unit_heads.txt``)."""
    return read_set("unit_heads.txt", lower=True)


@cache
def building_heads() -> frozenset[str]:
    """Capitalised words that open names of buildings named after a place ("Istana
    Bogor"; ``lang/data/building_heads.txt``), as written."""
    return read_set("building_heads.txt")


@cache
def thing_heads() -> frozenset[str]:
    """Lower-cased words after which a place name is part of the name of a language or a
    competition (``lang/data/thing_heads.txt``)."""
    return read_set("thing_heads.txt", lower=True)


@cache
def org_heads() -> frozenset[str]:
    """Lower-cased head nouns that open organisation names (``org_heads.txt``)."""
    return read_set("org_heads.txt", lower=True)


#: Words that may stand between an agency and its region: "BKKBN Provinsi Sultra".
region_qualifiers = frozenset({"Provinsi", "Prov.", "Kabupaten", "Kab.", "Kab", "Kota"})
