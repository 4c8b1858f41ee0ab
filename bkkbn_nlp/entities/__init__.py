"""Layer 3, entities: the CRF tagger and its features, the gazetteers, the entity rules, name
matching and normalisation, and the readers of NER training corpora.

Owns :mod:`.crf` (``bkkbn_crf_ner``), :mod:`.gazetteer` (region, city, country and agency
lists from ``lang/data``), :mod:`.rules` (``bkkbn_entity_rules``: a sequence of named
rules over a :class:`~.rule_context.RuleContext`, in :mod:`.rule_steps`, :mod:`.titles`,
:mod:`.mentions`, :mod:`.acronyms` and :mod:`.roles`; one row each in
``lang/data/rules/entities.tsv``), :mod:`.names` and :mod:`.corpora` (CoNLL and news
annotation readers). May import the base modules and :mod:`bkkbn_nlp.text`.
"""
