"""JSON Schema (draft 2020-12) from annotations, shaped exactly as Pydantic emits it.

It walks the same annotations the validators were compiled from. Models and enums become
entries in `$defs`, referenced through `ref_template` (FastAPI passes
"#/components/schemas/{model}"); a model that refers to itself works because its `$defs`
entry is reserved before its fields are visited.
"""

from __future__ import annotations

import inspect
import types
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from enum import Enum
from typing import Annotated, Any, Literal, Union, get_args, get_origin
from uuid import UUID

from minipydantic.compile import is_model, split_annotated, union_tags
from minipydantic.fields import FieldInfo
from minipydantic.network import AnyUrl, EmailStr
from minipydantic.serialize import dump_value

__all__ = ["DEFAULT_REF_TEMPLATE", "SchemaBuilder", "model_json_schema", "type_json_schema"]

DEFAULT_REF_TEMPLATE = "#/$defs/{model}"
JsonDict = dict[str, Any]

_SIMPLE: dict[Any, JsonDict] = {
    str: {"type": "string"},
    int: {"type": "integer"},
    float: {"type": "number"},
    bool: {"type": "boolean"},
    bytes: {"type": "string", "format": "binary"},
    type(None): {"type": "null"},
    UUID: {"type": "string", "format": "uuid"},
    datetime: {"type": "string", "format": "date-time"},
    date: {"type": "string", "format": "date"},
    time: {"type": "string", "format": "time"},
    timedelta: {"type": "string", "format": "duration"},
    EmailStr: {"type": "string", "format": "email"},
}
_KEYWORDS = {
    "string": {"min_length": "minLength", "max_length": "maxLength", "pattern": "pattern"},
    "number": {
        "gt": "exclusiveMinimum",
        "ge": "minimum",
        "lt": "exclusiveMaximum",
        "le": "maximum",
        "multiple_of": "multipleOf",
    },
    "array": {"min_length": "minItems", "max_length": "maxItems"},
    "object": {"min_length": "minProperties", "max_length": "maxProperties"},
}
_KEYWORDS["integer"] = _KEYWORDS["number"]
_JSON_TYPES = {str: "string", int: "integer", float: "number", bool: "boolean", type(None): "null"}
_DUMP_JSON = (True, False, False, False, False)


def _title(name: str) -> str:
    return name.title().replace("_", " ")


def _jsonable(value: Any) -> Any:
    return dump_value(value, None, None, _DUMP_JSON)


def _constrain(schema: JsonDict, constraints: dict[str, Any]) -> JsonDict:
    keywords = _KEYWORDS.get(schema.get("type", ""), {})
    for name, value in constraints.items():
        if name in keywords:
            schema[keywords[name]] = value
    return schema


class SchemaBuilder:
    """One schema generation: collects `$defs` while it walks the annotations."""

    def __init__(self, ref_template: str, mode: str, by_alias: bool = True) -> None:
        self.ref_template = ref_template
        self.mode = mode
        self.by_alias = by_alias
        self.defs: dict[str, JsonDict] = {}

    def ref(self, cls: Any, make: Callable[[Any], JsonDict]) -> JsonDict:
        name = cls.__name__
        if name not in self.defs:
            self.defs[name] = {}
            self.defs[name] = make(cls)
        return {"$ref": self.ref_template.format(model=name)}

    def of(self, tp: Any, constraints: dict[str, Any] | None = None) -> JsonDict:
        """The schema of annotation `tp`, with constraint keywords added where they apply."""
        constraints = constraints or {}
        inner, metadata = split_annotated(tp)
        if metadata:
            infos = [item for item in metadata if isinstance(item, FieldInfo)]
            merged = dict(constraints)
            for info in infos:
                merged.update(info.constraints)
            schema = self.of(inner, merged)
            for info in infos:
                schema.update(self.documentation(info))
                _apply_extra(schema, info)
            return schema
        if tp in _SIMPLE:
            return _constrain(dict(_SIMPLE[tp]), constraints)
        if tp is Decimal:
            if self.mode == "serialization":
                return {"type": "string"}
            return {"anyOf": [_constrain({"type": "number"}, constraints), {"type": "string"}]}
        if isinstance(tp, type) and issubclass(tp, AnyUrl):
            url: JsonDict = {"type": "string", "format": "uri", "minLength": 1}
            return url if tp.max_length is None else {**url, "maxLength": tp.max_length}
        if is_model(tp):
            return self.ref(tp, self.model)
        if isinstance(tp, type) and issubclass(tp, Enum):
            return self.ref(tp, _enum_schema)
        if isinstance(tp, type) and hasattr(tp, "__get_pydantic_json_schema__"):
            # A class that describes itself (Pydantic's hook name). Pydantic hands it a core
            # schema and a handler over core schemas; minipydantic has none: None, and a
            # handler giving the schema of another annotation.
            own: JsonDict = tp.__get_pydantic_json_schema__(None, self.of)
            return _constrain(dict(own), constraints)
        return self._generic(tp, constraints)

    def _generic(self, tp: Any, constraints: dict[str, Any]) -> JsonDict:
        origin, args = get_origin(tp) or tp, get_args(tp)
        if origin is Literal:
            return _literal_schema(args)
        if origin is Union or origin is types.UnionType:
            if constraints.get("discriminator"):
                return self._tagged(args, constraints["discriminator"])
            members = [self.of(arg, constraints if arg is not type(None) else None) for arg in args]
            return {"anyOf": members}
        if origin in (list, set, frozenset) or (origin is tuple and (not args or args[-1] is Ellipsis)):
            schema: JsonDict = {"type": "array", "items": self.of(args[0]) if args else {}}
            if origin in (set, frozenset):
                schema["uniqueItems"] = True
            return _constrain(schema, constraints)
        if origin is tuple:
            items = [self.of(arg) for arg in args]
            return {"type": "array", "prefixItems": items, "minItems": len(items), "maxItems": len(items)}
        if origin is dict:
            values = self.of(args[1]) if args else {}
            # "any value" is written `true` here (Pydantic's spelling), though `{}` means the same.
            return _constrain({"type": "object", "additionalProperties": values or True}, constraints)
        return {}

    def _tagged(self, args: tuple[Any, ...], discriminator: str) -> JsonDict:
        """A discriminated union: `oneOf` the models, with OpenAPI's `discriminator` mapping."""
        models = [arg for arg in args if arg is not type(None)]
        refs = [self.of(model) for model in models]
        by_model = {model: ref["$ref"] for model, ref in zip(models, refs, strict=True)}
        mapping = {str(tag): by_model[model] for tag, model in union_tags(models, discriminator).items()}
        schema: JsonDict = {
            "discriminator": {"mapping": mapping, "propertyName": discriminator},
            "oneOf": refs,
        }
        return {"anyOf": [schema, {"type": "null"}]} if len(models) < len(args) else schema

    def documentation(self, info: FieldInfo) -> JsonDict:
        found: JsonDict = {}
        for name in ("title", "description", "examples"):
            if getattr(info, name) is not None:
                found[name] = getattr(info, name)
        if info.deprecated:
            found["deprecated"] = True
        return found

    def field(self, name: str, info: FieldInfo) -> JsonDict:
        tp = Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
        schema = self.of(tp, info.constraints)
        if info.title is None and not _is_model_ref(info.annotation):
            schema["title"] = _title(info.alias if self.by_alias and info.alias is not None else name)
        schema.update(self.documentation(info))
        if not info.is_required() and info.default_factory is None:
            schema["default"] = _jsonable(info.default)
        _apply_extra(schema, info)
        return schema

    def model(self, cls: Any) -> JsonDict:
        if not cls.__mp_complete__:
            cls.model_rebuild()
        properties: JsonDict = {}
        required: list[str] = []
        for name, info in cls.__mp_fields__.items():
            key = info.alias if self.by_alias and info.alias is not None else name
            properties[key] = self.field(name, info)
            if info.is_required():
                required.append(key)
        schema: JsonDict = {"properties": properties}
        if required:
            schema["required"] = required
        config = cls.model_config
        schema["title"] = config.get("title", cls.__name__)
        schema["type"] = "object"
        doc = cls.__dict__.get("__doc__")
        if doc:
            schema["description"] = inspect.cleandoc(doc)
        if config.get("extra") in ("forbid", "allow"):
            schema["additionalProperties"] = config["extra"] == "allow"
        schema.update(config.get("json_schema_extra", {}))
        return schema

    def finish(self, schema: JsonDict) -> JsonDict:
        if self.defs:
            schema = {"$defs": dict(sorted(self.defs.items())), **schema}
        return schema


