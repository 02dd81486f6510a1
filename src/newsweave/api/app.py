"""The FastAPI application: state, error shape, auth, and the routers it mounts.

Readers open the store read-only, one connection per worker thread (a sqlite3 connection
must not be shared by concurrent threads). Writes exist only when a token was given at start.
"""

from __future__ import annotations

import hmac
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import NewsweaveError, NotFoundError, StoreError
from ..search import Searcher
from ..services import Workspace
from ..web.render import STATIC, environment

log = logging.getLogger(__name__)

STATUS_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    422: "bad_request",
}


class ApiError(Exception):
    """An error with an HTTP status and a stable code, rendered in the one error shape."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


class AppState:
    """What every request needs: the database path, readers, the searcher, the writer lock."""

    def __init__(self, db: str, *, token: str | None, searcher: Searcher | None) -> None:
        self.db = db
        self.token = token
        self._searcher = searcher
        self._local = threading.local()
        self._readers: list[Workspace] = []
        self.write_lock = threading.Lock()
        self.env = environment()
        Workspace.open(db, read_only=True).close()  # fail at start, not on the first request

    def reader(self) -> Workspace:
        ws = getattr(self._local, "ws", None)
        if ws is None:
            ws = self._local.ws = Workspace.open(self.db, read_only=True)
            self._readers.append(ws)
        return ws

    @property
    def searcher(self) -> Searcher:
        if self._searcher is None:
            self._searcher = Searcher()
        return self._searcher

    @contextmanager
    def writer(self) -> Iterator[Workspace]:
        """A read-write workspace for one write, one at a time (SQLite has one writer)."""
        with self.write_lock:
            ws = Workspace.open(self.db, read_only=False)
            try:
                yield ws
            finally:
                ws.close()

    def check_token(self, request: Request) -> None:
        if self.token is None:
            raise ApiError(403, "forbidden", "this server is read-only (start it with --token)")
        given = request.headers.get("authorization", "")
        if not hmac.compare_digest(given.encode(), f"Bearer {self.token}".encode()):
            raise ApiError(403, "forbidden", "missing or wrong bearer token")

    def close(self) -> None:
        for ws in self._readers:
            ws.close()


def error_body(code: str, message: str) -> dict[str, Any]:
    return {"error": {"code": code, "message": message}}


def create_app(db: str, *, token: str | None = None, searcher: Searcher | None = None) -> FastAPI:
    """The app for ``newsweave serve``: REST under /api/v1, pages under /."""
    from ..web.pages import router as pages_router
    from .corrections import router as corrections_router
    from .routes import router as api_router

    # Swagger UI loads from a CDN, which an offline analyst cannot reach: /openapi.json is
    # the spec and /api/v1 lists the endpoints on a plain page.
    app = FastAPI(
        title="newsweave",
        version="1",
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.nw = AppState(db, token=token, searcher=searcher)
    app.include_router(api_router, prefix="/api/v1")
    app.include_router(corrections_router, prefix="/api/v1")
    app.include_router(pages_router)
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")

    def respond(request: Request, status: int, code: str, message: str) -> Any:
        if request.url.path.startswith("/api/") or request.url.path == "/openapi.json":
            return JSONResponse(error_body(code, message), status_code=status)
        html = app.state.nw.env.get_template("error.html").render(
            status=status,
            code=code,
            message=message,
            title="Error",
            request_path=request.url.path,
            lang_names={},
        )
        return HTMLResponse(html, status_code=status)

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> Any:
        return respond(request, exc.status, exc.code, exc.message)

    @app.exception_handler(NewsweaveError)
    async def _nw_error(request: Request, exc: NewsweaveError) -> Any:
        status = (
            404 if isinstance(exc, NotFoundError) else 500 if isinstance(exc, StoreError) else 400
        )
        return respond(request, status, exc.code, str(exc))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Any:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ()) if p not in ('query', 'body'))}: "
            f"{e.get('msg', '')}"
            for e in exc.errors()
        )
        return respond(request, 400, "bad_request", problems or "invalid request")

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Any:
        code = STATUS_CODES.get(exc.status_code, "http_error")
        return respond(request, exc.status_code, code, str(exc.detail))

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> Any:
        log.exception("unhandled error on %s", request.url.path)
        return respond(request, 500, "internal_error", "internal error; see the server log")

    return app
