"""minirouter: a Starlette-style ASGI router that finds a route without scanning the table.

Paths compile once (`compile_path`, convertors), routes speak a three-method protocol
(`matches`, `url_path_for`, `handle`), and the `Router` asks an index built from the route
table for the few routes that could match, most specific first. `App` is miniasgi's
application with this router plugged in.

The route protocol itself (`BaseRoute`, `Match`, `NoMatchFound`, `URLPath`,
`get_route_path`) is named once, in miniasgi.routing; minirouter re-exports it.
"""

from miniasgi.routing import BaseRoute, Match

from minirouter.applications import App
from minirouter.convertors import Convertor, register_converter
from minirouter.errors import NoMatchFound
from minirouter.mounts import Host, Mount
from minirouter.paths import CompiledPath, URLPath, compile_path, get_route_path
from minirouter.router import LinearRouter, Router
from minirouter.routes import Route, WebSocketRoute

__all__ = [
    "App",
    "BaseRoute",
    "CompiledPath",
    "Convertor",
    "Host",
    "LinearRouter",
    "Match",
    "Mount",
    "NoMatchFound",
    "Route",
    "Router",
    "URLPath",
    "WebSocketRoute",
    "compile_path",
    "get_route_path",
    "register_converter",
]
