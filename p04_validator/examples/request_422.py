"""How a FastAPI-style framework (p07) uses minipydantic for one request.

Each parameter gets a TypeAdapter, built once at startup; per request, the raw strings are
validated, failures are collected with a location prefix ("query", "body", ...) and turned
into the 422 body FastAPI sends. The OpenAPI components come from the same annotations.

Run:  python p04_validator/examples/request_422.py
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from minipydantic import BaseModel, Field, TypeAdapter, ValidationError


class Item(BaseModel):
    name: str = Field(min_length=1)
    price: float = Field(gt=0)
    tags: list[str] = []


# Startup: one adapter per parameter, compiled once.
PARAMETERS: dict[tuple[str, str], TypeAdapter[Any]] = {
    ("query", "limit"): TypeAdapter(Annotated[int, Field(ge=1, le=100)]),
    ("query", "ids"): TypeAdapter(Annotated[list[int], Field(max_length=3)]),
    ("body", "item"): TypeAdapter(Item),
}


def handle(raw: dict[tuple[str, str], Any]) -> tuple[int, Any]:
    """Validate every parameter; answer 200 with the values or 422 with every error."""
    values: dict[str, Any] = {}
    errors: list[dict[str, Any]] = []
    for (where, name), adapter in PARAMETERS.items():
        try:
            values[name] = adapter.dump_python(adapter.validate_python(raw.get((where, name))), mode="json")
        except ValidationError as error:
            location = (where,) if where == "body" else (where, name)
            errors += [{**entry, "loc": (*location, *entry["loc"])} for entry in error.errors()]
    return (422, {"detail": errors}) if errors else (200, values)


def main() -> None:
    good = {
        ("query", "limit"): "10",
        ("query", "ids"): ["1", "2"],
        ("body", "item"): {"name": "pen", "price": "2.5"},
    }
    bad = {
        ("query", "limit"): "0",
        ("query", "ids"): ["1", "x", "3", "4"],
        ("body", "item"): {"name": "", "price": -1},
    }
    for raw in (good, bad):
        status, body = handle(raw)
        print(status, json.dumps(body, default=str))
    components = Item.model_json_schema(ref_template="#/components/schemas/{model}")
    print(json.dumps(components, indent=2))


if __name__ == "__main__":
    main()
