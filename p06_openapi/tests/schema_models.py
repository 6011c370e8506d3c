"""The models milestones 1 and 2 document, and a helper that lists the `$ref`s in a schema."""

import enum
from decimal import Decimal
from typing import Any

from minipydantic import BaseModel, Field


class Address(BaseModel):
    street: str
    city: str = "Paris"


class Person(BaseModel):
    name: str = Field(description="Full name")
    addresses: list[Address] = []  # noqa: RUF012 - a model default, copied per instance


class Color(enum.Enum):
    RED = "red"
    BLUE = "blue"


class Price(BaseModel):
    amount: Decimal  # accepted as a number or a string, always sent as a string


class Basket(BaseModel):
    prices: list[Price]


def refs_in(node: Any) -> set[str]:
    if isinstance(node, dict):
        found = {node["$ref"]} if isinstance(node.get("$ref"), str) else set()
        return found.union(*(refs_in(value) for value in node.values()))
    if isinstance(node, list):
        return set().union(*(refs_in(value) for value in node))
    return set()
