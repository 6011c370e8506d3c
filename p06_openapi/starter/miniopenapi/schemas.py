"""Component schemas: one definition per model in `components/schemas`, `$ref`s everywhere else.

minipydantic gives each type its JSON Schema with nested models under `$defs`. An OpenAPI
document wants every model once, at `#/components/schemas/Name`. So each schema is generated
with a `ref_template` pointing there, and its `$defs` are hoisted into the registry.

A model can have two shapes: what a client may *send* (validation: fields with defaults are
optional) and what the server *returns* (serialization). While collecting, refs carry the
mode as a suffix (`User-Input`, `User-Output`); `finish` then keeps one `User` where both
shapes agree and the two suffixed names where they differ, as FastAPI does.
"""

from __future__ import annotations

from typing import Any, Literal

REF_PREFIX = "#/components/schemas/"
Mode = Literal["validation", "serialization"]
_SUFFIX: dict[Mode, str] = {"validation": "-Input", "serialization": "-Output"}


def is_component_type(tp: Any) -> bool:
    """Models and enums get a component of their own; other types are described inline."""
    raise NotImplementedError("true for subclasses of minipydantic.BaseModel and of enum.Enum")


class SchemaRegistry:
    """Collects the definitions met while documenting types; `finish` names them."""

    def __init__(self) -> None:
        raise NotImplementedError("keep the definitions met so far, per name and per mode")

    def schema(self, tp: Any, mode: Mode = "validation") -> dict[str, Any]:
        """The schema to embed for `tp`: a `$ref` for a model, inline otherwise."""
        raise NotImplementedError(
            "TypeAdapter(tp).json_schema(ref_template=REF_PREFIX + '{model}' + suffix, mode=mode); "
            "move its '$defs' into the registry; for a model or enum store the schema itself and "
            "return {'$ref': ...}"
        )

    def add(self, name: str, schema: dict[str, Any]) -> dict[str, Any]:
        """Register a definition built by hand (a combined body, the 422 error) by its final name."""
        raise NotImplementedError("remember schema under name and return {'$ref': REF_PREFIX + name}")

    def finish(self, document: dict[str, Any]) -> dict[str, Any]:
        """Name every definition, rewrite the refs in `document`, return the components."""
        raise NotImplementedError(
            "a name whose two shapes differ (comparing them with refs already renamed) keeps "
            "Name-Input/Name-Output, any other is just Name; repeat until no new name splits, "
            "then rewrite every $ref in the document and the components"
        )


__all__ = ["REF_PREFIX", "Mode", "SchemaRegistry", "is_component_type"]
