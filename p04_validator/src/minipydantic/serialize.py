"""Dumping: model -> dict of plain values ("python" mode) or of JSON-compatible values ("json").

Dumping follows the values, not the annotations: each value's type picks its conversion, so
the per-value cost is one dict lookup. `include`/`exclude` are normalised once per call into
nested dicts and passed down with the value they apply to.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from enum import Enum
from typing import Any, TypeAlias
from uuid import UUID

from minipydantic.datetimes import format_duration
from minipydantic.fields import FieldInfo
from minipydantic.network import AnyUrl

__all__ = ["IncEx", "Options", "dump_model", "dump_value", "to_jsonable"]

IncEx: TypeAlias = set[int] | set[str] | Mapping[int, Any] | Mapping[str, Any]
# (json mode, by_alias, exclude_unset, exclude_defaults, exclude_none)
Options: TypeAlias = tuple[bool, bool, bool, bool, bool]
_PLAIN = frozenset({str, int, bool, type(None)})


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


def _iso(value: datetime | time) -> str:
    text = value.isoformat()
    if value.utcoffset() == timedelta(0) and value.tzinfo is not None:
        text = text.removesuffix("+00:00") + "Z"
    return text


def to_jsonable(value: Any) -> Any:
    """The JSON form of one non-container value."""
    if isinstance(value, datetime | time):
        return _iso(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, timedelta):
        return format_duration(value)
    if isinstance(value, Enum):
        return dump_value(value.value, None, None, (True, False, False, False, False))
    if isinstance(value, float):
        return value if math.isfinite(value) else None
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
    """Dump any value: models recurse, containers map over items, scalars convert in json mode."""
    kind = type(value)
    if kind in _PLAIN:
        return value
    if hasattr(kind, "__mp_fields__"):
        return dump_model(value, include, exclude, options)
    include, exclude = _normalise(include), _normalise(exclude)
    json_mode = options[0]
    if kind is dict or isinstance(value, Mapping):
        return {
            (_json_key(k) if json_mode else k): dump_value(v, _child(include, k), _child(exclude, k), options)
            for k, v in value.items()
            if (include is None or k in include or "__all__" in include)
            and (exclude is None or exclude.get(k) is not True)
        }
    if isinstance(value, list | tuple | set | frozenset):
        items = [
            dump_value(v, _child(include, i), _child(exclude, i), options)
            for i, v in enumerate(value)
            if (include is None or i in include or "__all__" in include)
            and (exclude is None or exclude.get(i) is not True)
        ]
        if json_mode or isinstance(value, list):
            return items
        return type(value)(items) if not hasattr(value, "_fields") else type(value)(*items)
    return to_jsonable(value) if json_mode else value


def _is_default(info: FieldInfo, value: Any) -> bool:
    if info.is_required():
        return False
    try:
        return bool(value == info.get_default())
    except Exception:
        return False


def dump_model(model: Any, include: Any, exclude: Any, options: Options) -> dict[str, Any]:
    _, by_alias, exclude_unset, exclude_defaults, exclude_none = options
    include, exclude = _normalise(include), _normalise(exclude)
    fields: dict[str, FieldInfo] = type(model).__mp_fields__
    fields_set = model.__fields_set__
    values = model.__dict__
    if model.__extra__:
        values = {**values, **model.__extra__}
    result: dict[str, Any] = {}
    for name, value in values.items():
        if include is not None and name not in include:
            continue
        if exclude is not None and exclude.get(name) is True:
            continue
        info = fields.get(name)
        if info is not None:
            if info.exclude or (exclude_unset and name not in fields_set):
                continue
            if exclude_defaults and _is_default(info, value):
                continue
        if exclude_none and value is None:
            continue
        key = info.alias if by_alias and info is not None and info.alias else name
        if type(value) in _PLAIN:
            result[key] = value
        else:
            result[key] = dump_value(value, _child(include, name), _child(exclude, name), options)
    return result
