"""Deprecated alias of :mod:`bkkbn_nlp.entities.rules` (removed in the next release)."""

from ._moved import alias

alias(__name__)
