"""Milestone 3: nested models, containers of models, self-reference, and dumping them.

The corpus in tests/corpus.py is built with both libraries; every input in tests/cases.py must
give the same outcome (value or errors, with the same `loc` paths into the nested input).
"""

from __future__ import annotations

from typing import Any

import pydantic
import pytest

import minipydantic

from .cases import CASES
from .corpus import models
from .parity import assert_same, plain


@pytest.mark.parametrize(("name", "data"), CASES, ids=[f"{i}-{n}" for i, (n, _) in enumerate(CASES)])
def test_corpus_validation_matches_pydantic(name: str, data: Any) -> None:
    """Same accepted values, or same error entries (type, loc, msg, input, ctx) as Pydantic."""
    assert_same(lambda lib: getattr(models(lib), name).model_validate(data))


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


def test_nested_error_locations_point_into_the_input(lib: Any) -> None:
    """An error deep inside lists and models has a loc like ("items", 1, "qty")."""

    class Line(lib.BaseModel):
        qty: int

    class Order(lib.BaseModel):
        items: list[Line]

    with pytest.raises(lib.ValidationError) as caught:
        Order(items=[{"qty": 1}, {"qty": "many"}])
    assert [e["loc"] for e in caught.value.errors()] == [("items", 1, "qty")]


def test_self_referencing_model(lib: Any) -> None:
    """A model may contain itself (`children: list["Node"]`), to any depth."""

    class Node(lib.BaseModel):
        value: int
        children: list[Node] = []

    tree = Node.model_validate({"value": 1, "children": [{"value": 2, "children": [{"value": 3}]}]})
    assert tree.children[0].children[0].value == 3


def test_input_nested_deeper_than_the_stack_is_a_validation_error(lib: Any) -> None:
    """A self-referencing model given a tree 2000 levels deep must not crash with
    RecursionError (a 500 in a web app): it fails with one `recursion_depth_exceeded` entry,
    as in Pydantic. JSON that deep is `json_invalid`. Catch RecursionError where a model
    refers to itself lazily: every cycle of models passes through such a link."""
    Node = models(lib).Node
    tree: dict[str, Any] = {"value": 1}
    for _ in range(2000):
        tree = {"value": 1, "children": [tree]}
    with pytest.raises(lib.ValidationError) as caught:
        Node.model_validate(tree)
    assert [e["type"] for e in caught.value.errors()] == ["recursion_depth_exceeded"]
    text = '{"value": 1, "children": [' * 2000 + '{"value": 1}' + "]}" * 2000
    with pytest.raises(lib.ValidationError) as caught:
        Node.model_validate_json(text)
    assert [e["type"] for e in caught.value.errors()] == ["json_invalid"]


def test_forward_reference_resolved_on_first_use_and_by_model_rebuild() -> None:
    """A forward reference to a later class works once that class exists (see forward_models.py)."""
    from .forward_models import Defined, Later

    assert Later(other={"x": "5"}).other == Defined(x=5)
    assert Later.model_rebuild(force=True) is True


def test_model_copy_with_update(lib: Any) -> None:
    """model_copy(update=...) returns a new instance; the update is not validated, but counted as set."""

    class Point(lib.BaseModel):
        x: int = 0
        y: int = 0

    point = Point(x=1)
    moved = point.model_copy(update={"y": 9})
    assert (moved.x, moved.y, point.y) == (1, 9, 0)
    assert moved.model_fields_set == {"x", "y"}


def test_inheritance_keeps_parent_fields_first(lib: Any) -> None:
    """A subclass has its parent's fields (first) plus its own, and may override defaults."""

    class Base(lib.BaseModel):
        id: int
        name: str = "base"

    class Child(Base):
        name: str = "child"
        extra: bool = False

    assert list(Child.model_fields) == ["id", "name", "extra"]
    assert Child(id="1").model_dump() == {"id": 1, "name": "child", "extra": False}


def test_model_instance_passes_through(lib: Any) -> None:
    """Giving an already-built instance for a nested model field keeps that instance."""

    class Inner(lib.BaseModel):
        x: int

    class Outer(lib.BaseModel):
        inner: Inner

    inner = Inner(x=1)
    assert Outer(inner=inner).inner is inner
