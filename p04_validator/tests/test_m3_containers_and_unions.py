"""Milestone 3: annotations with arguments: list[int], dict[str, int], int | None, Literal, enums.

Each row validates one input for a model field `x` with both libraries. Errors inside a
container are located by index or key after the field: ("x", 1) is the second item. When a
row fails, the message shows both outcomes; the README's concepts 1 to 3 and the milestone's
hints say how each shape behaves.
"""

from __future__ import annotations

import enum
from typing import Annotated, Any, Literal, Optional, Union

import pytest

from .single import same_as_pydantic


class Color(enum.Enum):
    RED = "red"
    GREEN = "green"


class Level(enum.IntEnum):
    LOW = 1
    HIGH = 2


class Rank(enum.Enum):
    """A plain Enum with int values: it compares, it does not parse strings."""

    FIRST = 1
    SECOND = 2


ROWS: list[tuple[Any, list[Any]]] = [
    (Literal["a", "b"], ["a", "b", "c", 1, None]),
    (Literal[1, "x"], [1, "x", "1", 2, True]),
    (Color, ["red", "green", "blue", Color.RED, 1, None]),
    (Level, [1, 2, 3, "1", Level.HIGH, "x", 1.0, b"2", 2**63, "9223372036854775808", -(2**63) - 1]),
    (Rank, [1, "1", 1.0, True, 3, 2**63]),
    (list[int], [[1, "2"], (1, 2), {1, 2}, "ab", {"a": 1}, [1, "x", None], [], None, 5]),
    (tuple[int, str], [[1, "a"], (1, "a"), [1], [1, "a", 3], "x", [], ["x", 1]]),
    (tuple[int, ...], [[1, "2"], [1, "x", "y"], "x", ()]),
    (set[int], [[1, 1, 2], (3,), "x", [[1]], {1}, frozenset({2})]),
    (frozenset[str], [["a", "a"], "a", [1]]),
    (dict[str, int], [{"a": "1"}, {"a": "x", "b": None}, [], {1: 2}, None, "x", {1: "x"}, {1: 2, "a": "b"}]),
    (dict, [{"a": [1]}, [], "x"]),
    (list, [[1, "a"], (1,), "x", None]),
    (Any, [None, 1, "x", [object]]),
    (Union[int, str], ["1", 1, 1.0, 1.5, [], None, True]),
    (Union[str, int], ["1", 1, 1.0]),
    (Union[int, float], ["1", "1.5", 1.5, 1, "x"]),
    (Union[float, int], [1, 1.0, "2"]),
    (Optional[int], [None, 1, "2", "x", []]),
    (int | None, [None, "3"]),
    (Union[list[int], dict[str, int]], [[1], {"a": 1}, "x"]),
    (Annotated[str, "doc"], ["a", 1]),
]


@pytest.mark.parametrize(
    ("tp", "value"), [(tp, value) for tp, values in ROWS for value in values], ids=lambda v: repr(v)[:40]
)
def test_shapes_validate_like_pydantic(tp: Any, value: Any) -> None:
    """Each input is accepted and converted, or rejected with the same entries, as Pydantic does it."""
    same_as_pydantic(lambda lib: tp, value)


CONSTRAINED: list[tuple[Any, dict[str, Any], list[Any]]] = [
    (list[int], {"min_length": 1, "max_length": 2}, [[1], [], [1, 2, 3], ["x", "y", "z"], ["x"]]),
    (dict[str, int], {"max_length": 1, "min_length": 1}, [{"a": 1}, {"a": 1, "b": 2}, {}]),
    (set[int], {"min_length": 2}, [[1], [1, 1], [1, 2]]),
]


@pytest.mark.parametrize(
    ("tp", "constraints", "value"),
    [(tp, cons, value) for tp, cons, values in CONSTRAINED for value in values],
    ids=lambda v: repr(v)[:40],
)
def test_container_lengths_match_pydantic(tp: Any, constraints: dict[str, Any], value: Any) -> None:
    """min_length/max_length count the items after validation (too_short / too_long)."""
    same_as_pydantic(lambda lib: Annotated[tp, lib.Field(**constraints)], value)


@pytest.mark.parametrize(
    ("tp", "value"),
    [(list[int], (1,)), (list[int], [1]), (dict[str, int], {"a": 1}), (Color, "red")],
    ids=repr,
)
def test_strict_containers_and_enums_match_pydantic(tp: Any, value: Any) -> None:
    """Strict mode: a list must be a list (of exact items), an enum field wants a member."""
    same_as_pydantic(lambda lib: Annotated[tp, lib.Field(strict=True)], value)
