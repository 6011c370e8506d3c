"""The real-server helper: ready means answering, and a dead server explains itself."""

from __future__ import annotations

import sys

import httpx
import pytest
from coursekit import running_server
from coursekit.servers import ServerDidNotStart


@pytest.mark.timeout(30)
def test_running_server_yields_a_url_that_answers(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "hello.txt").write_text("hi")
    command = [sys.executable, "-m", "http.server", "{port}", "--bind", "{host}"]
    with running_server(command, cwd=tmp_path) as url:
        assert httpx.get(url + "/hello.txt").text == "hi"
    with pytest.raises(httpx.TransportError):
        httpx.get(url + "/hello.txt", timeout=1)


@pytest.mark.timeout(30)
def test_a_server_that_crashes_reports_its_output() -> None:
    command = [sys.executable, "-c", "import sys; print('boom: bad app'); sys.exit(3)"]
    with pytest.raises(ServerDidNotStart, match="boom: bad app"), running_server(command):
        pass


@pytest.mark.timeout(30)
def test_a_server_that_never_answers_times_out() -> None:
    command = [sys.executable, "-c", "import time; print('sleeping'); time.sleep(60)"]
    with pytest.raises(ServerDidNotStart, match="did not answer"), running_server(command, timeout=1.0):
        pass
