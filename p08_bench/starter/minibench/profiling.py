"""Where a server spends its time under load: py-spy samples its stacks from outside.

A sampling profiler, not a tracing one: py-spy reads the server's memory a few hundred times a
second and never runs code inside it, so the server runs at (nearly) its normal speed and what
the profile shows is what the benchmark measured. cProfile, by contrast, hooks every call and
slows small functions most, which are exactly a framework's.

What is kept is self time: the innermost frame of each sample, the code that was running.
Summed by package it answers "how much of this server's time is the framework, the server,
pydantic, the standard library"; by function it names the hot spots.
"""

from __future__ import annotations

import re
import shutil
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

from minibench.results import Profile

PTRACE_HINT = (
    "py-spy reads another process's memory, which needs ptrace: run as root, give py-spy "
    "CAP_SYS_PTRACE, or allow it with `sysctl kernel.yama.ptrace_scope=0`."
)


def executable() -> str:
    """py-spy from the running Python's environment first: the one installed with minibench."""
    beside = Path(sys.executable).parent / "py-spy"
    if beside.exists():
        return str(beside)
    found = shutil.which("py-spy")
    if found is None:
        raise RuntimeError("py-spy is not installed (pip install py-spy): it is needed to profile a server")
    return found


def start(pid: int, out: Path, seconds: float | None = None, *, rate: int = 250) -> subprocess.Popen[bytes]:
    """Start sampling process `pid` into `out`, for `seconds` or, without them, until `stop`.
    `--subprocesses`: a gunicorn master only forks and watches, the requests are answered in
    its worker processes.

    `--nonblocking` reads the stacks without pausing the server. Pausing gives exact stacks but
    stops the server a few hundred times a second, which lowers the throughput being profiled;
    a profile must not change much what it measures. The cost is an occasional torn sample
    (a stack read while it changed), noise that washes out over thousands of samples.
    """
    raise NotImplementedError(
        "Start `py-spy record` on the pid at `rate` (for the seconds, whole and at least 1, when "
        "given), in raw format, with --subprocesses, --nonblocking and --full-filenames, writing "
        "to `out`; return the process, its stdout and stderr piped."
    )


def stop(process: subprocess.Popen[bytes], out: Path, timeout: float = 30) -> str:
    """Stop py-spy as Ctrl-C would (it then writes what it sampled) and `finish`: recording
    until the work is done needs no guess at how long the work takes."""
    raise NotImplementedError("Send py-spy SIGINT (Ctrl-C), then `finish` it.")


def finish(process: subprocess.Popen[bytes], out: Path, timeout: float) -> str:
    """Wait for py-spy to write its file; its raw text (collapsed stacks), or a clear error."""
    raise NotImplementedError(
        "Wait up to `timeout` for py-spy (kill it and raise RuntimeError past it); on a non-zero "
        "exit raise RuntimeError('py-spy failed (exit N): <its reason>'), its reason cut before "
        "'Stack backtrace:' and PTRACE_HINT added for a permission problem; return the text of `out`."
    )


def locate(path: str) -> tuple[str, str]:
    """The package and dotted module of a frame's file.

    `start` asks py-spy for whole paths ("…/site-packages/fastapi/routing.py", "…/src/minibench/
    spec.py", "/usr/lib/python3.11/json/encoder.py"): its default shortening drops the package of
    a namespace package ("opentelemetry/metrics/…" becomes "metrics/…"). Shortened paths, from a
    profile recorded by hand, are read too ("fastapi/routing.py", "selectors.py").
    """
    raise NotImplementedError(
        "Return (package, dotted module) read from the part of the path an import names: after "
        "site-packages/ or dist-packages/, after a project's src/, after the standard library's "
        "lib/pythonX.Y/, a shortened relative path as it is, '<frozen name>' as name; "
        "('other', file stem) for anything else. A package's __init__ is the package itself."
    )


def frame_name(frame: str) -> tuple[str, str]:
    """("function (package.module)", package) for one frame of py-spy's collapsed stacks."""
    raise NotImplementedError(
        "Split 'function (path:line)' into function and path, and return "
        "('function (module)', package) using `locate`; a frame of another shape (a process frame "
        "alone) is ('(no Python frame)', 'other')."
    )


def reduce(raw: str, *, top: int = 12) -> tuple[int, dict[str, float], list[tuple[str, float]]]:
    """Total samples, the share of self time per package, and the `top` functions by self time.

    Each line of py-spy's raw format is one distinct stack, outermost frame first, with how many
    samples saw it: "process 12:\"cmd\";main (app.py:9);work (app.py:4) 399". Only the last frame
    matters for self time, so frame separators inside a process's command line cannot mislead.
    """
    raise NotImplementedError(
        "For each line 'stack count', name its innermost frame (after the last ';') with "
        "`frame_name` and add the count to its package and its function; skip lines without a "
        "count. Return the total, each package's share (busiest first) and the `top` functions' "
        "shares; (0, {}, []) for no samples."
    )


def profile_record(framework: str, scenario: str, raw: str) -> Profile:
    """The result's record of one profile: the raw stacks reduced, the raw text itself dropped."""
    raise NotImplementedError(
        "Return the Profile of the reduced raw stacks (samples, by package, top frames)."
    )
