"""Milestone 5: the result as people read it. A terminal table, a Markdown report, PNG charts.

Everything here is rendered from a saved `Result` (a made-up but realistic one, from
`fake_result.py`), so a run can be re-rendered without measuring anything again.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from minibench import claims, report
from minibench.frameworks import BY_NAME
from minibench.results import Result, Window
from minibench.spec import SCENARIOS
from rich.console import Console

from .fake_result import CURVE_USERS, JSON_RPS, USERS, fake_result

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path]]:
    """The folder `report.write` filled, and the paths it says it wrote (drawn once for the module)."""
    out = tmp_path_factory.mktemp("result")
    return out, report.write(fake_result(), out)


def test_the_result_is_saved_and_loads_back_unchanged(written: tuple[Path, list[Path]]) -> None:
    """result.json holds everything measured: loading it gives back the same Result, so `python -m
    minibench report DIR` can re-render a run. If not, look at Result.save/load for the field that differs."""
    out, paths = written
    assert paths[0] == out / "result.json", f"result.json should come first, written: {paths}"
    assert paths[-1] == out / "report.md", f"report.md should come last (the CLI prints it), written: {paths}"
    loaded = Result.load(out / "result.json")
    original = fake_result()
    assert loaded.meta == original.meta, "meta changed on the way through JSON"
    assert loaded.windows == original.windows, "windows changed on the way through JSON"
    assert loaded.inprocess == original.inprocess, "in-process records changed on the way through JSON"
    assert loaded.profiles == original.profiles, "profiles changed on the way through JSON"


def test_the_charts_are_real_png_images(written: tuple[Path, list[Path]]) -> None:
    """Four charts (throughput, CPU per request, json latency, the concurrency curve), each a PNG
    with something drawn in it. A tiny file would be an empty figure."""
    out, paths = written
    images = [path for path in paths if path.suffix == ".png"]
    names = sorted(path.name for path in images)
    expected = [
        "concurrency_curve.png",
        "latency_json.png",
        "requests_per_second.png",
        "server_cpu_per_request.png",
    ]
    assert names == expected, f"expected {expected}, got {names}"
    for image in images:
        assert image.parent == out / "charts", f"{image} should be in {out / 'charts'}"
        data = image.read_bytes()
        assert data.startswith(PNG_SIGNATURE), f"{image.name} does not start with the PNG signature"
        assert len(data) > 20_000, f"{image.name} is only {len(data)} bytes: is anything drawn?"


def test_the_markdown_report_has_every_framework_scenario_and_claim(written: tuple[Path, list[Path]]) -> None:
    """report.md names every framework (by its label) and scenario, shows medians with their
    spread, the claims with both ratios, the profile, the notes, and links the charts relatively."""
    out, _ = written
    text = (out / "report.md").read_text()
    for name in JSON_RPS:
        assert BY_NAME[name].label in text, f"the report should name {BY_NAME[name].label}"
    header = "| Framework | Server | " + " | ".join(scenario.name for scenario in SCENARIOS) + " |"
    assert header in text, f"every scenario should have a column, in spec order: {header}"
    assert "| FastAPI | uvicorn | 2,200 (2,134-2,266) | 22.7 ms |" in text, "the json table's FastAPI row"
    assert "| Flask | gunicorn-sync | 2,850 | 35.0 ms | 1,400 | 35.7 ms | 4.37x | 1.57x |" in text, (
        "claims row"
    )
    assert "4,950 (4,802-5,098) *" in text, "a client-bound cell should be marked with *"
    assert "2 request(s) failed" in text, "the failed requests should be noted"
    assert "serialize_response (fastapi.routing) | 7.1%" in text, "the profile's top frames"
    assert "`python -m minibench run --all`" in text, "the command that was run"
    assert "Made-up CPU" in text, "the machine it ran on"
    assert "server on CPU 0, locust on CPU 1" in text, "the pinning"
    for chart in ("requests_per_second", "concurrency_curve"):
        assert f"](charts/{chart}.png)" in text, f"{chart}.png should be linked relative to the report"
    for users in CURVE_USERS:
        assert f" {users} user" in text, f"the concurrency curve table should have a {users}-user column"


def test_the_terminal_prints_the_tables_with_their_numbers() -> None:
    """`terminal` prints with rich; the recorded text must hold the medians, the claims' ratios
    and the notes (a wide console, so no cell is wrapped)."""
    console = Console(record=True, width=220)
    report.terminal(fake_result(), console)
    text = console.export_text()
    for needle in (
        "2,200 (2,134-2,266)",
        "22.7 ms",
        "4,500",
        "4.37x",
        "1.57x",
        "2.44x",
        "Django",
        "minifast (p07)",
    ):
        assert needle in text, f"expected {needle!r} in the terminal output:\n{text}"
    assert "client, not the server" in text, "the client-bound note should be printed"
    assert "2 request(s) failed" in text, "the failures note should be printed"


def test_the_curve_is_the_cells_measured_at_several_user_counts() -> None:
    """The main table holds the 50-user windows; the curve every (framework, server, scenario)
    measured at several user counts: 3 setups x io_bound and cpu_bound x 5 user counts."""
    result = fake_result()
    assert {s.users for s in report.main_table(result)} == {USERS}, "the main table is at the run's users"
    points = report.curve(result)
    assert len(points) == 3 * 2 * len(CURVE_USERS), f"expected 30 curve points, got {len(points)}"
    assert {s.scenario for s in points} == {"io_bound", "cpu_bound"}, "only the curve's scenarios"


def window(framework: str, server: str, rps: float, round_: int = 0) -> Window:
    return Window(
        framework=framework, server=server, scenario="json", users=50, round=round_, seconds=4.0,
        requests=int(rps * 4), failures=0, rps=rps, mean_ms=50_000 / rps, p50_ms=1.0, p95_ms=2.0, p99_ms=3.0,
        server_cpu_us=100.0, client_cpu=0.5, client_bound=False,
    )  # fmt: skip


def test_claims_compare_the_ratios_on_each_frameworks_usual_server() -> None:
    """FastAPI 3,000 / 3,300 / 3,100 (median 3,100) against Flask on gunicorn sync at 1,000: 3.10x,
    while Flask on gthread (faster, not its default) is ignored. Django only on gthread: that one
    is used (620: 5.00x). The claimed ratios are 12,450 / 2,850 = 4.37x and 12,450 / 1,920 = 6.48x."""
    windows = [window("fastapi", "uvicorn", rps, r) for r, rps in enumerate((3000.0, 3300.0, 3100.0))]
    windows += [window("flask", "gunicorn-gthread", 5000.0), window("flask", "gunicorn-sync", 1000.0)]
    windows.append(window("django", "gunicorn-gthread", 620.0))
    rows = {row.framework: row for row in claims.compare(Result(windows=windows))}
    assert list(rows) == ["fastapi", "flask", "django"], f"one row per claim, got {list(rows)}"
    assert rows["fastapi"].measured_rps == 3100.0, (
        f"median of the rounds: 3100, got {rows['fastapi'].measured_rps}"
    )
    assert rows["flask"].server == "gunicorn-sync", f"Flask's usual server, got {rows['flask'].server}"
    assert rows["flask"].measured_ratio == pytest.approx(3.1), rows["flask"]
    assert rows["flask"].claimed_ratio == pytest.approx(12_450 / 2_850), rows["flask"]
    assert rows["flask"].measured_ms == pytest.approx(50.0), "mean latency of the 1,000 req/s window"
    assert rows["django"].server == "gunicorn-gthread", f"Django's only server, got {rows['django'].server}"
    assert rows["django"].measured_ratio == pytest.approx(5.0), rows["django"]
    assert rows["django"].claimed_ratio == pytest.approx(6.484, abs=1e-3), rows["django"]


def test_a_framework_not_measured_gets_an_empty_claims_row() -> None:
    """Without Django (or without FastAPI, the baseline), the row is there with None: the report
    says "not measured" rather than dropping the claim."""
    rows = {
        row.framework: row
        for row in claims.compare(Result(windows=[window("flask", "gunicorn-sync", 900.0)]))
    }
    assert rows["django"].measured_rps is None, f"Django was not measured: {rows['django']}"
    assert rows["django"].measured_ratio is None, f"no Django, no ratio: {rows['django']}"
    assert rows["flask"].measured_rps == 900.0, rows["flask"]
    assert rows["flask"].measured_ratio is None, f"no FastAPI, no ratio: {rows['flask']}"


def test_a_result_with_little_in_it_still_renders(tmp_path: Path) -> None:
    """An old or partial result (no meta, one window, no curve, no profile) still gives a report:
    missing parts are left out or marked, never a KeyError."""
    result = Result(windows=[window("flask", "gunicorn-sync", 900.0)])
    console = Console(record=True, width=200)
    report.terminal(result, console)
    assert "900" in console.export_text(), "the one measured number should be printed"
    paths = report.write(result, tmp_path)
    text = (tmp_path / "report.md").read_text()
    assert "Concurrency curve" not in text, "no curve table without a curve"
    assert "not measured" in text, "FastAPI and Django claims rows should say 'not measured'"
    assert [p.name for p in paths if p.suffix == ".png"] == [
        "requests_per_second.png", "server_cpu_per_request.png", "latency_json.png"
    ], f"no curve chart without a curve, got {paths}"  # fmt: skip
    assert report.write(Result(), tmp_path / "empty")[-1].exists(), "an empty result still writes report.md"
