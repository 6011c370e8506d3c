"""Benchmark: minipydantic vs Pydantic v2 (Rust core) vs a naive interpretive validator.

Run it with `nox -s bench -- p04` (from anywhere in the repository). It validates the same
inputs with each library in one run and prints time per call and ratios. On a shared machine
the ratios move from run to run: run it several times and read the spread, not one number.
"""

from __future__ import annotations

import contextlib
import timeit
from typing import Any, get_args, get_origin, get_type_hints

import pydantic

import minipydantic


def define(lib: Any) -> tuple[type, type]:
    """The benchmark models, written once and built against either library."""

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

    return Flat, Order


FLAT = {"id": 1, "name": "widget", "price": 9.5, "active": True}
ORDER = {
    "id": 7,
    "customer": {"name": "Ada", "email": "ada@example.com"},
    "lines": [{"sku": f"sku-{i}", "qty": i + 1, "price": 1.5 * i} for i in range(10)],
    "tags": ["a", "b", "c"],
}
BAD_ORDER = {**ORDER, "id": "x", "lines": [{"sku": 1, "qty": 0, "price": "p"}] * 3}


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


def per_call(function: Any, number: int) -> float:
    best = min(timeit.repeat(function, number=number, repeat=5))
    return best / number * 1e6


def failing(model: Any, data: Any) -> Any:
    def run() -> None:
        with contextlib.suppress(ValueError):
            model(**data)

    return run


def main() -> None:
    mini_flat, mini_order = define(minipydantic)
    real_flat, real_order = define(pydantic)
    rows = [
        ("flat model, valid", FLAT, mini_flat, real_flat, NaiveFlat, 20000),
        ("nested model + list of 10, valid", ORDER, mini_order, real_order, NaiveOrder, 3000),
    ]
    header = ("case", "mini µs", "pydantic µs", "naive µs", "mini/pydantic", "naive/mini")
    print("{:36} {:>9} {:>12} {:>9} {:>14} {:>11}".format(*header))
    for title, data, mini, real, naive, number in rows:
        m = per_call(lambda mini=mini, data=data: mini.model_validate(data), number)
        r = per_call(lambda real=real, data=data: real.model_validate(data), number)
        n = per_call(lambda naive=naive, data=data: naive(**data), number)
        print(f"{title:36} {m:9.2f} {r:12.2f} {n:9.2f} {m / r:13.2f}x {n / m:10.1f}x")
    m = per_call(failing(mini_order, BAD_ORDER), 3000)
    r = per_call(failing(real_order, BAD_ORDER), 3000)
    n = per_call(failing(NaiveOrder, BAD_ORDER), 3000)
    print(
        f"{'nested model, failing (10 errors)':36} {m:9.2f} {r:12.2f} {n:9.2f} {m / r:13.2f}x {n / m:10.1f}x"
    )


if __name__ == "__main__":
    main()
