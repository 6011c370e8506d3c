"""Milestone 4: when inputs are invalid, FastAPI's order of work and of errors.

FastAPI validates each dependency's inputs just before the dependency would run. So when a
request has invalid inputs, every dependency whose own inputs (and its dependencies') are
valid still runs, in order: a check that raises `HTTPException(401)` answers 401 even if a
later input is wrong. Then one 422 lists every error: depth first (a dependency's before
its caller's), within one callable path, query, header, cookie, then body; an input used
by two callables is reported twice. FastAPI, given the same endpoints, is the oracle.
"""

from typing import Annotated, Any

import anyio
import pytest

from .twins import Twins


def describe(ns: Any, log: list[str]) -> list[tuple[str, Any, dict[str, Any]]]:
    def first(a: int, x_token: Annotated[str, ns.Header()]) -> int:
        log.append("first")
        return a

    def cached(q: int) -> int:
        log.append("cached")
        return q

    def outer(
        c: Annotated[int, ns.Depends(cached)], again: Annotated[int, ns.Depends(cached)], w: int = 0
    ) -> int:
        log.append("outer")
        return c + again + w

    def check(token: str = "") -> None:
        log.append("check")
        if token == "bad":
            raise ns.HTTPException(401, "Not authenticated")

    def items(
        p: int,
        q: int,
        f: Annotated[int, ns.Depends(first)],
        o: Annotated[int, ns.Depends(outer)],
        checked: Annotated[None, ns.Depends(check)],
    ) -> dict[str, Any]:
        log.append("endpoint")
        return {"p": p, "f": f, "o": o}

    def counted(count: Annotated[int, ns.Body()], session: Annotated[str, ns.Cookie()] = "") -> int:
        log.append("counted")
        return count

    def bodies(limit: int, n: Annotated[int, ns.Depends(counted)], name: Annotated[str, ns.Body()]) -> str:
        log.append("endpoint")
        return name * n

    def session() -> Any:
        log.append("open")
        try:
            yield "session"
        except Exception as exc:
            log.append(f"saw {type(exc).__name__}")
            raise
        finally:
            log.append("close")

    def with_session(s: Annotated[str, ns.Depends(session)], n: int) -> int:
        log.append("endpoint")
        return n

    return [
        ("/items/{p}", items, {}),
        ("/bodies", bodies, {"methods": ["POST"]}),
        ("/session", with_session, {}),
    ]


@pytest.fixture(scope="module")
def twins() -> Twins:
    return Twins(describe)


TOKEN = {"x-token": "t"}
CASES = {
    "every input valid": ("GET", "/items/1?a=2&q=3&w=4", {"headers": TOKEN}),
    "errors depth first, each callable in location order": ("GET", "/items/x?a=y&q=z&w=v", {}),
    "a valid dependency runs, one above an invalid one does not": (
        "GET",
        "/items/1?a=2&q=3&w=v",
        {"headers": TOKEN},
    ),
    "a check that raises answers before the 422": ("GET", "/items/x?a=y&q=z&token=bad", {}),
    "a check that passes runs, then the 422": ("GET", "/items/x?a=2&q=3&token=ok", {"headers": TOKEN}),
    "a dependency's body before the endpoint's query and body": (
        "POST",
        "/bodies?limit=x",
        {"json": {"count": "many", "name": 5}},
    ),
    "the endpoint's errors come last": ("POST", "/bodies?limit=x", {"json": {"count": 2}}),
    "a yield dependency sees the validation error": ("GET", "/session?n=x", {}),
}


@pytest.mark.parametrize("name", list(CASES))
def test_the_same_answer_and_calls_as_fastapi(name: str, twins: Twins) -> None:
    """The same status, JSON body (every error, in the same order) and dependency calls as
    FastAPI. If errors are in the wrong order, list them by `signature.validation_order`;
    if calls are missing, run the dependencies whose inputs are valid before raising the
    422 (minidi's `graph.run_available`); if a 401 became a 422, you raised too early."""
    method, url, options = CASES[name]
    expected, got = twins.ask(method, url, **options)
    assert got == expected, f"{name}:\nexpected {expected}\ngot      {got}"


def test_an_input_used_twice_is_reported_twice(twins: Twins) -> None:
    """`?q=z` is read by the endpoint and by `cached` (used twice): FastAPI reports it once
    per use, three times in all, at the place each use comes in the order."""
    expected, got = twins.ask("GET", "/items/1?a=2&q=z", headers=TOKEN)
    assert [error["loc"] for error in got["body"]["detail"]] == [["query", "q"]] * 3, got
    assert got == expected


def test_a_connection_without_a_body_has_its_body_leaves_missing() -> None:
    """A WebSocket's handshake is a connection with no body: `validate_inputs` reads its
    query (and path, headers, cookies) as usual and reports a required body leaf as not
    sent, which is FastAPI's answer for a websocket endpoint that asks for a body."""
    from miniasgi import HTTPConnection
    from miniopenapi import Body, analyze
    from miniopenapi.inputs import validate_inputs

    def endpoint(q: int, note: Annotated[str, Body()], n: Annotated[int, Body()] = 1) -> None: ...

    scope = {"type": "websocket", "path": "/ws", "query_string": b"q=3", "headers": []}
    values, errors, body = anyio.run(validate_inputs, HTTPConnection(scope), analyze(endpoint, set()))
    assert [leaf.name for leaf in values] == ["q", "n"]
    assert errors == [{"type": "missing", "loc": ("body", "note"), "msg": "Field required", "input": None}]
    assert body is None
