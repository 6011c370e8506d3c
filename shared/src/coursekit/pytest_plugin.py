"""The course's pytest plugin: milestones, "which code am I testing?", and next steps.

Loaded automatically (a `pytest11` entry point) wherever the kit is installed. It adds:
- `--milestone N`: run the test files of milestones 1..N (files are named `test_m<N>_*.py`);
- a header naming the code under test (the learner's copy, the reference, or the starter),
  whose copy of each earlier project it stands on, and the oracle libraries' versions;
- the hypothesis profile (see `profiles.py`), so every run of a commit gives one verdict;
- a "What to do" section on each failure (see `friendly.py`), which blames an earlier
  project when the failure comes from the learner's unfinished copy of it;
- a milestone summary at the end, recorded for `nox -s progress` when the learner's code ran.
"""

from __future__ import annotations

import importlib.util
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from coursekit import friendly, oracles, profiles, progress, workspace
from coursekit.projects import Project, dependencies, discover, project_of
from coursekit.workspace import workspace_root

if TYPE_CHECKING:  # pytest does not export the type its traceback filters return
    from _pytest._code.code import Traceback

_MILESTONE_FILE = re.compile(r"^test_m(\d+)_")
YOURS, REFERENCE, STARTER = "YOUR code", "the reference solution", "the starter"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("course")
    group.addoption(
        "--milestone",
        type=int,
        default=None,
        metavar="N",
        help="run milestone N and every milestone before it",
    )


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "oracle: runs a test against the real library only, to check the test itself; "
        "left out when the learner's code or the starter is under test",
    )
    profiles.register()  # before hypothesis's own plugin loads a --hypothesis-profile by name
    if config.getoption("hypothesis_profile", None) is None:
        profiles.load(profiles.choose())
    config.pluginmanager.register(CoursePlugin(config), "coursekit-session")


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """With --milestone N, later milestones' files are not even imported: a learner's later
    stubs (or a syntax error in them) cannot disturb the milestone they are on."""
    limit = config.getoption("--milestone")
    number = milestone_of(collection_path)
    return True if limit is not None and number is not None and number > limit else None


def milestone_of(path: Path) -> int | None:
    match = _MILESTONE_FILE.match(path.name)
    return int(match.group(1)) if match else None


def code_under_test(project: Project) -> tuple[str, Path | None]:
    """(YOURS | REFERENCE | STARTER | ..., the package folder), found without importing it."""
    try:
        spec = importlib.util.find_spec(project.package)
    except (ImportError, ValueError):
        spec = None
    if spec is None or not spec.origin:
        return "nothing (the package cannot be found)", None
    folder = Path(spec.origin).resolve().parent
    if folder.is_relative_to(workspace_root()):
        return YOURS, folder
    if folder.is_relative_to(project.folder.resolve() / "starter"):
        return STARTER, folder
    if folder.is_relative_to(project.folder.resolve() / "src"):
        return REFERENCE, folder
    return "an installed copy", folder


