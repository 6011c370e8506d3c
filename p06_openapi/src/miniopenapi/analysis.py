"""Endpoint analysis: which parameter comes from where, decided once per route.

minidi walks the whole dependency graph and asks `classify` about every parameter that is
neither a `Depends` nor a special type (like `Request`). The answer is a `Leaf`: where the
value lives in the request, its name there, and the compiled validator for it. The same
leaves then serve both halves of the lesson: the request handler reads and validates them,
the OpenAPI builder documents them. A query parameter declared three dependencies deep is
thus validated *and* documented, exactly like one on the endpoint.

FastAPI's rules, in order: an explicit marker wins; a name in the path template is a path
parameter; an `UploadFile` is a file of a form; a model (or anything that is not a scalar or
a list of scalars) is the body; everything else is a query parameter.

A model behind a `Query()`, `Header()`, `Cookie()` or `Form()` marker is a *parameter
model*: each of its fields is read from the request under its own name, the values are
validated together as the model (its defaults, validators and `extra` policy apply), and the
document lists the fields as separate parameters. Its leaf carries a `ParamModel` saying so.
"""

from __future__ import annotations

import copy
import inspect
import types
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Annotated, Any, Union, get_args, get_origin

from miniasgi import Request
from miniasgi.datastructures import UploadFile
from minidi import Depends, Graph, Node, Param, Solver
from minipydantic import BaseModel, ConfigDict, FieldInfo, TypeAdapter

from miniopenapi.params import Body, Cookie, File, Form, Header, Path, Query
from miniopenapi.params import Param as Marker

LOCATIONS = ("path", "query", "header", "cookie")
_ORDER = {location: rank for rank, location in enumerate((*LOCATIONS, "body"))}
_SEQUENCES = (list, set, frozenset, tuple, Sequence, Collection)
_FILES = ConfigDict(arbitrary_types_allowed=True)  # an UploadFile is checked by its class


@dataclass(frozen=True)
class ParamModel:
    """A model whose fields come from several inputs: `Annotated[Filters, Query()]`, a
    `Header()` or `Cookie()` model, or a form model (in a form, also a union of models,
    `Person | Company`, which its discriminator tells apart).

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
        leaves = list(dict.fromkeys(_declaration_order(graph.root)))
        parameters = tuple(leaf for location in LOCATIONS for leaf in leaves if leaf.location == location)
        body = tuple(leaf for leaf in leaves if leaf.location == "body")
        form = any(isinstance(leaf.info, Form) for leaf in body)
        embed = len(body) > 1 or any(getattr(leaf.info, "embed", False) for leaf in body)
        if form and body and body[0].model is None:
            embed = True  # a lone form field is still one key of the form, not the whole form
        order = tuple(_validation_order(graph.root))
        return cls(graph, parameters, body, embed, validation_order=order, form_body=form)

    @property
    def validates_input(self) -> bool:
        """Whether a request can fail validation (FastAPI then documents the 422)."""
        return bool(self.parameters or self.body)

    @property
    def documented_parameters(self) -> tuple[Leaf, ...]:
        """The parameters as the document lists them: a parameter model's fields one by one,
        in its place; a parameter with `include_in_schema=False` left out."""
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
    solver = Solver(classify=lambda param: classify(param, path_params), special_types=special_types)
    return EndpointSignature.from_graph(solver.solve(endpoint, dependencies))


def _declaration_order(node: Node) -> Iterator[Leaf]:
    """A callable's own leaves first, then its dependencies' (FastAPI documents them so)."""
    for param in node.leaves:
        if isinstance(param.leaf, Leaf):
            yield param.leaf
    for dependency in node.dependencies:
        yield from _declaration_order(dependency)


def _validation_order(node: Node) -> Iterator[Leaf]:
    """Every use of a leaf, in the order FastAPI validates (and so reports) them."""
    for dependency in node.dependencies:
        yield from _validation_order(dependency)
    own = [param.leaf for param in node.leaves if isinstance(param.leaf, Leaf)]
    yield from sorted(own, key=lambda leaf: _ORDER[leaf.location])


def classify(param: Param, path_params: Collection[str]) -> Leaf:
    """minidi's leaf classifier: turn one plain parameter into a `Leaf`."""
    marker = _find_marker(param)
    base = Any if param.annotation is inspect.Parameter.empty else param.annotation
    extras = tuple(item for item in param.metadata if not isinstance(item, Marker | Body))
    annotation = Annotated[(base, *extras)] if extras else base  # AfterValidator(...) and co. stay
    if marker is None:
        if param.name in path_params:
            marker = Path()
        elif is_upload_type(base):
            marker = File()
        elif is_body_type(base):
            marker = Body()
        else:
            marker = Query()
    has_plain_default = param.default is not inspect.Parameter.empty and not isinstance(
        param.default, Body | Marker
    )
    if has_plain_default and marker.is_required() and not isinstance(marker, Path):
        marker = copy.copy(marker)  # `Annotated[int, Query(ge=1)] = 10`: the default lives outside
        marker.default = param.default
    files = isinstance(marker, File) or is_upload_type(base)
    return Leaf(
        location=marker.location,
        alias=_wire_name(param.name, marker),
        annotation=annotation,
        name=param.name,
        info=marker,
        adapter=TypeAdapter(Annotated[annotation, marker], config=_FILES if files else None),
        is_sequence=is_sequence_type(base),
        model=_param_model(base, marker),
        reads_bytes=isinstance(marker, File) and _wants_bytes(base),
    )


