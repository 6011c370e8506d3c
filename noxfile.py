"""Every command of the course. `nox -l` lists them; `nox -s <name>` runs one.

Learner loop:   start -> pNN (tests) -> hint -> compare -> progress   (reset starts over)
Whole suite:    test (every project, reference solutions) -> coverage, lint

Projects are discovered from the `pNN_name/course.toml` folders, so a new project needs no
change here. Each project's tests run in their own environment holding only that project and
the earlier course packages it declares, so a hidden dependency cannot go unnoticed.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
import tomllib
from pathlib import Path

import nox

ROOT = Path(__file__).parent.resolve()
sys.path.insert(0, str(ROOT / "shared" / "src"))

from coursekit import workspace  # noqa: E402  (the kit's standard-library-only modules)
from coursekit.projects import Project, discover  # noqa: E402

nox.needs_version = ">=2024.4.15"
nox.options.default_venv_backend = "uv|virtualenv"
nox.options.reuse_venv = "yes"
nox.options.sessions = ["progress"]

PROJECTS = discover(ROOT)
BY_PACKAGE = {p.package: p for p in PROJECTS}
KIT_ENV = {"PYTHONPATH": str(ROOT / "shared" / "src"), "COURSE_ROOT": str(ROOT)}
COVERAGE_DIR = ROOT / ".coverage-data"


# --- helpers ---------------------------------------------------------------------------------


def course_dependencies(project: Project) -> list[Project]:
    """The earlier course packages a project declares in its pyproject, transitively, in order."""
    found: dict[str, Project] = {}
    pending = [project]
    while pending:
        data = tomllib.loads((pending.pop().folder / "pyproject.toml").read_text(encoding="utf-8"))
        for requirement in data["project"].get("dependencies", []):
            name = re.split(r"[\s<>=!~;\[]", requirement, maxsplit=1)[0].lower()
            if name in BY_PACKAGE and name not in found:
                found[name] = BY_PACKAGE[name]
                pending.append(BY_PACKAGE[name])
    return sorted(found.values(), key=lambda p: p.number)


def install(session: nox.Session, projects: list[Project], *extra: str) -> None:
    """Install the kit, the projects (with their test extras) and their course dependencies.

    All editable. Editable installs already pick up code changes, so a learner's tenth
    `nox -s p01` skips this step unless a pyproject.toml changed.
    """
    dependencies = [d for p in projects for d in course_dependencies(p) if d not in projects]
    args = ["-e", str(ROOT / "shared"), "coverage[toml]>=7.10", *extra]
    for dependency in dict.fromkeys(dependencies):
        args += ["-e", str(dependency.folder)]
    for project in projects:
        args += ["-e", f"{project.folder}[test]"]
    digest = hashlib.sha256(" ".join(args).encode())
    for path in sorted(
        {ROOT / "shared" / "pyproject.toml", *(p.folder / "pyproject.toml" for p in PROJECTS)}
    ):
        digest.update(path.read_bytes())
    stamp = Path(session.virtualenv.location) / ".course-installed"
    if stamp.exists() and stamp.read_text() == digest.hexdigest():
        return
    session.install(*args)
    stamp.write_text(digest.hexdigest())


def learner_env(project: Project, reference: bool) -> tuple[dict[str, str], str]:
    """PYTHONPATH putting the learner's copies first (this project and its course dependencies)."""
    env = {"COURSE_ROOT": str(ROOT)}
    if reference:
        return {**env, "PYTHONPATH": ""}, "the reference solution (--reference)"
    mine = [p for p in (*course_dependencies(project), project) if workspace.has_learner_copy(p)]
    env["PYTHONPATH"] = os.pathsep.join(str(workspace.learner_folder(p)) for p in mine)
    if workspace.has_learner_copy(project):
        return env, f"YOUR code in {workspace.learner_folder(project)}"
    return env, f"the reference solution (you have no copy yet: nox -s start -- {project.id})"


def pop_flag(args: list[str], flag: str) -> bool:
    if flag in args:
        args.remove(flag)
        return True
    return False


def project_arg(session: nox.Session, default: str | None = None) -> Project:
    args = [a for a in session.posargs if not a.startswith("-")]
    key = args[0] if args else default
    if key is None:
        session.error(f"name a project, e.g. `nox -s {session.name} -- p01`")
    for project in PROJECTS:
        wanted = f"p{int(key):02d}" if key.isdigit() else key.lower()
        if wanted in (project.id, project.name, project.package):
            return project
    session.error(f"no project {key!r}; the course has: {', '.join(p.id for p in PROJECTS)}")


