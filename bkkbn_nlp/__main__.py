"""``python -m bkkbn_nlp``: the same as the ``bkkbn-nlp`` command."""

from .cli import main

if __name__ == "__main__":
    main()
