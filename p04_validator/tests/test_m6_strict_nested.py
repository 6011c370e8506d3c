"""Milestone 6: strict mode around a nested model.

Strict mode (`ConfigDict(strict=True)` on the outer model, or `Field(strict=True)` on the
field) is about the outer model's own fields. A nested model validates with *its own*
config: a dict for it is accepted as in lax mode, in Python and in JSON alike.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

import pytest

from .parity import assert_same


def _models(lib: Any, where: str) -> Any:
    class Inner(lib.BaseModel):
        a: int

    if where == "config":

        class Outer(lib.BaseModel):
            model_config = lib.ConfigDict(strict=True)
            x: Inner
            many: list[Inner] = []

    else:

        class Outer(lib.BaseModel):  # type: ignore[no-redef]
            x: Annotated[Inner, lib.Field(strict=True)]
            many: list[Inner] = []

    return Outer


INPUTS = [
    {"x": {"a": 1}},
    {"x": {"a": "1"}},
    {"x": {"a": 1}, "many": [{"a": 2}]},
    {"x": [("a", 1)]},
    {"x": "x"},
]


@pytest.mark.parametrize("data", INPUTS, ids=repr)
@pytest.mark.parametrize("where", ["config", "field"])
def test_strict_outer_model_accepts_a_dict_for_a_nested_model(where: str, data: Any) -> None:
    """{"x": {"a": 1}} is valid for a strict model whose field x is a model: the dict is
    the nested model's input, validated by the nested model's own (lax) rules."""
    assert_same(lambda lib: _models(lib, where).model_validate(data))


@pytest.mark.parametrize("data", INPUTS[:3], ids=repr)
@pytest.mark.parametrize("where", ["config", "field"])
def test_strict_outer_model_reads_nested_json_objects(where: str, data: Any) -> None:
    """The same through model_validate_json: a JSON object for a nested model is fine."""
    text = json.dumps(data)
    assert_same(lambda lib: _models(lib, where).model_validate_json(text))
