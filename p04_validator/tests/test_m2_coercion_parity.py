"""Milestone 2: lax-mode coercion, checked value by value against Pydantic v2.

Every row validates one input against one type with both libraries (through `TypeAdapter`)
and requires the same outcome: the same value, or the same error entries. When a row fails,
the message shows both outcomes: look up that type's row in the coercion table of the README.
"""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal
from typing import Annotated, Any, Literal, Optional, Union
from uuid import UUID

import pytest

from .parity import assert_same


class Color(enum.Enum):
    RED = "red"
    GREEN = "green"


class Level(enum.IntEnum):
    LOW = 1
    HIGH = 2


def adapter(lib: Any, tp: Any) -> Any:
    return lib.TypeAdapter(tp)


ROWS: list[tuple[Any, list[Any]]] = [
    (
        int,
        [
            "32",
            " 32 ",
            "+5",
            "-7",
            "1_000",
            "3.0",
            "3.5",
            1.0,
            1.5,
            True,
            False,
            "x",
            "",
            None,
            float("inf"),
            float("nan"),
            Decimal("2"),
            Decimal("2.5"),
            "0x10",
            b"12",
            10**30,
            "1e3",
            [],
            1e30,
        ],
    ),
    (float, [1, "1.5", " 2 ", "x", True, "inf", b"1", None, Decimal("1.25"), [], "1e3"]),
    (
        bool,
        [
            "true",
            "True",
            "TRUE",
            "yes",
            "on",
            "1",
            "t",
            "y",
            "false",
            "no",
            "off",
            "0",
            "f",
            "n",
            1,
            0,
            2,
            1.0,
            0.0,
            0.5,
            "x",
            "",
            None,
            [],
            Decimal("1"),
        ],
    ),
    (str, ["a", "", 1, 1.5, b"ab", bytearray(b"x"), b"\xff", None, Color.RED, [], True]),
    (bytes, [b"a", "ab", bytearray(b"x"), 1, None, []]),
    (type(None), [None, 0, "", "None"]),
    (Decimal, ["1.5", " 2 ", 1.5, 2, "x", "NaN", "inf", [], True, Decimal("3.10")]),
    (
        UUID,
        [
            "12345678-1234-5678-1234-567812345678",
            "12345678123456781234567812345678",
            "12345678-1234-5678-1234-56781234567",
            "x",
            "abc",
            "1234-5678",
            1,
            None,
            UUID("12345678-1234-5678-1234-567812345678"),
        ],
    ),
    (Literal["a", "b"], ["a", "b", "c", 1, None]),
    (Literal[1, "x"], [1, "x", "1", 2, True]),
    (Color, ["red", "green", "blue", Color.RED, 1, None]),
    (Level, [1, 2, 3, "1", Level.HIGH, "x", 1.0]),
    (list[int], [[1, "2"], (1, 2), {1, 2}, "ab", {"a": 1}, [1, "x", None], [], None, 5]),
    (tuple[int, str], [[1, "a"], (1, "a"), [1], [1, "a", 3], "x", [], ["x", 1]]),
    (tuple[int, ...], [[1, "2"], [1, "x", "y"], "x", ()]),
    (set[int], [[1, 1, 2], (3,), "x", [[1]], {1}, frozenset({2})]),
    (frozenset[str], [["a", "a"], "a", [1]]),
    (dict[str, int], [{"a": "1"}, {"a": "x", "b": None}, [], {1: 2}, None, "x"]),
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
    (
        dt.datetime,
        [
            "2024-01-02T03:04:05",
            "2024-01-02 03:04:05Z",
            "2024-01-02T03:04:05.123456+02:00",
            "2024-01-02T03:04:05.1234567",
            "2024-01-02",
            "2024-01-02T03:04",
            "x",
            "2024-13-01T00:00:00",
            "2024-02-30T00:00:00",
            "2024-01-02T25:00:00",
            "2024-1-2",
            "17000000x",
            1700000000,
            "1700000000",
            1.5e12,
            dt.date(2024, 1, 2),
            None,
            True,
            "2024-01-02X10:00",
        ],
    ),
    (
        dt.date,
        [
            "2024-01-02",
            "2024-01-02T00:00:00",
            "2024-01-02T01:00:00",
            "x",
            "2024-1-2",
            "2024-01-02T25:00",
            "2024-01-02T1",
            "2024-01-02X10:00",
            "2024-01-02T10:00:00+25:00",
            "2024-01-02T10:00:61",
            1700000000,
            19000,
            0,
            dt.datetime(2024, 1, 2),
            dt.datetime(2024, 1, 2, 1),
            None,
            "2024-00-10",
            "abcd-01-01",
        ],
    ),
    (
        dt.time,
        [
            "03:04:05",
            "03:04",
            "10:00:00Z",
            "10:00:00+01:00",
            "10:00:00.5",
            "1:00",
            "10:0",
            "x",
            "25:00",
            "10:61",
            "10:00:00 x",
            "aa:00",
            None,
        ],
    ),
    (
        dt.timedelta,
        [
            "PT1H",
            "P1DT2H",
            "P1Y",
            "P1W",
            "PT1.5H",
            "-PT1H",
            "01:00:00",
            "1 day, 01:00:00",
            "2 days, 1:00:00",
            "-1 day, 00:00:01",
            "1 day",
            "P",
            "PT",
            "x",
            "ab",
            "forever",
            3600,
            1.5,
            None,
            "1x",
            "P1X",
        ],
    ),
    (Annotated[str, "doc"], ["a", 1]),
    # Edges where Python's own parsers are more generous than Pydantic, or raise.
    (
        int,
        ["٣", " 5\u2003", "9" * 4301, "0" * 5000 + "1", Decimal("1e30"), Decimal("1e99999"), bytearray(b"5")],
    ),
    (float, ["٣", 10**400, bytearray(b"1.5"), Decimal("sNaN")]),
    (bool, [2**63, -(2**63) - 1, 9.3e18, 1e300, b"true", b"", Decimal("sNaN")]),
    (Decimal, [10**30, "٣"]),
    (dict[str, int], [{1: "x"}, {1: 2, "a": "b"}]),
    (dt.datetime, [b"x", 10**30, 10**400]),
    (dt.date, [b"2024-13-01", 10**30, 10**400]),
    (dt.time, [b"x", float("nan"), 10**400]),
    (dt.timedelta, [b"x", float("nan"), 10**400]),
]


