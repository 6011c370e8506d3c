"""Constraints: checked once when the model is defined, then applied after the type's validator.

Three jobs, all decided at class-definition time so the per-value path stays a straight line:

- `number_bounds` refuses declarations that could never work (`multiple_of=0` would divide
  by zero on every request; `ge=1.5` on an int; a bound too large for a float) with a
  `SchemaError`, as Pydantic does, and converts the bounds to the field's number type.
- `with_number_constraints` adds multiple_of, le, lt, ge, gt checks, in Pydantic's order.
- `with_misapplied` handles a constraint the type has no rule for (`max_length` on an int,
  `gt` on a str). Pydantic does not drop it: it runs Python's own operator after the type's
  validator (`len(value) <= 3`, `value > "b"`), which either works or raises TypeError
  ("Unable to apply constraint ..."). We do the same, so the mistake is visible.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from minipydantic.errors import Validator

__all__ = [
    "NUMBER_CONSTRAINTS",
    "Check",
    "inline_checks",
    "length_checks",
    "number_bounds",
    "number_checks",
    "with_misapplied",
    "with_number_constraints",
]

NUMBER_CONSTRAINTS = ("multiple_of", "le", "lt", "ge", "gt")


def number_bounds(kind: str, constraints: dict[str, Any]) -> dict[str, Any]:
    """The number constraints of a `kind` ("int", "float", "decimal") field, checked and
    converted once: {name: bound} in checking order."""
    raise NotImplementedError(
        "(milestone 2) Return {name: bound} for multiple_of, le, lt, ge, gt in that order, converted to "
        "the field's number type; raise SchemaError for multiple_of <= 0 (or not finite), an int "
        "bound that is not whole, a float bound too large for a float."
    )


# One constraint, prepared once: (bound, holds(value, bound) -> bool, error type, ctx, message).
Check = tuple[Any, Callable[[Any, Any], bool], str, dict[str, Any], str]


def number_checks(bounds: dict[str, Any], cast: Any = None, show: Any = None) -> list[Check]:
    """The checks of `bounds` (from `number_bounds`), in Pydantic's order, messages rendered."""
    raise NotImplementedError(
        "(optional, milestone 9) Return one Check per bound, in checking order: its bound (cast), the "
        "test a valid number passes, the error type, its ctx and its message, rendered once."
    )


def length_checks(constraints: dict[str, Any], what: str) -> list[Check]:
    """min_length and max_length of a str or bytes (`what`: "string" or "bytes")."""
    raise NotImplementedError(
        "(optional, milestone 9) Return a Check for min_length and for max_length when given: "
        "'<what>_too_short' / '<what>_too_long', ctx {name: bound}."
    )


def inline_checks(tp: Any, constraints: dict[str, Any]) -> list[Check]:
    """The checks a plain int, float or str field's validator applies after its type: what
    the generated code tests itself for a value of exactly that type."""
    raise NotImplementedError(
        "(optional, milestone 9) Return the number checks of an int or float field, the length checks "
        "of a str field, [] otherwise."
    )


def with_number_constraints(
    base: Validator, bounds: dict[str, Any], cast: Any = None, show: Any = None
) -> Validator:
    """Add the checks of `bounds` (from `number_bounds`) after `base`, in Pydantic's order."""
    raise NotImplementedError(
        "(milestone 2) Return a validator that runs `base`, then checks multiple_of, le, lt, ge and gt "
        "(in that order) on the converted number; a float is a multiple when within 1e-9 of "
        "round(value / step) * step."
    )


def with_misapplied(
    base: Validator, leftovers: dict[str, Any], schema_type: str, str_check: Validator
) -> Validator:
    """Apply constraints `base` has no rule for after it, with Python's own operators."""
    raise NotImplementedError(
        "(milestone 2) Return a validator that runs `base`, then each leftover constraint with "
        "Python's operators (len() for lengths: too_short/too_long with field_type 'Value'); a "
        "TypeError becomes TypeError(\"Unable to apply constraint '<name>' to supplied value <v>\")."
    )
