"""`trustlint serve`: the copywriter's desk, a local page that lints a draft as you type.

A Starlette app over the resident engine (trustlint.desk.resident), served by uvicorn on
127.0.0.1. The page (trustlint/desk/web/: one HTML file, one script, one stylesheet) is
self-contained: no CDN, no request to anything but this server, a strict Content-Security-
Policy ('self' only, no inline script or style). Draft text only ever reaches the page's DOM
as textContent. Nothing is stored: every request is linted in memory and forgotten.

Endpoints (all POST bodies are JSON `{"text", "format", "context", "path"?}`):
  POST /api/lint        exactly the JSON of `trustlint check --format json` for that draft
  POST /api/levers      the levers ("fix TL302: T +1.2") and merge-token spans of that draft
  POST /api/report      the review-board HTML report of that draft (reporters/html.py)
  POST /api/recipients  + `csv`, `row`: the draft rendered for one recipient, with TL507
  GET  /api/meta        rules with their `explain` text, context defaults, limits
"""
from __future__ import annotations

import json
import socket
import sys
import threading
from importlib import resources
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from .. import __version__
from ..context import KEYS
from ..reporters import html
from ..source.templates import find_tokens
from .resident import EngineError, ResidentEngine, preview_recipient

MAX_REQUEST = 8 * 1024 * 1024  # bytes of JSON: a 5 MB draft (the default max-file-size) escaped, plus a CSV
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data: blob:; "
       "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
HEADERS = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer",
           "Cache-Control": "no-store", "Cross-Origin-Opener-Policy": "same-origin",
           "Cross-Origin-Resource-Policy": "same-origin", "X-Frame-Options": "DENY"}
ASSETS = {"/": ("index.html", "text/html; charset=utf-8"), "/desk.js": ("desk.js", "text/javascript; charset=utf-8"),
          "/desk.css": ("desk.css", "text/css; charset=utf-8"), "/favicon.svg": ("favicon.svg", "image/svg+xml")}
LOCAL_HOSTS = ["127.0.0.1", "localhost", "::1", "[::1]"]


class ServeError(Exception):
    """The desk cannot start (port taken, bad config): the message is one line."""


class RequestError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status, headers=HEADERS)


async def _body(request: Request, limit: int) -> dict[str, Any]:
    """The request's JSON object, read at most `limit` bytes (413 past that)."""
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype != "application/json":
        raise RequestError(415, "send the draft as JSON (Content-Type: application/json)")
    origin = request.headers.get("origin")
    if origin and origin != f"{request.url.scheme}://{request.url.netloc}":
        raise RequestError(403, f"requests from {origin} are not accepted (open the desk's own page)")
    too_big = (f"request is over the {limit / 1048576:.1f} MB limit of trustlint serve; "
               "lint a file this large with 'trustlint check'")
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise RequestError(413, too_big)
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise RequestError(413, too_big)
        chunks.append(chunk)
    try:
        data = json.loads(b"".join(chunks) or b"null")
    except (ValueError, UnicodeDecodeError) as exc:
        raise RequestError(400, f"request body is not valid JSON ({exc})") from None
    if not isinstance(data, dict) or not isinstance(data.get("text"), str):
        raise RequestError(400, "request must be a JSON object with a string 'text' (and optional "
                                "'format', 'context', 'path')")
    for key, kind in (("format", str), ("context", dict), ("path", str)):
        if data.get(key) is not None and not isinstance(data[key], kind):
            raise RequestError(400, f"'{key}' must be a {'string' if kind is str else 'JSON object'}")
    return data


def _args(data: dict[str, Any]) -> tuple[str, str | None, dict[str, Any] | None, str | None]:
    return data["text"], data.get("format") or None, data.get("context"), data.get("path") or None


