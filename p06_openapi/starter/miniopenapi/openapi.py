"""The OpenAPI 3.1 document: built from the route table, once.

`get_openapi` walks the routes (into `Mount`s, prefixing their path), turns each `APIRoute`
method into an operation and lets a `SchemaRegistry` collect the models along the way. The
document depends only on code, so `OpenAPI` builds it on first use and keeps it, JSON bytes
included: `/openapi.json` costs one dictionary lookup per request.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from minirouter import BaseRoute

from miniopenapi.routing import APIRoute

METHODS_WITH_BODY = frozenset({"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH"})

# FastAPI's two error components, documented whenever an operation validates its input.
VALIDATION_ERROR = {
    "properties": {
        "loc": {
            "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]},
            "type": "array",
            "title": "Location",
        },
        "msg": {"type": "string", "title": "Message"},
        "type": {"type": "string", "title": "Error Type"},
        "input": {"title": "Input"},
        "ctx": {"type": "object", "title": "Context"},
    },
    "type": "object",
    "required": ["loc", "msg", "type"],
    "title": "ValidationError",
}
HTTP_VALIDATION_ERROR = {
    "properties": {
        "detail": {
            "items": {"$ref": "#/components/schemas/ValidationError"},
            "type": "array",
            "title": "Detail",
        }
    },
    "type": "object",
    "title": "HTTPValidationError",
}


def get_openapi(
    *,
    title: str,
    version: str,
    routes: Sequence[BaseRoute],
    openapi_version: str = "3.1.0",
    summary: str | None = None,
    description: str | None = None,
    terms_of_service: str | None = None,
    contact: Mapping[str, Any] | None = None,
    license_info: Mapping[str, Any] | None = None,
    servers: Sequence[Mapping[str, Any]] | None = None,
    tags: Sequence[Mapping[str, Any]] | None = None,
    external_docs: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The OpenAPI document for every `APIRoute` in `routes` that is included in the schema.
    `license_info` becomes `info.license`, `external_docs` the document's `externalDocs`."""
    raise NotImplementedError(
        "return the OpenAPI document: info, and under paths one operation per documented route "
        "and method (its metadata, parameters, request body, responses and the security "
        "schemes its dependencies use), the models under components/schemas"
    )


class OpenAPI:
    """The document of a route table, generated on first use and then cached.

    Pass the application's own route list: routes added before the first request are
    documented; call `reset()` if routes change afterwards.
    """

    def __init__(self, routes: Sequence[BaseRoute], *, title: str, version: str, **options: Any) -> None:
        self.routes = routes
        self.title = title
        self.version = version
        self.options = options

    def document(self) -> dict[str, Any]:
        raise NotImplementedError("return the document, built on the first call only: the same dict later")

    def json(self) -> bytes:
        """The document as compact UTF-8 JSON, what `/openapi.json` sends."""
        raise NotImplementedError("return the document as compact JSON, encoded once: the same bytes later")

    def reset(self) -> None:
        raise NotImplementedError("forget the document and its bytes, so the next call builds them again")


def generate_unique_id(route: APIRoute, method: str) -> str:
    """FastAPI's operation id: name, path and method, with every non-word character as `_`."""
    raise NotImplementedError(
        "return FastAPI's operationId for this route and method, e.g. read_item_items__item_id__get"
    )


__all__ = ["OpenAPI", "generate_unique_id", "get_openapi"]
