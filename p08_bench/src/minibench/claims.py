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
    measured = {claim.framework: _measured(result, claim.framework) for claim in CLAIMS}
    claimed_base = next(claim.rps for claim in CLAIMS if claim.framework == BASELINE)
    base = measured[BASELINE]
    rows = []
    for claim in CLAIMS:
        found = measured[claim.framework]
        ratio = base.rps / found.rps if base is not None and found is not None and found.rps > 0 else None
        rows.append(
            ClaimRow(
                framework=claim.framework,
                server=found.server if found else None,
                claimed_rps=claim.rps,
                claimed_ms=claim.mean_ms,
                measured_rps=found.rps if found else None,
                measured_ms=found.mean_ms if found else None,
                claimed_ratio=claimed_base / claim.rps,
                measured_ratio=ratio,
            )
        )
    return rows


def _measured(result: Result, framework: str) -> Summary | None:
    """The framework's `json` summary on its default server, else on the first server measured.

    `json` is measured at one user count only (the concurrency curve uses other endpoints); were
    there several, the highest is the one under load."""
    summaries = summarize(w for w in result.windows if w.framework == framework and w.scenario == SCENARIO)
    if not summaries:
        return None
    known = BY_NAME.get(framework)
    default = DEFAULT_SERVER[known.interface] if known else None
    preferred = [s for s in summaries if s.server == default] or [
        s for s in summaries if s.server == summaries[0].server
    ]
    return max(preferred, key=lambda s: s.users)
