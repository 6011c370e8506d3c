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
from collections.abc import Awaitable, Callable, Collection, Hashable, Mapping, Sequence
from contextlib import AsyncExitStack
from decimal import Decimal
from enum import Enum
from pathlib import PurePath
from types import GeneratorType
from typing import Any, get_args
from uuid import UUID

from miniasgi import HTTPException, JSONResponse, Request, Response, run_in_threadpool
from miniasgi.types import ASGIApp, Receive, Scope, Send
from minidi import Graph, Kind, Node
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
    _serialize: Callable[[Any], Response]

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
        """Analyse the endpoint once, and return the lean per-request handler.

        The handler runs only the steps this route needs, decided here: no inputs, no
        reading (not even a `Request`, unless the endpoint asks for one); no dependencies,
        no graph (the endpoint is called directly); no `yield` dependency, no exit stack.
        """
        self.signature = signature = analyze(endpoint, self.compiled.convertors.keys(), self.special_types)
        self.response_adapter = None if self.response_model is None else TypeAdapter(self.response_model)
        self._serialize = self._serializer()
        serialize = self.serialize  # a subclass may override it
        graph = signature.graph
        reads = signature.validates_input
        needs_request = reads or Request in graph.special_types
        call = _direct_call(graph.root) if not graph.root.dependencies else _graph_call(graph)

        async def app(scope: Scope, receive: Receive, send: Send) -> None:
            values: dict[Hashable, Any] = {}
            specials: dict[type, Any] = {}
            if needs_request:
                request = specials[Request] = Request(scope, receive)
                if reads:
                    values = await read_inputs(request, signature)
            if graph.tears_down:  # the teardowns run once the response has been sent, as in FastAPI
                async with AsyncExitStack() as stack:
                    result = await graph.run(leaf_values=values, specials=specials, stack=stack)
                    response = result if isinstance(result, Response) else serialize(result)
                    await response(scope, receive, send)
            else:
                result = await call(values, specials)
                response = result if isinstance(result, Response) else serialize(result)
                await response(scope, receive, send)

        return app

    def serialize(self, result: Any) -> Response:
        """The endpoint's return value as JSON, shaped (and checked) by the response model."""
        return self._serialize(result)

    def _serializer(self) -> Callable[[Any], Response]:
        """How this route turns a result into a response, chosen once from its declaration."""
        status = self.status_code or 200
        adapter = self.response_adapter
        if status in _NO_BODY_STATUSES:
            return lambda result: Response(status_code=status)
        if adapter is None:
            return lambda result: JSONResponse(_jsonable_result(result), status_code=status)
        model = self.response_model if _is_model(self.response_model) else None
        as_it_is = model if model is not None and _holds_no_model(model) else None

        def serialize(result: Any) -> Response:
            if type(result) is as_it_is:  # validated when it was built: FastAPI dumps it as it is
                return JSONResponse(result.model_dump(mode="json", by_alias=True), status_code=status)
            if model is not None and isinstance(result, model):  # a subclass, or a model holding others
                result = _declared_fields(result, model)
            try:
                value = adapter.validate_python(_plain(result))
            except ValidationError as exc:
                raise ResponseValidationError(_prefixed(exc, ("response",))) from None
            return JSONResponse(adapter.dump_python(value, mode="json", by_alias=True), status_code=status)

        return serialize


Call = Callable[[dict[Hashable, Any], dict[type, Any]], Awaitable[Any]]


def _direct_call(root: Node) -> Call:
    """An endpoint without dependencies needs no graph run: its arguments come straight from
    the validated values and the special objects, and it is called as minidi would call it."""
    leaves = [(param.name, param.leaf) for param in root.leaves]
    specials = [(param.name, param.type) for param in root.specials]
    endpoint, awaited, threaded = root.call, root.kind is Kind.ASYNC, root.kind is Kind.SYNC

    async def call(values: dict[Hashable, Any], objects: dict[type, Any]) -> Any:
        kwargs = {}
        for name, leaf in leaves:
            kwargs[name] = values[leaf]
        for name, special in specials:
            kwargs[name] = objects[special]
        if awaited:
            return await endpoint(**kwargs)
        if threaded:
            return await run_in_threadpool(endpoint, **kwargs)
        return endpoint(**kwargs)  # a generator endpoint: its iterator, as minidi hands it back

    return call


def _graph_call(graph: Graph) -> Call:
    """An endpoint with dependencies, none of which yields: the graph runs with no exit stack."""

    async def call(values: dict[Hashable, Any], objects: dict[type, Any]) -> Any:
        return await graph.run(leaf_values=values, specials=objects, stack=None)

    return call


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
        return value.model_dump(by_alias=True)
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def _holds_no_model(model: type[BaseModel]) -> bool:
    """Whether no field of `model` can hold a model. Then an instance of exactly `model`
    can be dumped as it is: it was validated when it was built, and FastAPI does not
    validate it again. A field declared `Item` may hold a subclass instance, whose extra
    fields must not be sent: a model holding models is dumped the long way."""
    annotations = [info.annotation for info in model.model_fields.values()]
    while annotations:
        annotation = annotations.pop()
        if _is_model(annotation):
            return False
        annotations.extend(get_args(annotation))
    return True


def _declared_fields(value: BaseModel, model: type[BaseModel]) -> dict[str, Any]:
    """An instance of `model` or of a subclass as `model` declares it: its fields (by alias)
    and the extras the instance holds, never a subclass's own fields."""
    return value.model_dump(by_alias=True, include={*model.model_fields, *(value.model_extra or {})})


_ADDRESSES = (ipaddress.IPv4Address, ipaddress.IPv6Address, ipaddress.IPv4Network, ipaddress.IPv6Network)
_AS_TEXT: tuple[type, ...] = (UUID, PurePath, *_ADDRESSES, ipaddress.IPv4Interface, ipaddress.IPv6Interface)
_AS_IS = frozenset({str, int, bool, type(None)})  # exactly these types: subclasses (enums) convert


def _jsonable_result(value: Any) -> Any:
    """A result with no response model, converted the way FastAPI's `jsonable_encoder` does.

    It differs from a model's JSON mode on purpose, because FastAPI users see these answers:
    a Decimal is a number (an int when it has no fraction), a timedelta its seconds, an aware
    datetime ends in "+00:00" (isoformat), a path or an address is its text. Models inside
    keep their own JSON mode (with their aliases); a NaN becomes null (FastAPI fails with a
    500 there). The common cases come first: text, whole numbers, booleans and None pass as
    they are; a plain dict or list is converted item by item.
    """
    if type(value) in _AS_IS:
        return value
    if type(value) is dict:
        return {_jsonable_result(key): _jsonable_result(item) for key, item in value.items()}
    if type(value) is list:
        return [_jsonable_result(item) for item in value]
    if isinstance(value, Enum):
        return _jsonable_result(value.value)
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if value is None or isinstance(value, str | int):
        return value
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", by_alias=True)
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
