"""The bkkbn_nlp tokenizer: spaCy's Indonesian rules plus government-news abbreviations.

Differences from ``spacy.blank("id")``:

* the abbreviations in ``lang/data/abbreviations.txt`` and ``abbreviations_final.txt``
  (``Plt.``, ``Kab.``, ``Kec.``, ``Prov.``, ``M.Si.``, ``dll.``, ...) stay one token, in
  lower, Title and UPPER case;
* spaCy's 15,600 hyphenated reduplication exceptions (``anak-anak``, ``sebaik-baiknya``) are
  replaced by a narrower hyphen infix: a hyphen between letters splits only before a capital
  letter, so reduplications stay whole (also those missing from spaCy's list) while
  ``TNI-BKKBN`` or ``Sulawesi-Tenggara`` are still split. Building the tokenizer takes
  milliseconds instead of seconds, and tokenizing is no slower than ``spacy.blank("id")``.

It also stays linear on hostile input, where spaCy's tokenizer takes quadratic time (800
hyphens in a row took seconds): :class:`NewsTokenizer` matches prefixes at the start of the
string only, searches suffixes among the last :data:`SUFFIX_WINDOW` characters only, and keeps a
stretch without whitespace longer than :data:`MAX_SPLIT_CHARS` that starts or ends with
punctuation whole as one token instead of peeling it one mark at a time. On ordinary text
nothing changes (checked on the 1,011 articles of the news corpus).

The tokenizer is registered as ``bkkbn.Tokenizer.v1`` for spaCy configs::

    [nlp.tokenizer]
    @tokenizers = "bkkbn.Tokenizer.v1"
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from spacy.lang.char_classes import ALPHA, ALPHA_UPPER, HYPHENS
from spacy.language import Language
from spacy.symbols import ORTH
from spacy.tokenizer import Tokenizer
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex, registry

from ..lang import final_abbreviations, title_abbreviations

__all__ = ["create_tokenizer", "build_tokenizer", "rules_from_disk", "special_cases", "infixes",
           "NewsTokenizer",
           "MAX_SPLIT_CHARS", "SUFFIX_WINDOW", "TOKENIZER_CONFIG"]

#: A stretch of text without whitespace longer than this is one token when it starts with a
#: prefix or ends with a suffix: no word is that long, and peeling such a stretch one
#: punctuation mark at a time costs time quadratic in its length.
MAX_SPLIT_CHARS = 5_000
#: Suffixes are searched for among this many final characters (the longest suffix pattern,
#: a unit such as "km/h", is far shorter; only a run of more dots than this is cut).
SUFFIX_WINDOW = 16

# Hyphens between letters split a word only before a capital letter: "anak-anak",
# "sebaik-baiknya", "bermain-main" stay whole (this replaces spaCy's 15,600 hyphenated
# exceptions, and covers reduplications missing from that list), while "TNI-BKKBN" and
# "Sulawesi-Tenggara" are split. En and em dashes still always split. Known limitation:
# title- or upper-case reduplications ("Gula-Gula", "BERPURA-PURA") are split.
_DASHES = rf"(?<=[{ALPHA}])(?:–|—|--|---|——|~)(?=[{ALPHA}])"
_HYPHEN_BEFORE_CAPITAL = rf"(?<=[{ALPHA}])-(?=[{ALPHA_UPPER}])"


def infixes(base: list[str] | tuple[str, ...]) -> list[str]:
    """spaCy's Indonesian infixes with the letter-hyphen-letter split narrowed (see above).

    Raises:
        RuntimeError: spaCy's patterns changed shape, so the narrowing cannot be applied.
    """
    letter = f"[{ALPHA}])"
    out: list[str] = []
    for pattern in base:
        if pattern == rf"(?<=[{ALPHA}])(?:{HYPHENS})(?=[{ALPHA}])":
            out += [_DASHES, _HYPHEN_BEFORE_CAPITAL]
        elif "[\\/-]" in pattern and pattern.endswith(letter):
            # letter, slash or hyphen, then a currency or a letter: keep the slash rule,
            # let the hyphen split only before a currency or a capital
            out.append(pattern.replace("[\\/-]", "\\/", 1))
            hyphen = pattern.replace("[\\/-]", "-", 1)
            out.append(hyphen[: -len(letter)] + f"[{ALPHA_UPPER}])")
        else:
            out.append(pattern)
    # One check of the combined pattern (compiling each of spaCy's patterns on its own to
    # test it took a tenth of the load time); spaCy compiles the same string next, from
    # the re module's cache.
    if compile_infix_regex(out).search("anak-anak"):
        raise RuntimeError("unexpected spaCy infix splitting hyphenated words; "
                           "update bkkbn_nlp.text.tokenizer")
    return out


def special_cases() -> dict[str, list[dict[int, str]]]:
    """Tokenizer exceptions: spaCy's Indonesian ones without the hyphenated words, plus ours."""
    from spacy.lang.id.tokenizer_exceptions import TOKENIZER_EXCEPTIONS

    rules: dict[str, list[dict[int, str]]] = {
        k: v for k, v in TOKENIZER_EXCEPTIONS.items() if "-" not in k or not k[:1].isalpha()
    }
    for abbr in sorted(title_abbreviations() | final_abbreviations()):
        rules.setdefault(abbr, [{ORTH: abbr}])
    return rules


