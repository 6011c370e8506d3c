"""Turning a class body into a validator plan, once per class (the metaclass's work).

Type hints are resolved with `typing.get_type_hints` (so string and forward references work,
and a model may refer to itself); each field becomes a `FieldInfo` plus a compiled validator;
`codegen.generate` turns the plan into one function. If a referenced name does not exist yet,
the model stays "incomplete" and is built on first use or by `model_rebuild()`.
"""

from __future__ import annotations

import inspect
import sys
import threading
from collections.abc import Callable
from typing import Annotated, Any, ClassVar, get_origin, get_type_hints

from minipydantic.codegen import FieldPlan, fast_check, generate, optional_of, wrong_kind
from minipydantic.compile import Options, build, split_annotated
from minipydantic.constraints import inline_checks
from minipydantic.errors import Invalid, ValidationError, error
from minipydantic.fields import FieldInfo, SchemaError, merge_field_infos
from minipydantic.functional import (
    FieldValidator,
    ModelValidator,
    Step,
    ValidationInfo,
    call_user,
    chain,
    takes_info,
)

__all__ = [
    "build_model",
    "caller_namespace",
    "collect_fields",
    "validator_in_mode",
    "with_model_validators",
]


def collect_fields(cls: Any, namespace: dict[str, Any] | None) -> dict[str, FieldInfo]:
    """Inherited fields first, then this class's own annotations, in the order written."""
    fields: dict[str, FieldInfo] = {}
    for base in reversed(cls.__mro__[1:]):
        fields.update(getattr(base, "__mp_fields__", {}))
    own = inspect.get_annotations(cls)
    hints = get_type_hints(cls, localns={cls.__name__: cls, **(namespace or {})}, include_extras=True)
    for name in own:
        if name == "model_config":
            raise TypeError(
                "`model_config` cannot be used as a model field name. "
                "Use `model_config` for model configuration."
            )
        hint = hints[name]
        if name.startswith("_") or get_origin(hint) is ClassVar or hint is ClassVar:
            continue
        default = cls.__dict__.get(name, fields[name] if name in fields else FieldInfo())
        inner, metadata = split_annotated(hint)
        infos = [item for item in metadata if isinstance(item, FieldInfo)]
        infos.append(default if isinstance(default, FieldInfo) else FieldInfo.from_default(default))
        info = merge_field_infos(*infos)
        info.annotation = inner
        info.metadata = [item for item in metadata if not isinstance(item, FieldInfo)]
        fields[name] = info
    return fields


def _field_plan(
    name: str, info: FieldInfo, config: dict[str, Any], steps: list[Step], from_attributes: bool | None
) -> FieldPlan:
    options = Options(
        config.get("strict", False),
        config.get("str_strip_whitespace", False),
        config.get("arbitrary_types_allowed", False),
        from_attributes,
    )
    tp = Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
    constraints = info.constraints
    if info.strict is not None:  # Field(strict=...) is the field's own node, not its items
        constraints["strict"] = info.strict
    try:
        validator, needs_data = chain(build(tp, options, constraints), steps, name, dict(config))
    except SchemaError as exc:  # say which field, as Pydantic does
        raise SchemaError(f'Field "{name}": {exc}') from None
    plain = not (info.metadata or steps or (str in (tp, optional_of(tp)) and options.strip))
    fast = fast_check(tp, constraints) if plain else None
    by_name = config.get("populate_by_name") or config.get("validate_by_name")
    alias = info.alias  # "" is a real alias (an empty JSON key), so test for None, not falsiness
    keys = (alias, name) if alias is not None and by_name else (name if alias is None else alias,)
    return FieldPlan(
        name=name,
        keys=keys,
        validator=validator,
        needs_data=needs_data,
        fast_check=fast,
        wrong_kind=wrong_kind(tp) if fast else None,
        checks=tuple(inline_checks(optional_of(tp) or tp, constraints)) if fast else (),
        required=info.is_required(),
        default=info.default,
        default_factory=info.default_factory,
    )


def _steps_for(cls: Any, name: str) -> list[Step]:
    decorators: list[FieldValidator] = cls.__mp_field_validators__
    return [d.bind(cls) for d in decorators if name in d.fields or "*" in d.fields]


