"""The Starlette application of the browser view: server-side rendered pages (Jinja2,
autoescaped), CSS files, no script. Needs the ``serve`` extra.

The store is opened read-only (``Store(path, readonly=True)``), once per request so that
requests served by different threads never share a connection; the app has GET routes
only, so a POST is answered 405. An unknown id is a 404 page; any other failure is a 500
page that says so in one line (the traceback goes to the server's log, never to the
browser). Every response carries a Content-Security-Policy that allows no script and
nothing from another origin.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import jinja2
from markupsafe import Markup
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..about import __version__
from ..io.export import _BIDI_CONTROLS
from ..store import Store
from . import pages
from .reads import org_key
from .render import EXPORT_CSS, url

__all__ = ["create_app", "HEADERS"]

HERE = Path(__file__).resolve().parent

#: Headers of every response: no script, nothing from elsewhere, not framed, no referrer.
HEADERS: dict[str, str] = {
    "content-security-policy": ("default-src 'none'; style-src 'self'; img-src 'self' data:; "
                                "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"),
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
}


class _SecurityHeaders:
    """ASGI middleware adding :data:`HEADERS` to every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [(k.encode(), v.encode()) for k, v in HEADERS.items()]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class _StoreMemo:
    """Results of whole-store aggregates, kept while the store's files are unchanged (an
    index run writing to the store changes the file or its write-ahead log)."""

    def __init__(self, path: Path) -> None:
        self.files = (path, path.with_name(path.name + "-wal"))
        self.token: tuple[Any, ...] | None = None
        self.values: dict[str, Any] = {}

    def _token(self) -> tuple[Any, ...]:
        out: list[Any] = []
        for f in self.files:
            try:
                st = f.stat()
            except FileNotFoundError:
                out.append(None)
            else:
                out.append((st.st_mtime_ns, st.st_size, st.st_ino))
        return tuple(out)

    def __call__(self, name: str, compute: Callable[[], Any]) -> Any:
        token = self._token()
        if token != self.token:
            self.token, self.values = token, {}
        values = self.values  # a request of another thread may replace the dict meanwhile
        if name not in values:
            values[name] = compute()
        return values[name]


def _bdi(value: Any) -> Markup:
    """User text in a page: escaped and isolated (``<bdi>``), so an unclosed bidi control
    or right-to-left text cannot reorder the page around it; ``None`` is empty."""
    if value is None or value == "":
        return Markup("")
    return Markup("<bdi>%s</bdi>") % str(value)


def _plain(value: Any) -> str:
    """User text where no markup goes (the page title, an attribute): bidi controls
    removed (the template escapes the rest)."""
    return _BIDI_CONTROLS.sub("", "" if value is None else str(value))


@jinja2.pass_context
def _page_url(context: Any, param: str, number: int) -> str:
    """This page's path and query with ``param`` set to ``number`` (a pager's link)."""
    request: Request = context["request"]
    params = {**request.query_params, param: str(number)}
    return quote(request.url.path) + "?" + urlencode(params)


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"),
                             autoescape=True, undefined=jinja2.StrictUndefined,
                             trim_blocks=True, lstrip_blocks=True)
    env.filters["u"] = _bdi
    env.filters["plain"] = _plain
    env.filters["num"] = lambda n: f"{int(n):,}"
    env.globals.update(url=url, page_url=_page_url, org_key=org_key, version=__version__,
                       per_page=pages.PER_PAGE)
    return env


def create_app(db: str | Path, *, allowed_hosts: Sequence[str] | None = None) -> Starlette:
    """The view of the store ``db`` as an ASGI application.

    Args:
        db: The store (made by ``bkkbn-nlp index``); opened read-only.
        allowed_hosts: Host names the app answers (a request naming another host, as a
            DNS-rebinding page would, is refused with 400); default: any.

    Raises:
        StoreError: ``db`` is not a store (E100) or of another schema version (E101).
    """
    path = Path(db)
    Store(path, readonly=True).close()  # a bad file fails now, not at the first request
    templates = Jinja2Templates(env=_environment())

    def render(request: Request, name: str, context: dict[str, Any],
               status: int = 200) -> Response:
        return templates.TemplateResponse(request, name, context, status_code=status)

    def page(name: str, build: Callable[[Store, Request], dict[str, Any]]
             ) -> Callable[[Request], Response]:
        def endpoint(request: Request) -> Response:
            with Store(path, readonly=True) as store:
                context = build(store, request)
            return render(request, name, {**context, "db_name": path.name})

        return endpoint

    memo = _StoreMemo(path)

    def number(request: Request, param: str = "page") -> int:
        return pages.page_number(request.query_params.get(param, "1"))

    def key(request: Request, name: str) -> str:
        return str(request.path_params[name])

    routes = [
        Route("/", page("home.html", lambda s, r: pages.home(s, page=number(r), memo=memo))),
        Route("/article/{article_id:path}", page(
            "article.html", lambda s, r: pages.article(s, key(r, "article_id")))),
        Route("/person/{person_id}", page(
            "person.html", lambda s, r: pages.person(s, key(r, "person_id"), page=number(r)))),
        Route("/agency/{key:path}", page(
            "agency.html", lambda s, r: pages.agency(
                s, key(r, "key"), page=number(r),
                mentions_page=number(r, "mentions_page")))),
        Route("/topic/{label}", page(
            "topic.html", lambda s, r: pages.topic(s, key(r, "label"), page=number(r)))),
        Route("/search", page("search.html", lambda s, r: pages.search(
            s, r.query_params.get("q", ""), page=number(r)))),
        Route("/export.css", lambda r: Response(EXPORT_CSS, media_type="text/css")),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]

    def error_page(request: Request, status: int, message: str) -> Response:
        return render(request, "error.html", {"status": status, "message": message,
                                              "db_name": path.name}, status)

    async def not_found(request: Request, exc: Exception) -> Response:
        return error_page(request, 404, str(exc))

    async def http_error(request: Request, exc: Exception) -> Response:
        status = exc.status_code if isinstance(exc, HTTPException) else 500
        text = {404: "There is no such page.", 405: "This view is read-only: only GET works."}
        return error_page(request, status, text.get(status, "The request cannot be served."))

    async def server_error(request: Request, exc: Exception) -> Response:
        # the server logs the traceback (Starlette raises the error on after this page)
        return error_page(request, 500, "Something went wrong on the server; its log says what.")

    middleware = [Middleware(_SecurityHeaders)]
    if allowed_hosts is not None:
        middleware.append(Middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts)))
    return Starlette(routes=routes, middleware=middleware, exception_handlers={
        pages.NotFound: not_found, HTTPException: http_error, Exception: server_error})