class _PrefixSearch:
    """``prefix_search`` trying the start of the string only.

    spaCy's prefix pattern is ``^a|^b|...``; ``Pattern.search`` tries it at every position,
    so each of the (up to one per character) prefix searches of a token costs time linear
    in its length. ``Pattern.match`` gives the same result at once. (A prefix is at the
    start by definition: spaCy only uses the length of the match.) ``pattern`` is what spaCy
    serializes.
    """

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self._re = re.compile(pattern)

    def search(self, string: str) -> re.Match[str] | None:
        return self._re.match(string)


class _SuffixSearch:
    """``suffix_search`` looking at the last :data:`SUFFIX_WINDOW` characters only.

    A suffix pattern (``...$``) has to be tried at every position of the string; limiting
    the positions keeps each search short. Lookbehinds still see the characters before.
    """

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self._re = re.compile(pattern)

    def search(self, string: str) -> re.Match[str] | None:
        return self._re.search(string, max(0, len(string) - SUFFIX_WINDOW))


class _TokenMatch:
    """``token_match``: a stretch longer than :data:`MAX_SPLIT_CHARS` that starts with a
    prefix or ends with a suffix is one token (peeling its marks one at a time would take
    quadratic time); other strings go to the wrapped ``token_match`` (if any), whose pattern
    is what spaCy serializes. A long stretch without affixes at its ends is still split at
    its infixes, which takes one linear pass."""

    def __init__(self, inner: Callable[[str], Any] | None,
                 prefix: _PrefixSearch | None, suffix: _SuffixSearch | None) -> None:
        self._inner = inner
        self._prefix = prefix
        self._suffix = suffix
        self.pattern = None if inner is None else _pattern(inner)

    def match(self, string: str) -> Any:
        if len(string) > MAX_SPLIT_CHARS and (
            (self._prefix is not None and self._prefix.search(string) is not None)
            or (self._suffix is not None and self._suffix.search(string) is not None)
        ):
            return True
        return self._inner(string) if self._inner is not None else None


def _pattern(func: Callable[..., Any]) -> Any:
    return getattr(getattr(func, "__self__", None), "pattern", None)


def _harden(tokenizer: Tokenizer) -> None:
    """Swap the tokenizer's affix functions for the linear-time ones above (idempotent)."""
    prefix = tokenizer.prefix_search
    if prefix is not None and not isinstance(getattr(prefix, "__self__", None), _PrefixSearch):
        tokenizer.prefix_search = _PrefixSearch(_pattern(prefix)).search
    suffix = tokenizer.suffix_search
    if suffix is not None and not isinstance(getattr(suffix, "__self__", None), _SuffixSearch):
        tokenizer.suffix_search = _SuffixSearch(_pattern(suffix)).search
    match = tokenizer.token_match
    if not isinstance(getattr(match, "__self__", None), _TokenMatch):
        tokenizer.token_match = _TokenMatch(
            match,
            getattr(tokenizer.prefix_search, "__self__", None),
            getattr(tokenizer.suffix_search, "__self__", None),
        ).match