def build_model(cls: Any, namespace: dict[str, Any] | None = None) -> None:
    """Resolve hints, plan every field, generate the validator; raises NameError if a hint
    names something not defined yet."""
    cls.__mp_complete__ = False  # while building, references to cls (self-reference) stay lazy
    fields = collect_fields(cls, namespace)
    for name in inspect.get_annotations(cls):
        if name in fields and name in cls.__dict__:
            delattr(cls, name)
    config = cls.model_config
    plans = [_field_plan(name, info, config, _steps_for(cls, name), None) for name, info in fields.items()]
    from_attributes = bool(config.get("from_attributes"))
    validate, source = generate(cls, plans, config.get("extra", "ignore"), _prepare, from_attributes)
    cls.__mp_fields__ = cls.model_fields = fields
    cls.__mp_source__ = source
    cls.__mp_validate__ = with_model_validators(cls, validate)
    cls.__mp_modes__ = {}  # validator_in_mode's, made on first use
    cls.__mp_complete__ = True
    cls.__mp_dumper__ = None
    cls.__mp_schema_cache__ = {}


def validator_in_mode(cls: Any, from_attributes: bool) -> Callable[..., Any]:
    """cls's validator as `model_validate(obj, from_attributes=...)` runs it: the flag
    overrides the config of cls and of every model inside it, so this is a validator of its
    own, generated on first use and kept (one per class and flag)."""
    modes: dict[bool, Any] = cls.__mp_modes__
    found = modes.get(from_attributes)
    if found is not None and not getattr(found, "being_built", False):
        return found  # type: ignore[no-any-return]
    with _BUILDING:  # one thread builds; another waits for it rather than use a half-built one
        found = modes.get(from_attributes)
        if found is not None:  # built meanwhile, or (this thread) a model inside itself
            return found  # type: ignore[no-any-return]

        def link(data: Any, instance: Any = None) -> Any:  # for a model inside itself
            return modes[from_attributes](data, instance)

        link.being_built = True  # type: ignore[attr-defined]
        modes[from_attributes] = link
        try:
            config = cls.model_config
            plans = [
                _field_plan(name, info, config, _steps_for(cls, name), from_attributes)
                for name, info in cls.__mp_fields__.items()
            ]
            validate, _ = generate(cls, plans, config.get("extra", "ignore"), _prepare, from_attributes)
        except BaseException:
            del modes[from_attributes]
            raise
        modes[from_attributes] = with_model_validators(cls, validate)
        return modes[from_attributes]  # type: ignore[no-any-return]


_BUILDING = threading.RLock()  # (re-entrant: building a model builds the models inside it)
_NOT_OBJECTS = ("builtins", "datetime", "collections")  # modules whose objects have no fields to read


def _prepare(cls: Any, data: Any, from_attributes: bool) -> Any:
    """Non-dict input: a mapping, as a plain dict; with `from_attributes`, an object whose
    attributes the generated `validate_object` reads, which is how ORM rows become models."""
    if isinstance(data, dict):
        return dict(data)  # a dict subclass: read as the plain dict it holds
    if hasattr(data, "keys") and hasattr(data, "__getitem__"):
        return dict(data)
    if from_attributes:
        if type(data).__module__ in _NOT_OBJECTS:  # Pydantic's rule: not a str, int, list, date ...
            raise error("model_attributes_type", data)
        return data
    raise error("model_type", data, {"class_name": cls.__name__})


def with_model_validators(cls: Any, validate: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap the generated function in the `@model_validator`s, innermost first."""
    for decorator in cls.__mp_model_validators__:
        validate = _wrap_model_validator(cls, decorator, validate)
    return validate


def _wrap_model_validator(
    cls: Any, decorator: ModelValidator, inner: Callable[..., Any]
) -> Callable[..., Any]:
    raw = decorator.func
    func = raw.__func__ if isinstance(raw, classmethod | staticmethod) else raw
    info = (ValidationInfo({}, None, dict(cls.model_config)),)
    if decorator.mode == "after":  # an instance method: (self) or (self, info)
        extra = info if takes_info(func, "wrap") else ()

        def after(data: Any, instance: Any = None, **kw: Any) -> Any:
            result = inner(data, instance, **kw)
            returned = call_user(lambda _: func(result, *extra), data)  # errors report the input
            return result if returned is None else returned

        return after
    bound = func if isinstance(raw, staticmethod) else func.__get__(cls, type(cls))
    extra = info if takes_info(bound, decorator.mode) else ()
    if decorator.mode == "before":
        return lambda data, instance=None, **kw: inner(call_user(bound, data, *extra), instance, **kw)

    def wrap(data: Any, instance: Any = None, **kw: Any) -> Any:
        def handler(value: Any) -> Any:
            try:
                return inner(value, instance, **kw)
            except Invalid as invalid:
                raise ValidationError(cls.__name__, invalid.errors) from None

        return call_user(lambda value: bound(value, handler, *extra), data)

    return wrap


def caller_namespace(depth: int) -> dict[str, Any] | None:
    """The local names where a class statement (or `model_rebuild()`) ran, for forward refs."""
    frame = sys._getframe(depth + 1)
    return None if frame.f_locals is frame.f_globals else dict(frame.f_locals)
