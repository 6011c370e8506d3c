"""The exceptions an endpoint raises to *say* something, and the ones the protocol raises.

`HTTPException` and `WebSocketException` are control flow: raise one anywhere below the
`ExceptionMiddleware` and it becomes the matching response or close frame. `ClientDisconnect`
and `WebSocketDisconnect` report that the other side went away; there is nobody left to
answer, so the stack ends the request quietly.
"""

from __future__ import annotations

import http.client
from collections.abc import Mapping


class HTTPException(Exception):
    """Stop handling this request and answer with `status_code`.

    `detail` defaults to the standard reason phrase ("Not Found"), or to "" for a status the
    standard library has no phrase for (nginx's 499, say): any integer is a status a server may
    send, so none is refused here. `headers` ride along on the response (e.g. `Allow` on a
    405, `WWW-Authenticate` on a 401).
    """

    def __init__(
        self, status_code: int, detail: str | None = None, headers: Mapping[str, str] | None = None
    ) -> None:
        if detail is None:
            detail = http.client.responses.get(status_code, "")
        super().__init__(status_code, detail)
        self.status_code = status_code
        self.detail = detail
        self.headers = headers

    def __str__(self) -> str:
        return f"{self.status_code}: {self.detail}"

    def __repr__(self) -> str:
        return f"{type(self).__name__}(status_code={self.status_code!r}, detail={self.detail!r})"


class WebSocketException(Exception):
    """Stop handling this WebSocket and close it with `code` (1008 = policy violation, ...)."""

    def __init__(self, code: int, reason: str | None = None) -> None:
        super().__init__(code, reason)
        self.code = code
        self.reason = reason or ""

    def __str__(self) -> str:
        return f"{self.code}: {self.reason}"

    def __repr__(self) -> str:
        return f"{type(self).__name__}(code={self.code!r}, reason={self.reason!r})"


class ClientDisconnect(Exception):
    """The HTTP client hung up while we were still reading its request body."""


class WebSocketDisconnect(Exception):
    """The WebSocket peer closed the connection (or vanished: code 1006)."""

    def __init__(self, code: int = 1000, reason: str | None = None) -> None:
        super().__init__(code, reason)
        self.code = code
        self.reason = reason or ""


class MiniASGIDeprecationWarning(UserWarning):
    """A name or feature of miniasgi that is going away (see `miniasgi.status`).

    A `UserWarning`, not a `DeprecationWarning`, on purpose: Python hides DeprecationWarning
    unless it is raised by code in `__main__`, so the people using a library would never see
    the library's own deprecations. (Starlette's StarletteDeprecationWarning is one for the
    same reason.)
    """
