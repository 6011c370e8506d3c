"""Milestone 2: locust as a separate process, following a schedule of stages.

`minibench.load.run_load` writes the schedule down (times from t0, the instant locust
announces once it is ready), starts one locust run for all the stages, and reads locust's JSON
stats when it is done: one StageLoad per stage,
its warm-up left out. The run under test (`sample_run` in conftest.py) loads the sample ASGI
app on uvicorn through four short stages: plaintext, cpu, one expecting the wrong status, and
a slow one.
"""

from __future__ import annotations

import socket
from pathlib import Path

import httpx
import pytest
from minibench import load
from minibench.load import LoadError, Stage, StageLoad, check_schedule, place, run_load
from minibench.locuststats import Counts, percentile
from minibench.servers import SETUPS, serve
from minibench.spec import BY_NAME as SCENARIOS
from minibench.spec import IO_SECONDS

from .sample_apps import PLAINTEXT, SLOW

Run = tuple[list[StageLoad], dict[str, int]]
SLOW_LOCUSTFILE = """\
import time

time.sleep(5)  # as slow to import as locust on a busy machine
from minibench.locustfile import BenchUser, Schedule
"""


@pytest.mark.timeout(90)
def test_a_schedule_gives_one_load_per_stage_with_sane_numbers(sample_run: Run) -> None:
    """Each stage of the schedule comes back, in order, with requests, no failures, and
    percentiles in order (p50 <= p95 <= p99). A stage missing: look at the request names the
    locustfile uses (the stage's name in its measured part). Failures: run the sample app by
    hand (`uvicorn sample_apps:asgi`) and send the scenario's request."""
    loads, _ = sample_run
    names = [load_.stage.name for load_ in loads]
    expected = ["plaintext", "cpu", "wrong_status", "slow"]
    assert names == expected, f"expected the stages {expected} in order, got {names}"
    for load_ in loads[:2]:
        assert load_.requests > 0, f"{load_.stage.name}: no requests in {load_}"
        assert load_.failures == 0, f"{load_.stage.name}: expected no failures, got {load_}"
        assert load_.p50_ms <= load_.p95_ms <= load_.p99_ms, f"{load_.stage.name}: percentiles out of order"
        assert load_.rps == pytest.approx(load_.requests / load_.stage.seconds), "rps is requests / seconds"


@pytest.mark.timeout(90)
def test_the_warmup_is_left_out(sample_run: Run) -> None:
    """The app counted every /plaintext request it answered: the measured 1 s, the 0.5 s of
    warm-up before it, and the readiness probe. The StageLoad must hold only the measured ones:
    fewer than the app answered, by about a third. Equal: the warm-up requests are counted too
    (are they named "warmup:<stage>"?)."""
    loads, hits = sample_run
    measured, answered = loads[0].requests, hits["/plaintext"] - 1
    print(f"measured {measured}, answered by the app {answered}")
    assert measured < answered, f"expected fewer than the {answered} the app answered, got {measured}"
    assert answered - measured < measured, "the 0.5 s warm-up cannot hold more requests than the 1 s measured"


@pytest.mark.timeout(90)
def test_a_wrong_status_is_a_failure_not_an_error(sample_run: Run) -> None:
    """A stage whose scenario expects 200 from a path the app answers 404: every request is
    counted, and counted as failed; run_load does not raise. No failures: is the status
    compared with the scenario's (catch_response) rather than left to locust's default?"""
    wrong = sample_run[0][2]
    assert wrong.requests > 0, f"no requests in {wrong}"
    assert wrong.failures == wrong.requests, f"expected all {wrong.requests} failed, got {wrong.failures}"


@pytest.mark.timeout(90)
def test_requests_still_waiting_at_the_end_are_counted(sample_run: Run) -> None:
    """The last stage asks /slow (2 s per answer) for 0.6 s, no warm-up: each user's one request
    is answered after the schedule's end, and must still be counted, as the app received it.
    Fewer: locust stopped the users without waiting for their answers (users leave only
    between requests: the shape must wait for them, and --stop-timeout let them finish)."""
    slow = sample_run[0][3]
    received = sample_run[1]["/slow"]
    assert slow.requests == received, (
        f"the app received {received} /slow requests, the stage counts {slow.requests}"
    )


