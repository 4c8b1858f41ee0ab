"""Deprecated alias of :mod:`bkkbn_nlp.text.clean` (removed in the next release)."""

from ._moved import alias

alias(__name__)