class CoursePlugin:
    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.projects = self._projects_in_args(config)
        self.milestones: dict[str, int | None] = {}
        self.outcomes: dict[str, str] = {}
        self.stubs_seen: set[tuple[Path, int]] = set()
        self.unfinished: dict[str, set[str]] = defaultdict(set)  # project id -> earlier ids to finish
        self.ours_dropped: set[str] = (
            set()
        )  # node ids this plugin deselected (beyond --milestone, oracle-only)
        self.partial: set[tuple[Path, int]] = set()  # (tests folder, milestone) that -k or -m thinned
        self._codes: dict[str, list[friendly.Code]] = {}
        self._check_milestone(config.getoption("--milestone"))

    @staticmethod
    def _projects_in_args(config: pytest.Config) -> list[Project]:
        found: dict[str, Project] = {}
        for arg in config.args:
            path = Path(str(arg).split("::")[0])
            project = project_of(path if path.is_dir() else path.parent / "_")
            if project is not None:
                found[project.id] = project
        return list(found.values())

    def _check_milestone(self, limit: int | None) -> None:
        for project in self.projects if limit is not None else ():
            numbers = [m.number for m in project.milestones]
            if limit not in range(1, max(numbers) + 1):
                raise pytest.UsageError(
                    f"{project.id} has milestones {min(numbers)} to {max(numbers)}; "
                    f"--milestone {limit} is not one of them"
                )

    def codes(self, project: Project) -> list[friendly.Code]:
        """Where this run imports the project and each earlier one from, and whose copy it is."""
        if project.id not in self._codes:
            earlier = dependencies(project, discover(project.folder.parent))
            found = []
            for other in (*earlier, project):
                label, folder = code_under_test(other)
                if folder is not None:
                    found.append(friendly.Code(other, folder, yours=label in (YOURS, STARTER)))
            self._codes[project.id] = found
        return self._codes[project.id]

    def pytest_report_header(self) -> list[str]:
        lines = []
        for project in self.projects:
            label, folder = code_under_test(project)
            where = f" in {folder}" if folder else ""
            lines.append(f"Testing {project.name} ({project.package}): {label}{where}")
            lines.extend(self._blocks_used(project))
            lines.extend(oracles.describe(project.oracles, project.folder.parent))
        try:
            from hypothesis import settings
        except ImportError:
            return lines
        current = settings()  # the loaded profile
        mode = "derandomized" if current.derandomize else "random"
        lines.append(f"hypothesis: {mode}, {current.max_examples} examples per property")
        return lines

    @staticmethod
    def _blocks_used(project: Project) -> list[str]:
        """For later projects: which earlier building blocks are the learner's and which the reference's."""
        earlier = dependencies(project, discover(project.folder.parent))
        rows = []
        for other in earlier:
            label, folder = code_under_test(other)
            if folder is not None:
                rows.append(f"  built on {other.package} ({other.id}): {label}")
        return rows

    def pytest_collection_modifyitems(self, config: pytest.Config, items: list[pytest.Item]) -> None:
        limit = config.getoption("--milestone")
        judged = {p.id for p in self.projects if code_under_test(p)[0] != REFERENCE}
        kept: list[pytest.Item] = []
        dropped: list[pytest.Item] = []
        for item in items:
            number = milestone_of(item.path)
            self.milestones[item.nodeid] = number
            beyond = limit is not None and (number is None or number > limit)
            (dropped if beyond or self._oracle_only(item, judged) else kept).append(item)
        if dropped:
            self.ours_dropped.update(item.nodeid for item in dropped)
            config.hook.pytest_deselected(items=dropped)
        # Milestone order within each project, not file-name order: test_m10_ runs after test_m2_.
        order = {folder: index for index, folder in enumerate(dict.fromkeys(i.path.parent for i in kept))}
        items[:] = sorted(kept, key=lambda i: (order[i.path.parent], self.milestones[i.nodeid] or 0))

    def pytest_deselected(self, items: list[pytest.Item]) -> None:
        """Note the milestones that `-k` or `-m` left only partly run: passing a few of a
        milestone's tests must not read as passing the milestone."""
        for item in items:
            number = milestone_of(item.path)
            if number is not None and item.nodeid not in self.ours_dropped:
                self.partial.add((item.path.parent.resolve(), number))

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
        codes = self.codes(project)
        found = friendly.culprit(call.excinfo.value, frames, codes, project)
        if found is not None and found.code.project != project:
            self.unfinished[project.id].add(found.code.project.id)
        if found is not None and found.stub:
            key = (found.frame[0], found.frame[1])
            if key in self.stubs_seen:  # one unwritten stub, many failing tests
                report.longrepr = f"{found.where}: `{found.frame[2]}` not written yet (as above)"
                return
            self.stubs_seen.add(key)
            # The way to the stub, without the event loop's frames an async test passes through.
            report.longrepr = call.excinfo.getrepr(style="short", tbfilter=_from_test_without_loop(item.path))
        doc = getattr(getattr(item, "function", None), "__doc__", None)
        text = friendly.explain(call.excinfo.value, frames, project, milestone, doc, codes)
        report.sections.append(("What to do", text))

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.failed:
            self.outcomes[report.nodeid] = "failed"
        elif report.skipped:
            self.outcomes.setdefault(report.nodeid, "skipped")
        elif report.when == "call" and report.passed:
            self.outcomes.setdefault(report.nodeid, "passed")

    def pytest_terminal_summary(self, terminalreporter: pytest.TerminalReporter) -> None:
        for project in self.projects:
            counts = self._counts(project)
            if not counts:
                continue
            tests = (project.folder / "tests").resolve()
            # A milestone -k left out entirely is "not run"; one it thinned is partial.
            partial = {number for folder, number in self.partial if folder == tests and number in counts}
            self._print_summary(terminalreporter, project, counts, partial)
            self._record(project, {n: c for n, c in counts.items() if n not in partial})
        self._print_total(terminalreporter)

    def _counts(self, project: Project) -> dict[int, progress.Counts]:
        tally: dict[int, list[int]] = defaultdict(lambda: [0, 0])
        for nodeid, number in self.milestones.items():
            outcome = self.outcomes.get(nodeid)
            if number is None or outcome not in ("passed", "failed") or not self._belongs(nodeid, project):
                continue
            tally[number][0 if outcome == "passed" else 1] += 1
        return {n: progress.Counts(passed=p, failed=f) for n, (p, f) in sorted(tally.items())}

    def _belongs(self, nodeid: str, project: Project) -> bool:
        path = (Path(self.config.rootpath) / nodeid.split("::")[0]).resolve()
        return path.is_relative_to(project.folder.resolve())

    def _print_summary(
        self,
        reporter: pytest.TerminalReporter,
        project: Project,
        counts: dict[int, progress.Counts],
        partial: set[int],
    ) -> None:
        label, _ = code_under_test(project)
        reporter.write_sep("=", f"{project.id} milestones ({label})")
        for milestone in project.milestones:
            count = counts.get(milestone.number)
            if count is None:
                reporter.write_line(f"  ·  {milestone.number} {milestone.title}: not run")
                continue
            total = count.passed + count.failed
            symbol = progress.SYMBOL[count.status]
            selected = ""
            if milestone.number in partial:
                symbol = symbol if count.failed else "·"
                selected = " of the selected tests (not all of its tests ran)"
            reporter.write_line(
                f"  {symbol}  {milestone.number} {milestone.title}: {count.passed}/{total} passed{selected}"
            )
        reporter.write_line(self._next_step(project, counts, partial))

    def _next_step(self, project: Project, counts: dict[int, progress.Counts], partial: set[int]) -> str:
        earlier = sorted(self.unfinished.get(project.id, ()))
        if earlier:
            them = " and ".join(f"your {e}" for e in earlier)
            verb = "is" if len(earlier) == 1 else "are"
            return (
                f"Next: {them} {verb} unfinished, and {project.id}'s tests stop there. Finish "
                f"{earlier[0]} (nox -s {earlier[0]}), or go on with the reference underneath: "
                f"nox -s {project.id} -- --reference-deps"
            )
        failing = [n for n, c in counts.items() if c.failed]
        if failing:
            return f"Next: make milestone {failing[0]} pass. Hints: nox -s hint -- {project.id} {failing[0]}"
        if partial:
            first = min(partial)
            return f"Next: run all of milestone {first}'s tests: nox -s {project.id} -- --milestone {first}"
        last = project.milestones[-1].number
        if max(counts) < last:
            return f"Next: milestone {max(counts) + 1}: nox -s {project.id} -- --milestone {max(counts) + 1}"
        return f"All of {project.id} passes."

    def _print_total(self, reporter: pytest.TerminalReporter) -> None:
        """One line for a run over several projects (the whole suite): the course's total."""
        totals = Counter(self.outcomes.values())
        per = Counter(
            next((p.id for p in self.projects if self._belongs(nodeid, p)), "kit") for nodeid in self.outcomes
        )
        if len(per) < 2:
            return  # one project's run ends with its milestone summary instead
        spread = ", ".join(f"{name} {count}" for name, count in sorted(per.items()))
        reporter.write_sep("=", "whole course")
        reporter.write_line(
            f"{totals['passed']} passed, {totals['failed']} failed, {totals['skipped']} skipped ({spread})"
        )

    def _record(self, project: Project, counts: dict[int, progress.Counts]) -> None:
        override = progress.results_override()
        if override is not None:
            progress.record(override, project, counts)
            return
        label, _ = code_under_test(project)
        if label == YOURS:
            progress.record(workspace.results_file(project), project, counts)


_EVENT_LOOP = ("asyncio", "anyio", "concurrent", "sniffio")


def _from_test_without_loop(test_file: Path) -> Callable[[pytest.ExceptionInfo[BaseException]], Traceback]:
    """A traceback filter: from the test's own frame on (not pytest's and pluggy's), with
    pytest's hidden frames and every frame of asyncio, anyio and their kin left out. Between a
    test's `anyio.run(main)` and a stub those are twenty lines a learner can do nothing about."""

    def keep(excinfo: pytest.ExceptionInfo[BaseException]) -> Traceback:
        return (
            excinfo.traceback.cut(path=test_file)
            .filter(excinfo)
            .filter(lambda entry: not any(part in _EVENT_LOOP for part in Path(str(entry.path)).parts))
        )

    return keep
