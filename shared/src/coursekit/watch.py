"""`nox -s watch -- pNN`: the learner's loop, rerun on every save.

Like rustlings' `watch`: the learner keeps one terminal open, edits their copy of a project,
and each save reruns the milestone they are on, showing only the first failure with the
plugin's "What to do" advice, or, once it passes, a short celebration, the next milestone
and its first hint. The environment is built once by nox; each rerun is a fresh
`python -m pytest` in it (no nox start-up, no resolution, no install), so a first milestone
takes well under two seconds.

    python -m coursekit.watch pNN [--milestone N] [pytest options]

Keys, when stdin and stdout are a terminal: h the next hint, a every test of the project,
n the next milestone, q quit. When stdout is not a terminal (CI, a test driving it) the
screen is never cleared and no key is read: each run appends plain lines. SIGINT and SIGTERM
stop it cleanly, a run in progress included.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

from coursekit import hints, progress, workspace
from coursekit.projects import Project, dependencies, discover, find

CLEAR = "\x1b[2J\x1b[H"
KEYS = "save a file to rerun · h next hint · a all tests · n next milestone · q quit"
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_SECTION = re.compile(r"^=+ (?P<name>.+?) =+$")  # pytest's top-level separators
_TEST = re.compile(r"^_+ (?P<name>.+?) _+$")  # one failing test inside FAILURES / ERRORS

Event = tuple[str, str]  # ("change", paths) | ("key", key) | ("quit", why)


def default_project(projects: list[Project]) -> Project | None:
    """The project the learner is on: the latest one they have a copy of (None before any)."""
    started = [p for p in projects if workspace.has_learner_copy(p)]
    return started[-1] if started else None


def watched_folders(project: Project, projects: list[Project]) -> list[Path]:
    """The learner's copies a run of `project` imports: its own and those of the projects it uses."""
    return [
        workspace.learner_folder(p)
        for p in (*dependencies(project, projects), project)
        if workspace.has_learner_copy(p)
    ]


@dataclass(frozen=True)
class Run:
    returncode: int
    output: str
    seconds: float

    @property
    def passed(self) -> bool:
        return self.returncode == 0


def pytest_command(project: Project, milestone: int | None, extra: list[str]) -> list[str]:
    """One milestone stops at its first failure; the whole project (`milestone=None`) runs through."""
    command = [sys.executable, "-m", "pytest", str(project.folder / "tests"), "-p", "no:cacheprovider"]
    command += ["-q", "--tb=short", "-rN"]
    if milestone is not None:
        command += ["--milestone", str(milestone), "-x"]
    if importlib.util.find_spec("hypothesis") is not None:
        command.append("--hypothesis-profile=learner")  # even with CI=true: this is the learner's loop
    return command + extra


def sections(output: str) -> dict[str, list[str]]:
    """pytest's output cut at its `=== NAME ===` separators (matched without colours)."""
    found: dict[str, list[str]] = {"": []}
    current = ""
    for line in output.splitlines():
        match = _SECTION.match(_ANSI.sub("", line))
        if match:
            current = match.group("name")
            found.setdefault(current, [])
        found[current].append(line)
    return found


def first_failure(output: str) -> list[str]:
    """The first failing test (or collection error) with its traceback and "What to do" section."""
    parts = sections(output)
    block = parts.get("FAILURES") or parts.get("ERRORS") or []
    tests: list[list[str]] = []
    for line in block[1:]:
        if _TEST.match(_ANSI.sub("", line)):
            tests.append([])
        if tests:
            tests[-1].append(line)
    return tests[0] if tests else []


def milestone_summary(output: str, project: Project) -> list[str]:
    for name, lines in sections(output).items():
        if name.startswith(f"{project.id} milestones"):
            return lines
    return []


class Screen:
    """Where the watcher writes: a terminal it clears before each run, or plain lines."""

    def __init__(self, interactive: bool) -> None:
        self.interactive = interactive

    def show(self, lines: list[str], clear: bool = True) -> None:
        text = "\n".join(lines)
        if self.interactive and clear:
            text = CLEAR + text
        print(text, flush=True)


