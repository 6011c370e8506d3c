"""Endpoint analysis: which parameter comes from where, decided once per route.

minidi walks the whole dependency graph and asks `classify` about every parameter that is
neither a `Depends` nor a special type (like `Request`). The answer is a `Leaf`: where the
value lives in the request, its name there, and the compiled validator for it. The same
leaves then serve both halves of the lesson: the request handler reads and validates them,
the OpenAPI builder documents them.

FastAPI's rules, in order: an explicit marker wins; a name in the path template is a path
parameter; an `UploadFile` is a file of a form; a model (or anything that is not a scalar or
a list of scalars) is the body; everything else is a query parameter.

A model behind a `Query()`, `Header()`, `Cookie()` or `Form()` marker is a *parameter
model*: each of its fields is read from the request under its own name, the values are
validated together as the model (its defaults, validators and `extra` policy apply), and the
document lists the fields as separate parameters. Its leaf carries a `ParamModel` saying so.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

from miniasgi import Request
from minidi import Depends, Graph, Param
from minipydantic import BaseModel, FieldInfo, TypeAdapter

LOCATIONS = ("path", "query", "header", "cookie")


@dataclass(frozen=True)
class ParamModel:
    """A model whose fields come from several inputs: `Annotated[Filters, Query()]`, a
    `Header()` or `Cookie()` model, or a form model (in a form, also a union of models,
    `Person | Company`, which its discriminator tells apart). (Complete: a data class.)

    `fields` has one leaf per model field, under the name the request uses for it (a header
    field `save_data` is read from `save-data`); for a union, the fields of every member.
    `nullable` is `Model | None`: the model is absent, not empty, when the request names
    none of its fields. `takes_extras`: a model forbids or keeps other keys
    (`extra="forbid"` or `"allow"`), so any key sent at all counts as sending it.
    """

    models: tuple[type[BaseModel], ...]
    fields: tuple[Leaf, ...]
    nullable: bool
    takes_extras: bool


@dataclass(frozen=True)
class Leaf:
    """One input of an endpoint: `location` is where it lives, `alias` its name there.

    Equal leaves (same place, name and type) are one leaf, so two dependencies asking for
    the same `?q=` share a value and a single entry in the docs. `key` is the name the
    validator knows the value by: the alias, except for a parameter model's field, whose
    key is the model's (`save_data`) while the request spells it its own way (`save-data`).
    `optional` marks a field of a model that may be absent as a whole: never required alone.
    `reads_bytes` marks a `File()` declared as bytes: the upload's content is its value.
    (Complete: a data class.)
    """

    location: str
    alias: str
    annotation: Any
    name: str = field(compare=False)
    info: FieldInfo = field(compare=False, repr=False)
    adapter: TypeAdapter[Any] = field(compare=False, repr=False)
    is_sequence: bool = field(compare=False, repr=False)
    model: ParamModel | None = field(default=None, compare=False, repr=False)
    key: str = field(default="", compare=False, repr=False)
    optional: bool = field(default=False, compare=False, repr=False)
    reads_bytes: bool = field(default=False, compare=False, repr=False)
    _hash: int = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        # A leaf keys the request's values: hash it once, not on every lookup (hashing an
        # annotation such as `str | None` takes longer than the lookup itself).
        object.__setattr__(self, "_hash", hash((self.location, self.alias, self.annotation)))
        if not self.key:
            object.__setattr__(self, "key", self.alias)

    def __hash__(self) -> int:
        return self._hash

    @property
    def required(self) -> bool:
        return not self.optional and bool(self.info.is_required())

    @property
    def fields(self) -> tuple[Leaf, ...]:
        """A parameter model's fields (what the document lists); none for a plain value."""
        return self.model.fields if self.model is not None else ()

    def default(self) -> Any:
        """The value used when the request does not carry this input (a fresh one each call)."""
        return self.info.get_default(call_default_factory=True)


