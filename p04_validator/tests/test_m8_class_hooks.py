"""Milestone 8: a class that validates and describes itself (Pydantic's two class hooks).

A framework's own types need this: FastAPI's `UploadFile` is not a model, yet `file:
UploadFile` must validate (an uploaded file, nothing else) and appear in the OpenAPI document
(`{"type": "string", "contentMediaType": "application/octet-stream"}`). Pydantic asks the
class: `__get_pydantic_core_schema__` says how it validates, `__get_pydantic_json_schema__`
what its schema is. minipydantic asks the same two questions; the first is answered with a
`PlainValidator(func)` instead of a core schema, which minipydantic does not have.
"""

from __future__ import annotations

from typing import Annotated, Any

import pydantic
import pytest
from pydantic_core import core_schema

import minipydantic

from .parity import assert_same

BINARY = {"type": "string", "contentMediaType": "application/octet-stream"}


def upload_class(lib: Any) -> type:
    """The same self-validating class, written for `lib`: only the hook's answer differs."""

    class Upload:
        def __init__(self, name: str) -> None:
            self.name = name

        def __eq__(self, other: object) -> bool:
            return isinstance(other, Upload) and other.name == self.name

        __hash__ = None  # type: ignore[assignment]

        @classmethod
        def _validate(cls, value: Any) -> Upload:
            if not isinstance(value, cls):
                raise ValueError(f"Expected an upload, received: {type(value).__name__}")
            return value

        @classmethod
        def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
            if lib is pydantic:
                return core_schema.no_info_plain_validator_function(cls._validate)
            return minipydantic.PlainValidator(cls._validate)

        @classmethod
        def __get_pydantic_json_schema__(cls, schema: Any, handler: Any) -> dict[str, Any]:
            return dict(BINARY)

    return Upload


@pytest.mark.parametrize(
    "value",
    ["a", b"bytes", None, 3],
    ids=["str", "bytes", "None", "int"],
)
def test_the_class_hook_validates_alone(value: Any) -> None:
    """`__get_pydantic_core_schema__` returning a plain validator replaces all validation: an
    instance passes as it is, anything else is the function's ValueError as a value_error."""
    assert_same(lambda lib: lib.TypeAdapter(upload_class(lib)).validate_python(value))


def test_an_instance_passes_through_in_models_lists_and_optionals() -> None:
    """In a model field, inside list[...] and as `X | None`, the class's validation is used."""

    def action(lib: Any) -> Any:
        upload = upload_class(lib)

        class Form(lib.BaseModel):
            one: upload
            many: list[upload] = []
            maybe: upload | None = None

        form = Form(one=upload("a"), many=[upload("b")])
        bad = lib.TypeAdapter(list[upload])
        assert isinstance(form.one, upload)
        assert form.many == [upload("b")]
        assert form.maybe is None
        return bad.validate_python([upload("c"), "d"])

    kind, errors = assert_same(action)
    assert kind == "error"
    assert errors[0]["loc"] == (1,)


def test_a_hook_wanting_info_gets_it() -> None:
    """A function with a second parameter gets the ValidationInfo, as FastAPI's UploadFile's
    `_validate(cls, value, info)` does."""

    class Stamp:
        @classmethod
        def _validate(cls, value: Any, info: Any) -> str:
            return f"{value}@{info.mode}"

        @classmethod
        def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
            return minipydantic.PlainValidator(cls._validate)

    assert minipydantic.TypeAdapter(Stamp).validate_python("x") == "x@python"


def test_the_handler_gives_another_types_validation() -> None:
    """`handler(int)` is minipydantic's own validation of int, as a PlainValidator: a class can
    validate as something else first, then wrap the result."""

    class Port:
        def __init__(self, number: int) -> None:
            self.number = number

        @classmethod
        def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
            as_int = handler(int).func
            return minipydantic.PlainValidator(lambda value: cls(as_int(value)))

    adapter = minipydantic.TypeAdapter(Port)
    assert adapter.validate_python("8080").number == 8080
    with pytest.raises(minipydantic.ValidationError) as caught:
        adapter.validate_python("http")
    assert caught.value.errors()[0]["type"] == "int_parsing"


def test_a_hook_returning_something_else_is_refused_at_build_time() -> None:
    """A core schema written for Pydantic means nothing to minipydantic: a TypeError naming
    the class, when the adapter (or model) is built, not at the first value."""

    class ForPydantic:
        @classmethod
        def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
            return core_schema.no_info_plain_validator_function(lambda value: value)

    with pytest.raises(TypeError, match=r"ForPydantic.*PlainValidator"):
        minipydantic.TypeAdapter(ForPydantic)


def test_the_json_schema_hook_is_the_schema() -> None:
    """`__get_pydantic_json_schema__` gives the class's schema, wherever it appears: alone,
    in a list, optional, as a documented field of a model, as Pydantic writes each."""

    def schemas(lib: Any) -> list[Any]:
        upload = upload_class(lib)

        class Form(lib.BaseModel):
            file: Annotated[upload, lib.Field(description="The file")]
            files: list[upload]
            maybe: upload | None = None

        return [
            lib.TypeAdapter(upload).json_schema(),
            lib.TypeAdapter(list[upload]).json_schema(),
            lib.TypeAdapter(upload | None).json_schema(),
            Form.model_json_schema(),
        ]

    mine, real = schemas(minipydantic), schemas(pydantic)
    assert mine == real, f"\nminipydantic: {mine}\npydantic:     {real}"
    assert mine[0] == BINARY


def test_a_class_with_no_hook_is_refused_when_the_type_is_defined() -> None:
    """A plain class validates nothing (without arbitrary_types_allowed): Pydantic and
    minipydantic both refuse it at definition time with PydanticSchemaGenerationError, a
    RuntimeError a framework can catch to say where the type was used (FastAPI does)."""

    class Plain:
        pass

    for library in (pydantic, minipydantic):
        with pytest.raises(library.PydanticSchemaGenerationError) as raised:
            library.TypeAdapter(Plain)
        assert isinstance(raised.value, RuntimeError)