@pytest.mark.timeout(60)
def test_connection_refused_is_counted_as_failures() -> None:
    """Nothing listens on the port: every request fails, and run_load reports them as
    failures of the stage rather than raising: a server that died mid-run shows up in the
    table, not as a crash of the benchmark."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{sock.getsockname()[1]}"  # bound but not listening: refused
        (result,) = run_load(url, [Stage("refused", PLAINTEXT, users=2, warmup=0.2, seconds=0.5)])
    assert result.requests > 0, f"no requests in {result}"
    assert result.failures == result.requests, f"expected all {result.requests} failed, got {result.failures}"


@pytest.mark.timeout(60)
def test_locust_using_two_processes(sample_apps: None) -> None:
    """--processes 2 (locust's own distributed mode: a master running the shape, two workers
    running the users) gives the same kind of result. Its last stage asks /slow, answered
    after the schedule's end: those answers must still be counted (the master must not quit
    before the workers' users have left). No requests at all: look at locust's output in
    the error; the workers must find the schedule the master read (MINIBENCH_SCHEDULE)."""
    stages = [Stage("plaintext", PLAINTEXT, 6, 0.3, 1.0), Stage("slow", SLOW, 6, 0.0, 0.6)]
    with serve("sample_apps:asgi", SETUPS["uvicorn"]) as server:
        plaintext, slow = run_load(server.url, stages, processes=2)
        received = httpx.get(f"{server.url}/hits", timeout=10).json()["/slow"]
    print(f"{plaintext.rps:.0f} requests/s, client {plaintext.client_cpu:.2f} cores per locust process")
    assert plaintext.requests > 0, f"no requests in {plaintext}"
    assert plaintext.failures == 0, f"expected no failures, got {plaintext}"
    assert slow.requests == received, (
        f"the app received {received} /slow requests, the stage counts {slow.requests}"
    )


@pytest.mark.timeout(60)
def test_locust_failing_to_start_raises_with_its_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A locustfile that raises at import: run_load raises LoadError at once, and the message
    holds locust's own output (the traceback), not only "it failed"."""
    broken = tmp_path / "locustfile.py"
    broken.write_text('raise RuntimeError("boom: the locustfile failed")\n')
    monkeypatch.setattr(load, "LOCUSTFILE", broken)
    with pytest.raises(LoadError) as failure:
        run_load("http://127.0.0.1:9", [Stage("plaintext", PLAINTEXT, 1, 0.1, 0.2)])
    assert "boom: the locustfile failed" in str(failure.value), f"no traceback in: {failure.value}"


