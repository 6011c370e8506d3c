"""A real library's own test suite, run against the course's rebuild of it.

The strongest specification of a framework is the test suite its authors keep. The course
does not copy those tests: it takes them, at run time, from the source distribution of the
exact release `constraints.txt` pins (fetched once from the package index, checked against
the index's sha256, and cached under `.nox/cache`), extracts only the files a project names,
and runs them in a subprocess where the library's import names are answered by the course's
modules (`coursekit.aliases`, with the project's alias table).

A project describes its suite in a TOML file:

    [suite]
    library = "starlette"
    files = ["tests/test_routing.py", ...]        # the tests in scope
    support = ["tests/conftest.py", ...]          # files they import
    [aliases."starlette.routing"] ...             # see coursekit.aliases
    [[out_of_scope]]  test = "..."  reason = "..."
    [[departures]]    test = "..."  reason = "..."

and its milestone test compares `run`'s outcome with those lists, both ways.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
import tarfile
import tomllib
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from coursekit import aliases
from coursekit.projects import course_root

SIMPLE_JSON = "application/vnd.pypi.simple.v1+json"


@dataclass(frozen=True)
class Suite:
    """A project's suite description (its TOML), and where the TOML lives."""

    path: Path
    config: dict[str, Any]

    @classmethod
    def load(cls, path: Path) -> Suite:
        return cls(path, tomllib.loads(path.read_text(encoding="utf-8")))

    @property
    def library(self) -> str:
        return str(self.config["suite"]["library"])

    @property
    def files(self) -> list[str]:
        return list(self.config["suite"]["files"])

    def milestone(self, number: int) -> list[str]:
        """The files a milestone runs (`[milestones] 1 = [...]`), or all of them."""
        return list(self.config.get("milestones", {}).get(str(number), self.files))

    @property
    def departures(self) -> dict[str, str]:
        return {entry["test"]: entry["reason"] for entry in self.config.get("departures", [])}

    @property
    def out_of_scope(self) -> dict[str, str]:
        return {entry["test"]: entry["reason"] for entry in self.config.get("out_of_scope", [])}


@dataclass(frozen=True)
class Outcome:
    passed: set[str]
    failed: dict[str, str]  # test id -> the first line of why
    output: str


