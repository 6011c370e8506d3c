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
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from minipydantic.serialize import IncEx


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
    """`obj` as data `json.dumps` accepts, converted by FastAPI's rules (see the module)."""
    raise NotImplementedError(
        "return obj as data json.dumps accepts, by FastAPI's rules: str, int, bool and None as "
        "they are; dicts, lists, tuples, sets and deques item by item (keys too); an enum as its "
        "value; a model in its JSON mode, by alias; a dataclass as its dict; a Decimal as an int "
        "without a fraction, else a float; a timedelta as its seconds; dates and times in ISO "
        "format; a UUID, a path or an IP address as text; bytes decoded; a NaN or infinite "
        "number as None; anything else as dict(obj) or its attributes (ValueError if neither). "
        "Then the options: include/exclude pick a model's fields or a dict's keys, exclude_* "
        "and by_alias are the model's dump options (exclude_none drops a dict's None values "
        "too), custom_encoder={type: function} converts that type before any rule (the exact "
        "type first), but never a model's fields"
    )


__all__ = ["IncEx", "jsonable_encoder"]
