"""Print the straight-line validator minipydantic generated for a model (milestone 9), and
the serialiser it writes for model_dump(mode="json") the first time one is dumped.

Run:  python p04_validator/examples/show_generated_code.py
"""

from __future__ import annotations

from minipydantic import BaseModel, Field, source_of
from minipydantic.serialize import dumper_source


class Line(BaseModel):
    sku: str
    qty: int = Field(ge=1)
    price: float = 0.0


class Order(BaseModel):
    id: int
    lines: list[Line]
    note: str | None = None


if __name__ == "__main__":
    print(source_of(Line))
    print(source_of(Order))
    print(dumper_source(Order, mode="json"))
    print(dumper_source(Line, mode="json"))
