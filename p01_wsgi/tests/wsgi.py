"""Helpers the milestone tests share: call a WSGI app the way a server does, and look at what
it sent.

`call(app, environ(...))` plays the server: it builds nothing itself, calls
`app(environ, start_response)`, and returns what `start_response` received plus the body
iterable (not yet consumed, so streaming tests can watch it). `client_for(app)` is an httpx
client that drives the app in-process, for tests that only care about the HTTP answer.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import httpx

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def client_for(app: Any) -> httpx.Client:
    """An httpx client that calls the WSGI app in-process (no server, no socket)."""
    return httpx.Client(transport=httpx.WSGITransport(app=app), base_url="http://testserver")


def make_environ(
    path: str = "/",
    method: str = "GET",
    body: bytes = b"",
    query: str = "",
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """A minimal PEP 3333 environ, as a server builds it for one request."""
    environ: dict[str, Any] = {
        "REQUEST_METHOD": method,
        "SCRIPT_NAME": "",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }
    if body:
        environ["CONTENT_LENGTH"] = str(len(body))
    for name, value in (headers or {}).items():
        key = name.upper().replace("-", "_")
        environ[key if key in ("CONTENT_TYPE", "CONTENT_LENGTH") else "HTTP_" + key] = value
    environ.update(extra)
    return environ


class StartResponse:
    """A `start_response` that records what the app passed to it."""

    def __init__(self) -> None:
        self.calls = 0
        self.status = ""  # e.g. "200 OK" once the app has called start_response
        self.headers: list[tuple[str, str]] = []

    def __call__(
        self, status: str, headers: list[tuple[str, str]], exc_info: Any = None
    ) -> Callable[[bytes], None]:
        self.calls += 1
        self.status, self.headers = status, list(headers)
        return lambda data: None

    def header(self, name: str) -> str | None:
        """The first value of header `name` (any case), or None."""
        return next((v for k, v in self.headers if k.lower() == name.lower()), None)

    def header_dict(self) -> dict[str, str]:
        """The headers as {lower-case name: value}, for comparing without caring about order."""
        return {name.lower(): value for name, value in self.headers}


def call_wsgi(app: Any, environ: dict[str, Any]) -> tuple[StartResponse, Iterable[bytes]]:
    """Call `app` as a server does; return what start_response got and the body iterable."""
    start = StartResponse()
    body = app(environ, start)
    return start, body


def read_body(body: Iterable[bytes]) -> bytes:
    """Join the chunks and close the iterable, as a server does once it has sent them."""
    try:
        return b"".join(body)
    finally:
        close = getattr(body, "close", None)
        if close is not None:
            close()
