"""What a run measures, as plain records: saved as JSON, rendered by `minibench.report`.

One `Window` is one measured stretch of load on one server: a scenario, a number of users,
a round. Everything else (the table's medians and spreads, the charts, the report) is
computed from the windows, so a saved result can be re-rendered without running anything.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Window:
    """One measured window of load: what the client saw and what the server spent."""

    framework: str  # a name from minibench.frameworks, e.g. "fastapi"
    server: str  # a name from minibench.servers.SETUPS, e.g. "uvicorn", "gunicorn-sync"
    scenario: str  # a name from minibench.spec.SCENARIOS
    users: int  # concurrent simulated users
    round: int  # which round of the interleaved run (0-based)
    seconds: float  # length of the window
    requests: int  # answered in the window (failures included)
    failures: int
    rps: float  # requests per second in the window
    mean_ms: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    server_cpu_us: float  # server CPU time (user + sys, all its processes) per request, microseconds
    client_cpu: float  # the load generator's CPU use over the window, in cores per locust process
    client_bound: bool  # the load generator was (nearly) saturated: rps measures the client, not the server


@dataclass(frozen=True)
class InProcess:
    """The framework's own time per request, no sockets: the app awaited or called directly."""

    framework: str
    scenario: str
    microseconds: float  # best round's mean
    spread: tuple[float, float]  # lowest and highest round mean


@dataclass(frozen=True)
class Profile:
    """Where a server spent its time under load: the sampled frames, reduced."""

    framework: str
    scenario: str
    samples: int
    by_package: dict[str, float]  # share of samples whose innermost frame is in each package
    top_frames: list[tuple[str, float]]  # "function (module)" -> share of samples (self time)


@dataclass
class Result:
    """A whole run: its settings and versions, and everything measured."""

    meta: dict[str, Any] = field(default_factory=dict)
    windows: list[Window] = field(default_factory=list)
    inprocess: list[InProcess] = field(default_factory=list)
    profiles: list[Profile] = field(default_factory=list)

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(asdict(self), indent=1) + "\n")

    @classmethod
    def load(cls, path: Path) -> Result:
        data = json.loads(path.read_text())
        return cls(
            meta=data["meta"],
            windows=[_record(Window, item) for item in data["windows"]],
            inprocess=[_record(InProcess, item) for item in data["inprocess"]],
            profiles=[_record(Profile, item) for item in data["profiles"]],
        )


def _record(kind: Any, item: dict[str, Any]) -> Any:
    """A record from its JSON: lists back to the tuples the record declares."""
    names = {f.name for f in fields(kind)}
    unknown = set(item) - names
    if unknown:
        raise ValueError(f"{kind.__name__} has no field(s) {sorted(unknown)}: a result from another version?")
    values = dict(item)
    if "spread" in values:
        values["spread"] = tuple(values["spread"])
    if "top_frames" in values:
        values["top_frames"] = [tuple(pair) for pair in values["top_frames"]]
    return kind(**values)
