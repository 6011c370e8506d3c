"""From an endpoint's return value to the response FastAPI would send, decided per route.

Without a response model the value goes through `jsonable_encoder`. With one, it is
validated against the model (a server bug if it does not fit: `ResponseValidationError`,
a 500) and dumped as the *declared* type, so fields the model does not declare never leak
(`UserInDB` returned as `UserOut` loses its password). The route's dump options
(`response_model_exclude_unset`...) apply to that dump.

What can be skipped is skipped, only where it cannot change the answer: an instance of
exactly the model, holding no other model, was validated when it was built, and FastAPI
would dump it unchanged, so it is dumped as it is.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any, get_args, get_origin

from miniasgi import JSONResponse, Response
from minipydantic import BaseModel, TypeAdapter, ValidationError
from minipydantic.serialize import json_text

from miniopenapi.encoders import IncEx, jsonable_encoder
from miniopenapi.errors import ResponseValidationError, prefixed_errors

NO_BODY_STATUSES = frozenset({204, 205, 304})
"""With 1xx, the statuses whose response carries no content (FastAPI's rule)."""


@dataclass(frozen=True)
class DumpOptions:
    """FastAPI's `response_model_*` options: how the validated value is dumped."""

    include: IncEx | None = None
    exclude: IncEx | None = None
    by_alias: bool = True
    exclude_unset: bool = False
    exclude_defaults: bool = False
    exclude_none: bool = False

    def dump(self, model: BaseModel) -> dict[str, Any]:
        """A model as the JSON FastAPI sends for it with these options."""
        return model.model_dump(
            mode="json",
            include=self.include,
            exclude=self.exclude,
            by_alias=self.by_alias,
            exclude_unset=self.exclude_unset,
            exclude_defaults=self.exclude_defaults,
            exclude_none=self.exclude_none,
        )


Serializer = Callable[[Any, int], Response]


def serializer(
    response_model: Any, response_class: type[Response], options: DumpOptions = DumpOptions()
) -> Serializer:
    """How a route turns `(result, status)` into its response; chosen once, from its declaration."""
    if response_model is None:
        return lambda result, status: _respond(response_class, jsonable_encoder(result), status)
    adapter: TypeAdapter[Any] = TypeAdapter(response_model)
    model = response_model if is_model(response_model) else None
    as_it_is = model if model is not None and _holds_no_model(model) else None
    plain = _Plain(options)
    open_json = _open_json_shape(response_model) if options == DumpOptions() else None
    # FastAPI has Pydantic write the JSON of a response model itself (its fast path), unless
    # the route chose a response class: then the class renders the dumped data.
    respond = _respond_pydantic_json if response_class is JSONResponse else partial(_respond, response_class)

    def serialize(result: Any, status: int) -> Response:
        if type(result) is as_it_is:  # validated when it was built: FastAPI dumps it as it is
            return respond(options.dump(result), status)
        if open_json is not None and type(result) in open_json and _plain_json(result):
            return respond(result, status)  # nothing to check, nothing to convert
        if model is not None and isinstance(result, model):  # a subclass, or a model holding others
            result = plain.declared_fields(result, model)
        try:
            value = adapter.validate_python(plain(result))
        except ValidationError as exc:
            raise ResponseValidationError(prefixed_errors(exc, ("response",))) from None
        content = adapter.dump_python(
            value,
            mode="json",
            include=options.include,
            exclude=options.exclude,
            by_alias=options.by_alias,
            exclude_unset=options.exclude_unset,
            exclude_defaults=options.exclude_defaults,
            exclude_none=options.exclude_none,
        )
        return respond(content, status)

    return serialize


def _open_json_shape(tp: Any) -> tuple[type, ...] | None:
    """The result types for which a response model checks and converts nothing, or None.

    `-> dict[str, Any]` (the commonest return annotation), `list[Any]`, `Any`, bare `dict`
    and `list` accept any JSON data as it is and dump it unchanged: for such a result made
    only of str, int, bool, None, finite floats, str-keyed dicts and lists, validating and
    dumping would build an equal copy. Decided once per route; the result is checked per
    request by `_plain_json`, a walk far cheaper than a validation and a dump. The same holds
    for a scalar model (`-> str`) and a result of exactly its type."""
    if tp is Any:
        return (dict, list, str, int, bool, float, type(None))
    if tp in (str, int, float, bool):
        return (tp,)
    origin, args = get_origin(tp) or tp, get_args(tp)
    if origin is dict and args in ((), (str, Any)):
        return (dict,)
    if origin is list and args in ((), (Any,)):
        return (list,)
    return None


def _plain_json(value: Any) -> bool:
    kind = type(value)
    if kind is str or kind is int or kind is bool or value is None:
        return True
    if kind is float:
        return math.isfinite(value)
    if kind is dict:
        return all(type(key) is str and _plain_json(item) for key, item in value.items())
    if kind is list:
        return all(_plain_json(item) for item in value)
    return False


def _respond_pydantic_json(content: Any, status: int) -> Response:
    """Dumped data as the bytes Pydantic writes (floats as its Rust core writes them)."""
    body = json_text(content).encode()
    return without_body(Response(body, status_code=status, media_type="application/json"))


def _respond(response_class: type[Response], content: Any, status: int) -> Response:
    return without_body(response_class(content, status_code=status))


def without_body(response: Response) -> Response:
    """`response` with its content dropped when its status allows none (1xx, 204, 205, 304),
    as FastAPI does; its class still decides the other headers. Call it again after changing
    the status (an endpoint may set 204 on its `Response` parameter).

    A Content-Length left from the content goes (205: it says 0), so a client never waits
    for bytes that will not come; FastAPI keeps the stale length of a 205.
    """
    status = response.status_code
    if status >= 200 and status not in NO_BODY_STATUSES:
        return response
    response.body = b""
    headers = response.headers
    if "content-length" in headers:
        if status == 205:
            headers["content-length"] = "0"
        else:
            del headers["content-length"]
    return response


@dataclass(frozen=True)
class _Plain:
    """Models become dicts before validation, so a `UserInDB` can be returned as a `UserOut`:
    dumped by alias, and with the route's exclude options, so that the fields a value did not
    set stay unset in the validated copy (`response_model_exclude_unset` depends on it)."""

    options: DumpOptions

    def __call__(self, value: Any) -> Any:
        if isinstance(value, BaseModel):
            return self._dump(value)
        if isinstance(value, list | tuple):
            return [self(item) for item in value]
        if isinstance(value, dict):
            return {key: self(item) for key, item in value.items()}
        return value

    def declared_fields(self, value: BaseModel, model: type[BaseModel]) -> dict[str, Any]:
        """An instance of `model` or of a subclass as `model` declares it: its fields (by
        alias) and the extras the instance holds, never a subclass's own fields."""
        return self._dump(value, include={*model.model_fields, *(value.model_extra or {})})

    def _dump(self, value: BaseModel, include: set[str] | None = None) -> dict[str, Any]:
        options = self.options
        return value.model_dump(
            by_alias=True,
            include=include,
            exclude_unset=options.exclude_unset,
            exclude_defaults=options.exclude_defaults,
            exclude_none=options.exclude_none,
        )


def is_model(tp: Any) -> bool:
    """Whether `tp` is a model class (not an instance, not `list[Model]`)."""
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def _holds_no_model(model: type[BaseModel]) -> bool:
    """Whether no field of `model` can hold a model. Then an instance of exactly `model`
    can be dumped as it is: it was validated when it was built, and FastAPI does not
    validate it again. A field declared `Item` may hold a subclass instance, whose extra
    fields must not be sent: a model holding models is dumped the long way."""
    annotations = [info.annotation for info in model.model_fields.values()]
    while annotations:
        annotation = annotations.pop()
        if is_model(annotation):
            return False
        annotations.extend(get_args(annotation))
    return True


__all__ = ["NO_BODY_STATUSES", "DumpOptions", "Serializer", "is_model", "serializer", "without_body"]
