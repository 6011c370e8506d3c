"""Milestone 1: identical endpoints. Every app answers every scenario exactly as spec.py says.

A benchmark of different answers compares different work, so the check runs before any
timing. These tests call each app in process (no server): when one fails, its message lists
each difference as "<framework> <request>: <what differs>"; open that framework's module in
`minibench/apps/` and compare its endpoint with the scenario in `minibench/spec.py`.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from minibench import check, drive
from minibench.frameworks import Framework, choose
from minibench.spec import BY_NAME, EXTRA_ROUTES, SCENARIOS, Scenario

INSTALLED = choose()
ASGI = next(framework for framework in INSTALLED if framework.interface == "asgi")
WSGI = next(framework for framework in INSTALLED if framework.interface == "wsgi")


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


# --- the check itself must catch a wrong answer ----------------------------------------------------


@pytest.mark.parametrize("framework", [ASGI, WSGI], ids=["asgi", "wsgi"])
@pytest.mark.parametrize(
    ("changed", "expected"),
    [
        ({"status": 201}, "status 200, expected 201"),
        ({"media_type": "text/plain"}, "content-type 'application/json', expected 'text/plain'"),
        (
            {"expected": {"message": "Goodbye"}},
            "body {'message': 'Hello, World!'}, expected {'message': 'Goodbye'}",
        ),
    ],
    ids=["status", "media-type", "body"],
)
def test_the_check_reports_a_wrong_status_media_type_or_body(
    framework: Framework, changed: dict[str, Any], expected: str
) -> None:
    """A scenario asking for another status, media type or body than the app gives is one
    sentence naming the framework, the request and the difference. If this fails, the check
    lets wrong answers through (or words them differently): read `check.problems`."""
    json_scenario = BY_NAME["json"]
    wrong = Scenario(**{**json_scenario.__dict__, **changed})
    found = check.problems(framework, [json_scenario, wrong])
    assert found == [f"{framework.name} /json: {expected}"], found


async def crashing_asgi(scope: dict[str, Any], receive: Any, send: Any) -> None:
    raise RuntimeError("broken on purpose")


def failing_wsgi(environ: dict[str, Any], start_response: Any) -> list[bytes]:
    start_response("500 Internal Server Error", [("Content-Type", "text/plain")])
    return [b"Internal Server Error"]


def test_the_check_reports_a_server_error_and_an_app_that_raises() -> None:
    """A 500 is a status difference; an app that raises before answering is reported, not
    let out of the check (the run must list every problem, then stop). The apps here are this
    file's `failing_wsgi` and `crashing_asgi`."""
    json_scenario = BY_NAME["json"]
    wsgi = Framework("failing", "Failing", "wsgi", f"{__name__}:failing_wsgi", ())
    asgi = Framework("crashing", "Crashing", "asgi", f"{__name__}:crashing_asgi", ())
    assert check.problems(wsgi, [json_scenario]) == ["failing /json: status 500, expected 200"]
    (found,) = check.problems(asgi, [json_scenario])
    assert found.startswith("crashing /json: the app raised RuntimeError"), found


def test_an_app_that_does_not_load_is_one_problem() -> None:
    """An app path that does not import gives one sentence naming it, not a crash of the check."""
    missing = Framework("missing", "Missing", "wsgi", "minibench.apps.no_such_app:app", ())
    found = check.problems(missing)
    assert len(found) == 1, found
    assert found[0].startswith("missing: the app does not load (minibench.apps.no_such_app:app)"), found


def test_the_drivers_give_the_app_what_a_server_gives() -> None:
    """The ASGI scope and the WSGI environ carry the method, the decoded path, the query
    string, a Host header, and for a body its length and JSON type, as uvicorn and gunicorn
    do. A framework missing one of these answers 400 or 500 only in process."""
    scenario = BY_NAME["body_model"]
    scope = drive.asgi_scope(BY_NAME["path_query"])
    request_line = (scope["method"], scope["path"], scope["query_string"])
    assert request_line == ("GET", "/items/5", b"q=somequery"), scope
    assert dict(drive.asgi_scope(scenario)["headers"])[b"content-length"] == str(len(scenario.body)).encode()
    environ = drive.wsgi_environ(scenario)
    assert environ["CONTENT_TYPE"] == "application/json", environ
    assert environ["wsgi.input"].read() == scenario.body
    assert environ["HTTP_HOST"] == f"{environ['SERVER_NAME']}:{environ['SERVER_PORT']}", environ
