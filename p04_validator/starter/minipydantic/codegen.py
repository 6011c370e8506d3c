"""Compile a model's field plan into one straight-line Python function.

This is the fast path. The interpretive way loops over fields per value and asks each one
"what are you?"; here that question is answered once, and the answers are written out as
source code (one block per field, the common type tested inline), `exec`ed, and kept. A valid
input then runs without a single loop or dispatch, which is why it gets close to Pydantic's
Rust core. `source_of(Model)` shows the generated text; the lesson reads it.
"""

from __future__ import annotations

import copy
import types
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any, Union, get_args, get_origin

from minipydantic.constraints import Check
from minipydantic.errors import ErrorDetails, Invalid, prefix
from minipydantic.fields import Undefined

__all__ = ["FieldPlan", "fast_check", "generate", "optional_of", "source_of", "wrong_kind"]

_FAST_TYPES = {str: "str", int: "int", bool: "bool", float: "float"}
_INLINE = {"gt": ">", "ge": ">=", "lt": "<", "le": "<="}
_IMMUTABLE = (type(None), bool, int, float, str, bytes, Enum, frozenset, tuple)


@dataclass(slots=True)
class FieldPlan:
    """Everything the generated code needs to know about one field."""

    name: str
    keys: tuple[str, ...]  # input keys to look up, in order (alias first, then name)
    validator: Callable[..., Any]
    needs_data: bool  # validator takes the fields validated so far (a validator asked for info)
    fast_check: str | None  # an inline expression on `v` that proves it valid as it is
    required: bool
    default: Any
    default_factory: Callable[[], Any] | None
    # With a fast check: the error type of a value of a kind that is never valid (a number
    # for a str), and the checks a value of the right type failed (its constraints).
    wrong_kind: str | None = None
    checks: tuple[Check, ...] = ()


def fast_check(tp: Any, constraints: dict[str, Any]) -> str | None:
    """The inline test for the common case: `type(v) is int and v >= 1`. Anything it cannot
    prove (other types, patterns, odd bounds) falls through to the full validator."""
    raise NotImplementedError(
        "(milestone 9) Return an inline test on `v` that proves the common case valid (e.g. 'type(v) is "
        "int and v >= 1'), or None when there is none."
    )


def optional_of(tp: Any) -> Any:
    """X for `X | None` (or `Optional[X]`), else None. Given complete."""
    if get_origin(tp) not in (Union, types.UnionType):
        return None
    members = [arg for arg in get_args(tp) if arg is not type(None)]
    return members[0] if len(members) == 1 else None


_WRONG_KINDS = {str: "string_type", int: "int_type", float: "float_type", bool: "bool_type"}


def wrong_kind(tp: Any) -> str | None:
    """For a str, int, float or bool field (or one of them `| None`), the error type of a
    value no mode converts to it: a number, bool, null, array or object for a str; null, an
    array or an object for the others. Given complete."""
    return _WRONG_KINDS.get(optional_of(tp) or tp)


def generate(
    model: type, plans: list[FieldPlan], extra: str, prepare: Callable[..., Any], from_attributes: bool
) -> tuple[Callable[..., Any], str]:
    """Source and function `validate(data, instance=None) -> instance` for `model`."""
    raise NotImplementedError(
        "(milestone 9) Return the model's validate(data, instance=None) function, written as "
        "straight-line source and exec'd once, and that source."
    )


def source_of(model: Any) -> str:
    """The Python source generated for `model`'s validator: read it to see the fast path."""
    raise NotImplementedError("(milestone 9) Return the source generated for this model's validator.")
