"""The course's pytest plugin: milestones, "which code am I testing?", and next steps.

Loaded automatically (a `pytest11` entry point) wherever the kit is installed. It adds:
- `--milestone N`: run the test files of milestones 1..N (files are named `test_m<N>_*.py`);
- a header naming the code under test: the learner's copy, the reference, or the starter;
- a "What to do" section on each failure (see `friendly.py`);
- a milestone summary at the end, recorded for `nox -s progress` when the learner's code ran.
"""

from __future__ import annotations

import importlib.util
import re
from collections import defaultdict
from pathlib import Path

import pytest

from coursekit import friendly, progress, workspace
from coursekit.projects import Project, discover, project_of
from coursekit.workspace import workspace_root

_MILESTONE_FILE = re.compile(r"^test_m(\d+)_")


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("course")
    group.addoption(
        "--milestone",
        type=int,
        default=None,
        metavar="N",
        help="run milestone N and every milestone before it",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "oracle: runs a test against the real library only, to check the test itself; "
        "left out when the learner's code or the starter is under test",
    )
    config.pluginmanager.register(CoursePlugin(config), "coursekit-session")


def milestone_of(path: Path) -> int | None:
    match = _MILESTONE_FILE.match(path.name)
    return int(match.group(1)) if match else None


def code_under_test(project: Project) -> tuple[str, Path | None]:
    """("your code" | "the reference" | "the starter" | ..., the package folder) without importing it."""
    try:
        spec = importlib.util.find_spec(project.package)
    except (ImportError, ValueError):
        spec = None
    if spec is None or not spec.origin:
        return "nothing (the package cannot be found)", None
    folder = Path(spec.origin).resolve().parent
    if folder.is_relative_to(workspace_root()):
        return "YOUR code", folder
    if folder.is_relative_to(project.folder.resolve() / "starter"):
        return "the starter", folder
    if folder.is_relative_to(project.folder.resolve() / "src"):
        return "the reference solution", folder
    return "an installed copy", folder


class CoursePlugin:
    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.projects = self._projects_in_args(config)
        self.milestones: dict[str, int | None] = {}
        self.outcomes: dict[str, str] = {}
        self.stubs_seen: set[tuple[Path, int]] = set()

    @staticmethod
    def _projects_in_args(config: pytest.Config) -> list[Project]:
        found: dict[str, Project] = {}
        for arg in config.args:
            path = Path(str(arg).split("::")[0])
            project = project_of(path if path.is_dir() else path.parent / "_")
            if project is not None:
                found[project.id] = project
        return list(found.values())

    def pytest_report_header(self) -> list[str]:
        lines = []
        for project in self.projects:
            label, folder = code_under_test(project)
            where = f" in {folder}" if folder else ""
            lines.append(f"Testing {project.name} ({project.package}): {label}{where}")
            lines.extend(self._blocks_used(project))
        return lines

    @staticmethod
    def _blocks_used(project: Project) -> list[str]:
        """For later projects: which earlier building blocks are the learner's and which the reference's."""
        earlier = [p for p in discover(project.folder.parent) if p.number < project.number]
        rows = []
        for other in earlier:
            label, folder = code_under_test(other)
            if folder is not None:
                rows.append(f"  built on {other.package} ({other.id}): {label}")
        return rows

    def pytest_collection_modifyitems(self, config: pytest.Config, items: list[pytest.Item]) -> None:
        limit = config.getoption("--milestone")
        judged = {p.id for p in self.projects if code_under_test(p)[0] != "the reference solution"}
        kept: list[pytest.Item] = []
        dropped: list[pytest.Item] = []
        for item in items:
            number = milestone_of(item.path)
            self.milestones[item.nodeid] = number
            beyond = limit is not None and (number is None or number > limit)
            (dropped if beyond or self._oracle_only(item, judged) else kept).append(item)
        if dropped:
            config.hook.pytest_deselected(items=dropped)
            items[:] = kept

    @staticmethod
    def _oracle_only(item: pytest.Item, judged: set[str]) -> bool:
        """A run of the test against the real library says nothing about the learner's code."""
        if item.get_closest_marker("oracle") is None:
            return False
        project = project_of(item.path)
        return project is not None and project.id in judged

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
        outcome = yield
        report: pytest.TestReport = outcome.get_result()
        project = project_of(item.path)
        if not report.failed or call.excinfo is None or project is None:
            return
        number = self.milestones.get(item.nodeid)
        milestone = project.milestone(number) if number in {m.number for m in project.milestones} else None
        frames = [(Path(str(entry.path)), entry.lineno + 1, entry.name) for entry in call.excinfo.traceback]
        _, folder = code_under_test(project)
        stub = friendly.stub_frame(call.excinfo.value, frames, folder)
        if stub is not None:
            if (stub[0], stub[1]) in self.stubs_seen:  # one unwritten stub, many failing tests
                report.longrepr = (
                    f"{friendly.shown(stub[0])}:{stub[1]}: `{stub[2]}` not written yet (as above)"
                )
                return
            self.stubs_seen.add((stub[0], stub[1]))
        doc = getattr(getattr(item, "function", None), "__doc__", None)
        text = friendly.explain(call.excinfo.value, frames, project, milestone, doc, folder)
        report.sections.append(("What to do", text))

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.failed:
            self.outcomes[report.nodeid] = "failed"
        elif report.when == "call" and report.passed:
            self.outcomes.setdefault(report.nodeid, "passed")

    def pytest_terminal_summary(self, terminalreporter: pytest.TerminalReporter) -> None:
        for project in self.projects:
            counts = self._counts(project)
            if not counts:
                continue
            self._print_summary(terminalreporter, project, counts)
            self._record(project, counts)

    def _counts(self, project: Project) -> dict[int, progress.Counts]:
        tally: dict[int, list[int]] = defaultdict(lambda: [0, 0])
        prefix = project.folder.resolve()
        for nodeid, number in self.milestones.items():
            outcome = self.outcomes.get(nodeid)
            if number is None or outcome is None:
                continue
            if not (Path(self.config.rootpath) / nodeid.split("::")[0]).resolve().is_relative_to(prefix):
                continue
            tally[number][0 if outcome == "passed" else 1] += 1
        return {n: progress.Counts(passed=p, failed=f) for n, (p, f) in sorted(tally.items())}

    def _print_summary(
        self, reporter: pytest.TerminalReporter, project: Project, counts: dict[int, progress.Counts]
    ) -> None:
        label, _ = code_under_test(project)
        reporter.write_sep("=", f"{project.id} milestones ({label})")
        for milestone in project.milestones:
            count = counts.get(milestone.number)
            if count is None:
                reporter.write_line(f"  ·  {milestone.number} {milestone.title}: not run")
                continue
            total = count.passed + count.failed
            reporter.write_line(
                f"  {progress.SYMBOL[count.status]}  {milestone.number} {milestone.title}: "
                f"{count.passed}/{total} passed"
            )
        failing = [n for n, c in counts.items() if c.failed]
        if failing:
            first = failing[0]
            reporter.write_line(
                f"Next: make milestone {first} pass. Hints: nox -s hint -- {project.id} {first}"
            )

    def _record(self, project: Project, counts: dict[int, progress.Counts]) -> None:
        override = progress.results_override()
        if override is not None:
            progress.record(override, project, counts)
            return
        label, _ = code_under_test(project)
        if label == "YOUR code":
            progress.record(workspace.results_file(project), project, counts)