class NewsTokenizer(Tokenizer):
    """spaCy's :class:`~spacy.tokenizer.Tokenizer` with linear-time affix handling.

    The same arguments as spaCy's tokenizer; the affix functions are wrapped when the
    tokenizer is built and again when it is loaded from disk or bytes (spaCy restores plain
    regex functions there). Serialized data is the same as spaCy's.

    Every change of an affix function makes spaCy reload all special cases (thousands of
    them), so the functions are wrapped while there are none and the special cases are loaded
    once afterwards: this keeps :func:`bkkbn_nlp.load` fast.
    """

    def __init__(self, vocab: Any, rules: dict[str, Any] | None = None, *args: Any,
                 **kwargs: Any) -> None:
        super().__init__(vocab, None, *args, **kwargs)
        _harden(self)
        if rules:
            self.rules = rules

    def from_bytes(self, bytes_data: bytes, *, exclude: Any = tuple()) -> NewsTokenizer:
        """Load from bytes (see spaCy's ``Tokenizer.from_bytes``), then re-wrap the affixes."""
        import srsly

        super().from_bytes(bytes_data, exclude=(*exclude, "exceptions"))
        _harden(self)
        if "exceptions" not in exclude:
            rules = srsly.msgpack_loads(bytes_data).get("exceptions")
            if rules:
                self.rules = rules
        return self


#: Set while a saved pipeline is loaded (:func:`rules_from_disk`): the tokenizer is then
#: built without special cases, because ``from_disk`` loads the saved ones next (loading
#: them twice took a fifth of :func:`bkkbn_nlp.load`).
_RULES_FROM_DISK: ContextVar[bool] = ContextVar("bkkbn_rules_from_disk", default=False)


@contextmanager
def rules_from_disk() -> Iterator[None]:
    """Within this block, :func:`build_tokenizer` leaves the special cases out, for the
    saved pipeline's own to fill in (``spacy.load``). The caller checks afterwards that the
    tokenizer has special cases (a pipeline saved without tokenizer data has none)."""
    token = _RULES_FROM_DISK.set(True)
    try:
        yield
    finally:
        _RULES_FROM_DISK.reset(token)


def build_tokenizer(nlp: Language) -> Tokenizer:
    """Build the tokenizer for ``nlp`` (an Indonesian ``Language``); without special cases
    inside :func:`rules_from_disk`."""
    defaults = nlp.Defaults
    prefixes = compile_prefix_regex(defaults.prefixes) if defaults.prefixes else None
    suffixes = compile_suffix_regex(defaults.suffixes) if defaults.suffixes else None
    base = [p if isinstance(p, str) else p.pattern for p in defaults.infixes or ()]
    infix_re = compile_infix_regex(infixes(base))
    return NewsTokenizer(
        nlp.vocab,
        rules=None if _RULES_FROM_DISK.get() else special_cases(),
        prefix_search=prefixes.search if prefixes else None,
        suffix_search=suffixes.search if suffixes else None,
        infix_finditer=infix_re.finditer,
        url_match=defaults.url_match,
    )


#: The ``nlp`` section of a config that uses this tokenizer:
#: ``spacy.blank("id", config=TOKENIZER_CONFIG)`` is a blank pipeline with the news tokenizer.
TOKENIZER_CONFIG = {"nlp": {"tokenizer": {"@tokenizers": "bkkbn.Tokenizer.v1"}}}


@registry.tokenizers("bkkbn.Tokenizer.v1")
def create_tokenizer() -> Callable[[Language], Tokenizer]:
    """Registered factory: ``[nlp.tokenizer] @tokenizers = "bkkbn.Tokenizer.v1"``."""

    def make(nlp: Language) -> Tokenizer:
        return build_tokenizer(nlp)

    return make


def tokenizer_info() -> dict[str, Any]:
    """Counts describing the tokenizer's language data (for docs and benchmarks)."""
    rules = special_cases()
    return {"special_cases": len(rules)}