@dataclass(frozen=True)
class EndpointSignature:
    """The analysed endpoint: its solved dependency graph and its leaves, by location.

    `validation_order` lists a leaf for each *use* of it, in the order FastAPI reports
    errors: depth first (a dependency's before its caller's), and within one callable path,
    query, header, cookie, then body. A leaf used twice reports its errors twice, as there.
    `form_body`: the body is a form (`Form()`, `File()`), read with `request.form()`.
    """

    graph: Graph
    parameters: tuple[Leaf, ...]  # path, query, header and cookie leaves, in that order
    body: tuple[Leaf, ...]
    embed_body: bool  # the body is an object keyed by the leaves' aliases
    validation_order: tuple[Leaf, ...] = ()
    form_body: bool = False

    @classmethod
    def from_graph(cls, graph: Graph) -> EndpointSignature:
        """Sort a solved graph's leaves (p07 calls this again for a graph with overrides)."""
        raise NotImplementedError(
            "return the signature of a solved graph: every leaf once (the endpoint's own before its "
            "dependencies'), parameters in path, query, header, cookie order, the body leaves apart, "
            "whether the body is an object keyed by name (several body leaves, or embed=True, or "
            "a lone form field), whether it is a form, and every use of a leaf in the order "
            "FastAPI validates them (each dependency's before its caller's; per callable path, "
            "query, header, cookie, body)"
        )

    @property
    def validates_input(self) -> bool:
        """Whether a request can fail validation (FastAPI then documents the 422)."""
        raise NotImplementedError("return True when a request can carry a wrong input: any parameter or body")

    @property
    def documented_parameters(self) -> tuple[Leaf, ...]:
        """The parameters as the document lists them: a parameter model's fields one by one,
        in its place; a parameter with `include_in_schema=False` left out. (Complete.)"""
        return tuple(
            documented
            for leaf in self.parameters
            if getattr(leaf.info, "include_in_schema", True)
            for documented in leaf.fields or (leaf,)
        )


def analyze(
    endpoint: Callable[..., Any],
    path_params: Collection[str],
    special_types: Sequence[type] = (Request,),
    dependencies: Sequence[Depends] = (),
) -> EndpointSignature:
    """Solve `endpoint`'s dependency graph (with `dependencies` run first, for their effect)
    and sort its leaves; raises minidi's errors early."""
    raise NotImplementedError(
        "return the endpoint's signature: every plain parameter of the endpoint and of its "
        "dependencies (the route's `dependencies` too), at any depth, as a Leaf saying where "
        "its value comes from"
    )


def classify(param: Param, path_params: Collection[str]) -> Leaf:
    """minidi's leaf classifier: turn one plain parameter into a `Leaf`."""
    raise NotImplementedError(
        "return the Leaf for this parameter: its location (a marker wins, then a name in the path, "
        "then an UploadFile (a File), then a body type, else query), its name on the wire, its "
        "default, and a compiled validator (a TypeError here when its type cannot be validated); "
        "for a model behind Query/Header/Cookie/Form, a ParamModel with a Leaf per field"
    )


def is_sequence_type(tp: Any) -> bool:
    """`list[str]`, `set[int] | None`...: a query parameter that may repeat (`?t=a&t=b`)."""
    raise NotImplementedError(
        "return True when the value may repeat: a list, set or tuple, even inside X | None"
    )


def is_upload_type(tp: Any) -> bool:
    """`UploadFile`, `UploadFile | None`, `list[UploadFile]`: a file of a multipart form."""
    raise NotImplementedError(
        "return True when the value is an UploadFile (or a list of them), even inside X | None"
    )


def is_body_type(tp: Any) -> bool:
    """Anything that is not a scalar or a sequence of scalars must come as JSON in the body."""
    raise NotImplementedError(
        "return True when the value must come as JSON in the body: a model, a dict, or a list of those"
    )


__all__ = [
    "LOCATIONS",
    "EndpointSignature",
    "Leaf",
    "ParamModel",
    "analyze",
    "classify",
    "is_body_type",
    "is_sequence_type",
    "is_upload_type",
]
