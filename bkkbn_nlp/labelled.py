"""Deprecated alias of :mod:`bkkbn_nlp.io.labelled` (removed in the next release)."""

from ._moved import alias

alias(__name__)
