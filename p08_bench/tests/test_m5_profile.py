"""Milestone 5: where a server spends its time. py-spy samples it; `reduce` keeps the self time.

py-spy's raw output is one line per distinct stack, outermost frame first, with how many samples
saw it. The innermost frame of each is the code that was running: summed per package it says how
much of the server's time is the framework, the server, pydantic or the standard library.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from minibench import profiling

# What py-spy writes: short paths by default, whole ones with --full-filenames; with
# --subprocesses a leading "process" frame, whose command line may hold any character, even ';'.
RAW = "\n".join(
    [
        'process 7:"python -c import a;import b";run (uvicorn/server.py:68);encode (json/encoder.py:203) 30',
        'process 7:"python -c import a;import b";run (uvicorn/server.py:68);encode (json/encoder.py:258) 10',
        "handle (/venv/lib/python3.11/site-packages/fastapi/routing.py:301) 25",
        "handle (/venv/lib/python3.11/site-packages/fastapi/routing.py:302) 5",
        "cpu_work (/path/to/course/p08_bench/src/minibench/spec.py:81) 20",
        "select (/usr/lib/python3.11/selectors.py:468) 6",
        "_call_with_frames_removed (<frozen importlib._bootstrap>:241) 2",
        "<module> (<string>:1) 1",
        'process 7:"python -c import a;import b" 1',
        "",
        "not a stack line",
    ]
)


def test_reduce_sums_self_time_per_package_and_per_function() -> None:
    """Only the innermost frame counts, lines of one function are added up, shares are of all
    100 samples, functions come out busiest first. If a package is wrong, look at
    `profiling.locate` for that kind of path; if a count is wrong, at how `reduce` splits a line."""
    total, packages, top = profiling.reduce(RAW, top=3)
    assert total == 100, f"expected 100 samples, got {total}"
    expected = {"json": 0.40, "fastapi": 0.30, "minibench": 0.20, "selectors": 0.06, "importlib": 0.02}
    expected["other"] = 0.02
    assert packages == pytest.approx(expected), f"expected {expected}, got {packages}"
    assert list(packages) == list(expected), f"packages should be busiest first, got {list(packages)}"
    names = [name for name, _ in top]
    assert names == ["encode (json.encoder)", "handle (fastapi.routing)", "cpu_work (minibench.spec)"], names
    assert [share for _, share in top] == pytest.approx([0.40, 0.30, 0.20]), top


@pytest.mark.parametrize(
    ("path", "package", "module"),
    [
        ("fastapi/routing.py", "fastapi", "fastapi.routing"),
        ("/venv/lib/python3.11/site-packages/pydantic/main.py", "pydantic", "pydantic.main"),
        ("/usr/lib/python3/dist-packages/six.py", "six", "six"),
        ("/path/to/course/p02_asgi/src/miniasgi/app.py", "miniasgi", "miniasgi.app"),
        ("/usr/lib/python3.11/asyncio/base_events.py", "asyncio", "asyncio.base_events"),
        ("/usr/lib/python3.11/json/__init__.py", "json", "json"),
        ("selectors.py", "selectors", "selectors"),
        ("<frozen runpy>", "runpy", "runpy"),
        ("/opt/scripts/job.py", "other", "job"),
    ],
)
def test_a_frame_is_attributed_to_its_package(path: str, package: str, module: str) -> None:
    """The package is read from the path: after site-packages, after a course project's src/,
    after the standard library's folder, or py-spy's shortened path as it is. Anything else
    (a script outside any package) is "other"."""
    assert profiling.locate(path) == (package, module), f"{path}: expected {(package, module)}"


def test_an_empty_profile_reduces_to_nothing() -> None:
    """No samples (py-spy leaves out idle ones: a server that got no load) is not a division by zero."""
    assert profiling.reduce("") == (0, {}, []), "an empty profile should give (0, {}, [])"


def test_a_profile_record_holds_the_reduced_numbers() -> None:
    """`profile_record` is what a result saves: the reduced numbers, not the raw stacks."""
    record = profiling.profile_record("fastapi", "body_model", RAW)
    assert (record.framework, record.scenario, record.samples) == ("fastapi", "body_model", 100), record
    name, share = record.top_frames[0]
    assert name == "encode (json.encoder)", record.top_frames
    assert share == pytest.approx(0.40), record.top_frames


BURNER = """
import sys
import time


def burn_the_cpu_here(rounds):
    total = 0
    for i in range(rounds):
        total = (total + i * i) % 1_000_003
    return total


print("burning", flush=True)
deadline = time.monotonic() + 60
while time.monotonic() < deadline:
    burn_the_cpu_here(100_000)
"""


@pytest.mark.timeout(60)
def test_py_spy_finds_the_function_that_burns_the_cpu(tmp_path: Path) -> None:
    """A real py-spy on a real process that spends its time in `burn_the_cpu_here`, recording
    until `stop`ped 2 s later: that function must be the top frame. If py-spy fails, its message
    says why (it needs ptrace, so root or CAP_SYS_PTRACE); no samples: does `stop` send SIGINT,
    as Ctrl-C would (py-spy writes its file then)? Another frame wins: look at how `reduce`
    picks the innermost frame."""
    script = tmp_path / "burner.py"
    script.write_text(BURNER)
    burner = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    try:
        assert burner.stdout is not None
        assert burner.stdout.readline().strip() == "burning", "the script should announce it has started"
        out = tmp_path / "stacks.txt"
        recorder = profiling.start(burner.pid, out)
        time.sleep(2)  # two seconds of samples, not a wait for something to happen
        raw = profiling.stop(recorder, out)
    finally:
        burner.kill()
        burner.wait()
    samples, packages, top = profiling.reduce(raw)
    print(f"{samples} samples; packages {packages}; top {top[:3]}")
    assert samples > 50, f"2 s at 250 Hz should give hundreds of samples, got {samples}"
    name, share = top[0]
    assert name == "burn_the_cpu_here (burner)", f"expected burn_the_cpu_here on top, got {top[:3]}"
    assert share > 0.8, f"the burner spends nearly all its time there, but py-spy saw {share:.0%}"


@pytest.mark.timeout(60)
def test_profiling_a_process_that_is_gone_fails_with_py_spys_reason(tmp_path: Path) -> None:
    """A wrong pid (here: a process that already exited) must not give an empty profile, which
    would read as "nothing to see": `finish` raises with py-spy's own explanation."""
    done = subprocess.Popen([sys.executable, "-c", "pass"])
    done.wait()
    recorder = profiling.start(done.pid, tmp_path / "stacks.txt", 1)
    with pytest.raises(RuntimeError, match="py-spy failed") as error:
        profiling.finish(recorder, tmp_path / "stacks.txt", timeout=30)
    assert "Stack backtrace" not in str(error.value), f"py-spy's Rust backtrace should be cut: {error.value}"


def test_a_stack_without_python_frames_is_named_so() -> None:
    """A sample holding only py-spy's "process" frame (native code, or a stack read while it
    changed) counts as "other" under one plain name, not under the server's whole command line."""
    name = profiling.frame_name('process 7:"python -m uvicorn app:app --port 8000"')
    assert name == ("(no Python frame)", "other"), f"expected ('(no Python frame)', 'other'), got {name}"
