"""Milestone 1, first: playing the server's part in process, and a check that catches a wrong answer.

`drive.py` calls an app the way uvicorn (ASGI) and gunicorn (WSGI) would, without a socket;
`check.py` compares each answer with the scenario in spec.py. Both are tested here on two
tiny framework-free apps (tests/sample_apps.py), before you write any framework's app.
"""

from __future__ import annotations

from typing import Any

import pytest
from minibench import check, drive
from minibench.drive import Answer
from minibench.frameworks import Framework
from minibench.spec import BY_NAME, Scenario

from . import sample_apps

# Framework-free apps (tests/sample_apps.py): the check is tested before any app is written.
SAMPLES = [
    Framework("sample-asgi", "sample ASGI app", "asgi", f"{sample_apps.__name__}:asgi", ()),
    Framework("sample-wsgi", "sample WSGI app", "wsgi", f"{sample_apps.__name__}:wsgi", ()),
]


@pytest.mark.parametrize("framework", SAMPLES, ids=["asgi", "wsgi"])
def test_the_driver_calls_an_app_and_returns_its_status_media_type_and_body(framework: Framework) -> None:
    """`drive.answer` calls the app in process (an ASGI app awaited with a scope, `receive` and
    `send`; a WSGI app called with an environ and `start_response`) and returns what a client
    would read: the status, the media type without parameters, and the whole body."""
    got = drive.answer(framework, BY_NAME["plaintext"])
    assert got == Answer(200, "text/plain", b"Hello, World!"), got


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


@pytest.mark.parametrize("framework", SAMPLES, ids=["asgi", "wsgi"])
@pytest.mark.parametrize(
    ("changed", "expected"),
    [
        ({"status": 201}, "status 200, expected 201"),
        ({"media_type": "application/json"}, "content-type 'text/plain', expected 'application/json'"),
        ({"expected": "Goodbye"}, "body 'Hello, World!', expected 'Goodbye'"),
    ],
    ids=["status", "media-type", "body"],
)
def test_the_check_reports_a_wrong_status_media_type_or_body(
    framework: Framework, changed: dict[str, Any], expected: str
) -> None:
    """A scenario asking for another status, media type or body than the app gives is one
    sentence naming the framework, the request and the difference. If this fails, the check
    lets wrong answers through (or words them differently): read `check.problems`."""
    plaintext = BY_NAME["plaintext"]
    wrong = Scenario(**{**plaintext.__dict__, **changed})
    found = check.problems(framework, [plaintext, wrong])
    assert found == [f"{framework.name} /plaintext: {expected}"], found


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
