"""Turning a class body into a validator plan, once per class (the metaclass's work).

Type hints are resolved with `typing.get_type_hints` (so string and forward references work,
and a model may refer to itself); each field becomes a `FieldInfo` plus a compiled validator;
`codegen.generate` turns the plan into one function. If a referenced name does not exist yet,
the model stays "incomplete" and is built on first use or by `model_rebuild()`.
"""

from __future__ import annotations

import inspect
import sys
from collections.abc import Callable
from typing import Annotated, Any, ClassVar, get_origin, get_type_hints

from minipydantic.codegen import FieldPlan, fast_check, generate
from minipydantic.compile import Options, build, split_annotated
from minipydantic.errors import Invalid, ValidationError, error
from minipydantic.fields import FieldInfo, merge_field_infos
from minipydantic.functional import (
    FieldValidator,
    ModelValidator,
    Step,
    ValidationInfo,
    call_user,
    chain,
    takes_info,
)

__all__ = [
    "build_model",
    "caller_namespace",
    "collect_fields",
    "validator_in_mode",
    "with_model_validators",
]


def collect_fields(cls: Any, namespace: dict[str, Any] | None) -> dict[str, FieldInfo]:
    """Inherited fields first, then this class's own annotations, in the order written."""
    raise NotImplementedError(
        "(milestone 1, if you use it) Return the model's fields, name -> FieldInfo, in the order written;"
        " (milestone 5) inherited fields come first."
    )


def build_model(cls: Any, namespace: dict[str, Any] | None = None) -> None:
    """Resolve hints, plan every field, generate the validator; raises NameError if a hint
    names something not defined yet."""
    raise NotImplementedError(
        "(milestone 1, if you use it) Prepare everything needed to check this model's input: its fields "
        "and a validator for each. Raise NameError when a hint names a class that is not defined yet "
        "(milestone 6)."
    )


def validator_in_mode(cls: Any, from_attributes: bool) -> Callable[..., Any]:
    """cls's validator as `model_validate(obj, from_attributes=...)` runs it: the flag
    overrides the config of cls and of every model inside it."""
    raise NotImplementedError(
        "(optional, milestone 9) Return cls's validator with from_attributes forced on or off for it "
        "and every model inside it (Options.from_attributes), built on first use and kept."
    )


def with_model_validators(cls: Any, validate: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap the generated function in the `@model_validator`s, innermost first."""
    raise NotImplementedError(
        "(milestone 7) Return `validate` wrapped in the model's @model_validator functions, the first "
        "declared innermost."
    )


def caller_namespace(depth: int) -> dict[str, Any] | None:
    """The local names where a class statement (or `model_rebuild()`) ran, for forward refs."""
    raise NotImplementedError(
        "(milestone 6) Return the local names of the code that ran the class statement (or "
        "model_rebuild()), so that hints may name classes defined there; None at module level."
    )
