"""Rule-based sentence boundaries for Indonesian news.

Rules, in order of strength:

1. A line break (paragraph break) always ends a sentence.
2. ``.``, ``!``, ``?``, ``…`` (and runs of them) end a sentence when the next word does not
   start in lower case; closing quotes and brackets written right after the punctuation stay
   with the sentence they close (``"...," katanya.`` / ``... tercapai."``).
3. Abbreviations never end a sentence (``Plt.``, ``Kab.``, ``Drs.``, ``M.Si.``): the tokenizer
   keeps them whole, so their period is not a sentence-final token. The few abbreviations
   listed in ``abbreviations_final.txt`` (``dll.``, ``dsb.``) end a sentence before a
   capitalised word. Numbers such as ``10.000,50`` are single tokens and never split.
4. A question or exclamation inside a quote followed by a lower-case cue stays in one
   sentence: ``"Apa ini?" tanyanya.``
"""

from __future__ import annotations

import re

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Token

from ..lang import final_abbreviations

__all__ = ["SentenceSegmenter"]

_FINAL = re.compile(r"^(?:[.!?…]+|\.{2,})$")
_CLOSERS = frozenset({'"', "”", "’", "'", "»", ")", "]", "}", "›"})
_OPENERS = frozenset({'"', "“", "‘", "'", "«", "(", "[", "‹"})


def _starts_lower(token: Token) -> bool:
    first = token.text[:1]
    return first.isalpha() and first.islower()


class SentenceSegmenter:
    """A spaCy component setting ``token.is_sent_start`` with the rules above.

    Args:
        nlp: The pipeline.
        name: The component's name.
        overwrite: Replace sentence boundaries set by an earlier component.
    """

    def __init__(self, nlp: Language, name: str = "bkkbn_sentencizer", *,
                 overwrite: bool = False) -> None:
        self.name = name
        self.overwrite = overwrite
        self._final_abbr = final_abbreviations()

    def __call__(self, doc: Doc) -> Doc:
        if len(doc) == 0:
            return doc
        starts = self.predict(doc)
        # one array write instead of a Token.is_sent_start assignment per token, which
        # re-checks the whole Doc each time (quadratic on long articles)
        values = numpy.array([1 if s else -1 for s in starts], dtype="int32")
        if not self.overwrite and doc.has_annotation("SENT_START"):
            current = doc.to_array([SENT_START]).astype("int32").reshape(-1)
            values = numpy.where(current != 0, current, values)
        doc.from_array([SENT_START], values.reshape(-1, 1).astype("uint64"))  # type: ignore[arg-type]
        return doc

    def pipe(self, stream, batch_size: int = 128):  # type: ignore[no-untyped-def]
        for doc in stream:
            yield self(doc)

    def predict(self, doc: Doc) -> list[bool]:
        """Return, for each token, whether it starts a sentence."""
        n = len(doc)
        starts = [False] * n
        if n == 0:
            return starts
        i = 0
        # the first non-space token starts the first sentence
        while i < n and doc[i].is_space:
            i += 1
        if i < n:
            starts[i] = True
        while i < n:
            tok = doc[i]
            text = tok.text
            if tok.is_space:
                j = i + 1
                while j < n and doc[j].is_space:
                    j += 1
                if j < n and ("\n" in text or any("\n" in doc[k].text for k in range(i, j))):
                    starts[j] = True
                i = j
                continue
            if _FINAL.match(text) or (text in self._final_abbr and tok.whitespace_):
                j = i + 1
                # closing marks and more punctuation written right after it belong to this sentence
                while (j < n and not doc[j - 1].whitespace_ and not doc[j].is_space
                       and (doc[j].text in _CLOSERS or _FINAL.match(doc[j].text))):
                    j += 1
                k = j
                while k < n and doc[k].is_space and "\n" not in doc[k].text:
                    k += 1
                if k < n and not doc[k].is_space:
                    if text in self._final_abbr:
                        split = doc[k].text[:1].isupper()
                    else:
                        split = not _starts_lower(doc[k]) and doc[k].text not in _CLOSERS - _OPENERS
                    if split:
                        starts[k] = True
                i = max(j, i + 1)
                continue
            i += 1
        return starts
