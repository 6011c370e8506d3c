"""The compare step's report and the kit's request observers."""

from __future__ import annotations

from pathlib import Path

from coursekit import compare, workspace
from coursekit.observe import Call, asgi_observe, wsgi_observe
from coursekit.projects import Project


def wsgi_app(environ, start_response):  # type: ignore[no-untyped-def]
    if environ["PATH_INFO"] == "/boom":
        raise RuntimeError("kaboom")
    start_response("200 OK", [("Content-Type", "text/plain"), ("X-Other", "1")])
    return [environ["PATH_INFO"].encode()]


async def asgi_app(scope, receive, send):  # type: ignore[no-untyped-def]
    await send({"type": "http.response.start", "status": 201, "headers": [(b"content-type", b"text/plain")]})
    await send({"type": "http.response.body", "body": scope["path"].encode()})


def test_wsgi_observe_records_status_interesting_headers_and_body() -> None:
    seen = wsgi_observe(wsgi_app, {"hi": Call("GET", "/hi"), "boom": Call("GET", "/boom")})
    assert seen["hi"] == {"status": 200, "headers": {"content-type": "text/plain"}, "body": "/hi"}
    assert seen["boom"] == {"error": "RuntimeError: kaboom"}


def test_asgi_observe_records_the_same_shape() -> None:
    seen = asgi_observe(asgi_app, {"x": Call("POST", "/x", content=b"data")})
    assert seen == {"x": {"status": 201, "headers": {"content-type": "text/plain"}, "body": "/x"}}


def test_render_marks_same_and_differing_scenarios() -> None:
    text = compare.render(
        {
            "yours": {"a": 1, "b": 2},
            "reference": {"a": 1, "b": 3},
            "flask": {"a": 1, "b": 3},
        }
    )
    assert "  same   a" in text
    assert "  DIFFER b" in text
    assert "2 scenarios through yours, reference, flask: 1 differ." in text


def test_numbers_compare_as_values() -> None:
    """Pydantic writes 150.0 where a learner may write 150: the same JSON value."""
    text = compare.render({"yours": {"a": {"max": 150}}, "pydantic": {"a": {"max": 150.0}}})
    assert "  same   a" in text


async def json_app(scope, receive, send):  # type: ignore[no-untyped-def]
    body = b'{"b": 1,   "a": [1, 2]}' if scope["path"] == "/ok" else b"{not json"
    await send(
        {"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"application/json")]}
    )
    await send({"type": "http.response.body", "body": body})


def test_json_bodies_are_recorded_as_values() -> None:
    seen = asgi_observe(json_app, {"ok": Call("GET", "/ok"), "broken": Call("GET", "/broken")})
    assert seen["ok"]["body"] == {"a": [1, 2], "b": 1}
    assert seen["broken"]["body"] == "{not json"


def test_render_reports_a_side_that_could_not_run() -> None:
    text = compare.render({"yours": "could not run the scenarios:\nSyntaxError", "reference": {"a": 1}})
    assert "[yours] could not run the scenarios" in text


def test_code_diff_shows_the_learners_changes(learner_workspace: Path, first_project: Project) -> None:
    assert "nox -s start" in compare.code_diff(first_project)
    workspace.start(first_project)
    init = workspace.learner_package(first_project) / "__init__.py"
    init.write_text(init.read_text() + "# my note\n")
    diff = compare.code_diff(first_project)
    assert "+++ yours/__init__.py" in diff
    assert "+# my note" in diff


def test_run_compares_yours_reference_and_the_real_library(
    learner_workspace: Path, first_project: Project
) -> None:
    """The whole step, in three subprocesses: a learner who finished agrees with both."""
    workspace.start(first_project)
    for source in first_project.reference.glob("*.py"):
        (workspace.learner_package(first_project) / source.name).write_text(source.read_text())
    report = compare.run(first_project)
    assert "through yours, reference, " in report
    assert ": 0 differ." in report


def test_run_reports_learner_code_that_does_not_import(
    learner_workspace: Path, first_project: Project
) -> None:
    workspace.start(first_project)
    (workspace.learner_package(first_project) / "__init__.py").write_text("def broken(:\n")
    report = compare.run(first_project)
    assert "[yours] could not run the scenarios" in report
    assert "SyntaxError" in report


def test_run_on_the_starter_names_the_functions_left_to_write(
    learner_workspace: Path, first_project: Project
) -> None:
    """A stub makes a 500; compare says which function is behind it instead of a bare 500."""
    workspace.start(first_project)
    report = compare.run(first_project)
    assert "Not written yet in yours: " in report
    assert "Not written yet in reference" not in report


def test_render_names_the_stubs_behind_a_side() -> None:
    text = compare.render(
        {"yours": {"a": 500}, "reference": {"a": 200}}, {"yours": ["Router.match (r.py:9)"]}
    )
    assert "Not written yet in yours: Router.match (r.py:9). Write them, then compare again." in text
