"""Calling an app in process, as a server would, without a socket or an HTTP parser.

The check (`minibench.check`) needs each framework's exact answer, and the in-process timing
(`minibench.inprocess`) needs the framework's own time with nothing else around it. Both call
the app object directly: an ASGI scope with `receive` and `send`, or a WSGI environ with
`start_response`. The driver gives the app what a server gives it and frameworks rely on (a
Host header, the body's length and type, the server's address) and no more, so its own cost
is small and the same for every framework of an interface.
"""

from __future__ import annotations

import asyncio
import io
import logging
import sys
from collections.abc import Callable, Iterable
from types import TracebackType
from typing import Any, NamedTuple
from urllib.parse import unquote

from minibench.frameworks import Framework
from minibench.spec import Scenario

logger = logging.getLogger(__name__)

HOST, PORT = "127.0.0.1", 8000  # the address the app is told it is served at
JSON = "application/json"


class Answer(NamedTuple):
    """What the app answered: the status, the media type (lowercase, no parameters), the body.

    A named tuple, not a frozen dataclass: the timing loop builds one per request, and a tuple
    costs a few hundred nanoseconds less, which is not the framework's time.
    """

    status: int
    media_type: str
    body: bytes


def media_type(content_type: str) -> str:
    """`Text/Plain; charset=utf-8` -> `text/plain`: the part every framework agrees on."""
    return content_type.partition(";")[0].strip().lower()


def answer(framework: Framework, scenario: Scenario) -> Answer:
    """The framework's app answering `scenario` once (a fresh event loop for an ASGI app)."""
    app = framework.load()
    if framework.interface == "asgi":
        return asyncio.run(call_asgi(app, scenario))
    return call_wsgi(app, scenario)


# --- ASGI ----------------------------------------------------------------------------------------


def asgi_scope(scenario: Scenario) -> dict[str, Any]:
    """The HTTP scope a server such as uvicorn builds for the scenario's request."""
    headers = [(b"host", f"{HOST}:{PORT}".encode())]
    if scenario.body:
        headers += [(b"content-type", JSON.encode()), (b"content-length", str(len(scenario.body)).encode())]
    return {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.4"},
        "http_version": "1.1",
        "method": scenario.method,
        "scheme": "http",
        "path": unquote(scenario.path),
        "raw_path": scenario.path.encode(),
        "root_path": "",
        "query_string": scenario.query.encode(),
        "headers": headers,
        "client": ("127.0.0.1", 50000),
        "server": (HOST, PORT),
        "state": {},
    }


class _Exchange:
    """One request's `receive` and `send`: the body in one message, the answer collected."""

    def __init__(self, body: bytes) -> None:
        self.body: bytes | None = body
        self.status = 0
        self.content_type = ""
        self.chunks: list[bytes] = []
        self.complete = False
        self.finished: asyncio.Event | None = None  # made only if the app listens for a disconnect

    async def receive(self) -> dict[str, Any]:
        if self.body is not None:
            body, self.body = self.body, None
            return {"type": "http.request", "body": body, "more_body": False}
        # Asked again, a server reports the client leaving, which it does once it has the answer.
        if self.finished is None:
            self.finished = asyncio.Event()
        if not self.complete:
            await self.finished.wait()
        return {"type": "http.disconnect"}

    async def send(self, message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            self.status = message["status"]
            for name, value in message.get("headers", []):
                if name.lower() == b"content-type":
                    self.content_type = value.decode("latin-1")
        elif message["type"] == "http.response.body":
            self.chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                self.complete = True
                if self.finished is not None:
                    self.finished.set()


async def call_asgi(app: Any, scenario: Scenario) -> Answer:
    """Await the ASGI app on the scenario's request; its whole answer.

    An exception after the response was complete is logged and the answer kept, as uvicorn
    does (Starlette re-raises after sending its 500, so that the server logs it). One before
    is raised: no server could have answered the client either.
    """
    exchange = _Exchange(scenario.body)
    try:
        await app(asgi_scope(scenario), exchange.receive, exchange.send)
    except Exception:
        if not exchange.complete:
            raise
        logger.exception("%s %s raised after its response", scenario.method, scenario.target)
    if not exchange.complete:
        raise RuntimeError(
            f"the app returned without finishing its answer to {scenario.method} {scenario.target}"
        )
    return Answer(exchange.status, media_type(exchange.content_type), b"".join(exchange.chunks))


# --- WSGI ----------------------------------------------------------------------------------------


def wsgi_environ(scenario: Scenario) -> dict[str, Any]:
    """The PEP 3333 environ a server such as gunicorn builds for the scenario's request."""
    environ: dict[str, Any] = {
        "REQUEST_METHOD": scenario.method,
        "SCRIPT_NAME": "",
        "PATH_INFO": unquote(scenario.path, encoding="latin-1"),  # PEP 3333: decoded, as latin-1
        "QUERY_STRING": scenario.query,
        "SERVER_NAME": HOST,
        "SERVER_PORT": str(PORT),
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": f"{HOST}:{PORT}",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(scenario.body),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }
    if scenario.body:
        environ["CONTENT_TYPE"] = JSON
        environ["CONTENT_LENGTH"] = str(len(scenario.body))
    return environ


ExcInfo = tuple[type[BaseException], BaseException, TracebackType] | tuple[None, None, None]


def call_wsgi(app: Any, scenario: Scenario) -> Answer:
    """Call the WSGI app on the scenario's request; its whole answer.

    The body is collected before anything counts as sent, so a second `start_response` with
    `exc_info` (an error page replacing the first answer, PEP 3333) simply wins. The
    iterable's `close()` is called whatever happens: frameworks end the request there
    (Django sends `request_finished`, Flask pops its contexts).
    """
    status, content_type = "", ""
    chunks: list[bytes] = []

    def start_response(
        status_line: str, headers: list[tuple[str, str]], exc_info: ExcInfo | None = None
    ) -> Callable[[bytes], object]:
        nonlocal status, content_type
        status = status_line
        content_type = next((value for name, value in headers if name.lower() == "content-type"), "")
        return chunks.append  # the legacy write(): its chunks come before the iterable's

    iterable: Iterable[bytes] = app(wsgi_environ(scenario), start_response)
    try:
        chunks.extend(iterable)
    finally:
        close = getattr(iterable, "close", None)
        if close is not None:
            close()
    if not status:
        raise RuntimeError(f"the app never called start_response for {scenario.method} {scenario.target}")
    return Answer(int(status.split(" ", 1)[0]), media_type(content_type), b"".join(chunks))
