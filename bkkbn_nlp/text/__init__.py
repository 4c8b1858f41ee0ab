"""Layer 2, text: article cleaning with offsets back to the raw text, the news tokenizer and
the sentence rules.

Owns :mod:`.clean` (the news cleaning steps and :func:`~bkkbn_nlp.text.clean.clean`),
:mod:`.article` (:class:`~bkkbn_nlp.text.article.Article` and the step type),
:mod:`.normalize` (the Unicode, HTML and whitespace steps), :mod:`.offsets` (edits and
offset maps), :mod:`.tokenizer` (``bkkbn.Tokenizer.v1``) and :mod:`.sentences`
(``bkkbn_sentencizer``). May import only the base modules (``about``, ``errors``, ``labels``,
``extensions``, ``lang``). Importing this package loads no spaCy: the tokenizer and the
sentence rules are imported by name when needed.
"""
