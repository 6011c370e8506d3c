"""Milestone 6: the compiled fast path.

A model's annotations are analysed once, when the class is created, into generated Python
source: one straight block per field, no loop over fields, no type dispatch per value.
`minipydantic.source_of(Model)` returns that source so you can read (and test) it.
"""

from __future__ import annotations

import functools
import typing
from typing import Any

import pytest

import minipydantic
from minipydantic import BaseModel, Field, TypeAdapter, source_of


@functools.cache
def models() -> tuple[Any, Any]:
    """Built on first use, so an unfinished library fails these tests, not their collection."""

    class Line(BaseModel):
        sku: str
        qty: int = Field(ge=1)
        price: float = 0.0

    class Order(BaseModel):
        id: int
        lines: list[Line]
        note: str | None = None

    return Line, Order


def test_type_hints_are_read_at_class_creation_not_per_value(monkeypatch: pytest.MonkeyPatch) -> None:
    """After the class exists, validating never calls typing.get_type_hints again."""
    _, Order = models()
    calls: list[Any] = []
    real = typing.get_type_hints
    monkeypatch.setattr(typing, "get_type_hints", lambda *a, **k: calls.append(a) or real(*a, **k))
    for _ in range(50):
        Order.model_validate({"id": 1, "lines": [{"sku": "a", "qty": 2}]})
    assert calls == [], f"get_type_hints was called {len(calls)} times while validating"


def test_generated_source_has_one_block_per_field_and_no_loop() -> None:
    """The source mentions every field (by input key) and contains no `for` loop or dispatch table."""
    Line, _ = models()
    source = source_of(Line)
    for key in ("'sku'", "'qty'", "'price'"):
        assert key in source, f"field {key} missing from generated source:\n{source}"
    assert "for " not in source.replace("for k in data", ""), source
    compile(source, "<check>", "exec")


def test_common_case_is_tested_inline() -> None:
    """A plain `str` field and a constrained `int` field are checked inline (`type(v) is ...`),
    so a valid value needs no function call at all."""
    Line, _ = models()
    source = source_of(Line)
    assert "type(v) is str" in source, source
    assert "type(v) is int and v >= 1" in source, source


def test_inline_checks_fall_back_to_full_validation() -> None:
    """Values the inline test cannot accept still go through coercion and constraints."""
    Line, _ = models()
    line = Line.model_validate({"sku": b"x", "qty": "3", "price": "1.5"})
    assert (line.sku, line.qty, line.price) == ("x", 3, 1.5)
    with pytest.raises(minipydantic.ValidationError) as caught:
        Line.model_validate({"sku": "x", "qty": 0})
    assert [e["type"] for e in caught.value.errors()] == ["greater_than_equal"]


def test_valid_input_keeps_field_values_as_given() -> None:
    """The fast path stores exact-type values as they are (the same objects), without copies."""
    Line, _ = models()
    sku = "".join(["s", "k", "u"])
    assert Line(sku=sku, qty=1).sku is sku


def test_type_adapter_compiles_once() -> None:
    """TypeAdapter builds its validator in the constructor; validating reuses it."""
    Line, _ = models()
    adapter = TypeAdapter(list[Line])
    first = adapter.validate_python([{"sku": "a", "qty": 1}])
    second = adapter.validate_python([{"sku": "b", "qty": 2}])
    assert [x.sku for x in first + second] == ["a", "b"]


def test_fields_set_and_defaults_from_the_compiled_path() -> None:
    """Missing fields take defaults and are absent from model_fields_set."""
    _, Order = models()
    order = Order.model_validate({"id": "5", "lines": []})
    assert order.model_fields_set == {"id", "lines"}
    assert order.note is None
    assert order.id == 5
