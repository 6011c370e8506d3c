"""A realistic result, made up: what a full run writes, without spending minutes running it.

The report and the charts only read a `Result`, so they are tested on this one: seven
frameworks on their default servers, every scenario in three rounds at 50 users, the
concurrency curve (users 1 to 50 on uvicorn, gunicorn sync and gunicorn gthread), in-process
times and one profile. The numbers follow the shapes a real run shows (Little's law for the
latencies, a sync worker capped at one waiting request at a time) so the charts look real.
"""

from __future__ import annotations

from minibench.results import InProcess, Profile, Result, Window
from minibench.spec import IO_SECONDS, SCENARIOS

USERS = 50
ROUND_FACTORS = (1.0, 0.97, 1.03)  # round 0 is the median: the table shows the base numbers
CURVE_USERS = (1, 5, 10, 25, 50)
THREADS = 8

# json requests/s at 50 users, and the server each framework is deployed with.
JSON_RPS = {
    "fastapi": (2200.0, "uvicorn"),
    "starlette": (4500.0, "uvicorn"),
    "flask": (1400.0, "gunicorn-sync"),
    "django": (900.0, "gunicorn-sync"),
    "miniflask": (1800.0, "gunicorn-sync"),
    "miniasgi": (3800.0, "uvicorn"),
    "minifast": (2000.0, "uvicorn"),
}
SCENARIO_FACTOR = {
    "plaintext": 1.1, "json": 1.0, "path_query": 0.85, "body_model": 0.7, "dependencies": 0.8,
    "not_found": 0.95,
}  # fmt: skip
CPU_BOUND_RPS = 300.0  # about 3 ms of pure Python per request, one process
CLIENT_BOUND = ("starlette", "plaintext", 2)  # (framework, scenario, round) the client could not keep up with
FAILED = ("django", "body_model", 0, 2)  # (framework, scenario, round, failures)


def window(
    framework: str, server: str, scenario: str, users: int, round_: int, rps: float, cpu_us: float
) -> Window:
    """One window whose latencies follow from its throughput (Little's law: users = rps x latency)."""
    rps *= ROUND_FACTORS[round_]
    mean_ms = 1000.0 * users / rps
    return Window(
        framework=framework, server=server, scenario=scenario, users=users, round=round_, seconds=4.0,
        requests=round(rps * 4.0), failures=FAILED[3] if FAILED[:3] == (framework, scenario, round_) else 0,
        rps=rps, mean_ms=mean_ms, p50_ms=0.9 * mean_ms, p95_ms=1.8 * mean_ms, p99_ms=2.5 * mean_ms,
        server_cpu_us=cpu_us * (2.0 - ROUND_FACTORS[round_]), client_cpu=0.6,
        client_bound=(framework, scenario, round_) == CLIENT_BOUND,
    )  # fmt: skip


def io_rps(server: str, users: int, json_rps: float) -> float:
    """What one worker answers for an endpoint that waits IO_SECONDS: as many requests as it can
    wait on at once (one for a sync worker, its threads for gthread, all of them for async)."""
    waiting = {"gunicorn-sync": 1, "gunicorn-gthread": min(users, THREADS)}.get(server, users)
    return min(0.95 * waiting / IO_SECONDS, 0.5 * json_rps)


def main_table() -> list[Window]:
    windows = []
    for round_ in range(len(ROUND_FACTORS)):
        for framework, (json_rps, server) in JSON_RPS.items():
            for scenario in SCENARIOS:
                if scenario.name == "io_bound":
                    rps, cpu = io_rps(server, USERS, json_rps), 0.9e6 / json_rps + 50
                elif scenario.name == "cpu_bound":
                    rps, cpu = CPU_BOUND_RPS * json_rps / (json_rps + 1000), 3200.0
                else:
                    rps = json_rps * SCENARIO_FACTOR[scenario.name]
                    cpu = 0.9e6 / rps
                windows.append(window(framework, server, scenario.name, USERS, round_, rps, cpu))
    return windows


def curve() -> list[Window]:
    """io_bound and cpu_bound against users, for async, sync and threaded workers. The 50-user
    points of FastAPI and Flask on their default servers are the main table's own windows."""
    windows = []
    for round_ in range(len(ROUND_FACTORS)):
        for framework, server in (
            ("fastapi", "uvicorn"),
            ("flask", "gunicorn-sync"),
            ("flask", "gunicorn-gthread"),
        ):
            json_rps = JSON_RPS[framework][0]
            for users in CURVE_USERS:
                if users == USERS and server != "gunicorn-gthread":
                    continue
                io = io_rps(server, users, json_rps)
                cpu = (
                    CPU_BOUND_RPS * json_rps / (json_rps + 1000) * users / (users + 0.1)
                )  # one user idles between requests
                windows.append(
                    window(framework, server, "io_bound", users, round_, io, 0.9e6 / json_rps + 50)
                )
                windows.append(window(framework, server, "cpu_bound", users, round_, cpu, 3200.0))
    return windows


def inprocess() -> list[InProcess]:
    records = []
    for framework, (json_rps, _) in JSON_RPS.items():
        for scenario, factor in SCENARIO_FACTOR.items():
            us = 0.3e6 / (json_rps * factor)
            records.append(InProcess(framework, scenario, us, (us, 1.1 * us)))
    return records


PROFILE = Profile(
    framework="fastapi",
    scenario="body_model",
    samples=3120,
    by_package={
        "fastapi": 0.24,
        "pydantic": 0.16,
        "starlette": 0.14,
        "uvicorn": 0.12,
        "asyncio": 0.11,
        "json": 0.05,
        "httptools": 0.04,
        "other": 0.14,
    },
    top_frames=[
        ("serialize_response (fastapi.routing)", 0.071),
        ("solve_dependencies (fastapi.dependencies.utils)", 0.064),
        ("_run_once (asyncio.base_events)", 0.052),
        ("validate_python (pydantic.type_adapter)", 0.044),
        ("data_received (uvicorn.protocols.http.httptools_impl)", 0.039),
        ("encode (json.encoder)", 0.021),
    ],
)

META = {
    "started": "2025-01-01T12:00:00+00:00",
    "command": "python -m minibench run --all",
    "settings": {
        "duration": 4.0,
        "warmup": 1.0,
        "users": USERS,
        "rounds": 3,
        "workers": 1,
        "threads": THREADS,
        "processes": 1,
        "quick": False,
    },
    "machine": {
        "cpus": 2,
        "cpu_model": "Made-up CPU @ 3.0GHz",
        "python": "3.11.9",
        "platform": "Linux-6.1-x86_64",
    },
    "pinning": {"server": [0], "client": [1]},
    "versions": {
        "python": "3.11.9",
        "fastapi": "0.115.6",
        "flask": "3.1.0",
        "django": "5.2.19",
        "locust": "2.47.0",
    },
}


def fake_result() -> Result:
    return Result(meta=META, windows=main_table() + curve(), inprocess=inprocess(), profiles=[PROFILE])