@pytest.mark.parametrize(
    ("tp", "value"), [(tp, value) for tp, values in ROWS for value in values], ids=lambda v: repr(v)[:40]
)
def test_lax_mode_coerces_like_pydantic(tp: Any, value: Any) -> None:
    """Each input is accepted and converted, or rejected with the same entry, as Pydantic does it."""
    assert_same(lambda lib: adapter(lib, tp).validate_python(value))


CONSTRAINED: list[tuple[Any, list[Any]]] = [
    ("str", {"min_length": 2, "max_length": 3, "pattern": "^a"}, ["ab", "a", "abcd", "bb", 5]),
    ("str", {"min_length": 1}, ["", "x"]),
    ("str", {"max_length": 1}, ["xy"]),
    ("int", {"gt": 1, "lt": 5, "multiple_of": 2}, [2, 4, 1, 5, 3, "4", 6]),
    ("int", {"ge": 0, "le": 150}, [0, 150, -1, 151, "200"]),
    ("float", {"ge": 1.5, "le": 2}, [1.5, 1, 3, "1.75"]),
    ("float", {"gt": 0, "multiple_of": 0.5}, [1.0, 0.0, 1.3, 2.5]),
    ("decimal", {"gt": 0}, ["1.5", "0", -1]),
    ("list", {"min_length": 1, "max_length": 2}, [[1], [], [1, 2, 3], ["x", "y", "z"], ["x"]]),
    ("dict", {"max_length": 1, "min_length": 1}, [{"a": 1}, {"a": 1, "b": 2}, {}]),
    ("set", {"min_length": 2}, [[1], [1, 1], [1, 2]]),
    ("bytes", {"max_length": 2}, [b"abc", "ab", "abc"]),
]
_BASES = {
    "str": str,
    "int": int,
    "float": float,
    "decimal": Decimal,
    "list": list[int],
    "dict": dict[str, int],
    "set": set[int],
    "bytes": bytes,
}


@pytest.mark.parametrize(
    ("base", "constraints", "value"),
    [(base, cons, value) for base, cons, values in CONSTRAINED for value in values],
    ids=lambda v: repr(v)[:40],
)
def test_field_constraints_in_annotated_match_pydantic(
    base: str, constraints: dict[str, Any], value: Any
) -> None:
    """`Annotated[T, Field(ge=..., max_length=...)]` checks, in Pydantic's order, with its ctx values."""
    assert_same(
        lambda lib: adapter(lib, Annotated[_BASES[base], lib.Field(**constraints)]).validate_python(value)
    )


@pytest.mark.parametrize(
    ("tp", "value"),
    [
        (int, "1"),
        (int, 1.0),
        (int, True),
        (float, 1),
        (float, "1"),
        (bool, 1),
        (str, b"x"),
        (list[int], (1,)),
        (list[int], [1]),
        (dict[str, int], {"a": 1}),
        (dt.date, "2024-01-01"),
        (Color, "red"),
        (UUID, "x"),
        (Decimal, 1),
        (float, 10**400),
    ],
    ids=repr,
)
def test_strict_mode_refuses_conversions_like_pydantic(tp: Any, value: Any) -> None:
    """With `strict=True` only the exact type passes (ints are still fine for float)."""
    assert_same(lambda lib: adapter(lib, Annotated[tp, lib.Field(strict=True)]).validate_python(value))


@pytest.mark.parametrize(
    "value",
    ["a@b.co", " a@b.co ", "a@b.co\n", "\r", b" \r", "John Doe <a@b.co>", '"J" <a@b.co>', "x" * 2049, 1],
    ids=repr,
)
def test_email_addresses_are_checked_like_pydantic(value: Any) -> None:
    """EmailStr follows Pydantic's steps before email-validator: at most 2048 characters, no
    CR or LF, "Name <address>" reduced to the address, outer spaces dropped; errors show the
    input as it was given."""
    assert_same(lambda lib: adapter(lib, lib.EmailStr).validate_python(value))


def test_seed_user_age_string_is_coerced(lib: Any) -> None:
    """The seed example: `age="32"` on an `int` field becomes the integer 32 (lax mode)."""

    class User(lib.BaseModel):
        name: str = lib.Field(..., min_length=1)
        age: int = lib.Field(..., ge=0)

    user = User(name="Douglas", age="32")
    assert user.age == 32, f"expected 32 (an int), got {user.age!r}"
    assert type(user.age) is int
