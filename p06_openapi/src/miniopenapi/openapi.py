"""The OpenAPI 3.1 document: built from the route table, once.

`get_openapi` walks the routes (into `Mount`s, prefixing their path), turns each `APIRoute`
method into an operation and lets a `SchemaRegistry` collect the models along the way. The
document depends only on code, so `OpenAPI` builds it on first use and keeps it, JSON bytes
included: `/openapi.json` costs one dictionary lookup per request.
"""

from __future__ import annotations

import copy
import http
import json
import re
import warnings
from collections.abc import Iterator, Mapping, Sequence
from typing import Annotated, Any

from minipydantic import TypeAdapter
from minirouter import BaseRoute, Mount

from miniopenapi.analysis import EndpointSignature, Leaf
from miniopenapi.routing import APIRoute
from miniopenapi.schemas import SchemaRegistry, is_component_type

METHODS_WITH_BODY = frozenset({"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH"})
_ANY: TypeAdapter[Any] = TypeAdapter(Any)

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
    servers: Sequence[Mapping[str, Any]] | None = None,
    tags: Sequence[Mapping[str, Any]] | None = None,
    security_schemes: Mapping[str, Mapping[str, Any]] | None = None,
    security: Sequence[Mapping[str, Sequence[str]]] | None = None,
) -> dict[str, Any]:
    """The OpenAPI document for every `APIRoute` in `routes` that is included in the schema."""
    info: dict[str, Any] = {"title": title, "version": version}
    if summary:
        info["summary"] = summary
    if description:
        info["description"] = description
    document: dict[str, Any] = {"openapi": openapi_version, "info": info}
    if servers:
        document["servers"] = [dict(server) for server in servers]
    registry = SchemaRegistry()
    paths: dict[str, dict[str, Any]] = {}
    operation_ids: set[str] = set()
    for prefix, route in _api_routes(routes, ""):
        for method in route.operation_methods:
            operation = _operation(route, method, registry)
            if operation["operationId"] in operation_ids:
                warnings.warn(f"Duplicate operation ID {operation['operationId']}", stacklevel=2)
            operation_ids.add(operation["operationId"])
            paths.setdefault(prefix + route.path_format, {})[method.lower()] = operation
    document["paths"] = paths
    components: dict[str, Any] = {}
    schemas = registry.finish(document)
    if schemas:
        components["schemas"] = schemas
    if security_schemes:
        components["securitySchemes"] = copy.deepcopy(dict(security_schemes))
    if components:
        document["components"] = components
    if security:
        document["security"] = [dict(requirement) for requirement in security]
    if tags:
        document["tags"] = [dict(tag) for tag in tags]
    cleaned: dict[str, Any] = _without_nulls(document)
    return cleaned


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
        self._document: dict[str, Any] | None = None
        self._json: bytes | None = None

    def document(self) -> dict[str, Any]:
        if self._document is None:
            self._document = get_openapi(
                title=self.title, version=self.version, routes=self.routes, **self.options
            )
        return self._document

    def json(self) -> bytes:
        """The document as compact UTF-8 JSON, what `/openapi.json` sends."""
        if self._json is None:
            self._json = json.dumps(self.document(), ensure_ascii=False, separators=(",", ":")).encode()
        return self._json

    def reset(self) -> None:
        self._document = self._json = None


def generate_unique_id(route: APIRoute, method: str) -> str:
    """FastAPI's operation id: name, path and method, with every non-word character as `_`."""
    return re.sub(r"\W", "_", f"{route.name}{route.path_format}") + f"_{method.lower()}"


def _api_routes(routes: Sequence[BaseRoute], prefix: str) -> Iterator[tuple[str, APIRoute]]:
    for route in routes:
        if isinstance(route, APIRoute) and route.include_in_schema:
            yield prefix, route
        elif isinstance(route, Mount):
            yield from _api_routes(route.routes, prefix + route.path)


def _operation(route: APIRoute, method: str, registry: SchemaRegistry) -> dict[str, Any]:
    unique_id = generate_unique_id(route, method)
    operation: dict[str, Any] = {}
    if route.tags:
        operation["tags"] = list(route.tags)
    operation["summary"] = route.summary or route.name.replace("_", " ").title()
    if route.description:
        operation["description"] = route.description
    operation["operationId"] = route.operation_id or unique_id
    if route.deprecated:
        operation["deprecated"] = True
    if route.security:
        operation["security"] = copy.deepcopy(route.security)
    signature = route.signature
    parameters = _parameters(signature, registry)
    if parameters:
        operation["parameters"] = parameters
    if method in METHODS_WITH_BODY and signature.body:
        operation["requestBody"] = _request_body(signature, operation["operationId"], registry)
    operation["responses"] = _responses(route, unique_id, registry)
    return operation


def _title(alias: str) -> str:
    return alias.title().replace("_", " ")


