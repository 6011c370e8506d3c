"""JSON Schema (draft 2020-12) from annotations, shaped exactly as Pydantic emits it.

It walks the same annotations the validators were compiled from. Models and enums become
entries in `$defs`, referenced through `ref_template` (FastAPI passes
"#/components/schemas/{model}"); a model that refers to itself works because its `$defs`
entry is reserved before its fields are visited.
"""

from __future__ import annotations

import inspect
import types
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from enum import Enum
from typing import Annotated, Any, Literal, Union, get_args, get_origin
from uuid import UUID

from minipydantic.compile import is_model, split_annotated, union_tags
from minipydantic.fields import FieldInfo
from minipydantic.network import AnyUrl, EmailStr
from minipydantic.serialize import dump_value

__all__ = ["DEFAULT_REF_TEMPLATE", "SchemaBuilder", "model_json_schema", "type_json_schema"]

DEFAULT_REF_TEMPLATE = "#/$defs/{model}"
JsonDict = dict[str, Any]

_SIMPLE: dict[Any, JsonDict] = {
    str: {"type": "string"},
    int: {"type": "integer"},
    float: {"type": "number"},
    bool: {"type": "boolean"},
    bytes: {"type": "string", "format": "binary"},
    type(None): {"type": "null"},
    UUID: {"type": "string", "format": "uuid"},
    datetime: {"type": "string", "format": "date-time"},
    date: {"type": "string", "format": "date"},
    time: {"type": "string", "format": "time"},
    timedelta: {"type": "string", "format": "duration"},
    EmailStr: {"type": "string", "format": "email"},
}
_KEYWORDS = {
    "string": {"min_length": "minLength", "max_length": "maxLength", "pattern": "pattern"},
    "number": {
        "gt": "exclusiveMinimum",
        "ge": "minimum",
        "lt": "exclusiveMaximum",
        "le": "maximum",
        "multiple_of": "multipleOf",
    },
    "array": {"min_length": "minItems", "max_length": "maxItems"},
    "object": {"min_length": "minProperties", "max_length": "maxProperties"},
}
_KEYWORDS["integer"] = _KEYWORDS["number"]
_JSON_TYPES = {str: "string", int: "integer", float: "number", bool: "boolean", type(None): "null"}
_DUMP_JSON = (True, False, False, False, False)


class SchemaBuilder:
    """One schema generation: collects `$defs` while it walks the annotations."""

    def __init__(self, ref_template: str, mode: str, by_alias: bool = True) -> None:
        raise NotImplementedError(
            "(milestone 8) Start one schema generation: this ref template, mode and by_alias, and no "
            "$defs yet."
        )

    def ref(self, cls: Any, make: Callable[[Any], JsonDict]) -> JsonDict:
        raise NotImplementedError(
            "(milestone 8) Return a $ref to cls, adding its schema to $defs the first time (a model that "
            "refers to itself must not recurse forever)."
        )

    def of(self, tp: Any, constraints: dict[str, Any] | None = None) -> JsonDict:
        """The schema of annotation `tp`, with constraint keywords added where they apply."""
        raise NotImplementedError(
            "(milestone 8) Return the JSON Schema of annotation tp, with the constraint keywords that "
            "apply to it."
        )

    def documentation(self, info: FieldInfo) -> JsonDict:
        raise NotImplementedError(
            "(milestone 8) Return the title, description, examples and deprecated flag a FieldInfo "
            "declares, as schema keywords."
        )

    def field(self, name: str, info: FieldInfo) -> JsonDict:
        raise NotImplementedError(
            "(milestone 8) Return one property's schema: its type, a title made from its name, its "
            "documentation, default and json_schema_extra."
        )

    def model(self, cls: Any) -> JsonDict:
        raise NotImplementedError(
            "(milestone 8) Return a model's object schema: properties, required, title, type and description."
        )

    def finish(self, schema: JsonDict) -> JsonDict:
        raise NotImplementedError("(milestone 8) Return the schema with the collected $defs added.")


def model_json_schema(cls: Any, *, by_alias: bool, ref_template: str, mode: str) -> JsonDict:
    raise NotImplementedError("(milestone 8) Return a model's JSON Schema as Pydantic emits it.")


def type_json_schema(tp: Any, *, by_alias: bool, ref_template: str, mode: str) -> JsonDict:
    raise NotImplementedError("(milestone 8) Return the JSON Schema of any annotation.")
