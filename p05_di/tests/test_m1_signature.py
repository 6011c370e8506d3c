"""Milestone 1: read a signature.

Solving looks at an endpoint's parameters, once, and sorts them: a parameter that declares
`Depends(f)` (inside `Annotated[...]` or as its default value) is a dependency, and becomes
a child `Node` calling `f`; any other parameter is a plain value, which the framework's leaf
classifier describes. Nothing is called: the graph is data.
"""

from typing import Annotated, Any

import minidi
import pytest
from minidi import Depends, LeafParam

from .scenarios import QueryLeaf, classify_query


def test_depends_in_annotated_makes_a_parameter_a_dependency() -> None:
    """`db: Annotated[str, Depends(get_db)]` is a dependency: the endpoint's node (`graph.root`)
    has one child node, which calls `get_db` and fills the parameter `db`. If `dependencies`
    is empty: look at how you read a parameter's `Annotated[...]` metadata."""

    def get_db() -> str:
        return "db"

    def endpoint(db: Annotated[str, Depends(get_db)]) -> str:
        return db

    root = minidi.Solver().solve(endpoint).root
    assert root.call is endpoint
    found = [(node.name, node.call) for node in root.dependencies]
    assert found == [("db", get_db)], f"expected [('db', get_db)], got {found}"


def test_depends_as_the_default_value_works_the_same() -> None:
    """The older style, `db: str = Depends(get_db)`, declares the same dependency."""

    def get_db() -> str:
        return "db"

    def endpoint(db: str = Depends(get_db)) -> str:
        return db

    root = minidi.Solver().solve(endpoint).root
    assert [(node.name, node.call) for node in root.dependencies] == [("db", get_db)]


def test_dependencies_keep_their_declaration_order_and_flags() -> None:
    """One child per dependency, in the order of the parameters; each node keeps the
    `use_cache` and `scope` its `Depends` declared (`True` and `None` unless given)."""

    def first() -> int:
        return 1

    def second() -> int:
        return 2

    def endpoint(
        b: Annotated[int, Depends(second, use_cache=False)],
        a: Annotated[int, Depends(first, scope="function")],
    ) -> int:
        return a + b

    children = minidi.Solver().solve(endpoint).root.dependencies
    found = [(node.name, node.call, node.use_cache, node.scope) for node in children]
    assert found == [("b", second, False, None), ("a", first, True, "function")], found


def test_empty_depends_calls_the_annotation() -> None:
    """`Depends()` with no callable means "call the annotation": `Annotated[Settings,
    Depends()]` makes a child node whose `call` is the class `Settings`."""

    class Settings:
        name = "minidi"

    def endpoint(settings: Annotated[Settings, Depends()]) -> str:
        return settings.name

    (node,) = minidi.Solver().solve(endpoint).root.dependencies
    assert (node.name, node.call) == ("settings", Settings)


def test_plain_parameters_are_leaves_described_by_the_classifier() -> None:
    """A parameter without `Depends` is a plain value the framework supplies. The solver asks
    the framework's classifier (here: str and int parameters are query parameters) and keeps
    its answer as `LeafParam(parameter name, answer)` in the node's `leaves`, in order."""

    def get_db() -> str:
        return "db"

    def endpoint(q: str, db: Annotated[str, Depends(get_db)], limit: int = 10) -> str:
        return q

    root = minidi.Solver(classify=classify_query).solve(endpoint).root
    assert root.leaves == (
        LeafParam("q", QueryLeaf("q", str)),
        LeafParam("limit", QueryLeaf("limit", int)),
    ), f"got {root.leaves}"
    assert [node.name for node in root.dependencies] == ["db"]


def test_the_classifier_sees_the_parameter_without_its_annotated_wrapper() -> None:
    """The classifier receives a `minidi.Param`: the name, the annotation with `Annotated`
    taken off, the `Annotated` extras as `metadata`, the default (`inspect.Parameter.empty`
    when there is none) and the callable the parameter belongs to (`owner`)."""
    seen: list[minidi.Param] = []

    def classify(param: minidi.Param) -> str:
        seen.append(param)
        return param.name

    def endpoint(q: Annotated[int, "a note"] = 3) -> None: ...

    minidi.Solver(classify=classify).solve(endpoint)
    assert seen == [minidi.Param("q", int, 3, ("a note",), endpoint)], f"got {seen}"


def test_a_parameter_nobody_claims_fails_when_solving() -> None:
    """If the classifier answers None ("not mine"), nothing could ever supply the value:
    `solve` raises `UnsuppliedParameterError(parameter name, chain)`. A `Solver()` without a
    classifier claims nothing."""

    def endpoint(x: object) -> None: ...

    with pytest.raises(minidi.UnsuppliedParameterError) as caught:
        minidi.Solver().solve(endpoint)
    assert "cannot supply parameter 'x' of endpoint" in str(caught.value), str(caught.value)


def get_name() -> str:
    return "ada"


def endpoint_with_string_annotations(name: "Annotated[str, Depends(get_name)]", q: "int") -> str:
    return name


def test_annotations_written_as_strings_are_evaluated() -> None:
    """`name: "Annotated[str, Depends(get_name)]"` (or any module with `from __future__ import
    annotations`) holds a string, not the annotation: solving must evaluate it, or it would
    miss the Depends and see `q` as a string. Read the hints with
    typing.get_type_hints(..., include_extras=True) (without include_extras, Annotated is
    stripped and the Depends lost)."""
    root = minidi.Solver(classify=classify_query).solve(endpoint_with_string_annotations).root
    assert [(node.name, node.call) for node in root.dependencies] == [("name", get_name)]
    assert root.leaves == (LeafParam("q", QueryLeaf("q", int)),), f"got {root.leaves}"


def test_star_args_and_star_star_kwargs_are_left_out() -> None:
    """`*args` and `**kwargs` can stay empty, so they are neither dependencies nor leaves
    (and never reach the classifier)."""

    def endpoint(*args: Any, **kwargs: Any) -> None: ...

    root = minidi.Solver().solve(endpoint).root
    assert (root.dependencies, root.leaves) == ((), ())


def test_solving_calls_nothing() -> None:
    """Solving only reads signatures; the dependencies run later, per request."""
    calls: list[str] = []

    def get_db() -> str:
        calls.append("get_db")
        return "db"

    def endpoint(db: Annotated[str, Depends(get_db)]) -> str:
        calls.append("endpoint")
        return db

    minidi.Solver().solve(endpoint)
    assert calls == []
