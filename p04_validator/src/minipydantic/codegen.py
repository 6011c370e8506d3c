"""Compile a model's field plan into one straight-line Python function.

This is the fast path. The interpretive way loops over fields per value and asks each one
"what are you?"; here that question is answered once, and the answers are written out as
source code (one block per field, the common type tested inline), `exec`ed, and kept. A valid
input then runs without a single loop or dispatch, which is why it gets close to Pydantic's
Rust core. `source_of(Model)` shows the generated text; the lesson reads it.
"""

from __future__ import annotations

import copy
import types
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any, Union, get_args, get_origin

from minipydantic.constraints import Check
from minipydantic.errors import MESSAGES, ErrorDetails, Invalid
from minipydantic.fields import Undefined

__all__ = ["FieldPlan", "fast_check", "generate", "optional_of", "source_of", "wrong_kind"]

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
    # With a fast check: the error type of a value of a kind that is never valid (a number
    # for a str), and the checks a value of the right type failed (its constraints).
    wrong_kind: str | None = None
    checks: tuple[Check, ...] = ()


def _literal(text: str) -> str:
    """`text` as a string literal for the generated source. `str.__repr__` rather than `repr`:
    an alias that is a str subclass with its own __repr__ must not write code."""
    return str.__repr__(text)


def _fail(errors: list[ErrorDetails] | None, invalid: Invalid, key: str) -> list[ErrorDetails]:
    found = invalid.errors
    for entry in found:  # errors.prefix, inline: this runs once per failing field
        entry["loc"] = (key,) + entry["loc"]
    if errors is None:
        return found
    errors += found  # (a list this validation made: _missing's or an earlier _fail's)
    return errors


def _missing(errors: list[ErrorDetails] | None, key: str, data: Any) -> list[ErrorDetails]:
    entry: ErrorDetails = {"type": "missing", "loc": (key,), "msg": "Field required", "input": data}
    return [entry] if errors is None else [*errors, entry]


def _wrong(errors: list[ErrorDetails] | None, kind: str, value: Any, key: str) -> list[ErrorDetails]:
    entry: ErrorDetails = {"type": kind, "loc": (key,), "msg": MESSAGES[kind], "input": value}
    if errors is None:
        return [entry]
    errors.append(entry)
    return errors


def _check(index: int, plan: FieldPlan, target: str, where: str) -> list[str]:
    """The lines that validate `v` (the value found at key `where`) into `target`."""
    call = f"V{index}(v, out)" if plan.needs_data else f"V{index}(v)"
    full = ["try:", f"    {target} = {call}", "except Invalid as e:"]
    full.append(f"    errors = _fail(errors, e, {where})")
    if plan.fast_check is None:
        return full
    # The failures the fast check tells apart are reported here, with no call and no raise.
    lines = [f"if {plan.fast_check}:", f"    {target} = v"]
    if plan.wrong_kind is not None:
        exact, never = _KINDS[plan.wrong_kind]
        if plan.checks:  # the right type, so a constraint failed
            lines += [f"elif type(v) is {exact}:", f"    errors = _bounds(errors, v, C{index}, {where})"]
        report = f"    errors = _wrong(errors, {plan.wrong_kind!r}, v, {where})"
        lines += [f"elif type(v) in {never}:", report]
    return [*lines, "else:", *("    " + line for line in full)]


# The error type of a value of the wrong kind -> the field's type, and the kinds never valid.
_KINDS = {
    "string_type": ("str", "NOT_TEXT"),
    "int_type": ("int", "NOT_NUMBER"),
    "float_type": ("float", "NOT_NUMBER"),
    "bool_type": ("bool", "NOT_NUMBER"),
}


def _bounds(
    errors: list[ErrorDetails] | None, value: Any, checks: tuple[Check, ...], key: str
) -> list[ErrorDetails]:
    """The entry of the first check `value` fails (the fast check says one does)."""
    for bound, holds, kind, ctx, message in checks:
        if not holds(value, bound):
            entry: ErrorDetails = {"type": kind, "loc": (key,), "msg": message, "input": value, "ctx": ctx}
            if errors is None:
                return [entry]
            errors.append(entry)
            return errors
    raise AssertionError(f"{value!r} fails the inline test but none of its checks")


