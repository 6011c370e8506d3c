"""Composition: `Mount` hands a path prefix to another app, `Host` hands it a host name.

Both are routes whose "endpoint" is a whole ASGI app (a sub-router, or any framework).
A Mount follows the ASGI rules for prefixes: `path` stays the full path the client asked
for and `root_path` grows by the prefix the Mount consumed, so the child app routes on
`path` minus `root_path` and can still build absolute URLs. (Starlette has done this since
0.33; before, it cut the prefix off `path`.)
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


def _child_routes(app: ASGIApp) -> list[BaseRoute]:
    routes: list[BaseRoute] = getattr(app, "routes", [])
    return routes


def _split(params: dict[str, Any], names: Iterable[str]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Split `params` into those named in `names` (the prefix's own) and the rest (the child's)."""
    own = {name: value for name, value in params.items() if name in names}
    return own, {name: value for name, value in params.items() if name not in own}


def _child_name(own_name: str | None, name: str) -> str | None:
    """`"api:users"` -> `"users"` for a Mount named "api"; unnamed mounts pass names through."""
    if own_name is None:
        return name
    prefix = own_name + ":"
    return name[len(prefix) :] if name.startswith(prefix) else None


def _ask_children(routes: Sequence[BaseRoute], name: str, params: dict[str, Any]) -> URLPath | None:
    for route in routes:
        try:
            return route.url_path_for(name, **params)
        except NoMatchFound:
            continue
    return None


class Mount(BaseRoute):
    """Serve every path under `path` with `app`, or with a Router built from `routes`.

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
        if path and not path.startswith("/"):
            raise ValueError(f"a mount path must be empty or start with '/', got {path!r}")
        if (app is None) == (routes is None):
            raise ValueError("give a Mount either app=... or routes=[...], exactly one of them")
        self.path = path.rstrip("/")
        self._base_app: ASGIApp = app if app is not None else Router(routes)
        self.app = apply_middleware(self._base_app, middleware)
        self.name = name
        self.compiled = compile_path(self.path + "/{path:path}")

    @property
    def routes(self) -> list[BaseRoute]:
        """The mounted app's routes, if it has any (url_path_for searches them)."""
        return _child_routes(self._base_app)

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        if scope["type"] not in ("http", "websocket"):
            return Match.NONE, {}
        route_path = get_route_path(scope)
        params = self.compiled.match(route_path)
        if params is None:
            return Match.NONE, {}
        remaining = "/" + params.pop("path")
        root_path: str = scope.get("root_path", "")
        return Match.FULL, {
            "path_params": merge_path_params(scope, params),
            "root_path": root_path + route_path[: len(route_path) - len(remaining)],
            # The top-level root_path, for building absolute URLs from deep inside mounts.
            "app_root_path": scope.get("app_root_path", root_path),
            "endpoint": self.app,
        }

    def url_path_for(self, name: str, /, **path_params: Any) -> URLPath:
        """The mount itself (its name, with `path`), or a route inside it ("mount:child").

        A prefix parameter the caller leaves out stays a `{name}` placeholder, as in
        Starlette: `Mount("/{tenant}", ...)` asked for "users" without `tenant` gives
        `/{tenant}/users`, a template the caller can still fill in.
        """
        convertors = self.compiled.convertors
        if name == self.name and "path" in path_params:
            own, rest = _split(path_params, convertors)
            if not rest:
                inside = str(own["path"]).lstrip("/")
                return URLPath(self.compiled.expand({**own, "path": inside}))
        elif (child_name := _child_name(self.name, name)) is not None:
            own, rest = _split(path_params, convertors.keys() - {"path"})
            prefix = self.compiled.expand({**own, "path": ""}).rstrip("/")
            url = _ask_children(self.routes, child_name, rest)
            if url is not None:
                return URLPath(prefix + url, protocol=url.protocol)
        raise NoMatchFound(name, path_params)

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.app(scope, receive, send)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Mount) and (self.path, self.app) == (other.path, other.app)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(path={self.path!r}, name={self.name or ''!r}, app={self.app!r})"


def _request_host(scope: Scope) -> str | None:
    """The Host header's host, lowercased, without its port (brackets kept); None if invalid."""
    for key, value in scope["headers"]:
        if key == b"host":
            parsed = parse_host(value.decode("latin-1"))
            return None if parsed is None else parsed.host.lower()
    return None


class Host(BaseRoute):
    """Serve requests whose Host header matches `host` (`{sub}.example.com`) with `app`.

    `compiled` is None: a Host does not match on the path, so the router's index keeps it
    where it was registered (a fence) instead of filing it under a path.
    """

    compiled: CompiledPath | None = None

    def __init__(self, host: str, app: ASGIApp, name: str | None = None) -> None:
        if host.startswith("/"):
            raise ValueError(f"a host pattern must not start with '/', got {host!r}")
        self.host = host
        self.app = app
        self.name = name
        self.host_template = compile_path(host)

    @property
    def routes(self) -> list[BaseRoute]:
        """The app's routes, if it has any (url_path_for searches them)."""
        return _child_routes(self.app)

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        if scope["type"] not in ("http", "websocket"):
            return Match.NONE, {}
        host = _request_host(scope)
        params = None if host is None else self.host_template.match(host)
        if params is None:
            return Match.NONE, {}
        return Match.FULL, {
            "path_params": merge_path_params(scope, params),
            "endpoint": self.app,
        }

    def url_path_for(self, name: str, /, **path_params: Any) -> URLPath:
        """The host itself (its name, with `path`), or a route of its app ("host:child");
        a host parameter left out stays a `{name}` placeholder, as in Mount."""
        convertors = self.host_template.convertors
        if name == self.name and "path" in path_params:
            own, rest = _split(path_params, convertors)
            path = rest.pop("path")
            if not rest:
                return URLPath(str(path), host=self.host_template.expand(own))
        elif (child_name := _child_name(self.name, name)) is not None:
            own, rest = _split(path_params, convertors)
            url = _ask_children(self.routes, child_name, rest)
            if url is not None:
                return URLPath(url, protocol=url.protocol, host=self.host_template.expand(own))
        raise NoMatchFound(name, path_params)

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.app(scope, receive, send)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Host) and (self.host, self.app) == (other.host, other.app)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(host={self.host!r}, name={self.name or ''!r}, app={self.app!r})"
