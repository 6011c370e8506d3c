"""Annotation -> validator: the analysis done once per field, never per value.

`build(tp)` reads a type hint with `get_origin`/`get_args`, peels `Annotated` metadata
(constraints, user validators), and returns one `Validator` closure specialised for exactly
that type. Lax and strict mode are different closures, chosen here, not tested per value.
"""

from __future__ import annotations

import collections.abc as abc
import datetime as dt
import types
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from typing import Annotated, Any, Literal, Union, get_args, get_origin
from uuid import UUID

from minipydantic import containers, datetimes, network, scalars, unions, uuids
from minipydantic.constraints import NUMBER_CONSTRAINTS, with_misapplied
from minipydantic.errors import PydanticSchemaGenerationError, Validator, error
from minipydantic.fields import FieldInfo
from minipydantic.functional import PlainValidator, Step, chain
from minipydantic.unions import union_tags

__all__ = ["Options", "build", "is_model", "label", "split_annotated", "union_tags"]

NoneType = type(None)


@dataclass(frozen=True, slots=True)
class Options:
    """The model-wide settings that change how a type is validated."""

    strict: bool = False
    strip: bool = False
    arbitrary: bool = False
    # `model_validate(..., from_attributes=X)`: every model inside reads objects' attributes
    # (True) or refuses objects (False), whatever its own config says; None: its config.
    from_attributes: bool | None = None


_LEAVES: dict[Any, Any] = {
    int: scalars.int_validator,
    float: scalars.float_validator,
    bool: scalars.bool_validator,
    bytes: scalars.bytes_validator,
    Decimal: scalars.decimal_validator,
    UUID: uuids.uuid_validator,
    dt.datetime: datetimes.datetime_validator,
    dt.date: datetimes.date_validator,
    dt.time: datetimes.time_validator,
    dt.timedelta: datetimes.timedelta_validator,
}
_SEQUENCES: dict[Any, type] = {
    list: list,
    set: set,
    frozenset: frozenset,
    abc.Sequence: list,
    abc.MutableSequence: list,
    abc.Set: set,
    abc.MutableSet: set,
}
_MAPPINGS = (dict, abc.Mapping, abc.MutableMapping)
_LABELS = {
    NoneType: "none",
    Any: "any",
    Decimal: "decimal",
    UUID: "uuid",
    network.EmailStr: "str",
    list: "list[any]",
    set: "set[any]",
    frozenset: "frozenset[any]",
    dict: "dict[any,any]",
    tuple: "tuple[any, ...]",
}


def is_model(tp: Any) -> bool:
    return isinstance(tp, type) and hasattr(tp, "__mp_fields__")


def split_annotated(tp: Any) -> tuple[Any, list[Any]]:
    """`Annotated[int, Field(gt=0), AfterValidator(f)]` -> (int, [Field(...), AfterValidator(f)])."""
    if get_origin(tp) is Annotated:
        inner, *metadata = get_args(tp)
        return inner, metadata
    return tp, []


_LENGTHS = frozenset({"min_length", "max_length"})
_INEQUALITIES = frozenset({"gt", "ge", "lt", "le"})
# Per type: the name Pydantic gives its schema, and the constraints it checks itself. Any
# other constraint given to it is "misapplied": see constraints.with_misapplied.
_NATIVE: dict[Any, tuple[str, frozenset[str]]] = {
    int: ("int", frozenset(NUMBER_CONSTRAINTS)),
    float: ("float", frozenset(NUMBER_CONSTRAINTS)),
    Decimal: ("decimal", frozenset(NUMBER_CONSTRAINTS)),
    str: ("str", _LENGTHS | {"pattern"}),
    bytes: ("bytes", _LENGTHS),
    dt.datetime: ("datetime", _INEQUALITIES),
    dt.date: ("date", _INEQUALITIES),
    dt.time: ("time", _INEQUALITIES),
    dt.timedelta: ("timedelta", frozenset()),
}
_CONTAINERS = {list: "list", set: "set", frozenset: "frozenset", tuple: "tuple", dict: "dict"}


def _schema_of(tp: Any) -> tuple[str, frozenset[str]]:
    if tp in _NATIVE:
        return _NATIVE[tp]
    origin = get_origin(tp) or tp
    if origin in _SEQUENCES or origin in _MAPPINGS or origin is tuple:
        name = _CONTAINERS.get(_SEQUENCES.get(origin, origin), "list" if origin in _SEQUENCES else "dict")
        return name, _LENGTHS
    return label(tp).split("[")[0], frozenset()


