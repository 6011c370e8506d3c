"""The learner's commands, run for real through nox on the real course.

These are the slowest kit tests (each starts nox, and the first one builds an environment),
so they cover what only a real run can show: an unknown project, nox started from a
project folder, whose code a run blames, `--reference-deps`, and `serve` stopping cleanly.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from coursekit.servers import free_port

from .layout import ROOT

P02, P03 = ROOT / "p02_asgi", ROOT / "p03_routing"


def nox(*args: str, cwd: Path = ROOT, workspace: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COURSE_WORKSPACE": str(workspace or ROOT / "workspace")}
    env.pop("COURSE_ROOT", None)  # found from where nox runs, as on a learner's machine
    return subprocess.run(
        [sys.executable, "-m", "nox", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=600,
        check=False,
    )


@pytest.mark.timeout(60)
def test_an_unknown_project_names_the_ones_there_are() -> None:
    """`nox -s bench -- p99` fails with the list of projects, before building anything."""
    run = nox("-s", "bench", "--", "p99")
    assert run.returncode != 0
    assert "no project 'p99'; the course has: p01, p02" in run.stderr, run.stderr


@pytest.mark.timeout(60)
def test_nox_from_a_project_folder_defaults_to_that_project() -> None:
    run = nox("-l", cwd=P03)
    assert run.returncode == 0, run.stderr
    assert "* p03 -> " in run.stdout  # plain `nox` here runs p03's tests
    assert "- p01 -> " in run.stdout


@pytest.fixture(scope="module")
def p03_on_the_p02_starter(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace where p03 is finished (a copy of the reference) but p02 is still the starter."""
    workspace = tmp_path_factory.mktemp("workspace")
    shutil.copytree(P02 / "starter" / "miniasgi", workspace / "p02_asgi" / "miniasgi")
    shutil.copytree(P03 / "src" / "minirouter", workspace / "p03_routing" / "minirouter")
    return workspace


@pytest.mark.timeout(600)
def test_p03_on_an_unfinished_p02_blames_p02(p03_on_the_p02_starter: Path) -> None:
    """p03's milestone 3 (the router answers 404/405) is the first to run p02's code."""
    run = nox("-s", "p03", "--", "--milestone", "3", workspace=p03_on_the_p02_starter)
    out = run.stdout + run.stderr
    assert run.returncode != 0
    assert "p03: testing YOUR p03 in " in out
    assert ", built on YOUR p02" in out
    assert "This fails inside YOUR p02 (miniasgi), not in p03: " in out
    assert "p02_asgi/miniasgi/" in out  # the advice points into the learner's p02
    assert "Next: your p02 is unfinished, and p03's tests stop there." in out


@pytest.mark.timeout(600)
def test_reference_deps_tests_my_p03_on_the_reference_p02(p03_on_the_p02_starter: Path) -> None:
    run = nox("-s", "p03", "--", "--milestone", "3", "--reference-deps", workspace=p03_on_the_p02_starter)
    out = run.stdout + run.stderr
    assert run.returncode == 0, out[-3000:]
    assert "built on the reference p02 (--reference-deps)" in out
    assert "built on miniasgi (p02): the reference solution" in out  # pytest's header agrees


@pytest.mark.timeout(600)
def test_serve_stops_the_server_when_it_is_sent_sigterm(tmp_path: Path) -> None:
    """An IDE's stop button sends SIGTERM to nox: gunicorn must not stay behind on the port."""
    port = free_port()
    env = {**os.environ, "COURSE_WORKSPACE": str(tmp_path)}
    command = [sys.executable, "-m", "nox", "-s", "serve", "--", "p01", "--bind", f"127.0.0.1:{port}"]
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True
    )
    url = f"http://127.0.0.1:{port}/hello/Douglas"
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and process.poll() is None:
            try:
                assert httpx.get(url, timeout=1).text == "Hello, Douglas!"
                break
            except httpx.TransportError:
                time.sleep(0.2)
        else:
            pytest.fail(
                f"nox -s serve never answered:\n{process.stdout.read().decode() if process.stdout else ''}"
            )
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
        with pytest.raises(httpx.TransportError):
            httpx.get(url, timeout=1)
        with pytest.raises(ProcessLookupError):  # nothing of the process group is left
            os.killpg(process.pid, 0)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
