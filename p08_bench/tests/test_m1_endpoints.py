"""Milestone 1: identical endpoints. Every app answers every scenario exactly as spec.py says.

A benchmark of different answers compares different work, so the check runs before any
timing. These tests call each app in process (no server): when one fails, its message lists
each difference as "<framework> <request>: <what differs>"; open that framework's module in
`minibench/apps/` and compare its endpoint with the scenario in `minibench/spec.py`.
"""

from __future__ import annotations

import json

import pytest
from minibench import check, drive
from minibench.frameworks import Framework, choose
from minibench.spec import EXTRA_ROUTES, SCENARIOS, Scenario

INSTALLED = choose()


def test_every_framework_is_installed_here() -> None:
    """The course's environment installs all seven frameworks; a missing one would silently
    drop out of every parametrized test below. Install it (see pyproject.toml) if this fails."""
    names = [framework.name for framework in INSTALLED]
    assert len(names) == 7, f"expected the 7 frameworks of frameworks.py, got {names}"


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[scenario.name for scenario in SCENARIOS])
@pytest.mark.parametrize("framework", INSTALLED, ids=[framework.name for framework in INSTALLED])
def test_the_app_answers_the_scenario_as_specified(framework: Framework, scenario: Scenario) -> None:
    """The framework's app gives this scenario's status, media type and body. A failure names
    what differs (status, content-type or body, expected vs got)."""
    found = check.problems(framework, [scenario])
    assert found == [], "\n".join(found)


def test_every_app_holds_the_extra_routes_after_the_scenarios() -> None:
    """Each app has exactly EXTRA_ROUTES more routes, /extra/0/{item_id} .. /extra/99/{item_id},
    each answering {"route": n, "item_id": id} with the id as an int; one past the last is a 404.
    A failure lists the apps that miss a route or answer it differently."""
    last = EXTRA_ROUTES - 1
    scenarios = [
        Scenario("first extra", "GET", "/extra/0/7", {"route": 0, "item_id": 7}),
        Scenario("last extra", "GET", f"/extra/{last}/7", {"route": last, "item_id": 7}),
        Scenario("past the last", "GET", f"/extra/{EXTRA_ROUTES}/7", {"detail": "Not Found"}, status=404),
    ]
    found = [problem for framework in INSTALLED for problem in check.problems(framework, scenarios)]
    assert found == [], "\n".join(found)


@pytest.mark.parametrize(
    "body",
    [b'{"name": "Foo"}', b'{"name": "Foo", "price": "cheap"}', b"not json"],
    ids=["missing", "wrong", "broken"],
)
def test_an_invalid_body_is_a_422_with_an_error_list_everywhere(body: bytes) -> None:
    """POST /items with a body the model refuses answers 422 and {"detail": [errors...]} in
    every app, never a 500: a user sees what to fix. A failure lists each app's answer."""
    request = Scenario("invalid body", "POST", "/items", None, body=body)
    wrong = {}
    for framework in INSTALLED:
        got = drive.answer(framework, request)
        detail = json.loads(got.body).get("detail") if got.media_type == "application/json" else None
        if got.status != 422 or not isinstance(detail, list) or not detail:
            wrong[framework.name] = got
    assert wrong == {}, f"expected 422 with a non-empty 'detail' list; got {wrong}"
