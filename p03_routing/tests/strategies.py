"""Hypothesis strategies for route tables and the paths that should (or should not) hit them.

A table is a list of `RouteSpec`s: a template made of literal segments and `{param:type}`
segments, with values for its params drawn to fit their convertors. Both minirouter and
Starlette are built from the same specs, so the parity tests compare like with like.
"""

import string
import uuid
from dataclasses import dataclass, field
from typing import Any

from hypothesis import strategies as st

LITERALS = ["users", "items", "files", "a", "b", "v1", "me"]
SAFE_TEXT = string.ascii_letters + string.digits + "-_.~é"


@dataclass
class RouteSpec:
    """A route to build twice: `pieces` are literal text or (param name, convertor) pairs."""

    name: str
    pieces: list[str | tuple[str, str]]
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def template(self) -> str:
        return "".join(p if isinstance(p, str) else f"{{{p[0]}:{p[1]}}}" for p in self.pieces)

    def filled(self) -> str:
        """The path with the drawn values written in, the way a client would send it."""
        return "".join(p if isinstance(p, str) else _text(self.params[p[0]]) for p in self.pieces)


def _text(value: Any) -> str:
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def _value(kind: str) -> st.SearchStrategy[Any]:
    return {
        "str": st.text(SAFE_TEXT, min_size=1, max_size=8),
        "int": st.integers(0, 10**9),
        # Quarters are written the same way by every sane float formatter.
        "float": st.integers(0, 10**6).map(lambda n: n / 4),
        "uuid": st.uuids(),
        "path": st.lists(st.text(SAFE_TEXT, max_size=5), max_size=3).map("/".join),
    }[kind]


@st.composite
def route_spec(draw: st.DrawFn, name: str) -> RouteSpec:
    spec = RouteSpec(name, [])
    for i in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["literal", "literal", "str", "int", "float", "uuid", "prefixed"]))
        spec.pieces.append("/")
        if kind == "literal":
            spec.pieces.append(draw(st.sampled_from(LITERALS)))
            continue
        if kind == "prefixed":
            spec.pieces.append("v")
            kind = "int"
        spec.pieces.append((f"p{i}", kind))
        spec.params[f"p{i}"] = draw(_value(kind))
    if draw(st.integers(0, 3)) == 0:
        spec.pieces += ["/", ("rest", "path")]
        spec.params["rest"] = draw(_value("path"))
    return spec


@st.composite
def route_table(draw: st.DrawFn) -> list[RouteSpec]:
    return [draw(route_spec(f"r{i}")) for i in range(draw(st.integers(1, 8)))]


random_paths = st.lists(
    st.sampled_from([*LITERALS, "42", "x", "", "1.5", "v7", str(uuid.UUID(int=7))]), max_size=5
).map(lambda segments: "/" + "/".join(segments))
