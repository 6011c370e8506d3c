"""The pytest plugin, run on a tiny fake project the way a learner's run goes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

COURSE_TOML = """
id = "p42"
title = "demo"
package = "demopkg"
real_library = "none"

[[milestones]]
number = 1
title = "Say hello"
hints = ["Return a string."]

[[milestones]]
number = 2
title = "Add numbers"
hints = ["Use +."]
"""


@pytest.fixture
def fake_project(pytester: pytest.Pytester, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """p42_demo with a learner copy whose milestone 2 is still the starter's stub."""
    project = pytester.path / "p42_demo"
    (project / "tests").mkdir(parents=True)
    (project / "course.toml").write_text(COURSE_TOML)
    (project / "src" / "demopkg").mkdir(parents=True)
    (project / "src" / "demopkg" / "__init__.py").write_text(
        "def hello():\n    return 'hello'\n\ndef add(a, b):\n    return a + b\n"
    )
    learner = tmp_path / "ws" / "p42_demo" / "demopkg"
    learner.mkdir(parents=True)
    (learner / "__init__.py").write_text(
        "def hello():\n    return 'hello'\n\n"
        "def add(a, b):\n    raise NotImplementedError('add the two numbers')\n"
    )
    (project / "tests" / "test_m1_hello.py").write_text(
        "import pytest\nfrom demopkg import hello\n\n"
        "def test_hello():\n    '''hello() says hello.'''\n    assert hello() == 'hello'\n\n"
        "@pytest.mark.oracle\ndef test_the_real_library_agrees():\n    assert hello().startswith('h')\n"
    )
    (project / "tests" / "test_m2_add.py").write_text(
        "import demopkg\n\n"
        "def test_add():\n    '''add() adds two numbers.'''\n    assert demopkg.add(2, 3) == 5\n\n"
        "def test_multiply():\n    '''multiply() is not there yet.'''\n"
        "    assert demopkg.multiply(2, 3) == 6\n"
    )
    monkeypatch.setenv("COURSE_WORKSPACE", str(tmp_path / "ws"))
    monkeypatch.setenv("PYTHONPATH", str(learner.parent))
    return project


def test_header_says_the_learners_code_is_tested(pytester: pytest.Pytester, fake_project: Path) -> None:
    result = pytester.runpytest_subprocess(str(fake_project / "tests"))
    result.stdout.fnmatch_lines(["Testing p42_demo (demopkg): YOUR code in *"])


def test_milestone_option_runs_that_milestone_and_earlier_ones(
    pytester: pytest.Pytester, fake_project: Path
) -> None:
    result = pytester.runpytest_subprocess(str(fake_project / "tests"), "--milestone", "1")
    result.assert_outcomes(passed=1)  # the oracle-only test is left out of a learner's run


def test_a_stub_failure_says_which_function_to_write(pytester: pytest.Pytester, fake_project: Path) -> None:
    result = pytester.runpytest_subprocess(str(fake_project / "tests"))
    result.assert_outcomes(passed=1, failed=2)
    result.stdout.fnmatch_lines(
        [
            "*What to do*",
            "Milestone 2 (Add numbers).",
            "This test checks: add() adds two numbers.",
            "Not written yet: `add` in *__init__.py:5. Write it*",
            "Stuck? Hints: nox -s hint -- p42 2",
        ]
    )


def test_a_missing_name_says_where_the_reference_keeps_it(
    pytester: pytest.Pytester, fake_project: Path
) -> None:
    result = pytester.runpytest_subprocess(str(fake_project / "tests"))
    result.stdout.fnmatch_lines(["*`demopkg` has no `multiply` yet*"])


def test_summary_and_recorded_progress(pytester: pytest.Pytester, fake_project: Path, tmp_path: Path) -> None:
    result = pytester.runpytest_subprocess(str(fake_project / "tests"))
    result.stdout.fnmatch_lines(
        [
            "*p42 milestones (YOUR code)*",
            "*1 Say hello: 1/1 passed",
            "*2 Add numbers: 0/2 passed",
            "Next: *p42 2",
        ]
    )
    recorded = json.loads((tmp_path / "ws" / ".progress" / "p42_demo.json").read_text())
    assert recorded["milestones"] == {"1": [1, 0], "2": [0, 2]}


def test_reference_runs_are_not_recorded_as_progress(
    pytester: pytest.Pytester, fake_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PYTHONPATH", str(fake_project / "src"))
    result = pytester.runpytest_subprocess(str(fake_project / "tests"), "--milestone", "1")
    result.stdout.fnmatch_lines(["Testing p42_demo (demopkg): the reference solution*"])
    result.assert_outcomes(passed=2)  # the reference run keeps the oracle-only test
    assert not (tmp_path / "ws" / ".progress").exists()


def test_defining_module_finds_where_the_reference_keeps_a_name() -> None:
    """The missing-name advice points at the reference module that defines it."""
    from coursekit.friendly import defining_module

    from .layout import PROJECTS

    project = PROJECTS[0]
    exported = __import__(project.package).__all__
    found = {name: defining_module(project.reference, name) for name in exported}
    assert all(found.values()), f"not found in {project.reference}: {[n for n, m in found.items() if not m]}"
    assert defining_module(project.reference, "no_such_name_anywhere") is None
