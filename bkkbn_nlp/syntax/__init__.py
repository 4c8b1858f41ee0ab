"""Syntax for Indonesian news: UD data preparation, the stanza backend and the
``bkkbn_syntax`` component (docs/syntax.md).

stanza is optional (``pip install 'bkkbn_nlp[stanza]'``) and imported only when the
component runs; this package imports without it.
"""

from .component import BACKENDS, SyntaxComponent, bundled_model_dir

__all__ = ["BACKENDS", "SyntaxComponent", "bundled_model_dir"]
