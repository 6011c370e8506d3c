"""Component schemas: one definition per model in `components/schemas`, `$ref`s everywhere else.

minipydantic gives each type its JSON Schema with nested models under `$defs`. An OpenAPI
document wants every model once, at `#/components/schemas/Name`. So each schema is generated
with a `ref_template` pointing there, and its `$defs` are hoisted into the registry.

A model can have two shapes: what a client may *send* (validation: fields with defaults are
optional) and what the server *returns* (serialization). While collecting, refs carry the
mode as a suffix (`User-Input`, `User-Output`); `finish` then keeps one `User` where both
shapes agree and the two suffixed names where they differ, as FastAPI does.

One rewrite is FastAPI's own: `bytes` (a file's content) is described the OpenAPI 3.1 way,
`"contentMediaType": "application/octet-stream"`, where JSON Schema generators (Pydantic's,
minipydantic's) still write 3.0's `"format": "binary"`.
"""

from __future__ import annotations

import copy
import enum
from typing import Any, Literal

from minipydantic import BaseModel, TypeAdapter

REF_PREFIX = "#/components/schemas/"
Mode = Literal["validation", "serialization"]
_SUFFIX: dict[Mode, str] = {"validation": "-Input", "serialization": "-Output"}


def is_component_type(tp: Any) -> bool:
    """Models and enums get a component of their own; other types are described inline."""
    return isinstance(tp, type) and issubclass(tp, BaseModel | enum.Enum)


class SchemaRegistry:
    """Collects the definitions met while documenting types; `finish` names them."""

    def __init__(self) -> None:
        self._definitions: dict[str, dict[Mode, dict[str, Any]]] = {}
        self._fixed: dict[str, dict[str, Any]] = {}

    def schema(self, tp: Any, mode: Mode = "validation") -> dict[str, Any]:
        """The schema to embed for `tp`: a `$ref` for a model, inline otherwise."""
        suffix = _SUFFIX[mode]
        schema: dict[str, Any] = TypeAdapter(tp).json_schema(
            ref_template=REF_PREFIX + "{model}" + suffix, mode=mode
        )
        _octet_streams(schema)
        for name, definition in schema.pop("$defs", {}).items():
            self._definitions.setdefault(name, {})[mode] = definition
        if is_component_type(tp) and "$ref" not in schema:
            name = tp.__name__
            self._definitions.setdefault(name, {})[mode] = schema
            return {"$ref": REF_PREFIX + name + suffix}
        return schema

    def add(self, name: str, schema: dict[str, Any]) -> dict[str, Any]:
        """Register a definition built by hand (a combined body, the 422 error) by its final name."""
        self._fixed[name] = schema
        return {"$ref": REF_PREFIX + name}

    def finish(self, document: dict[str, Any]) -> dict[str, Any]:
        """Name every definition, rewrite the refs in `document`, return the components."""
        split: set[str] = set()
        while True:  # splitting `Address` changes `Person`'s refs: repeat until nothing moves
            renames = self._renames(split)
            newly = {
                name
                for name, shapes in self._definitions.items()
                if name not in split and _differ(shapes, renames)
            }
            if not newly:
                break
            split |= newly
        components: dict[str, dict[str, Any]] = {}
        for name, shapes in self._definitions.items():
            for mode, shape in shapes.items():
                components[name + _SUFFIX[mode] if name in split else name] = shape
        components.update(self._fixed)
        _rewrite_refs(document, renames)
        _rewrite_refs(components, renames)
        return dict(sorted(components.items()))

    def _renames(self, split: set[str]) -> dict[str, str]:
        """Collection-time ref -> final ref, given which names keep two shapes."""
        return {
            REF_PREFIX + name + suffix: REF_PREFIX + (name + suffix if name in split else name)
            for name in self._definitions
            for suffix in _SUFFIX.values()
        }


def _differ(shapes: dict[Mode, dict[str, Any]], renames: dict[str, str]) -> bool:
    if len(shapes) < 2:
        return False
    validation, serialization = (copy.deepcopy(shape) for shape in shapes.values())
    _rewrite_refs(validation, renames)
    _rewrite_refs(serialization, renames)
    return validation != serialization


def _octet_streams(node: Any) -> None:
    """Every `{"type": "string", "format": "binary"}` (bytes) inside `node`, in place, as
    `{"type": "string", "contentMediaType": "application/octet-stream"}`."""
    if isinstance(node, dict):
        if node.get("format") == "binary" and node.get("type") == "string":
            del node["format"]
            node["contentMediaType"] = "application/octet-stream"
        for value in node.values():
            _octet_streams(value)
    elif isinstance(node, list):
        for value in node:
            _octet_streams(value)


def _rewrite_refs(node: Any, renames: dict[str, str]) -> None:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref in renames:
            node["$ref"] = renames[ref]
        for value in node.values():
            _rewrite_refs(value, renames)
    elif isinstance(node, list):
        for value in node:
            _rewrite_refs(value, renames)


__all__ = ["REF_PREFIX", "Mode", "SchemaRegistry", "is_component_type"]
