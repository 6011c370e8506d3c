"""Write a model's serialiser as Python source, once per model class and set of dump options.

The generic walk (`serialize`) asks every value what it is and every field what the options
say, on every dump. All of those answers but one depend only on the code: the fields, their
declared types, the options. So, as `codegen` does for validation, we answer them once and
write the answers out as a function (`dumper_source(Model, mode="json")` shows it):

    def dump_Order(m, depth):
        d = m.__dict__
        if len(d) != 4 or depth >= 252:  # not just its fields, or deep
            return dump_fields(m, None, None, O, depth)
        try:
            f_id = d['id']
            ...
        level = depth + 1  # in JSON mode every model is a level
        if type(f_id) is not int:
            f_id = dump_field(f_id, O, level)
        if type(f_lines) is list:
            f_lines = [dump_Line(x, level) if type(x) is M_Line else dump_any(x, O, level) for x in f_lines]
        else:
            f_lines = dump_field(f_lines, O, level)
        ...
        return {'id': f_id, 'lines': f_lines, ...}

The question left per value is "does it have the declared type?" (`type(v) is str`). If it
does, it is converted inline (kept, or `iso(v)` for a datetime, a list comprehension for a
`list[Line]`, a call to the nested model's own function). Anything else (a value assigned or
given to `model_construct`, a subclass, data typed `Any`, a container inside a container)
goes to the generic walk, which dumps any value. So the generated code never decides an
answer the walk would give differently; it only skips the questions.

The walk also serves, whole, what one function per model cannot know in advance: a call with
`include`/`exclude`, an instance whose `__dict__` is not exactly its fields (a field left out
of `model_construct`), one holding extras, and a model within four levels of the depth limit
(the walk counts the levels exactly; up to there nothing generated can reach the limit).
"""

from __future__ import annotations

import collections.abc as abc
import types
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from enum import Enum
from typing import Annotated, Any, Literal, TypeAlias, Union, get_args, get_origin
from uuid import UUID

from minipydantic.dumpplan import LIMIT, Options, plan_of, types_floats
from minipydantic.network import AnyUrl, EmailStr

__all__ = ["NEAR_LIMIT", "model_dumper", "type_dumper"]

# (guard, form): "type(v) is datetime", "iso(v)". A form None: the value is dumped as it is.
Cases: TypeAlias = list[tuple[str, str | None]]
NEAR_LIMIT = LIMIT - 4  # a model whose parent is this deep is dumped by the generic walk
_NONE = type(None)
# Enums the walk does not dump by value: a date (isoformat first) or a container mixed in.
_ODD_ENUMS = (date, time, timedelta, Mapping, list, tuple, set, frozenset)
_KEPT = (str, int, bool, _NONE)  # JSON-ready as they are, in both modes
_JSON_FORMS = {  # the JSON form of a value of exactly this type, "{}" standing for the value
    datetime: "iso({})",
    time: "iso({})",
    date: "{}.isoformat()",
    timedelta: "duration({})",
    UUID: "str({})",
    Decimal: "str({})",
    bytes: "{}.decode()",
}
# What a validated container of each declared kind is, at run time.
_CONTAINERS: dict[Any, type] = {
    list: list,
    abc.Sequence: list,
    abc.MutableSequence: list,
    set: set,
    abc.Set: set,
    abc.MutableSet: set,
    frozenset: frozenset,
    tuple: tuple,
    dict: dict,
    abc.Mapping: dict,
    abc.MutableMapping: dict,
}


@dataclass(frozen=True)
class _Level:
    """A depth as written in the source: `level - 1`, `depth`, `0`."""

    name: str  # "" for a constant
    offset: int = 0

    def __add__(self, n: int) -> _Level:
        return _Level(self.name, self.offset + n)

    def __str__(self) -> str:
        if not self.name:
            return str(self.offset)
        sign = "+" if self.offset > 0 else "-"
        return self.name if not self.offset else f"{self.name} {sign} {abs(self.offset)}"


@dataclass(frozen=True)
class _Place:
    """Where a value sits, as the generic walk sees it."""

    options: str  # the name of the options its dump runs with
    at: _Level  # the depth the walk gives a container or a model found here
    at_self: _Level  # ... an instance of a model that contains itself
    fallback: str  # the call that dumps anything else found here ("{}": the value)
    inline: bool  # may a container be dumped inline here (one level of containers is)


