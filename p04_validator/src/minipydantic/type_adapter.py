"""`TypeAdapter`: validation, dumping and schema for any annotation, not just models.

FastAPI-style frameworks need it for every path, query, header and cookie parameter:
`TypeAdapter(Annotated[list[int], Field(max_length=3)]).validate_python(raw)`. The validator
is compiled once, in the constructor; build adapters at startup and reuse them.
"""

from __future__ import annotations

import json
from typing import Any, Generic, Literal, TypeVar

from minipydantic.compile import Options, build, is_model, label
from minipydantic.config import ConfigDict
from minipydantic.errors import Invalid, ValidationError, in_json_words
from minipydantic.json_schema import DEFAULT_REF_TEMPLATE, type_json_schema
from minipydantic.jsonparse import parse_json
from minipydantic.serialize import IncEx, dump_value

__all__ = ["TypeAdapter"]

T = TypeVar("T")


class TypeAdapter(Generic[T]):
    """Validate and dump values of type `T`."""

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
        options = (mode == "json", by_alias, exclude_unset, exclude_defaults, exclude_none)
        return dump_value(value, include, exclude, options)

    def dump_json(self, value: T, *, indent: int | None = None, by_alias: bool = False) -> bytes:
        data = self.dump_python(value, mode="json", by_alias=by_alias)
        separators = (",", ":") if indent is None else (",", ": ")
        return json.dumps(data, ensure_ascii=False, indent=indent, separators=separators).encode()

    def json_schema(
        self,
        *,
        by_alias: bool = True,
        ref_template: str = DEFAULT_REF_TEMPLATE,
        mode: Literal["validation", "serialization"] = "validation",
    ) -> dict[str, Any]:
        return type_json_schema(self.type, by_alias=by_alias, ref_template=ref_template, mode=mode)
