"""Route matching, timed: minirouter's indexed Router, its LinearRouter, and Starlette's router.

    nox -s bench -- p03            # your minirouter if you have a copy, else the reference

Each table has N routes, half static (`/resource{i}`) and half dynamic
(`/resource{i}/{id:int}`), registered in that order. We time resolving the route for two
paths: one that matches the LAST registered route (the worst case for a scan) and a static
one near the end. "Resolve" means: find the route and build its child scope (converted
params), no response. Best of several repeats, in microseconds per match.
"""

import timeit
from collections.abc import Callable
from typing import Any

from minirouter import LinearRouter, Route, Router
from starlette import routing as real

SIZES = (10, 100, 1000)
REPEATS = 7


class Endpoint:
    """An ASGI-class endpoint, so both routers skip the request/response wrapping."""

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None: ...


def templates(size: int) -> list[str]:
    half = size // 2
    return [path for i in range(half) for path in (f"/resource{i}", f"/resource{i}/{{id:int}}")]


def scope_for(path: str) -> dict[str, Any]:
    return {"type": "http", "method": "GET", "path": path, "root_path": "", "headers": []}


def starlette_resolver(size: int) -> Callable[[dict[str, Any]], Any]:
    """Starlette's own dispatch loop (Router.app) without the response: first FULL match.

    Returns the same (match, route, child scope) triple as minirouter's `Router.resolve`.
    """
    routes = [real.Route(path, Endpoint()) for path in templates(size)]

    def resolve(scope: dict[str, Any]) -> Any:
        for route in routes:
            match, child_scope = route.matches(scope)
            if match is real.Match.FULL:
                return match, route, child_scope
        return real.Match.NONE, None, {}

    return resolve


def minirouter_resolver(router_class: type[Router], size: int) -> Callable[[dict[str, Any]], Any]:
    router = router_class([Route(path, Endpoint()) for path in templates(size)])
    router.resolve(scope_for("/"))  # build the index now, not inside the timing
    return router.resolve


def number_for_50ms(timer: timeit.Timer) -> float:
    """How many calls fill about 50 ms: long enough to time, short enough for 1,000 routes."""
    return 0.05 / (timer.timeit(number=20) / 20)


def per_match_us(resolve: Callable[[dict[str, Any]], Any], path: str) -> float:
    scope = scope_for(path)
    match, _, _ = resolve(scope)
    assert match.name == "FULL", f"{path} should match"
    timer = timeit.Timer(lambda: resolve(scope))
    number = max(1, int(number_for_50ms(timer)))
    best = min(timer.repeat(number=number, repeat=REPEATS))
    return best / number * 1e6


def main() -> None:
    print(f"µs per match, best of {REPEATS}")
    print(f"{'routes':>6}  {'path':<16} {'Router':>8} {'Linear':>8} {'Starlette':>10}")
    for size in SIZES:
        last = size // 2 - 1
        resolvers = [
            minirouter_resolver(Router, size),
            minirouter_resolver(LinearRouter, size),
            starlette_resolver(size),
        ]
        for label, path in [("last (dynamic)", f"/resource{last}/42"), ("static", f"/resource{last}")]:
            ours, linear, theirs = (per_match_us(resolve, path) for resolve in resolvers)
            print(f"{size:>6}  {label:<16} {ours:>8.2f} {linear:>8.2f} {theirs:>10.2f}")


if __name__ == "__main__":
    main()
