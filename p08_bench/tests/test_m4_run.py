"""Milestone 4: the whole run's order of work, before the numbers: check first, then time.

(The numbers themselves are test_m4_async.py's.)
"""

from __future__ import annotations

import pytest
from minibench import runner
from minibench.spec import SCENARIOS


def test_an_app_with_a_wrong_answer_stops_the_run_before_any_timing(monkeypatch: pytest.MonkeyPatch) -> None:
    """A benchmark of different answers compares different work: `run` checks every app first
    and refuses, naming the problems, before starting a single server."""
    from minibench import check

    monkeypatch.setattr(
        check, "problems", lambda framework, scenarios: [f"{framework.name} /json: status 500"]
    )
    started: list[object] = []
    monkeypatch.setattr(runner, "serve", lambda *a, **k: started.append(a))
    settings = runner.Settings(frameworks=("fastapi",), scenarios=(SCENARIOS[1].name,))
    with pytest.raises(runner.WrongAnswers, match="fastapi /json: status 500"):
        runner.run(settings)
    assert not started, "a server was started although an app answers wrongly"
