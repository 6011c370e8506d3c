"""Dumping: model -> dict of plain values ("python" mode) or of JSON-compatible values ("json").

This is the generic walk: it follows the values, not the annotations, so each value's type
picks its conversion and any value can be dumped. `include`/`exclude` are normalised once per
call into nested dicts and passed down with the value they apply to. The answers that depend
on declared types (inf in float fields, what counts towards the depth limit) come from a plan
made once per model class (`dumpplan`). The fast path is not here: a model met without
include/exclude is dumped by the function `dumpgen` wrote for its class and options, which
asks each value only "do you have the declared type?" and hands anything else back here.

Depth, as Pydantic limits it: each generation of a model that contains itself is a level, and
in JSON mode so is each value of `Any`-typed data (a container or a leaf); level 256 is
ValueError("Maximum serialization depth exceeded"). Python mode copies plain data whatever its
depth: data deeper than Python's stack is finished by an explicit-stack walk instead of a
RecursionError.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from enum import Enum
from typing import Any, TypeAlias
from uuid import UUID

from minipydantic.datetimes import format_duration
from minipydantic.dumpgen import model_dumper, type_dumper
from minipydantic.dumpplan import LIMIT, Options, plan_of
from minipydantic.fields import FieldInfo
from minipydantic.jsonwrite import json_text
from minipydantic.network import AnyUrl

__all__ = [
    "IncEx",
    "Options",
    "SerializationError",
    "dump_model",
    "dump_typed",
    "dump_value",
    "dumper_source",
    "json_text",
    "to_jsonable",
]

IncEx: TypeAlias = set[int] | set[str] | Mapping[int, Any] | Mapping[str, Any]
Dumper: TypeAlias = Callable[[Any, int], dict[str, Any]]
_PLAIN = frozenset({str, int, bool, type(None)})
_CONTAINERS = frozenset({list, tuple, set, frozenset, dict})


class SerializationError(ValueError):
    """A value that cannot be written as JSON text (Pydantic's PydanticSerializationError)."""


def _too_deep() -> ValueError:
    return ValueError("Maximum serialization depth exceeded")


def _normalise(spec: Any) -> dict[Any, Any] | None:
    """{"a", "b"} and {"a": True, "b": {...}} both become {key: True | nested}."""
    if spec is None or isinstance(spec, dict):
        return spec
    return dict.fromkeys(spec, True)


def _child(spec: dict[Any, Any] | None, key: Any) -> Any:
    if spec is None:
        return None
    value = spec.get(key, spec.get("__all__"))
    return None if value is True else _normalise(value)


def _kept(key: Any, include: dict[Any, Any] | None, exclude: dict[Any, Any] | None) -> bool:
    return (include is None or key in include or "__all__" in include) and (
        exclude is None or exclude.get(key) is not True
    )


def _iso(value: datetime | time) -> str:
    text = value.isoformat()
    if value.utcoffset() == timedelta(0) and value.tzinfo is not None:
        text = text.removesuffix("+00:00") + "Z"
    return text


def to_jsonable(value: Any, mode: bool | str = True) -> Any:
    """The JSON form of one non-container value; `mode` says what inf and nan become."""
    if isinstance(value, datetime | time):
        return _iso(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, timedelta):
        return format_duration(value)
    if isinstance(value, Enum):
        return _value(value.value, None, None, (mode, False, False, False, False), 0)
    if isinstance(value, float):
        if math.isfinite(value) or mode == "keep":
            return value
        if mode == "strings":
            return "NaN" if math.isnan(value) else "Infinity" if value > 0 else "-Infinity"
        return None
    if isinstance(value, bytes | bytearray):
        return value.decode()
    if isinstance(value, UUID | Decimal | AnyUrl):
        return str(value)
    return value


def _json_key(key: Any) -> Any:
    if isinstance(key, str):
        return key
    if isinstance(key, tuple):
        return ",".join(str(_json_key(k)) for k in key)
    converted = to_jsonable(key)
    return converted if isinstance(converted, str) else json_scalar(converted)


def json_scalar(value: Any) -> str:
    return "true" if value is True else "false" if value is False else "null" if value is None else str(value)


def dump_value(value: Any, include: Any, exclude: Any, options: Options) -> Any:
    """Dump any value: models recurse, containers map over items, scalars convert in json mode.
    The value is dumped as Pydantic dumps type `Any`: its own container counts towards the
    depth limit."""
    try:
        return _value(value, include, exclude, options, 0)
    except RecursionError:
        return _beyond_the_stack(value, include, exclude, options, 0)


def dump_model(model: Any, include: Any, exclude: Any, options: Options) -> dict[str, Any]:
    """A model's fields (and extras) as a dict, with include/exclude and the exclude_* options."""
    cls = type(model)
    plan = cls.__mp_dumper__
    if plan is None or plan.fields is not cls.__mp_fields__:
        plan = plan_of(cls)
    # Typed, the model counts towards the depth only if it can contain itself (see _dump_fields).
    depth = 0 if not options[0] or plan.recursive else -1
    try:
        if include is None and exclude is None:
            dump = plan.dumpers.get(options) or _dumper_of(cls, options)
            return dump(model, depth)
        result: dict[str, Any] = _value(model, include, exclude, options, depth)
    except RecursionError:
        result = _beyond_the_stack(model, include, exclude, options, depth)
    return result


def dump_typed(tp: Any, dumpers: dict[Options, Callable[[Any], Any]], value: Any, options: Options) -> Any:
    """`value` of declared type `tp` (a TypeAdapter's), by the serialiser generated for `tp`
    and `options`, kept in `dumpers`."""
    dump = dumpers.get(options)
    if dump is None:
        dump = dumpers[options] = type_dumper(tp, options, _RUNTIME)[0]
    try:
        return dump(value)
    except RecursionError:
        return _beyond_the_stack(value, None, None, options, 0)


def _dumper_of(cls: Any, options: Options) -> Dumper:
    """The generated serialiser of model class `cls` for `options`, made on first use and kept
    in the class's plan: `dump(model, depth)`, depth as `_value` counts it."""
    plan = plan_of(cls)
    dump = plan.dumpers.get(options)
    if dump is None:
        if not cls.__mp_complete__:  # its fields are not known yet: the walk, every time
            return lambda model, depth: _dump_fields(model, None, None, options, depth)
        dump, plan.sources[options] = model_dumper(cls, options, _RUNTIME)
        plan.dumpers[options] = dump
    return dump


def dumper_source(cls: Any, mode: str = "python", **flags: bool) -> str:
    """The source of the serialiser generated for `cls` (flags: by_alias, exclude_unset,
    exclude_defaults, exclude_none), as `model_dump(mode=...)` runs it."""
    if not cls.__mp_complete__:
        cls.model_rebuild()
    options: Options = (
        mode == "json",
        bool(flags.get("by_alias")),
        bool(flags.get("exclude_unset")),
        bool(flags.get("exclude_defaults")),
        bool(flags.get("exclude_none")),
    )
    _dumper_of(cls, options)
    return plan_of(cls).sources[options]


def _value(value: Any, include: Any, exclude: Any, options: Options, depth: int) -> Any:
    """The recursive walk; `depth` is the level of the value's parent.

    Levels, as Pydantic counts them: python mode counts models that can contain themselves;
    JSON mode counts every value met in inferred (`Any`) data, containers and leaves alike,
    and models that contain themselves. The value at level 256 is refused. A model goes to
    its generated serialiser, or, with include/exclude, to the walk over its fields."""
    kind = type(value)
    if kind in _PLAIN or (kind is float and (not options[0] or value - value == 0.0)):
        return value  # (a finite float: inf - inf and nan - nan are nan)
    if getattr(kind, "__mp_fields__", None) is not None:
        if include is None and exclude is None:
            return _dumper_of(kind, options)(value, depth)
        return _dump_fields(value, _normalise(include), _normalise(exclude), options, depth)
    include, exclude = _normalise(include), _normalise(exclude)
    mode = options[0]
    if kind is dict or isinstance(value, Mapping):
        if mode:
            depth += 1
            if depth >= LIMIT - 1 and (depth >= LIMIT or value):
                raise _too_deep()  # (its items would be at level 256)
        return {
            (_json_key(k) if mode else k): _value(v, _child(include, k), _child(exclude, k), options, depth)
            for k, v in value.items()
            if (include is None or k in include or "__all__" in include)
            and (exclude is None or exclude.get(k) is not True)
        }
    if isinstance(value, list | tuple | set | frozenset):
        if mode:
            depth += 1
            if depth >= LIMIT - 1 and (depth >= LIMIT or value):
                raise _too_deep()
        items = [
            _value(v, _child(include, i), _child(exclude, i), options, depth)
            for i, v in enumerate(value)
            if (include is None or i in include or "__all__" in include)
            and (exclude is None or exclude.get(i) is not True)
        ]
        if mode or isinstance(value, list):
            return items
        return _rebuilt(value, items)
    return to_jsonable(value, mode) if mode else value


def _dump_fields(model: Any, include: Any, exclude: Any, options: Options, depth: int) -> dict[str, Any]:
    """The walk over one model's fields (and extras), in the order of its `__dict__`; `depth`
    is the level of its parent. A model field's own value is typed, not inferred: in JSON
    mode the loop passes `depth - 1` for it, unless it is a model that contains itself."""
    plan = plan_of(type(model))
    mode = options[0]
    if mode or plan.recursive:
        depth += 1
        if depth >= LIMIT - 1 and (depth >= LIMIT or (mode and (plan.inferred or model.__extra__))):
            raise _too_deep()  # (in JSON mode, the leaves of its `Any` fields are one deeper)
    if mode is True and plan.keep_floats:
        options = ("keep", *options[1:])
    result: dict[str, Any] = {}
    for name, key, item, info in _kept_fields(model, include, exclude, options):
        if type(item) in _PLAIN or (type(item) is float and item - item == 0.0):
            result[key] = item
        elif not mode:
            result[key] = _value(item, _child(include, name), _child(exclude, name), options, depth)
        else:
            at, item_options = depth, options
            if info is not None and name not in plan.inferred:
                if type(item) in _CONTAINERS or not _contains_itself(item):
                    at = depth - 1
                if mode is True and name in plan.floats:
                    item_options = ("keep", *options[1:])
            result[key] = _value(item, _child(include, name), _child(exclude, name), item_options, at)
    return result


def _kept_fields(model: Any, include: Any, exclude: Any, options: Options) -> list[tuple[Any, ...]]:
    """(name, key, value, info) for each field and extra a dump keeps, in `__dict__` order."""
    _, by_alias, exclude_unset, exclude_defaults, exclude_none = options
    fields: dict[str, FieldInfo] = type(model).__mp_fields__
    values = {**model.__dict__, **model.__extra__} if model.__extra__ else model.__dict__
    kept = []
    for name, item in values.items():
        if include is not None and name not in include:
            continue
        if exclude is not None and exclude.get(name) is True:
            continue
        info = fields.get(name)
        if info is not None and (
            info.exclude
            or (exclude_unset and name not in model.__fields_set__)
            or (exclude_defaults and _is_default(info, item))
        ):
            continue
        if exclude_none and item is None:
            continue
        kept.append((name, info.alias if by_alias and info is not None and info.alias else name, item, info))
    return kept


def _dump_any(value: Any, options: Options, depth: int) -> Any:
    """What generated code hands back to the walk: a value of a type it did not expect."""
    return _value(value, None, None, options, depth)


def _dump_field(value: Any, options: Options, level: int) -> Any:
    """The same for a declared field's value, at the depth the field loop of `_dump_fields`
    would give it (`level` is its model's)."""
    return _value(value, None, None, options, level if _contains_itself(value) else level - 1)


def _contains_itself(value: Any) -> bool:
    """Is `value` an instance of a model that can contain itself?"""
    return hasattr(type(value), "__mp_fields__") and plan_of(type(value)).recursive


def _rebuilt(value: Any, items: list[Any]) -> Any:
    """A tuple, set or frozenset (or named tuple) of the dumped items, in python mode."""
    return type(value)(items) if not hasattr(value, "_fields") else type(value)(*items)


def _is_default(info: FieldInfo, value: Any) -> bool:
    if info.is_required():
        return False
    try:
        return bool(value == info.get_default())
    except Exception:
        return False


def _beyond_the_stack(value: Any, include: Any, exclude: Any, options: Options, depth: int) -> Any:
    """Python's stack ran out. JSON mode was bound to stop at the depth limit anyway; python
    mode copies plain containers at any depth, so finish it with an explicit stack."""
    if options[0]:
        raise _too_deep() from None
    try:
        return _copy_deep(value, include, exclude, options, depth)
    except RecursionError:  # (a value dumped by the recursive walk was deeper than the stack)
        raise _too_deep() from None


_BUILD = object()  # marks a task that assembles a container from its dumped items


def _copy_deep(root: Any, include: Any, exclude: Any, options: Options, depth: int) -> Any:
    """The python-mode dump of `_value`, walked with an explicit stack: each task dumps one
    value into `target[slot]`; a container pushes its items, then a task that builds it."""
    out: list[Any] = [None]
    todo: list[tuple[Any, ...]] = [(root, include, exclude, depth, out, 0)]
    while todo:
        task = todo.pop()
        if task[0] is _BUILD:
            _, value, keys, parts, target, slot = task
            if keys is not None:
                target[slot] = dict(zip(keys, parts, strict=True))
            else:
                target[slot] = parts if isinstance(value, list) else _rebuilt(value, parts)
            continue
        value, inc, exc, level, target, slot = task
        kind = type(value)
        if kind in _PLAIN:
            target[slot] = value
            continue
        inc, exc = _normalise(inc), _normalise(exc)
        if hasattr(kind, "__mp_fields__"):
            if plan_of(kind).recursive:
                level += 1
                if level >= LIMIT:
                    raise _too_deep()
            kept = _kept_fields(value, inc, exc, options)
            entries = [(key, item, _child(inc, name), _child(exc, name)) for name, key, item, _ in kept]
        elif kind is dict or isinstance(value, Mapping):
            items = value.items()
            entries = [(k, v, _child(inc, k), _child(exc, k)) for k, v in items if _kept(k, inc, exc)]
        elif isinstance(value, list | tuple | set | frozenset):
            items = enumerate(value)
            entries = [(k, v, _child(inc, k), _child(exc, k)) for k, v in items if _kept(k, inc, exc)]
        else:
            target[slot] = value
            continue
        keys = None if isinstance(value, list | tuple | set | frozenset) else [entry[0] for entry in entries]
        dumped: list[Any] = [None] * len(entries)
        todo.append((_BUILD, value, keys, dumped, target, slot))
        todo += [(item, i, e, level, dumped, j) for j, (_, item, i, e) in enumerate(entries)]
    return out[0]


# The names generated serialisers use (dumpgen), beside the classes and constants it adds.
_RUNTIME: dict[str, Any] = {"dump_any": _dump_any, "dump_field": _dump_field, "dump_fields": _dump_fields}
_RUNTIME |= {"dumper_of": _dumper_of, "is_default": _is_default, "json_key": _json_key}
_RUNTIME |= {"iso": _iso, "duration": format_duration}
