"""What a model's declared types tell the dumper, worked out once per class.

Dumping follows the values, not the annotations (one dict lookup per value), but three of
Pydantic's answers depend on the declared type, so each model class gets a small plan:

- which fields are typed `float` (alone or inside lists, dicts, unions): `model_dump(mode=
  "json")` keeps their inf and nan, where a value of type `Any` becomes None;
- which fields are typed `Any`: Pydantic infers how to dump their values and counts every
  container it meets towards its depth limit, the field's own value included;
- whether the model can contain itself (a cycle of model types): each such model counts
  towards the depth limit too, so a tree nested 255 generations deep is refused.

The plan is cached in `__mp_dumper__`, which building (or rebuilding) a model resets. It also
keeps the model's generated serialisers (`dumpgen`), one per set of dump options, made the
first time a dump asks for one.
"""

from __future__ import annotations

import types
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal, TypeAlias, Union, get_args, get_origin

from minipydantic.fields import FieldInfo

__all__ = ["LIMIT", "DumpPlan", "Options", "inf_nan_in_text", "plan_of", "types_floats"]

# (mode, by_alias, exclude_unset, exclude_defaults, exclude_none). mode is False for python
# mode, True for model_dump(mode="json") (inf and nan: kept in float fields, None elsewhere),
# or, for JSON text, what inf and nan become: "null" (None), "keep" or "strings" ("Infinity").
Options: TypeAlias = tuple[bool | str, bool, bool, bool, bool]
LIMIT = 256  # the first level Pydantic's serializer refuses
_INFERRED = (Any, object)


@dataclass(frozen=True, slots=True)
class DumpPlan:
    fields: dict[str, FieldInfo]  # the fields this plan was made for (a rebuild replaces them)
    recursive: bool
    inferred: frozenset[str]
    floats: frozenset[str]
    keep_floats: bool  # ser_json_inf_nan is "constants" or "strings": inf stays inf in json mode
    # The generated serialisers (dumpgen), by options, and their source text.
    dumpers: dict[Options, Callable[[Any, int], dict[str, Any]]] = field(default_factory=dict)
    sources: dict[Options, str] = field(default_factory=dict)


def plan_of(cls: Any) -> DumpPlan:
    """The plan of model class `cls`, made on first use and kept until the class is rebuilt."""
    plan: DumpPlan | None = getattr(cls, "__mp_dumper__", None)
    fields: dict[str, FieldInfo] = cls.__mp_fields__
    if plan is None or plan.fields is not fields:
        plan = DumpPlan(
            fields=fields,
            recursive=_contains_itself(cls),
            inferred=frozenset(name for name, info in fields.items() if _is_inferred(info.annotation)),
            floats=frozenset(name for name, info in fields.items() if types_floats(info.annotation)),
            keep_floats=cls.model_config.get("ser_json_inf_nan", "null") != "null",
        )
        cls.__mp_dumper__ = plan
    return plan


def inf_nan_in_text(config: Mapping[str, Any]) -> str:
    """What inf and nan become in JSON text (a dump mode of `Options`), as the model's
    `ser_json_inf_nan` says: "null" (the default), "keep" (Infinity, NaN) or "strings"."""
    setting = config.get("ser_json_inf_nan", "null")
    return {"constants": "keep", "strings": "strings"}.get(setting, "null")


def _members(tp: Any) -> tuple[Any, ...]:
    """The types inside an annotation: Annotated's first argument, a union's or a container's
    arguments (Literal's arguments are values, not types, and are skipped)."""
    origin = get_origin(tp)
    if origin is Annotated:
        return get_args(tp)[:1]
    if origin is None or origin is Literal:
        return ()
    return tuple(arg for arg in get_args(tp) if arg is not Ellipsis)


def _is_union(tp: Any) -> bool:
    return get_origin(tp) in (Union, types.UnionType)


def _is_inferred(tp: Any) -> bool:
    if tp in _INFERRED:
        return True
    if get_origin(tp) is Annotated or _is_union(tp):
        return any(_is_inferred(member) for member in _members(tp))
    return False


def types_floats(tp: Any) -> bool:
    """Is `float` in annotation `tp` (alone, or inside a container or a union)?"""
    return tp is float or any(types_floats(member) for member in _members(tp))


def _models_in(tp: Any) -> list[Any]:
    if isinstance(tp, type) and hasattr(tp, "__mp_fields__"):
        return [tp]
    return [model for member in _members(tp) for model in _models_in(member)]


def _contains_itself(cls: Any) -> bool:
    """Is `cls` reachable from its own fields' types (directly or through other models)?"""
    seen: set[Any] = set()
    todo = [info.annotation for info in cls.__mp_fields__.values()]
    while todo:
        for model in _models_in(todo.pop()):
            if model is cls:
                return True
            if model not in seen:
                seen.add(model)
                todo += [info.annotation for info in getattr(model, "__mp_fields__", {}).values()]
    return False
