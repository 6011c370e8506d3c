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

import dataclasses
import datetime
import inspect
import ipaddress
import json
import math
from collections import deque
from collections.abc import Callable, Collection, Hashable, Mapping, Sequence
from contextlib import AsyncExitStack
from decimal import Decimal
from enum import Enum
from pathlib import PurePath
from types import GeneratorType
from typing import Any
from uuid import UUID

from miniasgi import HTTPException, JSONResponse, Request, Response
from miniasgi.types import ASGIApp, Receive, Scope, Send
from minipydantic import BaseModel, TypeAdapter, ValidationError
from minirouter import Route, compile_path

from miniopenapi.analysis import EndpointSignature, Leaf, analyze
from miniopenapi.errors import RequestValidationError, ResponseValidationError

_MISSING: Any = object()
_ANY: TypeAdapter[Any] = TypeAdapter(Any)
_NO_BODY_STATUSES = frozenset({204, 304})


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
        self.response_model = _return_annotation(endpoint) if response_model is _MISSING else response_model
        self.status_code = status_code
        self.tags = list(tags or [])
        self.summary = summary
        self.description = description if description is not None else _docstring(endpoint)
        self.response_description = response_description
        self.responses = dict(responses or {})
        self.deprecated = deprecated
        self.operation_id = operation_id
        self.security = [dict(requirement) for requirement in security] if security is not None else None
        self.special_types = tuple(special_types)
        self.operation_methods = [method.upper() for method in methods or ["GET"]]
        self.path_format = compile_path(path).format
        super().__init__(
            path, endpoint, methods=self.operation_methods, name=name, include_in_schema=include_in_schema
        )
        # Exactly the declared methods, as FastAPI's APIRoute: no HEAD added for a GET (a plain
        # Route answers HEAD too; a FastAPI user sees 405 here, and so does ours).
        self.methods = frozenset(self.operation_methods)

    def make_app(self, endpoint: Callable[..., Any]) -> ASGIApp:
        """Analyse the endpoint once, and return the lean per-request handler."""
        self.signature = analyze(endpoint, self.compiled.convertors.keys(), self.special_types)
        self.response_adapter = None if self.response_model is None else TypeAdapter(self.response_model)
        signature, serialize = self.signature, self.serialize

        async def app(scope: Scope, receive: Receive, send: Send) -> None:
            request = Request(scope, receive)
            values = await read_inputs(request, signature)
            async with AsyncExitStack() as stack:
                result = await signature.graph.run(
                    leaf_values=values, specials={Request: request}, stack=stack
                )
                response = result if isinstance(result, Response) else serialize(result)
                await response(scope, receive, send)

        return app

    def serialize(self, result: Any) -> Response:
        """The endpoint's return value as JSON, shaped (and checked) by the response model."""
        status = self.status_code or 200
        if status in _NO_BODY_STATUSES:
            return Response(status_code=status)
        if self.response_adapter is None:
            return JSONResponse(_jsonable_result(result), status_code=status)
        try:
            value = self.response_adapter.validate_python(_plain(result))
        except ValidationError as exc:
            raise ResponseValidationError(_prefixed(exc, ("response",))) from None
        return JSONResponse(self.response_adapter.dump_python(value, mode="json"), status_code=status)


async def read_inputs(request: Request, signature: EndpointSignature) -> dict[Hashable, Any]:
    """Every leaf's value, validated; raises one RequestValidationError listing all problems."""
    values: dict[Hashable, Any] = {}
    errors: list[dict[str, Any]] = []
    for leaf in signature.parameters:
        _validate(leaf, _read_parameter(request, leaf), (leaf.location, leaf.alias), values, errors)
    if signature.body:
        body = await _read_body(request)
        if not signature.embed_body:
            _validate(signature.body[0], body, ("body",), values, errors)
        else:
            for leaf in signature.body:
                raw = body.get(leaf.alias, _MISSING) if isinstance(body, dict) else _MISSING
                _validate(leaf, raw, ("body", leaf.alias), values, errors)
    if errors:
        raise RequestValidationError(errors)
    return values


def _read_parameter(request: Request, leaf: Leaf) -> Any:
    location, alias = leaf.location, leaf.alias
    if location == "path":
        return request.path_params.get(alias, _MISSING)
    if location == "cookie":
        return request.cookies.get(alias, _MISSING)
    source = request.query_params if location == "query" else request.headers
    if leaf.is_sequence:
        return source.getlist(alias) or _MISSING
    return source.get(alias, _MISSING)


