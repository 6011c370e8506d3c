"""Unions: Pydantic's "smart" rule, and discriminated (tagged) unions.

The smart rule tries every member in order, in the field's mode (lax unless strict), and
ranks each success by how *exact* it was:

- exact (2): the input already is that type (`1` for `int`, a `list` of exact items for
  `list[int]`, an instance of the very model class); the first exact success wins at once;
- strict (1): strict mode would have taken it (`1` for `float`, a bool subclass of int, a
  subclass instance, anything for `Any`, a model built from a dict);
- lax (0): only a conversion made it fit (`"1"` for `int`, a tuple for `list`).

Otherwise the best-ranked success wins, the earlier member on a tie, except that between two
models built from a dict the one that set more fields wins first. So `Union[float, int]`
keeps 2**53 + 1 an int (int is exact, float only strict: converting would lose the last
digit), `Union[int, str]` keeps "1" a str, and `Union[int, float]` turns "1.5" into 1.5.
The exactness of a value depends only on the annotation, so `exactness(tp)` is built once.
"""

from __future__ import annotations

import datetime as dt
import types
from collections.abc import Callable
from decimal import Decimal
from enum import Enum
from typing import Annotated, Any, Literal, Union, get_args, get_origin
from uuid import UUID

from minipydantic.errors import ErrorDetails, Invalid, Validator, error, prefix
from minipydantic.network import AnyUrl, EmailStr

__all__ = ["exactness", "smart_union", "tagged_union", "union_tags"]

EXACT, STRICT, LAX = 2, 1, 0
Rank = Callable[[Any], int]
_TYPED = (Decimal, UUID, dt.datetime, dt.time, dt.timedelta)


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and hasattr(tp, "__mp_fields__")


def _scalar(tp: type) -> Rank:
    """int, float, str, bytes ... : exact type, then what strict mode takes, then lax."""
    if tp is float:
        return lambda v: (
            EXACT
            if type(v) is float
            else STRICT
            if isinstance(v, float | int) and v is not True and v is not False
            else LAX
        )
    if tp is int:
        return lambda v: (
            EXACT if type(v) is int else STRICT if isinstance(v, int) and type(v) is not bool else LAX
        )
    if tp is bool:
        return lambda v: EXACT if v is True or v is False else LAX
    if tp is str or tp is EmailStr:
        return lambda v: (
            EXACT if type(v) is str else STRICT if isinstance(v, str) and not isinstance(v, Enum) else LAX
        )
    if tp is dt.date:
        return lambda v: (
            EXACT
            if type(v) is dt.date
            else STRICT
            if isinstance(v, dt.date) and not isinstance(v, dt.datetime)
            else LAX
        )
    if tp is bytes or tp in _TYPED or issubclass(tp, Enum | AnyUrl):
        return lambda v: (
            EXACT
            if type(v) is tp
            else STRICT
            if isinstance(v, tp) and not issubclass(tp, Enum | AnyUrl)
            else LAX
        )
    return lambda v: EXACT if type(v) is tp else STRICT  # URLs, arbitrary classes


def _items(kind: Any, item: Rank) -> Rank:
    def rank_items(value: Any) -> int:
        if type(value) is not kind:
            return LAX
        return min((item(element) for element in value), default=EXACT)

    return rank_items


def _model_rank(model: Any) -> Callable[[Any, Any], tuple[int, int | None]]:
    """(exactness, fields set or None): an instance is exact (a subclass's strict); a model
    built from a dict counts its set fields and is at best strict, lowered by its fields."""
    ranks: dict[str, Rank] = {}

    def rank_model(value: Any, result: Any) -> tuple[int, int | None]:
        if isinstance(value, model):
            return (EXACT if type(value) is model else STRICT), None
        if not ranks:
            for name, info in model.model_fields.items():
                tp = Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
                ranks[name if info.alias is None else info.alias] = exactness(tp)
        level = STRICT
        if isinstance(value, dict):
            level = min((rank(value[key]) for key, rank in ranks.items() if key in value), default=STRICT)
        return min(level, STRICT), len(result.model_fields_set)

    return rank_model


