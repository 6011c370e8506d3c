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
        defaults: dict[Any, Callable[..., Any]] = {
            HTTPException: http_exception_handler,
            RequestValidationError: request_validation_exception_handler,
            WebSocketRequestValidationError: websocket_request_validation_exception_handler,
        }
        super().__init__(
            debug=debug,
            routes=routes,
            middleware=middleware,
            exception_handlers={**defaults, **(exception_handlers or {})},
            lifespan=lifespan,
        )
        self.title, self.summary, self.description, self.version = title, summary, description, version
        self.openapi_url, self.docs_url, self.redoc_url = openapi_url, docs_url, redoc_url
        self.openapi_tags = openapi_tags
        self.servers = list(servers or [])
        self.extra = extra
        self.dependency_overrides: dict[Callable[..., Any], Callable[..., Any]] = {}
        router = self.router
        router.dependencies = list(dependencies or [])
        router.default_response_class = default_response_class
        router.responses = dict(responses or {})
        router.deprecated = deprecated
        router.include_in_schema = include_in_schema
        router.dependency_overrides_provider = self
        self.terms_of_service, self.contact, self.license_info = terms_of_service, contact, license_info
        self.openapi_schema = OpenAPI(
            router.routes,
            title=title,
            version=version,
            summary=summary,
            description=description or None,
            terms_of_service=terms_of_service,
            contact=contact,
            license_info=license_info,
            servers=servers,
            tags=openapi_tags,
            external_docs=openapi_external_docs,
        )
        router.routes.extend(
            docs_routes(self.openapi_schema, openapi_url=openapi_url, docs_url=docs_url, redoc_url=redoc_url)
        )

    def openapi(self) -> dict[str, Any]:
        """The OpenAPI document, generated once (override this to change it, as in FastAPI)."""
        return self.openapi_schema.document()

    # -- path operations: the router's ----------------------------------------------------------

    def add_api_route(self, path: str, endpoint: Callable[..., Any], **options: Any) -> None:
        self.router.add_api_route(path, endpoint, **options)

    def api_route(self, path: str, **options: Any) -> Callable[[F], F]:
        return self.router.api_route(path, **options)

    def get(self, path: str, **options: Any) -> Callable[[F], F]:
        return self.router.get(path, **options)

    def put(self, path: str, **options: Any) -> Callable[[F], F]:
        return self.router.put(path, **options)

    def post(self, path: str, **options: Any) -> Callable[[F], F]:
        return self.router.post(path, **options)

    def delete(self, path: str, **options: Any) -> Callable[[F], F]:
        return self.router.delete(path, **options)

    def options(self, path: str, **options: Any) -> Callable[[F], F]:
        return self.router.options(path, **options)

    def head(self, path: str, **options: Any) -> Callable[[F], F]:
        return self.router.head(path, **options)

    def patch(self, path: str, **options: Any) -> Callable[[F], F]:
        return self.router.patch(path, **options)

    def trace(self, path: str, **options: Any) -> Callable[[F], F]:
        return self.router.trace(path, **options)

    def websocket(self, path: str, name: str | None = None) -> Callable[[F], F]:
        return self.router.websocket(path, name=name)

    def include_router(self, router: APIRouter, **options: Any) -> None:
        self.router.include_router(router, **options)

    # -- FastAPI's other hooks -------------------------------------------------------------------

    def middleware(self, middleware_type: str) -> Callable[[F], F]:
        """`@app.middleware("http")` over `async def add_header(request, call_next)`."""
        if middleware_type != "http":
            raise ValueError(f'Only "http" middleware can be declared this way, not {middleware_type!r}')

        def register(dispatch: F) -> F:
            self.add_middleware(HTTPMiddleware, dispatch=dispatch)
            return dispatch

        return register

    def on_event(self, event_type: str) -> Callable[[F], F]:
        """`@app.on_event("startup")`: FastAPI's older form of lifespan hooks, still working
        and deprecated there as here: a `lifespan=` context manager says the same in one place."""
        warnings.warn(
            "on_event is deprecated: use a lifespan= context manager instead.",
            DeprecationWarning,
            stacklevel=2,
        )
        if event_type not in ("startup", "shutdown"):
            raise ValueError(f'The events are "startup" and "shutdown", not {event_type!r}')
        return self.on_startup if event_type == "startup" else self.on_shutdown


FastAPI = MiniAPI

__all__ = ["FastAPI", "MiniAPI"]
