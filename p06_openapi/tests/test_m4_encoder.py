"""Milestone 4: `jsonable_encoder`, the rules FastAPI converts a result with (encoders.py).

An endpoint without a response model may return anything: a dict of datetimes, a set of
UUIDs, a dataclass, a list of models. FastAPI converts it with `jsonable_encoder`, whose rules
are its own (a Decimal is a number, a timedelta its seconds, a set a list...), and users call
it too, with options (`jsonable_encoder(item, exclude_unset=True)` in a PATCH handler). p07's
`fastapi.encoders` is this function, so FastAPI's own `fastapi.encoders.jsonable_encoder` is the
oracle: the same value, built once for each framework, must come out equal.

Two departures, on purpose: a NaN or an infinite number becomes null (FastAPI keeps it, and
its answer then fails with a 500), and keys starting with "_sa" are kept (FastAPI drops them,
a workaround for SQLAlchemy objects): the generated keys are too short to start so.
"""

import dataclasses
import datetime
import enum
import functools
import ipaddress
import uuid
from collections import deque
from decimal import Decimal
from pathlib import PurePosixPath
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from miniopenapi import APIRoute
from miniopenapi.encoders import jsonable_encoder

from .inputs import mini_client


class Color(enum.Enum):
    RED = "red"
    BLUE = 2


@dataclasses.dataclass
class Pair:
    left: Any
    right: Any


@dataclasses.dataclass(frozen=True)
class ItemSpec:
    """An `Item` to build in each framework (a model is not shared: each has its own class)."""

    data: tuple[tuple[str, Any], ...]


@functools.cache
def declare_models(real: bool) -> SimpleNamespace:
    """The same two models, declared with Pydantic's BaseModel and Field, or minipydantic's."""
    if real:
        import pydantic as ns
    else:
        import minipydantic as ns  # type: ignore[no-redef]

    class Tag(ns.BaseModel):
        label: str
        weight: float = 1.0

    class Item(ns.BaseModel):
        name: str
        price: Decimal | None = None
        when: datetime.datetime | None = None
        color: Color = Color.RED
        tags: list[Tag] = []  # noqa: RUF012 - a field default, copied per instance
        owner_name: str | None = ns.Field(None, alias="ownerName")

    return SimpleNamespace(Item=Item, Tag=Tag)


def realize(value: Any, models: SimpleNamespace) -> Any:
    """`value` with every ItemSpec built as that framework's Item; containers rebuilt around them."""
    if isinstance(value, ItemSpec):
        return models.Item(**dict(value.data))
    if isinstance(value, Pair):
        return Pair(realize(value.left, models), realize(value.right, models))
    if isinstance(value, dict):
        return {key: realize(item, models) for key, item in value.items()}
    if isinstance(value, list | tuple | deque):
        return type(value)(realize(item, models) for item in value)
    return value  # scalars and sets are shared as they are (a set holds no model)


def both(value: Any, **options: Any) -> tuple[Any, Any]:
    """(FastAPI's jsonable_encoder of the value, yours), each given its own framework's models."""
    from fastapi.encoders import jsonable_encoder as fastapi_encoder

    real, mini = realize(value, declare_models(real=True)), realize(value, declare_models(real=False))
    return fastapi_encoder(real, **options), jsonable_encoder(mini, **options)


KEYS = st.sampled_from(["name", "price", "a", "b"]) | st.text(max_size=2)
HASHABLE = st.one_of(
    st.text(max_size=5),
    st.integers(),
    st.booleans(),
    st.none(),
    st.uuids(),
    st.dates(),
    st.sampled_from(Color),
)
SCALARS = st.one_of(
    HASHABLE,
    st.floats(allow_nan=False, allow_infinity=False),
    st.decimals(allow_nan=False, allow_infinity=False, min_value=-(10**9), max_value=10**9),
    st.datetimes(timezones=st.none() | st.just(datetime.UTC)),
    st.times(),
    st.timedeltas(),
    st.builds(PurePosixPath, st.text("ab/.", max_size=6)),
    st.ip_addresses(),
    st.text(max_size=5).map(str.encode),
)
TAGS = st.lists(st.fixed_dictionaries({"label": st.text(max_size=3)}, optional={"weight": st.floats(0, 9)}))
ITEMS = st.builds(
    lambda data: ItemSpec(tuple(data.items())),
    st.fixed_dictionaries(
        {"name": st.text(max_size=4)},
        optional={
            "price": st.none() | st.decimals(min_value=0, max_value=999, places=2),
            "when": st.none() | st.datetimes(timezones=st.just(datetime.UTC)),
            "color": st.sampled_from(Color),
            "tags": TAGS,
            "ownerName": st.none() | st.text(max_size=3),
        },
    ),
)
VALUES = st.recursive(
    SCALARS | ITEMS,
    lambda children: st.one_of(
        st.dictionaries(KEYS | st.integers(0, 3) | st.sampled_from(Color), children, max_size=4),
        st.lists(children, max_size=4),
        st.lists(children, max_size=3).map(tuple),
        st.lists(children, max_size=3).map(deque),
        st.sets(HASHABLE, max_size=4),
        st.frozensets(HASHABLE, max_size=3),
        st.builds(Pair, children, children),
    ),
    max_leaves=12,
)

SAMPLE = {
    "when": datetime.datetime(2024, 5, 1, 12, 0, tzinfo=datetime.UTC),
    "price": Decimal("1.50"),
    "count": Decimal("61"),
    "wait": datetime.timedelta(minutes=1, seconds=30),
    "ids": {uuid.UUID(int=1)},
    "color": Color.BLUE,
    "path": PurePosixPath("/srv/data"),
    "pair": Pair(left=(1, 2), right=[ItemSpec((("name", "x"), ("ownerName", "me")))]),
}