# --- the learner's sessions --------------------------------------------------------------------


def _project_session(project: Project) -> None:
    def run(session: nox.Session) -> None:
        args = list(session.posargs)
        reference = pop_flag(args, "--reference")
        install(session, [project])
        env, label = learner_env(project, reference)
        session.log(f"{project.id}: testing {label}")
        style = [] if reference else ["--tb=short", "-rN"]  # the milestone summary ends the run
        session.run("pytest", str(project.folder / "tests"), *style, *args, env=env)

    run.__doc__ = (
        f"{project.title}. Tests your code (the reference if you have none). "
        "Options: --milestone N, --reference, or any pytest option."
    )
    nox.session(name=project.id)(run)


for _project in PROJECTS:
    _project_session(_project)


def _kit(session: nox.Session, command: str, *args: str) -> None:
    session.run(sys.executable, "-m", "coursekit", command, *args, env=KIT_ENV, external=True)


@nox.session(venv_backend="none")
def start(session: nox.Session) -> None:
    """Start a project: copy its starter into workspace/ (never overwrites your work)."""
    _kit(session, "start", project_arg(session).id)


@nox.session(venv_backend="none")
def reset(session: nox.Session) -> None:
    """Start a project over: your current copy moves to workspace/.backups/ first."""
    _kit(session, "reset", project_arg(session).id)


@nox.session(venv_backend="none")
def hint(session: nox.Session) -> None:
    """Hints for a project's current milestone (or the one you name: `-- p01 2`)."""
    _kit(session, "hint", *session.posargs)


@nox.session(venv_backend="none")
def progress(session: nox.Session) -> None:
    """Every project's milestones: passed, failing, or not started."""
    _kit(session, "progress")


@nox.session
def compare(session: nox.Session) -> None:
    """Same scenarios through your code, the reference and the real library. `--code`: the diff."""
    project = project_arg(session)
    install(session, [project])
    _kit_in_venv(session, "compare", *session.posargs)


def _kit_in_venv(session: nox.Session, *args: str) -> None:
    session.run("python", "-m", "coursekit", *args, env={"COURSE_ROOT": str(ROOT)})


@nox.session
def serve(session: nox.Session) -> None:
    """Run the course's main program for real (the latest project's example app; `-- pNN` for another)."""
    default = "p07" if any(p.id == "p07" for p in PROJECTS) else "p01"
    args = list(session.posargs)
    reference = pop_flag(args, "--reference")
    project = project_arg(session, default)
    extra = [a for a in args if a.startswith("-")]
    install(session, [project])
    env, label = learner_env(project, reference)
    server = project.serve[0] in {"gunicorn", "uvicorn"}
    where = ": open http://127.0.0.1:8000 (Ctrl+C stops it)" if server else ""
    session.log(f"Running {project.id}'s example with {label}{where}")
    session.chdir(project.folder)
    session.run(*project.serve, *extra, env=env)


# --- the whole suite, as CI runs it --------------------------------------------------------------


@nox.session
@nox.parametrize("target", [*(p.id for p in PROJECTS), "kit"])
def test(session: nox.Session, target: str) -> None:
    """The whole test suite against the reference solutions (what CI runs), with coverage."""
    COVERAGE_DIR.mkdir(exist_ok=True)
    env = {
        "COURSE_ROOT": str(ROOT),
        "PYTHONPATH": "",
        "COVERAGE_FILE": str(COVERAGE_DIR / f".coverage.{target}"),
    }
    if target == "kit":
        install(session, PROJECTS)
        tests, package = ROOT / "shared" / "tests", "coursekit"
    else:
        project = next(p for p in PROJECTS if p.id == target)
        install(session, [project])
        tests, package = project.folder / "tests", project.package
    session.run(
        "coverage", "run", f"--source={package}", "-m", "pytest", str(tests), *session.posargs, env=env
    )


@nox.session
def coverage(session: nox.Session) -> None:
    """Coverage of the reference code, from the data the `test` sessions left."""
    if not any(COVERAGE_DIR.glob(".coverage.*")):
        session.error("no coverage data: run `nox -s test` first")
    session.install("coverage[toml]>=7.10")
    session.run("coverage", "combine", "--quiet", str(COVERAGE_DIR))
    session.run("coverage", "report", "--skip-empty")


@nox.session
def lint(session: nox.Session) -> None:
    """Quality gates: ruff check, ruff format --check, mypy --strict on every reference solution."""
    install(session, PROJECTS, "ruff>=0.6", "mypy>=1.11")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run("mypy", "--strict", str(ROOT / "shared" / "src"), *(str(p.reference) for p in PROJECTS))
