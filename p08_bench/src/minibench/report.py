"""A result as people read it: tables in the terminal, a Markdown report, and the folder a run leaves.

Every table is built once as plain rows of text and then drawn twice, by rich for the terminal
and as Markdown for the report, so the two always say the same thing. A number is never shown
without how it was obtained: each requests/s cell is the median of the rounds with the lowest
and highest beside it, and a cell the load generator could not saturate is marked.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table as RichTable

from minibench.claims import CLAIMS, SCENARIO, ClaimRow, compare
from minibench.frameworks import BY_NAME
from minibench.provenance import what_ran
from minibench.results import Result
from minibench.spec import SCENARIOS
from minibench.stats import Summary, summarize

Table = tuple[list[str], list[list[str]]]  # headers, rows: what both renderers draw
NAMES = 2  # leading columns that name a row (framework, server); the others hold numbers
CLIENT_BOUND_MARK = " *"


# --- which windows make which table ----------------------------------------------------------------


def main_users(result: Result) -> int | None:
    """The user count of the main table: the run's setting, else the one most windows used."""
    users = (result.meta.get("settings") or {}).get("users")
    if isinstance(users, int):
        return users
    counts = Counter(window.users for window in result.windows)
    return counts.most_common(1)[0][0] if counts else None


def main_table(result: Result) -> list[Summary]:
    users = main_users(result)
    return summarize(window for window in result.windows if window.users == users)


def curve(result: Result) -> list[Summary]:
    """The concurrency curve: the cells of each (framework, server, scenario) measured at several
    user counts."""
    summaries = summarize(result.windows)
    counts = Counter((s.framework, s.server, s.scenario) for s in summaries)
    return [s for s in summaries if counts[(s.framework, s.server, s.scenario)] > 1]


def label(framework: str) -> str:
    known = BY_NAME.get(framework)
    return known.label if known else framework


def series(summaries: Iterable[Summary]) -> list[tuple[str, str]]:
    """The (framework, server) pairs, in the order first measured: one row or line each."""
    return list(dict.fromkeys((s.framework, s.server) for s in summaries))


def scenarios(summaries: Iterable[Summary]) -> list[str]:
    """The scenarios present, in the order `minibench.spec` defines them."""
    present = {s.scenario for s in summaries}
    return [scenario.name for scenario in SCENARIOS if scenario.name in present]


# --- numbers as text -------------------------------------------------------------------------------


def number(value: float) -> str:
    """Three significant digits or whole numbers with separators: 0.842, 8.42, 84.2, 8,420."""
    if value >= 100:
        return f"{value:,.0f}"
    return f"{value:.1f}" if value >= 10 else f"{value:.2f}"


def with_spread(value: float, spread: tuple[float, float], rounds: int, *, short: bool = False) -> str:
    """The value and its spread, "9,164 (8,900-9,300)"; short, for a terminal's narrow columns,
    "9,164 ±2%" (half the range, relative to the value)."""
    if rounds < 2:
        return number(value)
    if not short:
        return f"{number(value)} ({number(spread[0])}-{number(spread[1])})"
    half = 50 * (spread[1] - spread[0]) / value if value else 0.0
    return f"{number(value)} ±{half:.0f}%" if half >= 1 else f"{number(value)} ±{half:.1f}%"


def rps_cell(summary: Summary, *, short: bool = False) -> str:
    cell = with_spread(summary.rps, summary.rps_spread, summary.rounds, short=short)
    return cell + CLIENT_BOUND_MARK if summary.client_bound else cell


def short_rps_cell(summary: Summary) -> str:
    return rps_cell(summary, short=True)


def latency_cell(summary: Summary) -> str:
    return " / ".join(number(value) for value in (summary.p50_ms, summary.p95_ms, summary.p99_ms))


def cpu_cell(summary: Summary, *, short: bool = False) -> str:
    return with_spread(summary.server_cpu_us, summary.server_cpu_spread, summary.rounds, short=short)


def short_cpu_cell(summary: Summary) -> str:
    return cpu_cell(summary, short=True)


def ratio(value: float | None) -> str:
    return "not measured" if value is None else f"{value:.2f}x"


# --- the tables ------------------------------------------------------------------------------------


def seed_table(summaries: list[Summary]) -> Table:
    """The shape of the table the project started from, for the same endpoint: now with its server."""
    rows = [
        [label(s.framework), s.server, rps_cell(s), f"{number(s.mean_ms)} ms"]
        for s in summaries
        if s.scenario == SCENARIO
    ]
    return ["Framework", "Server", "Requests/s", "Avg latency"], rows


def scenario_table(summaries: list[Summary], cell: Callable[[Summary], str]) -> Table:
    """One row per framework and server, one column per scenario."""
    names = scenarios(summaries)
    cells = {(s.framework, s.server, s.scenario): cell(s) for s in summaries}
    rows = [
        [label(framework), server, *(cells.get((framework, server, name), "-") for name in names)]
        for framework, server in series(summaries)
    ]
    return ["Framework", "Server", *names], rows


