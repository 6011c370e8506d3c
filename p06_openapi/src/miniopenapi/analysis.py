"""Endpoint analysis: which parameter comes from where, decided once per route.

minidi walks the whole dependency graph and asks `classify` about every parameter that is
neither a `Depends` nor a special type (like `Request`). The answer is a `Leaf`: where the
value lives in the request, its name there, and the compiled validator for it. The same
leaves then serve both halves of the lesson: the request handler reads and validates them,
the OpenAPI builder documents them. A query parameter declared three dependencies deep is
thus validated *and* documented, exactly like one on the endpoint.

FastAPI's rules, in order: an explicit marker wins; a name in the path template is a path
parameter; a model (or anything that is not a scalar or a list of scalars) is the body;
everything else is a query parameter.
"""

from __future__ import annotations

import copy
import inspect
import types
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Annotated, Any, Union, get_args, get_origin

from miniasgi import Request
from minidi import Depends, Graph, Node, Param, Solver
from minipydantic import BaseModel, FieldInfo, TypeAdapter

from miniopenapi.params import Body, Header, Path, Query
from miniopenapi.params import Param as Marker

LOCATIONS = ("path", "query", "header", "cookie")
_SEQUENCES = (list, set, frozenset, tuple, Sequence, Collection)


@dataclass(frozen=True)
class Leaf:
    """One input of an endpoint: `location` is where it lives, `alias` its name there.

    Equal leaves (same place, name and type) are one leaf, so two dependencies asking for
    the same `?q=` share a value and a single entry in the docs.
    """

    location: str
    alias: str
    annotation: Any
    name: str = field(compare=False)
    info: FieldInfo = field(compare=False, repr=False)
    adapter: TypeAdapter[Any] = field(compare=False, repr=False)
    is_sequence: bool = field(compare=False, repr=False)
    _hash: int = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        # A leaf keys the request's values: hash it once, not on every lookup (hashing an
        # annotation such as `str | None` takes longer than the lookup itself).
        object.__setattr__(self, "_hash", hash((self.location, self.alias, self.annotation)))

    def __hash__(self) -> int:
        return self._hash

    @property
    def required(self) -> bool:
        return bool(self.info.is_required())

    def default(self) -> Any:
        """The value used when the request does not carry this input (a fresh one each call)."""
        return self.info.get_default(call_default_factory=True)


@dataclass(frozen=True)
class EndpointSignature:
    """The analysed endpoint: its solved dependency graph and its leaves, by location."""

    graph: Graph
    parameters: tuple[Leaf, ...]  # path, query, header and cookie leaves, in that order
    body: tuple[Leaf, ...]
    embed_body: bool  # the body is an object keyed by the leaves' aliases

    @classmethod
    def from_graph(cls, graph: Graph) -> EndpointSignature:
        """Sort a solved graph's leaves (p07 calls this again for a graph with overrides)."""
        leaves = list(dict.fromkeys(_declaration_order(graph.root)))
        parameters = tuple(leaf for location in LOCATIONS for leaf in leaves if leaf.location == location)
        body = tuple(leaf for leaf in leaves if leaf.location == "body")
        embed = len(body) > 1 or any(getattr(leaf.info, "embed", False) for leaf in body)
        return cls(graph=graph, parameters=parameters, body=body, embed_body=embed)

    @property
    def validates_input(self) -> bool:
        """Whether a request can fail validation (FastAPI then documents the 422)."""
        return bool(self.parameters or self.body)


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


def classify(param: Param, path_params: Collection[str]) -> Leaf:
    """minidi's leaf classifier: turn one plain parameter into a `Leaf`."""
    marker = _find_marker(param)
    annotation = Any if param.annotation is inspect.Parameter.empty else param.annotation
    if marker is None:
        if param.name in path_params:
            marker = Path()
        elif is_body_type(annotation):
            marker = Body()
        else:
            marker = Query()
    has_plain_default = param.default is not inspect.Parameter.empty and not isinstance(
        param.default, Body | Marker
    )
    if has_plain_default and marker.is_required() and not isinstance(marker, Path):
        marker = copy.copy(marker)  # `Annotated[int, Query(ge=1)] = 10`: the default lives outside
        marker.default = param.default
    return Leaf(
        location=marker.location,
        alias=_wire_name(param.name, marker),
        annotation=annotation,
        name=param.name,
        info=marker,
        adapter=TypeAdapter(Annotated[annotation, marker]),
        is_sequence=is_sequence_type(annotation),
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
    "analyze",
    "classify",
    "is_body_type",
    "is_sequence_type",
]
