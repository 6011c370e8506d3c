"""Milestone 5: the whole command, for real. What the seed promised (`benchmark.py --all` prints a
table of requests/s), done honestly: real servers, locust, a saved result, a report, charts.

One quick run of two frameworks and two scenarios (about 20 s) serves every test of the module.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from minibench.frameworks import FRAMEWORKS
from minibench.results import Result

BENCHMARK_PY = Path(__file__).parents[1] / "benchmark.py"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
RUN = ["run", "--frameworks", "fastapi,flask", "--scenarios", "json,io_bound", "--quick"]


def minibench(*args: str, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    """`python -m minibench ARGS`, its output captured. A wide terminal, so rich folds no line
    of a table or a sentence in two."""
    return subprocess.run(
        [sys.executable, "-m", "minibench", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "COLUMNS": "200"},
        check=False,
    )


def shown(done: subprocess.CompletedProcess[str]) -> str:
    return f"exit code {done.returncode}\n--- stdout:\n{done.stdout}\n--- stderr:\n{done.stderr[-3000:]}"


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """The folder a quick run wrote, and what it printed."""
    out = tmp_path_factory.mktemp("run")
    return out, minibench(*RUN, "--out", str(out), timeout=150)


@pytest.mark.timeout(180)
def test_a_quick_run_prints_the_table_of_requests_per_second(
    quick_run: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    """`python -m minibench run --frameworks fastapi,flask --scenarios json,io_bound --quick`
    checks both apps, measures them under uvicorn and gunicorn with locust, exits 0 and prints
    the requests/s of both. If it fails, the output below ends with the error it printed."""
    _, done = quick_run
    assert done.returncode == 0, f"expected exit code 0\n{shown(done)}"
    for needle in ("Requests/s", "FastAPI", "Flask", "uvicorn", "gunicorn-sync", "json", "io_bound"):
        assert needle in done.stdout, f"expected {needle!r} in what the run printed\n{shown(done)}"


@pytest.mark.timeout(180)
def test_the_run_leaves_its_result_its_report_and_charts(
    quick_run: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    """The --out folder holds result.json (it loads back, with a window for each framework and
    scenario), report.md (naming both frameworks) and PNG charts. A file missing: look at
    `report.write`; a window missing: at the runner's schedule."""
    out, done = quick_run
    assert done.returncode == 0, f"the run failed, so it wrote nothing to check\n{shown(done)}"
    result = Result.load(out / "result.json")
    measured = {(window.framework, window.scenario) for window in result.windows}
    expected = {(f, s) for f in ("fastapi", "flask") for s in ("json", "io_bound")}
    assert measured == expected, f"expected windows for {sorted(expected)}, got {sorted(measured)}"
    report = (out / "report.md").read_text()
    for name in ("FastAPI", "Flask", "## Requests per second"):
        assert name in report, f"report.md should hold {name!r}"
    charts = sorted((out / "charts").glob("*.png"))
    assert charts, f"no PNG in {out / 'charts'}: the run printed\n{done.stdout}"
    for chart in charts:
        assert chart.read_bytes().startswith(PNG_SIGNATURE), f"{chart.name} is not a PNG"
        assert f"](charts/{chart.name})" in report, f"report.md should link {chart.name}"


@pytest.mark.timeout(180)
def test_report_re_renders_a_saved_run_without_measuring(
    quick_run: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    """`python -m minibench report DIR` prints the tables again from DIR/result.json and
    writes report.md again (here deleted first), in seconds: nothing is measured."""
    out, done = quick_run
    assert done.returncode == 0, f"the run failed, so there is nothing to re-render\n{shown(done)}"
    (out / "report.md").unlink()
    again = minibench("report", str(out))
    assert again.returncode == 0, f"expected exit code 0\n{shown(again)}"
    assert "Requests/s" in again.stdout, f"the tables should be printed again\n{shown(again)}"
    assert (out / "report.md").exists(), f"report.md should be written again\n{shown(again)}"


@pytest.mark.timeout(60)
def test_an_unknown_framework_is_refused_with_the_known_ones() -> None:
    """`--frameworks nosuch` exits 2 (a usage error, before anything starts) with one sentence
    naming what it did not know and every framework it does know."""
    done = minibench("run", "--frameworks", "nosuch", "--quick")
    assert done.returncode == 2, f"expected exit code 2\n{shown(done)}"
    assert "nosuch" in done.stdout, f"the message should name the unknown framework\n{shown(done)}"
    for framework in FRAMEWORKS:
        assert framework.name in done.stdout, f"the message should list {framework.name!r}\n{shown(done)}"


@pytest.mark.timeout(60)
def test_the_seeds_benchmark_py_still_answers() -> None:
    """`python benchmark.py --help`, the seed's entry point, describes the run command's options."""
    done = subprocess.run(
        [sys.executable, str(BENCHMARK_PY), "--help"], capture_output=True, text=True, timeout=30, check=False
    )
    assert done.returncode == 0, f"expected exit code 0\n{shown(done)}"
    for option in ("--all", "--frameworks", "--scenarios", "--quick", "--out"):
        assert option in done.stdout, f"--help should describe {option}\n{shown(done)}"


@pytest.mark.timeout(60)
@pytest.mark.parametrize("option", [["--users", "0"], ["--duration", "-1"], ["--rounds", "many"]])
def test_a_nonsense_setting_is_refused_with_a_sentence(option: list[str]) -> None:
    """Zero users, a negative duration or a word where a number goes is refused before anything
    starts: exit status 2 and a sentence naming the option, never a traceback."""
    done = subprocess.run(
        [sys.executable, "-m", "minibench", "run", *option],
        capture_output=True,
        text=True,
        timeout=50,
        check=False,
    )
    assert done.returncode == 2, f"{option}: exit {done.returncode}\n{done.stderr}"
    assert f"argument {option[0]}" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