def _misapplied(
    validator: Validator, constraints: dict[str, Any], name: str, native: frozenset[str]
) -> Validator:
    leftovers = {
        k: v for k, v in constraints.items() if k not in native and k not in ("strict", "discriminator")
    }
    if not leftovers:
        return validator
    pattern = {"pattern": leftovers["pattern"]} if "pattern" in leftovers else {}
    return with_misapplied(validator, leftovers, name, scalars.str_validator(False, pattern))


def build(tp: Any, options: Options, constraints: dict[str, Any] | None = None) -> Validator:
    """The validator for annotation `tp` under `options`, with `constraints` on this node.

    `constraints` belong to this node only: `Field(max_length=2)` on `list[int]` limits the
    list, and `Field(strict=True)` makes the list strict while its items keep the model's
    mode (Pydantic's rule). The items are built with `options` alone."""
    constraints = constraints or {}
    origin = get_origin(tp)
    if origin is Annotated:
        return _annotated(tp, options, constraints)
    if origin is Union or origin is types.UnionType:
        return _union(get_args(tp), options, constraints)
    name, native = _schema_of(tp)
    return _misapplied(_node(tp, options, constraints), constraints, name, native)


def _node(tp: Any, options: Options, constraints: dict[str, Any]) -> Validator:
    strict = constraints.get("strict")
    strict = options.strict if strict is None else strict
    if tp is Any or tp is object:
        return scalars.any_validator
    if tp is None or tp is NoneType:
        return scalars.none_validator
    if tp is str:
        return scalars.str_validator(strict, constraints, options.strip)
    if tp in _LEAVES:
        leaf: Validator = _LEAVES[tp](strict, constraints)
        return leaf
    if tp is network.EmailStr:
        return network.email_validator_for(scalars.str_validator(strict, {}, options.strip))
    if isinstance(tp, type) and issubclass(tp, network.AnyUrl):
        return network.url_validator(tp)
    if is_model(tp):
        return _model(tp, options.from_attributes)
    if isinstance(tp, type) and hasattr(tp, "__get_pydantic_core_schema__"):
        return _own_validation(tp, options)
    if isinstance(tp, type) and issubclass(tp, Enum):
        return scalars.enum_validator(tp, strict)
    origin, args = get_origin(tp), get_args(tp)
    if origin is Literal:
        return scalars.literal_validator(args)
    return _container(tp, origin or tp, args, options, strict, constraints)


def _container(
    tp: Any, origin: Any, args: tuple[Any, ...], options: Options, strict: bool, constraints: dict[str, Any]
) -> Validator:
    """A container in mode `strict`; its items in the model's mode (`options`)."""
    if origin in _SEQUENCES:
        item = build(args[0], options) if args else scalars.any_validator
        return containers.sequence_validator(_SEQUENCES[origin], item, strict, constraints)
    if origin is tuple or origin is abc.Sequence:
        if not args or (len(args) == 2 and args[1] is Ellipsis):
            item = build(args[0], options) if args else scalars.any_validator
            return containers.sequence_validator(tuple, item, strict, constraints)
        positions = [build(arg, options) for arg in args if arg != ()]
        return containers.tuple_validator(positions, strict, constraints)
    if origin in _MAPPINGS:
        key, item = (
            (build(args[0], options), build(args[1], options)) if args else (scalars.any_validator,) * 2
        )
        return containers.dict_validator(key, item, strict, constraints)
    if options.arbitrary and isinstance(tp, type):
        return scalars.is_instance_validator(tp)
    raise PydanticSchemaGenerationError(
        f"Unable to build a validator for {tp!r}: it is not a supported type "
        "(set arbitrary_types_allowed=True in model_config to accept instances of any class)"
    )


def _own_validation(cls: type, options: Options) -> Validator:
    """A class that says how it validates, through Pydantic's hook name.

    `cls.__get_pydantic_core_schema__(cls, handler)` is called once, here, and returns a
    `PlainValidator(func)`: func(value) (or func(value, info)) is then the whole validation of
    the type. Pydantic's hook returns a core schema; minipydantic has none, so it takes the
    marker that means the same as `core_schema.no_info_plain_validator_function(func)`.
    `handler(tp)` gives minipydantic's own validation of another type, as a PlainValidator.
    """

    def handler(other: Any) -> PlainValidator:
        return PlainValidator(build(other, options))

    marker = cls.__get_pydantic_core_schema__(cls, handler)  # type: ignore[attr-defined]
    if not isinstance(marker, PlainValidator):
        raise TypeError(
            f"{cls.__qualname__}.__get_pydantic_core_schema__ returned {marker!r}: minipydantic has "
            "no core schemas, so it must return a PlainValidator(func)"
        )
    validator, needs_data = chain(scalars.any_validator, [Step.from_marker(marker)], None, {})
    if needs_data:
        two = validator
        return lambda value: two(value, {})
    return validator


