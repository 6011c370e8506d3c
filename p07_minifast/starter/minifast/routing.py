"""`APIRouter`: minirouter's Router with FastAPI's decorators, and routers inside routers.

A router is where a bigger application is cut into pieces (`users.py`, `items.py`), each
with its own prefix, tags, dependencies and documented responses, put together with
`include_router`. Including does not nest routers at request time: each route is copied into
the including router with everything combined (prefix + path, tags, dependencies, responses),
the way FastAPI does it. So a request still meets one flat table and minirouter's index, and
the OpenAPI document sees each route with its final path.

The routes themselves are miniopenapi's `APIRoute`s: analysed once, when they are added.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

import miniopenapi.routing as openapi
from miniasgi import JSONResponse, Response
from miniasgi.routing import BaseRoute
from miniasgi.types import ASGIApp, Receive, Scope, Send
from minidi import Depends, SuppressedExceptionError
from miniopenapi.routing import OverridesProvider
from minipydantic import PydanticSchemaGenerationError
from minirouter import Mount, Route, Router, WebSocketRoute

from minifast.exceptions import FastAPIError
from minifast.websocket_routing import APIWebSocketRoute

F = TypeVar("F", bound=Callable[..., Any])
_MISSING: Any = object()

# The route options a router can give all its routes, and how including merges each one.
Responses = Mapping[int | str, Mapping[str, Any]]


class APIRoute(openapi.APIRoute):
    """miniopenapi's route, speaking FastAPI's errors, for two mistakes in the application:

    - a parameter or response type nothing can validate (`-> Response | dict`): a
      `FastAPIError` when the route is defined, naming the route and the way out;
    - a `yield` dependency that swallowed the exception the endpoint raised leaves no
      response to send: a `FastAPIError` for that request (minidi says
      `SuppressedExceptionError`)."""

    def make_app(self, endpoint: Callable[..., Any]) -> ASGIApp:
        """Build miniopenapi's per-request app, speaking FastAPI's errors."""
        # Milestone 4 comes back here: a request whose `yield` dependency swallowed the endpoint's
        # exception (minidi's SuppressedExceptionError) is a FastAPIError that says so.
        raise NotImplementedError(
            "Milestone 1: return miniopenapi's app for this endpoint; a parameter or response "
            "model minipydantic cannot validate (PydanticSchemaGenerationError) is a FastAPIError "
            "naming the route and the way out (response_model=None)"
        )


class APIRouter(Router):
    """A group of path operations: `@router.get("/{id}")`, then `app.include_router(router)`.

    `prefix`, `tags`, `dependencies`, `responses`, `deprecated` and `include_in_schema` apply
    to every route added here; `default_response_class` renders results unless a route says
    otherwise.
    """

    def __init__(
        self,
        *,
        prefix: str = "",
        tags: Sequence[str] | None = None,
        dependencies: Sequence[Depends] | None = None,
        default_response_class: type[Response] = JSONResponse,
        responses: Responses | None = None,
        routes: Sequence[BaseRoute] | None = None,
        redirect_slashes: bool = True,
        default: ASGIApp | None = None,
        dependency_overrides_provider: OverridesProvider | None = None,
        route_class: type[APIRoute] = APIRoute,
        lifespan: Any = None,
        deprecated: bool | None = None,
        include_in_schema: bool = True,
    ) -> None:
        raise NotImplementedError(
            "Milestone 1: be a minirouter Router (routes, redirect_slashes, default, lifespan) and "
            "keep every other option as an attribute of the same name (fresh lists and dicts); a "
            "prefix that does not start with '/', or ends with one, is a ValueError"
        )

    # -- adding path operations ---------------------------------------------------------------

    def add_api_route(
        self,
        path: str,
        endpoint: Callable[..., Any],
        *,
        methods: Sequence[str] | None = None,
        response_model: Any = _MISSING,
        status_code: int | None = None,
        tags: Sequence[str] | None = None,
        dependencies: Sequence[Depends] | None = None,
        responses: Responses | None = None,
        response_class: type[Response] | None = None,
        deprecated: bool | None = None,
        include_in_schema: bool = True,
        route_class_override: type[APIRoute] | None = None,
        **options: Any,
    ) -> None:
        """Add one path operation, with this router's prefix, tags, dependencies and responses
        in front of its own. `options` are APIRoute's (summary, description, operation_id,
        name, response_description, response_model_* ...)."""
        # response_model goes to the route only when the caller gave one (None included: it
        # switches the model off); deprecated and include_in_schema combine with the router's;
        # every route gets the router's dependency_overrides_provider.
        raise NotImplementedError(
            "Milestone 1: append one route (route_class_override or route_class) for prefix + "
            "path: GET unless methods say otherwise, the router's tags, dependencies and "
            "responses before the route's own, response_class or the router's default, the rest "
            "as given"
        )

    def api_route(
        self, path: str, *, methods: Sequence[str] | None = None, **options: Any
    ) -> Callable[[F], F]:
        """`@router.api_route("/items", methods=["GET", "HEAD"])`: one endpoint, several methods."""
        raise NotImplementedError(
            "Milestone 1: return a decorator that adds the endpoint with add_api_route (these "
            "methods and options) and returns the endpoint itself, unchanged"
        )

    def get(self, path: str, **options: Any) -> Callable[[F], F]:
        raise NotImplementedError("Milestone 1: api_route for the GET method")

    def put(self, path: str, **options: Any) -> Callable[[F], F]:
        raise NotImplementedError("Milestone 1: api_route for the PUT method")

    def post(self, path: str, **options: Any) -> Callable[[F], F]:
        raise NotImplementedError("Milestone 1: api_route for the POST method")

    def delete(self, path: str, **options: Any) -> Callable[[F], F]:
        raise NotImplementedError("Milestone 1: api_route for the DELETE method")

    def options(self, path: str, **options: Any) -> Callable[[F], F]:
        raise NotImplementedError("Milestone 1: api_route for the OPTIONS method")

    def head(self, path: str, **options: Any) -> Callable[[F], F]:
        raise NotImplementedError("Milestone 1: api_route for the HEAD method")

    def patch(self, path: str, **options: Any) -> Callable[[F], F]:
        raise NotImplementedError("Milestone 1: api_route for the PATCH method")

    def trace(self, path: str, **options: Any) -> Callable[[F], F]:
        raise NotImplementedError("Milestone 1: api_route for the TRACE method")

    def add_api_websocket_route(
        self,
        path: str,
        endpoint: Callable[..., Any],
        name: str | None = None,
        *,
        dependencies: Sequence[Depends] | None = None,
    ) -> None:
        """Add one WebSocket endpoint with injected parameters, under this router's prefix and
        after its dependencies."""
        raise NotImplementedError(
            "Milestone 7: add an APIWebSocketRoute to self.routes: this router's prefix + path, "
            "the router's dependencies in front of the route's own, the router's "
            "dependency_overrides_provider"
        )

    def websocket(
        self, path: str, name: str | None = None, *, dependencies: Sequence[Depends] | None = None
    ) -> Callable[[F], F]:
        """`@router.websocket("/ws/{room}")`: the endpoint takes a `WebSocket` and typed values."""
        raise NotImplementedError(
            "Milestone 7: return a decorator that adds the endpoint with add_api_websocket_route "
            "and returns it unchanged"
        )

    # -- routers inside routers ---------------------------------------------------------------

    def include_router(
        self,
        router: APIRouter,
        *,
        prefix: str = "",
        tags: Sequence[str] | None = None,
        dependencies: Sequence[Depends] | None = None,
        responses: Responses | None = None,
        deprecated: bool | None = None,
        include_in_schema: bool = True,
        default_response_class: type[Response] | None = None,
    ) -> None:
        """Copy `router`'s routes in, each under `prefix` (then this router's prefix), with
        the given tags, dependencies and responses in front of its own."""
        # Everything a route was made with comes along: status code, name, summary, description,
        # operation id, response model and its dump options, openapi_extra, its route class. Its
        # response class too, unless it only inherited its router's default and the include
        # names another. Deprecated if either says so; in the schema only if both agree. Plain
        # routes, websocket routes and mounts are copied under the full prefix. A bad prefix is a
        # ValueError, as for APIRouter.
        raise NotImplementedError(
            "Milestone 4: copy each of `router`'s routes into this router (nothing is nested at "
            "request time): an APIRoute through add_api_route again, under `prefix`, with the "
            "include's tags, dependencies and responses before its own"
        )


__all__ = ["APIRoute", "APIRouter"]
