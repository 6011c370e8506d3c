"""Benchmark: minipydantic vs Pydantic v2 (Rust core), and a naive interpretive validator.

Run it with `nox -s bench -- p04` (from anywhere in the repository); `-- p04 --runs 5` repeats
the whole table five times and ends with the spread of the ratios, `-k json` keeps the
scenarios whose title contains "json". Each scenario is a row of SCENARIOS: the same work
done with each library. The libraries take turns, round by round, so a burst of load from
another process on this shared machine hits both; each one's best round is its time.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import statistics
import timeit
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, get_args, get_origin, get_type_hints

import pydantic

import minipydantic

ROUNDS = 7  # per scenario and run: each library's best round is its time


@dataclass(frozen=True)
class Scenario:
    """One row: the same work done by minipydantic (`mini`) and Pydantic (`real`)."""

    title: str
    mini: Callable[[], object]
    real: Callable[[], object]
    number: int  # calls per round
    naive: Callable[[], object] | None = None  # milestone 1's interpretive validator, if it can


# --- The models and inputs, written once and built against either library. -------------------


class Models:
    def __init__(self, lib: Any) -> None:
        self.lib = lib

        class Flat(lib.BaseModel):
            id: int
            name: str
            price: float
            active: bool
            note: str | None = None

        class Line(lib.BaseModel):
            sku: str
            qty: int = lib.Field(ge=1)
            price: float

        class Customer(lib.BaseModel):
            name: str
            email: str

        class Order(lib.BaseModel):
            id: int
            customer: Customer
            lines: list[Line]
            tags: list[str] = []

        orm = lib.ConfigDict(from_attributes=True)

        class LineRow(lib.BaseModel):  # the same shapes read from objects (ORM rows)
            model_config = orm
            sku: str
            qty: int = lib.Field(ge=1)
            price: float

        class CustomerRow(lib.BaseModel):
            model_config = orm
            name: str
            email: str

        class OrderRow(lib.BaseModel):
            model_config = orm
            id: int
            customer: CustomerRow
            lines: list[LineRow]
            tags: list[str] = []

        self.Flat, self.Order, self.OrderRow = Flat, Order, OrderRow


FLAT = {"id": 1, "name": "widget", "price": 9.5, "active": True}
ORDER = {
    "id": 7,
    "customer": {"name": "Ada", "email": "ada@example.com"},
    "lines": [{"sku": f"sku-{i}", "qty": i + 1, "price": 1.5 * i} for i in range(10)],
    "tags": ["a", "b", "c"],
}
BAD_ORDER = {**ORDER, "id": "x", "lines": [{"sku": 1, "qty": 0, "price": "p"}] * 3}
# A POST body with three wrong fields (and one missing), as a client sends it.
BAD_FLAT_JSON = b'{"id": "seven", "name": 12, "price": "cheap"}'


class Row:
    """An object with attributes, like an ORM row."""

    def __init__(self, **values: Any) -> None:
        self.__dict__.update(values)


ORDER_ROW = Row(
    id=7,
    customer=Row(name="Ada", email="ada@example.com"),
    lines=[Row(sku=f"sku-{i}", qty=i + 1, price=1.5 * i) for i in range(10)],
    tags=["a", "b", "c"],
)


def validate(model: Any, data: Any, **kw: Any) -> Callable[[], object]:
    return lambda: model.model_validate(data, **kw)


def validate_json(model: Any, text: bytes) -> Callable[[], object]:
    return lambda: model.model_validate_json(text)


def error_list(call: Callable[[], object], error: type[Exception]) -> Callable[[], object]:
    """Run a failing validation and build its error list, as a 422 response does."""

    def run() -> object:
        try:
            call()
        except error as exc:
            return exc.errors(include_url=False)  # type: ignore[attr-defined]
        raise AssertionError("the input was meant to fail")

    return run


def validation_scenarios(mini: Models, real: Models) -> list[Scenario]:
    order_json, flat_json = json.dumps(ORDER).encode(), json.dumps(FLAT).encode()
    bad_order_json = json.dumps(BAD_ORDER).encode()
    mini_error, real_error = minipydantic.ValidationError, pydantic.ValidationError
    return [
        Scenario(
            "flat model, dict",
            validate(mini.Flat, FLAT),
            validate(real.Flat, FLAT),
            20000,
            naive=lambda: NaiveFlat(**FLAT),
        ),
        Scenario(
            "nested model + 10 lines, dict",
            validate(mini.Order, ORDER),
            validate(real.Order, ORDER),
            3000,
            naive=lambda: NaiveOrder(**ORDER),
        ),
        Scenario(
            "flat model, JSON bytes",
            validate_json(mini.Flat, flat_json),
            validate_json(real.Flat, flat_json),
            20000,
        ),
        Scenario(
            "nested model, JSON bytes",
            validate_json(mini.Order, order_json),
            validate_json(real.Order, order_json),
            3000,
        ),
        Scenario(
            "nested model, from attributes",
            validate(mini.OrderRow, ORDER_ROW, from_attributes=True),
            validate(real.OrderRow, ORDER_ROW, from_attributes=True),
            3000,
        ),
        Scenario(
            "flat JSON body, 4 errors, .errors()",
            error_list(validate_json(mini.Flat, BAD_FLAT_JSON), mini_error),
            error_list(validate_json(real.Flat, BAD_FLAT_JSON), real_error),
            10000,
        ),
        Scenario(
            "nested JSON body, 10 errors, .errors()",
            error_list(validate_json(mini.Order, bad_order_json), mini_error),
            error_list(validate_json(real.Order, bad_order_json), real_error),
            3000,
        ),
        Scenario(
            "nested dict, 10 errors, .errors()",
            error_list(validate(mini.Order, BAD_ORDER), mini_error),
            error_list(validate(real.Order, BAD_ORDER), real_error),
            3000,
            naive=failing(NaiveOrder, BAD_ORDER),
        ),
    ]


def dump_scenarios(mini: Models, real: Models) -> list[Scenario]:
    """Dumping and serialising the nested order, as a response path does."""
    mine, theirs = mini.Order.model_validate(ORDER), real.Order.model_validate(ORDER)
    mine_list: Any = minipydantic.TypeAdapter(list[mini.Order])  # type: ignore[name-defined]
    theirs_list: Any = pydantic.TypeAdapter(list[real.Order])  # type: ignore[name-defined]
    return [
        Scenario(
            "nested model, model_dump(mode='json')",
            lambda: mine.model_dump(mode="json"),
            lambda: theirs.model_dump(mode="json"),
            5000,
        ),
        Scenario("nested model, model_dump()", mine.model_dump, theirs.model_dump, 5000),
        Scenario("nested model, model_dump_json()", mine.model_dump_json, theirs.model_dump_json, 5000),
        Scenario(
            "list of 3, TypeAdapter.dump_python json",
            lambda: mine_list.dump_python([mine] * 3, mode="json"),
            lambda: theirs_list.dump_python([theirs] * 3, mode="json"),
            2000,
        ),
    ]


# --- The naive validator: milestone 1 of the lesson, labelled as such. -----------------------
# It re-reads the type hints and dispatches on every annotation, for every value, every call.


class NaiveModel:
    """MILESTONE-1 STYLE NAIVE VALIDATOR (interpretive): the baseline the fast path beats."""

    def __init__(self, **data: Any) -> None:
        errors: list[tuple[str, str]] = []
        for name, tp in get_type_hints(type(self)).items():
            if name in data:
                try:
                    setattr(self, name, naive_check(tp, data[name]))
                except (TypeError, ValueError) as exc:
                    errors.append((name, str(exc)))
            elif hasattr(type(self), name):
                setattr(self, name, getattr(type(self), name))
            else:
                errors.append((name, "Field required"))
        if errors:
            raise ValueError(errors)


def naive_check(tp: Any, value: Any) -> Any:
    origin = get_origin(tp)
    if origin is list:
        return [naive_check(get_args(tp)[0], v) for v in value]
    if origin is not None:  # Optional[X]
        return None if value is None else naive_check(get_args(tp)[0], value)
    if isinstance(tp, type) and issubclass(tp, NaiveModel):
        return tp(**value)
    if tp is bool:
        return value if isinstance(value, bool) else {"true": True, "false": False}[str(value).lower()]
    return tp(value)


class NaiveFlat(NaiveModel):
    id: int
    name: str
    price: float
    active: bool
    note: str | None = None


class NaiveLine(NaiveModel):
    sku: str
    qty: int
    price: float


class NaiveCustomer(NaiveModel):
    name: str
    email: str


class NaiveOrder(NaiveModel):
    id: int
    customer: NaiveCustomer
    lines: list[NaiveLine]
    tags: list[str] = []


def failing(model: Any, data: Any) -> Callable[[], object]:
    def run() -> None:
        with contextlib.suppress(ValueError):
            model(**data)

    return run


# --- Measuring -------------------------------------------------------------------------------


@dataclass
class Result:
    mini: float  # µs per call, best round
    real: float
    naive: float | None
    round_ratios: list[float]  # mini / real in each round

    @property
    def ratio(self) -> float:
        return self.mini / self.real


def measure(scenario: Scenario, rounds: int) -> Result:
    """Each round times `number` calls of each library, in alternating order."""
    contenders = [scenario.mini, scenario.real] + ([scenario.naive] if scenario.naive else [])
    for call in contenders:
        call()  # warm up (and fail loudly here if a library refuses the input)
    best = [float("inf")] * len(contenders)
    ratios = []
    for index in range(rounds):
        order = range(len(contenders)) if index % 2 == 0 else reversed(range(len(contenders)))
        times = [0.0] * len(contenders)
        for which in order:
            times[which] = timeit.timeit(contenders[which], number=scenario.number) / scenario.number * 1e6
            best[which] = min(best[which], times[which])
        ratios.append(times[0] / times[1])
    return Result(best[0], best[1], best[2] if scenario.naive else None, ratios)


def spread(values: list[float]) -> str:
    return f"{min(values):.2f}-{max(values):.2f} ({statistics.median(values):.2f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=1, help="repeat the whole table; print the spread")
    parser.add_argument("--rounds", type=int, default=ROUNDS, help="rounds per scenario and run")
    parser.add_argument("-k", default="", help="only scenarios whose title contains this")
    options = parser.parse_args()
    mini, real = Models(minipydantic), Models(pydantic)
    every = validation_scenarios(mini, real) + dump_scenarios(mini, real)
    scenarios = [scenario for scenario in every if options.k in scenario.title]
    ratios: dict[str, list[float]] = {s.title: [] for s in scenarios}
    header = ("scenario", "mini µs", "pydantic µs", "mini/pyd", "rounds: min-max (median)", "naive/mini")
    for run in range(options.runs):
        if options.runs > 1:
            print(f"\nrun {run + 1} of {options.runs}")
        print("{:40} {:>9} {:>12} {:>9}  {:26} {:>10}".format(*header))
        for scenario in scenarios:
            result = measure(scenario, options.rounds)
            ratios[scenario.title].append(result.ratio)
            naive = f"{result.naive / result.mini:9.1f}x" if result.naive is not None else ""
            print(
                f"{scenario.title:40} {result.mini:9.2f} {result.real:12.2f} {result.ratio:8.2f}x"
                f"  {spread(result.round_ratios):26} {naive:>10}"
            )
    if options.runs > 1:
        print(f"\nmini/pydantic over {options.runs} runs (each run's best rounds): min-max (median)")
        for title, values in ratios.items():
            print(f"{title:40} {spread(values)}")


if __name__ == "__main__":
    main()
