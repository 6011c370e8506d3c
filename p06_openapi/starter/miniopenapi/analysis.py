"""Endpoint analysis: which parameter comes from where, decided once per route.

minidi walks the whole dependency graph and asks `classify` about every parameter that is
neither a `Depends` nor a special type (like `Request`). The answer is a `Leaf`: where the
value lives in the request, its name there, and the compiled validator for it. The same
leaves then serve both halves of the lesson: the request handler reads and validates them,
the OpenAPI builder documents them.

FastAPI's rules, in order: an explicit marker wins; a name in the path template is a path
parameter; a model (or anything that is not a scalar or a list of scalars) is the body;
everything else is a query parameter.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

from miniasgi import Request
from minidi import Graph, Param
from minipydantic import FieldInfo, TypeAdapter

LOCATIONS = ("path", "query", "header", "cookie")


@dataclass(frozen=True)
class Leaf:
    """One input of an endpoint: `location` is where it lives, `alias` its name there.

    Equal leaves (same place, name and type) are one leaf, so two dependencies asking for
    the same `?q=` share a value and a single entry in the docs. (Complete: a data class.)
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
        raise NotImplementedError(
            "return the signature of a solved graph: every leaf once (the endpoint's own before its "
            "dependencies'), parameters in path, query, header, cookie order, the body leaves apart, "
            "and whether the body is an object keyed by name (several body leaves, or embed=True)"
        )

    @property
    def validates_input(self) -> bool:
        """Whether a request can fail validation (FastAPI then documents the 422)."""
        raise NotImplementedError("return True when a request can carry a wrong input: any parameter or body")


def analyze(
    endpoint: Callable[..., Any], path_params: Collection[str], special_types: Sequence[type] = (Request,)
) -> EndpointSignature:
    """Solve `endpoint`'s dependency graph and sort its leaves; raises minidi's errors early."""
    raise NotImplementedError(
        "return the endpoint's signature: every plain parameter of the endpoint and of its "
        "dependencies, at any depth, as a Leaf saying where its value comes from"
    )


def classify(param: Param, path_params: Collection[str]) -> Leaf:
    """minidi's leaf classifier: turn one plain parameter into a `Leaf`."""
    raise NotImplementedError(
        "return the Leaf for this parameter: its location (a marker wins, then a name in the path, "
        "then a body type, else query), its name on the wire, its default, and a compiled validator "
        "(a TypeError here when its type cannot be validated)"
    )


def is_sequence_type(tp: Any) -> bool:
    """`list[str]`, `set[int] | None`...: a query parameter that may repeat (`?t=a&t=b`)."""
    raise NotImplementedError(
        "return True when the value may repeat: a list, set or tuple, even inside X | None"
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
    "analyze",
    "classify",
    "is_body_type",
    "is_sequence_type",
]
