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
from minipydantic.dumpplan import inf_nan_in_text
from minipydantic.errors import Invalid, ValidationError, error, in_json_words
from minipydantic.fields import FieldInfo
from minipydantic.functional import FieldValidator, ModelValidator
from minipydantic.json_schema import DEFAULT_REF_TEMPLATE, model_json_schema
from minipydantic.jsonparse import parse_json
from minipydantic.model_build import build_model, caller_namespace
from minipydantic.serialize import IncEx, SerializationError, dump_model

__all__ = ["BaseModel"]

Model = TypeVar("Model", bound="BaseModel")


class _ModelMeta(type):
    def __new__(mcs, name: str, bases: tuple[type, ...], namespace: dict[str, Any], **kwargs: Any) -> Any:
        cls: Any = super().__new__(mcs, name, bases, namespace)
        if not any(hasattr(base, "__mp_fields__") for base in bases):
            return cls  # BaseModel itself: nothing to build
        raise NotImplementedError(
            "(milestone 1) Read this model's type hints once, when the class statement runs, and remember"
            " its fields so that __init__ and model_validate can check input against them."
        )


class BaseModel(metaclass=_ModelMeta):
    """Subclass, annotate fields, and get validation, dumping and JSON Schema for free."""

    __slots__ = ("__dict__", "__extra__", "__fields_set__")
    model_config: ClassVar[ConfigDict] = ConfigDict()
    model_fields: ClassVar[dict[str, FieldInfo]] = {}
    __mp_fields__: ClassVar[dict[str, FieldInfo]] = {}
    __mp_complete__: ClassVar[bool] = True
    __mp_validate__: ClassVar[Any]
    __mp_dumper__: ClassVar[Any] = None  # the class's dump plan (dumpplan), made on first dump
    __fields_set__: frozenset[str]
    __extra__: dict[str, Any] | None

    def __init__(self, /, **data: Any) -> None:
        raise NotImplementedError(
            "(milestone 1) Check the keyword arguments against the model's fields and keep the valid "
            "values on self; if anything is wrong, raise one ValidationError listing every problem."
        )

    # -- validation ---------------------------------------------------------------------------

    @classmethod
    def model_validate(cls: type[Model], obj: Any, *, from_attributes: bool | None = None) -> Model:
        """Validate a dict (or a model instance, or with `from_attributes` any object)."""
        raise NotImplementedError(
            "(milestone 1) Check a dict against the model's fields and return the new instance, or raise "
            "ValidationError. Later: an instance passes as it is and other input is a model_type error "
            "(6); with from_attributes any object's attributes are read (5)."
        )

    @classmethod
    def model_validate_json(cls: type[Model], json_data: str | bytes | bytearray) -> Model:
        """Parse JSON text and validate it; malformed JSON is a `json_invalid` error entry."""
        raise NotImplementedError(
            "(milestone 6) Parse JSON text (jsonparse.parse_json) and validate the result; a JSON document "
            "that is not an object is one model_type entry; every entry is worded for JSON (in_json_words)."
        )

    @classmethod
    def model_construct(cls: type[Model], _fields_set: set[str] | None = None, **values: Any) -> Model:
        """Build an instance from trusted data, without validation (defaults are filled in)."""
        raise NotImplementedError(
            "(milestone 5) Build an instance from trusted values without checking them; missing fields "
            "take their defaults, and the fields given (or _fields_set) are model_fields_set. (milestone 6) "
            "With extra='allow' the other names are kept as extras, not counted as set."
        )

    @classmethod
    def model_rebuild(cls, *, force: bool = False) -> bool | None:
        """Resolve forward references now (call it once the referenced classes exist)."""
        raise NotImplementedError(
            "(milestone 6) Finish a model whose hints named a class that did not exist yet; return True, "
            "or None when it was complete already and force is False."
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
        raise NotImplementedError(
            "(milestone 5) Return the fields (and extras kept by extra='allow') as a dict. (milestone 6) "
            "Nested models become dicts too; include, exclude, by_alias, exclude_* and mode='json' apply."
        )

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
        """The JSON text of model_dump(mode="json"); inf and nan are written as the model's
        ser_json_inf_nan says: null (the default), Infinity/NaN ("constants") or "Infinity"."""
        raise NotImplementedError(
            "(milestone 6) Return the model dumped in JSON mode as JSON text: compact, or indented by "
            "`indent` spaces; inf and nan as ser_json_inf_nan says (null by default); a ValueError while "
            "dumping becomes SerializationError('Error serializing to JSON: ValueError: <message>')."
        )

    def model_copy(self: Model, *, update: dict[str, Any] | None = None, deep: bool = False) -> Model:
        """A copy, with `update` applied without validation (updated fields count as set)."""
        raise NotImplementedError(
            "(milestone 5) Return a copy (a deep one if asked) with `update` applied without validation; "
            "updated fields count as set. (milestone 6) With extra='allow' a name that is not a field "
            "goes to the extras."
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
            "(milestone 8) Return the JSON Schema Pydantic emits for this model, with nested models in "
            "$defs referenced through ref_template."
        )

    # -- instance behaviour -------------------------------------------------------------------

    @property
    def model_fields_set(self) -> set[str]:
        raise NotImplementedError(
            "(milestone 5) Return the names of the fields the input gave (not those filled from "
            "defaults), plus any assigned since. (milestone 6) With extra='allow', the extra keys the "
            "input gave count too (not those given to model_construct)."
        )

    @property
    def model_extra(self) -> dict[str, Any] | None:
        raise NotImplementedError(
            "(milestone 5) Return the extra keys kept by extra='allow' as a dict, or None."
        )

    def __setattr__(self, name: str, value: Any) -> None:
        raise NotImplementedError(
            "(milestone 5) Assign a field and mark it set; refuse on a frozen model (a frozen_instance "
            "ValidationError) and for a name that is not a field (ValueError), unless extra='allow' keeps"
            " it (as a set extra)."
        )

    def __getattr__(self, name: str) -> Any:
        raise NotImplementedError(
            "(milestone 5) Return the value of an extra kept by extra='allow'; any other unknown name is "
            "an AttributeError."
        )

    def __eq__(self, other: object) -> bool:
        raise NotImplementedError(
            "(milestone 5) Equal when both are the same model class with the same field values and extras."
        )

    def __hash__(self) -> int:
        raise NotImplementedError(
            "(milestone 5) Hash a frozen model by its field values; a mutable model is unhashable "
            "(TypeError)."
        )

    def __iter__(self) -> Any:
        raise NotImplementedError("(milestone 6) Yield (name, value) for every field, then for every extra.")

    def __repr_args__(self) -> list[tuple[str, Any]]:
        raise NotImplementedError(
            "(milestone 5) Return the (name, value) pairs that repr shows: the fields declared with "
            "repr=True, then the extras."
        )

    def __repr__(self) -> str:
        raise NotImplementedError("(milestone 5) Return Name(field=value, ...) with the repr of each value.")

    def __str__(self) -> str:
        raise NotImplementedError("(milestone 6) Return the field=value pairs of repr, separated by spaces.")
