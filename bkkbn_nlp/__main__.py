"""``python -m bkkbn_nlp``: the same as the ``bkkbn-nlp`` command."""

from __future__ import annotations

import sys

__all__ = ["run"]


def run() -> None:
    """Entry point of the ``bkkbn-nlp`` console script and of ``python -m bkkbn_nlp``.

    The command modules (and spaCy, click) are imported here, inside the guard, so that
    Ctrl-C while they are still loading is the same one line and exit status 130 as Ctrl-C
    during a command, not a traceback.
    """
    try:
        from .cli import main
    except KeyboardInterrupt:
        from .errors import Errors

        sys.stderr.write(f"bkkbn-nlp: {Errors.E029}\n")
        raise SystemExit(130) from None
    main()


if __name__ == "__main__":
    run()
