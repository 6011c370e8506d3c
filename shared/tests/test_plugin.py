"""The pytest plugin, run on a tiny fake course the way a learner's runs go.

Each run is a real pytest subprocess; runs are shared by the tests that read them (module
scope), so the whole file costs four subprocesses.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from coursekit.friendly import defining_module

from .fake_course import FakeCourse, build
from .layout import PROJECTS


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> FakeCourse:
    return build(tmp_path_factory.mktemp("course"))


@pytest.fixture(scope="module")
def learner_run(course: FakeCourse) -> subprocess.CompletedProcess[str]:
    """The learner's p42 on the reference p41: milestone 2's `add` is still a stub."""
    path = [course.learner("p42_demo"), course.reference("p41_base"), course.reference("p42_demo")]
    return course.pytest("p42_demo", pythonpath=path)


@pytest.fixture(scope="module")
def blamed_run(course: FakeCourse) -> subprocess.CompletedProcess[str]:
    """The learner's p42 on the learner's unfinished p41: p42's milestone 1 stops in p41."""
    path = [course.learner("p41_base"), course.learner("p42_demo"), course.reference("p41_base")]
    return course.pytest("p42_demo", "--milestone", "1", pythonpath=path)


@pytest.fixture(scope="module")
def reference_run(course: FakeCourse) -> subprocess.CompletedProcess[str]:
    """The reference p42, with a workspace of its own (to see that nothing is recorded in it)."""
    path = [course.reference("p41_base"), course.reference("p42_demo")]
    return course.pytest("p42_demo", "--milestone", "1", pythonpath=path, workspace=course.root / "elsewhere")


def test_header_says_whose_code_is_tested_and_on_what(learner_run: subprocess.CompletedProcess[str]) -> None:
    out = learner_run.stdout
    assert "Testing p42_demo (demopkg): YOUR code in " in out
    assert "built on basepkg (p41): the reference solution" in out
    assert "hypothesis: derandomized" in out


def test_a_stub_failure_says_which_function_to_write(learner_run: subprocess.CompletedProcess[str]) -> None:
    out = learner_run.stdout
    assert "Milestone 2 (Add numbers)." in out
    assert "This test checks: add() adds two numbers." in out
    assert "Not written yet: `add` in " in out
    assert "Stuck? Hints: nox -s hint -- p42 2" in out


def test_a_missing_name_says_where_the_reference_keeps_it(
    learner_run: subprocess.CompletedProcess[str],
) -> None:
    assert "`demopkg` has no `multiply` yet" in learner_run.stdout


def test_summary_and_recorded_progress(
    learner_run: subprocess.CompletedProcess[str], course: FakeCourse
) -> None:
    out = learner_run.stdout
    assert "p42 milestones (YOUR code)" in out
    assert "1 Say hello: 2/2 passed" in out  # the oracle-only test is left out of a learner's run
    assert "2 Add numbers: 0/2 passed" in out
    assert "Next: make milestone 2 pass. Hints: nox -s hint -- p42 2" in out
    recorded = json.loads((course.workspace / ".progress" / "p42_demo.json").read_text())
    assert recorded["milestones"] == {"1": [2, 0], "2": [0, 2]}


def test_a_milestone_thinned_by_k_is_not_called_passed_nor_recorded(course: FakeCourse) -> None:
    """`-k twice` runs one of milestone 1's tests: it passes, but the milestone is not judged
    by it (a learner's walk found `-k` making a milestone read as done)."""
    path = [course.learner("p42_demo"), course.reference("p41_base"), course.reference("p42_demo")]
    run = course.pytest("p42_demo", "--milestone", "1", "-k", "twice", pythonpath=path)
    out = run.stdout
    assert "1 Say hello: 1/1 passed of the selected tests (not all of its tests ran)" in out, out
    assert "Next: run all of milestone 1's tests: nox -s p42 -- --milestone 1" in out, out
    recorded = json.loads((course.workspace / ".progress" / "p42_demo.json").read_text())
    assert recorded["milestones"].get("1") != [1, 0], f"a thinned run was recorded: {recorded}"


def test_a_failure_in_an_unfinished_earlier_project_is_blamed_on_it(
    blamed_run: subprocess.CompletedProcess[str],
) -> None:
    """p42's tests stopping in the learner's p41 point into p41's file, and Next: says so."""
    out = blamed_run.stdout
    assert "built on basepkg (p41): YOUR code" in out
    assert "This fails inside YOUR p41 (basepkg), not in p42: `double` in " in out
    assert "workspace/p41_base/basepkg/__init__.py:2 is not written yet" in out
    assert "nox -s p42 -- --reference-deps" in out
    assert "Next: your p41 is unfinished, and p42's tests stop there." in out


def test_reference_runs_keep_oracle_tests_and_record_no_progress(
    reference_run: subprocess.CompletedProcess[str], course: FakeCourse
) -> None:
    assert "Testing p42_demo (demopkg): the reference solution" in reference_run.stdout
    assert "3 passed" in reference_run.stdout  # the oracle-only test runs against the reference
    assert not (course.root / "elsewhere" / ".progress").exists()


def test_a_milestone_beyond_the_last_is_an_error_naming_the_range(course: FakeCourse) -> None:
    run = course.pytest("p42_demo", "--milestone", "9", pythonpath=[course.reference("p41_base")])
    assert run.returncode == 4  # pytest's "usage error"
    assert "p42 has milestones 1 to 2; --milestone 9 is not one of them" in run.stderr


def test_defining_module_finds_where_the_reference_keeps_a_name() -> None:
    """The missing-name advice points at the reference module that defines it."""
    project = PROJECTS[0]
    exported = __import__(project.package).__all__
    found = {name: defining_module(project.reference, name) for name in exported}
    assert all(found.values()), f"not found in {project.reference}: {[n for n, m in found.items() if not m]}"
    assert defining_module(project.reference, "no_such_name_anywhere") is None


def test_oracle_pins_are_read_from_constraints(tmp_path: Path) -> None:
    """The header warns when an installed oracle is not the version CI pins."""
    from coursekit import oracles

    (tmp_path / "constraints.txt").write_text("# pins\npytest==0.0.1\nhttpx==1.0\n")
    assert oracles.pins(tmp_path) == {"pytest": "0.0.1", "httpx": "1.0"}
    lines = oracles.describe(("pytest",), tmp_path)
    assert lines[0].startswith("Oracles: pytest ")
    assert "constraints.txt pins 0.0.1" in lines[1]


def test_later_milestones_files_are_not_even_collected(blamed_run: subprocess.CompletedProcess[str]) -> None:
    """With --milestone 1, milestone 2's file is not imported: its stubs cannot disturb milestone 1."""
    assert "collected 3 items / 1 deselected / 2 selected" in blamed_run.stdout