def _find_marker(param: Param) -> Marker | Body | None:
    """The marker used as the default or, failing that, the last one in `Annotated[...]`."""
    if isinstance(param.default, Marker | Body):
        return param.default
    markers = [item for item in param.metadata if isinstance(item, Marker | Body)]
    return markers[-1] if markers else None


def _wire_name(name: str, marker: FieldInfo) -> str:
    if marker.alias:
        return str(marker.alias)
    if isinstance(marker, Header) and marker.convert_underscores:
        return name.replace("_", "-")
    return name


def _param_model(annotation: Any, marker: Marker | Body) -> ParamModel | None:
    """The model a `Query`/`Header`/`Cookie`/`Form` parameter spreads over its fields, if any."""
    if not isinstance(marker, Query | Header | Cookie | Form):
        return None
    members = _members(annotation)
    models = tuple(member for member in members if isinstance(member, type) and issubclass(member, BaseModel))
    if not models or len(models) < len(members) or (len(models) > 1 and not isinstance(marker, Form)):
        return None
    nullable = len(get_args(annotation)) > len(models)  # `Model | None`
    absent = nullable and not marker.is_required()  # then no field is required on its own
    fields: dict[str, Leaf] = {}
    for model in models:
        for name, info in model.model_fields.items():
            leaf = _field_leaf(marker, name, info, absent)
            fields.setdefault(leaf.alias, leaf)
    extras = any(model.model_config.get("extra") in ("allow", "forbid") for model in models)
    return ParamModel(models, tuple(fields.values()), nullable, extras)


def _field_leaf(marker: Marker | Body, name: str, info: FieldInfo, optional: bool) -> Leaf:
    """One field of a parameter model, as the request names it and the document lists it
    (the request's values are validated together, by the model)."""
    key = str(info.alias) if info.alias is not None else name
    wire = key
    if isinstance(marker, Header) and marker.convert_underscores and info.alias is None:
        wire = name.replace("_", "-")
    annotation = info.annotation
    files = isinstance(marker, File) or is_upload_type(annotation)
    return Leaf(
        location=marker.location,
        alias=wire,
        annotation=annotation,
        name=name,
        info=info,
        adapter=TypeAdapter(Annotated[annotation, info], config=_FILES if files else None),
        is_sequence=is_sequence_type(annotation),
        key=key,
        optional=optional,
    )


def _members(tp: Any) -> tuple[Any, ...]:
    """The members of a Union (`int | None` -> (int, NoneType)), or the type itself."""
    if get_origin(tp) is Annotated:
        tp = get_args(tp)[0]
    if get_origin(tp) in (Union, types.UnionType):
        return tuple(arg for arg in get_args(tp) if arg is not type(None))
    return (tp,)


def is_sequence_type(tp: Any) -> bool:
    """`list[str]`, `set[int] | None`...: a query parameter that may repeat (`?t=a&t=b`)."""
    return any(get_origin(member) in _SEQUENCES or member in _SEQUENCES for member in _members(tp))


def is_upload_type(tp: Any) -> bool:
    """`UploadFile`, `UploadFile | None`, `list[UploadFile]`: a file of a multipart form."""
    items = _items(tp)
    return bool(items) and all(isinstance(item, type) and issubclass(item, UploadFile) for item in items)


def _wants_bytes(tp: Any) -> bool:
    """`bytes`, `bytes | None`, `list[bytes]`: a file's content, read from its upload."""
    items = _items(tp)
    return bool(items) and all(item is bytes for item in items)


def _items(tp: Any) -> list[Any]:
    """The members of `tp`, a sequence standing for its item type: `list[X] | None` -> [X]."""
    return [next(iter(get_args(m)), None) if get_origin(m) in _SEQUENCES else m for m in _members(tp)]


def _is_scalar(tp: Any) -> bool:
    """int, str, an enum, a Literal...: not a model, a mapping or a generic container."""
    if isinstance(tp, type) and issubclass(tp, BaseModel | dict):
        return False
    origin = get_origin(tp)  # None for plain classes; Literal/Annotated are no containers
    return origin is None or not isinstance(origin, type)


def is_body_type(tp: Any) -> bool:
    """Anything that is not a scalar or a sequence of scalars must come as JSON in the body."""
    for member in _members(tp):
        if is_sequence_type(member):
            if not all(_is_scalar(arg) for arg in get_args(member) if arg is not Ellipsis):
                return True
        elif not _is_scalar(member):
            return True
    return False


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
