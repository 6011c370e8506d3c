"""`MiniAPI` (alias `FastAPI`): miniasgi's application with an APIRouter, JSON errors and docs.

FastAPI is a subclass of Starlette, and this is a subclass of miniasgi's `MiniASGI` in the
same way: the constructor-built stack (ServerErrorMiddleware, your middleware,
ExceptionMiddleware, the router) is miniasgi's; what minifast adds is the glue.

- `router_class = APIRouter`: the seam p02 left for this. The app's router is an APIRouter
  whose routes are miniopenapi's APIRoutes, and the app is their `dependency_overrides`
  provider (`app.dependency_overrides[get_db] = fake_db` in a test).
- FastAPI's default exception handlers: `{"detail": ...}` for an HTTPException, the 422
  with Pydantic's error list for a RequestValidationError, 1008 for a WebSocket's.
- `/openapi.json`, `/docs` (Swagger UI) and `/redoc`, from miniopenapi, added when the app is
  built; the document itself is generated on first request and kept.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

from miniasgi import HTTPException, JSONResponse, MiniASGI, Response
from miniasgi.middleware import Middleware
from miniasgi.routing import BaseRoute
from minidi import Depends
from miniopenapi import OpenAPI, RequestValidationError, docs_routes

from minifast.exception_handlers import (
    http_exception_handler,
    request_validation_exception_handler,
    websocket_request_validation_exception_handler,
)
from minifast.exceptions import WebSocketRequestValidationError
from minifast.middleware.http import HTTPMiddleware
from minifast.routing import APIRouter

F = TypeVar("F", bound=Callable[..., Any])
_MISSING: Any = object()


class MiniAPI(MiniASGI):
    """A FastAPI you could swap in: `app = MiniAPI(title="Mini-FastAPI Demo")`."""

    router_class = APIRouter
    router: APIRouter

    def __init__(
        self,
        *,
        debug: bool = False,
        routes: Sequence[BaseRoute] | None = None,
        title: str = "FastAPI",
        summary: str | None = None,
        description: str = "",
        version: str = "0.1.0",
        openapi_url: str | None = "/openapi.json",
        openapi_tags: Sequence[Mapping[str, Any]] | None = None,
        servers: Sequence[Mapping[str, Any]] | None = None,
        dependencies: Sequence[Depends] | None = None,
        default_response_class: type[Response] = JSONResponse,
        docs_url: str | None = "/docs",
        redoc_url: str | None = "/redoc",
        middleware: Sequence[Middleware] | None = None,
        exception_handlers: Mapping[Any, Callable[..., Any]] | None = None,
        lifespan: Any = None,
        terms_of_service: str | None = None,
        contact: Mapping[str, Any] | None = None,
        license_info: Mapping[str, Any] | None = None,
        openapi_external_docs: Mapping[str, Any] | None = None,
        responses: Mapping[int | str, Mapping[str, Any]] | None = None,
        deprecated: bool | None = None,
        include_in_schema: bool = True,
        **extra: Any,
    ) -> None:
        # Milestone 1 needs the title, the version and the docs URLs. Later milestones come back:
        # milestone 3 gives the document the rest of its metadata (summary, description, terms of
        # service, contact, license, servers, tags, external docs); milestone 4 sets the app-wide
        # route options on the router (dependencies, responses, default_response_class,
        # deprecated, include_in_schema) and self.dependency_overrides, which the routes read
        # through the app.
        raise NotImplementedError(
            "Milestone 1: be miniasgi's application (MiniASGI.__init__ builds self.router from "
            "router_class) with FastAPI's default exception handlers under the given ones, and "
            "serve the document of the router's routes (/openapi.json, /docs, /redoc)"
        )

    def openapi(self) -> dict[str, Any]:
        """The OpenAPI document, generated once (override this to change it, as in FastAPI)."""
        raise NotImplementedError(
            "Milestone 3: return the document /openapi.json serves, generated on the first call "
            "and the same dict after that"
        )

    # -- path operations: the router's ----------------------------------------------------------

    def add_api_route(self, path: str, endpoint: Callable[..., Any], **options: Any) -> None:
        raise NotImplementedError(
            "Milestone 1: add the path operation to the app's router (an APIRouter), same arguments"
        )

    def api_route(self, path: str, **options: Any) -> Callable[[F], F]:
        raise NotImplementedError(
            "Milestone 1: return the router's decorator for this path and these options"
        )

    def get(self, path: str, **options: Any) -> Callable[[F], F]:
        raise NotImplementedError(
            "Milestone 1: return the router's @get decorator for this path and these options"
        )

    def put(self, path: str, **options: Any) -> Callable[[F], F]:
        raise NotImplementedError(
            "Milestone 1: return the router's @put decorator for this path and these options"
        )

    def post(self, path: str, **options: Any) -> Callable[[F], F]:
        raise NotImplementedError(
            "Milestone 1: return the router's @post decorator for this path and these options"
        )

    def delete(self, path: str, **options: Any) -> Callable[[F], F]:
        raise NotImplementedError(
            "Milestone 1: return the router's @delete decorator for this path and these options"
        )

    def options(self, path: str, **options: Any) -> Callable[[F], F]:
        raise NotImplementedError(
            "Milestone 1: return the router's @options decorator for this path and these options"
        )

    def head(self, path: str, **options: Any) -> Callable[[F], F]:
        raise NotImplementedError(
            "Milestone 1: return the router's @head decorator for this path and these options"
        )

    def patch(self, path: str, **options: Any) -> Callable[[F], F]:
        raise NotImplementedError(
            "Milestone 1: return the router's @patch decorator for this path and these options"
        )

    def trace(self, path: str, **options: Any) -> Callable[[F], F]:
        raise NotImplementedError(
            "Milestone 1: return the router's @trace decorator for this path and these options"
        )

    def websocket(self, path: str, name: str | None = None) -> Callable[[F], F]:
        raise NotImplementedError(
            "Milestone 7: return the router's @websocket decorator (an APIWebSocketRoute, not miniasgi's)"
        )

    def include_router(self, router: APIRouter, **options: Any) -> None:
        raise NotImplementedError("Milestone 4: include `router` in the app's router, with these options")

    # -- FastAPI's other hooks -------------------------------------------------------------------

    def middleware(self, middleware_type: str) -> Callable[[F], F]:
        """`@app.middleware("http")` over `async def add_header(request, call_next)`."""
        raise NotImplementedError(
            "Milestone 4: return a decorator that adds the function as an HTTPMiddleware (its "
            'dispatch) to the app\'s middleware, and returns the function; only "http" exists, '
            "anything else is a ValueError"
        )

    def on_event(self, event_type: str) -> Callable[[F], F]:
        """`@app.on_event("startup")`: FastAPI's older form of lifespan hooks, still working
        and deprecated there as here: a `lifespan=` context manager says the same in one place."""
        raise NotImplementedError(
            "Milestone 4: warn (DeprecationWarning: use lifespan= instead), then return the "
            'decorator that registers a "startup" or "shutdown" hook (miniasgi has both); any '
            "other event is a ValueError"
        )


FastAPI = MiniAPI

__all__ = ["FastAPI", "MiniAPI"]
