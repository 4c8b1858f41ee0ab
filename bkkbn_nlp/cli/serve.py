"""``bkkbn-nlp serve DB``: the browser view of an article store (docs/corpus.md, "Browser
view"), a local read-only web app. Needs the ``serve`` extra; without it the command is
one line naming the extra (E110)."""

from __future__ import annotations

import importlib.util
import socket

import click

from ..errors import Errors, Warnings
from ._common import Failure, warning

#: Host names that reach only this machine.
LOOPBACK = ("127.0.0.1", "localhost", "::1")


def _listen(host: str, port: int) -> socket.socket:
    """A listening socket on ``host``:``port``; one coded line (E111) when it cannot be."""
    from ..web.server import listen

    try:
        return listen(host, port)
    except OSError as exc:
        problem = str(exc.strerror or exc).lower()
        raise Failure(Errors.E111.format(host=host, port=port, problem=problem)) from None


def _allowed_hosts(host: str) -> list[str]:
    """The Host headers the app answers: this machine's names, or any on 0.0.0.0 / ::."""
    if host in ("0.0.0.0", "::", ""):
        return ["*"]
    return sorted({host, "127.0.0.1", "localhost"})


@click.command("serve")
@click.argument("db", type=click.Path(dir_okay=False))
@click.option("--host", default="127.0.0.1", show_default=True,
              help="The address to listen on (the default: this machine only).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="The port to listen on (0: any free port).")
def serve_command(db: str, host: str, port: int) -> None:
    """Browse the article store DB (made by `bkkbn-nlp index`) in a web browser.

    Starts a local, read-only web app: the corpus, each article with its entities and
    quotes highlighted, people, organisations, topics over time, and search. Stop it with
    Ctrl-C.
    """
    from ..web import EXTRA_MODULES

    missing = [m for m in EXTRA_MODULES if importlib.util.find_spec(m) is None]
    if missing:
        raise Failure(Errors.E110.format(missing=", ".join(missing)))
    import uvicorn

    from ..store import StoreError
    from ..web.app import create_app

    try:
        app = create_app(db, allowed_hosts=_allowed_hosts(host))
    except StoreError as exc:
        raise Failure(str(exc)) from None
    if host not in LOOPBACK:
        warning(Warnings.W003.format(host=host, port=port))
    sock = _listen(host, port)
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"Serving {db} (read-only) at http://{shown}:{sock.getsockname()[1]}/ "
               "- press Ctrl-C to stop", err=True)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False))
    server.run(sockets=[sock])
