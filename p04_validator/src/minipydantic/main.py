"""`BaseModel`: a class whose type hints are its validation rules.

The metaclass does the expensive part once, when the class statement runs: it collects the
`@field_validator`/`@model_validator` functions and asks `model_build` for a compiled
validator. Instances are plain objects whose `__dict__` holds the validated field values, so
attribute access costs what it costs on any Python object.
"""

from __future__ import annotations

import copy
from typing import Any, ClassVar, Literal, TypeVar

from minipydantic.config import ConfigDict
from minipydantic.dumpplan import inf_nan_in_text
from minipydantic.errors import Invalid, ValidationError, error, in_json_words
from minipydantic.fields import FieldInfo
from minipydantic.functional import FieldValidator, ModelValidator
from minipydantic.json_schema import DEFAULT_REF_TEMPLATE, model_json_schema
from minipydantic.jsonparse import parse_json
from minipydantic.model_build import build_model, caller_namespace, validator_in_mode
from minipydantic.serialize import IncEx, SerializationError, dump_model, json_text

__all__ = ["BaseModel"]

Model = TypeVar("Model", bound="BaseModel")


class _ModelMeta(type):
    def __new__(mcs, name: str, bases: tuple[type, ...], namespace: dict[str, Any], **kwargs: Any) -> Any:
        field_validators = [v for v in namespace.values() if isinstance(v, FieldValidator)]
        model_validators = [v for v in namespace.values() if isinstance(v, ModelValidator)]
        for key, value in list(namespace.items()):
            if isinstance(value, FieldValidator | ModelValidator):
                namespace[key] = value.func
        cls: Any = super().__new__(mcs, name, bases, namespace)
        if not any(hasattr(base, "__mp_fields__") for base in bases):
            return cls  # BaseModel itself
        config: dict[str, Any] = {}
        for base in reversed(bases):
            config.update(getattr(base, "model_config", {}))
        config.update(namespace.get("model_config", {}))
        config.update(kwargs)
        cls.model_config = config
        cls.__mp_field_validators__ = [*_inherited(bases, "__mp_field_validators__"), *field_validators]
        cls.__mp_model_validators__ = [*_inherited(bases, "__mp_model_validators__"), *model_validators]
        cls.__mp_namespace__ = caller_namespace(1)
        _try_build(cls)
        return cls


def _inherited(bases: tuple[type, ...], attribute: str) -> list[Any]:
    found: list[Any] = []
    for base in bases:
        found += [item for item in getattr(base, attribute, ()) if item not in found]
    return found


def _try_build(cls: Any, namespace: dict[str, Any] | None = None) -> bool:
    """Build now if every hint resolves; otherwise leave a stub that retries on first use."""
    try:
        build_model(cls, {**(cls.__mp_namespace__ or {}), **(namespace or {})})
    except NameError as missing:
        cls.__mp_complete__ = False
        cls.__mp_missing__ = str(missing)

        def validate_when_defined(data: Any, instance: Any = None) -> Any:
            _require_built(cls)
            return cls.__mp_validate__(data, instance)

        cls.__mp_validate__ = validate_when_defined
        return False
    return True


def _require_built(cls: Any) -> None:
    """Build `cls` now, or say which name its hints still miss."""
    if not cls.__mp_complete__ and not _try_build(cls):
        raise TypeError(
            f"`{cls.__name__}` is not fully defined ({cls.__mp_missing__}); define the missing type, "
            f"then call `{cls.__name__}.model_rebuild()`."
        ) from None


class _ConstructedSet(frozenset[str]):
    """`model_construct`'s fields set. Validation counts every extra key given as set (the
    property adds them); construction, like Pydantic's, counts only what it is told."""


def _with(fields_set: frozenset[str], names: Any) -> frozenset[str]:
    """`fields_set` plus `names`, keeping its kind (a plain or a constructed set)."""
    return type(fields_set)(fields_set.union(names))


def _raise(cls: type, invalid: Invalid) -> ValidationError:
    return ValidationError(cls.__name__, invalid.errors)


