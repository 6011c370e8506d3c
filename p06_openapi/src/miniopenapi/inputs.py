"""Reading a request's inputs: each leaf's value, from where it lives, validated.

`analysis` decided once where every input of an endpoint lives; here, per request, each
distinct leaf is read and validated once. Path, query, header and cookie values are text (a
`list[...]` leaf takes every value sent under its name). A parameter model gathers its
fields, and the request's other keys (for its `extra` policy), into one dict and validates
it whole. A JSON body is parsed only when the request declares JSON; a form body is read
with `request.form()`, where an empty field counts as not sent.

When every leaf is valid, that is all. Otherwise the errors are listed as FastAPI lists
them: once per use of a leaf, in `signature.validation_order`. A body that cannot even be
parsed stops everything at once: malformed JSON is its one `json_invalid` error, anything
else a 400.
"""

from __future__ import annotations

import json
from collections.abc import Hashable, Iterable, Mapping
from contextlib import AsyncExitStack
from typing import Any, NamedTuple, NoReturn

from miniasgi import FormData, Headers, HTTPConnection, HTTPException, ImmutableMultiDict, Request
from miniasgi.datastructures import UploadFile
from minidi import Graph
from minipydantic import ValidationError

from miniopenapi.analysis import EndpointSignature, Leaf
from miniopenapi.errors import RequestValidationError, prefixed_errors

_MISSING: Any = object()
Errors = list[dict[str, Any]]
PARSE_ERROR = "There was an error parsing the body"


class Inputs(NamedTuple):
    """What `validate_inputs` found. A leaf that failed has no value in `values`: that is
    how the graph knows which dependencies can still run (minidi's `run_available`).
    `errors` are in FastAPI's order (none: every leaf is valid); `body` is the body as read
    (decoded JSON, the form, raw bytes; None without one), which a 422 carries along."""

    values: dict[Hashable, Any]
    errors: Errors
    body: Any


async def read_inputs(request: Request, signature: EndpointSignature) -> dict[Hashable, Any]:
    """Every leaf's value, validated; raises one RequestValidationError listing all problems."""
    values, errors, body = await validate_inputs(request, signature)
    if errors:
        raise RequestValidationError(errors, body=body)
    return values


async def validate_inputs(connection: HTTPConnection, signature: EndpointSignature) -> Inputs:
    """Read and validate every leaf once (see `Inputs`). A connection that is not a `Request`
    (a WebSocket's handshake) has no body: its body leaves are not sent."""
    values: dict[Hashable, Any] = {}
    body: Any = None
    failed: dict[Leaf, Errors] = {}
    for leaf in signature.parameters:
        if leaf.model is None:
            raw = _read_value(_source(connection, leaf.location), leaf)
            _validate(leaf, raw, (leaf.location, leaf.alias), values, failed)
        else:
            raw = _read_model(_source(connection, leaf.location), leaf)
            _validate(leaf, raw, (leaf.location,), values, failed)
    if signature.form_body and isinstance(connection, Request):
        body = form = await _read_form(connection)
        for leaf in signature.body:
            if leaf.model is not None:
                _validate(leaf, _read_model(form, leaf, form=True), ("body",), values, failed)
            else:
                raw = _read_value(form, leaf, form=True)
                if leaf.reads_bytes:
                    raw = await _contents(raw)
                _validate(leaf, raw, ("body", leaf.alias), values, failed)
    elif signature.body:
        body = await _read_body(connection) if isinstance(connection, Request) else _MISSING
        if not signature.embed_body:
            _validate(signature.body[0], body, ("body",), values, failed)
        else:
            for leaf in signature.body:
                loc = ("body", leaf.alias)
                if isinstance(body, dict):
                    _validate(leaf, body.get(leaf.alias, _MISSING), loc, values, failed)
                elif body is _MISSING or isinstance(body, bytes):
                    _validate(leaf, _MISSING, loc, values, failed)
                else:  # a JSON list, text, number or null cannot hold named fields
                    failed[leaf] = [_missing(loc)]
        body = None if body is _MISSING else body
    if not failed:
        return Inputs(values, [], body)
    return Inputs(
        values, [error for leaf in signature.validation_order for error in failed.get(leaf, ())], body
    )


def _source(connection: HTTPConnection, location: str) -> Mapping[str, Any]:
    if location == "query":
        return connection.query_params
    if location == "header":
        return connection.headers
    if location == "cookie":
        return connection.cookies
    return connection.path_params


def _read_value(source: Mapping[str, Any], leaf: Leaf, *, form: bool = False) -> Any:
    """One input's raw value, `_MISSING` if not sent: every value under its name for a
    sequence (from a multi-dict or headers), else the one value. In a form, an empty field
    or an empty file input (what a browser sends for "no file chosen") is not sent."""
    if leaf.is_sequence and isinstance(source, ImmutableMultiDict | Headers):
        values = source.getlist(leaf.alias)
        if form:
            values = [value for value in values if not _empty_file(value)]
        return values or _MISSING
    value = source.get(leaf.alias)
    if value is None or (form and (value == "" or _empty_file(value))):
        return _MISSING
    return value


