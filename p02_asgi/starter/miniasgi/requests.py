"""`Request`: a friendly, lazy view over an HTTP scope and its `receive` channel.

Nothing is parsed up front. Headers, cookies, the URL and the query string are decoded the
first time they are read and then cached, and the body is pulled from `receive()` only when
the endpoint asks for it, chunk by chunk, so a large upload can be streamed instead of held.

A Request is only a view: several can be built over one connection (the endpoint's, then an
exception handler's). What belongs to the connection rather than to one view, namely how much
of the body has been read and the body itself once read, is kept in the scope (body.py), so
every view over the same scope and `receive` sees the same body.
"""

from __future__ import annotations

import json
from collections.abc import AsyncGenerator, Awaitable, Generator, Iterator, Mapping
from contextlib import aclosing
from functools import cached_property
from types import TracebackType
from typing import Any

import anyio

from miniasgi.body import BodyProgress, body_progress
from miniasgi.cookies import parse_cookie_header
from miniasgi.datastructures import URL, Address, FormData, Headers, QueryParams, State
from miniasgi.exceptions import ClientDisconnect, HTTPException
from miniasgi.formparsers import FormParser, MultiPartParser
from miniasgi.types import Message, Receive, Scope, Send

__all__ = [
    "DEFAULT_MAX_BODY_SIZE",
    "ClientDisconnect",
    "FormCall",
    "HTTPConnection",
    "Request",
    "parse_cookie_header",
]

DEFAULT_MAX_BODY_SIZE = 1_048_576

_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
_FORM_KEY = "miniasgi.form"  # (the BodyProgress it was read from, the FormData)

# The request headers a server copies into a pushed request (HTTP/2 server push).
_PUSH_HEADERS = ("accept", "accept-encoding", "accept-language", "cache-control", "user-agent")


class HTTPConnection(Mapping[str, Any]):
    """What an HTTP request and a WebSocket share: everything that is in the scope.

    It is also a read-only mapping over the scope (`request["path"]`), and two connections
    are equal only when they are the same object, whatever their scopes hold.

    The plain scope lookups (`path`, `path_params`, `client`, `app`, `user`, `auth`, and
    `Request.method`), `base_url` and `url_for` are written for you. The parsed views are
    yours: `url`, `headers`, `query_params` and `cookies` in milestone 4, `state` in
    milestone 7.
    """

    def __init__(self, scope: Scope) -> None:
        self.scope = scope

    def __getitem__(self, key: str) -> Any:
        return self.scope[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.scope)

    def __len__(self) -> int:
        return len(self.scope)

    __eq__ = object.__eq__
    __hash__ = object.__hash__

    @cached_property
    def url(self) -> URL:
        raise NotImplementedError("Milestone 4: the URL the client asked for, rebuilt from the scope.")

    @cached_property
    def base_url(self) -> URL:
        """The URL of the application's root: where `url_for` paths are appended.

        Inside a mounted app the scope's root_path includes the mount's prefix, so the
        application's own root (`app_root_path`, when a router recorded it) is preferred.
        """
        root = self.scope.get("app_root_path", self.scope.get("root_path", ""))
        path = root if root.endswith("/") else root + "/"
        return URL(scope={**self.scope, "path": path, "query_string": b"", "root_path": root})

    @cached_property
    def headers(self) -> Headers:
        raise NotImplementedError(
            "Milestone 4: the request's headers, as a read-only Headers view over scope['headers']."
        )

    @cached_property
    def query_params(self) -> QueryParams:
        raise NotImplementedError("Milestone 4: the request's query string, decoded into QueryParams.")

    @cached_property
    def cookies(self) -> dict[str, str]:
        """Every `Cookie` header's cookies (HTTP/2 clients may send one header per cookie)."""
        raise NotImplementedError(
            "Milestone 4: the cookies of every Cookie header as one dict (empty when there is none)."
        )

    @property
    def path(self) -> str:
        path: str = self.scope["path"]
        return path

    @property
    def path_params(self) -> dict[str, Any]:
        params: dict[str, Any] = self.scope.get("path_params", {})
        return params

    @property
    def client(self) -> Address | None:
        client = self.scope.get("client")
        return Address(*client) if client else None

    @cached_property
    def state(self) -> State:
        """Per-connection state; starts as the server's copy of the lifespan state."""
        raise NotImplementedError(
            "Milestone 7: a State over scope['state'] (an empty one is created if missing), so "
            "request.state.x reads the lifespan state."
        )

    @property
    def app(self) -> Any:
        return self.scope.get("app")

    @property
    def user(self) -> Any:
        """Who is calling (`scope["user"]`), as an authentication middleware put it there."""
        return self._set_by_auth("user")

    @property
    def auth(self) -> Any:
        """How the caller proved it (`scope["auth"]`: the scheme, the scopes granted)."""
        return self._set_by_auth("auth")

    def _set_by_auth(self, key: str) -> Any:
        """Unset: the app's setup is wrong; fail loudly, as Starlette does (raised: `-O` keeps it)."""
        if key not in self.scope:
            raise AssertionError(f"AuthenticationMiddleware must be installed to access request.{key}")
        return self.scope[key]

    def url_for(self, name: str, /, **path_params: Any) -> URL:
        """The absolute URL of the route called `name`, with these path parameters.

        Asks the router that routed this request (`scope["router"]`), else the application
        (`scope["app"]`), for the path, then puts it under `base_url`.
        """
        provider = self.scope.get("router") or self.scope.get("app")
        if provider is None:
            raise RuntimeError(
                "The `url_for` method can only be used inside an application or with a router "
                "(neither scope['router'] nor scope['app'] is set)."
            )
        url_path = provider.url_path_for(name, **path_params)
        absolute: URL = url_path.make_absolute_url(base_url=self.base_url)
        return absolute