_WRONG_KINDS = {str: "string_type", int: "int_type", float: "float_type", bool: "bool_type"}


def wrong_kind(tp: Any) -> str | None:
    """For a str, int, float or bool field (or one of them `| None`), the error type of a
    value no mode converts to it: a number, bool, null, array or object for a str (NOT_TEXT);
    null, an array or an object for the others (NOT_NUMBER). Known without calling the
    validator, that failure costs no exception."""
    return _WRONG_KINDS.get(optional_of(tp) or tp)


def _absent(index: int, plan: FieldPlan, target: str) -> list[str]:
    """The lines for a field whose key is not in the input: an error, or its default."""
    if plan.required:
        return [f"errors = _missing(errors, {_literal(plan.keys[0])}, given)"]
    if plan.default_factory is not None:
        lines = [f"{target} = F{index}()"]
    elif isinstance(plan.default, _IMMUTABLE) and type(plan.default) is not tuple:
        lines = [f"{target} = D{index}"]
    else:
        lines = [f"{target} = _copy(D{index})"]
    return [*lines, f"unset |= {1 << index}  # {_literal(plan.name)} left to its default"]


def _field_source(index: int, plan: FieldPlan, use_out: bool, from_object: bool) -> list[str]:
    """One field's block. From a dict, a required field reads its key in a `try` (no call, and
    free until a key is missing); a field with a default, or with an alias and its name, tests
    `in` first. From an object (from_attributes), each key is a `getattr`."""
    target = f"out[{_literal(plan.name)}]" if use_out else f"f{index}"
    absent = _absent(index, plan, target)
    key = _literal(plan.keys[0])
    if from_object:
        lines = _attribute_reads(index, plan, target, plan.keys, absent)
    elif plan.required and len(plan.keys) == 1:
        lines = ["try:", f"    v = data[{key}]", "except KeyError:", *_indent(absent), "else:"]
        lines += _indent(_check(index, plan, target, key))
    else:
        lines = []
        for number, key in enumerate(map(_literal, plan.keys)):
            lines += [f"{'el' if number else ''}if {key} in data:", f"    v = data[{key}]"]
            lines += _indent(_check(index, plan, target, key))
        lines += ["else:", *_indent(absent)]
    return _indent(lines)


def _attribute_reads(
    index: int, plan: FieldPlan, target: str, keys: tuple[str, ...], absent: list[str]
) -> list[str]:
    key = _literal(keys[0])
    lines = [f"v = getattr(data, {key}, _U)", "if v is not _U:", *_indent(_check(index, plan, target, key))]
    rest = _attribute_reads(index, plan, target, keys[1:], absent) if len(keys) > 1 else absent
    return [*lines, "else:", *_indent(rest)]


def _indent(lines: list[str]) -> list[str]:
    return ["    " + line for line in lines]


def fast_check(tp: Any, constraints: dict[str, Any]) -> str | None:
    """The inline test for the common case: `type(v) is int and v >= 1`. Anything it cannot
    prove (other types, patterns, odd bounds) falls through to the full validator."""
    inner = optional_of(tp)
    if inner is not None:  # `X | None`: None, or what X's test proves
        test = fast_check(inner, constraints)
        return None if test is None else f"v is None or {test}"
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
        if tp is float and float(bound) != bound:  # the validator compares with float(bound)
            return None
        if name in _INLINE and tp in (int, float):
            tests.append(f"v {_INLINE[name]} {bound!r}")
        elif name in ("min_length", "max_length") and tp is str:
            tests.append(f"len(v) {'>=' if name == 'min_length' else '<='} {bound!r}")
        else:
            return None
    return " and ".join(tests)


def optional_of(tp: Any) -> Any:
    """X for `X | None` (or `Optional[X]`), else None."""
    if get_origin(tp) not in (Union, types.UnionType):
        return None
    members = [arg for arg in get_args(tp) if arg is not type(None)]
    return members[0] if len(members) == 1 else None


