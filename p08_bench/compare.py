"""Scenarios for `nox -s compare -- p08`: percentiles read from locust's histograms, and the table's medians.

minibench measures with locust, so what it computes itself has a real twin in one place: the
percentiles it reads from the histogram locust saves (times rounded: whole milliseconds under
100 ms, two significant digits above). `observe("mini")` reads them with `minibench.locuststats.percentile`
(your copy or the reference, whichever PYTHONPATH selects); `observe("real")` asks locust's own
code (`locust.stats`) for the same percentiles of the same histograms. Importing locust is fine
here: this is a process of its own (the tests never import it, it patches the standard library).

`stats.summarize` has no twin in locust (locust knows nothing of rounds): its real side is the
same medians, spreads and sums taken straight from their definitions with the standard library.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from typing import Any

PERCENTILES = (0.50, 0.66, 0.75, 0.80, 0.90, 0.95, 0.98, 0.99, 0.999, 1.0)  # locust's report's, but p99.99

# Rounded times in ms -> requests, as locust keeps them.
HISTOGRAMS: dict[str, dict[float, int]] = {
    "one request": {3.0: 1},
    "two requests, 1 and 2 ms": {1.0: 1, 2.0: 1},
    "0 to 99 ms, one request each": {float(ms): 1 for ms in range(100)},
    "a fast server, sub-millisecond answers read as 0 and 1 ms": {0.0: 700, 1.0: 280, 2.0: 19, 3.0: 1},
    "a long tail": {1.0: 600, 2.0: 300, 3.0: 80, 9.0: 12, 250.0: 5, 1300.0: 2, 12000.0: 1},
    "rounded buckets above 100 ms": {
        97.0: 3, 110.0: 10, 150.0: 40, 230.0: 25, 990.0: 9, 1000.0: 6, 1100.0: 4, 4500.0: 2, 59000.0: 1,
    },
}  # fmt: skip


def _window(framework: str, round_: int, rps: float, cpu_us: float, **overrides: Any) -> dict[str, Any]:
    """A window as plain data: both sides read the same numbers (the real side imports no minibench)."""
    fields: dict[str, Any] = {
        "framework": framework, "server": "uvicorn", "scenario": "json", "users": 50, "round": round_,
        "seconds": 4.0, "requests": int(rps * 4), "failures": 0, "rps": rps, "mean_ms": 50_000 / rps,
        "p50_ms": 1.0, "p95_ms": 2.0 + round_, "p99_ms": 3.0 + round_, "server_cpu_us": cpu_us,
        "client_cpu": 0.5, "client_bound": False,
    }  # fmt: skip
    return {**fields, **overrides}


# Three rounds of two frameworks (one round client-bound, one with failures), interleaved as a
# run measures them; and one framework at two numbers of users, one round each.
WINDOWS: dict[str, list[dict[str, Any]]] = {
    "three rounds, two frameworks": [
        _window("fastapi", 0, 3000.0, 120.0),
        _window("flask", 0, 1000.0, 400.0, server="gunicorn-sync", failures=2),
        _window("fastapi", 1, 3300.0, 110.0, client_bound=True),
        _window("flask", 1, 1100.0, 380.0, server="gunicorn-sync"),
        _window("fastapi", 2, 3100.0, 150.0),
        _window("flask", 2, 900.0, 410.0, server="gunicorn-sync", failures=1),
    ],
    "two rounds: the median is their mean": [
        _window("starlette", 0, 4000.0, 80.0),
        _window("starlette", 1, 4400.0, 90.0),
    ],
    "one framework at 1 and at 50 users": [
        _window("minifast", 0, 900.0, 200.0, users=1),
        _window("minifast", 0, 2500.0, 180.0),
    ],
}


def _name(fraction: float) -> str:
    return f"p{fraction * 100:g}"


def _mini_percentiles(histogram: dict[float, int]) -> list[tuple[str, float]]:
    """(name, ms) pairs, not a dict: they stay in order when printed."""
    from minibench.locuststats import percentile

    return [(_name(p), percentile(histogram, p)) for p in PERCENTILES]


def _real_percentiles(histogram: dict[float, int]) -> list[tuple[str, int]]:
    """locust's percentiles, as its reports compute them: each request logged into a StatsEntry
    (which rounds it into locust's histogram), then `get_response_time_percentile`."""
    from locust.stats import RequestStats, StatsEntry

    entry = StatsEntry(RequestStats(), "compare", "GET")
    for ms, count in histogram.items():
        for _ in range(count):
            entry.log(ms, 0)
    return [(_name(p), entry.get_response_time_percentile(p)) for p in PERCENTILES]


def _mini_summaries(windows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    from dataclasses import asdict

    from minibench.results import Window
    from minibench.stats import summarize

    return [asdict(summary) for summary in summarize(Window(**window) for window in windows)]


def _real_summaries(windows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each cell's windows, in the order first measured: medians over the rounds, lowest and
    highest, failures summed, client-bound if any round was."""
    cells: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
    for window in windows:
        key = (window["framework"], window["server"], window["scenario"], window["users"])
        cells.setdefault(key, []).append(window)

    def median(group: list[dict[str, Any]], name: str) -> float:
        return float(statistics.median(window[name] for window in group))

    def spread(group: list[dict[str, Any]], name: str) -> tuple[float, float]:
        values = [window[name] for window in group]
        return (min(values), max(values))

    return [
        {
            "framework": framework, "server": server, "scenario": scenario, "users": users,
            "rounds": len(group), "rps": median(group, "rps"), "rps_spread": spread(group, "rps"),
            "mean_ms": median(group, "mean_ms"), "p50_ms": median(group, "p50_ms"),
            "p95_ms": median(group, "p95_ms"), "p99_ms": median(group, "p99_ms"),
            "server_cpu_us": median(group, "server_cpu_us"),
            "server_cpu_spread": spread(group, "server_cpu_us"),
            "failures": sum(window["failures"] for window in group),
            "client_bound": any(window["client_bound"] for window in group),
        }
        for (framework, server, scenario, users), group in cells.items()
    ]  # fmt: skip


def _attempt(compute: Callable[[Any], Any], data: Any) -> Any:
    """What `compute` makes of `data`, or what stopped it: an unwritten function shows in the
    scenarios that call it, not as one traceback instead of every scenario."""
    try:
        return compute(data)
    except Exception as exc:  # the point is to show it, not to stop
        return f"raised {type(exc).__name__}: {exc}"


def observe(impl: str) -> dict[str, object]:
    """Every histogram's percentiles and every set of windows' summaries, by minibench ("mini") or
    by locust and the definitions ("real")."""
    percentiles = _mini_percentiles if impl == "mini" else _real_percentiles
    summaries = _mini_summaries if impl == "mini" else _real_summaries
    observed: dict[str, object] = {}
    for name, histogram in HISTOGRAMS.items():
        observed[f"percentiles: {name}"] = _attempt(percentiles, histogram)
    for name, windows in WINDOWS.items():
        observed[f"summaries: {name}"] = _attempt(summaries, windows)
    return observed


if __name__ == "__main__":
    import json

    mini, real = observe("mini"), observe("real")
    for key in mini:
        if mini[key] != real[key]:
            print(f"DIFFER {key}\n  mini: {json.dumps(mini[key])}\n  real: {json.dumps(real[key])}")
    print(f"{len(mini)} scenarios, {sum(mini[key] != real[key] for key in mini)} differ")
