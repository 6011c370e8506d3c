"""minipydantic: type hints in, validation, coercion, errors, dumping and JSON Schema out.

A small, readable rebuild of Pydantic v2's public API, compiled to straight-line Python.
"""

from minipydantic.codegen import source_of
from minipydantic.config import ConfigDict
from minipydantic.errors import ErrorDetails, PydanticSchemaGenerationError, ValidationError
from minipydantic.fields import Field, FieldInfo, SchemaError, Undefined
from minipydantic.functional import (
    AfterValidator,
    BeforeValidator,
    PlainValidator,
    ValidationInfo,
    WrapValidator,
    field_validator,
    model_validator,
)
from minipydantic.main import BaseModel
from minipydantic.network import AnyUrl, EmailStr, HttpUrl
from minipydantic.type_adapter import TypeAdapter

__all__ = [
    "AfterValidator",
    "AnyUrl",
    "BaseModel",
    "BeforeValidator",
    "ConfigDict",
    "EmailStr",
    "ErrorDetails",
    "Field",
    "FieldInfo",
    "HttpUrl",
    "PlainValidator",
    "PydanticSchemaGenerationError",
    "SchemaError",
    "TypeAdapter",
    "Undefined",
    "ValidationError",
    "ValidationInfo",
    "WrapValidator",
    "field_validator",
    "model_validator",
    "source_of",
]
