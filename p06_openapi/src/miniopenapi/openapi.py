"""The OpenAPI 3.1 document: built from the route table, once.

`get_openapi` walks the routes (into `Mount`s, prefixing their path), turns each `APIRoute`
method into an operation and lets a `SchemaRegistry` collect the models along the way. The
document depends only on code, so `OpenAPI` builds it on first use and keeps it, JSON bytes
included: `/openapi.json` costs one dictionary lookup per request.

Security is read from the code too (`security.py`): the security schemes an operation's
dependencies are go to `components/securitySchemes` and to the operation's `security`.
"""

from __future__ import annotations

import copy
import enum
import http
import json
import re
import warnings
from collections.abc import Iterator, Mapping, Sequence
from typing import Annotated, Any

from minipydantic import TypeAdapter
from minirouter import BaseRoute, Mount

from miniopenapi.analysis import EndpointSignature, Leaf
from miniopenapi.encoders import jsonable_encoder
from miniopenapi.params import Body, File, Form
from miniopenapi.routing import APIRoute
from miniopenapi.schemas import SchemaRegistry
from miniopenapi.security import Requirements, security_requirements

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
    terms_of_service: str | None = None,
    contact: Mapping[str, Any] | None = None,
    license_info: Mapping[str, Any] | None = None,
    servers: Sequence[Mapping[str, Any]] | None = None,
    tags: Sequence[Mapping[str, Any]] | None = None,
    external_docs: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The OpenAPI document for every `APIRoute` in `routes` that is included in the schema.
    `license_info` becomes `info.license`, `external_docs` the document's `externalDocs`."""
    info: dict[str, Any] = {"title": title}
    if summary:
        info["summary"] = summary
    if description:
        info["description"] = description
    if terms_of_service:
        info["termsOfService"] = terms_of_service
    if contact:
        info["contact"] = jsonable_encoder(contact)
    if license_info:
        info["license"] = jsonable_encoder(license_info)
    info["version"] = version
    document: dict[str, Any] = {"openapi": openapi_version, "info": info}
    if servers:
        document["servers"] = jsonable_encoder(servers)
    registry = SchemaRegistry()
    paths: dict[str, dict[str, Any]] = {}
    security_schemes: dict[str, Any] = {}
    operation_ids: set[str] = set()
    for prefix, route in _api_routes(routes, ""):
        schemes, requirements = security_requirements(route.signature.graph.root)
        security_schemes.update(schemes)
        for method in route.operation_methods:
            operation = _operation(route, method, registry, requirements)
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
        components["securitySchemes"] = security_schemes
    if components:
        document["components"] = components
    if tags:
        document["tags"] = jsonable_encoder(tags)
    if external_docs:
        document["externalDocs"] = jsonable_encoder(external_docs)
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


def _operation(
    route: APIRoute, method: str, registry: SchemaRegistry, security: Requirements
) -> dict[str, Any]:
    unique_id = generate_unique_id(route, method)
    operation: dict[str, Any] = {}
    if route.tags:  # an Enum's members are tags too (`tags=[Tags.items]`): their values
        operation["tags"] = [tag.value if isinstance(tag, enum.Enum) else tag for tag in route.tags]
    operation["summary"] = route.summary or route.name.replace("_", " ").title()
    if route.description:
        operation["description"] = route.description
    operation["operationId"] = route.operation_id or unique_id
    if route.deprecated:
        operation["deprecated"] = True
    if security:
        operation["security"] = copy.deepcopy(security)
    signature = route.signature
    parameters = _parameters(signature, registry)
    if parameters:
        operation["parameters"] = parameters
    if method in METHODS_WITH_BODY and signature.body:
        operation["requestBody"] = _request_body(signature, operation["operationId"], registry)
    operation["responses"] = _responses(route, unique_id, registry)
    if route.openapi_extra:  # the author's last word, merged in: `{"x-aperture-labs": ...}`
        _deep_update(operation, route.openapi_extra)
    return operation


def _title(alias: str) -> str:
    return alias.title().replace("_", " ")


def _field_schema(leaf: Leaf, registry: SchemaRegistry) -> dict[str, Any]:
    """A parameter's or body field's schema: its type's (a model's is a `$ref`, beside
    the marker's description or examples), plus the title and default."""
    schema = registry.schema(Annotated[leaf.annotation, leaf.info])
    if "$ref" not in schema:
        schema.setdefault("title", leaf.info.title or _title(leaf.key))
    if not leaf.info.is_required() and leaf.info.default_factory is None:  # a default to show
        schema["default"] = _ANY.dump_python(leaf.info.default, mode="json")
    return schema


def _parameters(signature: EndpointSignature, registry: SchemaRegistry) -> list[dict[str, Any]]:
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for leaf in signature.documented_parameters:  # a parameter model's fields one by one
        parameter: dict[str, Any] = {
            "name": leaf.alias,
            "in": leaf.location,
            "required": leaf.required,
            "schema": _field_schema(leaf, registry),
        }
        if leaf.info.description:
            parameter["description"] = leaf.info.description
        examples = getattr(leaf.info, "openapi_examples", None)
        if examples:  # OpenAPI's named examples, which Swagger UI offers in a menu
            parameter["examples"] = jsonable_encoder(examples)
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
        schema = registry.add(name, {**_combined_body(leaves, registry), "title": name})
    else:
        schema = _field_schema(leaves[0], registry)
    content: dict[str, Any] = {"schema": schema}
    examples = None if signature.embed_body else getattr(leaves[0].info, "openapi_examples", None)
    if examples:
        content["examples"] = jsonable_encoder(examples)
    body: dict[str, Any] = {"content": {_media_type(signature): content}}
    if any(leaf.required for leaf in leaves):
        body["required"] = True
    return body


def _combined_body(leaves: Sequence[Leaf], registry: SchemaRegistry) -> dict[str, Any]:
    """Several body parameters as one object: each a property by its name, except a form
    model, whose fields are the form's own: its `$ref` joins the object in an `allOf`."""
    models = [_field_schema(leaf, registry) for leaf in leaves if leaf.model is not None]
    combined: dict[str, Any] = {"allOf": models} if models else {}
    plain = [leaf for leaf in leaves if leaf.model is None]
    combined["properties"] = {leaf.alias: _field_schema(leaf, registry) for leaf in plain}
    combined["type"] = "object"
    required = [leaf.alias for leaf in plain if leaf.required]
    if required:
        combined["required"] = required
    for schema in models:
        schema.pop("default", None)  # a form model's absence is its fields' absence
    return combined


def _media_type(signature: EndpointSignature) -> str:
    """The body's media type: the parameter's own; for several, multipart as soon as one is a
    file (or asks for it), else the one they share, else the default of their kind."""
    infos = [leaf.info for leaf in signature.body]
    if not signature.embed_body:
        return str(getattr(infos[0], "media_type", "application/json"))
    if any(isinstance(info, File) for info in infos):
        return "multipart/form-data"
    kind = Form if any(isinstance(info, Form) for info in infos) else Body
    media = {str(getattr(info, "media_type", "")) for info in infos if isinstance(info, kind)}
    if kind is Form and "multipart/form-data" in media:
        return "multipart/form-data"
    if len(media) == 1:
        return media.pop()
    return "application/x-www-form-urlencoded" if kind is Form else "application/json"


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