async def _read_body(request: Request) -> Any:
    """The decoded JSON body; `_MISSING` when empty; the raw bytes when not declared as JSON.

    Malformed JSON ends validation at once, with that one error: nothing else can be
    checked meaningfully (FastAPI answers the same way)."""
    raw = await request.body()
    if not raw:
        return _MISSING
    # Only a declared JSON type is parsed, as FastAPI does by default ("strict content type"):
    # a body with no Content-Type, or text/plain (which a cross-site form may send without a
    # CORS preflight), reaches the validator as bytes and is refused there.
    media = request.headers.get("content-type", "").partition(";")[0].strip().lower()
    maintype, _, subtype = media.partition("/")
    if not (maintype == "application" and (subtype == "json" or subtype.endswith("+json"))):
        return raw  # the validator will say what it expected instead
    try:
        return json.loads(raw)
    except json.JSONDecodeError as exc:
        error = {"type": "json_invalid", "loc": ("body", exc.pos), "msg": "JSON decode error"}
        raise RequestValidationError([{**error, "input": {}, "ctx": {"error": exc.msg}}]) from None
    except (ValueError, RecursionError):  # not even text (invalid UTF-8), or nested too deep
        raise HTTPException(400, "There was an error parsing the body") from None


def _validate(
    leaf: Leaf, raw: Any, loc: tuple[str, ...], values: dict[Hashable, Any], errors: list[dict[str, Any]]
) -> None:
    if raw is _MISSING:
        if leaf.required:
            errors.append({"type": "missing", "loc": loc, "msg": "Field required", "input": None})
        else:
            values[leaf] = leaf.default()
        return
    try:
        values[leaf] = leaf.adapter.validate_python(raw)
    except ValidationError as exc:
        errors.extend(_prefixed(exc, loc))


def _prefixed(exc: ValidationError, loc: tuple[str, ...]) -> list[dict[str, Any]]:
    return [{**error, "loc": (*loc, *error["loc"])} for error in exc.errors(include_url=False)]


def _plain(value: Any) -> Any:
    """Models become dicts first, so an `UserInDB` can be returned as a `UserOut`."""
    if isinstance(value, BaseModel):
        return value.model_dump()
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


_ADDRESSES = (ipaddress.IPv4Address, ipaddress.IPv6Address, ipaddress.IPv4Network, ipaddress.IPv6Network)
_AS_TEXT: tuple[type, ...] = (UUID, PurePath, *_ADDRESSES, ipaddress.IPv4Interface, ipaddress.IPv6Interface)


def _jsonable_result(value: Any) -> Any:
    """A result with no response model, converted the way FastAPI's `jsonable_encoder` does.

    It differs from a model's JSON mode on purpose, because FastAPI users see these answers:
    a Decimal is a number (an int when it has no fraction), a timedelta its seconds, an aware
    datetime ends in "+00:00" (isoformat), a path or an address is its text. Models inside
    keep their own JSON mode; a NaN becomes null (FastAPI fails with a 500 there).
    """
    if isinstance(value, Enum):
        return _jsonable_result(value.value)
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if value is None or isinstance(value, str | int):
        return value
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _jsonable_result(dataclasses.asdict(value))
    if isinstance(value, dict):
        return {_jsonable_result(key): _jsonable_result(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset | deque | GeneratorType):
        return [_jsonable_result(item) for item in value]
    if isinstance(value, Decimal):
        exponent = value.as_tuple().exponent
        return int(value) if isinstance(exponent, int) and exponent >= 0 else float(value)
    if isinstance(value, datetime.timedelta):
        return value.total_seconds()
    if isinstance(value, datetime.date | datetime.time):  # a datetime is a date too
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode()
    if isinstance(value, _AS_TEXT):
        return str(value)
    return _ANY.dump_python(value, mode="json")  # anything else: minipydantic's way


def _return_annotation(endpoint: Callable[..., Any]) -> Any:
    annotation = inspect.signature(endpoint, eval_str=True).return_annotation
    if annotation is inspect.Signature.empty or annotation is None:
        return None
    if isinstance(annotation, type) and issubclass(annotation, Response):
        return None
    return annotation


def _docstring(endpoint: Callable[..., Any]) -> str | None:
    """The docstring, cleaned; text after a form feed is for developers, not the docs."""
    doc = inspect.getdoc(endpoint)
    return doc.split("\f")[0].strip() or None if doc else None


__all__ = ["APIRoute", "read_inputs"]
