"""Milestone 6: generated JSON inputs, checked against Pydantic, and robustness.

Hypothesis builds JSON-like values (and dicts that look like each corpus model's input, with
wrong values mixed in). Whatever it builds, minipydantic must agree with Pydantic on accept or
reject, the values and the error entries, and must never raise anything but ValidationError.
"""

from __future__ import annotations

import contextlib
import json
from typing import Any

import pydantic
from hypothesis import example, given
from hypothesis import strategies as st

import minipydantic

from .corpus import MODEL_NAMES, models
from .parity import assert_same

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12)
    | st.sampled_from(
        ["1", " 2 ", "1.0", "1.5", "true", "no", "red", "a", "", "2024-01-02", "PT1H", "a@b.co"]
    )
)
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=12,
)


def field_keys(name: str) -> list[str]:
    model = getattr(models(pydantic), name)
    return [info.alias or key for key, info in model.model_fields.items()]


@st.composite
def model_inputs(draw: st.DrawFn) -> tuple[str, Any]:
    name = draw(st.sampled_from(MODEL_NAMES))
    keys = field_keys(name)
    chosen = draw(st.lists(st.sampled_from(keys), unique=True, max_size=len(keys)))
    data = {key: draw(json_values) for key in chosen}
    if draw(st.booleans()):
        data[draw(st.text(max_size=4))] = draw(json_values)
    return name, data


def _validate(lib_models: Any, name: str, data: Any) -> Any:
    return getattr(lib_models, name).model_validate(data)


@given(model_inputs())
@example(("User", {"name": "Douglas", "age": "32"}))
# Found by hypothesis: an IntEnum given an int beyond 64 bits is Pydantic's int_parsing_size.
@example(("Mixed", {"size": 2**63}))
def test_generated_model_inputs_agree_with_pydantic(case: tuple[str, Any]) -> None:
    """Random field values for every corpus model: same accept/reject, values and errors."""
    name, data = case
    assert_same(lambda lib: _validate(models(lib), name, data))


@given(st.sampled_from(MODEL_NAMES), json_values)
@example("User", ["Douglas", 32])
def test_arbitrary_json_values_agree_with_pydantic(name: str, data: Any) -> None:
    """Not even a dict: lists, strings, numbers given to a model fail the same way."""
    assert_same(lambda lib: _validate(models(lib), name, data))


@given(st.sampled_from(MODEL_NAMES), json_values)
@example("User", {"name": "Douglas", "age": "32"})
def test_validate_json_agrees_with_pydantic(name: str, data: Any) -> None:
    """The same through `model_validate_json`, and dumping back to JSON gives the same text."""
    text = json.dumps(data)
    mine = assert_same(lambda lib: getattr(models(lib), name).model_validate_json(text))
    if mine[0] == "ok":
        dumped = [
            getattr(m, name).model_validate_json(text).model_dump_json()
            for m in (models(minipydantic), models(pydantic))
        ]
        assert json.loads(dumped[0]) == json.loads(dumped[1])


@given(
    st.sampled_from(MODEL_NAMES),
    st.recursive(
        scalars | st.binary(max_size=4) | st.builds(object),
        lambda i: (
            st.lists(i, max_size=3)
            | st.tuples(i, i)
            | st.dictionaries(st.integers() | st.text(max_size=3), i, max_size=3)
        ),
        max_leaves=8,
    ),
)
@example("Order", {"order_id": object(), "items": [(1, b"x")]})
def test_only_validation_error_escapes_whatever_the_input(name: str, data: Any) -> None:
    """Any Python value (objects, bytes, tuples, int keys) gives a model or a ValidationError."""
    model = getattr(models(minipydantic), name)
    with contextlib.suppress(minipydantic.ValidationError):
        model.model_validate(data)
    payload = dict.fromkeys(field_keys(name), data)
    with contextlib.suppress(minipydantic.ValidationError):
        model.model_validate(payload)