def inprocess_table(result: Result) -> Table:
    names = [s.name for s in SCENARIOS if any(record.scenario == s.name for record in result.inprocess)]
    cells = {(r.framework, r.scenario): with_spread(r.microseconds, r.spread, 2) for r in result.inprocess}
    frameworks = dict.fromkeys(record.framework for record in result.inprocess)
    rows = [[label(name), *(cells.get((name, scenario), "-") for scenario in names)] for name in frameworks]
    return ["Framework", *names], rows


def curve_tables(summaries: list[Summary]) -> list[tuple[str, Table]]:
    """Per curve scenario: requests/s (mean latency) against the number of users."""
    tables = []
    for name in scenarios(summaries):
        cells = [s for s in summaries if s.scenario == name]
        users = sorted({s.users for s in cells})
        found = {(s.framework, s.server, s.users): s for s in cells}
        rows = [
            [label(framework), server, *(curve_cell(found.get((framework, server, u))) for u in users)]
            for framework, server in series(cells)
        ]
        headers = ["Framework", "Server", *(f"{u} user{'s' if u != 1 else ''}" for u in users)]
        tables.append((name, (headers, rows)))
    return tables


def curve_cell(summary: Summary | None) -> str:
    return "-" if summary is None else f"{rps_cell(summary, short=True)}, {number(summary.mean_ms)} ms"


def claims_table(rows: list[ClaimRow]) -> Table:
    headers = [
        "Framework",
        "Server",
        "Claimed req/s",
        "Claimed latency",
        "Measured req/s",
        "Measured latency",
    ]
    headers += ["FastAPI ÷ it, claimed", "FastAPI ÷ it, measured"]
    body = [
        [
            label(row.framework),
            row.server or "-",
            number(row.claimed_rps),
            f"{number(row.claimed_ms)} ms",
            "not measured" if row.measured_rps is None else number(row.measured_rps),
            "not measured" if row.measured_ms is None else f"{number(row.measured_ms)} ms",
            ratio(row.claimed_ratio),
            ratio(row.measured_ratio),
        ]
        for row in rows
    ]
    return headers, body


def notes(result: Result) -> list[str]:
    """What a reader must know before trusting a cell: which were client-bound, which had failed
    requests. A note is one explanation, then, on the lines after it, the cells it concerns, one
    line per framework and server: forty saturated cells read as one note, not forty sentences."""
    summaries = summarize(result.windows)
    bound = _cells([s for s in summaries if s.client_bound], lambda s: s.scenario)
    failed = _cells(
        [s for s in summaries if s.failures], lambda s: f"{s.scenario} ({s.failures} request(s) failed)"
    )
    lines = []
    if bound:
        lines.append(
            f"Cells marked{CLIENT_BOUND_MARK} are client-bound: in at least one round the load generator "
            "used nearly a whole core, so their requests/s measure the client, not the server. Compare "
            "their server CPU per request instead. More locust processes (`--processes`), on cores of "
            "their own, would lift the limit.\n" + bound
        )
    if failed:
        lines.append(
            "Some requests failed (a wrong status, or no answer), counted over every round; they are "
            "still counted in the requests/s and the latencies.\n" + failed
        )
    return lines or ["No window was client-bound, and no request failed."]


def _cells(summaries: list[Summary], cell: Callable[[Summary], str]) -> str:
    """One line per framework and server: its cells, grouped by number of users."""
    lines = []
    for framework, server in series(summaries):
        groups: dict[int, list[str]] = {}
        for s in summaries:
            if (s.framework, s.server) == (framework, server):
                groups.setdefault(s.users, []).append(cell(s))
        where = "; ".join(f"{', '.join(cells)} at {users} users" for users, cells in groups.items())
        lines.append(f"{label(framework)} on {server}: {where}")
    return "\n".join(lines)


# --- the terminal ----------------------------------------------------------------------------------


def rich_table(title: str, table: Table, caption: str | None = None) -> RichTable:
    """Names (the first two columns: framework and server) to the left, numbers to the right. On a
    narrow terminal a long word is folded onto the next line rather than cut off with an ellipsis."""
    headers, rows = table
    drawn = RichTable(title=title, caption=caption, title_justify="left")
    for index, header in enumerate(headers):
        drawn.add_column(header, justify="left" if index < NAMES else "right", overflow="fold")
    for row in rows:
        drawn.add_row(*row)
    return drawn


def terminal(result: Result, console: Console) -> None:
    """The tables a run ends with: the seed's table, every scenario, CPU per request, the claims,
    the flags."""
    summaries = main_table(result)
    users, rounds = main_users(result), _rounds(summaries)
    how = f"{users} users; median of {rounds}"
    table = scenario_table(summaries, short_rps_cell)
    cpu = scenario_table(summaries, short_cpu_cell)
    console.print(
        rich_table(f"{SCENARIO}: requests/s and mean latency ({how}, lowest-highest)", seed_table(summaries))
    )
    console.print(rich_table(f"Requests/s per scenario ({how}, ± half their range)", table))
    console.print(rich_table(f"Server CPU per request, µs ({how}, ± half their range)", cpu))
    console.print(
        rich_table(
            "The claimed table against this run",
            claims_table(compare(result)),
            caption="Absolute numbers depend on the machine; the ratios are what can be compared.",
        )
    )
    for note in notes(result):
        head, *cells = note.splitlines()
        console.print(f"[yellow]note:[/yellow] {escape(head)}")
        for cell in cells:
            console.print(f"  {escape(cell)}")


