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

import json
import math
from collections.abc import Callable, Mapping
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from enum import Enum
from typing import Any, TypeAlias
from uuid import UUID

from minipydantic.datetimes import format_duration
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
_PLAIN = frozenset({str, int, bool, type(None)})
_CONTAINERS = frozenset({list, tuple, set, frozenset, dict})


class SerializationError(ValueError):
    """A value that cannot be written as JSON text (Pydantic's PydanticSerializationError)."""


def to_jsonable(value: Any, mode: bool | str = True) -> Any:
    """The JSON form of one non-container value; `mode` says what inf and nan become."""
    raise NotImplementedError(
        "(milestone 6) Return the JSON form of one value that is not a container: dates and times as ISO "
        "text, enums as their values, UUIDs and Decimals as text; inf and nan as `mode` says (None, kept "
        "with 'keep', 'Infinity'/'-Infinity'/'NaN' with 'strings')."
    )


def json_scalar(value: Any) -> str:
    raise NotImplementedError(
        "(milestone 6) Return a JSON scalar as dict-key text: 'true', 'false', 'null', or str(value)."
    )


def dump_value(value: Any, include: Any, exclude: Any, options: Options) -> Any:
    """Dump any value: models recurse, containers map over items, scalars convert in json mode.
    The value is dumped as Pydantic dumps type `Any`: its own container counts towards the
    depth limit."""
    raise NotImplementedError(
        "(milestone 6) Return any value dumped: models as dicts, containers item by item, other values as"
        " they are (or JSON-ready in json mode); too deep: ValueError('Maximum serialization depth "
        "exceeded'), never RecursionError."
    )


def dump_model(model: Any, include: Any, exclude: Any, options: Options) -> dict[str, Any]:
    """A model's fields (and extras) as a dict, with include/exclude and the exclude_* options."""
    raise NotImplementedError(
        "(milestone 5) Return a model's fields (and extras) as a dict; (milestone 6) honour include, "
        "exclude, aliases and exclude_unset/defaults/none, and the plan of its class (dumpplan.plan_of)."
    )


def dump_typed(tp: Any, dumpers: dict[Options, Callable[[Any], Any]], value: Any, options: Options) -> Any:
    """`value` of declared type `tp` (a TypeAdapter's), by the serialiser generated for `tp`
    and `options`, kept in `dumpers`."""
    raise NotImplementedError(
        "(milestone 9, optional) Return `value` dumped by the function dumpgen.type_dumper writes for `tp` "
        "and `options` (made once, kept in `dumpers`); until then TypeAdapter can call dump_value."
    )


def dumper_source(cls: Any, mode: str = "python", **flags: bool) -> str:
    """The source of the serialiser generated for `cls` (flags: by_alias, exclude_unset,
    exclude_defaults, exclude_none), as `model_dump(mode=...)` runs it."""
    raise NotImplementedError(
        "(milestone 9, optional) Return the source of the serialiser dumpgen.model_dumper writes for "
        "`cls` and these dump options."
    )
