"""Running the view: a listening socket, and the server in a background thread (what a
test, a screenshot script or a notebook uses; ``bkkbn-nlp serve`` runs it in the
foreground). Needs the ``serve`` extra (uvicorn)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

__all__ = ["listen", "running"]


def listen(host: str = "127.0.0.1", port: int = 0) -> socket.socket:
    """A TCP socket bound to ``host``:``port`` (0: a free port) and listening.

    Raises:
        OSError: The address cannot be used (taken, not this machine's, not a name).
    """
    family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(128)
    except OSError:
        sock.close()
        raise
    return sock


@contextmanager
def running(app: Any, host: str = "127.0.0.1", port: int = 0,
            timeout: float = 10.0) -> Iterator[str]:
    """Serve ``app`` in a background thread for the ``with`` block; yields its base URL
    (``http://127.0.0.1:PORT``). The server is stopped when the block ends."""
    import uvicorn

    sock = listen(host, port)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            sock.close()
            raise RuntimeError("the web server did not start")
        time.sleep(0.02)
    try:
        yield f"http://{host}:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout)
        sock.close()