def create_app(engine: ResidentEngine | None = None, max_request: int = MAX_REQUEST,
               hosts: list[str] | None = None) -> Starlette:
    engine = engine or ResidentEngine()

    def endpoint(handler):
        async def run(request: Request) -> Response:
            try:
                data = await _body(request, max_request)
                return await run_in_threadpool(handler, data)
            except RequestError as exc:
                return _error(exc.status, str(exc))
            except EngineError as exc:
                return _error(422, str(exc))
        return run

    def lint(data: dict[str, Any]) -> Response:
        return Response(engine.lint_json(*_args(data)), media_type="application/json", headers=HEADERS)

    def levers(data: dict[str, Any]) -> Response:
        text = data["text"]
        report = engine.lint(*_args(data))
        tokens = [{"offset": m.start(), "end_offset": m.end(), "token": m.group(0)} for _, m in find_tokens(text)]
        return JSONResponse({"levers": engine.levers(report), "tokens": tokens}, headers=HEADERS)

    def report(data: dict[str, Any]) -> Response:
        body = html.render(engine.lint(*_args(data), readability=True))
        headers = dict(HEADERS, **{"Content-Disposition": 'attachment; filename="trustlint-report.html"'})
        return Response(body, media_type="text/html; charset=utf-8", headers=headers)

    def recipients(data: dict[str, Any]) -> Response:
        csv_text, row = data.get("csv"), data.get("row", 1)
        if not isinstance(csv_text, str) or not isinstance(row, int) or isinstance(row, bool):
            raise EngineError("'csv' must be the recipients CSV as a string and 'row' a row number")
        text, fmt, context, path = _args(data)
        return JSONResponse(preview_recipient(engine, text, csv_text, row, fmt, context, path), headers=HEADERS)

    async def meta(request: Request) -> Response:
        def build() -> dict[str, Any]:
            cfg = engine.config_for(None)
            return {"version": __version__, "rules": engine.rules(), "context": cfg.context.as_dict(),
                    "context_keys": list(KEYS), "max_request": max_request, "max_file_size": cfg.max_file_size,
                    "config": cfg.origin}
        try:
            return JSONResponse(await run_in_threadpool(build), headers=HEADERS)
        except EngineError as exc:
            return _error(422, str(exc))
        except ValueError as exc:  # a config error: shown on the page
            return _error(422, str(exc))

    async def asset(request: Request) -> Response:
        name, media = ASSETS[request.url.path]
        data = resources.files("trustlint.desk.web").joinpath(name).read_bytes()
        return Response(data, media_type=media, headers=HEADERS)

    routes = [Route(p, asset, methods=["GET"]) for p in ASSETS]
    routes += [Route("/api/meta", meta, methods=["GET"]),
               Route("/api/lint", endpoint(lint), methods=["POST"]),
               Route("/api/levers", endpoint(levers), methods=["POST"]),
               Route("/api/report", endpoint(report), methods=["POST"]),
               Route("/api/recipients", endpoint(recipients), methods=["POST"])]
    allowed = LOCAL_HOSTS + list(hosts or [])
    return Starlette(routes=routes, middleware=[Middleware(TrustedHostMiddleware, allowed_hosts=allowed)])


def serve(host: str = "127.0.0.1", port: int = 8765, open_browser: bool = True, config: str | None = None) -> None:
    """Bind, warm the engine, print the URL, open the browser, serve until Ctrl-C.
    Raises ServeError (one line) when the port is taken or the config is invalid."""
    import uvicorn

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP explicitly: asyncio sets TCP_NODELAY only on sockets whose proto says TCP,
    # and accepted connections inherit it; with proto 0, Nagle held every keep-alive
    # response's body back by a delayed ACK (~40 ms per request)
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))  # before warming up, so a busy port fails at once
    except OSError as exc:
        sock.close()
        raise ServeError(f"cannot listen on {host}:{port}: {exc.strerror or exc} (choose another --port)") from None
    engine = ResidentEngine(config)
    try:
        engine.warm()
    except (EngineError, ValueError, RuntimeError) as exc:
        sock.close()
        raise ServeError(str(exc)) from None
    sock.listen(64)  # connections queue from here on, so the URL below already answers
    bound = sock.getsockname()[1]
    shown = f"[{host}]" if family == socket.AF_INET6 else host
    url = f"http://{shown}:{bound}/"
    print(f"trustlint desk: {url}  (Ctrl-C to stop; drafts stay on this machine)", flush=True)
    if host not in ("127.0.0.1", "localhost", "::1"):
        print(f"trustlint: warning: listening on {host}: other machines can reach this desk", file=sys.stderr)
    if open_browser:
        import webbrowser

        threading.Timer(0.3, webbrowser.open, (url,)).start()
    app = create_app(engine, hosts=[host])
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off"))
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:
        pass