def _annotated(tp: Any, options: Options, constraints: dict[str, Any]) -> Validator:
    inner, metadata = split_annotated(tp)
    merged = dict(constraints)
    steps: list[Step] = []
    for item in metadata:
        if isinstance(item, FieldInfo):
            merged.update(item.constraints)
            if item.strict is not None:  # for this node alone, as a constraint
                merged["strict"] = item.strict
        elif type(item).__name__.endswith("Validator") and hasattr(item, "func"):
            steps.append(Step.from_marker(item))
    validator, needs_data = chain(build(inner, options, merged), steps, None, {})
    if needs_data:
        two = validator
        return lambda value: two(value, {})
    return validator


def _model(model: Any, from_attributes: bool | None) -> Validator:
    """A nested model validates with its own config: strict mode around it (the field's or
    the outer model's) does not reach in, and a dict is as welcome as an instance. Only a
    `from_attributes` given to `model_validate` reaches in: then it is the model's validator
    for that flag (`model_build.validator_in_mode`)."""
    if model.__mp_complete__:
        if from_attributes is None:
            validate: Validator = model.__mp_validate__
            return validate
        found = model.__mp_modes__.get(from_attributes)
        if found is None:  # (a circular import: model_build builds validators with this module)
            from minipydantic.model_build import validator_in_mode

            return validator_in_mode(model, from_attributes)
        if not getattr(found, "being_built", False):
            return found  # type: ignore[no-any-return]

    def validate_later_built_model(value: Any) -> Any:
        # Every cycle of models passes through one of these late links, so this is where
        # input nested deeper than Python's stack (a 400-level tree for a self-referencing
        # model) becomes a validation error instead of a RecursionError. If even building
        # the error overflows, the next link out catches that and tries again.
        try:
            if from_attributes is None:
                return model.__mp_validate__(value)
            if not model.__mp_complete__:
                model.model_rebuild()  # (raises TypeError while its hints do not resolve)
            from minipydantic.model_build import validator_in_mode

            return validator_in_mode(model, from_attributes)(value)
        except RecursionError:
            raise error("recursion_depth_exceeded", value) from None

    return validate_later_built_model


def _union(args: tuple[Any, ...], options: Options, constraints: dict[str, Any]) -> Validator:
    """`X | None` is X's validator letting None through, with the constraints on X; a real
    union is smart or tagged, and its constraints apply to whatever member won."""
    members = [arg for arg in args if arg is not NoneType and arg is not None]
    if len(members) == 1:
        inner = build(members[0], options, constraints)
    elif constraints.get("discriminator"):
        inner = unions.tagged_union(members, constraints["discriminator"], lambda m: build(m, options))
    else:
        if constraints.get("strict") is not None:
            raise RuntimeError("Unable to apply constraint 'strict' to schema of type 'union'")
        inner = unions.smart_union([(label(m), build(m, options), m) for m in members])
        inner = _misapplied(inner, constraints, "union", frozenset())
    if len(members) == len(args):
        return inner

    def validate_optional(value: Any) -> Any:
        if value is None:
            return None
        return inner(value)

    return validate_optional


def label(tp: Any) -> str:
    """The name Pydantic puts in an error's `loc` for a failed union member."""
    if tp in _LABELS:
        return _LABELS[tp]
    if isinstance(tp, type):
        if issubclass(tp, Enum):
            return f"enum[{tp.__name__}]"
        if issubclass(tp, network.AnyUrl):
            return "url"
        return tp.__name__.lower() if tp.__module__ in ("builtins", "datetime") else tp.__name__
    origin, args = get_origin(tp), get_args(tp)
    if origin is Annotated:
        inner, metadata = split_annotated(tp)
        for item in metadata:
            if hasattr(item, "func") and type(item).__name__.endswith("Validator"):
                mode = type(item).__name__.removesuffix("Validator").lower()
                name = getattr(item.func, "__name__", "function")
                return f"function-{mode}[{name}(), {label(inner)}]"
        return f"constrained-{label(inner)}"
    if origin is Literal:
        return f"literal[{','.join(repr(a) for a in args)}]"
    inner_labels = [label(a) for a in args] or ["any"]
    if origin is dict:
        return f"dict[{','.join(inner_labels if args else ['any', 'any'])}]"
    if origin is tuple:
        return (
            "tuple[any, ...]" if not args else f"tuple[{', '.join(inner_labels)}]".replace("ellipsis", "...")
        )
    return f"{getattr(origin, '__name__', str(origin))}[{', '.join(inner_labels)}]"
