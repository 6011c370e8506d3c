"""Milestone 5b: definition-time errors.

A graph that can never run is rejected when it is solved (when the route is defined), with
the chain of callables in the message, never when a request arrives.
"""

import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Any

import minidi
import pytest
from minidi import Depends


def test_unsupplied_parameter_names_the_chain() -> None:
    """A parameter nobody can supply (not a Depends, not a special type, not claimed by the
    classifier) fails at solve time, naming the parameter and the path to it."""

    def get_user(x: object) -> str:
        return "u"

    def get_profile(user: Annotated[str, Depends(get_user)]) -> str:
        return user

    def endpoint(profile: Annotated[str, Depends(get_profile)]) -> str:
        return profile

    with pytest.raises(minidi.UnsuppliedParameterError) as caught:
        minidi.Solver().solve(endpoint)
    message = str(caught.value)
    assert "cannot supply parameter 'x' of get_user" in message, message
    assert "get_user <- get_profile <- endpoint" in message, message
    assert caught.value.chain == ("get_user", "get_profile", "endpoint")


def test_callable_instances_and_special_types_in_messages() -> None:
    """A callable instance is named after its class, `Auth()`; a class annotation that is
    not a registered special type goes to the classifier like anything else."""

    class Request: ...

    class Other: ...

    class Auth:
        def __call__(self, other: Other) -> str:
            return "ok"

    def endpoint(user: Annotated[str, Depends(Auth())]) -> str:
        return user

    with pytest.raises(minidi.UnsuppliedParameterError, match=r"'other' of Auth\(\)"):
        minidi.Solver(special_types=[Request]).solve(endpoint)


def test_classifier_sees_the_parameter_and_can_refuse_it() -> None:
    """The classifier gets the stripped annotation, the Annotated metadata, the default and
    the owning callable; returning None means "not mine"."""
    seen: list[minidi.Param] = []

    def classify(param: minidi.Param) -> None:
        seen.append(param)
        return None

    def endpoint(q: Annotated[int, "doc"] = 3) -> None: ...

    with pytest.raises(minidi.UnsuppliedParameterError):
        minidi.Solver(classify=classify).solve(endpoint)
    assert seen == [minidi.Param("q", int, 3, ("doc",), endpoint)]


def test_cycle_is_reported_with_its_chain() -> None:
    """a -> b -> a can only be built with late annotations, but it must fail at solve time
    with the cycle in the message, not recurse forever."""

    def a(x: Any) -> None: ...
    def b(y: Annotated[None, Depends(a)]) -> None: ...

    a.__annotations__["x"] = Annotated[None, Depends(b)]

    def endpoint(value: Annotated[None, Depends(a)]) -> None: ...

    with pytest.raises(minidi.DependencyCycleError, match="a <- b <- a"):
        minidi.Solver().solve(endpoint)


def test_override_that_creates_a_cycle_fails_when_applied() -> None:
    """Replacing `get_db` with something that depends on `get_db` loops forever; it is an
    error when the overrides are applied, before anything runs."""

    def get_db() -> str:
        return "db"

    def wrapper(db: Annotated[str, Depends(get_db)]) -> str:
        return db

    def endpoint(db: Annotated[str, Depends(get_db)]) -> str:
        return db

    graph = minidi.Solver().solve(endpoint)
    with pytest.raises(minidi.DependencyCycleError):
        graph.with_overrides({get_db: wrapper})


def test_request_scoped_generator_cannot_depend_on_function_scoped_one() -> None:
    """A request-scoped teardown would outlive a function-scoped value it holds; FastAPI
    rejects this at definition time and so do we."""

    def per_function() -> Iterator[str]:
        yield "f"

    def per_request(f: Annotated[str, Depends(per_function, scope="function")]) -> Iterator[str]:
        yield f

    def endpoint(r: Annotated[str, Depends(per_request)]) -> str:
        return r

    with pytest.raises(minidi.DependencyScopeError, match="per_request"):
        minidi.Solver().solve(endpoint)


def test_depends_in_both_places_is_rejected() -> None:
    """`Annotated[..., Depends(f)]` and `= Depends(g)` on one parameter is ambiguous."""

    def f() -> int:
        return 1

    def endpoint(x: Annotated[int, Depends(f)] = Depends(f)) -> int:
        return x

    with pytest.raises(minidi.DependencyDefinitionError, match="both"):
        minidi.Solver().solve(endpoint)


def test_empty_depends_needs_a_callable_annotation() -> None:
    """`Depends()` calls the annotation; without a class annotation there is nothing to call."""

    def endpoint(x=Depends()) -> None: ...  # type: ignore[no-untyped-def]  # noqa: B008

    with pytest.raises(minidi.DependencyDefinitionError, match="no callable"):
        minidi.Solver().solve(endpoint)


def test_unresolvable_string_annotation_names_the_callable() -> None:
    """A string annotation naming something undefined is a definition error about that
    callable, not a bare NameError."""

    def endpoint(x: "Undefined") -> None: ...  # type: ignore[name-defined]  # noqa: F821

    with pytest.raises(minidi.DependencyDefinitionError, match="endpoint"):
        minidi.Solver().solve(endpoint)


@pytest.mark.parametrize("dependency", [dict, time.time, 5], ids=["dict", "time.time", "not-callable"])
def test_a_signature_that_cannot_be_read_is_a_definition_error(dependency: Any) -> None:
    """`Depends(dict)` (a builtin without a signature) or `Depends(5)` fails at solve time as a
    DependencyDefinitionError naming the chain, not as a bare ValueError/TypeError from
    `inspect.signature`. Look at where the solver reads a callable's parameters."""

    def endpoint(x: Annotated[Any, Depends(dependency)]) -> None: ...

    with pytest.raises(minidi.DependencyDefinitionError, match="endpoint"):
        minidi.Solver().solve(endpoint)


def test_an_unhashable_dependency_fails_at_solve_time_not_per_request() -> None:
    """A callable dataclass instance (eq=True, so unhashable) cannot key the per-request cache.
    Solving must say so, instead of every request failing with `unhashable type`."""

    @dataclass
    class FakeRepository:
        users: list[str]

        def __call__(self) -> list[str]:
            return self.users

    def endpoint(users: Annotated[list[str], Depends(FakeRepository(["ada"]))]) -> None: ...

    with pytest.raises(minidi.DependencyDefinitionError, match="unhashable"):
        minidi.Solver().solve(endpoint)


def test_positional_only_parameter_is_rejected() -> None:
    """Dependencies are called with keyword arguments, so positional-only cannot be filled."""

    def get(x: Annotated[int, Depends(lambda: 1)], /) -> int:
        return x

    with pytest.raises(minidi.DependencyDefinitionError, match="positional-only"):
        minidi.Solver().solve(get)


def test_errors_are_raised_by_solve_not_by_run() -> None:
    """Nothing is called while solving: a broken graph fails before any dependency runs."""
    calls: list[str] = []

    def fine() -> None:
        calls.append("fine")

    def broken(fine: Annotated[None, Depends(fine)], missing: object) -> None: ...

    def endpoint(x: Annotated[None, Depends(broken)]) -> None: ...

    with pytest.raises(minidi.UnsuppliedParameterError):
        minidi.Solver().solve(endpoint)
    assert calls == []
