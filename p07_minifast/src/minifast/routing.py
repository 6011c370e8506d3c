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
        try:
            app = super().make_app(endpoint)
        except PydanticSchemaGenerationError as exc:
            raise FastAPIError(
                f"Invalid type in {self.path!r} ({exc}): every parameter and the response model "
                "must be something minipydantic validates. If the return annotation is not one "
                "(`-> Response | dict`), pass response_model=None to the decorator."
            ) from exc

        async def answer(scope: Scope, receive: Receive, send: Send) -> None:
            try:
                await app(scope, receive, send)
            except SuppressedExceptionError as exc:
                raise FastAPIError(
                    "No response to send: the application code is raising an exception and a "
                    f"dependency with yield caught it without raising it again ({exc})"
                ) from exc

        return answer


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
        super().__init__(routes, redirect_slashes, default, lifespan)
        if prefix and (not prefix.startswith("/") or prefix.endswith("/")):
            raise ValueError(f"A router prefix must start with '/' and not end with '/', got {prefix!r}")
        self.prefix = prefix
        self.tags = list(tags or [])
        self.dependencies = list(dependencies or [])
        self.default_response_class = default_response_class
        self.responses = dict(responses or {})
        self.dependency_overrides_provider = dependency_overrides_provider
        self.route_class = route_class
        self.deprecated = deprecated
        self.include_in_schema = include_in_schema

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
        route_class = route_class_override or self.route_class
        if response_model is not _MISSING:
            options["response_model"] = response_model
        route = route_class(
            self.prefix + path,
            endpoint,
            methods=methods or ["GET"],
            status_code=status_code,
            tags=[*self.tags, *(tags or [])],
            dependencies=[*self.dependencies, *(dependencies or [])],
            responses={**self.responses, **(responses or {})},
            response_class=response_class or self.default_response_class,
            deprecated=deprecated if deprecated is not None else self.deprecated,
            include_in_schema=include_in_schema and self.include_in_schema,
            dependency_overrides_provider=self.dependency_overrides_provider,
            **options,
        )
        self.routes.append(route)

    def api_route(
        self, path: str, *, methods: Sequence[str] | None = None, **options: Any
    ) -> Callable[[F], F]:
        """`@router.api_route("/items", methods=["GET", "HEAD"])`: one endpoint, several methods."""

        def register(endpoint: F) -> F:
            self.add_api_route(path, endpoint, methods=methods, **options)
            return endpoint

        return register

    def get(self, path: str, **options: Any) -> Callable[[F], F]:
        return self.api_route(path, methods=["GET"], **options)

    def put(self, path: str, **options: Any) -> Callable[[F], F]:
        return self.api_route(path, methods=["PUT"], **options)

    def post(self, path: str, **options: Any) -> Callable[[F], F]:
        return self.api_route(path, methods=["POST"], **options)

    def delete(self, path: str, **options: Any) -> Callable[[F], F]:
        return self.api_route(path, methods=["DELETE"], **options)

    def options(self, path: str, **options: Any) -> Callable[[F], F]:
        return self.api_route(path, methods=["OPTIONS"], **options)

    def head(self, path: str, **options: Any) -> Callable[[F], F]:
        return self.api_route(path, methods=["HEAD"], **options)

    def patch(self, path: str, **options: Any) -> Callable[[F], F]:
        return self.api_route(path, methods=["PATCH"], **options)

    def trace(self, path: str, **options: Any) -> Callable[[F], F]:
        return self.api_route(path, methods=["TRACE"], **options)

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
        route = APIWebSocketRoute(
            self.prefix + path,
            endpoint,
            name=name,
            dependencies=[*self.dependencies, *(dependencies or [])],
            dependency_overrides_provider=self.dependency_overrides_provider,
        )
        self.routes.append(route)

    def websocket(
        self, path: str, name: str | None = None, *, dependencies: Sequence[Depends] | None = None
    ) -> Callable[[F], F]:
        """`@router.websocket("/ws/{room}")`: the endpoint takes a `WebSocket` and typed values."""

        def register(endpoint: F) -> F:
            self.add_api_websocket_route(path, endpoint, name=name, dependencies=dependencies)
            return endpoint

        return register

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
        if prefix and (not prefix.startswith("/") or prefix.endswith("/")):
            raise ValueError(f"An include prefix must start with '/' and not end with '/', got {prefix!r}")
        where = self.prefix + prefix
        for route in router.routes:
            if isinstance(route, APIRoute):
                self.add_api_route(
                    prefix + route.path,
                    route.endpoint,
                    methods=route.operation_methods,
                    response_model=route.response_model,
                    status_code=route.status_code,
                    tags=[*(tags or []), *route.tags],
                    dependencies=[*(dependencies or []), *route.dependencies],
                    responses={**(responses or {}), **route.responses},
                    response_class=_chosen_class(route, router, default_response_class),
                    deprecated=deprecated or route.deprecated,
                    include_in_schema=include_in_schema and route.include_in_schema,
                    route_class_override=type(route),
                    name=route.name,
                    summary=route.summary,
                    description=route.description,
                    response_description=route.response_description,
                    operation_id=route.operation_id,
                    response_model_include=route.dump_options.include,
                    response_model_exclude=route.dump_options.exclude,
                    response_model_by_alias=route.dump_options.by_alias,
                    response_model_exclude_unset=route.dump_options.exclude_unset,
                    response_model_exclude_defaults=route.dump_options.exclude_defaults,
                    response_model_exclude_none=route.dump_options.exclude_none,
                    openapi_extra=route.openapi_extra,
                )
            elif isinstance(route, Route):
                methods = sorted(route.methods) if route.methods is not None else None
                self.add_route(where + route.path, route.endpoint, methods=methods, name=route.name)
            elif isinstance(route, APIWebSocketRoute):
                self.add_api_websocket_route(
                    prefix + route.path,
                    route.endpoint,
                    name=route.name,
                    dependencies=[*(dependencies or []), *route.dependencies],
                )
            elif isinstance(route, WebSocketRoute):
                self.routes.append(WebSocketRoute(where + route.path, route.endpoint, name=route.name))
            elif isinstance(route, Mount):
                self.routes.append(Mount(where + route.path, app=route.app, name=route.name))
            else:
                self.routes.append(route)


def _chosen_class(route: APIRoute, router: APIRouter, override: type[Response] | None) -> type[Response]:
    """A route's own response class wins; one it inherited from its router gives way to the
    class the include asks for."""
    inherited = route.response_class is router.default_response_class
    return override if override is not None and inherited else route.response_class


__all__ = ["APIRoute", "APIRouter"]
