"""Annotation -> validator: the analysis done once per field, never per value.

`build(tp)` reads a type hint with `get_origin`/`get_args`, peels `Annotated` metadata
(constraints, user validators), and returns one `Validator` closure specialised for exactly
that type. Lax and strict mode are different closures, chosen here, not tested per value.
"""

from __future__ import annotations

import collections.abc as abc
import datetime as dt
import types
from dataclasses import dataclass, replace
from decimal import Decimal
from enum import Enum
from typing import Annotated, Any, Literal, Union, get_args, get_origin
from uuid import UUID

from minipydantic import containers, datetimes, network, scalars, uuids
from minipydantic.errors import ErrorDetails, Invalid, Validator, error, prefix
from minipydantic.fields import FieldInfo
from minipydantic.functional import Step, chain

__all__ = ["Options", "build", "is_model", "label", "split_annotated", "union_tags"]

NoneType = type(None)


@dataclass(frozen=True, slots=True)
class Options:
    """The model-wide settings that change how a type is validated."""

    strict: bool = False
    strip: bool = False
    arbitrary: bool = False
    # `model_validate(..., from_attributes=X)`: every model inside reads objects' attributes
    # (True) or refuses objects (False), whatever its own config says; None: its config.
    from_attributes: bool | None = None


_LEAVES: dict[Any, Any] = {
    int: scalars.int_validator,
    float: scalars.float_validator,
    bool: scalars.bool_validator,
    bytes: scalars.bytes_validator,
    Decimal: scalars.decimal_validator,
    UUID: uuids.uuid_validator,
    dt.datetime: datetimes.datetime_validator,
    dt.date: datetimes.date_validator,
    dt.time: datetimes.time_validator,
    dt.timedelta: datetimes.timedelta_validator,
}
_SEQUENCES: dict[Any, type] = {
    list: list,
    set: set,
    frozenset: frozenset,
    abc.Sequence: list,
    abc.MutableSequence: list,
    abc.Set: set,
    abc.MutableSet: set,
}
_MAPPINGS = (dict, abc.Mapping, abc.MutableMapping)
_LABELS = {
    NoneType: "none",
    Any: "any",
    Decimal: "decimal",
    UUID: "uuid",
    network.EmailStr: "str",
    list: "list[any]",
    set: "set[any]",
    frozenset: "frozenset[any]",
    dict: "dict[any,any]",
    tuple: "tuple[any, ...]",
}


def is_model(tp: Any) -> bool:
    raise NotImplementedError("(milestone 6) Tell whether tp is a model class.")


def split_annotated(tp: Any) -> tuple[Any, list[Any]]:
    """`Annotated[int, Field(gt=0), AfterValidator(f)]` -> (int, [Field(...), AfterValidator(f)])."""
    raise NotImplementedError(
        "(milestone 2) Return the type inside Annotated[T, x, y] and its metadata [x, y]; any other "
        "annotation with no metadata."
    )


def build(tp: Any, options: Options, constraints: dict[str, Any] | None = None) -> Validator:
    """The validator for annotation `tp` under `options`, with extra constraints to enforce."""
    raise NotImplementedError(
        "(milestone 2, growing to milestone 6) Return the validator for annotation tp under these "
        "options, enforcing the given constraints too."
    )


def union_tags(members: list[Any], discriminator: str) -> dict[Any, Any]:
    """{tag: model} from each model's `Literal[...]` discriminator field."""
    raise NotImplementedError(
        "(milestone 8) Return {tag: model} for a discriminated union, read from each model's Literal "
        "discriminator field."
    )


def label(tp: Any) -> str:
    """The name Pydantic puts in an error's `loc` for a failed union member."""
    raise NotImplementedError(
        "(milestone 3) Return the name Pydantic puts in loc for a union member that failed: 'int', "
        "'list[int]', 'dict[str,int]', a model's name ..."
    )
