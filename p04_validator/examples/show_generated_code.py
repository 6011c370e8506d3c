"""Print the straight-line validator minipydantic generated for a model (milestone 6).

Run:  python p04_validator/examples/show_generated_code.py
"""

from __future__ import annotations

from minipydantic import BaseModel, Field, source_of


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