class BaseModel(metaclass=_ModelMeta):
    """Subclass, annotate fields, and get validation, dumping and JSON Schema for free."""

    __slots__ = ("__dict__", "__extra__", "__fields_set__")
    model_config: ClassVar[ConfigDict] = ConfigDict()
    model_fields: ClassVar[dict[str, FieldInfo]] = {}
    __mp_fields__: ClassVar[dict[str, FieldInfo]] = {}
    __mp_complete__: ClassVar[bool] = True
    __mp_validate__: ClassVar[Any]
    __mp_dumper__: ClassVar[Any] = None  # the class's dump plan (dumpplan), made on first dump
    __fields_set__: frozenset[str]
    __extra__: dict[str, Any] | None

    def __init__(self, /, **data: Any) -> None:
        try:
            type(self).__mp_validate__(data, self)
        except Invalid as invalid:
            raise _raise(type(self), invalid) from None

    # -- validation ---------------------------------------------------------------------------

    @classmethod
    def model_validate(cls: type[Model], obj: Any, *, from_attributes: bool | None = None) -> Model:
        """Validate a dict (or a model instance, or with `from_attributes` any object)."""
        try:
            if from_attributes is None:
                result: Model = cls.__mp_validate__(obj)
            else:  # a flag for every model inside: a validator of its own (made once)
                _require_built(cls)
                result = validator_in_mode(cls, from_attributes)(obj)
        except Invalid as invalid:
            raise _raise(cls, invalid) from None
        return result

    @classmethod
    def model_validate_json(cls: type[Model], json_data: str | bytes | bytearray) -> Model:
        """Parse JSON text and validate it; malformed JSON is a `json_invalid` error entry."""
        try:
            data = parse_json(json_data)
            if type(data) is not dict:  # (JSON objects are plain dicts)
                raise error("model_type", data, {"class_name": cls.__name__})
            result: Model = cls.__mp_validate__(data)
        except Invalid as invalid:
            raise ValidationError(cls.__name__, in_json_words(invalid.errors)) from None
        return result

    @classmethod
    def model_construct(cls: type[Model], _fields_set: set[str] | None = None, **values: Any) -> Model:
        """Build an instance from trusted data, without validation (defaults are filled in)."""
        instance = object.__new__(cls)
        data = {}
        for name, info in cls.__mp_fields__.items():
            key = info.alias if info.alias in values else name
            if key in values:
                data[name] = values[key]
            elif not info.is_required():
                data[name] = info.get_default()
        object.__setattr__(instance, "__dict__", data)
        given = _ConstructedSet(_fields_set if _fields_set is not None else (n for n in data if n in values))
        object.__setattr__(instance, "__fields_set__", given)
        extra = None
        if cls.model_config.get("extra") == "allow":
            known = {key for name, info in cls.__mp_fields__.items() for key in (name, info.alias) if key}
            extra = {key: value for key, value in values.items() if key not in known} or None
        object.__setattr__(instance, "__extra__", extra)
        return instance

    @classmethod
    def model_rebuild(cls, *, force: bool = False) -> bool | None:
        """Resolve forward references now (call it once the referenced classes exist)."""
        if cls.__mp_complete__ and not force:
            return None
        if not _try_build(cls, caller_namespace(1)):
            raise TypeError(f"`{cls.__name__}` still has undefined annotations")
        return True

    # -- dumping ------------------------------------------------------------------------------

    def model_dump(
        self,
        *,
        mode: Literal["python", "json"] = "python",
        include: IncEx | None = None,
        exclude: IncEx | None = None,
        by_alias: bool | None = None,
        exclude_unset: bool = False,
        exclude_defaults: bool = False,
        exclude_none: bool = False,
    ) -> dict[str, Any]:
        """The fields as a dict; `mode="json"` makes every value JSON-compatible."""
        if by_alias is None:
            by_alias = bool(self.model_config.get("serialize_by_alias"))
        options = (mode == "json", by_alias, exclude_unset, exclude_defaults, exclude_none)
        return dump_model(self, include, exclude, options)

    def model_dump_json(
        self,
        *,
        indent: int | None = None,
        include: IncEx | None = None,
        exclude: IncEx | None = None,
        by_alias: bool | None = None,
        exclude_unset: bool = False,
        exclude_defaults: bool = False,
        exclude_none: bool = False,
    ) -> str:
        """The JSON text of model_dump(mode="json"); inf and nan are written as the model's
        ser_json_inf_nan says: null (the default), Infinity/NaN ("constants") or "Infinity"."""
        if by_alias is None:
            by_alias = bool(self.model_config.get("serialize_by_alias"))
        mode = inf_nan_in_text(self.model_config)
        options = (mode, by_alias, exclude_unset, exclude_defaults, exclude_none)
        try:
            data = dump_model(self, include, exclude, options)
        except ValueError as exc:
            raise SerializationError(f"Error serializing to JSON: ValueError: {exc}") from None
        return json_text(data, indent)

    def model_copy(self: Model, *, update: dict[str, Any] | None = None, deep: bool = False) -> Model:
        """A copy, with `update` applied without validation (updated fields count as set)."""
        clone = copy.deepcopy(self) if deep else copy.copy(self)
        if update:
            values = dict(clone.__dict__)
            fields = type(self).__mp_fields__
            if self.model_config.get("extra") == "allow":  # names that are not fields are extras
                extra = {key: value for key, value in update.items() if key not in fields}
                if extra:
                    object.__setattr__(clone, "__extra__", {**(clone.__extra__ or {}), **extra})
                values.update((key, value) for key, value in update.items() if key in fields)
            else:
                values.update(update)
            object.__setattr__(clone, "__dict__", values)
            object.__setattr__(clone, "__fields_set__", _with(clone.__fields_set__, update.keys()))
        return clone

    @classmethod
    def model_json_schema(
        cls,
        by_alias: bool = True,
        ref_template: str = DEFAULT_REF_TEMPLATE,
        mode: Literal["validation", "serialization"] = "validation",
    ) -> dict[str, Any]:
        """The JSON Schema (draft 2020-12) Pydantic would emit; nested models go to `$defs`."""
        return model_json_schema(cls, by_alias=by_alias, ref_template=ref_template, mode=mode)

    # -- instance behaviour -------------------------------------------------------------------

    @property
    def model_fields_set(self) -> set[str]:
        """The fields given (not defaulted), and with extra="allow" the extra keys given."""
        fields_set = self.__fields_set__
        if self.__extra__ and type(fields_set) is frozenset:
            return set(fields_set.union(self.__extra__))
        return set(fields_set)

    @property
    def model_extra(self) -> dict[str, Any] | None:
        return self.__extra__

    def __setattr__(self, name: str, value: Any) -> None:
        cls = type(self)
        if cls.model_config.get("frozen"):
            raise ValidationError(
                cls.__name__,
                [{"type": "frozen_instance", "loc": (name,), "msg": "Instance is frozen", "input": value}],
            )
        if name in cls.__mp_fields__:
            self.__dict__[name] = value
            object.__setattr__(self, "__fields_set__", _with(self.__fields_set__, (name,)))
        elif name.startswith("_"):
            object.__setattr__(self, name, value)
        elif cls.model_config.get("extra") == "allow":
            if self.__extra__ is None:
                object.__setattr__(self, "__extra__", {})
            self.__extra__[name] = value  # type: ignore[index]
            object.__setattr__(self, "__fields_set__", _with(self.__fields_set__, (name,)))
        else:
            raise ValueError(f'"{cls.__name__}" object has no field "{name}"')

    def __getattr__(self, name: str) -> Any:
        extra = object.__getattribute__(self, "__extra__") if name != "__extra__" else None
        if extra and name in extra:
            return extra[name]
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self.__dict__ == other.__dict__ and self.__extra__ == other.__extra__

    def __hash__(self) -> int:
        if not type(self).model_config.get("frozen"):
            raise TypeError(f"unhashable type: {type(self).__name__!r} (set frozen=True to hash it)")
        return hash((type(self), *self.__dict__.values()))

    def __iter__(self) -> Any:
        yield from self.__dict__.items()
        if self.__extra__:
            yield from self.__extra__.items()

    def __repr_args__(self) -> list[tuple[str, Any]]:
        fields = type(self).__mp_fields__
        shown = [(k, v) for k, v in self.__dict__.items() if k not in fields or fields[k].repr]
        return shown + list((self.__extra__ or {}).items())

    def __repr__(self) -> str:
        args = ", ".join(f"{key}={value!r}" for key, value in self.__repr_args__())
        return f"{type(self).__name__}({args})"

    def __str__(self) -> str:
        return " ".join(f"{key}={value!r}" for key, value in self.__repr_args__())
