"""Gazetteer rules that complete and correct the statistical NER, normalise entities and
attach officials' roles: the component ``bkkbn_entity_rules``, a sequence of named rules.

The component runs after the statistical ``ner`` (or alone). Its rules, in order (each a
row of ``lang/data/rules/entities.tsv``, each can be turned off by name with
``disable_rules``):

1. **Gazetteer matches** of regions (LOC) and agencies (ORG), see
   :mod:`bkkbn_nlp.entities.gazetteer` (``gazetteer``). An **agency + region** makes one
   ORG span (``agency_region``): "BKKBN Sultra", "Dinkes Kabupaten Konawe"; its normalised
   name joins the agency's name and the region's official name. Places alone are
   normalised without "Kabupaten"/"Kota". A parliamentary commission is one ORG with its
   parliament (``commission``: "Komisi III DPR", ``kb_id`` ``agency:dpr/komisi-iii``).
2. **Combination with the model**: a gazetteer span fills a gap where the model found
   nothing; an agency + region span replaces the model's pieces of it; where both cover the
   same tokens the gazetteer's label and id win (``gazetteer_over_model``). Elsewhere the
   model's span is kept.
3. **Pairs and titles** (:mod:`.titles`). A person span over a dash written with spaces
   between two full names is two people (``split_pairs``). **Titles are never part of
   PER**: leading titles and honorifics are stripped (``strip_titles``); a place or agency
   right after a title is split off (``place_after_title``); the word after the title of a
   unit's head is the unit (``unit_after_head``); degrees at the end go
   (``strip_degrees``); "<title> <place or agency> <Name>" gives a person even where the
   model found none (``names_after_titles``).
4. **Corrections**: company and institution words make an ORG (``org_suffix``,
   ``org_head``); a place inside the name of a currency, language, competition or
   building is dropped (``place_in_name_of_thing``), and so is a legal form alone
   (``legal_form_alone``); later mentions of a person by one word of the name
   (``later_mentions``) or by a blended nickname (``blended_nicknames``) are linked; a
   compass direction in lower case joins the place (``compass_direction``).
5. **Acronyms defined in the text** (:mod:`.acronyms`), either order
   (``acronym_after_name``, ``acronym_before_name``), link both forms when the name spells
   the acronym (:func:`spells_acronym`): later mentions of the acronym get the full name as
   ``normalized`` (``acronym_mentions``).
6. **People and roles** (:mod:`.roles`, annotation guideline 2.5): a preceding title
   (``role_before_name``) or an appositive after the name (``role_after_name``) gives the
   mention's ``role`` and ``organization``.

Results: ``doc.ents`` (labels PER, ORG, LOC, with ``kb_id_`` where known), the Span
extensions ``span._.normalized``, ``span._.role``, ``span._.organization``, and
``doc._.people`` (one record per person: name, role, organization, mentions).
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import filter_spans

from ..extensions import ENTITIES_KEY, PEOPLE_KEY, register_extensions
from ..lang.rules import check_rule_names
from .acronyms import acronym_after_name, acronym_before_name, acronym_mentions, spells_acronym
from .mentions import blended_nicknames, later_mentions
from .roles import people, role_after_name, role_before_name
from .rule_context import Rule, RuleContext
from .rule_steps import (
    GazetteerLookup,
    commissions,
    drop_legal_form,
    drop_place_in_name_of_thing,
    fill_gaps,
    find_gazetteer,
    gazetteer_spans,
    join_agency_and_region,
    org_head,
    org_suffix,
    prefer_gazetteer,
    settle,
    split_pairs,
    with_directions,
)
from .titles import (
    area_before_name,
    names_after_titles,
    place_after_title,
    strip_degrees,
    strip_titles,
    unit_after_head,
)

__all__ = ["EntityRules", "spells_acronym", "RULES"]

COMPONENT = "bkkbn_entity_rules"


def _to_doc(ctx: RuleContext) -> None:
    """(step) The candidates become ``doc.ents`` (overlaps settled), and the acronym rules
    start from them: ``ctx.org_tokens`` are the tokens inside an ORG."""
    ctx.doc.ents = filter_spans(ctx.spans)
    ctx.spans = list(ctx.doc.ents)
    ctx.org_tokens = {i for e in ctx.spans if e.label_ == "ORG" for i in range(e.start, e.end)}


def _final_ents(ctx: RuleContext) -> None:
    """(step) The candidates become the final ``doc.ents``; the role rules read them."""
    _to_doc(ctx)


#: The sequence: named rules (the rows of ``rules/entities.tsv``, in order) and the steps of
#: the frame (no name), which always run.
RULES: tuple[Rule, ...] = (
    Rule("gazetteer", find_gazetteer),
    Rule("agency_region", join_agency_and_region),
    Rule("", gazetteer_spans),
    Rule("commission", commissions),
    Rule("gazetteer_over_model", prefer_gazetteer),
    Rule("", fill_gaps),
    Rule("split_pairs", split_pairs),
    Rule("strip_titles", strip_titles),
    Rule("place_after_title", place_after_title),
    Rule("area_before_name", area_before_name),
    Rule("unit_after_head", unit_after_head),
    Rule("strip_degrees", strip_degrees),
    Rule("names_after_titles", names_after_titles),
    Rule("org_suffix", org_suffix),
    Rule("org_head", org_head),
    Rule("place_in_name_of_thing", drop_place_in_name_of_thing),
    Rule("legal_form_alone", drop_legal_form),
    Rule("", settle),
    Rule("later_mentions", later_mentions),
    Rule("blended_nicknames", blended_nicknames),
    Rule("compass_direction", with_directions),
    Rule("", _to_doc),
    Rule("acronym_after_name", acronym_after_name),
    Rule("acronym_before_name", acronym_before_name),
    Rule("acronym_mentions", acronym_mentions),
    Rule("", _final_ents),
    Rule("role_before_name", role_before_name),
    Rule("role_after_name", role_after_name),
)


class EntityRules:
    """Gazetteer and rule layer over the statistical NER (see the module docstring).

    Args:
        nlp: The pipeline (its tokenizer tokenizes the gazetteer forms).
        name: Component name.
        overwrite: Replace the model's entities entirely instead of combining.
        disable_rules: Names of rules to turn off (:meth:`rule_names`; one name alone may
            be a string).

    Raises:
        ValueError: An unknown rule name in ``disable_rules`` (E091).
    """

    def __init__(self, nlp: Language, name: str = COMPONENT, *, overwrite: bool = False,
                 disable_rules: Iterable[str] = ()) -> None:
        self.name = name
        self.overwrite = overwrite
        names = (disable_rules,) if isinstance(disable_rules, str) else disable_rules
        #: The names of the rules turned off.
        self.disabled_rules = check_rule_names(COMPONENT, self.rule_names(), names)
        self._lookup = GazetteerLookup(nlp)
        register_extensions()

    @staticmethod
    def rule_names() -> tuple[str, ...]:
        """The names of the rules, in the order they run (the rows of ``entities.tsv``)."""
        return tuple(rule.name for rule in RULES if rule.name)

    def __call__(self, doc: Doc) -> Doc:
        """Run the rules that are on over ``doc``."""
        ctx = RuleContext(doc, self._lookup,
                          [] if self.overwrite else list(doc.ents))
        for rule in RULES:
            if rule.name not in self.disabled_rules:
                rule.apply(ctx)
        doc.user_data[ENTITIES_KEY] = ctx.info
        doc.user_data[PEOPLE_KEY] = people(ctx)
        return doc