class Watcher:
    def __init__(self, project: Project, milestone: int, extra: list[str], interactive: bool) -> None:
        self.project = project
        self.milestone = milestone
        self.extra = extra
        self.screen = Screen(interactive)
        self.interactive = interactive
        self.events: queue.SimpleQueue[Event] = queue.SimpleQueue()  # put() is safe in a signal handler
        self.stop = threading.Event()
        self.ready = threading.Event()
        self.child: subprocess.Popen[str] | None = None
        self.folders = watched_folders(project, discover(project.folder.parent))

    # --- the loop ---------------------------------------------------------------------------

    def loop(self) -> int:
        with self._signals(), self._keys():
            threading.Thread(target=self._watch_files, name="watchfiles", daemon=True).start()
            self.check(reason="")
            while not self.stop.is_set():
                kind, value = self.events.get()
                pending = [(kind, value), *self._drain()]
                if any(k == "quit" for k, _ in pending):
                    break
                for key in (v for k, v in pending if k == "key"):
                    self.on_key(key)
                changed = [v for k, v in pending if k == "change"]
                if changed and not self.stop.is_set():
                    self.check(reason=", ".join(dict.fromkeys(changed)))
        self.stop.set()
        self.screen.show([f"Stopped watching {self.project.id}."], clear=False)
        return 0

    def _drain(self) -> Iterator[Event]:
        while True:
            try:
                yield self.events.get_nowait()
            except queue.Empty:
                return

    def on_key(self, key: str) -> None:
        if key == "q":
            self.events.put(("quit", "q"))
        elif key == "h":
            self.screen.show(["", self._hint(self.milestone)], clear=False)
        elif key == "a":
            self.check_all()
        elif key == "n":
            last = self.project.milestones[-1].number
            self.milestone = min(self.milestone + 1, last)
            self.check(reason="next milestone")

    # --- runs ---------------------------------------------------------------------------------

    def run(self, milestone: int | None) -> Run | None:
        """A fresh pytest in this environment; None when the watcher was stopped meanwhile."""
        env = dict(os.environ)
        if self.interactive:
            env["COLUMNS"] = str(shutil.get_terminal_size().columns)
        started = time.perf_counter()
        self.child = subprocess.Popen(
            pytest_command(self.project, milestone, self.extra),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=env,
        )
        output, _ = self.child.communicate()
        returncode, self.child = self.child.returncode, None
        if self.stop.is_set():
            return None
        return Run(returncode, output, time.perf_counter() - started)

    def check(self, reason: str) -> None:
        """Run the current milestone and show its first failure, or celebrate."""
        milestone = self.project.milestone(self.milestone)
        name = f"{self.project.id} milestone {milestone.number} ({milestone.title})"
        if reason and not self.screen.interactive:
            self.screen.show([f"Changed: {reason}: rerunning {name}"], clear=False)
        result = self.run(milestone.number)
        self._wait_until_watching()
        if result is None:
            return
        took = f"[{result.seconds:.1f} s]"
        if result.passed:
            lines = [f"✔ {name} passes! {took}", *self._after_pass()]
        else:
            failure = first_failure(result.output) or result.output.splitlines()[-20:]
            lines = [f"✘ {name}: not passing yet {took}", "", *failure]
        self.screen.show([*lines, "", self._footer()])

    def _wait_until_watching(self, limit: float = 10.0) -> None:
        """Before the first result shows: a save made after it is seen can never be missed."""
        deadline = time.monotonic() + limit
        while not self.ready.wait(0.05) and not self.stop.is_set() and time.monotonic() < deadline:
            pass

    def _after_pass(self) -> list[str]:
        numbers = [m.number for m in self.project.milestones]
        later = [n for n in numbers if n > self.milestone]
        if not later:
            return [f"Every milestone of {self.project.id} passes. Well done!", *self._next_project()]
        self.milestone = later[0]
        upcoming = self.project.milestone(self.milestone)
        return [
            f"Next: milestone {upcoming.number}, {upcoming.title}. Saving now tests it.",
            "",
            self._hint(upcoming.number),
        ]

    def _next_project(self) -> list[str]:
        projects = discover(self.project.folder.parent)
        after = [p for p in projects if p.number > self.project.number]
        if not after:
            return ["That was the last project of the course."]
        nxt = after[0]
        return [f"Next project: nox -s start -- {nxt.id}, then nox -s watch -- {nxt.id}"]

    def check_all(self) -> None:
        """Every test of the project: the milestone table, and the first failure if any."""
        self.screen.show([f"Running every test of {self.project.id}..."])
        result = self.run(None)
        if result is None:
            return
        verdict = "all pass" if result.passed else "not all passing yet"
        failure = [] if result.passed else ["", *first_failure(result.output)]
        lines = [f"{self.project.id}, every test: {verdict} [{result.seconds:.1f} s]", *failure]
        self.screen.show([*lines, "", *milestone_summary(result.output, self.project), "", self._footer()])

    def _hint(self, number: int) -> str:
        text = hints.render(self.project, number, watching=True)  # one more hint, as `nox -s hint` does
        return "\n".join(line for line in text.splitlines() if not line.startswith("Check it:"))

    def _footer(self) -> str:
        where = ", ".join(str(f) for f in self.folders)
        if self.screen.interactive:
            return f"Watching {where}\n{KEYS}"
        return f"Watching {where} (Ctrl+C stops)"

    # --- the threads and signals around the loop ----------------------------------------------

    def _watch_files(self) -> None:
        from watchfiles import DefaultFilter, watch

        # A timeout yields an empty set: the first one says the watcher is in place.
        for changes in watch(
            *self.folders,
            watch_filter=DefaultFilter(),
            stop_event=self.stop,
            rust_timeout=200,
            yield_on_timeout=True,
            raise_interrupt=False,
        ):
            self.ready.set()
            if changes:
                names = sorted({self._short(Path(path)) for _, path in changes})
                self.events.put(("change", ", ".join(names)))

    def _short(self, path: Path) -> str:
        for folder in self.folders:
            if path.is_relative_to(folder):
                return str(path.relative_to(folder))
        return str(path)

    def _stop(self, signum: int, frame: FrameType | None) -> None:
        self.stop.set()
        self.events.put(("quit", signal.Signals(signum).name))
        child = self.child
        if child is not None and child.poll() is None:
            child.terminate()

    @contextlib.contextmanager
    def _signals(self) -> Iterator[None]:
        previous = {s: signal.signal(s, self._stop) for s in (signal.SIGINT, signal.SIGTERM)}
        try:
            yield
        finally:
            for number, handler in previous.items():
                signal.signal(number, handler)

    @contextlib.contextmanager
    def _keys(self) -> Iterator[None]:
        """Single key presses, without Enter, when both ends are a terminal (POSIX only)."""
        if not (self.interactive and sys.stdin.isatty()):
            yield
            return
        try:
            import termios
            import tty
        except ImportError:  # Windows: saving still reruns; keys need Enter-free input
            yield
            return
        fd = sys.stdin.fileno()
        saved = termios.tcgetattr(fd)
        tty.setcbreak(fd)
        threading.Thread(target=self._read_keys, args=(fd,), name="keys", daemon=True).start()
        try:
            yield
        finally:
            termios.tcsetattr(fd, termios.TCSADRAIN, saved)

    def _read_keys(self, fd: int) -> None:
        while not self.stop.is_set():
            data = os.read(fd, 1)
            if not data:
                return
            key = data.decode(errors="replace").lower()
            if key in "hanq":
                self.events.put(("key", key))


def main(argv: list[str]) -> int:
    args = list(argv)
    if not args or args[0].startswith("-"):
        print("usage: python -m coursekit.watch pNN [--milestone N] [pytest options]")
        return 2
    try:
        project = find(args.pop(0))
        milestone = _pop_milestone(args)
        number = milestone if milestone is not None else progress.current_milestone(project)
        project.milestone(number)
    except (LookupError, ValueError) as exc:
        print(exc)
        return 2
    if not workspace.has_learner_copy(project):
        print(f"You have no copy of {project.id} to watch yet: nox -s start -- {project.id}")
        return 2
    try:
        return Watcher(project, number, args, interactive=sys.stdout.isatty()).loop()
    except BrokenPipeError:  # whoever read the output went away (`| head`): nothing left to show
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _pop_milestone(args: list[str]) -> int | None:
    for index, arg in enumerate(args):
        value = None
        if arg == "--milestone" and index + 1 < len(args):
            value = args[index + 1]
            del args[index : index + 2]
        elif arg.startswith("--milestone="):
            value = arg.partition("=")[2]
            del args[index]
        if value is not None:
            if not value.isdigit():
                raise ValueError(f"a milestone is a number, e.g. --milestone 2; got {value!r}")
            return int(value)
    return None


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