class _Writer:
    """Source lines, and the namespace holding every name they use."""

    def __init__(self, runtime: Mapping[str, Any], json: bool) -> None:
        self.namespace: dict[str, Any] = dict(runtime)
        self.json = json
        self.names: dict[Any, str] = {}  # what constant() and dumper() have named

    def constant(self, value: Any, name: str) -> str:
        """The name `value` has in the namespace: `name`, or `name_2` ... if that is taken.
        Options tuples are told apart by value, anything else by identity."""
        key = (name, value if type(value) is tuple else id(value))
        if key not in self.names:
            self.names[key] = self.unique(name)
            self.namespace[self.names[key]] = value
        return self.names[key]

    def unique(self, name: str) -> str:
        found, n = name, 1
        while found in self.namespace:
            n += 1
            found = f"{name}_{n}"
        return found

    def dumper(self, model: Any, options: Options) -> str:
        """The name of `model`'s serialiser for `options`: bound to a stub that fetches (or
        makes) the real one on its first call, then puts it in its place."""
        key = (model, options)
        if key in self.names:
            return self.names[key]
        namespace, dumper_of = self.namespace, self.namespace["dumper_of"]
        name = self.unique(f"dump_{_identifier(model.__name__)}")

        def first_call(value: Any, depth: int) -> Any:
            dump = dumper_of(model, options)
            namespace[name] = dump
            return dump(value, depth)

        namespace[name] = first_call
        self.names[key] = name
        return name

    def block(self, var: str, tp: Any, place: _Place, indent: str) -> list[str]:
        """Statements that replace `var` with its dumped form."""
        cases = self.cases(tp, var, place)
        fallback = place.fallback.format(var)
        converted = [(guard, form) for guard, form in cases if form is not None]
        kept = [guard for guard, form in cases if form is None]
        lines, keyword = [], "if"
        for guard, form in converted:
            lines += [f"{indent}{keyword} {guard}:", f"{indent}    {var} = {form}"]
            keyword = "elif"
        if kept:
            otherwise = " and ".join(_negated(guard) for guard in kept)
            lines += [f"{indent}{keyword} {otherwise}:", f"{indent}    {var} = {fallback}"]
        elif converted:
            lines += [f"{indent}else:", f"{indent}    {var} = {fallback}"]
        else:
            lines.append(f"{indent}{var} = {fallback}")
        return lines

    def expression(self, types: tuple[Any, ...], var: str, place: _Place) -> str:
        """The dumped form of `var`, a value of one of `types`, as one expression:
        `x if type(x) is str else ...`."""
        text = place.fallback.format(var)
        for guard, form in reversed(self.any_of(types, var, place)):
            text = f"{form or var} if {guard} else {text}"
        return text

    def any_of(self, types: tuple[Any, ...], var: str, place: _Place) -> Cases:
        found: Cases = []
        for member in types:
            found += [case for case in self.cases(member, var, place) if case not in found]
        return found

    def cases(self, tp: Any, var: str, place: _Place) -> Cases:
        """(guard, form) for each exact type a value of type `tp` is expected to have; form
        None: the value is dumped as it is."""
        origin, args = get_origin(tp), get_args(tp)
        if origin is Annotated:
            return self.cases(args[0], var, place)
        if origin is Union or origin is types.UnionType:
            return self.any_of(args, var, place)
        if origin is Literal:
            return self.any_of(tuple(type(arg) for arg in args), var, place)
        if tp is None or tp is _NONE:
            return [(f"{var} is None", None)]
        if tp in _KEPT or tp is EmailStr:
            return [(f"type({var}) is {'str' if tp is EmailStr else tp.__name__}", None)]
        if tp is float:  # a finite float is kept; inf and nan only where the options keep them
            mode = self.namespace[place.options][0]
            finite = "" if mode is False or mode == "keep" else f" and {var} - {var} == 0.0"
            return [(f"type({var}) is float{finite}", None)]
        if origin is not None or tp in _CONTAINERS:
            return self.container(origin or tp, args, var, place)
        if not isinstance(tp, type):  # Any, a TypeVar ...: the walk decides
            return []
        if hasattr(tp, "__mp_fields__"):
            return self.model(tp, var, place)
        if tp in _JSON_FORMS:  # python mode keeps these as they are, and enums and URLs too
            guard = f"type({var}) is {self.constant(tp, tp.__name__)}"
            return [(guard, _JSON_FORMS[tp].format(var) if self.json else None)]
        if issubclass(tp, AnyUrl):
            guard = f"type({var}) is {self.constant(tp, 'U_' + _identifier(tp.__name__))}"
            return [(guard, f"str({var})" if self.json else None)]
        if issubclass(tp, Enum) and not issubclass(tp, _ODD_ENUMS):
            guard = f"type({var}) is {self.constant(tp, 'E_' + _identifier(tp.__name__))}"
            plain = all(type(member._value_) in _KEPT for member in tp)
            return [(guard, f"{var}._value_" if self.json else None)] if plain or not self.json else []
        return []  # any other class: the walk decides

    def model(self, model: Any, var: str, place: _Place) -> Cases:
        if not model.__mp_complete__:  # its fields are not known yet: the walk will see
            return []
        at = place.at_self if plan_of(model).recursive else place.at
        dump = self.dumper(model, self.namespace[place.options])
        guard = f"type({var}) is {self.constant(model, 'M_' + _identifier(model.__name__))}"
        return [(guard, f"{dump}({var}, {at})")]

    def container(self, origin: Any, args: tuple[Any, ...], var: str, place: _Place) -> Cases:
        """A list, tuple, set, frozenset or dict, its items dumped in a comprehension. An item
        is dumped where the walk would put it, one level down in JSON mode."""
        kind = _CONTAINERS.get(origin)
        if kind is None or not place.inline:
            return []
        items = place.at + 1 if self.json else place.at
        inner = _Place(place.options, items, items, f"dump_any({{}}, {place.options}, {items})", inline=False)
        guard = f"type({var}) is {kind.__name__}"
        if kind is dict:
            value = self.expression(args[1:] if len(args) == 2 else (Any,), "x", inner)
            key = "k if type(k) is str else json_key(k)" if self.json else "k"
            return [(guard, f"{{{key}: {value} for k, x in {var}.items()}}")]
        members = tuple(arg for arg in args if arg is not Ellipsis and arg != ()) or (Any,)
        listed = f"[{self.expression(members, 'x', inner)} for x in {var}]"
        return [(guard, listed if self.json or kind is list else f"{kind.__name__}({listed})")]


