"""User-written validation: decorators on a model, and validator markers for `Annotated`.

A user function is wrapped once, when the model is built, into the same one-argument
`Validator` shape as the built-in checks; a `ValueError` or `AssertionError` it raises becomes a
`value_error` / `assertion_error` entry. Functions that ask for an `info` argument get a
`ValidationInfo` carrying the fields validated so far.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from minipydantic.errors import Invalid, ValidationError, Validator, error

__all__ = [
    "AfterValidator",
    "BeforeValidator",
    "FieldValidator",
    "ModelValidator",
    "PlainValidator",
    "Step",
    "ValidationInfo",
    "WrapValidator",
    "call_user",
    "chain",
    "field_validator",
    "model_validator",
    "takes_info",
]

Mode = Literal["before", "after", "wrap", "plain"]


class ValidationInfo:
    """What a validator taking `info` learns: the fields already validated, its own name."""

    __slots__ = ("config", "data", "field_name")

    def __init__(self, data: dict[str, Any], field_name: str | None, config: dict[str, Any]) -> None:
        self.data = data
        self.field_name = field_name
        self.config = config

    @property
    def mode(self) -> str:
        return "python"


@dataclass(frozen=True, slots=True)
class AfterValidator:
    """Run `func(value)` after the type's own validation."""

    func: Callable[..., Any]


@dataclass(frozen=True, slots=True)
class BeforeValidator:
    """Run `func(raw_value)` before the type's validation; its result is then validated."""

    func: Callable[..., Any]


@dataclass(frozen=True, slots=True)
class PlainValidator:
    """Replace the type's validation with `func(raw_value)`."""

    func: Callable[..., Any]


@dataclass(frozen=True, slots=True)
class WrapValidator:
    """Call `func(raw_value, handler)`; `handler(v)` runs the type's validation."""

    func: Callable[..., Any]


_MARKER_MODES: dict[type, Mode] = {
    AfterValidator: "after",
    BeforeValidator: "before",
    PlainValidator: "plain",
    WrapValidator: "wrap",
}


def takes_info(func: Callable[..., Any], mode: str) -> bool:
    """Does `func` want an `info` argument? Counted from its positional parameters."""
    try:
        params = inspect.signature(func).parameters.values()
    except (TypeError, ValueError):
        return False
    positional = [p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    return len(positional) > (2 if mode == "wrap" else 1)


@dataclass(frozen=True, slots=True)
class Step:
    """One user function in a field's validation chain, already bound to its class."""

    mode: Mode
    func: Callable[..., Any]
    info: bool

    @classmethod
    def from_marker(cls, marker: Any) -> Step:
        mode = _MARKER_MODES[type(marker)]
        return cls(mode, marker.func, takes_info(marker.func, mode))


def call_user(func: Callable[..., Any], value: Any, *args: Any) -> Any:
    """Call a user function, turning the exceptions Pydantic documents into error entries."""
    try:
        return func(value, *args)
    except ValidationError as exc:
        raise Invalid(exc.errors()) from None
    except ValueError as exc:
        raise error("value_error", value, {"error": exc}, msg=f"Value error, {exc}") from None
    except AssertionError as exc:
        raise error("assertion_error", value, {"error": exc}, msg=f"Assertion failed, {exc}") from None


def _handler(inner: Validator) -> Callable[[Any], Any]:
    def handler(value: Any) -> Any:
        try:
            return inner(value)
        except Invalid as invalid:
            raise ValidationError("ValidatorHandler", invalid.errors) from None

    return handler


def _step(step: Step, inner: Callable[[Any, Any], Any], info_for: Callable[[Any], Any]) -> Any:
    func, mode = step.func, step.mode
    extra: Callable[[Any], tuple[Any, ...]] = (
        (lambda data: (info_for(data),)) if step.info else (lambda data: ())
    )
    if mode == "after":
        return lambda value, data: call_user(func, inner(value, data), *extra(data))
    if mode == "before":
        return lambda value, data: inner(call_user(func, value, *extra(data)), data)
    if mode == "plain":
        return lambda value, data: call_user(func, value, *extra(data))
    return lambda value, data: call_user(func, value, _handler(lambda v: inner(v, data)), *extra(data))


def chain(
    inner: Validator, steps: list[Step], field_name: str | None, config: dict[str, Any]
) -> tuple[Callable[..., Any], bool]:
    """Wrap `inner` in the user steps, innermost first (a later `Before` runs earlier).

    Returns the validator and whether it needs the data dict as a second argument (only when
    some step asked for `info`); the plain case stays a fast one-argument function."""
    if not any(step.info for step in steps):
        current: Validator = inner
        for step in steps:
            current = _step1(step, current)
        return current, False

    def info_for(data: Any) -> ValidationInfo:
        return ValidationInfo(data, field_name, config)

    two: Callable[[Any, Any], Any] = lambda value, data: inner(value)  # noqa: E731
    for step in steps:
        two = _step(step, two, info_for)
    return two, True


def _step1(step: Step, inner: Validator) -> Validator:
    func = step.func
    if step.mode == "after":
        return lambda value: call_user(func, inner(value))
    if step.mode == "before":
        return lambda value: inner(call_user(func, value))
    if step.mode == "plain":
        return lambda value: call_user(func, value)
    handler = _handler(inner)
    return lambda value: call_user(func, value, handler)


@dataclass(frozen=True, slots=True)
class FieldValidator:
    """What `@field_validator` leaves in the class body for the model's metaclass to collect."""

    func: Any
    fields: tuple[str, ...]
    mode: Mode

    def bind(self, cls: type) -> Step:
        func = self.func.__func__ if isinstance(self.func, classmethod | staticmethod) else self.func
        bound = func if isinstance(self.func, staticmethod) else func.__get__(cls, type(cls))
        return Step(self.mode, bound, takes_info(bound, self.mode))


@dataclass(frozen=True, slots=True)
class ModelValidator:
    """What `@model_validator` leaves in the class body: a whole-model check."""

    func: Any
    mode: Literal["before", "after", "wrap"]


def field_validator(
    field: str, /, *fields: str, mode: Mode = "after", check_fields: bool | None = None
) -> Callable[[Any], Any]:
    """Validate the named fields ("*" for all) with a classmethod; `mode` as in `Annotated`."""
    del check_fields

    def decorate(func: Any) -> FieldValidator:
        return FieldValidator(func, (field, *fields), mode)

    return decorate


def model_validator(*, mode: Literal["before", "after", "wrap"]) -> Callable[[Any], Any]:
    """Validate the whole model: `before` sees the raw input, `after` the built instance."""

    def decorate(func: Any) -> ModelValidator:
        return ModelValidator(func, mode)

    return decorate
