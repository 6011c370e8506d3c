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


def _given(value: Any) -> bool:
    return value is not None and value is not Undefined


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
        if default is Ellipsis:
            default = Undefined
        if default is not Undefined and default_factory is not None:
            raise TypeError("cannot specify both default and default_factory")
        self.default: Any = default
        self.default_factory = default_factory
        self.alias = alias
        self.title = title
        self.description = description
        self.examples = examples
        self.deprecated = deprecated
        self.json_schema_extra = json_schema_extra
        self.strict = strict
        self.repr = repr
        self.exclude = exclude
        self.gt, self.ge, self.lt, self.le, self.multiple_of = gt, ge, lt, le, multiple_of
        self.min_length, self.max_length, self.pattern = min_length, max_length, pattern
        self.discriminator = discriminator
        self.annotation: Any = None
        self.metadata: list[Any] = []
        # Which settings were written explicitly: merging infos lets those win, and only those.
        self._set = {name for name in _ATTRIBUTES if _given(getattr(self, name))}
        if repr:
            self._set.discard("repr")

    @classmethod
    def from_default(cls, default: Any) -> FieldInfo:
        """The info of `x: int = 3`: only a default was written."""
        return cls(default)

    def is_required(self) -> bool:
        return self.default is Undefined and self.default_factory is None

    def get_default(self, *, call_default_factory: bool = True) -> Any:
        if self.default_factory is not None:
            return self.default_factory() if call_default_factory else self.default_factory
        return self.default

    @property
    def constraints(self) -> dict[str, Any]:
        """The constraint keywords that were given, in checking order."""
        return {name: getattr(self, name) for name in CONSTRAINTS if getattr(self, name) is not None}

    def __repr__(self) -> str:
        parts = [f"annotation={getattr(self.annotation, '__name__', self.annotation)}"]
        parts.append(f"required={self.is_required()}")
        parts += [f"{name}={getattr(self, name)!r}" for name in _ATTRIBUTES if name in self._set]
        return f"{type(self).__name__}({', '.join(parts)})"


def merge_field_infos(*infos: FieldInfo) -> FieldInfo:
    """Combine infos left to right, later explicit settings winning. The result keeps the class
    of the last *subclass* instance given, so `page: Annotated[int, Query(ge=1)] = 5` is still a
    Query (with its own extra attributes) after the bare default 5 is merged in."""
    template = next((info for info in reversed(infos) if type(info) is not FieldInfo), infos[-1])
    merged = copy.copy(template)
    merged._set = set()
    merged.metadata = []
    for info in infos:
        for name in info._set:
            setattr(merged, name, getattr(info, name))
            merged._set.add(name)
            if name in _EXCLUSIVE:  # a later default replaces an earlier factory, and back
                other = _EXCLUSIVE[name]
                setattr(merged, other, Undefined if other == "default" else None)
                merged._set.discard(other)
        merged.metadata += info.metadata
    return merged


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
    return FieldInfo(
        default,
        default_factory=default_factory,
        alias=alias,
        title=title,
        description=description,
        examples=examples,
        deprecated=deprecated,
        json_schema_extra=json_schema_extra,
        gt=gt,
        ge=ge,
        lt=lt,
        le=le,
        multiple_of=multiple_of,
        min_length=min_length,
        max_length=max_length,
        pattern=pattern,
        discriminator=discriminator,
        strict=strict,
        repr=repr,
        exclude=exclude,
    )