def pinned_version(library: str, root: Path | None = None) -> str:
    """The release constraints.txt pins: the same one the parity tests trust."""
    text = ((root or course_root()) / "constraints.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        name, _, version = line.partition("==")
        if name.strip().lower() == library.lower():
            return version.strip()
    raise LookupError(f"constraints.txt does not pin {library}")


def sdist(library: str, version: str, root: Path | None = None) -> Path:
    """The release's source distribution from the package index, checked and cached."""
    name = f"{library}-{version}.tar.gz"
    path = (root or course_root()) / ".nox" / "cache" / name
    if path.exists():
        return path
    listing = httpx.get(f"https://pypi.org/simple/{library}/", headers={"Accept": SIMPLE_JSON}, timeout=60)
    listing.raise_for_status()
    entry = next(f for f in listing.json()["files"] if f["filename"] == name)
    content = httpx.get(entry["url"], timeout=300, follow_redirects=True).content
    if hashlib.sha256(content).hexdigest() != entry["hashes"]["sha256"]:
        raise RuntimeError(f"{name}: the download does not match the index's sha256")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return path


def prepare(suite: Suite, target: Path, root: Path | None = None) -> Path:
    """Extract the suite's files (and the release's pytest settings) into `target`, the
    library's own modules the alias table runs as `library_code` into `target/library`, and a
    conftest.py that installs the aliases before any test module is imported."""
    archive = sdist(suite.library, pinned_version(suite.library, root), root)
    library = target / "library"
    code = {
        aliases.library_file(Path(), name).as_posix(): aliases.library_file(library, name)
        for name, alias in aliases.load(suite.path).items()
        if alias.library_code
    }
    wanted = {*suite.files, *suite.config["suite"].get("support", ()), "pyproject.toml"}
    with tarfile.open(archive) as tar:
        for member in tar.getmembers():
            relative = member.name.partition("/")[2]
            destination = code.get(relative) or (target / relative if _in(relative, wanted) else None)
            if member.isfile() and destination is not None:
                source = tar.extractfile(member)
                assert source is not None
                destination.parent.mkdir(parents=True, exist_ok=True)
                destination.write_bytes(source.read())
    # Installed when pytest imports this conftest, before the test folders' own conftests
    # (which import the library) and before any plugin's configure hook runs.
    markers = "".join(
        f"    config.addinivalue_line('markers', {marker!r})\n"
        for marker in suite.config["suite"].get("markers", ())
    )
    write_absent(target / ABSENT, suite.config["suite"].get("absent", ()))
    (target / "conftest.py").write_text(
        "from pathlib import Path\n\nfrom coursekit import aliases\n\n"
        f"aliases.install(aliases.load(Path({str(suite.path)!r})), Path({str(library)!r}))\n\n\n"
        f"def pytest_configure(config):\n{markers or '    pass' + chr(10)}",
        encoding="utf-8",
    )
    return target


ABSENT = "absent"  # the folder, first on the suite's path, whose modules refuse to import


def write_absent(folder: Path, names: Sequence[str]) -> None:
    """A module per name that raises ImportError: the suite runs as in the library's own test
    environment, where those packages are not installed.

    Another project's tools can install a package the library's tests notice: locust (p08)
    brings brotli, and then httpx offers `br` in every request's Accept-Encoding, which
    FastAPI's header tests compare with what FastAPI's own CI sends. Modules on the path ahead
    of site-packages answer every import, whatever imports them and whenever.
    """
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        why = f"{name} is left out: the suite runs without it, as its library is tested"
        (folder / f"{name}.py").write_text(f"raise ImportError({why!r})\n", encoding="utf-8")


def _in(relative: str, wanted: set[str]) -> bool:
    """A file named in `wanted`, or inside a folder named there (`docs_src/first_steps/`)."""
    return relative in wanted or any(w.endswith("/") and relative.startswith(w) for w in wanted)


def run(suite: Suite, target: Path, files: Sequence[str] | None = None) -> Outcome:
    """Run the extracted suite (or only `files` of it) with the aliases installed; read the
    verdicts from JUnit XML."""
    files = suite.files if files is None else files
    report = target / f"report-{hashlib.sha256(' '.join(files).encode()).hexdigest()[:8]}.xml"
    deselect = [arg for test in suite.out_of_scope for arg in ("--deselect", test)]
    command = [sys.executable, "-m", "pytest", *files, "-p", "no:cacheprovider", "-p", "no:coursekit"]
    command += ["-q", "--tb=line", "--continue-on-collection-errors", f"--junitxml={report}", *deselect]
    path = os.pathsep.join(
        filter(None, [str(target / ABSENT), str(target), os.environ.get("PYTHONPATH", "")])
    )
    done = subprocess.run(
        command, cwd=target, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": path},
        timeout=1800, check=False,
    )  # fmt: skip
    if not report.exists():
        said = done.stdout[-3000:] + done.stderr[-3000:]
        raise RuntimeError(f"the suite did not run (exit code {done.returncode}):\n{said}")
    passed: set[str] = set()
    failed: dict[str, str] = {}
    for case in ET.parse(report).getroot().iter("testcase"):
        test = junit_test_id(case.get("classname", ""), case.get("name", ""))
        problem = case.find("failure")
        problem = case.find("error") if problem is None else problem
        if problem is not None:
            failed[test] = why(problem.get("message") or "", problem.text or "")
        elif case.find("skipped") is None:
            passed.add(test)
    return Outcome(passed, failed, done.stdout[-5000:] + done.stderr[-3000:])


_COURSE_FILE = re.compile(r"\b(p\d\d)_[a-z]+[/\\]")  # a path inside a project: p02_asgi/...


def why(message: str, text: str) -> str:
    """The first line of why a test failed, naming the course project whose code raised.

    A file pytest could not even import says only "collection failure": its reason is the
    last `E   ` line of the report. A stub's "Milestone 4: ..." could be any project's: the
    innermost course file in the traceback says whose (`[p02] Milestone 4: ...`)."""
    if message.startswith("collection failure"):
        reasons = [line[1:].strip() for line in text.splitlines() if line.startswith("E ")]
        message = f"collection failure: {reasons[-1]}" if reasons else message
    first = message.partition("\n")[0][:300]
    projects = _COURSE_FILE.findall(text)
    return f"[{projects[-1]}] {first}" if projects else first


def junit_test_id(classname: str, name: str) -> str:
    """`tests/test_routing.py::test_router[asyncio]` from JUnit's pieces; a file that could not
    be collected (classname empty, name `tests.test_routing`) is named by its path."""
    if not classname:
        return name.replace(".", "/") + ".py"
    module, _, cls = classname.partition(".Test")
    path = module.replace(".", "/") + ".py"
    return f"{path}::Test{cls}::{name}" if cls else f"{path}::{name}"


def check(suite: Suite, outcome: Outcome, target: Path, prefix: str) -> None:
    """Assert that every test under `prefix` passed, except the departures, and that every
    departure still fails; the message lists each failure with why, and where to read it."""
    ran = [t for t in {*outcome.passed, *outcome.failed} if t.startswith(prefix)]
    assert ran, f"no test of {prefix} ran; pytest said:\n{outcome.output}"
    unexpected, stale = verdict(suite, outcome, prefix)
    failures = "\n".join(f"{test}: {why}" for test, why in sorted(unexpected.items()))
    library = suite.library.capitalize()
    assert not unexpected, f"{len(unexpected)} of {library}'s tests fail ({target / prefix}):\n{failures}"
    assert not stale, f"these departures pass now: remove them from {suite.path.name}: {stale}"


def verdict(suite: Suite, outcome: Outcome, prefix: str) -> tuple[dict[str, str], list[str]]:
    """For the tests under `prefix`: (unexpected failures, departures that pass now).

    A departure names a test function; it covers each of its parametrized variants
    (`test_x` covers `test_x[asyncio]`), and is stale when none of them fails any more."""
    departures = suite.departures

    def departure(test: str) -> str | None:
        return next((d for d in departures if test == d or test.startswith(d + "[")), None)

    mine = {t for t in {*outcome.passed, *outcome.failed} if t.startswith(prefix)}
    unexpected = {t: why for t, why in outcome.failed.items() if t in mine and departure(t) is None}
    still_failing = {departure(t) for t in outcome.failed}
    ran = {departure(t) for t in mine}
    stale = sorted(d for d in departures if d in ran and d not in still_failing)
    return unexpected, stale
