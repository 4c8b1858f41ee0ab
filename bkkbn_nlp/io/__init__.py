"""Layer 5, formats: the result schema, the labelled-document format, converters from other
annotation tools, and the JSON / CoNLL-U / HTML exports.

Owns :mod:`.schema` (:class:`~bkkbn_nlp.io.schema.Analysis`, the shipped JSON Schema),
:mod:`.labelled`, :mod:`.convert` and :mod:`.export`. May import the base modules and the
layers below it (:mod:`bkkbn_nlp.text`, :mod:`bkkbn_nlp.entities`, :mod:`bkkbn_nlp.quotes`,
:mod:`bkkbn_nlp.topics`), never the pipeline or the API.
"""
