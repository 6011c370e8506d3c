"""`APIRoute`: a minirouter `Route` whose endpoint takes typed parameters, not a `Request`.

Everything that depends only on the code happens in `__init__`: the signature is analysed
(minidi solves the dependency graph, `analysis.classify` turns plain parameters into leaves
with compiled validators), the response model gets its adapter. Per request, `make_app`'s
handler does three things only: read and validate every leaf (`read_inputs`, which collects
*all* errors into one `RequestValidationError`), run the graph, serialize the result.

The route also carries the operation's documentation (tags, summary, responses...) that
`openapi.get_openapi` reads; p07 builds its app on exactly this class.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Hashable, Mapping, Sequence
from typing import Any, Protocol

from miniasgi import BackgroundTasks, HTTPConnection, JSONResponse, Request, Response
from miniasgi.types import ASGIApp
from minidi import Depends, Overrides
from minirouter import Route

from miniopenapi.analysis import EndpointSignature
from miniopenapi.encoders import IncEx
from miniopenapi.inputs import read_inputs
from miniopenapi.serialize import Serializer

_MISSING: Any = object()
SPECIAL_TYPES = (Request, HTTPConnection, Response, BackgroundTasks)
"""What an endpoint or a dependency can ask for by type alone: the request (as a `Request`,
or as the `HTTPConnection` it shares with websockets), a response to set headers, cookies or
the status on (merged into the one sent), the background tasks. (minidi supplies
`SecurityScopes` itself.)"""


class OverridesProvider(Protocol):
    """Anything with a `dependency_overrides` mapping (FastAPI's application is one): read on
    every request, so a test can swap a dependency on a running app. (Complete.)"""

    @property
    def dependency_overrides(self) -> Overrides: ...


class APIRoute(Route):
    """An endpoint with typed parameters, a response model and OpenAPI metadata.

    `response_model` defaults to the return annotation (pass `None` to switch it off); a
    returned `Response` is sent as it is. `responses` adds documented answers:
    `{404: {"description": "No such user", "model": Message}}`. `dependencies` run before
    the endpoint, for their effect (`[Depends(verify_token)]`); `response_class` renders
    the result (JSONResponse by default); the `response_model_*` options shape its dump.
    """

    name: str
    signature: EndpointSignature
    _serialize: Serializer

    def __init__(
        self,
        path: str,
        endpoint: Callable[..., Any],
        *,
        methods: Collection[str] | None = None,
        name: str | None = None,
        response_model: Any = _MISSING,
        status_code: int | None = None,
        tags: Sequence[str] | None = None,
        dependencies: Sequence[Depends] | None = None,
        summary: str | None = None,
        description: str | None = None,
        response_description: str = "Successful Response",
        responses: Mapping[int | str, Mapping[str, Any]] | None = None,
        deprecated: bool | None = None,
        operation_id: str | None = None,
        include_in_schema: bool = True,
        response_class: type[Response] = JSONResponse,
        response_model_include: IncEx | None = None,
        response_model_exclude: IncEx | None = None,
        response_model_by_alias: bool = True,
        response_model_exclude_unset: bool = False,
        response_model_exclude_defaults: bool = False,
        response_model_exclude_none: bool = False,
        openapi_extra: Mapping[str, Any] | None = None,
        special_types: Sequence[type] = SPECIAL_TYPES,
        dependency_overrides_provider: OverridesProvider | None = None,
    ) -> None:
        raise NotImplementedError(
            "keep the route's documentation (tags, summary, status code, responses, "
            "openapi_extra...), its response model (the return annotation unless response_model= "
            "says otherwise), its dependencies, response class, dump options (a "
            "serialize.DumpOptions) and overrides provider, and become a minirouter Route for "
            "this path and these methods (default: GET)"
        )

    def make_app(self, endpoint: Callable[..., Any]) -> ASGIApp:
        """Analyse the endpoint once, and return the lean per-request handler."""
        raise NotImplementedError(
            "analyse the endpoint once, with the route's dependencies (self.signature), choose its "
            "serializer once (self._serialize), and return the ASGI app that answers one request: "
            "validated inputs in, the special objects the graph asks for (Request, Response, "
            "BackgroundTasks) made, the endpoint (and its dependencies) called, self.respond(...) "
            "sent. The app runs only the steps this route needs (no inputs: no reading; no "
            "dependencies: no graph; no `yield`: no exit stack). With an overrides provider, read "
            "its dependency_overrides on every request and answer with the overridden graph"
        )

    def respond(self, result: Any, specials: Mapping[type, Any]) -> Response:
        """The response for the endpoint's result, with what it set on the specials."""
        raise NotImplementedError(
            "return the response to send: a returned Response as it is, anything else "
            "self.serialize(result) with the status (when set) and the headers of the request's "
            "Response object merged in; either way with the request's BackgroundTasks as its "
            "background, unless it has one already"
        )

    def serialize(self, result: Any) -> Response:
        """The endpoint's return value as a response, shaped (and checked) by the response
        model, with the route's status code."""
        raise NotImplementedError(
            "return the response for the endpoint's result as FastAPI sends it, with the route's "
            "status code (200 by default): the serializer chosen in make_app does the work"
        )


__all__ = ["SPECIAL_TYPES", "APIRoute", "OverridesProvider", "read_inputs"]
