"""Compile a model's field plan into one straight-line Python function.

This is the fast path. The interpretive way loops over fields per value and asks each one
"what are you?"; here that question is answered once, and the answers are written out as
source code (one block per field, the common type tested inline), `exec`ed, and kept. A valid
input then runs without a single loop or dispatch, which is why it gets close to Pydantic's
Rust core. `source_of(Model)` shows the generated text; the lesson reads it.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any

from minipydantic.errors import ErrorDetails, Invalid, prefix
from minipydantic.fields import Undefined

__all__ = ["FieldPlan", "fast_check", "generate", "source_of"]

_FAST_TYPES = {str: "str", int: "int", bool: "bool", float: "float"}
_INLINE = {"gt": ">", "ge": ">=", "lt": "<", "le": "<="}
_IMMUTABLE = (type(None), bool, int, float, str, bytes, Enum, frozenset, tuple)


@dataclass(slots=True)
class FieldPlan:
    """Everything the generated code needs to know about one field."""

    name: str
    keys: tuple[str, ...]  # input keys to look up, in order (alias first, then name)
    validator: Callable[..., Any]
    needs_data: bool  # validator takes the fields validated so far (a validator asked for info)
    fast_check: str | None  # an inline expression on `v` that proves it valid as it is
    required: bool
    default: Any
    default_factory: Callable[[], Any] | None


def _literal(text: str) -> str:
    """`text` as a string literal for the generated source. `str.__repr__` rather than `repr`:
    an alias that is a str subclass with its own __repr__ must not write code."""
    return str.__repr__(text)


def _fail(errors: list[ErrorDetails] | None, invalid: Invalid, key: str) -> list[ErrorDetails]:
    found = prefix(invalid.errors, key)
    return found if errors is None else errors + found


def _missing(errors: list[ErrorDetails] | None, key: str, data: Any) -> list[ErrorDetails]:
    entry: ErrorDetails = {"type": "missing", "loc": (key,), "msg": "Field required", "input": data}
    return [entry] if errors is None else [*errors, entry]


def _field_source(index: int, plan: FieldPlan, use_out: bool) -> list[str]:
    target = f"out[{_literal(plan.name)}]" if use_out else f"f{index}"
    lines = [f"    v = get({_literal(plan.keys[0])}, _U)"]
    where = _literal(plan.keys[0])  # the key an error is located at: the one the value came from
    if len(plan.keys) > 1:
        lines.append(f"    k = {where}")
        where = "k"
    for key in plan.keys[1:]:
        lines += ["    if v is _U:", f"        v = get({_literal(key)}, _U)", f"        k = {_literal(key)}"]
    lines.append("    if v is _U:")
    if plan.required:
        lines.append(f"        errors = _missing(errors, {_literal(plan.keys[0])}, data)")
    elif plan.default_factory is not None:
        lines.append(f"        {target} = F{index}()")
    elif isinstance(plan.default, _IMMUTABLE) and type(plan.default) is not tuple:
        lines.append(f"        {target} = D{index}")
    else:
        lines.append(f"        {target} = _copy(D{index})")
    if plan.default_factory is not None or not plan.required:
        lines.append(f"        unset = (unset or ()) + ({_literal(plan.name)},)")
    if plan.fast_check is not None:
        lines += [f"    elif {plan.fast_check}:", f"        {target} = v"]
    call = f"V{index}(v, out)" if plan.needs_data else f"V{index}(v)"
    lines += [
        "    else:",
        "        try:",
        f"            {target} = {call}",
        "        except Invalid as e:",
        f"            errors = _fail(errors, e, {where})",
    ]
    return lines


def fast_check(tp: Any, constraints: dict[str, Any]) -> str | None:
    """The inline test for the common case: `type(v) is int and v >= 1`. Anything it cannot
    prove (other types, patterns, odd bounds) falls through to the full validator."""
    if tp not in _FAST_TYPES:
        return None
    tests = [f"type(v) is {_FAST_TYPES[tp]}"]
    for name, bound in constraints.items():
        if name == "strict":  # the exact type passes in strict mode too
            continue
        # Only exact ints and floats are written into the source: a subclass (an IntEnum, or
        # any class with its own __repr__) would put arbitrary text into the generated code.
        if type(bound) not in (int, float) or bound != bound or abs(bound) == float("inf"):
            return None
        if name in _INLINE and tp in (int, float):
            tests.append(f"v {_INLINE[name]} {bound!r}")
        elif name in ("min_length", "max_length") and tp is str:
            tests.append(f"len(v) {'>=' if name == 'min_length' else '<='} {bound!r}")
        else:
            return None
    return " and ".join(tests)


def generate(
    model: type, plans: list[FieldPlan], extra: str, prepare: Callable[..., Any], from_attributes: bool
) -> tuple[Callable[..., Any], str]:
    """Source and function `validate(data, instance=None) -> instance` for `model`."""
    use_out = any(plan.needs_data for plan in plans)
    lines = [
        "def validate(data, instance=None, from_attrs=FROM_ATTRIBUTES):",
        "    if type(data) is not dict:",
        "        if isinstance(data, cls):",
        "            return data",
        "        data = prepare(cls, data, from_attrs)",
        "    get = data.get",
        "    errors = None",
        "    unset = None",
    ]
    if use_out:
        lines.append("    out = {}")
    for index, plan in enumerate(plans):
        lines += _field_source(index, plan, use_out)
    if extra != "ignore":
        lines += ["    extras = None", "    if len(data) > len(KNOWN) or not KNOWN.issuperset(data):"]
        lines += ["        extras = {k: data[k] for k in data if k not in KNOWN}"]
        if extra == "forbid":
            lines += [
                "        if extras:",
                "            errors = (errors or []) + [_extra(k, x) for k, x in extras.items()]",
                "            extras = None",
            ]
    values = (
        "out" if use_out else "{" + ", ".join(f"{_literal(p.name)}: f{i}" for i, p in enumerate(plans)) + "}"
    )
    lines += [
        "    if errors is not None:",
        "        raise Invalid(errors)",
        "    if instance is None:",
        "        instance = new(cls)",
        f"    set_dict(instance, {values})",
        "    set_fields_set(instance, ALL if unset is None else ALL.difference(unset))",
        f"    set_extra(instance, {'extras' if extra != 'ignore' else 'None'})",
        "    return instance",
    ]
    source = "\n".join(lines) + "\n"
    slots = {
        name: model.__mro__[-2].__dict__[name].__set__ for name in ("__dict__", "__fields_set__", "__extra__")
    }
    namespace: dict[str, Any] = {
        "cls": model,
        "new": object.__new__,
        "prepare": prepare,
        "FROM_ATTRIBUTES": from_attributes,
        "set_dict": slots["__dict__"],
        "set_fields_set": slots["__fields_set__"],
        "set_extra": slots["__extra__"],
        "_U": Undefined,
        "Invalid": Invalid,
        "_fail": _fail,
        "_missing": _missing,
        "_copy": copy.deepcopy,
        "_extra": _extra_entry,
        "ALL": frozenset(plan.name for plan in plans),
        "KNOWN": frozenset(key for plan in plans for key in plan.keys),
    }
    for index, plan in enumerate(plans):
        namespace[f"V{index}"] = plan.validator
        namespace[f"D{index}"] = plan.default
        namespace[f"F{index}"] = plan.default_factory
    code = compile(source, f"<minipydantic validator for {model.__qualname__}>", "exec")
    exec(code, namespace)
    function: Callable[..., Any] = namespace["validate"]
    return function, source


def _extra_entry(key: str, value: Any) -> ErrorDetails:
    return {"type": "extra_forbidden", "loc": (key,), "msg": "Extra inputs are not permitted", "input": value}


def source_of(model: Any) -> str:
    """The Python source generated for `model`'s validator: read it to see the fast path."""
    if not model.__mp_complete__:
        model.model_rebuild()
    source: str = model.__mp_source__
    return source
