"""Milestone 2, first: process trees and the CPU time they spend, read from /proc.

A server is a tree of processes (gunicorn's master and its workers), and so is locust with
`--processes`: `proc.tree` finds a process's descendants, `proc.cpu_seconds` adds up their
user + system time. The servers (to wait for their workers and stop them all) and the load
(to read both sides' CPU) stand on these, so they come first.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from minibench import proc

SPIN = "while True: pass"
# A parent that only waits, and its child that spins: the CPU is all in the child.
PARENT_OF_SPINNER = f"import subprocess, sys; subprocess.run([sys.executable, '-c', {SPIN!r}])"


@contextmanager
def running(code: str) -> Iterator[int]:
    """A Python process running `code`, killed afterwards (with its children); yields its pid."""
    process = subprocess.Popen([sys.executable, "-c", code], start_new_session=True)
    try:
        yield process.pid
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def wait_for(condition: str, check: Callable[[], bool], timeout: float = 20.0) -> None:
    """Poll `check()` until it is true; fail saying `condition` if it never becomes so."""
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, f"waited {timeout}s for: {condition}"
        time.sleep(0.02)


@pytest.mark.timeout(30)
def test_cpu_seconds_grow_while_a_process_computes() -> None:
    """A process spinning in a loop: its CPU time (user + sys, from /proc/<pid>/stat) reaches
    0.3 s. If it stays 0: read fields 14 and 15 counted after the last ')' of the stat line, and
    divide by SC_CLK_TCK. A process that is gone counts 0 instead of raising."""
    with running(SPIN) as pid:
        wait_for("the spinning process to reach 0.3 s of CPU", lambda: proc.cpu_seconds([pid]) >= 0.3)
        print(f"after polling: {proc.cpu_seconds([pid]):.2f} s of CPU")
    assert proc.cpu_seconds([pid]) == 0.0, "a process that exited counts 0"


@pytest.mark.timeout(30)
def test_a_tree_counts_the_cpu_of_its_children() -> None:
    """A parent that waits while its child spins (as a gunicorn master and its workers): the
    parent's own CPU stops growing once it has started its child, the tree's keeps growing.
    `tree(pid)` must find the child; if the tree's CPU never gets 0.3 s ahead of the parent's
    own, it misses the children (their parent id is field 4 of stat)."""
    with running(PARENT_OF_SPINNER) as parent:
        wait_for("the parent to start its child", lambda: len(proc.tree(parent)) == 2)

        def children_cpu() -> float:
            return proc.tree_cpu_seconds(parent) - proc.cpu_seconds([parent])

        wait_for("the tree's CPU to grow 0.3 s past the parent's own", lambda: children_cpu() >= 0.3)
        print(f"parent alone {proc.cpu_seconds([parent]):.2f} s, its child {children_cpu():.2f} s")
    assert proc.tree(parent) == [], "the tree of a process that is gone is empty"


# A child in this test's own session, which starts a grandchild: both wait to be killed.
SLEEPER = "import time; time.sleep(120)"
PARENT_OF_SLEEPER = f"import subprocess, sys; subprocess.run([sys.executable, '-c', {SLEEPER!r}])"


@pytest.mark.timeout(30)
def test_a_tree_is_a_process_and_its_descendants_found_by_parent_id() -> None:
    """`tree(child)` is the child and its grandchild, nothing else; `tree` of a pid that is
    gone is empty. These processes share this test's session, so reading the wrong field of
    /proc/<pid>/stat (the session id, or the process group, instead of the parent id: the
    second field after the last ')') finds the wrong processes here."""
    child = subprocess.Popen([sys.executable, "-c", PARENT_OF_SLEEPER])
    try:
        wait_for("the child to start its own child", lambda: len(proc.tree(child.pid)) == 2)
        (grandchild,) = [pid for pid in proc.tree(child.pid) if pid != child.pid]
        assert proc.tree(child.pid) == [child.pid, grandchild], proc.tree(child.pid)
        assert proc.tree(grandchild) == [grandchild], "a process without children is a tree of one"
    finally:
        for pid in proc.tree(child.pid)[::-1]:
            os.kill(pid, signal.SIGKILL)
        child.wait(timeout=10)
    assert proc.tree(child.pid) == [], "the tree of a process that is gone is empty"
