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
    raise NotImplementedError(
        "Return the content type without its parameters (what comes before ';'), stripped and lowercased."
    )


def answer(framework: Framework, scenario: Scenario) -> Answer:
    """The framework's app answering `scenario` once (a fresh event loop for an ASGI app)."""
    raise NotImplementedError(
        "Load the framework's app and call it on the scenario's request: await `call_asgi` on a "
        "fresh event loop for an ASGI app, `call_wsgi` for a WSGI one."
    )


# --- ASGI ----------------------------------------------------------------------------------------


def asgi_scope(scenario: Scenario) -> dict[str, Any]:
    """The HTTP scope a server such as uvicorn builds for the scenario's request."""
    raise NotImplementedError(
        "Return an ASGI 3 HTTP scope: the method, the percent-decoded path and the raw one, the "
        "query string as bytes, a Host header for HOST:PORT (plus JSON content-type and "
        "content-length headers when the scenario has a body), the client and server addresses."
    )


async def call_asgi(app: Any, scenario: Scenario) -> Answer:
    """Await the ASGI app on the scenario's request; its whole answer.

    An exception after the response was complete is logged and the answer kept, as uvicorn
    does (Starlette re-raises after sending its 500, so that the server logs it). One before
    is raised: no server could have answered the client either.
    """
    raise NotImplementedError(
        "Await app(scope, receive, send): `receive` hands over the body in one http.request message "
        "(and, asked again, an http.disconnect once the answer is complete); `send` collects the "
        "status, the content-type header and the body chunks. Return them as an Answer; an app "
        "that returns before its last body message is a RuntimeError."
    )


# --- WSGI ----------------------------------------------------------------------------------------


def wsgi_environ(scenario: Scenario) -> dict[str, Any]:
    """The PEP 3333 environ a server such as gunicorn builds for the scenario's request."""
    raise NotImplementedError(
        "Return a PEP 3333 environ: REQUEST_METHOD, PATH_INFO (decoded as latin-1), QUERY_STRING, "
        "SERVER_NAME/PORT, HTTP_HOST, the wsgi.* keys with the body in wsgi.input, and "
        "CONTENT_TYPE/CONTENT_LENGTH when the scenario has a body."
    )


ExcInfo = tuple[type[BaseException], BaseException, TracebackType] | tuple[None, None, None]


def call_wsgi(app: Any, scenario: Scenario) -> Answer:
    """Call the WSGI app on the scenario's request; its whole answer.

    The body is collected before anything counts as sent, so a second `start_response` with
    `exc_info` (an error page replacing the first answer, PEP 3333) simply wins. The
    iterable's `close()` is called whatever happens: frameworks end the request there
    (Django sends `request_finished`, Flask pops its contexts).
    """
    raise NotImplementedError(
        "Call app(environ, start_response), with a start_response that records the status line "
        "and the content-type header; join the chunks of the returned iterable, then call its "
        "close() if it has one, even on an error. Return the Answer."
    )
