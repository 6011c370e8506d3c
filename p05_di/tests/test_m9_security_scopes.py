"""Milestone 9: security scopes, accumulated along the path.

`Security(get_user, scopes=["items"])` is a `Depends` that requires scopes of everything
below it. The scopes add up from the endpoint down (each once, in order), and a dependency
that asks for a `SecurityScopes` parameter receives those that reached it: `get_user` under
`/items` knows it must check for "items" and "me". A dependency whose value depends on its
scopes is cached per set of scopes, exactly as FastAPI caches it.
"""

from types import SimpleNamespace
from typing import Annotated, Any

import fastapi
import fastapi.security
import minidi
from minidi import Depends, Security, SecurityScopes

from .scenarios import Built, classify_query

FASTAPI = SimpleNamespace(
    Depends=fastapi.Depends, Security=fastapi.Security, SecurityScopes=fastapi.security.SecurityScopes
)
MINIDI = SimpleNamespace(
    Depends=minidi.Depends, Security=minidi.Security, SecurityScopes=minidi.SecurityScopes
)


def on(scenario: Any) -> Any:
    """The parity harness passes a framework's `Depends`; the scenario gets all three names."""
    return lambda depends, log: scenario(FASTAPI if depends is fastapi.Depends else MINIDI, log)


def accumulating(ns: SimpleNamespace, log: list[str]) -> Built:
    """The OAuth2 tutorial's chain: the endpoint requires "items" of `get_active_user`, which
    requires "me" of `get_user`; `get_user` reports the scopes that reached it."""

    def get_user(security_scopes: ns.SecurityScopes) -> dict[str, Any]:
        log.append(f"get_user {security_scopes.scopes}")
        return {"scopes": security_scopes.scopes, "scope_str": security_scopes.scope_str}

    def get_active_user(
        user: Annotated[dict[str, Any], ns.Security(get_user, scopes=["me"])],
    ) -> dict[str, Any]:
        return user

    def read_items(
        items: Annotated[dict[str, Any], ns.Security(get_active_user, scopes=["items", "me"])],
        plain: Annotated[dict[str, Any], ns.Depends(get_user)],
    ) -> list[dict[str, Any]]:
        return [items, plain]

    return Built(read_items)


def test_scopes_accumulate_from_the_endpoint_down_like_fastapi(parity: Any) -> None:
    """The scopes a dependency receives are its callers' first, then its own new ones, each
    once; with no `Security` above, it receives none. If this fails, look at how `node`
    merges `own_scopes` into `scopes` and at what `execute` passes a SecurityScopes parameter."""
    outcome = parity(on(accumulating))
    assert outcome["results"][0] == [
        {"scopes": ["items", "me"], "scope_str": "items me"},
        {"scopes": [], "scope_str": ""},
    ]


def per_scope_set(ns: SimpleNamespace, log: list[str]) -> Built:
    """`get_user` reads its scopes: used under three sets of scopes, it runs three times."""

    def get_user(security_scopes: ns.SecurityScopes) -> str:
        log.append(f"get_user {security_scopes.scope_str}")
        return security_scopes.scope_str

    def declares(value: Annotated[str, ns.Depends(get_user)]) -> str:
        log.append("declares")
        return value

    def endpoint(
        a: Annotated[str, ns.Security(get_user, scopes=["a", "b"])],
        b: Annotated[str, ns.Security(get_user, scopes=["b"])],
        c: Annotated[str, ns.Security(get_user, scopes=["b", "a"])],
        d: Annotated[str, ns.Depends(get_user)],
        e: Annotated[str, ns.Security(declares, scopes=["x"])],
        f: Annotated[str, ns.Security(declares, scopes=["y"])],
    ) -> list[str]:
        return [a, b, c, d, e, f]

    return Built(endpoint)


def test_a_dependency_is_cached_per_set_of_scopes_like_fastapi(parity: Any) -> None:
    """A dependency whose value depends on its scopes (it takes them, declares some, or one
    below it does) is cached under the *set* of its scopes: "a b" and "b a" share one call,
    "b" and none are other calls. If this fails, look at the cache key `node` builds."""
    outcome = parity(on(per_scope_set))
    assert outcome["results"][0] == ["a b", "b", "a b", "", "x", "y"]
    assert outcome["events"].count("declares") == 2


def shared_below(ns: SimpleNamespace, log: list[str]) -> Built:
    """`get_db` neither declares nor reads scopes: under any scopes it is one value."""

    def get_db() -> str:
        log.append("get_db")
        return "db"

    def reader(db: Annotated[str, ns.Depends(get_db)]) -> str:
        return db

    def writer(db: Annotated[str, ns.Depends(get_db)]) -> str:
        return db

    def endpoint(
        r: Annotated[str, ns.Security(reader, scopes=["read"])],
        w: Annotated[str, ns.Security(writer, scopes=["write"])],
    ) -> list[str]:
        return [r, w]

    return Built(endpoint)


def test_a_dependency_that_ignores_scopes_is_shared_across_them_like_fastapi(parity: Any) -> None:
    """Scopes only split the cache where they can change a value: `get_db`, below two
    different sets of scopes but blind to them, still runs once per request."""
    outcome = parity(on(shared_below))
    assert outcome["events"] == ["get_db"]


def overridden(ns: SimpleNamespace, log: list[str]) -> Built:
    """`get_user` is replaced by `fake_user`, which reads the scopes the original would have."""

    def get_user() -> str:
        return "real"

    def fake_user(security_scopes: ns.SecurityScopes) -> str:
        return f"fake {security_scopes.scope_str}"

    def get_active(user: Annotated[str, ns.Security(get_user, scopes=["me"])]) -> str:
        return user

    def endpoint(user: Annotated[str, ns.Security(get_active, scopes=["items"])]) -> str:
        return user

    return Built(endpoint, overrides={get_user: fake_user})


def test_a_replacement_receives_the_scopes_of_what_it_replaces_like_fastapi(parity: Any) -> None:
    """An override stands where the original stood: the scopes required on the way there
    reach the replacement too. If this fails, look at what `apply_overrides` passes `solve`."""
    outcome = parity(on(overridden))
    assert outcome["results"] == ["fake items me"]


def test_route_dependencies_and_the_solved_nodes_carry_their_scopes() -> None:
    """`solve(endpoint, dependencies=[Security(check, scopes=[...])])` requires the scopes of
    `check` too, and every node records the scopes that reached it (`node.scopes`: p06 puts
    them in the OpenAPI document) and which parameters take them (`node.scopes_params`)."""
    seen: list[list[str]] = []

    def token() -> str:
        return "token"

    def check(security_scopes: SecurityScopes, value: Annotated[str, Depends(token)]) -> None:
        seen.append(security_scopes.scopes)

    def endpoint(q: int) -> int:
        return q

    graph = minidi.Solver(classify=classify_query).solve(endpoint, [Security(check, scopes=["admin"])])
    check_node = graph.root.dependencies[0]
    assert check_node.scopes == ("admin",), check_node.scopes
    assert check_node.scopes_params == ("security_scopes",), check_node.scopes_params
    assert check_node.dependencies[0].scopes == ("admin",), "scopes reach every node below"
    assert graph.root.scopes == (), "the endpoint itself is required nothing"
    assert Security(token, scopes=["a"]) == Security(token, scopes=("a",)), "scopes are kept as a tuple"
