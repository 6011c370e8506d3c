"""Milestone 3: the framework's own time per request, in process: the low-noise view.

`inprocess.measure` calls an app directly (no server, no socket), calibrates how many
requests fill a round, runs a few rounds and keeps the best round's mean. These tests check
the shape of what it returns and a few facts that hold on any machine; they never assert a
speed. Read `minibench/inprocess.py` when one fails.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from minibench import inprocess
from minibench.frameworks import Framework, choose
from minibench.spec import BY_NAME

INSTALLED = choose()


@pytest.mark.parametrize("framework", INSTALLED, ids=[framework.name for framework in INSTALLED])
def test_a_measurement_is_the_best_round_and_the_spread_of_the_rounds(framework: Framework) -> None:
    """The result names the framework and scenario, its time is positive, and it is the best
    (lowest) round mean: the spread starts at it and ends at the slowest round."""
    result = inprocess.measure(framework, BY_NAME["json"], rounds=3, budget=0.01)
    print(f"{framework.name} json: {result.microseconds:.1f} µs, rounds {result.spread}")
    assert (result.framework, result.scenario) == (framework.name, "json"), result
    assert result.microseconds > 0, result
    low, high = result.spread
    assert low == result.microseconds <= high, f"expected spread[0] == best <= spread[1], got {result}"


def test_the_io_bound_scenario_is_refused() -> None:
    """In process, the I/O-bound endpoint's time is its sleep: measuring it would say nothing
    about the framework. It is refused with a ValueError that says so."""
    with pytest.raises(ValueError, match="I/O-bound"):
        inprocess.measure(INSTALLED[0], BY_NAME["io_bound"])


def test_the_cpu_bound_scenario_costs_more_than_plaintext_in_process() -> None:
    """A structural fact, not a speed: the CPU-bound endpoint does milliseconds of arithmetic
    on top of what plaintext does, so in process it costs far more (hundreds of times on the
    course's machine; the test asks for twice). Both times are printed."""
    framework = INSTALLED[0]
    plaintext = inprocess.measure(framework, BY_NAME["plaintext"], rounds=2, budget=0.02)
    cpu = inprocess.measure(framework, BY_NAME["cpu_bound"], rounds=2, budget=0.02)
    print(f"{framework.name}: plaintext {plaintext.microseconds:.1f} µs, cpu_bound {cpu.microseconds:.1f} µs")
    assert cpu.microseconds > 2 * plaintext.microseconds, (plaintext, cpu)


def test_a_round_is_calibrated_to_last_about_the_budget() -> None:
    """With a fake clock where each request costs exactly 1 ms, the calibration settles on
    about budget / 1 ms requests per round and every round's mean is 1000 µs. If the rounds
    are far shorter than the budget, the clock's resolution and one-off pauses dominate."""
    sizes: list[int] = []

    def seconds_for(n: int) -> float:
        sizes.append(n)
        return n * 0.001

    means = inprocess.round_means(seconds_for, rounds=4, budget=0.2)
    assert means == pytest.approx([1000.0] * 4), means
    assert sizes[-4:] == [200] * 4, f"expected 4 rounds of 200 requests (0.2 s / 1 ms), got sizes {sizes}"


loops: set[int] = set()


async def loop_recorder(scope: dict[str, Any], receive: Any, send: Any) -> None:
    """An ASGI app that remembers which event loop called it."""
    loops.add(id(asyncio.get_running_loop()))
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
    await send({"type": "http.response.body", "body": b"ok"})


def test_every_round_of_an_asgi_app_runs_on_one_event_loop() -> None:
    """A server's worker runs all its requests on one loop; so does the measurement (a fresh
    loop per round would time the loop's setup, and break apps that keep loop-bound state)."""
    loops.clear()
    recorder = Framework("recorder", "Recorder", "asgi", f"{__name__}:loop_recorder", ())
    inprocess.measure(recorder, BY_NAME["plaintext"], rounds=3, budget=0.005)
    assert len(loops) == 1, f"expected one event loop for the whole measurement, saw {len(loops)}"
