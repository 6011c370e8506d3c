"""`Field()` and `FieldInfo`: everything a model says about one field besides its type.

`FieldInfo` is deliberately a plain, public class: later course packages subclass it for
their `Query()`, `Path()` and `Body()` markers, exactly as FastAPI's params extend Pydantic's.
It remembers which arguments were given explicitly, so two infos (one in `Annotated[...]`, one
as the default) can be merged with the later one winning, key by key.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

__all__ = ["CONSTRAINTS", "Field", "FieldInfo", "SchemaError", "Undefined", "merge_field_infos"]


class _UndefinedType:
    """The marker for "no default": distinct from None, which is a perfectly good default."""

    _instance: _UndefinedType | None = None

    def __new__(cls) -> _UndefinedType:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "Undefined"

    def __reduce__(self) -> str:
        return "Undefined"

    def __copy__(self) -> _UndefinedType:
        return self

    def __deepcopy__(self, memo: Any) -> _UndefinedType:
        return self


Undefined: Any = _UndefinedType()


class SchemaError(Exception):
    """A field declaration that cannot become a validator: raised when the class is defined
    (`multiple_of=0`, a pattern RE2 cannot run, a bound no number can be compared with), so
    the mistake shows at import time, not as an error on every request. Pydantic raises its
    own `SchemaError` (from pydantic_core) in the same places."""


# The constraint keywords, in the order Pydantic checks them for numbers (multiple_of first).
CONSTRAINTS = ("multiple_of", "le", "lt", "ge", "gt", "min_length", "max_length", "pattern", "discriminator")

_ATTRIBUTES = (
    "default",
    "default_factory",
    "alias",
    "title",
    "description",
    "examples",
    "deprecated",
    "json_schema_extra",
    "strict",
    "repr",
    "exclude",
    *CONSTRAINTS,
)


class FieldInfo:
    """The declared facts about one field; read once when the model class is built."""

    def __init__(
        self,
        default: Any = Undefined,
        *,
        default_factory: Callable[[], Any] | None = None,
        alias: str | None = None,
        title: str | None = None,
        description: str | None = None,
        examples: list[Any] | None = None,
        deprecated: str | bool | None = None,
        json_schema_extra: dict[str, Any] | Callable[[dict[str, Any]], None] | None = None,
        gt: float | None = None,
        ge: float | None = None,
        lt: float | None = None,
        le: float | None = None,
        multiple_of: float | None = None,
        min_length: int | None = None,
        max_length: int | None = None,
        pattern: str | None = None,
        discriminator: str | None = None,
        strict: bool | None = None,
        repr: bool = True,
        exclude: bool | None = None,
    ) -> None:
        raise NotImplementedError(
            "(milestone 2) Remember everything this field declares (its default, where ... means "
            "required, factory, alias, documentation, constraints, strict) and which of them were given "
            "explicitly."
        )

    @classmethod
    def from_default(cls, default: Any) -> FieldInfo:
        """The info of `x: int = 3`: only a default was written."""
        raise NotImplementedError(
            "(milestone 2) Return the info of `x: int = 3`, where only a default was written."
        )

    def is_required(self) -> bool:
        raise NotImplementedError(
            "(milestone 2) Tell whether the field must be given: it has neither a default nor a "
            "default_factory."
        )

    def get_default(self, *, call_default_factory: bool = True) -> Any:
        raise NotImplementedError("(milestone 5) Return the default, or a fresh value from default_factory.")

    @property
    def constraints(self) -> dict[str, Any]:
        """The constraint keywords that were given, in checking order."""
        raise NotImplementedError(
            "(milestone 2) Return the constraint keywords that were given, in the order they are checked."
        )

    def __repr__(self) -> str:
        raise NotImplementedError(
            "Show the annotation, whether the field is required, and the settings that were given (not "
            "tested)."
        )


def merge_field_infos(*infos: FieldInfo) -> FieldInfo:
    """Combine infos left to right, later explicit settings winning. The result keeps the class
    of the last *subclass* instance given, so `page: Annotated[int, Query(ge=1)] = 5` is still a
    Query (with its own extra attributes) after the bare default 5 is merged in."""
    raise NotImplementedError(
        "(milestone 2) Combine infos into one, left to right, later explicit settings winning; (milestone"
        " 8) the result keeps the class of the last subclass instance given."
    )


_EXCLUSIVE = {"default": "default_factory", "default_factory": "default"}


def Field(
    default: Any = Undefined,
    *,
    default_factory: Callable[[], Any] | None = None,
    alias: str | None = None,
    title: str | None = None,
    description: str | None = None,
    examples: list[Any] | None = None,
    deprecated: str | bool | None = None,
    json_schema_extra: dict[str, Any] | Callable[[dict[str, Any]], None] | None = None,
    gt: float | None = None,
    ge: float | None = None,
    lt: float | None = None,
    le: float | None = None,
    multiple_of: float | None = None,
    min_length: int | None = None,
    max_length: int | None = None,
    pattern: str | None = None,
    discriminator: str | None = None,
    strict: bool | None = None,
    repr: bool = True,
    exclude: bool | None = None,
) -> Any:
    """Declare a field's default, alias, documentation and constraints.

    Typed as `Any` so that `name: str = Field(min_length=1)` type-checks, as with Pydantic."""
    raise NotImplementedError("(milestone 2) Return a FieldInfo declaring these settings.")