def _apply_extra(schema: JsonDict, info: FieldInfo) -> None:
    """A FieldInfo's `json_schema_extra`, last, as Pydantic applies it: merged when it is a
    dict, called on the schema when it is a function. The same on a model's field and in
    `Annotated[str, Field(json_schema_extra=...)]` (FastAPI's `format: password` form field)."""
    extra = info.json_schema_extra
    if callable(extra):
        extra(schema)
    elif extra:
        schema.update(extra)


def _is_model_ref(tp: Any) -> bool:
    """Pydantic gives no title to a field that is (an optional) model or enum reference."""
    members = (
        [a for a in get_args(tp) if a is not type(None)]
        if get_origin(tp) in (Union, types.UnionType)
        else [tp]
    )
    if len(members) != 1:
        return False
    return is_model(members[0]) or (isinstance(members[0], type) and issubclass(members[0], Enum))


def _literal_schema(values: tuple[Any, ...]) -> JsonDict:
    plain = [v.value if isinstance(v, Enum) else v for v in values]
    kinds = {_JSON_TYPES.get(type(v)) for v in plain}
    schema: JsonDict = {"const": plain[0]} if len(plain) == 1 else {"enum": plain}
    if len(kinds) == 1 and None not in kinds:
        schema["type"] = kinds.pop()
    return schema


def _enum_schema(cls: type[Enum]) -> JsonDict:
    values = [_jsonable(member.value) for member in cls]
    schema: JsonDict = {"enum": values, "title": cls.__name__}
    doc = cls.__dict__.get("__doc__")
    if doc and doc != "An enumeration.":
        schema["description"] = inspect.cleandoc(doc)
    kinds = {_JSON_TYPES.get(type(v)) for v in values}
    if len(kinds) == 1 and None not in kinds:
        schema["type"] = kinds.pop()
    return schema


def model_json_schema(cls: Any, *, by_alias: bool, ref_template: str, mode: str) -> JsonDict:
    builder = SchemaBuilder(ref_template, mode, by_alias)
    schema = builder.model(cls)
    if cls.__name__ in builder.defs:  # the model refers to itself: Pydantic puts it in $defs too
        builder.defs[cls.__name__] = schema
        return builder.finish({"$ref": ref_template.format(model=cls.__name__)})
    return builder.finish(schema)


def type_json_schema(tp: Any, *, by_alias: bool, ref_template: str, mode: str) -> JsonDict:
    if is_model(tp):
        return model_json_schema(tp, by_alias=by_alias, ref_template=ref_template, mode=mode)
    builder = SchemaBuilder(ref_template, mode, by_alias)
    schema = builder.of(tp)
    if isinstance(tp, type) and issubclass(tp, Enum):  # the top-level enum is inlined, like a model
        schema = builder.defs.pop(tp.__name__)
    return builder.finish(schema)
