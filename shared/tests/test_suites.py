"""Running a real library's tests on the course: import aliases, and reading the verdicts."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from coursekit import aliases, suites


@pytest.fixture
def fakelib() -> Iterator[None]:
    """`fakelib.text` answered by the standard library's json and textwrap; `fakelib.gone` left out."""
    finder = aliases.install(
        {
            "fakelib.text": aliases.Alias(sources=("textwrap", "json"), names={"encode": "json:dumps"}),
            "fakelib.gone": aliases.Alias(stand_in=True),
        }
    )
    try:
        yield
    finally:
        sys.meta_path.remove(finder)
        for name in [m for m in sys.modules if m.startswith("fakelib")]:
            del sys.modules[name]


@pytest.mark.usefixtures("fakelib")
def test_an_alias_offers_its_sources_names_and_renames() -> None:
    from fakelib.text import dedent, encode, loads  # type: ignore[import-not-found]

    assert dedent("  a") == "a"
    assert loads("[1]") == [1]
    assert encode({"a": 1}) == '{"a": 1}'
    import fakelib  # type: ignore[import-not-found]

    assert fakelib.text.dedent is dedent  # the package and its submodule, as `import starlette` gives


@pytest.mark.usefixtures("fakelib")
def test_a_missing_name_says_where_the_course_looked() -> None:
    import fakelib.text  # type: ignore[import-not-found]

    expected = r"'fakelib\.text' has no attribute 'nothing_like_this' \(the course looked in textwrap, json\)"
    with pytest.raises(AttributeError, match=expected):
        _ = fakelib.text.nothing_like_this


@pytest.mark.usefixtures("fakelib")
def test_a_stand_in_imports_and_refuses_to_be_used() -> None:
    from fakelib.gone import StaticFiles  # type: ignore[import-not-found]

    with pytest.raises(NotImplementedError, match=r"fakelib\.gone\.StaticFiles is not part of the course"):
        StaticFiles(directory=".")

    class Mine(StaticFiles):  # a test module may subclass it at import time ...
        pass

    with pytest.raises(NotImplementedError):  # ... and the test that uses it fails
        Mine()


def test_library_code_runs_on_the_course(tmp_path: Path) -> None:
    """A module given as `library_code` is the library's own source, and its imports of the
    library are answered by the course, as a third-party package's would be."""
    source = aliases.library_file(tmp_path, "otherlib.extra")
    source.parent.mkdir()
    source.write_text("from otherlib.text import dedent\n\ndef tidy(s):\n    return dedent(s)\n")
    finder = aliases.install(
        {
            "otherlib.text": aliases.Alias(sources=("textwrap",)),
            "otherlib.extra": aliases.Alias(library_code=True),
        },
        tmp_path,
    )
    try:
        from otherlib.extra import tidy  # type: ignore[import-not-found]

        assert tidy("  a") == "a"
    finally:
        sys.meta_path.remove(finder)
        for name in [m for m in sys.modules if m.startswith("otherlib")]:
            del sys.modules[name]


def test_aliases_load_from_toml(tmp_path: Path) -> None:
    (tmp_path / "suite.toml").write_text(
        '[aliases."lib.a"]\nsources = ["json"]\nnames = { X = "json:dumps" }\n'
        '[aliases."lib.b"]\nstand_in = true\n'
    )
    loaded = aliases.load(tmp_path / "suite.toml")
    assert loaded["lib.a"] == aliases.Alias(sources=("json",), names={"X": "json:dumps"})
    assert loaded["lib.b"].stand_in


def test_junit_ids_name_tests_and_files_that_did_not_load() -> None:
    assert (
        suites.junit_test_id("tests.test_routing", "test_router[asyncio]")
        == "tests/test_routing.py::test_router[asyncio]"
    )
    assert (
        suites.junit_test_id("tests.middleware.test_errors", "test_x")
        == "tests/middleware/test_errors.py::test_x"
    )
    assert suites.junit_test_id("tests.test_a.TestThing", "test_y") == "tests/test_a.py::TestThing::test_y"
    assert suites.junit_test_id("", "tests.test_routing") == "tests/test_routing.py"


def test_the_verdict_finds_unexpected_failures_and_stale_departures(tmp_path: Path) -> None:
    (tmp_path / "suite.toml").write_text(
        '[suite]\nlibrary = "lib"\nfiles = ["tests/test_a.py"]\n'
        '[[departures]]\ntest = "tests/test_a.py::test_priority"\nreason = "on purpose"\n'
        '[[departures]]\ntest = "tests/test_a.py::test_fixed"\nreason = "no longer"\n'
        '[[departures]]\ntest = "tests/test_a.py::test_wording"\nreason = "each variant"\n'
    )
    suite = suites.Suite.load(tmp_path / "suite.toml")
    outcome = suites.Outcome(
        passed={"tests/test_a.py::test_ok", "tests/test_a.py::test_fixed"},
        failed={
            "tests/test_a.py::test_priority": "x",
            "tests/test_a.py::test_bug": "boom",
            "tests/test_a.py::test_wording[asyncio]": "says MiniASGI",
        },
        output="",
    )
    unexpected, stale = suites.verdict(suite, outcome, "tests/test_a.py")
    assert unexpected == {"tests/test_a.py::test_bug": "boom"}
    assert stale == ["tests/test_a.py::test_fixed"]


def test_a_failure_names_the_project_and_a_collection_failure_its_reason() -> None:
    trace = "workspace/p02_asgi/miniasgi/headers.py:40: NotImplementedError: Milestone 4: ..."
    assert (
        suites.why("NotImplementedError: Milestone 4: wrap raw", trace)
        == "[p02] NotImplementedError: Milestone 4: wrap raw"
    )
    report = "tests/test_routing.py:5: in <module>\n    import y\nE   NotImplementedError: Remember the path"
    assert (
        suites.why("collection failure", report)
        == "collection failure: NotImplementedError: Remember the path"
    )
    assert suites.why("assert 1 == 2\nmore", "") == "assert 1 == 2"


def test_a_package_alias_offers_its_submodule_aliases_as_attributes() -> None:
    """`import pydantic; pydantic.version.VERSION` works on the real package, which imports its
    submodule itself: an alias package answers with the submodule's alias."""
    finder = aliases.install(
        {
            "otherpkg": aliases.Alias(sources=("json",)),
            "otherpkg.version": aliases.Alias(values={"VERSION": "'2.0'"}),
        }
    )
    try:
        import otherpkg  # type: ignore[import-not-found]

        assert otherpkg.version.VERSION == "2.0"
        with pytest.raises(AttributeError, match="the course looked in json"):
            _ = otherpkg.nothing_like_this
    finally:
        sys.meta_path.remove(finder)
        for name in [m for m in sys.modules if m.startswith("otherpkg")]:
            del sys.modules[name]


def test_a_module_left_out_refuses_to_import_whoever_imports_it(tmp_path: Path) -> None:
    """A suite's `absent` modules raise ImportError on import from a folder first on the
    path, as in the library's own test environment where they are not installed (p07's
    FastAPI suite leaves out brotli, which p08's locust installs)."""
    suites.write_absent(tmp_path, ["brotli"])  # installed here: p08's locust brings it
    code = "import brotli"
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False)
    assert done.returncode != 0, "a module left out still imported"
    assert "brotli is left out" in done.stderr, done.stderr
