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
from minipydantic.errors import Invalid, ValidationError
from minipydantic.json_schema import DEFAULT_REF_TEMPLATE, type_json_schema
from minipydantic.jsonparse import parse_json
from minipydantic.serialize import IncEx, dump_value

__all__ = ["TypeAdapter"]

T = TypeVar("T")


class TypeAdapter(Generic[T]):
    """Validate and dump values of type `T`."""

    def __init__(self, type_: Any, *, config: ConfigDict | None = None) -> None:
        raise NotImplementedError(
            "(milestone 8) Get ready to validate values of type_ (prepared once, here) and name the type "
            "for error titles."
        )

    def validate_python(self, value: Any) -> T:
        raise NotImplementedError(
            "(milestone 8) Return the validated value, or raise ValidationError titled with the type's name."
        )

    def validate_json(self, data: str | bytes | bytearray) -> T:
        raise NotImplementedError(
            "(milestone 8) Parse JSON text and return the validated result; its errors are worded "
            "as Pydantic's JSON mode words them."
        )

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
        raise NotImplementedError(
            "(milestone 8) Return the value dumped as a model's fields are (JSON-ready in mode='json', "
            "inf and nan kept where the type says float)."
        )

    def dump_json(self, value: T, *, indent: int | None = None, by_alias: bool = False) -> bytes:
        """Compact (or indented) JSON bytes; inf and nan are written as null."""
        raise NotImplementedError("(milestone 8) Return the value as compact JSON bytes (inf, nan: null).")

    def json_schema(
        self,
        *,
        by_alias: bool = True,
        ref_template: str = DEFAULT_REF_TEMPLATE,
        mode: Literal["validation", "serialization"] = "validation",
    ) -> dict[str, Any]:
        raise NotImplementedError("(milestone 8) Return the JSON Schema of the adapted type.")
