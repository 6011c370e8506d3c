"""`ConfigDict`: the model-wide switches, as a typed dict so editors complete the keys."""

from __future__ import annotations

from typing import Any, Literal, TypedDict

__all__ = ["ConfigDict"]


class ConfigDict(TypedDict, total=False):
    """Set as `model_config = ConfigDict(...)` in a model body; subclasses inherit and override."""

    title: str
    extra: Literal["ignore", "forbid", "allow"]
    str_strip_whitespace: bool
    strict: bool
    frozen: bool
    from_attributes: bool
    populate_by_name: bool
    validate_by_name: bool
    serialize_by_alias: bool
    arbitrary_types_allowed: bool
    json_schema_extra: dict[str, Any]
    ser_json_inf_nan: Literal["null", "constants", "strings"]
