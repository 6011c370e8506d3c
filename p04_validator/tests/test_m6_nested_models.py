"""Milestone 6: nested models, containers of models, self-reference.

The corpus in tests/corpus.py is built with both libraries; every input in tests/cases.py must
give the same outcome (value or errors, with the same `loc` paths into the nested input).
"""

from __future__ import annotations

from typing import Any

import pytest

from .cases import CASES
from .corpus import models
from .parity import assert_same


@pytest.mark.parametrize(("name", "data"), CASES, ids=[f"{i}-{n}" for i, (n, _) in enumerate(CASES)])
def test_corpus_validation_matches_pydantic(name: str, data: Any) -> None:
    """Same accepted values, or same error entries (type, loc, msg, input, ctx) as Pydantic."""
    assert_same(lambda lib: getattr(models(lib), name).model_validate(data))


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
    as in Pydantic. Catch RecursionError where a model refers to itself lazily: every cycle
    of models passes through such a link."""
    Node = models(lib).Node
    tree: dict[str, Any] = {"value": 1}
    for _ in range(2000):
        tree = {"value": 1, "children": [tree]}
    with pytest.raises(lib.ValidationError) as caught:
        Node.model_validate(tree)
    assert [e["type"] for e in caught.value.errors()] == ["recursion_depth_exceeded"]


def test_forward_reference_resolved_on_first_use_and_by_model_rebuild() -> None:
    """A forward reference to a later class works once that class exists (see forward_models.py)."""
    from .forward_models import Defined, Later

    assert Later(other={"x": "5"}).other == Defined(x=5)
    assert Later.model_rebuild(force=True) is True


def test_model_instance_passes_through(lib: Any) -> None:
    """Giving an already-built instance for a nested model field keeps that instance."""

    class Inner(lib.BaseModel):
        x: int

    class Outer(lib.BaseModel):
        inner: Inner

    inner = Inner(x=1)
    assert Outer(inner=inner).inner is inner
