"""The result as PNG charts: throughput, CPU per request, latency percentiles, the concurrency curve.

Figures are built with matplotlib's object API (`Figure`, never `pyplot`), which renders with
the Agg backend into a file: no screen is needed, no global figure list grows, and a
benchmark run on a server or in CI draws the same images as on a laptop. Every chart says in
its title what a bar is (the median of the rounds) and what its whisker is (lowest to highest).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from matplotlib.axes import Axes
from matplotlib.figure import Figure

from minibench.claims import SCENARIO
from minibench.report import curve, label, main_table, main_users, scenarios, series
from minibench.results import Result
from minibench.stats import Summary

LOG_RANGE = 20.0  # a largest/smallest ratio beyond which a linear axis flattens the small bars
Point = tuple[float, float, float]  # median, lowest, highest
Measure = Callable[[Summary], Point]


def rps(summary: Summary) -> Point:
    return (summary.rps, *summary.rps_spread)


def server_cpu(summary: Summary) -> Point:
    return (summary.server_cpu_us, *summary.server_cpu_spread)


def series_label(framework: str, server: str) -> str:
    return f"{label(framework)} ({server})"


def draw(result: Result, folder: Path) -> list[Path]:
    """Every chart the result has data for, as PNG files in `folder`; their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    summaries = main_table(result)
    if not summaries:
        return []
    rounds = min(s.rounds for s in summaries)  # a cell the curve shares holds its rounds too
    how = f"{main_users(result)} users, median of {rounds}+ rounds, whiskers: lowest-highest"
    throughput = _per_scenario(
        summaries, rps, "Requests/s (higher is better)", f"Throughput per scenario ({how})"
    )
    cpu = _per_scenario(
        summaries,
        server_cpu,
        "Server CPU per request, µs (lower is better)",
        f"Server CPU time per request, all server processes ({how})",
    )
    written = [
        _save(throughput, folder / "requests_per_second.png"),
        _save(cpu, folder / "server_cpu_per_request.png"),
    ]
    if any(s.scenario == SCENARIO for s in summaries):
        written.append(_save(_latency(summaries, how), folder / f"latency_{SCENARIO}.png"))
    points = curve(result)
    if points:
        written.append(_save(_curve(points, rounds), folder / "concurrency_curve.png"))
    return written


def _save(figure: Figure, path: Path) -> Path:
    figure.savefig(path, dpi=110)
    return path


def _per_scenario(summaries: list[Summary], measure: Measure, ylabel: str, title: str) -> Figure:
    """Grouped bars: one group per scenario, one bar per framework and server."""
    groups = scenarios(summaries)
    found = {(s.framework, s.server, s.scenario): s for s in summaries}
    bars = {
        series_label(framework, server): [
            measure(found[(framework, server, name)]) if (framework, server, name) in found else None
            for name in groups
        ]
        for framework, server in series(summaries)
    }
    figure = Figure(figsize=(max(10.0, 1.6 * len(groups)), 6.0), layout="constrained")
    axes = figure.add_subplot()
    log = _grouped_bars(axes, groups, bars)
    axes.set_xlabel("scenario")
    axes.set_ylabel(ylabel + (", log scale" if log else ""))
    axes.set_title(title, fontsize=10)
    return figure


def _latency(summaries: list[Summary], how: str) -> Figure:
    """p50, p95, p99 side by side for each framework: the tail, which a mean hides."""
    cells = [s for s in summaries if s.scenario == SCENARIO]
    names = [series_label(s.framework, s.server) for s in cells]
    bars: dict[str, list[Point | None]] = {
        name: [(value, value, value) for value in values]
        for name, values in (
            ("p50", [s.p50_ms for s in cells]),
            ("p95", [s.p95_ms for s in cells]),
            ("p99", [s.p99_ms for s in cells]),
        )
    }
    figure = Figure(figsize=(max(8.0, 1.4 * len(cells)), 5.5), layout="constrained")
    axes = figure.add_subplot()
    log = _grouped_bars(axes, names, bars)
    axes.set_ylabel("latency, ms (lower is better)" + (", log scale" if log else ""))
    axes.set_title(f"Latency percentiles of `{SCENARIO}` ({how.partition(', whiskers')[0]})", fontsize=10)
    axes.set_xticks(range(len(names)), names, rotation=25, ha="right")
    return figure


def _curve(points: list[Summary], rounds: int) -> Figure:
    """Requests/s against users, one panel per scenario: where async overtakes workers, and where not."""
    names = scenarios(points)
    figure = Figure(figsize=(6.0 * len(names), 5.0), layout="constrained")
    for index, name in enumerate(names):
        axes = figure.add_subplot(1, len(names), index + 1)
        cells = [s for s in points if s.scenario == name]
        for framework, server in series(cells):
            line = sorted(
                (s for s in cells if (s.framework, s.server) == (framework, server)), key=lambda s: s.users
            )
            users = [s.users for s in line]
            medians = [s.rps for s in line]
            whiskers = [[s.rps - s.rps_spread[0] for s in line], [s.rps_spread[1] - s.rps for s in line]]
            axes.errorbar(
                users, medians, yerr=whiskers, marker="o", capsize=3, label=series_label(framework, server)
            )
        axes.set_xscale("log")
        counts = sorted({s.users for s in cells})
        axes.set_xticks(counts, [str(count) for count in counts])
        axes.set_ylim(bottom=0)  # from zero: a zoomed axis would make a few percent look like a gap
        axes.set_xlabel("concurrent users (log scale)")
        axes.set_ylabel("requests/s")
        axes.set_title(f"`{name}`", fontsize=10)
        axes.legend(fontsize=8)
    figure.suptitle(
        f"Requests/s against concurrent users (median of {rounds}+ rounds, whiskers: lowest-highest)"
    )
    return figure


def _grouped_bars(axes: Axes, groups: list[str], bars: dict[str, list[Point | None]]) -> bool:
    """One cluster of bars per group, one bar per series; a missing point leaves a gap. True if
    the values span so much that the axis is logarithmic."""
    width = 0.8 / max(1, len(bars))
    values = []
    for offset, (name, points) in enumerate(bars.items()):
        where = [i for i, point in enumerate(points) if point is not None]
        kept = [point for point in points if point is not None]
        medians = [point[0] for point in kept]
        whiskers = [[point[0] - point[1] for point in kept], [point[2] - point[0] for point in kept]]
        positions = [i - 0.4 + width * (offset + 0.5) for i in where]
        spread = any(low or high for low, high in zip(*whiskers, strict=True))
        axes.bar(positions, medians, width, yerr=whiskers if spread else None, capsize=2, label=name)
        values += medians
    positive = [value for value in values if value > 0]
    log = bool(positive) and max(positive) / min(positive) > LOG_RANGE
    if log:
        axes.set_yscale("log")
    axes.set_xticks(range(len(groups)), groups)
    axes.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0))  # beside the bars, never over them
    axes.grid(axis="y", alpha=0.3)
    return log