def model_dumper(cls: Any, options: Options, runtime: Mapping[str, Any]) -> tuple[Callable[..., Any], str]:
    """The serialiser of model class `cls` for `options`, and its source. `runtime` holds the
    generic walk's entry points the generated code falls back to (see serialize)."""
    plan = plan_of(cls)
    requested = options
    if options[0] is True and plan.keep_floats:  # ser_json_inf_nan keeps inf in every float
        options = ("keep", *options[1:])
    writer = _Writer(runtime, json=bool(options[0]))
    name = writer.unique(f"dump_{_identifier(cls.__name__)}")
    writer.namespace[name] = None  # (defined by the source below)
    writer.names[(cls, requested)] = writer.names[(cls, options)] = name  # it calls itself directly
    variables = {
        key: f"f_{key}" if key.isidentifier() and key.isascii() else f"f{index}"
        for index, key in enumerate(plan.fields)
    }
    lines = [f"def {name}(m, depth):", *_prelude(writer, cls, plan, options, variables)]
    lines += _body(writer, plan, options, variables)
    source = "\n".join(lines) + "\n"
    return _compiled(source, name, writer.namespace, f"{cls.__qualname__} ({_describe(options)})"), source


def _prelude(writer: _Writer, cls: Any, plan: Any, options: Options, variables: dict[str, str]) -> list[str]:
    """Read the fields from `__dict__`; leave to the walk an instance that is not just its
    fields in their order, one with extras, and a model near the depth limit."""
    slow = f"dump_fields(m, None, None, {writer.constant(options, 'O')}, depth)"
    lines = [
        "    d = m.__dict__",
        f"    if len(d) != {len(variables)} or depth >= {NEAR_LIMIT}:  # not just its fields, or deep",
        f"        return {slow}",
    ]
    if cls.model_config.get("extra") == "allow":
        lines += ["    if m.__extra__:", f"        return {slow}"]
    if variables:  # every field, even one excluded from dumps: `d` must be exactly the fields
        lines += ["    try:", *(f"        {var} = d[{_literal(key)}]" for key, var in variables.items())]
        lines += [
            "    except KeyError:  # a field is missing, another key is in its place",
            f"        return {slow}",
        ]
        # A field model_construct left out and set later comes last in `d`, and so in the dump.
        order = writer.constant(list(variables), "FIELDS")
        lines.append(f"    if type(m.__fields_set__) is not frozenset and list(d) != {order}:  # constructed")
        lines.append(f"        return {slow}")
    if options[0] or plan.recursive:
        why = "in JSON mode every model is a level" if options[0] else "it contains itself"
        return [*lines, f"    level = depth + 1  # {why}"]
    return [*lines, "    level = depth  # in python mode only a model that contains itself is a level"]


