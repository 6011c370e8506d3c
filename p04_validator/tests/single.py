"""One value through one model field, compared with Pydantic: how milestones 2 to 4 test types.

`TypeAdapter` (validation without a model) comes in milestone 8, so before it every type is
checked the way a learner's code can already run it: as the only field, `x`, of a model.
An error is then located at ("x", ...), exactly as Pydantic locates it.

No `from __future__ import annotations` here: the field's annotation must be the type object
itself, not the string "tp" (which would name a local variable of `field_model`).
"""

from typing import Any

from .parity import assert_same


def field_model(lib: Any, tp: Any) -> Any:
    """A model with one required field `x: tp`, built with `lib`."""

    class Model(lib.BaseModel):
        x: tp

    return Model


def same_as_pydantic(tp_of: Any, value: Any) -> tuple[str, Any]:
    """Validate {"x": value} with both libraries (`tp_of(lib)` gives the annotation) and
    require the same outcome: the same value, or the same error entries."""
    return assert_same(lambda lib: field_model(lib, tp_of(lib)).model_validate({"x": value}).x)