@given(value=VALUES)
@example(value=SAMPLE)
@example(value=[ItemSpec((("name", "a"), ("tags", [{"label": "t"}])))])
@example(value={"host": ipaddress.IPv4Address("127.0.0.1"), "raw": b"raw", "day": datetime.date(2024, 1, 2)})
def test_any_value_is_converted_like_fastapi(value: Any) -> None:
    """Whatever the value (nested dicts, lists, tuples, deques, sets of str, int, float, bool,
    None, Decimal, dates and times, UUIDs, enums, paths, addresses, bytes, dataclasses,
    models), jsonable_encoder returns what FastAPI's returns. If this fails, compare the rule
    for the type named in the value: a Decimal is int(d) without a fraction and float(d)
    with one, a timedelta its total_seconds(), dates and times isoformat(), a set or a
    tuple a list, an enum its value, a dataclass its dataclasses.asdict(), a model its
    model_dump(mode="json", by_alias=True), a UUID, a path or an address its str()."""
    expected, got = both(value)
    assert got == expected, f"expected {expected!r}, got {got!r}"


OPTIONS = {
    "include picks a model's fields": {"include": {"name", "price"}},
    "exclude drops a model's fields": {"exclude": {"tags", "when"}},
    "exclude_none drops None fields and None values": {"exclude_none": True},
    "exclude_unset sends only what was given": {"exclude_unset": True},
    "exclude_defaults drops what equals its default": {"exclude_defaults": True},
    "by_alias=False uses the field names": {"by_alias": False},
    "custom_encoder converts a type first": {"custom_encoder": {datetime.date: lambda d: "a date"}},
    "the exact type's custom_encoder wins": {
        "custom_encoder": {int: lambda _: "int", bool: lambda _: "bool"}
    },
    "custom_encoder never sees a model's fields": {"custom_encoder": {str: str.upper}},
}
ITEM = ItemSpec((("name", "a"), ("price", None), ("tags", [{"label": "t", "weight": 1.0}])))
MIXED = {
    "item": ITEM,
    "name": "n",
    "price": None,
    "flags": [True, 3, None],
    "day": datetime.date(2024, 1, 2),
    "nested": {"name": None, "b": datetime.datetime(2024, 1, 2, tzinfo=datetime.UTC)},
}


@pytest.mark.parametrize("name", list(OPTIONS))
@pytest.mark.parametrize("value", [ITEM, MIXED, [ITEM, MIXED]], ids=["a model", "a dict", "a list"])
def test_the_options_work_like_fastapi(name: str, value: Any) -> None:
    """The options are FastAPI's: include/exclude pick a model's fields or a dict's keys (on
    the top level only; a list hands them to each item), the exclude_* options are the
    model's dump options (exclude_none also drops None values of dicts), by_alias=False
    writes field names, and custom_encoder={type: function} converts the values of that type
    (the exact type first, then isinstance) before any other rule, but not inside a model,
    which dumps itself."""
    expected, got = both(value, **OPTIONS[name])
    assert got == expected, f"{name}: expected {expected!r}, got {got!r}"


@given(
    value=VALUES,
    include=st.none() | st.sets(KEYS, max_size=3),
    exclude=st.none() | st.sets(KEYS, max_size=3),
    flags=st.fixed_dictionaries(
        {
            "by_alias": st.booleans(),
            "exclude_unset": st.booleans(),
            "exclude_defaults": st.booleans(),
            "exclude_none": st.booleans(),
        }
    ),
)
@example(value=MIXED, include={"item", "price"}, exclude={"price"}, flags={"exclude_none": True})
def test_any_options_on_any_value_work_like_fastapi(
    value: Any, include: set[str] | None, exclude: set[str] | None, flags: dict[str, bool]
) -> None:
    """The options together, on any value: the same answer as FastAPI's."""
    expected, got = both(value, include=include, exclude=exclude, **flags)
    assert got == expected, f"expected {expected!r}, got {got!r}"


@pytest.mark.parametrize(
    "value", [float("nan"), float("inf"), Decimal("NaN"), Decimal("-Infinity"), Decimal("1" * 400 + ".5")]
)
def test_a_number_json_cannot_write_is_null(value: Any) -> None:
    """NaN and Infinity (a float's, a Decimal's, or a Decimal too big for a float) have no
    JSON form: jsonable_encoder makes them None, so the answer is null rather than FastAPI's
    500 (its encoder keeps them and the JSON response then refuses them)."""
    assert jsonable_encoder({"value": value}) == {"value": None}
    assert jsonable_encoder([value], exclude_none=False, by_alias=False) == [None]


def test_a_result_holding_nan_is_answered_with_null() -> None:
    """The same departure in an answer: a result without a response model holding NaN is
    200 with null (FastAPI answers 500: its JSON response refuses NaN)."""

    def measure() -> dict[str, Any]:
        return {"ratio": float("nan"), "total": Decimal("Infinity"), "count": 3}

    response = mini_client([APIRoute("/m", measure, response_model=None)]).get("/m")
    expected = {"ratio": None, "total": None, "count": 3}
    assert (response.status_code, response.json()) == (200, expected), response.text


def test_an_object_is_converted_from_its_attributes() -> None:
    """The last resort, FastAPI's too: an object of no known type is converted as dict(obj),
    or failing that as its attributes (vars(obj)); an object with neither is a ValueError."""

    class Plain:
        def __init__(self) -> None:
            self.when = datetime.date(2024, 1, 2)

    assert jsonable_encoder({"p": Plain()}) == {"p": {"when": "2024-01-02"}}
    assert jsonable_encoder([("a", 1)], custom_encoder={}) == [["a", 1]]
    with pytest.raises(ValueError, match="object"):
        jsonable_encoder(object())
