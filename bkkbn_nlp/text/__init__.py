"""Layer 1, text: article cleaning with offsets back to the raw text, the news tokenizer and
the sentence rules.

Owns :mod:`.clean` (cleaning steps, :class:`~bkkbn_nlp.text.clean.Article`), :mod:`.offsets`
(edits and offset maps), :mod:`.tokenizer` (``bkkbn.Tokenizer.v1``) and :mod:`.sentences`
(``bkkbn_sentencizer``). May import only the base modules (``about``, ``errors``, ``labels``,
``extensions``, ``lang``). Importing this package loads no spaCy: the tokenizer and the
sentence rules are imported by name when needed.
"""
