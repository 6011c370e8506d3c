"""Shared helpers: an in-process HTTP client, a raw environ, and where the examples live."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import httpx
import pytest

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
    """A minimal PEP 3333 environ, for tests that call the app as a WSGI server would."""
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
    """Records what the app passed to `start_response`."""

    def __init__(self) -> None:
        self.status = ""  # e.g. "200 OK" once the app has called start_response
        self.headers: list[tuple[str, str]] = []

    def __call__(
        self, status: str, headers: list[tuple[str, str]], exc_info: Any = None
    ) -> Callable[[bytes], None]:
        self.status, self.headers = status, headers
        return lambda data: None

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers if k.lower() == name.lower()), None)


def call_wsgi(app: Any, environ: dict[str, Any]) -> tuple[StartResponse, Iterable[bytes]]:
    """Call `app` like a server does; return what start_response got and the body iterable."""
    start = StartResponse()
    body = app(environ, start)
    return start, body


# Fixtures hand the helpers to test files (session scope: they are plain functions, and
# hypothesis tests may use them freely).


@pytest.fixture(name="client_for", scope="session")
def _client_for() -> Callable[[Any], httpx.Client]:
    return client_for


@pytest.fixture(name="make_environ", scope="session")
def _make_environ() -> Callable[..., dict[str, Any]]:
    return make_environ


@pytest.fixture(scope="session")
def examples() -> Path:
    """The folder with the lesson's runnable apps (gunicorn is started with --chdir here)."""
    return EXAMPLES


@pytest.fixture(name="call_wsgi", scope="session")
def _call_wsgi() -> Callable[[Any, dict[str, Any]], tuple[StartResponse, Iterable[bytes]]]:
    return call_wsgi
