"""The numbers this project started from, and how a measured result compares with them.

A course text claimed the table below, with no settings, machine, versions or spread: the
kind of benchmark this project exists to replace. Absolute requests per second depend on the
machine, so they cannot be checked elsewhere; the ratios can. "FastAPI is 4.4 times Flask"
either holds on this machine, with these servers, or it does not.
"""

from __future__ import annotations

from dataclasses import dataclass

from minibench.frameworks import BY_NAME
from minibench.results import Result
from minibench.stats import Summary, summarize

SCENARIO = "json"  # the claimed table's endpoint: a small JSON answer
BASELINE = "fastapi"  # every ratio is FastAPI's requests/s over the framework's
DEFAULT_SERVER = {"asgi": "uvicorn", "wsgi": "gunicorn-sync"}  # how each kind is usually deployed


@dataclass(frozen=True)
class Claim:
    framework: str
    rps: float
    mean_ms: float


CLAIMS: tuple[Claim, ...] = (
    Claim("fastapi", 12_450, 8.0),
    Claim("flask", 2_850, 35.0),
    Claim("django", 1_920, 52.0),
)


@dataclass(frozen=True)
class ClaimRow:
    """One claimed framework beside what was measured (None: not measured in this result)."""

    framework: str
    server: str | None
    claimed_rps: float
    claimed_ms: float
    measured_rps: float | None
    measured_ms: float | None
    claimed_ratio: float  # FastAPI's claimed requests/s over this framework's
    measured_ratio: float | None


def compare(result: Result) -> list[ClaimRow]:
    """Each claim beside the measured median requests/s and mean latency on the same endpoint,
    with each framework on the server its users deploy it with."""
    raise NotImplementedError(
        "For each claim, summarize the framework's SCENARIO windows and take the summary on its "
        "DEFAULT_SERVER (else on the first server measured; of several user counts, the highest); "
        "return one ClaimRow per claim with the claimed and measured numbers and the ratios "
        "BASELINE rps / this framework's rps (None where something was not measured)."
    )
