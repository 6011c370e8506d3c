"""The command line: `python -m minibench run --all` (the seed's `benchmark.py --all`) and
`python -m minibench report DIR` (re-render a saved result without running anything)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from minibench import report, runner
from minibench.frameworks import choose
from minibench.load import LoadError
from minibench.results import Result
from minibench.servers import ServerDidNotStart
from minibench.spec import BY_NAME as SCENARIOS


def parser() -> argparse.ArgumentParser:
    cli = argparse.ArgumentParser(prog="python -m minibench", description=__doc__)
    commands = cli.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="check every app, then measure them under real servers and load")
    run.add_argument(
        "--all", action="store_true", help="every installed framework and every scenario (the default)"
    )
    run.add_argument(
        "--frameworks", type=_names, help="comma-separated, e.g. fastapi,flask (default: all installed)"
    )
    run.add_argument("--scenarios", type=_names, help=f"comma-separated, from: {', '.join(SCENARIOS)}")
    defaults = runner.Settings(frameworks=(), scenarios=())
    run.add_argument(
        "--duration", type=_positive_float, help=f"measured seconds per stage (default {defaults.duration})"
    )
    run.add_argument(
        "--warmup",
        type=_non_negative_float,
        help=f"warm-up seconds before each stage (default {defaults.warmup})",
    )
    run.add_argument("--users", type=_positive_int, help=f"concurrent users (default {defaults.users})")
    run.add_argument("--rounds", type=_positive_int, help=f"interleaved rounds (default {defaults.rounds})")
    run.add_argument("--workers", type=_positive_int, help=f"server processes (default {defaults.workers})")
    run.add_argument(
        "--processes", type=_positive_int, help=f"locust processes (default {defaults.processes})"
    )
    run.add_argument(
        "--quick", action="store_true", help="one short round, no curve, no profiles (under 2 minutes)"
    )
    run.add_argument("--no-curve", action="store_true", help="skip the async-advantage curve")
    run.add_argument("--no-profile", action="store_true", help="skip the py-spy profiles")
    run.add_argument(
        "--out", type=Path, default=Path("minibench-results"), help="folder for the result and report"
    )
    again = commands.add_parser("report", help="print and re-write the report of a saved result")
    again.add_argument("folder", type=Path, help="a folder a run wrote (it holds result.json)")
    return cli


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def _positive_float(text: str) -> float:
    value = float(text)
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be more than 0, got {text}")
    return value


def _non_negative_float(text: str) -> float:
    value = float(text)
    if not value >= 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, got {text}")
    return value


def _names(text: str) -> list[str]:
    return [name.strip() for name in text.split(",") if name.strip()]


def settings_from(args: argparse.Namespace) -> runner.Settings:
    """The run's settings: the defaults, then --quick, then whatever was given explicitly."""
    if args.all and (args.frameworks or args.scenarios):
        raise ValueError("--all means every framework and scenario: leave out --frameworks and --scenarios")
    unknown = [name for name in args.scenarios or [] if name not in SCENARIOS]
    if unknown:
        raise ValueError(f"unknown scenario(s) {', '.join(unknown)}; known: {', '.join(SCENARIOS)}")
    frameworks = tuple(framework.name for framework in choose(args.frameworks))
    settings = runner.Settings(frameworks=frameworks, scenarios=tuple(args.scenarios or SCENARIOS))
    if args.quick:
        settings = runner.quick(settings)
    given = {
        name: getattr(args, name)
        for name in ("duration", "warmup", "users", "rounds", "workers", "processes")
    }
    changes: dict[str, Any] = {name: value for name, value in given.items() if value is not None}
    if args.no_curve:
        changes["curve_users"] = ()
    if args.no_profile:
        changes["profile_scenario"] = None
    return replace(settings, **changes)


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    console = Console()
    if args.command == "report":
        result = Result.load(args.folder / "result.json")
        report.terminal(result, console)
        written = report.write(result, args.folder)
        console.print(f"report: {written[-1]}")
        return 0
    try:
        settings = settings_from(args)
    except ValueError as error:
        console.print(f"[red]{error}[/red]")
        return 2
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("checking every app's answers", total=runner.steps(settings))

        done = iter(range(runner.steps(settings) + 1))  # steps finished before the one announced

        def advance(step: str) -> None:
            bar.update(task, description=step, completed=next(done))

        try:
            result = runner.run(settings, advance)
        except (runner.WrongAnswers, LoadError, ServerDidNotStart) as error:
            console.print(f"[red]{type(error).__name__}: {error}[/red]")
            return 1
    report.terminal(result, console)
    written = report.write(result, args.out)
    console.print(f"result and report in {args.out}/ ({', '.join(path.name for path in written)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