def _body(writer: _Writer, plan: Any, options: Options, variables: dict[str, str]) -> list[str]:
    """Dump each field's value in place, then return the dict: one display, or with the
    exclude_* options an `if` per field around its block."""
    _, by_alias, exclude_unset, exclude_defaults, exclude_none = options
    filtered = exclude_unset or exclude_defaults or exclude_none
    lines = ["    fields_set = m.__fields_set__"] if exclude_unset else []
    lines += ["    out = {}"] if filtered else []
    dumped = [(key, info, variables[key]) for key, info in plan.fields.items() if not info.exclude]
    for key, info, var in dumped:
        indent, kept = "    ", []
        if exclude_unset:
            kept.append(f"{_literal(key)} in fields_set")
        if exclude_defaults and not info.is_required():
            kept.append(f"not is_default({writer.constant(info, 'I' + var[1:])}, {var})")
        if exclude_none:
            kept.append(f"{var} is not None")
        if kept:
            lines.append(f"    if {' and '.join(kept)}:")
            indent = "        "
        lines += writer.block(var, info.annotation, _field_place(writer, plan, key, options), indent)
        if filtered:
            lines.append(f"{indent}out[{_key(writer, info, key, by_alias)}] = {var}")
    if filtered:
        return [*lines, "    return out"]
    items = [f"        {_key(writer, info, key, by_alias)}: {var}," for key, info, var in dumped]
    return [*lines, "    return {", *items, "    }"]


def _field_place(writer: _Writer, plan: Any, key: str, options: Options) -> _Place:
    """Where the walk puts a field's value. Python mode: at the model's level. JSON mode, a
    declared type: a container or a model is not a level of its own (unless it is a model
    that contains itself), and a float-typed field keeps inf and nan in model_dump; `Any`:
    every container is a level, and the value is left to the walk."""
    level, name = _Level("level"), writer.constant(options, "O")
    if not options[0]:
        return _Place(name, level, level, f"dump_any({{}}, {name}, level)", inline=True)
    if key in plan.inferred:
        return _Place(name, level, level, f"dump_any({{}}, {name}, level)", inline=False)
    if options[0] is True and key in plan.floats:
        name = writer.constant(("keep", *options[1:]), "O_floats")
    return _Place(name, level + -1, level, f"dump_field({{}}, {name}, level)", inline=True)


def type_dumper(tp: Any, options: Options, runtime: Mapping[str, Any]) -> tuple[Callable[..., Any], str]:
    """The serialiser of a TypeAdapter's type: `dump(value)`. The value sits where the walk
    puts any value it is given (depth 0)."""
    if options[0] is True and types_floats(tp):  # a float keeps inf and nan, as in a model
        options = ("keep", *options[1:])
    writer = _Writer(runtime, json=bool(options[0]))
    name = writer.constant(options, "O")
    place = _Place(name, _Level(""), _Level(""), f"dump_any({{}}, {name}, 0)", inline=True)
    source = "\n".join(["def dump(v):", *writer.block("v", tp, place, "    "), "    return v"]) + "\n"
    return _compiled(source, "dump", writer.namespace, f"{tp!r} ({_describe(options)})"), source


def _compiled(source: str, name: str, namespace: dict[str, Any], title: str) -> Callable[..., Any]:
    exec(compile(source, f"<minipydantic serializer for {title}>", "exec"), namespace)
    function: Callable[..., Any] = namespace[name]
    return function


def _describe(options: Options) -> str:
    mode, *flags = options
    names = ("by_alias", "exclude_unset", "exclude_defaults", "exclude_none")
    mode_name = "python" if mode is False else "json" if mode is True else f"json, inf and nan: {mode}"
    return ", ".join([f"mode={mode_name}", *(name for name, on in zip(names, flags, strict=True) if on)])


def _identifier(name: str) -> str:
    return name if name.isidentifier() else "model"


def _literal(text: str) -> str:
    """A key as a string literal: `str.__repr__`, so a str subclass cannot choose its text."""
    return str.__repr__(text)


def _key(writer: _Writer, info: Any, name: str, by_alias: bool) -> str:
    """The dumped key of field `name`: its alias with by_alias (an empty alias does not count)."""
    key = info.alias if by_alias and info.alias else name
    return _literal(key) if isinstance(key, str) else writer.constant(key, "K")


def _negated(guard: str) -> str:
    if " and " in guard:
        return f"not ({guard})"
    return guard.replace(" is ", " is not ", 1)
