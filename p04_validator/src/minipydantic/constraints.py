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

import math
import operator
import sys
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from minipydantic.errors import Invalid, Validator, error, render
from minipydantic.fields import SchemaError

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
_POSITIVE = "'multiple_of' must be a finite number greater than 0"


def _as_int(name: str, bound: Any) -> int:
    """An int field's bound: a whole number (1.0 is 1), printable in an error message."""
    try:
        whole = int(bound)
        exact = whole == bound
    except (TypeError, ValueError, OverflowError):
        exact = False
    if not exact:
        raise SchemaError(f'Error building "int" validator: {name!r} must be coercible to an integer')
    if abs(whole) >= 10 ** sys.get_int_max_str_digits():
        raise SchemaError(
            f'Error building "int" validator: {name!r} has more than {sys.get_int_max_str_digits()} '
            "digits, too many to show in an error message"
        )
    return whole


def _as_float(name: str, bound: Any) -> float:
    try:
        return float(bound)
    except OverflowError as exc:
        raise SchemaError(f'Error building "float" validator: {name!r}: OverflowError: {exc}') from None


def _as_decimal(name: str, bound: Any) -> Decimal:
    return bound if isinstance(bound, Decimal) else Decimal(str(bound))


_CASTS: dict[str, Callable[[str, Any], Any]] = {"int": _as_int, "float": _as_float, "decimal": _as_decimal}


def number_bounds(kind: str, constraints: dict[str, Any]) -> dict[str, Any]:
    """The number constraints of a `kind` ("int", "float", "decimal") field, checked and
    converted once: {name: bound} in checking order."""
    bounds: dict[str, Any] = {}
    for name in NUMBER_CONSTRAINTS:
        if name not in constraints:
            continue
        bound = constraints[name]
        if name == "multiple_of":
            try:
                positive = bound > 0 and (not isinstance(bound, float) or math.isfinite(bound))
            except TypeError:
                positive = False
            if not positive or (isinstance(bound, Decimal) and not bound.is_finite()):
                raise SchemaError(f'Error building "{kind}" validator: {_POSITIVE}')
        bounds[name] = _CASTS[kind](name, bound)
    return bounds


def _float_multiple(value: float, step: float) -> bool:
    """Within 1e-9 of the nearest multiple: |value - round(value / step) * step| <= 1e-9,
    rounding halves away from zero. 1e16 is a multiple of 0.1 (1e17 * 0.1 == 1e16 as floats),
    although 1e16 % 0.1 is 0.044..., which is why a remainder test gets it wrong."""
    quotient = abs(value / step)
    if math.isfinite(quotient) and quotient < 2**52:  # beyond that every float is whole
        whole = math.floor(quotient)
        quotient = whole + 1 if quotient - whole >= 0.5 else whole
    nearest = math.copysign(quotient, value / step) * step
    return abs(value - nearest) <= 1e-9


def _is_multiple(value: Any, step: Any) -> bool:
    if isinstance(value, float):
        return _float_multiple(value, step)
    return bool(value % step == 0)  # ints and Decimals: exact arithmetic


# Each number constraint: the error it reports, and the test a valid value passes.
_NUMBER_CHECKS: dict[str, tuple[str, Callable[[Any, Any], bool]]] = {
    "multiple_of": ("multiple_of", _is_multiple),
    "le": ("less_than_equal", operator.le),
    "lt": ("less_than", operator.lt),
    "ge": ("greater_than_equal", operator.ge),
    "gt": ("greater_than", operator.gt),
}


# One constraint, prepared once: (bound, holds(value, bound) -> bool, error type, ctx, message).
Check = tuple[Any, Callable[[Any, Any], bool], str, dict[str, Any], str]


def number_checks(bounds: dict[str, Any], cast: Any = None, show: Any = None) -> list[Check]:
    """The checks of `bounds` (from `number_bounds`), in Pydantic's order, messages rendered.
    `cast`, if given, converts each bound first; `show` turns a bound into its ctx value."""
    checks: list[Check] = []
    for name, bound in bounds.items():
        if name in _NUMBER_CHECKS:
            kind, holds = _NUMBER_CHECKS[name]
            ctx = {name: show(bound) if show else bound}
            checks.append((cast(bound) if cast else bound, holds, kind, ctx, render(kind, ctx)))
    return checks


