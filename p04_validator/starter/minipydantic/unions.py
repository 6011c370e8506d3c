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

from collections.abc import Callable
from typing import Any

from minipydantic.errors import Validator

__all__ = ["exactness", "smart_union", "tagged_union", "union_tags"]

EXACT, STRICT, LAX = 2, 1, 0
Rank = Callable[[Any], int]


def exactness(tp: Any) -> Rank:
    """How exactly a value that `tp`'s validator accepted already was a `tp`."""
    raise NotImplementedError(
        "(milestone 3) Return rank(value) -> 2 (already exactly tp), 1 (strict mode would take it), "
        "0 (a conversion was needed), built once from the annotation."
    )


def smart_union(members: list[tuple[str, Validator, Any]]) -> Validator:
    """Pydantic's smart union over (label, validator, annotation) members, in order."""
    raise NotImplementedError(
        "(milestone 3) Return a validator that tries every member: the first exact success wins at "
        "once, else the best-ranked (earlier on a tie); if all fail, every member's errors under its label."
    )


def union_tags(members: list[Any], discriminator: str) -> dict[Any, Any]:
    """{tag: model} from each model's `Literal[...]` discriminator field."""
    raise NotImplementedError("(milestone 8) Return {tag: model} read from each model's Literal field.")


def tagged_union(members: list[Any], discriminator: str, build: Callable[[Any], Validator]) -> Validator:
    """A discriminated union: the tag field picks the one model to try."""
    raise NotImplementedError(
        "(milestone 8) Return a validator that reads the tag, validates with that model alone and "
        "locates its errors under the tag."
    )