def exactness(tp: Any) -> Rank:
    """How exactly a value that `tp`'s validator accepted already was a `tp` (see above)."""
    origin, args = get_origin(tp), get_args(tp)
    if origin is Annotated:
        return exactness(args[0])
    if tp is Any or tp is object:
        return lambda v: STRICT  # Any is never preferred to an exact match
    if tp is None or tp is type(None) or origin is Literal:
        return lambda v: EXACT
    if origin is Union or origin is types.UnionType:
        members = [exactness(arg) for arg in args]
        return lambda v: max(rank(v) for rank in members)
    if _is_model(tp):
        rank_model = _model_rank(tp)
        return lambda v: rank_model(v, None)[0] if isinstance(v, tp) else STRICT
    if origin in (list, set, frozenset) or tp in (list, set, frozenset):
        return _items(origin or tp, exactness(args[0]) if args else exactness(Any))
    if origin is tuple or tp is tuple:
        if not args or (len(args) == 2 and args[1] is Ellipsis):
            return _items(tuple, exactness(args[0]) if args else exactness(Any))
        positions = [exactness(arg) for arg in args]
        return lambda v: (
            min((r(x) for r, x in zip(positions, v, strict=False)), default=EXACT)
            if type(v) is tuple
            else LAX
        )
    if origin is dict or tp is dict:
        key, item = (exactness(args[0]), exactness(args[1])) if args else (exactness(Any),) * 2
        return lambda v: (
            min((min(key(k), item(x)) for k, x in v.items()), default=EXACT) if type(v) is dict else LAX
        )
    if isinstance(tp, type):
        return _scalar(tp)
    return lambda v: LAX


def smart_union(members: list[tuple[str, Validator, Any]]) -> Validator:
    """Pydantic's smart union over (label, validator, annotation) members, in order."""
    ranked = [
        (name, check, _model_rank(tp) if _is_model(tp) else _no_fields(exactness(tp)))
        for name, check, tp in members
    ]

    def validate_union(value: Any) -> Any:
        errors: list[ErrorDetails] = []
        best: tuple[Any, int, int | None] | None = None
        for name, check, rank in ranked:
            try:
                result = check(value)
            except Invalid as invalid:
                if best is None:
                    errors += prefix(invalid.errors, name)
                continue
            level, fields = rank(value, result)
            if level == EXACT and fields is None:
                return result
            if best is None or _better(best, level, fields):
                best = (result, level, fields)
        if best is not None:
            return best[0]
        raise Invalid(errors) if errors else error("union_tag_not_found", value)

    return validate_union


def _no_fields(rank: Rank) -> Callable[[Any, Any], tuple[int, int | None]]:
    return lambda value, result: (rank(value), None)


def _better(best: tuple[Any, int, int | None], level: int, fields: int | None) -> bool:
    _, best_level, best_fields = best
    if best_fields is not None and fields is not None and best_fields != fields:
        return fields > best_fields
    return level > best_level


def union_tags(members: list[Any], discriminator: str) -> dict[Any, Any]:
    """{tag: model} from each model's `Literal[...]` discriminator field."""
    tags: dict[Any, Any] = {}
    for member in members:
        if not _is_model(member) or discriminator not in member.model_fields:
            raise TypeError(
                f"{member!r} needs a Literal field {discriminator!r} to be in a discriminated union"
            )
        for tag in get_args(member.model_fields[discriminator].annotation):
            tags[tag] = member
    return tags


def tagged_union(members: list[Any], discriminator: str, build: Callable[[Any], Validator]) -> Validator:
    """A discriminated union: the tag field picks the one model to try, so errors are about it
    alone, located under the tag (`("pet", "cat", "meows")`)."""
    tags = union_tags(members, discriminator)
    first = members[0].model_fields[discriminator]
    key = discriminator if first.alias is None else first.alias
    choices = {tag: (str(tag), build(model)) for tag, model in tags.items()}
    ctx = {"discriminator": repr(discriminator)}
    expected = ", ".join(repr(tag) for tag in tags)
    missing = object()

    def validate_tagged_union(value: Any) -> Any:
        if isinstance(value, dict):
            tag = value.get(key, missing)
        elif hasattr(value, discriminator):
            tag = getattr(value, discriminator)
        else:
            raise error("model_attributes_type", value)
        if tag is missing:
            raise error("union_tag_not_found", value, ctx)
        try:
            name, check = choices[tag]
        except (KeyError, TypeError):
            raise error(
                "union_tag_invalid", value, {**ctx, "tag": str(tag), "expected_tags": expected}
            ) from None
        try:
            return check(value)
        except Invalid as invalid:
            raise Invalid(prefix(invalid.errors, name)) from None

    return validate_tagged_union
