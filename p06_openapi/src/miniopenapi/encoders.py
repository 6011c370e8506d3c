"""`jsonable_encoder`: any Python value as the JSON-able data FastAPI would send for it.

An endpoint without a response model may return anything: a dict holding datetimes, a
dataclass, a list of models, a set of UUIDs. FastAPI converts it with its own rules, which
differ from a model's JSON mode on purpose (FastAPI users see these answers): a Decimal is a
number (an int when it has no fraction), a timedelta its seconds, an aware datetime ends in
"+00:00" (isoformat), a path or an address is its text, a set is a list. Models inside keep
their own JSON mode, with their aliases.

The options (`include`, `exclude`, `exclude_unset`...) are FastAPI's too, for users who call
it themselves (`jsonable_encoder(item, exclude_unset=True)` in a PATCH handler). A response
takes the fast path: no options, the common types first.

Two departures from FastAPI's, on purpose: a NaN or an infinite number is None (FastAPI keeps
it, and the JSON response refuses it: a 500), and dict keys starting with "_sa" are kept
(FastAPI drops them, a workaround for SQLAlchemy objects, which no course package has).
"""

from __future__ import annotations

import dataclasses
import datetime
import ipaddress
import math
import re
from collections import deque
from collections.abc import Callable, Mapping
from decimal import Decimal
from enum import Enum
from pathlib import PurePath
from types import GeneratorType
from typing import Any
from uuid import UUID

from minipydantic import BaseModel
from minipydantic.serialize import IncEx

_ADDRESSES = (ipaddress.IPv4Address, ipaddress.IPv6Address, ipaddress.IPv4Network, ipaddress.IPv6Network)
_AS_TEXT: tuple[type, ...] = (UUID, PurePath, *_ADDRESSES, ipaddress.IPv4Interface, ipaddress.IPv6Interface)
_AS_IS = frozenset({str, int, bool, type(None)})  # exactly these types: subclasses (enums) convert
_SEQUENCES = (list, tuple, set, frozenset, deque, GeneratorType)


def jsonable_encoder(
    obj: Any,
    include: IncEx | None = None,
    exclude: IncEx | None = None,
    by_alias: bool = True,
    exclude_unset: bool = False,
    exclude_defaults: bool = False,
    exclude_none: bool = False,
    custom_encoder: Mapping[type, Callable[[Any], Any]] | None = None,
) -> Any:
    """`obj` as data `json.dumps` accepts, converted by FastAPI's rules (see the module).

    `include`/`exclude` pick a model's fields or a dict's keys; the `exclude_*` options are
    a model's dump options (and `exclude_none` drops None values from dicts too);
    `custom_encoder` maps a type to the function that converts it, before any rule here
    (the exact type first, then the first class it is an instance of); it never sees a
    model's fields, which the model dumps itself, as in FastAPI. A NaN or an infinite float
    or Decimal becomes null: JSON has no way to write it (FastAPI keeps it, and its
    response then fails with a 500).
    """
    if (
        (include, exclude, custom_encoder) == (None, None, None)
        and by_alias
        and not (exclude_unset or exclude_defaults or exclude_none)
    ):
        return _encode(obj)
    options = _Options(
        include, exclude, by_alias, exclude_unset, exclude_defaults, exclude_none, custom_encoder
    )
    return options.encode(obj)


def _encode(value: Any) -> Any:
    """The response path: no options, the common cases first (text, whole numbers, booleans
    and None as they are; a plain dict or list item by item)."""
    if type(value) in _AS_IS:
        return value
    if type(value) is dict:
        return {_encode(key): _encode(item) for key, item in value.items()}
    if type(value) is list:
        return [_encode(item) for item in value]
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", by_alias=True)
    return _encode_other(value, _encode)


def _encode_other(value: Any, encode: Callable[[Any], Any]) -> Any:
    """Every rule but models and the options: shared by both paths; `encode` recurses."""
    if isinstance(value, Enum):  # its value as it is (converted, but by no custom encoder)
        return _encode(value.value)
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if value is None or isinstance(value, str | int):
        return value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return encode(dataclasses.asdict(value))
    if isinstance(value, dict):
        return {encode(key): encode(item) for key, item in value.items()}
    if isinstance(value, _SEQUENCES):
        return [encode(item) for item in value]
    if isinstance(value, Decimal):
        exponent = value.as_tuple().exponent
        if isinstance(exponent, int) and exponent >= 0:
            return int(value)
        number = float(value)  # NaN, Infinity, or too big for a float: null, as a float's
        return number if math.isfinite(number) else None
    if isinstance(value, datetime.timedelta):
        return value.total_seconds()
    if isinstance(value, datetime.date | datetime.time):  # a datetime is a date too
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode()
    if isinstance(value, _AS_TEXT):
        return str(value)
    if isinstance(value, re.Pattern):
        return value.pattern
    return encode(_as_mapping(value))


def _as_mapping(value: Any) -> dict[Any, Any]:
    """The last resort, FastAPI's too: an object that converts to a dict, or its attributes."""
    try:
        return dict(value)
    except (TypeError, ValueError):
        try:
            return dict(vars(value))
        except TypeError:
            raise ValueError(f"Object of type {type(value).__name__} is not JSON-able") from None


@dataclasses.dataclass(frozen=True)
class _Options:
    include: IncEx | None
    exclude: IncEx | None
    by_alias: bool
    exclude_unset: bool
    exclude_defaults: bool
    exclude_none: bool
    custom_encoder: Mapping[type, Callable[[Any], Any]] | None

    def encode(self, value: Any) -> Any:
        if self.custom_encoder:  # the exact type first, then the first class it is an instance of
            encoder = self.custom_encoder.get(type(value))
            if encoder is not None:
                return encoder(value)
            for kind, encoder in self.custom_encoder.items():
                if isinstance(value, kind):
                    return encoder(value)
        if isinstance(value, BaseModel):
            dumped = value.model_dump(
                mode="json",
                include=self.include,
                exclude=self.exclude,
                by_alias=self.by_alias,
                exclude_unset=self.exclude_unset,
                exclude_defaults=self.exclude_defaults,
                exclude_none=self.exclude_none,
            )
            # The dump is JSON data already: only exclude_none still applies (to dicts in it),
            # never a custom encoder (FastAPI's does not see a model's fields either).
            return dataclasses.replace(self.inner(), custom_encoder=None).encode(dumped)
        if isinstance(value, dict):
            keys = set(value) if self.include is None else set(value) & set(self.include)
            keys -= set(self.exclude or ())
            inner = self.inner()
            return {
                inner.encode(key): inner.encode(item)
                for key, item in value.items()
                if key in keys and not (self.exclude_none and item is None)
            }
        return _encode_other(value, self.encode)

    def inner(self) -> _Options:
        """What applies below a model or a dict: include/exclude pick its fields or keys, not
        theirs (a list passes them on to each item, as FastAPI does)."""
        return dataclasses.replace(self, include=None, exclude=None)


__all__ = ["IncEx", "jsonable_encoder"]
