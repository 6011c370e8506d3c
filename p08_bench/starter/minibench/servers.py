"""The servers each framework is run under, started as their users start them, for real.

A framework is never measured alone: its users run it under uvicorn (ASGI, with uvloop and
httptools), or under gunicorn (WSGI, with sync or threaded workers; or ASGI, gunicorn
managing uvicorn workers). The setup is part of every number, so every result names it.

`serve` starts one on a free loopback port and gives back what a measurement needs beyond
its URL: its pid, and so the CPU time of its whole process tree (`minibench.proc`).
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Literal

import httpx

from minibench import proc
from minibench.frameworks import Framework

HOST = "127.0.0.1"


@dataclass(frozen=True)
class Setup:
    """One way to serve an app: a server, its worker kind, and the interface it speaks."""

    name: str  # used on the command line and in results, e.g. "gunicorn-sync"
    label: str  # what tables print
    interface: Literal["asgi", "wsgi"]

    def command(self, app: str, *, port: int, workers: int, threads: int) -> list[str]:
        """The command line serving `app` ("module:attribute") on HOST:`port`, logs quiet.

        The server runs from this interpreter (`python -m`), so it comes from the same
        environment as the frameworks under test.
        """
        raise NotImplementedError(
            "Return `sys.executable -m uvicorn|gunicorn app ...` for this setup: uvicorn with "
            "uvloop, httptools, no access log and --workers when more than one; gunicorn with -w, "
            "-b HOST:port and the worker class (uvicorn_worker.UvicornWorker, sync, or gthread "
            "with --threads); logs at warning level."
        )

    def worker_processes(self, workers: int) -> int:
        """How many processes the server forks to answer requests (0: it answers itself).

        gunicorn's master never answers: even `-w 1` forks one worker. uvicorn serves from
        its own process unless given more than one worker.
        """
        if self.name == "uvicorn" and workers == 1:
            return 0
        return workers


SETUPS: dict[str, Setup] = {
    setup.name: setup
    for setup in (
        Setup("uvicorn", "uvicorn (uvloop, httptools)", "asgi"),
        Setup("gunicorn-uvicorn", "gunicorn + uvicorn workers", "asgi"),
        Setup("gunicorn-sync", "gunicorn sync", "wsgi"),
        Setup("gunicorn-gthread", "gunicorn gthread", "wsgi"),
    )
}


def default_setup(framework: Framework) -> Setup:
    """How the framework's users most often run it: uvicorn for ASGI, gunicorn sync for WSGI."""
    raise NotImplementedError("Return the uvicorn setup for an ASGI framework, gunicorn-sync for a WSGI one.")


def setups_for(framework: Framework) -> list[Setup]:
    """Every setup that speaks the framework's interface."""
    raise NotImplementedError("Return the SETUPS whose interface is the framework's, in their order.")


@dataclass(frozen=True)
class Server:
    """A running server: where it answers and which process tree is its."""

    url: str
    pid: int
    setup: Setup
    workers: int

    def cpu_seconds(self) -> float:
        """CPU time (user + sys) its whole process tree has spent so far."""
        raise NotImplementedError(
            "Return the CPU seconds of the server's whole process tree (minibench.proc)."
        )


class ServerDidNotStart(RuntimeError):
    """The server exited or never answered; the message carries what it printed."""


def free_port() -> int:
    """A port nobody listens on right now: the kernel picks it when we bind port 0."""
    raise NotImplementedError("Bind a socket to (HOST, 0) and return the port the kernel gave it.")


@contextlib.contextmanager
def serve(
    framework_app: str,
    setup: Setup,
    *,
    workers: int = 1,
    threads: int = 8,
    cpus: frozenset[int] | None = None,
    ready_path: str = "/plaintext",
    timeout: float = 30,
) -> Iterator[Server]:
    """Run `framework_app` under `setup` until the block ends; yield it once it answers.

    Ready means answering HTTP (any status) with all its workers forked: otherwise the
    first seconds of load would be spent starting processes. The server runs in its own
    process group, so stopping it stops its workers too; `cpus` pins it (and so every process
    it forks) before it starts.
    """
    raise NotImplementedError(
        "Start the setup's command on a free port in a new session (pinned to `cpus` before it "
        "execs), its output kept in a temporary file; poll until it answers `ready_path` and has "
        "`setup.worker_processes(workers)` workers, raising ServerDidNotStart with its output if "
        "it exits or the timeout passes; yield the Server; on the way out SIGTERM the process "
        "group (SIGKILL after a grace period) and wait until no process of its tree runs."
    )
