"""Milestone 7: on random route tables, minirouter agrees with Starlette's router.

Hypothesis draws tables of routes with converters and paths (filled-in templates and random
ones). Where exactly one route could match a path, both routers must pick it with the same
converted params; where none can, both answer 404; `url_path_for` writes the same paths,
and every written path matches back to its route with the same values (the round trip).
If this fails, hypothesis prints the smallest table and path that disagree.
"""

import uuid

from hypothesis import example, given
from hypothesis import strategies as st
from minirouter import Route, Router
from starlette import routing as real

from .drive import Probe, call, http_scope
from .strategies import RouteSpec, random_paths, route_table


def build(table: list[RouteSpec]) -> tuple[Router, real.Router]:
    mine = Router(
        [Route(spec.template, Probe(spec.name), name=spec.name) for spec in table], redirect_slashes=False
    )
    theirs = real.Router(
        [real.Route(spec.template, Probe(spec.name), name=spec.name) for spec in table],
        redirect_slashes=False,
    )
    return mine, theirs


def candidates_in_starlette(theirs: real.Router, path: str) -> list[str]:
    """Names of every route Starlette says matches `path` (more than one means ambiguous)."""
    scope = http_scope(path)
    return [route.name for route in theirs.routes if route.matches(scope)[0] is not real.Match.NONE]


def assert_same_answer(mine: Router, theirs: real.Router, path: str) -> None:
    ours, real_result = call(mine, path), call(theirs, path)
    assert ours.status == real_result.status, (
        f"{path!r}: minirouter {ours.status}, Starlette {real_result.status}"
    )
    if len(candidates_in_starlette(theirs, path)) == 1:
        assert ours.text == real_result.text, (
            f"{path!r}: minirouter chose {ours.text}, Starlette {real_result.text}"
        )
        assert ours.scope["path_params"] == real_result.scope["path_params"], f"params differ for {path!r}"


@given(table=route_table(), extra=st.lists(random_paths, max_size=4))
@example(
    table=[
        RouteSpec("r0", ["/", "users", "/", ("p1", "int")], {"p1": 42}),
        RouteSpec("r1", ["/", "files", "/", ("rest", "path")], {"rest": "a/b.txt"}),
    ],
    extra=["/users/abc", "/files/"],
)
def test_minirouter_and_starlette_agree_on_matches_and_params(
    table: list[RouteSpec], extra: list[str]
) -> None:
    """Same table, same path: same status, same route (if unambiguous), same converted params."""
    mine, theirs = build(table)
    for spec in table:
        assert_same_answer(mine, theirs, spec.filled())
        assert_same_answer(mine, theirs, spec.filled() + "/")
    for path in extra:
        assert_same_answer(mine, theirs, path)


@given(table=route_table())
@example(
    table=[
        RouteSpec("r0", ["/", "prices", "/", ("p1", "float")], {"p1": 2.5}),
        RouteSpec("r1", ["/", "things", "/", ("p1", "uuid")], {"p1": uuid.UUID(int=7)}),
    ]
)
def test_url_path_for_agrees_with_starlette_and_round_trips(table: list[RouteSpec]) -> None:
    """url_path_for writes what Starlette writes, and that path matches back to the same values."""
    mine, theirs = build(table)
    for spec in table:
        path = mine.url_path_for(spec.name, **spec.params)
        assert path == theirs.url_path_for(spec.name, **spec.params), f"url_path_for({spec.name}) differs"
        if candidates_in_starlette(theirs, path) == [spec.name]:
            result = call(mine, path)
            assert result.text == spec.name, f"{path!r} should reach {spec.template}, reached {result.text}"
            assert result.scope["path_params"] == spec.params, f"{path!r} did not round-trip its params"
