"""Milestone 9: the compiled fast path.

A model's annotations are analysed once, when the class is created, into generated Python
source: one straight block per field, no loop over fields, no type dispatch per value.
`minipydantic.source_of(Model)` returns that source so you can read (and test) it.
"""

from __future__ import annotations

import enum
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


class _Level(enum.IntEnum):
    LOW = 1


class _Sneaky(int):
    """An int whose repr is not its value: if it reached the generated source, the inline
    check would test `v >= -1000` and let 0 through."""

    def __repr__(self) -> str:
        return "-1000"


class _SneakyKey(str):
    """A key whose repr names another key: written with repr(), the code would read "zzz"."""

    def __repr__(self) -> str:
        return "'zzz'"


@pytest.mark.parametrize(
    "bound", [_Level.LOW, _Sneaky(1), 1.0], ids=["an IntEnum", "an int with its own repr", "a float"]
)
def test_bounds_reach_the_source_only_as_plain_numbers(bound: Any) -> None:
    """Only exact ints and floats are written into the generated code: an IntEnum's repr
    (`<_Level.LOW: 1>`) is not Python, and a subclass could make its repr anything. Such
    bounds are checked by the full validator instead, with the same result."""

    class Box(BaseModel):
        n: int = Field(ge=bound)

    assert Box(n=1).n == 1
    for bad, kind in ((0, "greater_than_equal"), ("x", "int_parsing")):
        with pytest.raises(minipydantic.ValidationError) as caught:
            Box.model_validate({"n": bad})
        assert caught.value.errors()[0]["type"] == kind, caught.value.errors()


def test_keys_with_quotes_and_newlines_are_data_not_code() -> None:
    """Aliases are user strings; the generated source holds them as literals only (written
    with str.__repr__, so even a str subclass cannot choose its own text)."""
    odd = "a'\"\n}{\\x00\u2028"

    class Box(BaseModel):
        model_config = minipydantic.ConfigDict(populate_by_name=True)
        n: int = Field(alias=odd)
        m: int = Field(0, alias=_SneakyKey("mm"))

    assert Box.model_validate({odd: 1, "mm": 2}).model_dump() == {"n": 1, "m": 2}
    with pytest.raises(minipydantic.ValidationError) as caught:
        Box.model_validate({odd: "x"})
    assert caught.value.errors()[0]["loc"] == (odd,)
