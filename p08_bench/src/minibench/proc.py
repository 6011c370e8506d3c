"""Process trees and the CPU time they spent, read from /proc; which CPUs each side runs on.

A server is a tree of processes, not one: gunicorn's master forks its workers, uvicorn
`--workers` spawns its own, locust `--processes` forks workers of its own. The work happens in
the children, so the CPU a server spent is the sum over its whole tree, taken while it runs
(the kernel adds a child's time to its parent's `cutime` only once the child has exited and
been reaped, which for a server under load is never).

CPU time here is user + sys: the Python code running, and the kernel working for it (the
socket reads and writes, accept, epoll). Both are the price of a request; leaving sys out
would flatter the servers that make the most system calls.

The kernel counts CPU time in clock ticks, `SC_CLK_TCK` per second (100 on Linux: 10 ms
steps), and rounds it at every read. A measured window must hold a lot of CPU time for that
to vanish: at 1 s of busy CPU the error is about 1 %, at 50 ms it is 20 %.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

PROC = Path("/proc")
TICKS_PER_SECOND = os.sysconf("SC_CLK_TCK")


def _stat_fields(pid: int) -> list[str] | None:
    """The fields of /proc/<pid>/stat after the command name, or None if the process is gone.

    The name sits in parentheses and may itself hold spaces or ')' (a thread can name itself
    anything), so the fields start after the *last* ')': field 3 (state) is the first of them.
    """
    try:
        text = (PROC / str(pid) / "stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    return text[text.rindex(")") + 2 :].split()


def _parents() -> dict[int, int]:
    """Every live process's parent, from one pass over /proc.

    Kernels built with CONFIG_PROC_CHILDREN list a thread's children in
    /proc/<pid>/task/<tid>/children, but many (this course's CI among them) are not, while the
    parent id (field 4) is always in /proc/<pid>/stat.
    """
    parents = {}
    for entry in PROC.iterdir():
        if entry.name.isdigit():
            fields = _stat_fields(int(entry.name))
            if fields is not None:
                parents[int(entry.name)] = int(fields[1])
    return parents


def tree(pid: int) -> list[int]:
    """`pid` and all its descendants, parents before children; [] if `pid` is gone."""
    parents = _parents()
    if pid not in parents:
        return []
    children: dict[int, list[int]] = {}
    for child, parent in sorted(parents.items()):
        children.setdefault(parent, []).append(child)
    found = [pid]
    for parent in found:  # grows as we go: a breadth-first walk
        found.extend(children.get(parent, []))
    return found


def cpu_seconds(pids: Iterable[int]) -> float:
    """User + system CPU time these processes have spent so far (all their threads), in seconds.

    A process that has exited counts 0: its time is lost, which is why a measurement reads
    the tree of a server that keeps running, before and after the window.
    """
    ticks = 0
    for pid in pids:
        fields = _stat_fields(pid)
        if fields is not None:
            ticks += int(fields[11]) + int(fields[12])  # utime and stime: fields 14 and 15 of stat
    return ticks / TICKS_PER_SECOND


def running(pid: int) -> bool:
    """Whether the process exists and has not exited (a zombie, exited but not yet reaped by its
    parent, holds no CPU, memory or socket any more)."""
    fields = _stat_fields(pid)
    return fields is not None and fields[0] != "Z"


def cmdline(pid: int) -> list[str]:
    """The process's command line, [] if it is gone."""
    try:
        raw = (PROC / str(pid) / "cmdline").read_bytes()
    except (FileNotFoundError, ProcessLookupError):
        return []
    return raw.decode(errors="replace").split("\0")[:-1]


def tree_cpu_seconds(pid: int) -> float:
    """CPU time of `pid` and all its descendants alive right now."""
    return cpu_seconds(tree(pid))


@dataclass(frozen=True)
class Pinning:
    """Which CPUs the server and the load generator may run on: never the same ones."""

    server: frozenset[int]
    client: frozenset[int]


def plan_pinning(server_workers: int, client_processes: int) -> Pinning | None:
    """One CPU per server worker, the remaining CPUs for locust; None if they do not both fit.

    When server and load generator share CPUs, each one's number depends on the other: the
    scheduler gives the server whatever locust leaves, so a framework that costs more CPU
    per request also slows the client measuring it, and a busy client makes every server
    look slower. Apart, the server's CPUs are all its own, and a saturated client shows up
    as a saturated client (see `load.CLIENT_BOUND`) instead of as a slow server. When they
    cannot be apart, nothing is pinned and the run says so in its metadata.
    """
    available = sorted(os.sched_getaffinity(0))
    if server_workers + client_processes > len(available):
        return None
    return Pinning(server=frozenset(available[:server_workers]), client=frozenset(available[server_workers:]))
