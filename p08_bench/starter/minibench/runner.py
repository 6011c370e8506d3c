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
    raise NotImplementedError(
        "Milestone 3: count what `run` announces: per round, one server run per framework and one "
        "per CURVE pair of the run's frameworks (when there is a curve); one profile per framework "
        "(when profiling); one for the in-process timing (when on)."
    )


def run(settings: Settings, progress: Progress = lambda step: None) -> Result:
    """Check every app, then measure; the result holds every window, ready for `report`."""
    raise NotImplementedError(
        "Milestone 3: first refuse wrong answers (`refuse_wrong_answers`), before any server "
        "starts. Milestone 4: then time each app in process (not the I/O-bound scenario); round "
        "after round, `measure` each framework on its default setup (rotated per round) and the "
        "CURVE pairs with `curve_stages`; then profile each framework (milestone 5). Call "
        "`progress` before each step; return the Result with `describe`'s meta."
    )


def refuse_wrong_answers(frameworks: list[Framework], scenarios: list[Scenario]) -> None:
    """Stop before timing anything if an app answers differently from the spec."""
    raise NotImplementedError(
        "Milestone 3: gather `check.problems` of every framework on the scenarios and raise "
        "WrongAnswers with all of them if there is any."
    )


class WrongAnswers(RuntimeError):
    """Some app does not answer as `minibench.spec` says: timing it would compare different work."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("these apps answer differently from the spec:\n  " + "\n  ".join(problems))
        self.problems = problems


def rotate(items: list[T], by: int) -> list[T]:
    """The items starting at `by` (modulo), so each round starts with a different one."""
    raise NotImplementedError(
        "Milestone 3: return the items starting at index `by` modulo their number, then the ones "
        "before it ([] for no items)."
    )


def curve_stages(settings: Settings) -> list[Stage]:
    """The concurrency curve: each curve scenario at each user count, the fewest users first."""
    raise NotImplementedError(
        "Milestone 3: one Stage named '<scenario>@<users>' per CURVE_SCENARIOS scenario of the run "
        "and per `curve_users` count, in that order, with the run's warm-up and duration."
    )


def measure(
    framework: Framework,
    setup: Setup,
    stages: list[Stage],
    settings: Settings,
    pinning: Pinning | None,
    round_: int,
) -> list[Window]:
    """One server started as its users start it, checked over HTTP, loaded by one locust run."""
    raise NotImplementedError(
        "Milestone 4: with the server `running`, load it through the stages with one `run_load` "
        "(locust on the client's CPUs, the server's CPU measured); return one Window per stage."
    )


@contextmanager
def running(
    framework: Framework, setup: Setup, settings: Settings, pinning: Pinning | None
) -> Iterator[Server]:
    """The framework's app served under `setup`, checked over HTTP before it is yielded."""
    raise NotImplementedError(
        "Milestone 4: `serve` the framework's app with the run's workers and threads, on the "
        "server's CPUs; raise WrongAnswers naming framework and setup if `check.problems_over_http` "
        "finds a difference; else yield the Server."
    )


def window(framework: Framework, setup: Setup, load: StageLoad, round_: int) -> Window:
    """The Window a result records for one stage's load."""
    raise NotImplementedError(
        "Milestone 4: return the Window of this framework, setup, scenario, users and round, with "
        "the StageLoad's numbers."
    )


def profile(framework: Framework, scenario: Scenario, settings: Settings, pinning: Pinning | None) -> Profile:
    """Sample the server's stacks with py-spy while one stage of load runs. py-spy leaves out
    idle samples, so recording from before locust starts until after it ends costs nothing
    but wall time, and needs no guess at how long locust takes to start."""
    raise NotImplementedError(
        "Milestone 5: with the framework `running` on its default setup, start py-spy on it (no "
        "duration), run one stage of the scenario, `profiling.stop` py-spy (also if the load "
        "failed), and return the reduced profile (`profiling.profile_record`)."
    )


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
