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
        raise NotImplementedError("Compile the validator for type_ once, and remember a title for errors.")

    def validate_python(self, value: Any) -> T:
        raise NotImplementedError("Run the compiled validator, turning Invalid into ValidationError.")

    def validate_json(self, data: str | bytes | bytearray) -> T:
        raise NotImplementedError("Parse the JSON text, then validate.")

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
        raise NotImplementedError('Dump the value with dump_value (mode="json" for JSON-compatible output).')

    def dump_json(self, value: T, *, indent: int | None = None, by_alias: bool = False) -> bytes:
        raise NotImplementedError("Dump in json mode and encode compact JSON bytes.")

    def json_schema(
        self,
        *,
        by_alias: bool = True,
        ref_template: str = DEFAULT_REF_TEMPLATE,
        mode: Literal["validation", "serialization"] = "validation",
    ) -> dict[str, Any]:
        raise NotImplementedError("Return type_json_schema for the adapted type.")