def _rounds(summaries: list[Summary]) -> str:
    """How many rounds a cell's median is over: usually the run's rounds; a cell the
    concurrency curve measured too (same server, scenario and users) holds the curve's as well."""
    counts = sorted({s.rounds for s in summaries})
    if not counts:
        return "0 rounds"
    if len(counts) == 1:
        return f"{counts[0]} round(s)"
    return f"{counts[0]} round(s), {counts[-1]} where the concurrency curve measured the same cell"


# --- Markdown --------------------------------------------------------------------------------------


def markdown_table(table: Table, names: int = NAMES) -> str:
    headers, rows = table
    if not rows:
        return "_Nothing measured._"
    align = ["---" if index < names else "---:" for index in range(len(headers))]
    lines = [headers, align, *rows]
    return "\n".join("| " + " | ".join(cell.replace("|", "\\|") for cell in line) + " |" for line in lines)


def markdown(result: Result, charts: list[Path]) -> str:
    """The whole report, self-contained: what ran, on what, every table, the profiles, the notes.

    `charts` are the images' paths relative to the report, so the folder can be moved or published.
    """
    summaries = main_table(result)
    how = f"Each cell: median of {_rounds(summaries)}, at {main_users(result)} users"
    parts = ["# minibench report", what_ran(result.meta)]
    parts += ["## The claimed table's endpoint (`json`)", markdown_table(seed_table(summaries))]
    parts += [
        "## Requests per second",
        f"{how} (lowest-highest).",
        markdown_table(scenario_table(summaries, rps_cell)),
    ]
    parts += [
        "## Latency p50 / p95 / p99 (ms)",
        f"{how}.",
        markdown_table(scenario_table(summaries, latency_cell)),
    ]
    parts += [
        "## Server CPU per request (µs)",
        f"{how} (lowest-highest): user + system time of every server process, over the requests answered. "
        "1,000,000 / (CPU µs per request) is the requests/s one server core could sustain: the number "
        "to compare where requests/s is client-bound.",
        markdown_table(scenario_table(summaries, cpu_cell)),
    ]
    if result.inprocess:
        parts += [
            "## In-process time per request (µs)",
            "The app called directly, no sockets and no server: best round's mean (lowest-highest round).",
            markdown_table(inprocess_table(result), names=1),
        ]
    for name, table in curve_tables(curve(result)):
        parts += [
            f"## Concurrency curve: `{name}`",
            "Requests/s (median of the rounds ± half their range), then mean latency, against users.",
            markdown_table(table),
        ]
    parts += ["## The claims", _claims_text(), markdown_table(claims_table(compare(result)))]
    parts += _profiles(result)
    parts += ["## Notes", "\n".join(_bullets(note) for note in notes(result))]
    if charts:
        parts += ["## Charts", "\n\n".join(f"![{path.stem}]({path.as_posix()})" for path in charts)]
    return "\n\n".join(parts) + "\n"


def _bullets(note: str) -> str:
    """A note as a list item, the cells it concerns nested under it."""
    head, *cells = note.splitlines()
    return "\n".join([f"- {head}", *(f"  - {cell}" for cell in cells)])


def _claims_text() -> str:
    claimed = "; ".join(
        f"{label(c.framework)} {number(c.rps)} req/s at {number(c.mean_ms)} ms" for c in CLAIMS
    )
    return (
        f"The course text this project started from claimed: {claimed}. "
        "It gave no machine, settings or versions. "
        "Measured: the `json` scenario, each framework on its usual server. "
        "Compare the ratios, not the numbers."
    )


def _profiles(result: Result) -> list[str]:
    if not result.profiles:
        return []
    parts = ["## Profiles", "py-spy samples of the server under load; self time (the innermost frame)."]
    for profile in result.profiles:
        packages = ", ".join(f"{name} {share:.0%}" for name, share in profile.by_package.items())
        frames = [[name, f"{share:.1%}"] for name, share in profile.top_frames]
        parts += [
            f"### {label(profile.framework)}, `{profile.scenario}` ({profile.samples:,} samples)",
            f"By package: {packages or 'no samples'}.",
            markdown_table((["Function (module)", "Self time"], frames), names=1),
        ]
    return parts


# --- the folder ------------------------------------------------------------------------------------


def write(result: Result, out: Path) -> list[Path]:
    """Write result.json, charts/*.png and report.md into `out`; the paths written, the report last."""
    from minibench import charts  # matplotlib is imported only when charts are drawn, not for a table

    out.mkdir(parents=True, exist_ok=True)
    saved = out / "result.json"
    result.save(saved)
    images = charts.draw(result, out / "charts")
    report = out / "report.md"
    report.write_text(markdown(result, [image.relative_to(out) for image in images]))
    return [saved, *images, report]
