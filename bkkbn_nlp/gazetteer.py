"""Deprecated alias of :mod:`bkkbn_nlp.entities.gazetteer` (removed in the next release)."""

from ._moved import alias

alias(__name__)
