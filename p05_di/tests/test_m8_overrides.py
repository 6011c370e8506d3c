"""Milestone 8: overrides.

`overrides[get_db] = fake_db` (what `app.dependency_overrides` is in FastAPI) makes every use
of `get_db` call `fake_db` instead, at any depth, and inside other replacements too. The
replacement is solved once, not re-analysed on every request.
"""

import inspect
from collections.abc import Iterator
from typing import Annotated, Any

import minidi
import pytest
from minidi import Depends

from .scenarios import Built, QueryLeaf, classify_query


def override_scenario(depends: Any, log: list[str]) -> Built:
    """`get_db` (a generator) replaced by `fake_db`, whose own dependency `get_settings` is
    itself replaced; `get_user` is used twice and cached under its original identity."""

    def get_settings() -> str:
        log.append("get_settings")
        return "real settings"

    def test_settings() -> str:
        log.append("test_settings")
        return "test settings"

    def get_db() -> Iterator[str]:
        log.append("get_db")
        yield "real db"

    def fake_db(settings: Annotated[str, depends(get_settings)]) -> Iterator[str]:
        log.append("fake_db setup")
        yield f"fake db ({settings})"
        log.append("fake_db teardown")

    def get_user(db: Annotated[str, depends(get_db)]) -> str:
        log.append("get_user")
        return f"user from {db}"

    def endpoint(a: Annotated[str, depends(get_user)], b: Annotated[str, depends(get_user)]) -> list[str]:
        log.append("endpoint")
        return [a, b]

    return Built(endpoint, overrides={get_db: fake_db, get_settings: test_settings})


def test_overrides_replace_dependencies_at_any_depth_like_fastapi(parity: Any) -> None:
    """Same values, calls and teardowns as FastAPI with `app.dependency_overrides` set."""
    outcome = parity(override_scenario, requests=2)
    assert outcome["results"][0] == ["user from fake db (test settings)"] * 2
    assert "get_db" not in outcome["events"]
    assert outcome["events"].count("fake_db teardown") == 2


def test_override_may_declare_its_own_leaves() -> None:
    """A replacement can ask for leaves the original did not have; `with_overrides(...)`
    returns a graph whose `leaves` include them, so the framework validates them too."""

    def get_user() -> str:
        return "real"

    def fake_user(name: str) -> str:
        return name

    def endpoint(user: Annotated[str, Depends(get_user)]) -> str:
        return user

    graph = minidi.Solver(classify=classify_query).solve(endpoint)
    assert graph.leaves == ()
    assert graph.with_overrides({get_user: fake_user}).leaves == (QueryLeaf("name", str),)


def test_no_overrides_means_the_very_same_graph() -> None:
    """With no overrides, `with_overrides` costs nothing: it returns the graph itself."""

    def endpoint() -> None: ...

    graph = minidi.Solver().solve(endpoint)
    assert graph.with_overrides({}) is graph


def test_replacement_is_solved_once_not_per_request() -> None:
    """Applying the same overrides again reuses the solved graph, and a replacement's
    signature is read once even after the overrides change and come back."""
    reads = []

    class FakeDb:
        @property
        def __signature__(self) -> inspect.Signature:
            reads.append(1)
            return inspect.Signature()

        def __call__(self) -> str:
            return "fake"

    def get_db() -> str:
        return "real"

    def other() -> str:
        return "other"

    def endpoint(db: Annotated[str, Depends(get_db)], o: Annotated[str, Depends(other)]) -> str:
        return db

    graph = minidi.Solver().solve(endpoint)
    fake = FakeDb()
    first = graph.with_overrides({get_db: fake})
    assert graph.with_overrides({get_db: fake}) is first
    graph.with_overrides({other: get_db})
    graph.with_overrides({get_db: fake})
    assert len(reads) == 1, f"the replacement's signature was read {len(reads)} times"


def test_overridden_graph_shares_untouched_subtrees() -> None:
    """Only the path to a replaced node is rebuilt; other subtrees are the same objects."""

    def get_a() -> str:
        return "a"

    def get_b() -> str:
        return "b"

    def endpoint(a: Annotated[str, Depends(get_a)], b: Annotated[str, Depends(get_b)]) -> str:
        return a + b

    graph = minidi.Solver().solve(endpoint)
    overridden = graph.with_overrides({get_a: lambda: "A"})
    assert overridden.root.dependencies[1] is graph.root.dependencies[1]
    assert graph.root.dependencies[0].call is get_a, "overriding must not change the original graph"


def test_override_that_creates_a_cycle_fails_when_applied() -> None:
    """Replacing `get_db` with something that depends on `get_db` would loop forever: a
    `DependencyCycleError` from `with_overrides`, before anything runs."""

    def get_db() -> str:
        return "db"

    def wrapper(db: Annotated[str, Depends(get_db)]) -> str:
        return db

    def endpoint(db: Annotated[str, Depends(get_db)]) -> str:
        return db

    graph = minidi.Solver().solve(endpoint)
    with pytest.raises(minidi.DependencyCycleError):
        graph.with_overrides({get_db: wrapper})
