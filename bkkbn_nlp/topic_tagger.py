"""Deprecated alias of :mod:`bkkbn_nlp.topics.estimator` (removed in the next release)."""

from ._moved import alias

alias(__name__)
