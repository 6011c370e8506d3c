"""A whole benchmark run: every framework, every scenario, in interleaved rounds.

The order is the method. Rounds are interleaved across frameworks (round 1: A B C, round 2:
B C A, ...), never A A A then B B B: whatever the machine does meanwhile (another job, a
thermal limit, a cache going cold) then falls on every framework alike, and the rounds'
spread shows it instead of hiding it in one framework's number. Each server gets one locust
process for all its scenarios (a schedule of stages both sides know in advance), so the
client's start-up is paid once per server, and each stage's warm-up is left out of what is
measured. Before any timing, every app must give the answers `minibench.spec` expects, in
process and again through its real server.
"""

from __future__ import annotations

import os
import platform
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import TypeVar

from minibench import check, inprocess, profiling
from minibench.frameworks import BY_NAME, Framework
from minibench.load import Stage, StageLoad, run_load
from minibench.proc import Pinning, plan_pinning
from minibench.results import Profile, Result, Window
from minibench.servers import SETUPS, Server, Setup, default_setup, serve
from minibench.spec import BY_NAME as SCENARIOS
from minibench.spec import Scenario

# What the report records beside the frameworks' own versions.
TOOLS = ("locust", "uvicorn", "uvloop", "httptools", "gunicorn", "uvicorn-worker", "py-spy")


@dataclass(frozen=True)
class Settings:
    """Everything that decides what a run measures; saved with the result."""

    frameworks: tuple[str, ...]
    scenarios: tuple[str, ...]
    duration: float = 4.0  # measured seconds per stage
    warmup: float = 1.0  # seconds of load before each stage's measured part, left out
    users: int = 50  # concurrent locust users in the main table
    rounds: int = 3
    workers: int = 1  # server processes (uvicorn --workers, gunicorn -w)
    threads: int = 8  # per gthread worker
    processes: int = 1  # locust processes (its own distributed mode)
    curve_users: tuple[int, ...] = (1, 5, 10, 25, 50)  # the async-advantage curve; () skips it
    profile_scenario: str | None = "body_model"  # profiled under load on each framework; None skips
    inprocess: bool = True
    quick: bool = False


def quick(settings: Settings) -> Settings:
    """The short run the tests and the lesson use: one round of short stages, no curve, no profiles."""
    return replace(
        settings,
        duration=0.8,
        warmup=0.2,
        users=10,
        rounds=1,
        curve_users=(),
        profile_scenario=None,
        quick=True,
    )


# The async-advantage curve: one endpoint that waits and one that computes, on an ASGI server
# and on both kinds of WSGI worker, plus multi-process ASGI.
CURVE = (
    ("fastapi", "uvicorn"),
    ("fastapi", "gunicorn-uvicorn"),
    ("flask", "gunicorn-sync"),
    ("flask", "gunicorn-gthread"),
)
CURVE_SCENARIOS = ("io_bound", "cpu_bound")

T = TypeVar("T")
Progress = Callable[[str], None]  # told what is about to run, once per step


def steps(settings: Settings) -> int:
    """How many steps `run` reports: one per server run, plus the in-process timing."""
    curve = [pair for pair in CURVE if pair[0] in settings.frameworks] if settings.curve_users else []
    profiles = len(settings.frameworks) if settings.profile_scenario else 0
    return settings.rounds * (len(settings.frameworks) + len(curve)) + profiles + int(settings.inprocess)


def run(settings: Settings, progress: Progress = lambda step: None) -> Result:
    """Check every app, then measure; the result holds every window, ready for `report`."""
    frameworks = [BY_NAME[name] for name in settings.frameworks]
    scenarios = [SCENARIOS[name] for name in settings.scenarios]
    refuse_wrong_answers(frameworks, scenarios)
    pinning = plan_pinning(settings.workers, settings.processes)
    result = Result(meta=describe(settings, frameworks, pinning))
    if settings.inprocess:
        progress("in-process cost per request")
        for framework in frameworks:
            for scenario in scenarios:
                if scenario.bound != "io":  # it would time a sleep
                    result.inprocess.append(inprocess.measure(framework, scenario, budget=_budget(settings)))
    curve = (
        [(BY_NAME[f], SETUPS[s]) for f, s in CURVE if f in settings.frameworks]
        if settings.curve_users
        else []
    )
    for round_ in range(settings.rounds):
        for framework in rotate(frameworks, round_):
            setup = default_setup(framework)
            progress(f"round {round_ + 1}/{settings.rounds}: {framework.label} on {setup.label}")
            stages = [Stage(s.name, s, settings.users, settings.warmup, settings.duration) for s in scenarios]
            result.windows += measure(framework, setup, stages, settings, pinning, round_)
        for framework, setup in rotate(curve, round_):
            progress(f"round {round_ + 1}/{settings.rounds}: curve, {framework.label} on {setup.label}")
            result.windows += measure(framework, setup, curve_stages(settings), settings, pinning, round_)
    if settings.profile_scenario:
        for framework in frameworks:
            progress(f"profile: {framework.label} under load ({settings.profile_scenario})")
            result.profiles.append(
                profile(framework, SCENARIOS[settings.profile_scenario], settings, pinning)
            )
    return result


