"""`nox -s watch`: the watcher driven as a learner meets it, on a fake course in a temporary folder.

Each test starts `python -m coursekit.watch` as a subprocess and reads its output line by line
until an expected line, within a deadline: no sleep is a synchronisation.
"""

from __future__ import annotations

import os
import pty
import queue
import select
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from coursekit import watch, workspace
from coursekit.projects import Project

from .fake_course import FakeCourse, build
from .layout import PROJECTS

FIXED = "def double(x):\n    return 2 * x\n"


class Output:
    """The watcher's output, one line at a time, read by a thread so every wait has a deadline."""

    def __init__(self, read: Callable[[], str]) -> None:
        self.lines: queue.SimpleQueue[str | None] = queue.SimpleQueue()
        self.seen: list[str] = []
        threading.Thread(target=self._pump, args=(read,), daemon=True).start()

    def _pump(self, read: Callable[[], str]) -> None:
        for line in iter(read, ""):
            self.lines.put(line.rstrip("\r\n"))
        self.lines.put(None)

    def until(self, text: str, seconds: float = 30.0) -> str:
        """Read up to the first line containing `text`; fail with everything seen if it never comes."""
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = self.lines.get(timeout=left)
            except queue.Empty:
                break
            if line is None:
                pytest.fail(f"the watcher ended before {text!r}:\n" + "\n".join(self.seen))
            self.seen.append(line)
            if text in line:
                return line
        pytest.fail(f"no {text!r} within {seconds} s:\n" + "\n".join(self.seen))

    def rest(self, seconds: float = 10.0) -> str:
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            line = self.lines.get(timeout=left)
            if line is None:
                break
            self.seen.append(line)
        return "\n".join(self.seen)


def environment(course: FakeCourse) -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": course.learner("p41_base"),
        "COURSE_ROOT": str(course.root),
        "COURSE_WORKSPACE": str(course.workspace),
    }


def start_watcher(course: FakeCourse, *args: str) -> tuple[subprocess.Popen[str], Output]:
    process = subprocess.Popen(
        [sys.executable, "-m", "coursekit.watch", "p41", *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=environment(course),
        cwd=course.root,
    )
    assert process.stdout is not None
    return process, Output(process.stdout.readline)


@pytest.fixture
def course(tmp_path: Path) -> FakeCourse:
    return build(tmp_path / "course")


@pytest.mark.timeout(90)
def test_a_save_reruns_the_milestone_and_a_pass_shows_the_next_one(course: FakeCourse) -> None:
    """The learner's loop: see the failure, fix the file, see the rerun pass and the next step."""
    process, out = start_watcher(course, "--milestone", "1")
    try:
        out.until("✘ p41 milestone 1 (Double it): not passing yet")
        out.until("What to do")
        out.until("Not written yet: `double` in workspace/p41_base/basepkg/__init__.py:2")
        out.until("Watching ")  # the end of the first run's output: watching from here on
        (course.workspace / "p41_base" / "basepkg" / "__init__.py").write_text(FIXED)
        out.until("Changed: basepkg/__init__.py: rerunning p41 milestone 1 (Double it)")
        out.until("✔ p41 milestone 1 (Double it) passes!")
        out.until("Next: milestone 2, Add numbers.")
        out.until("1. Use +.")  # its first hint
        out.until("Watching ")
    finally:
        process.terminate()
    assert process.wait(timeout=10) == 0
    rest = out.rest()
    assert "Stopped watching p41." in rest
    assert "Traceback" not in rest
    assert "p41 milestones" not in rest  # only the first failure, not pytest's whole report


@pytest.mark.timeout(60)
def test_ctrl_c_during_a_run_stops_the_watcher_cleanly(course: FakeCourse) -> None:
    process, out = start_watcher(course)  # the milestone the learner is on: 1, nothing passed yet
    try:
        out.until("Watching ")
        (course.workspace / "p41_base" / "basepkg" / "__init__.py").write_text(FIXED)
        out.until("Changed: basepkg/__init__.py")
    finally:
        process.send_signal(signal.SIGINT)  # most likely while that rerun is under way
    assert process.wait(timeout=10) == 0
    rest = out.rest()
    assert "Stopped watching p41." in rest
    assert "Traceback" not in rest


@pytest.mark.timeout(60)
def test_in_a_terminal_h_shows_a_hint_and_q_quits(course: FakeCourse) -> None:
    main, secondary = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "coursekit.watch", "p41"],
        stdin=secondary,
        stdout=secondary,
        stderr=secondary,
        env={**environment(course), "COLUMNS": "100"},
        cwd=course.root,
    )
    os.close(secondary)
    out = Output(_pty_reader(main))
    try:
        out.until("h next hint · a all tests · n next milestone · q quit")
        os.write(main, b"h")
        out.until("1. First, the gentlest hint.")
        os.write(main, b"q")
        assert process.wait(timeout=10) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)
    assert "Stopped watching p41." in out.rest()


def _pty_reader(fd: int) -> Callable[[], str]:
    """readline() for a pty's main end: "" once the other end is closed."""
    buffer = b""

    def readline() -> str:
        nonlocal buffer
        while b"\n" not in buffer:
            ready, _, _ = select.select([fd], [], [], 30)
            try:
                chunk = os.read(fd, 4096) if ready else b""
            except OSError:  # EIO: every process holding the terminal has exited
                chunk = b""
            if not chunk:
                line, buffer = buffer, b""
                return line.decode(errors="replace")
            buffer += chunk
        line, _, buffer = buffer.partition(b"\n")
        return line.decode(errors="replace").replace(watch.CLEAR, "") + "\n"

    return readline


def test_the_default_project_is_the_latest_one_started(learner_workspace: Path) -> None:
    assert watch.default_project(PROJECTS) is None
    for project in PROJECTS[:2]:
        workspace.start(project)
    assert watch.default_project(PROJECTS) == PROJECTS[1]


def test_watching_a_project_not_started_says_how_to_start_it(
    learner_workspace: Path, first_project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    assert watch.main([first_project.id]) == 2
    assert f"nox -s start -- {first_project.id}" in capsys.readouterr().out
