"""Milestone 7: definition-time errors that name the chain.

A graph that can never run is rejected when it is solved (when the route is defined), with
the chain of callables in the message, never when a request arrives.
"""

import time
from dataclasses import dataclass
from typing import Annotated, Any

import minidi
import pytest
from minidi import Depends


def test_unsupplied_parameter_names_the_chain() -> None:
    """A parameter nobody can supply, three levels down, fails at solve time with its
    chain: the callable that has the parameter first, then each caller up to the endpoint.
    `UnsuppliedParameterError("x", ("get_user", "get_profile", "endpoint"))` writes the
    message; pass the chain down as you recurse."""

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
    """A callable instance is named after its class, `Auth()` (that is what
    `introspect.describe` returns); a class annotation that is not a registered special type
    goes to the classifier like anything else."""

    class Request: ...

    class Other: ...

    class Auth:
        def __call__(self, other: Other) -> str:
            return "ok"

    def endpoint(user: Annotated[str, Depends(Auth())]) -> str:
        return user

    with pytest.raises(minidi.UnsuppliedParameterError, match=r"'other' of Auth\(\)"):
        minidi.Solver(special_types=[Request]).solve(endpoint)


def test_cycle_is_reported_with_its_chain() -> None:
    """a -> b -> a can only be built with late annotations, but it must fail at solve time,
    not recurse forever: `DependencyCycleError(("a", "b", "a"))`, whose message is
    "dependency cycle: a <- b <- a". A callable already on the path of ancestors is a cycle."""

    def a(x: Any) -> None: ...
    def b(y: Annotated[None, Depends(a)]) -> None: ...

    a.__annotations__["x"] = Annotated[None, Depends(b)]

    def endpoint(value: Annotated[None, Depends(a)]) -> None: ...

    with pytest.raises(minidi.DependencyCycleError, match="a <- b <- a"):
        minidi.Solver().solve(endpoint)


def test_depends_in_both_places_is_rejected() -> None:
    """`Annotated[..., Depends(f)]` and `= Depends(g)` on one parameter is ambiguous: a
    DependencyDefinitionError whose message says "both" ("parameter 'x' declares Depends
    both in Annotated and as its default")."""

    def f() -> int:
        return 1

    def endpoint(x: Annotated[int, Depends(f)] = Depends(f)) -> int:
        return x

    with pytest.raises(minidi.DependencyDefinitionError, match="both"):
        minidi.Solver().solve(endpoint)


def test_empty_depends_needs_a_callable_annotation() -> None:
    """`Depends()` calls the annotation; without a class annotation there is nothing to call:
    a DependencyDefinitionError whose message says "no callable" ("Depends() on parameter
    'x' has no callable and no class annotation")."""

    def endpoint(x=Depends()) -> None: ...  # type: ignore[no-untyped-def]  # noqa: B008

    with pytest.raises(minidi.DependencyDefinitionError, match="no callable"):
        minidi.Solver().solve(endpoint)


def test_unresolvable_string_annotation_names_the_callable() -> None:
    """A string annotation naming something undefined is a DependencyDefinitionError
    naming the chain (its message ends "(in endpoint)"), not a bare NameError from
    typing.get_type_hints."""

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
    Solving must say so (a DependencyDefinitionError whose message says "unhashable"),
    instead of every request failing with `unhashable type`. Look at the node's cache key."""

    @dataclass
    class FakeRepository:
        users: list[str]

        def __call__(self) -> list[str]:
            return self.users

    def endpoint(users: Annotated[list[str], Depends(FakeRepository(["ada"]))]) -> None: ...

    with pytest.raises(minidi.DependencyDefinitionError, match="unhashable"):
        minidi.Solver().solve(endpoint)


def test_positional_only_parameter_is_rejected() -> None:
    """Dependencies are called with keyword arguments, so a positional-only parameter can
    never be filled: a DependencyDefinitionError whose message says "positional-only"."""

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
