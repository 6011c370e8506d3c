"""`TypeAdapter`: validation, dumping and schema for any annotation, not just models.

FastAPI-style frameworks need it for every path, query, header and cookie parameter:
`TypeAdapter(Annotated[list[int], Field(max_length=3)]).validate_python(raw)`. The validator
is compiled once, in the constructor; build adapters at startup and reuse them.
"""

from __future__ import annotations

from typing import Any, Generic, Literal, TypeVar

from minipydantic.compile import Options, build, is_model, label
from minipydantic.config import ConfigDict
from minipydantic.dumpplan import Options as DumpOptions
from minipydantic.dumpplan import types_floats
from minipydantic.errors import Invalid, ValidationError, in_json_words
from minipydantic.json_schema import DEFAULT_REF_TEMPLATE, type_json_schema
from minipydantic.jsonparse import parse_json
from minipydantic.serialize import IncEx, dump_typed, dump_value, json_text

__all__ = ["TypeAdapter"]

T = TypeVar("T")


class TypeAdapter(Generic[T]):
    """Validate and dump values of type `T`."""

    _dumpers: dict[DumpOptions, Any] | None = None  # generated for the type, made on first dump

    def __init__(self, type_: Any, *, config: ConfigDict | None = None) -> None:
        config = config or ConfigDict()
        options = Options(
            bool(config.get("strict")),
            bool(config.get("str_strip_whitespace")),
            bool(config.get("arbitrary_types_allowed")),
        )
        self.type = type_
        self._validate = build(type_, options)
        self._title = type_.__name__ if is_model(type_) else label(type_)

    def validate_python(self, value: Any) -> T:
        try:
            result: T = self._validate(value)
        except Invalid as invalid:
            raise ValidationError(self._title, invalid.errors) from None
        return result

    def validate_json(self, data: str | bytes | bytearray) -> T:
        try:
            result: T = self._validate(parse_json(data))
        except Invalid as invalid:
            raise ValidationError(self._title, in_json_words(invalid.errors)) from None
        return result

    def dump_python(
        self,
        value: T,
        *,
        mode: Literal["python", "json"] = "python",
        include: IncEx | None = None,
        exclude: IncEx | None = None,
        by_alias: bool = False,
        exclude_unset: bool = False,
        exclude_defaults: bool = False,
        exclude_none: bool = False,
    ) -> Any:
        """`value` dumped as a model's field of type T is (JSON-ready with mode="json": inf and
        nan stay floats where T says float)."""
        options: DumpOptions = (mode == "json", by_alias, exclude_unset, exclude_defaults, exclude_none)
        if include is not None or exclude is not None:
            if options[0] and types_floats(self.type):
                options = ("keep", *options[1:])
            return dump_value(value, include, exclude, options)
        if self._dumpers is None:
            self._dumpers = {}
        return dump_typed(self.type, self._dumpers, value, options)

    def dump_json(self, value: T, *, indent: int | None = None, by_alias: bool = False) -> bytes:
        """Compact (or indented) JSON bytes; inf and nan are written as null."""
        if self._dumpers is None:
            self._dumpers = {}
        data = dump_typed(self.type, self._dumpers, value, ("null", by_alias, False, False, False))
        return json_text(data, indent).encode()

    def json_schema(
        self,
        *,
        by_alias: bool = True,
        ref_template: str = DEFAULT_REF_TEMPLATE,
        mode: Literal["validation", "serialization"] = "validation",
    ) -> dict[str, Any]:
        return type_json_schema(self.type, by_alias=by_alias, ref_template=ref_template, mode=mode)
