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
_FRAME = re.compile(r"^(?P<function>.*) \((?P<path>.*?)(?::\d+)?\)$")
_STDLIB = re.compile(r"/lib/python\d+\.\d+/(?P<rest>.+)$")
_INSTALLED = ("/site-packages/", "/dist-packages/")


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
    command = [executable(), "record", "--pid", str(pid), "--rate", str(rate)]
    if seconds is not None:
        command += ["--duration", str(max(1, round(seconds)))]  # py-spy takes whole seconds
    command += [
        "--format",
        "raw",
        "--subprocesses",
        "--nonblocking",
        "--full-filenames",
        "--output",
        str(out),
    ]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def stop(process: subprocess.Popen[bytes], out: Path, timeout: float = 30) -> str:
    """Stop py-spy as Ctrl-C would (it then writes what it sampled) and `finish`: recording
    until the work is done needs no guess at how long the work takes."""
    process.send_signal(signal.SIGINT)  # nothing is sent to a py-spy that already exited
    return finish(process, out, timeout)


def finish(process: subprocess.Popen[bytes], out: Path, timeout: float) -> str:
    """Wait for py-spy to write its file; its raw text (collapsed stacks), or a clear error."""
    try:
        _, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        raise RuntimeError(f"py-spy did not finish within {timeout:.0f} s") from None
    # py-spy's reason, without the Rust backtrace it appends: the reason is what the reader can act on
    message = stderr.decode("utf-8", "replace").partition("Stack backtrace:")[0].strip()
    if process.returncode != 0:
        hint = f" {PTRACE_HINT}" if "ermission" in message or "ptrace" in message else ""
        raise RuntimeError(f"py-spy failed (exit {process.returncode}): {message}{hint}")
    if not out.exists():
        raise RuntimeError(f"py-spy wrote no profile to {out}: {message}")
    return out.read_text()


def locate(path: str) -> tuple[str, str]:
    """The package and dotted module of a frame's file.

    `start` asks py-spy for whole paths ("…/site-packages/fastapi/routing.py", "…/src/minibench/
    spec.py", "/usr/lib/python3.11/json/encoder.py"): its default shortening drops the package of
    a namespace package ("opentelemetry/metrics/…" becomes "metrics/…"). Shortened paths, from a
    profile recorded by hand, are read too ("fastapi/routing.py", "selectors.py").
    """
    if path.startswith("<frozen "):  # a module frozen into the interpreter: "<frozen runpy>"
        module = path.removeprefix("<frozen ").rstrip(">")
        return module.partition(".")[0], module
    relative = _importable(path)
    if relative is None:
        return "other", Path(path).stem
    parts = [part for part in relative.removesuffix(".py").split("/") if part not in ("", ".")]
    if parts and parts[-1] == "__init__":
        parts.pop()
    if not parts:
        return "other", path
    return parts[0], ".".join(parts)


def _importable(path: str) -> str | None:
    """The part of `path` an import statement names, or None for a file outside any package root."""
    for marker in (*_INSTALLED, "/src/"):
        if marker in path:
            return path.rpartition(marker)[2]
    stdlib = _STDLIB.search(path)
    if stdlib:
        return stdlib["rest"]
    if path.startswith(("/", "<")) or not path.endswith(".py"):
        return None
    return path  # already shortened by py-spy


def frame_name(frame: str) -> tuple[str, str]:
    """("function (package.module)", package) for one frame of py-spy's collapsed stacks."""
    match = _FRAME.match(frame)
    if match is None:  # a process or thread frame alone: native code, or a torn sample
        return "(no Python frame)", "other"
    package, module = locate(match["path"])
    return f"{match['function']} ({module})", package


def reduce(raw: str, *, top: int = 12) -> tuple[int, dict[str, float], list[tuple[str, float]]]:
    """Total samples, the share of self time per package, and the `top` functions by self time.

    Each line of py-spy's raw format is one distinct stack, outermost frame first, with how many
    samples saw it: "process 12:\"cmd\";main (app.py:9);work (app.py:4) 399". Only the last frame
    matters for self time, so frame separators inside a process's command line cannot mislead.
    """
    packages: Counter[str] = Counter()
    functions: Counter[str] = Counter()
    for line in raw.splitlines():
        stack, _, count = line.strip().rpartition(" ")
        if not stack or not count.isdigit():
            continue
        name, package = frame_name(stack.rpartition(";")[2])
        packages[package] += int(count)
        functions[name] += int(count)
    total = sum(packages.values())
    if total == 0:
        return 0, {}, []
    shares = {package: count / total for package, count in packages.most_common()}
    return total, shares, [(name, count / total) for name, count in functions.most_common(top)]


def profile_record(framework: str, scenario: str, raw: str) -> Profile:
    """The result's record of one profile: the raw stacks reduced, the raw text itself dropped."""
    samples, by_package, top_frames = reduce(raw)
    return Profile(framework, scenario, samples, by_package, top_frames)