def generate(
    model: type, plans: list[FieldPlan], extra: str, prepare: Callable[..., Any], from_attributes: bool
) -> tuple[Callable[..., Any], str]:
    """Source and function `validate(data, instance=None) -> instance` for `model`."""
    head = [
        "def validate(data, instance=None):",
        "    given = data",
        "    if type(data) is not dict:",
        "        if cls in type(data).__mro__:  # an instance of cls (or of a subclass)",
        "            return data",
        "        data = prepare(cls, data, FROM_ATTRIBUTES)  # a mapping as a dict, or an object to read",
        "        if type(data) is not dict:",
        "            return validate_object(data, instance)",
    ]
    lines = [*head, *_body(plans, extra, False), "", ""]
    lines += ["def validate_object(data, instance=None):", "    given = data", *_body(plans, extra, True)]
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
        "_wrong": _wrong,
        "_bounds": _bounds,
        "NOT_TEXT": frozenset({int, float, bool, type(None), list, dict}),
        "NOT_NUMBER": frozenset({type(None), list, dict}),
        "ALL": frozenset(plan.name for plan in plans),
        "FIELDS_SET": _FieldsSets([plan.name for plan in plans]),
        "KNOWN": frozenset(key for plan in plans for key in plan.keys),
    }
    for index, plan in enumerate(plans):
        namespace[f"V{index}"] = plan.validator
        namespace[f"D{index}"] = plan.default
        namespace[f"F{index}"] = plan.default_factory
        namespace[f"C{index}"] = plan.checks
    code = compile(source, f"<minipydantic validator for {model.__qualname__}>", "exec")
    exec(code, namespace)
    function: Callable[..., Any] = namespace["validate"]
    return function, source


def _body(plans: list[FieldPlan], extra: str, from_object: bool) -> list[str]:
    """Every field's block, then the instance: the body of `validate` (from a dict) or of
    `validate_object` (from an object's attributes, which has no extra keys)."""
    use_out = any(plan.needs_data for plan in plans)
    lines = ["    errors = None"]
    optional = [plan.name for plan in plans if not (plan.required and plan.default_factory is None)]
    if optional:
        lines.append("    unset = 0  # one bit per field left to its default")
    if use_out:
        lines.append("    out = {}")
    for index, plan in enumerate(plans):
        lines += _field_source(index, plan, use_out, from_object)
    extras = "{}" if extra == "allow" else "None"  # an object has no extra keys: {} (allow) or None
    if extra != "ignore" and not from_object:
        extras = "extras"
        lines += ["    extras = None", "    if len(data) > len(KNOWN) or not KNOWN.issuperset(data):"]
        lines += ["        extras = {k: data[k] for k in data if k not in KNOWN}"]
        if extra == "forbid":
            lines += [
                "        if extras:",
                "            errors = (errors or []) + [_extra(k, x) for k, x in extras.items()]",
                "            extras = None",
            ]
    values = ", ".join(f"{_literal(plan.name)}: f{index}" for index, plan in enumerate(plans))
    values = "out" if use_out else "{" + values + "}"
    fields_set = "FIELDS_SET[unset] if unset else ALL" if optional else "ALL"
    return [
        *lines,
        "    if errors is not None:",
        "        raise Invalid(errors)",
        "    if instance is None:",
        "        instance = new(cls)",
        f"    set_dict(instance, {values})",
        f"    set_fields_set(instance, {fields_set})",
        f"    set_extra(instance, {extras})",
        "    return instance",
    ]


class _FieldsSets(dict[int, frozenset[str]]):
    """`model_fields_set` for each combination of fields left to their defaults, by the bits
    of `unset`: made on first use, not per instance (a frozenset costs more than a lookup)."""

    LIMIT = 256  # combinations kept per model: input can choose them, memory must not grow

    def __init__(self, names: list[str]) -> None:
        super().__init__({0: frozenset(names)})
        self.names = names

    def __missing__(self, unset: int) -> frozenset[str]:
        given = frozenset(name for index, name in enumerate(self.names) if not unset >> index & 1)
        if len(self) < self.LIMIT:
            self[unset] = given
        return given


def _extra_entry(key: str, value: Any) -> ErrorDetails:
    return {"type": "extra_forbidden", "loc": (key,), "msg": "Extra inputs are not permitted", "input": value}


def source_of(model: Any) -> str:
    """The Python source generated for `model`'s validator: read it to see the fast path."""
    if not model.__mp_complete__:
        model.model_rebuild()
    source: str = model.__mp_source__
    return source
