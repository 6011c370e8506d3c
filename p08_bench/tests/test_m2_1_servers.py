"""Milestone 2: real servers, started as their users start them, and always stopped.

`minibench.servers.serve` runs an app under uvicorn or gunicorn on a free port, waits until it
answers with all its workers up, and afterwards stops its whole process tree. These tests
serve the tiny apps of `tests/sample_apps.py`, so a failure here is about the server
handling, not about any framework.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import httpx
import pytest
from minibench import check, proc
from minibench.servers import SETUPS, ServerDidNotStart, free_port, serve
from minibench.spec import Scenario

from .sample_apps import PLAINTEXT as SAMPLE_PLAINTEXT


def sample_app(setup: str) -> str:
    return f"sample_apps:{SETUPS[setup].interface}"


@pytest.mark.timeout(60)
@pytest.mark.parametrize("setup", list(SETUPS))
def test_each_setup_serves_the_app_and_leaves_no_process_behind(setup: str, sample_apps: None) -> None:
    """Every setup answers GET /plaintext on its url while the block runs; after it, none of
    its processes runs any more. If the server never answers, read the output in the error
    (a wrong command line in `Setup.command`?); if a process survives, look at how `serve`
    stops the process group and waits for every member of the tree."""
    with serve(sample_app(setup), SETUPS[setup], workers=2) as server:
        response = httpx.get(f"{server.url}/plaintext", timeout=10)
        assert (response.status_code, response.text) == (200, "Hello, World!"), (
            f"expected 200 'Hello, World!', got {response.status_code} {response.text!r}"
        )
        members = proc.tree(server.pid)
    alive = [pid for pid in members if proc.running(pid)]
    assert alive == [], f"processes {alive} of {setup}'s tree {members} still run after the block"


@pytest.mark.timeout(60)
def test_a_multi_worker_server_is_ready_only_with_all_its_workers(sample_apps: None) -> None:
    """gunicorn -w 3 is a master and 3 forked workers: `serve` yields only once all 3 are in
    its process tree, so the load's warm-up is not spent forking. Fewer: the readiness wait
    does not count the workers (`Setup.worker_processes`)."""
    with serve("sample_apps:wsgi", SETUPS["gunicorn-sync"], workers=3) as server:
        workers = proc.tree(server.pid)[1:]
        assert len(workers) == 3, f"expected 3 workers under the master {server.pid}, got {workers}"


@pytest.mark.timeout(60)
def test_a_server_that_crashes_at_import_fails_fast_with_its_output(
    sample_apps: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An app whose module raises on import: `serve` must raise ServerDidNotStart as soon as the
    server exits, with the server's own output (the traceback) in the message, instead of
    waiting for its whole timeout or saying only "did not start"."""
    (tmp_path / "broken_app.py").write_text('raise RuntimeError("boom: the app failed at import")\n')
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(tmp_path), os.environ["PYTHONPATH"]]))
    started = time.monotonic()
    with pytest.raises(ServerDidNotStart) as failure, serve("broken_app:app", SETUPS["uvicorn"], timeout=40):
        pass
    waited = time.monotonic() - started
    print(f"failed after {waited:.1f}s")
    assert "boom: the app failed at import" in str(failure.value), f"no traceback in: {failure.value}"
    assert waited < 20, f"took {waited:.1f}s of a 40s timeout: does serve notice the server exited?"


@pytest.mark.timeout(60)
def test_cpus_pins_the_server_and_every_worker(sample_apps: None) -> None:
    """serve(..., cpus={1}) runs the master and every worker it forks on CPU 1 only (pinned in
    the child before the server starts, so the workers inherit it). If only the master is
    pinned, the pinning happened after the fork: use Popen's preexec_fn."""
    cpu = max(os.sched_getaffinity(0))
    with serve("sample_apps:wsgi", SETUPS["gunicorn-sync"], workers=2, cpus=frozenset({cpu})) as server:
        members = proc.tree(server.pid)
        allowed = {pid: os.sched_getaffinity(pid) for pid in members}
    assert len(members) == 3, f"expected a master and 2 workers, got {members}"
    assert all(cpus == {cpu} for cpus in allowed.values()), (
        f"expected every process on CPU {cpu}, got {allowed}"
    )


@pytest.mark.timeout(60)
def test_the_server_is_killed_even_when_stopping_it_goes_wrong(
    sample_apps: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If something fails while the server is being stopped (here reading /proc, as a stub
    of `proc.tree` would), the error still comes out, but the server's process group is
    killed first: a failing run must never leave servers behind on the machine."""

    def broken(pid: int) -> list[int]:
        raise RuntimeError("reading /proc failed")

    groups: list[int] = []

    def serve_and_break_proc() -> None:
        with serve("sample_apps:wsgi", SETUPS["gunicorn-sync"], workers=2) as server:
            groups.append(server.pid)  # the master leads its process group
            monkeypatch.setattr(proc, "tree", broken)  # from here on: while it is being stopped

    with pytest.raises(RuntimeError, match="reading /proc failed"):
        serve_and_break_proc()
    (group,) = groups
    monkeypatch.undo()
    deadline = time.monotonic() + 10
    while _group_alive(group) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _group_alive(group), f"processes of the server's group {group} still run"


def _group_alive(group: int) -> bool:
    """Whether a process of the group still runs (zombies, waiting to be reaped, do not)."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        pid = int(entry.name)
        try:
            if os.getpgid(pid) == group and proc.running(pid):
                return True
        except ProcessLookupError:  # it ended meanwhile
            continue
    return False


@pytest.mark.timeout(60)
def test_a_running_server_is_checked_over_http(sample_apps: None) -> None:
    """Once a server is up, `check.problems_over_http` asks it each scenario for real: the
    sample app answers /plaintext as the spec says (no problem), a scenario expecting another
    body is one sentence naming the request, and a port nobody listens on is 'no answer'
    instead of a crash. A server can break what the app did right, so the runner checks this
    before loading it."""
    plaintext = SAMPLE_PLAINTEXT
    wrong = Scenario(**{**plaintext.__dict__, "expected": "Goodbye"})
    with serve("sample_apps:asgi", SETUPS["uvicorn"]) as server:
        found = check.problems_over_http(server.url, [plaintext, wrong])
    assert found == ["/plaintext: body 'Hello, World!', expected 'Goodbye'"], found
    (refused,) = check.problems_over_http(f"http://127.0.0.1:{free_port()}", [plaintext])
    assert refused.startswith("/plaintext: no answer"), refused
