"""`App`: miniasgi's application with minirouter's Router plugged in.

This is the whole seam. `MiniASGI` builds its router with `router_class(routes=routes,
lifespan=...)`, so an application with Mount, Host, converters, url_path_for through mounts
and the most-specific-first index is one class attribute away. FastAPI plugs its APIRouter
into Starlette the same way, and p07 plugs its own router into this App.
"""

from miniasgi import MiniASGI

from minirouter.router import Router


class App(MiniASGI):
    """`MiniASGI` routed by minirouter: Starlette's `Starlette(routes=[Route, Mount, Host])`."""

    router_class = Router


__all__ = ["App"]