async def _no_receive() -> Message:
    raise RuntimeError("This Request was built without a receive channel, so it has no body to read.")


async def _no_send(message: Message) -> None:
    raise RuntimeError("Send channel has not been made available: this Request was built without one.")


class Request(HTTPConnection):
    """An HTTP request. `await body()`, `json()` and `form()` read it; `stream()` streams it.

    `max_body_size` caps what this request may send (None: no cap). It is enforced twice: up
    front against a declared `Content-Length`, and while streaming, because a client using
    chunked encoding declares nothing. `send` is only needed for the messages a request may
    send itself: server push and early hints.
    """

    def __init__(
        self,
        scope: Scope,
        receive: Receive = _no_receive,
        send: Send = _no_send,
        *,
        max_body_size: int | None = DEFAULT_MAX_BODY_SIZE,
    ) -> None:
        if scope["type"] != "http":
            raise ValueError(f"Request needs an 'http' scope, got {scope['type']!r}.")
        super().__init__(scope)
        self._receive = receive
        self._send = send
        self.max_body_size = max_body_size

    @property
    def method(self) -> str:
        method: str = self.scope["method"]
        return method

    @property
    def receive(self) -> Receive:
        return self._receive

    @property
    def _progress(self) -> BodyProgress:
        return body_progress(self.scope, self._receive)

    async def stream(self) -> AsyncGenerator[bytes, None]:
        """Yield the body chunk by chunk as `receive()` delivers it, then one final `b""`.

        Once the body has been read to the end, a new `stream()` raises RuntimeError, unless
        `body()` kept it: then the kept body is yielded again. Raises ClientDisconnect if the
        client goes away mid-body, HTTPException(413) once the body exceeds `max_body_size`.
        """
        raise NotImplementedError(
            "Milestone 5: yield the body chunk by chunk as receive() delivers it, then b''; keep the "
            "progress in self._progress; ClientDisconnect if the client leaves, HTTPException(413) past "
            "max_body_size."
        )

    def _check_declared_length(self, limit: int) -> None:
        raise NotImplementedError(
            "Milestone 5: refuse a Content-Length header that is not a number (400) or that exceeds "
            "`limit` (413); a request without one is fine."
        )

    async def body(self) -> bytes:
        """The whole body, read once and kept (in the scope, for every Request over it)."""
        raise NotImplementedError(
            "Milestone 5: the whole body as bytes, read once and then kept in self._progress.body."
        )

    async def json(self) -> Any:
        """The body decoded as JSON; malformed JSON is the client's fault, so a 400."""
        raise NotImplementedError(
            "Milestone 5: the body decoded as JSON; a body that is not valid JSON is "
            "HTTPException(400, 'Malformed JSON in request body: <why>')."
        )

    def form(
        self,
        *,
        max_files: int | float = 1000,
        max_fields: int | float = 1000,
        max_part_size: int = 1024 * 1024,
    ) -> FormCall:
        """The fields of a urlencoded or multipart form body; any other body gives an empty form.

        `await request.form()`, or `async with request.form() as form:`, which closes the
        form's files when the block ends. The limits (files, text fields, bytes in one text
        field) make a 400 when a client breaks them. The form is read once, kept in the
        scope (every Request over it gets the same one), and closed by `request.close()`.
        """
        return FormCall(self._read_form(max_files, max_fields, max_part_size))

    async def _read_form(
        self, max_files: int | float, max_fields: int | float, max_part_size: int
    ) -> FormData:
        raise NotImplementedError(
            "Milestone 5: the fields of an application/x-www-form-urlencoded body, parsed by "
            "FormParser from self.stream(); any other body gives an empty form. Milestone 9: "
            "multipart/form-data through MultiPartParser, and the form kept in the scope "
            "(under _FORM_KEY, with the BodyProgress it was read from) so it is read only once."
        )

    async def close(self) -> None:
        raise NotImplementedError(
            "Milestone 9: close the files of the form read over this scope, if one was."
        )

    async def is_disconnected(self) -> bool:
        """Has the client gone? Looks at `receive()` without waiting for it.

        A server with nothing to say makes `receive()` wait, and the cancelled scope ends
        that wait at once: "no news" means still connected. A message that did arrive is not
        lost: a body chunk is kept for `stream()`.
        """
        progress = self._progress
        if not progress.disconnected:
            message: Message | None = None
            with anyio.CancelScope() as peek:
                peek.cancel()
                message = await self._receive()
            if message is not None:
                if message.get("type") == "http.disconnect":
                    progress.disconnected = True
                elif message.get("type") == "http.request":
                    progress.pending.append(message)
        return progress.disconnected

    async def send_push_promise(self, path: str) -> None:
        """Ask an HTTP/2 server to push `path` to the client; a no-op on servers without push."""
        if "http.response.push" not in self.scope.get("extensions", {}):
            return
        headers = [
            (name.encode("latin-1"), value.encode("latin-1"))
            for name in _PUSH_HEADERS
            for value in self.headers.getlist(name)
        ]
        await self._send({"type": "http.response.push", "path": path, "headers": headers})

    async def send_early_hints(self, link: str, /, *more_links: str) -> None:
        """Send a 103 Early Hints with these `Link` values, so the client can start fetching
        them while the response is prepared; a no-op on servers without the extension."""
        if "http.response.early_hint" not in self.scope.get("extensions", {}):
            return
        links = [value.encode("latin-1") for value in (link, *more_links)]
        await self._send({"type": "http.response.early_hint", "links": links})


class FormCall(Awaitable[FormData]):
    """What `request.form()` returns: await it for the form, or use it as `async with`."""

    __slots__ = ("_form", "_reading")

    def __init__(self, reading: Awaitable[FormData]) -> None:
        self._reading = reading
        self._form: FormData | None = None

    def __await__(self) -> Generator[Any, None, FormData]:
        return self._reading.__await__()

    async def __aenter__(self) -> FormData:
        self._form = await self._reading
        return self._form

    async def __aexit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._form is not None:
            await self._form.close()


def _too_large(limit: int) -> HTTPException:
    return HTTPException(413, f"Request body is larger than the limit of {limit} bytes.")
