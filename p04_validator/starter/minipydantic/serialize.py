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


def to_jsonable(value: Any) -> Any:
    """The JSON form of one non-container value."""
    raise NotImplementedError(
        "(milestone 6) Return the JSON form of one value that is not a container: dates and times as ISO "
        "text, enums as their values, UUIDs and Decimals as text ..."
    )


def json_scalar(value: Any) -> str:
    raise NotImplementedError(
        "(milestone 6) Return a JSON scalar as dict-key text: 'true', 'false', 'null', or str(value)."
    )


def dump_value(value: Any, include: Any, exclude: Any, options: Options) -> Any:
    """Dump any value: models recurse, containers map over items, scalars convert in json mode."""
    raise NotImplementedError(
        "(milestone 6) Return any value dumped: models as dicts, containers item by item, other values as"
        " they are (or JSON-ready in json mode)."
    )


def dump_model(model: Any, include: Any, exclude: Any, options: Options) -> dict[str, Any]:
    raise NotImplementedError(
        "(milestone 5) Return a model's fields (and extras) as a dict; (milestone 6) honour include, "
        "exclude, aliases and exclude_unset/defaults/none."
    )
