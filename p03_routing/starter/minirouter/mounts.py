"""Composition: `Mount` hands a path prefix to another app, `Host` hands it a host name.

Both are routes whose "endpoint" is a whole ASGI app (a sub-router, or any framework).
A Mount follows the ASGI rules for prefixes: `path` stays the full path the client asked
for and `root_path` grows by the prefix the Mount consumed, so the child app routes on
`path` minus `root_path` and can still build absolute URLs.
"""

from collections.abc import Iterable, Sequence
from typing import Any

from miniasgi.types import ASGIApp, Receive, Scope, Send

from minirouter.errors import NoMatchFound
from minirouter.paths import CompiledPath, URLPath, compile_path, get_route_path
from minirouter.router import Router
from minirouter.routes import BaseRoute, Match, merge_path_params


class Mount(BaseRoute):
    """Serve every path under `path` with `app`, or with a Router built from `routes`."""

    compiled: CompiledPath

    def __init__(
        self,
        path: str,
        app: ASGIApp | None = None,
        routes: Sequence[BaseRoute] | None = None,
        name: str | None = None,
    ) -> None:
        raise NotImplementedError(
            "Check the path ('' or starting with '/') and that exactly one of app/routes is given "
            "(ValueError otherwise); self.path = path without a trailing '/'; self.app = app or "
            "Router(routes); self.compiled = compile_path(self.path + '/{path:path}')."
        )

    @property
    def routes(self) -> list[BaseRoute]:
        """The mounted app's routes, if it has any (url_path_for searches them)."""
        raise NotImplementedError("Return getattr(self.app, 'routes', []).")

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        raise NotImplementedError(
            "http and websocket only; match get_route_path(scope); the child scope gets the merged "
            "path_params (without 'path'), root_path + the consumed prefix, app_root_path (the "
            "outermost root_path) and endpoint=self.app. Do not change scope['path']."
        )

    def url_path_for(self, name: str, /, **path_params: Any) -> URLPath:
        raise NotImplementedError(
            "name == self.name with exactly the template's params (incl. 'path'): the prefix plus "
            "path. Else strip 'name:' (unnamed mounts pass names through), fill the prefix params and "
            "ask the child routes with the rest. NoMatchFound otherwise."
        )

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        raise NotImplementedError("Await self.app.")

    def __repr__(self) -> str:
        return f"{type(self).__name__}(path={self.path!r}, name={self.name!r}, app={self.app!r})"


class Host(BaseRoute):
    """Serve requests whose Host header matches `host` (`{sub}.example.com`) with `app`."""

    def __init__(self, host: str, app: ASGIApp, name: str | None = None) -> None:
        raise NotImplementedError(
            "Refuse a host starting with '/'; store host, app, name and "
            "self.host_template = compile_path(host) (NOT self.compiled: a Host does not match on paths)."
        )

    @property
    def routes(self) -> list[BaseRoute]:
        """The app's routes, if it has any (url_path_for searches them)."""
        raise NotImplementedError("Return getattr(self.app, 'routes', []).")

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        raise NotImplementedError(
            "Read the Host header, lowercase it, drop the port (keep [ipv6] brackets), match "
            "host_template; FULL with merged path_params and endpoint=self.app."
        )

    def url_path_for(self, name: str, /, **path_params: Any) -> URLPath:
        raise NotImplementedError(
            "Like Mount.url_path_for, but the host params fill URLPath.host and the path is unchanged."
        )

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        raise NotImplementedError("Await self.app.")

    def __repr__(self) -> str:
        return f"{type(self).__name__}(host={self.host!r}, name={self.name!r}, app={self.app!r})"
