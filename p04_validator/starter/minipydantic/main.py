"""`BaseModel`: a class whose type hints are its validation rules.

The metaclass does the expensive part once, when the class statement runs: it collects the
`@field_validator`/`@model_validator` functions and asks `model_build` for a compiled
validator. Instances are plain objects whose `__dict__` holds the validated field values, so
attribute access costs what it costs on any Python object.
"""

from __future__ import annotations

import copy
import json
from typing import Any, ClassVar, Literal, TypeVar

from minipydantic.config import ConfigDict
from minipydantic.errors import Invalid, ValidationError, error
from minipydantic.fields import FieldInfo
from minipydantic.functional import FieldValidator, ModelValidator
from minipydantic.json_schema import DEFAULT_REF_TEMPLATE, model_json_schema
from minipydantic.jsonparse import parse_json
from minipydantic.model_build import build_model, caller_namespace
from minipydantic.serialize import IncEx, dump_model

__all__ = ["BaseModel"]

Model = TypeVar("Model", bound="BaseModel")


class _ModelMeta(type):
    def __new__(mcs, name: str, bases: tuple[type, ...], namespace: dict[str, Any], **kwargs: Any) -> Any:
        cls: Any = super().__new__(mcs, name, bases, namespace)
        if not any(hasattr(base, "__mp_fields__") for base in bases):
            return cls  # BaseModel itself: nothing to build
        raise NotImplementedError(
            "Collect the validator decorators, merge model_config with the parents', then build "
            "the model (model_build.build_model) or leave a stub if a hint is not defined yet."
        )


class BaseModel(metaclass=_ModelMeta):
    """Subclass, annotate fields, and get validation, dumping and JSON Schema for free."""

    __slots__ = ("__dict__", "__extra__", "__fields_set__")
    model_config: ClassVar[ConfigDict] = ConfigDict()
    model_fields: ClassVar[dict[str, FieldInfo]] = {}
    __mp_fields__: ClassVar[dict[str, FieldInfo]] = {}
    __mp_complete__: ClassVar[bool] = True
    __mp_validate__: ClassVar[Any]
    __fields_set__: frozenset[str]
    __extra__: dict[str, Any] | None

    def __init__(self, /, **data: Any) -> None:
        raise NotImplementedError(
            "Validate the keyword arguments into self with the compiled validator, raising ValidationError."
        )

    # -- validation ---------------------------------------------------------------------------

    @classmethod
    def model_validate(cls: type[Model], obj: Any, *, from_attributes: bool | None = None) -> Model:
        """Validate a dict (or a model instance, or with `from_attributes` any object)."""
        raise NotImplementedError(
            "Validate a dict (or a model instance, or with `from_attributes` any object)."
        )

    @classmethod
    def model_validate_json(cls: type[Model], json_data: str | bytes | bytearray) -> Model:
        """Parse JSON text and validate it; malformed JSON is a `json_invalid` error entry."""
        raise NotImplementedError(
            "Parse JSON text and validate it; malformed JSON is a `json_invalid` error entry."
        )

    @classmethod
    def model_construct(cls: type[Model], _fields_set: set[str] | None = None, **values: Any) -> Model:
        """Build an instance from trusted data, without validation (defaults are filled in)."""
        raise NotImplementedError(
            "Build an instance from trusted data, without validation (defaults are filled in)."
        )

    @classmethod
    def model_rebuild(cls, *, force: bool = False) -> bool | None:
        """Resolve forward references now (call it once the referenced classes exist)."""
        raise NotImplementedError(
            "Resolve forward references now (call it once the referenced classes exist)."
        )

    # -- dumping ------------------------------------------------------------------------------

    def model_dump(
        self,
        *,
        mode: Literal["python", "json"] = "python",
        include: IncEx | None = None,
        exclude: IncEx | None = None,
        by_alias: bool | None = None,
        exclude_unset: bool = False,
        exclude_defaults: bool = False,
        exclude_none: bool = False,
    ) -> dict[str, Any]:
        """The fields as a dict; `mode="json"` makes every value JSON-compatible."""
        raise NotImplementedError('The fields as a dict; `mode="json"` makes every value JSON-compatible.')

    def model_dump_json(
        self,
        *,
        indent: int | None = None,
        include: IncEx | None = None,
        exclude: IncEx | None = None,
        by_alias: bool | None = None,
        exclude_unset: bool = False,
        exclude_defaults: bool = False,
        exclude_none: bool = False,
    ) -> str:
        raise NotImplementedError("Dump in json mode and json.dumps it compactly.")

    def model_copy(self: Model, *, update: dict[str, Any] | None = None, deep: bool = False) -> Model:
        """A copy, with `update` applied without validation (updated fields count as set)."""
        raise NotImplementedError(
            "A copy, with `update` applied without validation (updated fields count as set)."
        )

    @classmethod
    def model_json_schema(
        cls,
        by_alias: bool = True,
        ref_template: str = DEFAULT_REF_TEMPLATE,
        mode: Literal["validation", "serialization"] = "validation",
    ) -> dict[str, Any]:
        """The JSON Schema (draft 2020-12) Pydantic would emit; nested models go to `$defs`."""
        raise NotImplementedError(
            "The JSON Schema (draft 2020-12) Pydantic would emit; nested models go to `$defs`."
        )

    # -- instance behaviour -------------------------------------------------------------------

    @property
    def model_fields_set(self) -> set[str]:
        raise NotImplementedError("Return the names of the fields that were given explicitly.")

    @property
    def model_extra(self) -> dict[str, Any] | None:
        raise NotImplementedError('Return the extra fields kept by extra="allow", or None.')

    def __setattr__(self, name: str, value: Any) -> None:
        raise NotImplementedError(
            "Refuse when frozen; set a field and mark it set; keep extras when allowed; else raise."
        )

    def __getattr__(self, name: str) -> Any:
        raise NotImplementedError("Look the name up among the extra fields, else raise AttributeError.")

    def __eq__(self, other: object) -> bool:
        raise NotImplementedError("Equal when same type, same field values and same extras.")

    def __hash__(self) -> int:
        raise NotImplementedError("Hash frozen models by their values; refuse for mutable ones.")

    def __iter__(self) -> Any:
        raise NotImplementedError("Yield (name, value) pairs of fields then extras.")

    def __repr_args__(self) -> list[tuple[str, Any]]:
        raise NotImplementedError("Return the (name, value) pairs repr shows.")

    def __repr__(self) -> str:
        raise NotImplementedError("Render Name(field=value, ...).")

    def __str__(self) -> str:
        raise NotImplementedError("Render field=value pairs separated by spaces.")