def _field_schema(leaf: Leaf, registry: SchemaRegistry) -> dict[str, Any]:
    """A parameter's or body field's schema: its type's, plus the title and default."""
    plain = is_component_type(leaf.annotation)  # a model body is a `$ref`, not an inline copy
    schema = registry.schema(leaf.annotation if plain else Annotated[leaf.annotation, leaf.info])
    if "$ref" not in schema:
        schema.setdefault("title", leaf.info.title or _title(leaf.alias))
    if not leaf.required and leaf.info.default_factory is None:
        schema["default"] = _ANY.dump_python(leaf.info.default, mode="json")
    return schema


def _parameters(signature: EndpointSignature, registry: SchemaRegistry) -> list[dict[str, Any]]:
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for leaf in signature.parameters:
        if not getattr(leaf.info, "include_in_schema", True):
            continue
        parameter: dict[str, Any] = {
            "name": leaf.alias,
            "in": leaf.location,
            "required": leaf.required,
            "schema": _field_schema(leaf, registry),
        }
        if leaf.info.description:
            parameter["description"] = leaf.info.description
        if leaf.info.deprecated:
            parameter["deprecated"] = True
        key = (leaf.location, leaf.alias)
        if key not in found or parameter["required"]:
            found[key] = parameter
    return list(found.values())


def _request_body(
    signature: EndpointSignature, operation_id: str, registry: SchemaRegistry
) -> dict[str, Any]:
    leaves = signature.body
    if signature.embed_body:
        name = f"Body_{operation_id}"
        combined: dict[str, Any] = {
            "properties": {leaf.alias: _field_schema(leaf, registry) for leaf in leaves},
            "type": "object",
        }
        required = [leaf.alias for leaf in leaves if leaf.required]
        if required:
            combined["required"] = required
        combined["title"] = name
        schema = registry.add(name, combined)
    else:
        schema = _field_schema(leaves[0], registry)
    media_type = getattr(leaves[0].info, "media_type", "application/json")
    body: dict[str, Any] = {"content": {media_type: {"schema": schema}}}
    if any(leaf.required for leaf in leaves):
        body["required"] = True
    return body


def _responses(route: APIRoute, unique_id: str, registry: SchemaRegistry) -> dict[str, Any]:
    status = str(route.status_code or 200)
    response: dict[str, Any] = {"description": route.response_description}
    if _body_allowed(route.status_code):
        schema: dict[str, Any] = {}
        if route.response_model is not None:
            schema = registry.schema(route.response_model, "serialization")
            if "$ref" not in schema:
                schema.setdefault("title", _title(f"Response_{unique_id}"))
        response["content"] = {"application/json": {"schema": schema}}
    responses: dict[str, Any] = {status: response}
    for code, extra in route.responses.items():
        key = str(code).upper()
        key = "default" if key == "DEFAULT" else key
        addition = copy.deepcopy(dict(extra))
        model = addition.pop("model", None)
        if model is not None:
            content = addition.setdefault("content", {}).setdefault("application/json", {})
            content.setdefault("schema", {}).update(registry.schema(model, "serialization"))
        target = responses.setdefault(key, {})
        description = addition.get("description") or target.get("description") or _phrase(key)
        _deep_update(target, addition)
        target["description"] = description
    if route.signature.validates_input and not {"422", "4XX", "default"} & responses.keys():
        responses["422"] = {
            "description": "Validation Error",
            "content": {
                "application/json": {"schema": registry.add("HTTPValidationError", HTTP_VALIDATION_ERROR)}
            },
        }
        registry.add("ValidationError", VALIDATION_ERROR)
    return responses


def _body_allowed(status: int | None) -> bool:
    return status is None or not (status < 200 or status in (204, 205, 304))


def _phrase(key: str) -> str:
    ranges = {"1XX": "Information", "2XX": "Success", "3XX": "Redirection", "4XX": "Client Error"}
    ranges |= {"5XX": "Server Error", "default": "Default Response"}
    if key in ranges:
        return ranges[key]
    try:
        return http.HTTPStatus(int(key)).phrase
    except ValueError:
        return "Additional Response"


def _without_nulls(node: Any) -> Any:
    """Drop every `null` value (`"default": null` included), as FastAPI's serializer does."""
    if isinstance(node, dict):
        return {key: _without_nulls(value) for key, value in node.items() if value is not None}
    if isinstance(node, list):
        return [_without_nulls(value) for value in node]
    return node


def _deep_update(target: dict[str, Any], update: Mapping[str, Any]) -> None:
    for key, value in update.items():
        if isinstance(value, Mapping) and isinstance(target.get(key), dict):
            _deep_update(target[key], value)
        else:
            target[key] = copy.deepcopy(value)


__all__ = ["OpenAPI", "generate_unique_id", "get_openapi"]