def _read_model(source: Mapping[str, Any], leaf: Leaf, *, form: bool = False) -> Any:
    """A parameter model's input: each field's value under its key, then every other key the
    request carries (the model's `extra` policy decides about those). `_MISSING` for a
    `Model | None` when nothing of it was sent."""
    model = leaf.model
    assert model is not None, "only a parameter model is read as one"
    headers = isinstance(source, Headers)
    data: dict[str, Any] = {}
    own: set[str] = set()  # the names the request uses for the fields
    taken: set[str] = set()  # those, and (headers) the fields' keys: not extras either
    for field in model.fields:
        name = field.alias.lower() if headers else field.alias
        own.add(name)
        taken.add(name)
        if headers and field.key != field.alias:
            taken.add(field.key.lower())
        value = _read_value(source, field, form=form)
        if value is not _MISSING:
            data[field.key] = value
    data.update(_extras(source, taken))
    if model.nullable and not (own.intersection(source) or (model.takes_extras and data)):
        return _MISSING
    return data


def _extras(source: Mapping[str, Any], taken: set[str]) -> Iterable[tuple[str, Any]]:
    """The request's other keys: one value, or the list of them when a key repeats."""
    if isinstance(source, ImmutableMultiDict | Headers):
        pairs = source.multi_items() if isinstance(source, ImmutableMultiDict) else source.items()
        grouped: dict[str, list[Any]] = {}
        for key, value in pairs:
            if key not in taken:
                grouped.setdefault(key, []).append(value)
        return [(key, values[0] if len(values) == 1 else values) for key, values in grouped.items()]
    return [(key, source[key]) for key in source if key not in taken]


def _empty_file(value: Any) -> bool:
    return isinstance(value, UploadFile) and value.filename == "" and value.size == 0


async def _contents(raw: Any) -> Any:
    """A `bytes` File's value: the upload's bytes (each upload's, for a list of them), read
    without moving the file's position, so another parameter may read the same upload."""
    if isinstance(raw, UploadFile):
        position = raw.file.tell()
        try:
            return await raw.read()
        finally:
            await raw.seek(position)
    if isinstance(raw, list):
        return [await _contents(item) if isinstance(item, UploadFile) else item for item in raw]
    return raw


async def _read_form(request: Request) -> FormData:
    try:
        return await request.form()
    except HTTPException:  # a limit broken: the parser's own answer
        raise
    except Exception as exc:
        raise HTTPException(400, PARSE_ERROR) from exc


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
        errors = [{**error, "input": {}, "ctx": {"error": exc.msg}}]
        raise RequestValidationError(errors, body=exc.doc) from None
    except Exception as exc:  # not even text (invalid UTF-8), nested too deep...: FastAPI's 400
        raise HTTPException(400, PARSE_ERROR) from exc


def _missing(loc: tuple[str | int, ...]) -> dict[str, Any]:
    return {"type": "missing", "loc": loc, "msg": "Field required", "input": None}


def _validate(
    leaf: Leaf, raw: Any, loc: tuple[str, ...], values: dict[Hashable, Any], failed: dict[Leaf, Errors]
) -> None:
    if raw is _MISSING:
        if leaf.required:
            failed[leaf] = [_missing(loc)]
        else:
            values[leaf] = leaf.default()
        return
    try:
        values[leaf] = leaf.adapter.validate_python(raw)
    except ValidationError as exc:
        failed[leaf] = _errors(leaf, exc, loc)


def _errors(leaf: Leaf, exc: ValidationError, loc: tuple[str, ...]) -> Errors:
    """The validator's errors, placed in the request, as FastAPI words them.

    FastAPI validates "from attributes", so where a model gets something that is not an
    object, its error is `model_attributes_type`; for values read off the wire (never
    objects with attributes) that is the only difference it makes. A header model's error
    names the header (`save-data`), not the field's key (`save_data`)."""
    errors = prefixed_errors(exc, loc)
    renamed = {field.key: field.alias for field in leaf.fields if field.key != field.alias}
    for error in errors:
        if error["type"] == "model_type":
            error.update(type="model_attributes_type", msg=_ATTRIBUTES_MESSAGE)
            error.pop("ctx", None)
        if renamed and leaf.location == "header" and len(error["loc"]) > 1 and error["loc"][1] in renamed:
            error["loc"] = (error["loc"][0], renamed[error["loc"][1]], *error["loc"][2:])
    return errors


_ATTRIBUTES_MESSAGE = "Input should be a valid dictionary or object to extract fields from"


async def refuse(
    graph: Graph, values: Mapping[Hashable, Any], specials: Mapping[type, Any], error: Exception
) -> NoReturn:
    """Answer a connection whose inputs failed validation, in FastAPI's order: first every
    dependency whose own inputs are valid runs (an error it raises, like an authentication
    check's 401, answers instead), then `error` is raised (the 422, or a websocket's 1008).
    A `yield` dependency sees the error at its `yield`."""
    if graph.root.dependencies:
        if graph.tears_down:
            async with AsyncExitStack() as stack:
                await graph.run_available(leaf_values=values, specials=specials, stack=stack)
                raise error
        await graph.run_available(leaf_values=values, specials=specials, stack=None)
    raise error


__all__ = ["Inputs", "read_inputs", "refuse", "validate_inputs"]
