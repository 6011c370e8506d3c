"""Component schemas: one definition per model in `components/schemas`, `$ref`s everywhere else.

minipydantic gives each type its JSON Schema with nested models under `$defs`. An OpenAPI
document wants every model once, at `#/components/schemas/Name`. So each schema is generated
with a `ref_template` pointing there, and its `$defs` are hoisted into the registry.

A model can have two shapes (milestone 2): what a client may *send* (validation) and what
the server *returns* (serialization). `finish` keeps one `User` where both shapes agree and
two components, `User-Input` and `User-Output`, where they differ, as FastAPI does.
"""

from __future__ import annotations

from typing import Any, Literal

REF_PREFIX = "#/components/schemas/"
Mode = Literal["validation", "serialization"]
_SUFFIX: dict[Mode, str] = {"validation": "-Input", "serialization": "-Output"}


def is_component_type(tp: Any) -> bool:
    """Models and enums get a component of their own; other types are described inline."""
    raise NotImplementedError("return True for a model class or an enum class, False for any other type")


class SchemaRegistry:
    """Collects the definitions met while documenting types; `finish` names them."""

    def __init__(self) -> None:
        raise NotImplementedError("start with no definitions kept")

    def schema(self, tp: Any, mode: Mode = "validation") -> dict[str, Any]:
        """The schema to embed for `tp`: a `$ref` for a model, inline otherwise."""
        raise NotImplementedError(
            "return the JSON Schema to embed where tp is used: inline for a plain type, "
            '{"$ref": "#/components/schemas/<Name>"} for a model or an enum; remember every model '
            "met on the way (nested ones included) so finish() can return it"
        )

    def add(self, name: str, schema: dict[str, Any]) -> dict[str, Any]:
        """Register a definition built by hand (a combined body, the 422 error) by its final name."""
        raise NotImplementedError("remember schema under exactly this name and return the $ref to it")

    def finish(self, document: dict[str, Any]) -> dict[str, Any]:
        """Name every definition, rewrite the refs in `document`, return the components."""
        raise NotImplementedError(
            "return the components, {name: schema}, one per model met and one per add(); from "
            "milestone 2, a model whose validation and serialization schemas differ is two "
            "components, <Name>-Input and <Name>-Output, and every $ref in document and in the "
            "components names the right one"
        )


__all__ = ["REF_PREFIX", "Mode", "SchemaRegistry", "is_component_type"]