@pytest.mark.timeout(60)
def test_a_locust_slow_to_start_still_loads_every_stage(
    sample_apps: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A locust that takes 5 s to import (a busy machine can make it that slow) still warms up
    and measures every stage: the schedule starts when locust says it is ready, not after a
    guess at how long it takes. "started late": t0 was fixed before locust could say so."""
    slow = tmp_path / "locustfile.py"
    slow.write_text(SLOW_LOCUSTFILE)
    monkeypatch.setattr(load, "LOCUSTFILE", slow)
    stages = [Stage("plaintext", PLAINTEXT, 2, 0.2, 0.5), Stage("slow", SLOW, 2, 0.0, 0.3)]
    with serve("sample_apps:asgi", SETUPS["uvicorn"]) as server:
        loads = run_load(server.url, stages)
    for stage_load in loads:
        assert stage_load.requests > 0, f"stage {stage_load.stage.name!r} got no load: {stage_load}"


def test_locust_is_given_the_time_its_first_users_take_to_start() -> None:
    """t0 is `lead` seconds after locust is ready: one look at the shape, the first stage's
    users at SPAWN_RATE, SETTLE. The schedule it reads is placed from t0 = 0."""
    stages = [Stage("a", PLAINTEXT, users=50, warmup=0.5, seconds=1.0)]
    expected = load.SHAPE_TICK + 50 / load.SPAWN_RATE + load.SETTLE
    assert load.lead(stages) == pytest.approx(expected), f"expected a lead of {expected} s"
    written = load.schedule_json(place(stages, 0.0), load.lead(stages))
    assert written["lead"] == pytest.approx(expected), "the schedule carries the lead"
    (stage,) = written["stages"]
    got = (stage["warmup_start"], stage["start"], stage["end"])
    assert got == pytest.approx((0.0, 0.5, 1.5)), f"expected times from t0 = 0, got {got}"
    assert written["drain_until"] == pytest.approx(1.5 + load.DRAIN), "drain_until: the last end + DRAIN"


def test_percentiles_from_locusts_histogram() -> None:
    """100 requests: 50 at 1 ms, 45 at 2 ms, 4 at 10 ms, 1 at 150 ms. As locust reports them, pN
    of 100 requests is the time of request N + 1 in order (at most N% took less): p50 is 2 ms
    (the 51st request), p95 10 ms (the 96th), p99 150 ms (the 100th), and p100 the slowest,
    150 ms. The order of the histogram does not matter."""
    histogram = {150.0: 1, 2.0: 45, 1.0: 50, 10.0: 4}
    got = [percentile(histogram, p) for p in (0.50, 0.95, 0.99, 1.0)]
    assert got == [2.0, 10.0, 150.0, 150.0], f"expected [2, 10, 150, 150] ms, got {got}"
    with pytest.raises(ValueError, match="no requests"):
        percentile({}, 0.5)


def test_stages_are_placed_back_to_back_with_time_to_settle() -> None:
    """Stages follow each other from t0: warm-up, then measured part. A stage that changes the
    number of users gets extra unmeasured time first (locust changes it only at its next look
    at the shape), and so does a stage after an I/O-bound one (one request per user may still
    be queued, IO_SECONDS each). Stage names must be unique, since they name the requests."""
    a = Stage("a", PLAINTEXT, users=5, warmup=1.0, seconds=2.0)
    b = Stage("b", PLAINTEXT, users=5, warmup=0.5, seconds=1.0)
    c = Stage("c", SCENARIOS["io_bound"], users=25, warmup=0.5, seconds=1.0)
    d = Stage("d", PLAINTEXT, users=25, warmup=0.5, seconds=1.0)
    change, queue = load.settle(b, c), load.settle(c, d)
    assert change >= load.SHAPE_TICK, f"expected at least a shape tick to change users, got {change}"
    assert queue == pytest.approx(25 * IO_SECONDS), f"expected 25 users x {IO_SECONDS} s, got {queue}"
    assert load.settle(a, b) == 0.0, "same users after a quick stage: nothing to wait for"
    times = [
        t for timed in place([a, b, c, d], t0=100.0) for t in (timed.warmup_start, timed.start, timed.end)
    ]
    expected = [100.0, 101.0, 103.0]  # a: warm-up from t0, measured part, end
    expected += [103.0, 103.5, 104.5]  # b: right after a
    expected += [104.5, 105.0 + change, 106.0 + change]  # c: after the time to change users
    expected += [106.0 + change, 106.5 + change + queue, 107.5 + change + queue]  # d: after c's queue
    assert times == pytest.approx(expected), f"expected {expected}, got {times}"
    with pytest.raises(ValueError, match="unique"):
        place([a, a], t0=0.0)


def test_a_stage_measured_while_the_server_still_answers_the_last_one_is_refused() -> None:
    """A server that queues (one sync worker, 50 users, 50 ms each) answers in 2.5 s: the next
    stage, 0.3 s of warm-up later, would measure the old stage's queue. check_schedule
    raises, naming both stages. Answers in a few ms are fine even with no warm-up at all, and
    a first warm-up without a single request means locust's users started late."""
    first = Stage("first", PLAINTEXT, users=50, warmup=0.3, seconds=1.5)
    after = Stage("after", PLAINTEXT, users=50, warmup=0.3, seconds=1.5)
    prompt = Stage("prompt", PLAINTEXT, users=50, warmup=0.0, seconds=1.5)
    queued = Counts(requests=30, failures=0, total_ms=75_000.0, histogram={2500.0: 30})
    fast = Counts(requests=3000, failures=0, total_ms=6_000.0, histogram={2.0: 2990, 5.0: 10})
    warm = {"warmup:first": fast}
    with pytest.raises(LoadError, match="'after' was measured while the server still answered stage 'first'"):
        check_schedule(place([first, after], t0=0.0), {**warm, "first": queued})
    check_schedule(place([first, prompt], t0=0.0), {**warm, "first": fast})  # no error
    with pytest.raises(LoadError, match="started late"):
        check_schedule(place([first, prompt], t0=0.0), {"first": fast})
