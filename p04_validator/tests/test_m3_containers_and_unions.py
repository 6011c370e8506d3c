"""Milestone 3: annotations with arguments: list[int], dict[str, int], int | None, Literal, enums.

Each row validates one input for a model field `x` with both libraries. Errors inside a
container are located by index or key after the field: ("x", 1) is the second item. When a
row fails, the message shows both outcomes; the README's concepts 1 to 3 and the milestone's
hints say how each shape behaves.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
from decimal import Decimal
from typing import Annotated, Any, Literal, Optional, Union

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from .parity import assert_same
from .single import field_model, same_as_pydantic


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
    (Union[float, int], [1, 1.0, "2", 2**53 + 1, True, Level.HIGH]),
    (Union[int, float], [True, 3.0, Level.HIGH]),
    (Union[Decimal, float], [1.5, 1]),
    (Union[bool, int], [1, True]),
    (Union[int, bool], [True, 1]),
    (Union[str, bytes], [b"a", "a"]),
    (Union[list[int], list[str]], [["1"], ("1",)]),
    (Union[list[float], list[int]], [[1], [1, 2.0]]),
    (Union[tuple[int, int], list[int]], [[1, 2], (1, 2)]),
    (Union[set[int], frozenset[int]], [frozenset({1}), [1]]),
    (Union[dt.date, dt.datetime], [dt.datetime(2020, 1, 1), "2020-01-01"]),
    (Union[Color, str], ["red", Color.RED]),
    (Union[int, Any], [1.0, 1]),
    (Union[dict, list[int]], [{"a": 1}]),
    (Union[Annotated[int, "x"], float], [3, 3.5]),
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


@pytest.mark.parametrize("value", [["1"], ("1",), ["x"]], ids=repr)
@pytest.mark.parametrize("where", ["Annotated", "default"])
def test_field_strict_applies_to_the_container_not_its_items(where: str, value: Any) -> None:
    """`Field(strict=True)` on `list[int]` makes the *list* strict (a tuple is refused) but not
    its items: ["1"] still becomes [1], as in Pydantic. `ConfigDict(strict=True)` is different:
    it is every validator's default, so there the items are strict too."""

    def tp_of(lib: Any) -> Any:
        return Annotated[list[int], lib.Field(strict=True)]

    if where == "Annotated":
        same_as_pydantic(tp_of, value)
    else:
        assert_same(lambda lib: _strict_default_model(lib).model_validate({"x": value}).x)


def _strict_default_model(lib: Any) -> Any:
    class Model(lib.BaseModel):
        x: list[int] = lib.Field(strict=True)

    return Model


@pytest.mark.parametrize(
    ("tp", "value"),
    [
        (dict[str, int], {"a": "1"}),
        (tuple[int, ...], ("1",)),
        (Optional[int], "1"),
        (Optional[list[int]], ["1"]),
    ],
    ids=repr,
)
def test_field_strict_reaches_through_optional_only(tp: Any, value: Any) -> None:
    """Strict applies to the annotated node: through `Optional[...]` to what is inside, but
    never down into a container's items."""
    same_as_pydantic(lambda lib: Annotated[tp, lib.Field(strict=True)], value)


def test_field_strict_on_a_union_fails_when_defined() -> None:
    """A union has no strict mode of its own: `Annotated[int | str, Field(strict=True)]` is a
    definition error in Pydantic (RuntimeError "Unable to apply constraint 'strict' to schema
    of type 'union'"); set strict on the members instead."""
    import pydantic

    import minipydantic

    for lib in (minipydantic, pydantic):
        with pytest.raises(
            RuntimeError, match="Unable to apply constraint 'strict' to schema of type 'union'"
        ):
            field_model(lib, Annotated[Union[int, str], lib.Field(strict=True)])


@pytest.mark.parametrize(
    ("tp", "value"),
    [(Union[int, str], "abcd"), (Union[int, str], "ab"), (Optional[str], "abcd")],
    ids=repr,
)
def test_constraints_on_a_union_apply_to_the_result(tp: Any, value: Any) -> None:
    """`Annotated[int | str, Field(max_length=3)]`: Pydantic checks the constraint on whatever
    member won, with Python's len() (too_long, field_type 'Value'). `Optional[str]` is not such
    a union: the constraint is the str's own."""
    same_as_pydantic(lambda lib: Annotated[tp, lib.Field(max_length=3)], value)


def test_constraint_a_union_member_cannot_take_raises_type_error(lib: Any) -> None:
    """The same union given 5: len(5) fails, and Pydantic lets that TypeError out (a bug in the
    declaration, not in the input)."""
    model = field_model(lib, Annotated[Union[int, str], lib.Field(max_length=3)])
    with pytest.raises(TypeError, match="Unable to apply constraint 'max_length' to supplied value 5"):
        model.model_validate({"x": 5})


UNION_SHAPES = [
    Union[float, int],
    Union[int, float],
    Union[int, str],
    Union[str, int],
    Union[int, bool],
    Union[bool, float],
    Union[Decimal, int],
    Union[float, Decimal],
    Union[list[int], list[float]],
]


@functools.cache
def _union_model(lib: Any, index: int) -> Any:
    return field_model(lib, UNION_SHAPES[index])


@given(
    st.integers(0, len(UNION_SHAPES) - 1),
    st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=False)
    | st.booleans()
    | st.sampled_from(["1", "1.5", "2e3", " 7 ", "x", "true"])
    | st.lists(st.integers(-(2**60), 2**60) | st.floats(allow_nan=False, allow_infinity=False), max_size=3),
)
@example(0, 2**53 + 1)
@example(1, True)
@example(6, 10**30)
def test_random_numbers_in_smart_unions_agree_with_pydantic(index: int, value: Any) -> None:
    """Smart unions pick the most exact member: exact type first (2**53 + 1 stays an int in
    float | int), then what strict mode takes (an int for a float), then the first lax match."""
    assert_same(lambda lib: _union_model(lib, index).model_validate({"x": value}).x)
