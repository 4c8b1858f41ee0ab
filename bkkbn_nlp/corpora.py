"""Deprecated alias of :mod:`bkkbn_nlp.entities.corpora` (removed in the next release)."""

from ._moved import alias

alias(__name__)
