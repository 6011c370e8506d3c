"""Milestone 6: dumping nested models back to dicts and JSON, and reading JSON input.

`model_dump` follows the values (models recurse, containers map over their items) and honours
include/exclude/by_alias/exclude_*; `mode="json"` makes every value JSON-ready. JSON input is
parsed, then validated; broken JSON is one `json_invalid` entry, never a JSONDecodeError.
"""

from __future__ import annotations

from typing import Any

import pydantic
import pytest

import minipydantic

from .cases import CASES
from .corpus import models
from .parity import assert_same, plain

DUMP_OPTIONS: list[dict[str, Any]] = [
    {},
    {"mode": "json"},
    {"by_alias": True},
    {"exclude_unset": True},
    {"exclude_defaults": True},
    {"exclude_none": True},
    {"mode": "json", "exclude_unset": True, "by_alias": True},
    {"include": {"items", "order_id"}},
    {"exclude": {"items": {0: {"tags"}}, "notes": True}},
    {"include": {"items": {"__all__": {"name"}}}},
]


def _valid_cases() -> list[tuple[str, Any]]:
    valid = []
    for name, data in CASES:
        try:
            getattr(models(pydantic), name).model_validate(data)
        except pydantic.ValidationError:
            continue
        valid.append((name, data))
    return valid


@pytest.mark.parametrize("options", DUMP_OPTIONS, ids=repr)
@pytest.mark.parametrize(("name", "data"), _valid_cases(), ids=[n for n, _ in _valid_cases()])
def test_model_dump_matches_pydantic(name: str, data: Any, options: dict[str, Any]) -> None:
    """model_dump with include/exclude/by_alias/exclude_* and mode="json" gives Pydantic's dict."""
    mine = getattr(models(minipydantic), name).model_validate(data).model_dump(**options)
    real = getattr(models(pydantic), name).model_validate(data).model_dump(**options)
    assert plain(mine) == plain(real), f"\nminipydantic: {mine}\npydantic:     {real}"


@pytest.mark.parametrize(("name", "data"), _valid_cases(), ids=[n for n, _ in _valid_cases()])
def test_model_dump_json_text_matches_pydantic(name: str, data: Any) -> None:
    """model_dump_json produces the same compact JSON text, byte for byte."""
    mine = getattr(models(minipydantic), name).model_validate(data).model_dump_json()
    real = getattr(models(pydantic), name).model_validate(data).model_dump_json()
    assert mine == real, f"\nminipydantic: {mine}\npydantic:     {real}"


def test_model_dump_json_indent_and_iteration(lib: Any) -> None:
    """model_dump_json(indent=2) pretty-prints; iterating a model yields (name, value) pairs."""

    class Point(lib.BaseModel):
        x: int = 1

    assert Point().model_dump_json(indent=2) == '{\n  "x": 1\n}'
    assert dict(Point()) == {"x": 1}
    assert str(Point()) == "x=1"


def test_validate_json_errors_match_pydantic() -> None:
    """Broken JSON and non-object JSON give the same entries as Pydantic (text and position)."""
    for text in ['{"name": "x", "age": ', "[1]", '{"name": "x", "age": 1} x', '{"name": "x", "age": x}']:
        assert_same(lambda lib, text=text: models(lib).User.model_validate_json(text))


@pytest.mark.parametrize(
    "text", ['{"a": ', "[1", '{"a": 1} x', "", "nul", '{"a" 1}', "{a: 1}", "[1,]", b"\xff"]
)
def test_malformed_json_is_a_json_invalid_entry(text: Any) -> None:
    """Broken JSON never raises json.JSONDecodeError: it is one `json_invalid` entry with loc ()."""
    with pytest.raises(minipydantic.ValidationError) as caught:
        models(minipydantic).User.model_validate_json(text)
    [entry] = caught.value.errors()
    assert entry["type"] == "json_invalid", entry
    assert entry["loc"] == ()
    assert entry["msg"].startswith("Invalid JSON: ")


def test_json_nested_too_deep_is_json_invalid(lib: Any) -> None:
    """JSON nested 2000 levels deep is refused by the parser: one `json_invalid` entry, not a
    RecursionError."""
    text = '{"value": 1, "children": [' * 2000 + '{"value": 1}' + "]}" * 2000
    with pytest.raises(lib.ValidationError) as caught:
        models(lib).Node.model_validate_json(text)
    assert [e["type"] for e in caught.value.errors()] == ["json_invalid"]
