"""Annotation -> validator: the analysis done once per field, never per value.

`build(tp)` reads a type hint with `get_origin`/`get_args`, peels `Annotated` metadata
(constraints, user validators), and returns one `Validator` closure specialised for exactly
that type. Lax and strict mode are different closures, chosen here, not tested per value.
"""

from __future__ import annotations

import collections.abc as abc
import datetime as dt
import types
from dataclasses import dataclass, replace
from decimal import Decimal
from enum import Enum
from typing import Annotated, Any, Literal, Union, get_args, get_origin
from uuid import UUID

from minipydantic import containers, datetimes, network, scalars
from minipydantic.errors import ErrorDetails, Invalid, Validator, error, prefix
from minipydantic.fields import FieldInfo
from minipydantic.functional import Step, chain

__all__ = ["Options", "build", "is_model", "label", "split_annotated", "union_tags"]

NoneType = type(None)


@dataclass(frozen=True, slots=True)
class Options:
    """The model-wide settings that change how a type is validated."""

    strict: bool = False
    strip: bool = False
    arbitrary: bool = False


_LEAVES: dict[Any, Any] = {
    int: scalars.int_validator,
    float: scalars.float_validator,
    bool: scalars.bool_validator,
    bytes: scalars.bytes_validator,
    Decimal: scalars.decimal_validator,
    UUID: scalars.uuid_validator,
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


def build(tp: Any, options: Options, constraints: dict[str, Any] | None = None) -> Validator:
    """The validator for annotation `tp` under `options`, with extra constraints to enforce."""
    constraints = constraints or {}
    if get_origin(tp) is Annotated:
        return _annotated(tp, options, constraints)
    if tp is Any or tp is object:
        return scalars.any_validator
    if tp is None or tp is NoneType:
        return scalars.none_validator
    if tp is str:
        return scalars.str_validator(options.strict, constraints, options.strip)
    if tp in _LEAVES:
        leaf: Validator = _LEAVES[tp](options.strict, constraints)
        return leaf
    if tp is network.EmailStr:
        return network.email_validator_for(scalars.str_validator(options.strict, {}, options.strip))
    if isinstance(tp, type) and issubclass(tp, network.AnyUrl):
        return network.url_validator(tp)
    if is_model(tp):
        return _model(tp, options)
    if isinstance(tp, type) and issubclass(tp, Enum):
        return scalars.enum_validator(tp, options.strict)
    origin, args = get_origin(tp), get_args(tp)
    if origin is Literal:
        return scalars.literal_validator(args)
    if origin is Union or origin is types.UnionType:
        return _union(args, options, constraints)
    return _container(tp, origin or tp, args, options, constraints)


def _container(
    tp: Any, origin: Any, args: tuple[Any, ...], options: Options, constraints: dict[str, Any]
) -> Validator:
    if origin in _SEQUENCES:
        item = build(args[0], options) if args else scalars.any_validator
        return containers.sequence_validator(_SEQUENCES[origin], item, options.strict, constraints)
    if origin is tuple or origin is abc.Sequence:
        if not args or (len(args) == 2 and args[1] is Ellipsis):
            item = build(args[0], options) if args else scalars.any_validator
            return containers.sequence_validator(tuple, item, options.strict, constraints)
        positions = [build(arg, options) for arg in args if arg != ()]
        return containers.tuple_validator(positions, options.strict, constraints)
    if origin in _MAPPINGS:
        key, item = (
            (build(args[0], options), build(args[1], options)) if args else (scalars.any_validator,) * 2
        )
        return containers.dict_validator(key, item, options.strict, constraints)
    if options.arbitrary and isinstance(tp, type):
        return scalars.is_instance_validator(tp)
    raise TypeError(
        f"Unable to build a validator for {tp!r}: it is not a supported type "
        "(set arbitrary_types_allowed=True in model_config to accept instances of any class)"
    )


def _annotated(tp: Any, options: Options, constraints: dict[str, Any]) -> Validator:
    inner, metadata = split_annotated(tp)
    merged = dict(constraints)
    steps: list[Step] = []
    for item in metadata:
        if isinstance(item, FieldInfo):
            merged.update(item.constraints)
            if item.strict is not None:
                options = replace(options, strict=item.strict)
        elif type(item).__name__.endswith("Validator") and hasattr(item, "func"):
            steps.append(Step.from_marker(item))
    validator, needs_data = chain(build(inner, options, merged), steps, None, {})
    if needs_data:
        two = validator
        return lambda value: two(value, {})
    return validator


def _model(model: Any, options: Options) -> Validator:
    if options.strict:
        return scalars.is_instance_validator(model)
    if model.__mp_complete__:
        validate: Validator = model.__mp_validate__
        return validate

    def validate_later_built_model(value: Any) -> Any:
        # Every cycle of models passes through one of these late links, so this is where
        # input nested deeper than Python's stack (a 400-level tree for a self-referencing
        # model) becomes a validation error instead of a RecursionError. If even building
        # the error overflows, the next link out catches that and tries again.
        try:
            return model.__mp_validate__(value)
        except RecursionError:
            raise error("recursion_depth_exceeded", value) from None

    return validate_later_built_model


def _union(args: tuple[Any, ...], options: Options, constraints: dict[str, Any]) -> Validator:
    members = [arg for arg in args if arg is not NoneType and arg is not None]
    if len(members) == 1:
        inner = build(members[0], options, constraints)
    elif constraints.get("discriminator"):
        inner = _tagged_union(members, constraints["discriminator"], options)
    else:
        inner = _smart_union(members, options, constraints)
    if len(members) == len(args):
        return inner

    def validate_optional(value: Any) -> Any:
        if value is None:
            return None
        return inner(value)

    return validate_optional


def _smart_union(members: list[Any], options: Options, constraints: dict[str, Any]) -> Validator:
    """Pydantic's "smart" union: an exact (strict) match wins; otherwise the first lax match,
    except that among models the one that used the most input fields wins."""
    strict = replace(options, strict=True)
    exact = [build(member, strict, constraints) for member in members]
    lax = [(label(m), build(m, options, constraints), is_model(m)) for m in members]

    def validate_union(value: Any) -> Any:
        for check in exact:
            try:
                return check(value)
            except Invalid:
                pass
        errors: list[ErrorDetails] = []
        best: Any = None
        for name, check, model in lax:
            try:
                result = check(value)
            except Invalid as invalid:
                errors += prefix(invalid.errors, name)
                continue
            if not model:
                return result
            if best is None or len(result.model_fields_set) > len(best.model_fields_set):
                best = result
        if best is not None:
            return best
        raise Invalid(errors) if errors else error("union_tag_not_found", value)

    return validate_union


def union_tags(members: list[Any], discriminator: str) -> dict[Any, Any]:
    """{tag: model} from each model's `Literal[...]` discriminator field."""
    tags: dict[Any, Any] = {}
    for member in members:
        if not is_model(member) or discriminator not in member.model_fields:
            raise TypeError(
                f"{member!r} needs a Literal field {discriminator!r} to be in a discriminated union"
            )
        for tag in get_args(member.model_fields[discriminator].annotation):
            tags[tag] = member
    return tags


def _tagged_union(members: list[Any], discriminator: str, options: Options) -> Validator:
    """A discriminated union: the tag field picks the one model to try, so errors are about it
    alone, located under the tag (`("pet", "cat", "meows")`)."""
    tags = union_tags(members, discriminator)
    first = members[0].model_fields[discriminator]
    key = first.alias or discriminator
    choices = {tag: (str(tag), build(model, options)) for tag, model in tags.items()}
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
