"""Composition: `Mount` hands a path prefix to another app, `Host` hands it a host name.

Both are routes whose "endpoint" is a whole ASGI app (a sub-router, or any framework).
A Mount follows the ASGI rules for prefixes: `path` stays the full path the client asked
for and `root_path` grows by the prefix the Mount consumed, so the child app routes on
`path` minus `root_path` and can still build absolute URLs.
"""

from collections.abc import Iterable, Sequence
from typing import Any

from miniasgi import Middleware, apply_middleware
from miniasgi.routing import BaseRoute, Match
from miniasgi.types import ASGIApp, Receive, Scope, Send
from miniasgi.urls import parse_host

from minirouter.errors import NoMatchFound
from minirouter.paths import CompiledPath, URLPath, compile_path, get_route_path
from minirouter.router import Router
from minirouter.routes import merge_path_params


class Mount(BaseRoute):
    """Serve every path under `path` with `app`, or with a Router built from `routes` (milestone 8).

    `middleware` wraps the mounted app: it runs for every request the Mount serves.
    """

    compiled: CompiledPath

    def __init__(
        self,
        path: str,
        app: ASGIApp | None = None,
        routes: Sequence[BaseRoute] | None = None,
        name: str | None = None,
        *,
        middleware: Sequence[Middleware] | None = None,
    ) -> None:
        raise NotImplementedError(
            "Remember the path (without a trailing '/'), the app (or a Router of `routes`) as "
            "self.app wrapped in `middleware` (apply_middleware) and as it was given (its routes "
            "are the Mount's), the name, and a compiled template that matches the path and "
            "everything below it. ValueError for a path neither empty nor starting with '/', or "
            "unless exactly one of app and routes is given."
        )

    @property
    def routes(self) -> list[BaseRoute]:
        """The mounted app's routes, if it has any (url_path_for searches them)."""
        raise NotImplementedError(
            "Return the routes of the app the Mount was given (not of the middleware around it), "
            "or [] when it has none."
        )

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        raise NotImplementedError(
            "FULL for an http or websocket request under this prefix, with the child scope: endpoint "
            "(the app), path_params (the prefix's own, merged), root_path grown by the prefix, and "
            "app_root_path (the root_path before any mount). scope['path'] stays whole. Else NONE."
        )

    def url_path_for(self, name: str, /, **path_params: Any) -> URLPath:
        raise NotImplementedError(
            "The mount's own name with its params and `path`: the path inside it. 'name:child' (or "
            "just 'child' for an unnamed mount): the prefix, filled in with the params it has (a "
            "missing one stays a placeholder), followed by the path a mounted route builds for "
            "'child' with the other params. NoMatchFound otherwise."
        )

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        raise NotImplementedError("Serve the request with the mounted app.")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Mount) and (self.path, self.app) == (other.path, other.app)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(path={self.path!r}, name={self.name or ''!r}, app={self.app!r})"


class Host(BaseRoute):
    """Serve requests whose Host header matches `host` (`{sub}.example.com`) with `app` (milestone 9).

    `compiled` is None: a Host does not match on the path, so the router's index keeps it
    where it was registered (a fence) instead of filing it under a path.
    """

    compiled: CompiledPath | None = None

    def __init__(self, host: str, app: ASGIApp, name: str | None = None) -> None:
        raise NotImplementedError(
            "Remember host, app, name and the compiled host pattern as host_template (`compiled` "
            "stays None: a Host does not match on the path). ValueError for a pattern starting with '/'."
        )

    @property
    def routes(self) -> list[BaseRoute]:
        """The app's routes, if it has any (url_path_for searches them)."""
        raise NotImplementedError("Return the app's routes, or [] when it has none.")

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        raise NotImplementedError(
            "FULL for an http or websocket request whose Host header (any case, any port) fits the "
            "pattern, with the child scope: endpoint (the app) and path_params (the host's, merged). "
            "Else NONE, also when there is no Host header or it is no valid host "
            "(miniasgi.urls.parse_host decides that, and gives the host without its port)."
        )

    def url_path_for(self, name: str, /, **path_params: Any) -> URLPath:
        raise NotImplementedError(
            "Like Mount.url_path_for, but the host's params fill in URLPath.host (a missing one stays "
            "a placeholder) and the path is the mounted route's (or the `path` param, for the Host's "
            "own name) unchanged."
        )

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        raise NotImplementedError("Serve the request with the app for this host.")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Host) and (self.host, self.app) == (other.host, other.app)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(host={self.host!r}, name={self.name or ''!r}, app={self.app!r})"
