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
        if self.name == "uvicorn":
            flags = ["--host", HOST, "--port", str(port), "--loop", "uvloop", "--http", "httptools"]
            flags += ["--no-access-log", "--log-level", "warning"]
            if workers > 1:
                flags += ["--workers", str(workers)]
            return [sys.executable, "-m", "uvicorn", app, *flags]
        worker = {
            "gunicorn-uvicorn": ["-k", "uvicorn_worker.UvicornWorker"],
            "gunicorn-sync": ["-k", "sync"],
            "gunicorn-gthread": ["-k", "gthread", "--threads", str(threads)],
        }[self.name]
        flags = ["-w", str(workers), "-b", f"{HOST}:{port}", *worker, "--log-level", "warning"]
        return [sys.executable, "-m", "gunicorn", app, *flags]  # gunicorn writes no access log unless asked

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
    return SETUPS["uvicorn"] if framework.interface == "asgi" else SETUPS["gunicorn-sync"]


def setups_for(framework: Framework) -> list[Setup]:
    """Every setup that speaks the framework's interface."""
    return [setup for setup in SETUPS.values() if setup.interface == framework.interface]


@dataclass(frozen=True)
class Server:
    """A running server: where it answers and which process tree is its."""

    url: str
    pid: int
    setup: Setup
    workers: int

    def cpu_seconds(self) -> float:
        """CPU time (user + sys) its whole process tree has spent so far."""
        return proc.tree_cpu_seconds(self.pid)


class ServerDidNotStart(RuntimeError):
    """The server exited or never answered; the message carries what it printed."""


def free_port() -> int:
    """A port nobody listens on right now: the kernel picks it when we bind port 0."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


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
    port = free_port()
    command = setup.command(framework_app, port=port, workers=workers, threads=threads)

    def pin() -> None:  # runs in the child, between fork and exec
        if cpus is not None:
            os.sched_setaffinity(0, cpus)

    with tempfile.TemporaryFile() as output:
        process = subprocess.Popen(
            command, stdout=output, stderr=subprocess.STDOUT, start_new_session=True, preexec_fn=pin
        )
        try:
            server = Server(f"http://{HOST}:{port}", process.pid, setup, workers)
            _wait_until_ready(process, server, ready_path, timeout, output)
            yield server
        finally:
            _stop(process)


def _wait_until_ready(
    process: subprocess.Popen[bytes], server: Server, ready_path: str, timeout: float, output: IO[bytes]
) -> None:
    """Poll until the server answers and has all its workers; fail with its output if it
    exits first or takes longer than `timeout`."""
    deadline = time.monotonic() + timeout
    answered = False
    expected = server.setup.worker_processes(server.workers)
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServerDidNotStart(
                f"{server.setup.name} exited with code {process.returncode}:\n{_tail(output)}"
            )
        if not answered:
            try:
                httpx.get(server.url + ready_path, timeout=1.0)
                answered = True
            except httpx.TransportError:
                pass
        if answered and len(_workers(server.pid)) >= expected:
            return
        time.sleep(0.05)  # a polling interval, not synchronisation: the loop re-checks
    raise ServerDidNotStart(
        f"{server.setup.name} did not answer {server.url + ready_path} with {expected} worker(s) "
        f"within {timeout:.0f}s:\n{_tail(output)}"
    )


def _workers(pid: int) -> list[int]:
    """The server's worker processes: its children, but for the helper process
    multiprocessing starts beside uvicorn's workers (it tracks semaphores, serves nothing)."""
    return [child for child in proc.tree(pid)[1:] if "resource_tracker" not in " ".join(proc.cmdline(child))]


def _tail(output: IO[bytes]) -> str:
    """The end of what the server printed: enough to see its traceback."""
    output.seek(0)
    return output.read().decode(errors="replace")[-4000:]


def _stop(process: subprocess.Popen[bytes], grace: float = 10) -> None:
    """SIGTERM the whole process group, SIGKILL what is left after `grace` seconds, and wait
    until none of the tree's processes runs any more.

    Waiting on the master is not enough: a worker whose master died first lives on, holding
    a CPU and maybe the port, and would disturb the next server measured. And whatever goes
    wrong on the way (reading /proc, say), the group gets SIGKILL last: no error may leave a
    server running behind the run.
    """
    members: list[int] = []
    try:
        members = proc.tree(process.pid)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        _wait_gone(process, members, grace)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)  # nothing is left to kill after a clean stop
        process.wait(timeout=grace)
    _wait_gone(process, members, grace)


def _wait_gone(process: subprocess.Popen[bytes], members: list[int], grace: float) -> None:
    deadline = time.monotonic() + grace
    while _alive(process, members) and time.monotonic() < deadline:
        time.sleep(0.05)


def _alive(process: subprocess.Popen[bytes], members: list[int]) -> bool:
    """Whether the master or any process of its tree still runs (a zombie no longer does)."""
    process.poll()  # reaps the master once it exits
    return any(proc.running(pid) for pid in members)