def refuse_wrong_answers(frameworks: list[Framework], scenarios: list[Scenario]) -> None:
    """Stop before timing anything if an app answers differently from the spec."""
    found = [problem for framework in frameworks for problem in check.problems(framework, scenarios)]
    if found:
        raise WrongAnswers(found)


class WrongAnswers(RuntimeError):
    """Some app does not answer as `minibench.spec` says: timing it would compare different work."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("these apps answer differently from the spec:\n  " + "\n  ".join(problems))
        self.problems = problems


def rotate(items: list[T], by: int) -> list[T]:
    """The items starting at `by` (modulo), so each round starts with a different one."""
    if not items:
        return []
    by %= len(items)
    return items[by:] + items[:by]


def curve_stages(settings: Settings) -> list[Stage]:
    """The concurrency curve: each curve scenario at each user count, the fewest users first."""
    return [
        Stage(f"{name}@{users}", SCENARIOS[name], users, settings.warmup, settings.duration)
        for name in CURVE_SCENARIOS
        if name in settings.scenarios
        for users in settings.curve_users
    ]


def measure(
    framework: Framework,
    setup: Setup,
    stages: list[Stage],
    settings: Settings,
    pinning: Pinning | None,
    round_: int,
) -> list[Window]:
    """One server started as its users start it, checked over HTTP, loaded by one locust run."""
    with running(framework, setup, settings, pinning) as server:
        loads = run_load(
            server.url,
            stages,
            processes=settings.processes,
            cpus=pinning.client if pinning else None,
            server_cpu=server.cpu_seconds,
        )
    return [window(framework, setup, load, round_) for load in loads]


@contextmanager
def running(
    framework: Framework, setup: Setup, settings: Settings, pinning: Pinning | None
) -> Iterator[Server]:
    with serve(
        framework.app,
        setup,
        workers=settings.workers,
        threads=settings.threads,
        cpus=pinning.server if pinning else None,
    ) as server:
        scenarios = [SCENARIOS[name] for name in settings.scenarios]
        found = check.problems_over_http(server.url, scenarios)
        if found:
            raise WrongAnswers([f"{framework.name} on {setup.name}: {problem}" for problem in found])
        yield server


def window(framework: Framework, setup: Setup, load: StageLoad, round_: int) -> Window:
    return Window(
        framework=framework.name,
        server=setup.name,
        scenario=load.stage.scenario.name,
        users=load.stage.users,
        round=round_,
        seconds=load.seconds,
        requests=load.requests,
        failures=load.failures,
        rps=load.rps,
        mean_ms=load.mean_ms,
        p50_ms=load.p50_ms,
        p95_ms=load.p95_ms,
        p99_ms=load.p99_ms,
        server_cpu_us=load.server_cpu_us,
        client_cpu=load.client_cpu,
        client_bound=load.client_bound,
    )


def profile(framework: Framework, scenario: Scenario, settings: Settings, pinning: Pinning | None) -> Profile:
    """Sample the server's stacks with py-spy while one stage of load runs. py-spy leaves out
    idle samples, so recording from before locust starts until after it ends costs nothing
    but wall time, and needs no guess at how long locust takes to start."""
    setup = default_setup(framework)
    stage = Stage(scenario.name, scenario, settings.users, settings.warmup, settings.duration)
    with running(framework, setup, settings, pinning) as server, TemporaryDirectory() as folder:
        out = Path(folder) / "stacks.txt"
        recorder = profiling.start(server.pid, out)
        try:
            run_load(
                server.url, [stage], processes=settings.processes, cpus=pinning.client if pinning else None,
            )  # fmt: skip
        finally:
            raw = profiling.stop(recorder, out)  # also when the load failed: no py-spy left running
    return profiling.profile_record(framework.name, scenario.name, raw)


def _budget(settings: Settings) -> float:
    return 0.02 if settings.quick else 0.1


def describe(settings: Settings, frameworks: list[Framework], pinning: Pinning | None) -> dict[str, object]:
    """The result's `meta`: settings, machine, pinning, and the version of everything involved."""
    versions = {"python": platform.python_version()}
    for framework in frameworks:
        versions.update(framework.versions())
    for tool in TOOLS:
        try:
            versions[tool] = metadata.version(tool)
        except metadata.PackageNotFoundError:
            versions[tool] = "not installed"
    return {
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": " ".join(["python -m minibench", *sys.argv[1:]]),
        "settings": asdict(settings),
        "machine": {
            "cpus": os.cpu_count(),
            "cpu_model": _cpu_model(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "pinning": {"server": sorted(pinning.server), "client": sorted(pinning.client)} if pinning else None,
        "versions": versions,
    }


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.partition(":")[2].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"
