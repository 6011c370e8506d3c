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

All of it is milestone 2: `servers.serve` waits for a server's workers and stops its whole
tree, and `load.run_load` reads the CPU both sides spend.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

PROC = Path("/proc")
TICKS_PER_SECOND = os.sysconf("SC_CLK_TCK")


def tree(pid: int) -> list[int]:
    """`pid` and all its descendants, parents before children; [] if `pid` is gone."""
    raise NotImplementedError(
        "Read every process's parent id from /proc/<pid>/stat (field 4 of the line: after the "
        "last ')', the state is the first word and the parent id the second) and return `pid` "
        "followed by its descendants, breadth first; [] if `pid` is not running."
    )


def cpu_seconds(pids: Iterable[int]) -> float:
    """User + system CPU time these processes have spent so far (all their threads), in seconds.

    A process that has exited counts 0: its time is lost, which is why a measurement reads
    the tree of a server that keeps running, before and after the window.
    """
    raise NotImplementedError(
        "Sum utime and stime (fields 14 and 15 of /proc/<pid>/stat) over the processes that still "
        "exist, and divide the ticks by TICKS_PER_SECOND."
    )


def running(pid: int) -> bool:
    """Whether the process exists and has not exited (a zombie, exited but not yet reaped by its
    parent, holds no CPU, memory or socket any more)."""
    raise NotImplementedError("Return whether /proc/<pid>/stat exists and its state (field 3) is not 'Z'.")


def cmdline(pid: int) -> list[str]:
    """The process's command line, [] if it is gone."""
    raise NotImplementedError("Return /proc/<pid>/cmdline split at its NUL bytes, [] if the process is gone.")


def tree_cpu_seconds(pid: int) -> float:
    """CPU time of `pid` and all its descendants alive right now."""
    raise NotImplementedError("Return the CPU seconds of the process and all its descendants.")


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
    raise NotImplementedError(
        "Of the CPUs this process may use (os.sched_getaffinity), give the first `server_workers` "
        "to the server and the rest to locust; None when there are fewer than both need."
    )
