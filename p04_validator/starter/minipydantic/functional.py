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
    raise NotImplementedError(
        "(milestone 7) Tell whether func wants an `info` argument besides the value (and the handler, in "
        "mode 'wrap')."
    )


@dataclass(frozen=True, slots=True)
class Step:
    """One user function in a field's validation chain, already bound to its class."""

    mode: Mode
    func: Callable[..., Any]
    info: bool

    @classmethod
    def from_marker(cls, marker: Any) -> Step:
        raise NotImplementedError(
            "(milestone 7) Return the Step for an AfterValidator, BeforeValidator, PlainValidator or "
            "WrapValidator marker."
        )


def call_user(func: Callable[..., Any], value: Any, *args: Any) -> Any:
    """Call a user function, turning the exceptions Pydantic documents into error entries."""
    raise NotImplementedError(
        "(milestone 7) Call a user's function; a ValueError or AssertionError it raises becomes a "
        "value_error or assertion_error entry."
    )


def chain(
    inner: Validator, steps: list[Step], field_name: str | None, config: dict[str, Any]
) -> tuple[Callable[..., Any], bool]:
    """Wrap `inner` in the user steps, innermost first (a later `Before` runs earlier).

    Returns the validator and whether it needs the data dict as a second argument (only when
    some step asked for `info`); the plain case stays a fast one-argument function."""
    raise NotImplementedError(
        "(milestone 7) Return `inner` wrapped in the user steps (a later before-step runs earlier, a "
        "later after-step later), and whether the result needs the data validated so far."
    )


@dataclass(frozen=True, slots=True)
class FieldValidator:
    """What `@field_validator` leaves in the class body for the model's metaclass to collect."""

    func: Any
    fields: tuple[str, ...]
    mode: Mode

    def bind(self, cls: type) -> Step:
        raise NotImplementedError("(milestone 7) Return this decorator's function, bound to cls, as a Step.")


@dataclass(frozen=True, slots=True)
class ModelValidator:
    """What `@model_validator` leaves in the class body: a whole-model check."""

    func: Any
    mode: Literal["before", "after", "wrap"]


def field_validator(
    field: str, /, *fields: str, mode: Mode = "after", check_fields: bool | None = None
) -> Callable[[Any], Any]:
    """Validate the named fields ("*" for all) with a classmethod; `mode` as in `Annotated`."""
    raise NotImplementedError(
        "(milestone 7) Return a decorator marking a classmethod as a validator of the named fields ('*': "
        "every field)."
    )


def model_validator(*, mode: Literal["before", "after", "wrap"]) -> Callable[[Any], Any]:
    """Validate the whole model: `before` sees the raw input, `after` the built instance."""

    raise NotImplementedError(
        "(milestone 7) Return a decorator marking a function as a whole-model validator: 'before' sees "
        "the raw input, 'after' the built instance, 'wrap' both."
    )
