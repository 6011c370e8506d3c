"""Milestone 3: reproducible numbers. Rounds interleaved across frameworks, medians and spread.

A single run of a single framework says little: the machine's other work moves it by tens
of percent. The runner takes the frameworks in turns, round after round, each round starting
with a different one, and the table shows the median of the rounds with their spread.
"""

from __future__ import annotations

import pytest
from minibench import runner
from minibench.results import Window
from minibench.spec import SCENARIOS
from minibench.stats import summarize


def window(framework: str, round_: int, rps: float, *, users: int = 50, scenario: str = "json") -> Window:
    """A window with the numbers that matter here; the rest plausible."""
    return Window(
        framework=framework, server="uvicorn", scenario=scenario, users=users, round=round_, seconds=4.0,
        requests=int(rps * 4), failures=0, rps=rps, mean_ms=5.0, p50_ms=4.0, p95_ms=9.0, p99_ms=12.0,
        server_cpu_us=100.0 + round_, client_cpu=0.5, client_bound=round_ == 2,
    )  # fmt: skip


def test_rounds_take_the_frameworks_in_turns_starting_with_a_different_one() -> None:
    """`rotate(items, round)` is the order of one round: A B C, then B C A, then C A B. No
    framework always runs first (on a cold cache) or last (after the machine warmed up)."""
    items = ["a", "b", "c"]
    orders = [runner.rotate(items, r) for r in range(4)]
    assert orders == [["a", "b", "c"], ["b", "c", "a"], ["c", "a", "b"], ["a", "b", "c"]], orders
    assert runner.rotate([], 3) == [], "an empty list has no rotation"


def test_the_table_shows_the_median_of_the_rounds_and_their_spread() -> None:
    """Three rounds of 900, 1000 and 5000 requests/s: the median is 1000 (the outlier round
    does not drag it, as it would a mean), the spread is 900-5000 (it shows the outlier)."""
    windows = [window("fastapi", 0, 900.0), window("fastapi", 1, 5000.0), window("fastapi", 2, 1000.0)]
    (summary,) = summarize(windows)
    assert summary.rps == 1000.0, f"median of 900, 5000, 1000 should be 1000, got {summary.rps}"
    assert summary.rps_spread == (900.0, 5000.0), summary.rps_spread
    assert summary.rounds == 3
    assert summary.server_cpu_us == 101.0, "the server CPU per request is a median too"
    assert summary.client_bound, "one client-bound round flags the cell"


def test_cells_are_kept_apart_by_framework_scenario_and_users() -> None:
    """Windows of different frameworks, scenarios or user counts are different cells, in the
    order first measured (the curve's users 1, 5, 10 stay in that order)."""
    windows = [
        window("fastapi", 0, 1.0, users=1, scenario="io_bound"),
        window("fastapi", 0, 2.0, users=5, scenario="io_bound"),
        window("flask", 0, 3.0),
        window("fastapi", 1, 4.0, users=1, scenario="io_bound"),
    ]
    keys = [s.key for s in summarize(windows)]
    assert keys == [
        ("fastapi", "uvicorn", "io_bound", 1),
        ("fastapi", "uvicorn", "io_bound", 5),
        ("flask", "uvicorn", "json", 50),
    ], keys


def test_quick_settings_are_one_short_round_without_curve_or_profiles() -> None:
    """--quick is for the tests and the lesson: it must finish in under two minutes."""
    settings = runner.quick(runner.Settings(frameworks=("fastapi",), scenarios=("json",)))
    assert (settings.rounds, settings.curve_users, settings.profile_scenario) == (1, (), None), settings
    assert settings.duration <= 1.0, settings
    assert settings.quick


def test_every_step_is_counted_for_the_progress_bar() -> None:
    """2 rounds of 3 frameworks, the curve on the 2 of them that have curve servers (fastapi:
    uvicorn and gunicorn-uvicorn; flask: sync and gthread -> 4 curve runs), 3 profiles, and
    the in-process timing: 2 * (3 + 4) + 3 + 1 = 18 steps."""
    settings = runner.Settings(frameworks=("fastapi", "flask", "django"), scenarios=("json",), rounds=2)
    assert runner.steps(settings) == 18, runner.steps(settings)


def test_the_curve_runs_each_scenario_at_each_user_count() -> None:
    """Stages named scenario@users, fewest users first, only for scenarios of the run."""
    settings = runner.Settings(frameworks=("fastapi",), scenarios=("io_bound", "json"), curve_users=(1, 10))
    assert [stage.name for stage in runner.curve_stages(settings)] == ["io_bound@1", "io_bound@10"]


def test_wrong_answers_are_refused_with_every_problem_named(monkeypatch: pytest.MonkeyPatch) -> None:
    """`refuse_wrong_answers` raises WrongAnswers listing each sentence `check.problems` gave:
    a benchmark of different answers compares different work."""
    from minibench import check
    from minibench.frameworks import BY_NAME as FRAMEWORKS

    monkeypatch.setattr(
        check, "problems", lambda framework, scenarios: [f"{framework.name} /json: status 500"]
    )
    chosen = [FRAMEWORKS["fastapi"], FRAMEWORKS["flask"]]
    with pytest.raises(runner.WrongAnswers) as raised:
        runner.refuse_wrong_answers(chosen, [SCENARIOS[1]])
    assert raised.value.problems == ["fastapi /json: status 500", "flask /json: status 500"], (
        raised.value.problems
    )
