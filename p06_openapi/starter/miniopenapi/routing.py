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
from typing import Any

from miniasgi import Request, Response
from miniasgi.types import ASGIApp
from minipydantic import TypeAdapter
from minirouter import Route

from miniopenapi.analysis import EndpointSignature

_MISSING: Any = object()


class APIRoute(Route):
    """An endpoint with typed parameters, a response model and OpenAPI metadata.

    `response_model` defaults to the return annotation (pass `None` to switch it off); a
    returned `Response` is sent as it is. `responses` adds documented answers:
    `{404: {"description": "No such user", "model": Message}}`.
    """

    name: str
    signature: EndpointSignature
    response_adapter: TypeAdapter[Any] | None

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
        summary: str | None = None,
        description: str | None = None,
        response_description: str = "Successful Response",
        responses: Mapping[int | str, Mapping[str, Any]] | None = None,
        deprecated: bool | None = None,
        operation_id: str | None = None,
        include_in_schema: bool = True,
        security: Sequence[Mapping[str, Sequence[str]]] | None = None,
        special_types: Sequence[type] = (Request,),
    ) -> None:
        raise NotImplementedError(
            "keep the route's documentation (tags, summary, status code, responses...) and its "
            "response model (the return annotation unless response_model= says otherwise), and "
            "become a minirouter Route for this path and these methods (default: GET)"
        )

    def make_app(self, endpoint: Callable[..., Any]) -> ASGIApp:
        """Analyse the endpoint once, and return the lean per-request handler."""
        raise NotImplementedError(
            "analyse the endpoint once (self.signature, self.response_adapter) and return the ASGI "
            "app that answers one request: validated inputs in, the endpoint (and its dependencies) "
            "called, its result sent (a returned Response as it is); the app runs only the steps "
            "this route needs (no inputs: no reading; no dependencies: no graph; no `yield`: no "
            "exit stack)"
        )

    def serialize(self, result: Any) -> Response:
        """The endpoint's return value as JSON, shaped (and checked) by the response model."""
        raise NotImplementedError(
            "return the JSON response for the endpoint's result as FastAPI sends it, with the "
            "route's status code (no body for 204 and 304): without a response model, converted "
            "as FastAPI's jsonable_encoder does; with one, validated (an instance of the model is "
            "not validated again) and dumped as the declared type, by alias: fields the model "
            "does not declare are dropped; a result the model rejects raises "
            "ResponseValidationError"
        )


async def read_inputs(request: Request, signature: EndpointSignature) -> dict[Hashable, Any]:
    """Every leaf's value, validated; raises one RequestValidationError listing all problems."""
    raise NotImplementedError(
        "return {leaf: validated value} for every leaf (its default when it was not sent), or "
        "raise ONE RequestValidationError listing every problem, each error's loc starting with "
        "(location, name); the JSON body's leaves come in milestone 5"
    )


__all__ = ["APIRoute", "read_inputs"]