def _long_enough(value: Any, bound: int) -> bool:
    return len(value) >= bound


def _short_enough(value: Any, bound: int) -> bool:
    return len(value) <= bound


def length_checks(constraints: dict[str, Any], what: str) -> list[Check]:
    """min_length and max_length of a str or bytes (`what`: "string" or "bytes")."""
    checks: list[Check] = []
    for name, suffix, holds in (
        ("min_length", "too_short", _long_enough),
        ("max_length", "too_long", _short_enough),
    ):
        if name in constraints:
            kind, ctx = f"{what}_{suffix}", {name: constraints[name]}
            checks.append((constraints[name], holds, kind, ctx, render(kind, ctx)))
    return checks


def inline_checks(tp: Any, constraints: dict[str, Any]) -> list[Check]:
    """The checks a plain int, float or str field's validator applies after its type: what
    the generated code tests itself for a value of exactly that type."""
    if tp is int or tp is float:
        return number_checks(number_bounds(tp.__name__, constraints))
    return length_checks(constraints, "string") if tp is str else []


def with_number_constraints(
    base: Validator, bounds: dict[str, Any], cast: Any = None, show: Any = None
) -> Validator:
    """Add the checks of `bounds` (from `number_bounds`) after `base`, in Pydantic's order."""
    checks = number_checks(bounds, cast, show)
    if not checks:
        return base

    def constrained(value: Any) -> Any:
        result = base(value)
        for bound, holds, kind, ctx, message in checks:
            if not holds(result, bound):
                raise error(kind, value, ctx, message)
        return result

    return constrained


def _shown(bound: Any) -> Any:
    return bound if isinstance(bound, int | float | str) else repr(bound)


# Python's operators, as Pydantic's fallback validators use them: a remainder that is truthy
# is "not a multiple", with no float tolerance.
_PLAIN_TESTS: dict[str, Callable[[Any, Any], bool]] = {
    "multiple_of": lambda value, step: not value % step,
    "le": operator.le,
    "lt": operator.lt,
    "ge": operator.ge,
    "gt": operator.gt,
}
Step = Callable[[Any, Any], Any]  # (raw input, value so far) -> value


def _misapplied_step(name: str, bound: Any, schema_type: str, str_check: Validator) -> Step:
    """One constraint run the way Pydantic runs a constraint the type lacks."""
    if name == "pattern":

        def apply_pattern(raw: Any, value: Any) -> Any:
            try:
                return str_check(value)
            except Invalid as invalid:
                if "type" in invalid.errors[0]["type"]:
                    raise TypeError(
                        f"Unable to apply constraint 'pattern' to supplied value {value} "
                        f"for schema of type '{schema_type}'"
                    ) from None
                raise Invalid([{**entry, "input": raw} for entry in invalid.errors]) from None

        return apply_pattern

    def apply(raw: Any, value: Any) -> Any:
        try:
            if name in ("min_length", "max_length"):
                size = len(value)
                if (size < bound) if name == "min_length" else (size > bound):
                    kind = "too_short" if name == "min_length" else "too_long"
                    raise error(kind, raw, {"field_type": "Value", name: bound, "actual_length": size})
            elif not _PLAIN_TESTS[name](value, bound):
                raise error(_NUMBER_CHECKS[name][0], raw, {name: _shown(bound)})
        except TypeError:
            raise TypeError(f"Unable to apply constraint '{name}' to supplied value {value}") from None
        return value

    return apply


def with_misapplied(
    base: Validator, leftovers: dict[str, Any], schema_type: str, str_check: Validator
) -> Validator:
    """Apply constraints `base` has no rule for after it (see the module docstring), the
    pattern last, as Pydantic chains it. `str_check` is a lax str validator with the pattern."""
    names = [name for name in leftovers if name in _PLAIN_TESTS or name in ("min_length", "max_length")]
    names += ["pattern"] if "pattern" in leftovers else []
    steps = [_misapplied_step(name, leftovers[name], schema_type, str_check) for name in names]
    if not steps:
        return base

    def validate_then_constrain(value: Any) -> Any:
        result = base(value)
        for step in steps:
            result = step(value, result)
        return result

    return validate_then_constrain
