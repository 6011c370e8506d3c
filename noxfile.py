"""Every command of the course. `nox -l` lists them; `nox -s <name>` runs one.

Learner loop:   start -> watch (or pNN, hint) -> compare -> progress   (reset / restore)
Whole suite:    test (every project and the kit, reference solutions), lint; coverage
Maintainers:    explore (search for new disagreements), bench, lock (re-pin constraints.txt)

Projects are discovered from the `pNN_name/course.toml` folders, so a new project needs no
change here. Each learner session (`nox -s pNN`) runs in its own environment holding only
that project and the earlier course packages it declares, so a hidden dependency cannot go
unnoticed. Every environment installs third-party packages at the versions pinned in
constraints.txt, so a parity test's oracle is the same library on every machine.
"""

from __future__ import annotations

import hashlib
import os
import re
import signal
import sys
import tomllib
from pathlib import Path
from typing import NoReturn

import nox

ROOT = Path(__file__).parent.resolve()
sys.path.insert(0, str(ROOT / "shared" / "src"))

from coursekit import workspace  # noqa: E402  (the kit's standard-library-only modules)
from coursekit.projects import Project, dependencies, discover, planned  # noqa: E402

nox.needs_version = ">=2024.4.15"
nox.options.default_venv_backend = "uv|virtualenv"
nox.options.reuse_venv = "yes"
nox.options.envdir = str(ROOT / ".nox")  # one set of environments, wherever nox is started

PROJECTS = discover(ROOT)
CONSTRAINTS = ROOT / "constraints.txt"
KIT_ENV = {"PYTHONPATH": str(ROOT / "shared" / "src"), "COURSE_ROOT": str(ROOT)}
COVERAGE_DIR = ROOT / ".coverage-data"


def _project_here() -> Project | None:
    """The project whose folder (or the learner's copy of it) nox was started in."""
    here = Path.cwd().resolve()
    for project in PROJECTS:
        if here in (project.folder, workspace.learner_folder(project).resolve()):
            return project
    return None


# Plain `nox`: the progress view from the course root, the project's tests from its folder.
HERE = _project_here()
nox.options.sessions = [HERE.id] if HERE else ["progress"]


# --- helpers ---------------------------------------------------------------------------------


def course_dependencies(project: Project) -> list[Project]:
    return dependencies(project, PROJECTS)


def extras_of(project: Project) -> set[str]:
    data = tomllib.loads((project.folder / "pyproject.toml").read_text(encoding="utf-8"))
    return set(data["project"].get("optional-dependencies", {}))


def install(session: nox.Session, projects: list[Project], extras: str = "test") -> None:
    """Install the kit, the projects (with those of `extras` they have) and their course dependencies, pinned.

    All editable. Editable installs already pick up code changes, so a learner's tenth
    `nox -s p01` skips this step unless a pyproject.toml or the pins changed.
    """
    needed = [d for p in projects for d in dependencies(p, PROJECTS, extras=True) if d not in projects]
    kit = f"{ROOT / 'shared'}[maintainers]" if "maintainers" in extras else str(ROOT / "shared")
    args = ["-c", str(CONSTRAINTS), "-e", kit, "coverage[toml]>=7.10"]
    for dependency in dict.fromkeys(needed):
        args += ["-e", str(dependency.folder)]
    for project in projects:
        wanted = ",".join(e for e in extras.split(",") if e in extras_of(project))  # pNN[test,bench]
        args += ["-e", f"{project.folder}[{wanted}]" if wanted else str(project.folder)]
    digest = hashlib.sha256(" ".join(args).encode())
    for path in sorted(
        {CONSTRAINTS, ROOT / "shared" / "pyproject.toml", *(p.folder / "pyproject.toml" for p in PROJECTS)}
    ):
        digest.update(path.read_bytes())
    stamp = Path(session.virtualenv.location) / ".course-installed"
    if stamp.exists() and stamp.read_text() == digest.hexdigest():
        return
    session.install(*args)
    stamp.write_text(digest.hexdigest())


def learner_env(project: Project, args: list[str]) -> tuple[dict[str, str], str]:
    """PYTHONPATH for whose code to test, and a sentence saying it (consumes the flags).

    By default each block is the learner's copy where they have one, the reference
    otherwise. `--reference`: the reference everywhere. `--reference-deps`: the learner's
    copy of this project on the reference of every earlier one.
    """
    env = {"COURSE_ROOT": str(ROOT)}
    if pop_flag(args, "--reference"):
        return {**env, "PYTHONPATH": ""}, f"the reference {project.id} (--reference)"
    reference_deps = pop_flag(args, "--reference-deps")
    earlier = [] if reference_deps else course_dependencies(project)
    mine = [p for p in (*earlier, project) if workspace.has_learner_copy(p)]
    env["PYTHONPATH"] = os.pathsep.join(str(workspace.learner_folder(p)) for p in mine)
    if project in mine:
        label = f"YOUR {project.id} in {workspace.learner_folder(project)}"
    else:
        label = f"the reference {project.id} (you have no copy yet: nox -s start -- {project.id})"
    below = course_dependencies(project)
    if below:
        yours = [p.id for p in below if p in mine]
        theirs = [p.id for p in below if p not in mine]
        parts = [f"YOUR {', '.join(yours)}"] if yours else []
        parts += [f"the reference {', '.join(theirs)}"] if theirs else []
        label += ", built on " + " and ".join(parts)
        label += " (--reference-deps)" if reference_deps else ""
    return env, label


def pop_flag(args: list[str], flag: str) -> bool:
    if flag in args:
        args.remove(flag)
        return True
    return False


def project_arg(session: nox.Session, default: str | None = None) -> tuple[Project, list[str]]:
    """The project named first in the posargs (or the folder's, or `default`), and the other args."""
    args = list(session.posargs)
    named = args.pop(0) if args and not args[0].startswith("-") else None
    key = named or (HERE.id if HERE else default)
    if key is None:
        session.error(f"name a project, e.g. `nox -s {session.name} -- p01`")
    wanted = f"p{int(key):02d}" if key.isdigit() else key.lower()
    for project in PROJECTS:
        if wanted in (project.id, project.name, project.package):
            return project, args
    ready = ", ".join(p.id for p in PROJECTS)
    for entry in planned(ROOT):
        if wanted in (entry.id, entry.folder, entry.package):
            session.error(f"{entry.describe()} is planned, not in the course yet. Ready now: {ready}")
    session.error(f"no project {key!r}; the course has: {ready}")


# --- the learner's sessions --------------------------------------------------------------------


def _project_session(project: Project) -> None:
    def run(session: nox.Session) -> None:
        args = list(session.posargs)
        install(session, [project])
        env, label = learner_env(project, args)
        session.log(f"{project.id}: testing {label}")
        reference = env["PYTHONPATH"] == "" and not workspace.has_learner_copy(project)
        style = [] if reference else ["--tb=short", "-rN"]  # the milestone summary ends the run
        session.run("pytest", str(project.folder / "tests"), *style, *args, env=env)

    run.__doc__ = (
        f"{project.title}. Tests your code (the reference if you have none). "
        "Options: --milestone N, --reference, --reference-deps, or any pytest option."
    )
    nox.session(name=project.id)(run)


def _planned_session(entry_id: str, description: str) -> None:
    def run(session: nox.Session) -> NoReturn:
        ready = ", ".join(p.id for p in PROJECTS)
        session.error(f"{description} is planned, not in the course yet. Ready now: {ready}")

    run.__doc__ = f"(planned) {description}"
    nox.session(name=entry_id, venv_backend="none")(run)


for _project in PROJECTS:
    _project_session(_project)
for _entry in planned(ROOT):
    _planned_session(_entry.id, _entry.describe())


def _kit(session: nox.Session, command: str, *args: str) -> None:
    session.run(sys.executable, "-m", "coursekit", command, *args, env=KIT_ENV, external=True)


@nox.session(venv_backend="none")
def start(session: nox.Session) -> None:
    """Start a project: copy its starter into workspace/ (never overwrites your work)."""
    _kit(session, "start", *session.posargs)


@nox.session(venv_backend="none")
def reset(session: nox.Session) -> None:
    """Start a project over: your current copy moves to workspace/.backups/ first."""
    _kit(session, "reset", *session.posargs)


@nox.session(venv_backend="none")
def restore(session: nox.Session) -> None:
    """Undo a reset: put your newest backup back (`-- p01 NAME` for another; the current copy is kept)."""
    _kit(session, "restore", *session.posargs)


@nox.session(venv_backend="none")
def hint(session: nox.Session) -> None:
    """The next hint for the milestone you are on (`-- p01 2` for another, `--all` for all of them)."""
    args = list(session.posargs) or ([HERE.id] if HERE else [])
    _kit(session, "hint", *args)


@nox.session
def watch(session: nox.Session) -> None:
    """Your loop: each save reruns the milestone you are on (keys: h hint, a all tests, n next, q quit)."""
    from coursekit.watch import default_project  # stdlib-only at import, like workspace

    current = default_project(PROJECTS)
    project, args = project_arg(session, current.id if current else None)
    if not workspace.has_learner_copy(project):  # a new learner's first command: start it for them
        _, target = workspace.start(project)  # never overwrites, like `nox -s start`
        session.log(f"Your copy of {project.id} is ready: {target}. Lesson: {project.folder.name}/README.md")
    install(session, [project])
    env, label = learner_env(project, args)  # `-- p01 --milestone 2`, `--reference-deps` work here too
    session.log(f"{project.id}: watching {label}")
    signal.signal(signal.SIGTERM, _interrupt)  # an editor's stop button stops the watcher too
    session.run("python", "-m", "coursekit.watch", project.id, *args, env=env, interrupt_timeout=5.0)


@nox.session(venv_backend="none")
def progress(session: nox.Session) -> None:
    """Every project's milestones: passed, failing, or not started."""
    _kit(session, "progress")


@nox.session
def compare(session: nox.Session) -> None:
    """Same scenarios through your code, the reference and the real library. `--code`: the diff."""
    project, flags = project_arg(session)
    install(session, [project])
    session.run("python", "-m", "coursekit", "compare", project.id, *flags, env={"COURSE_ROOT": str(ROOT)})


def _interrupt(signum: int, frame: object) -> NoReturn:
    raise KeyboardInterrupt


@nox.session
def serve(session: nox.Session) -> None:
    """Run the course's main program for real (the latest project's example app; `-- pNN` for another)."""
    default = "p07" if any(p.id == "p07" for p in PROJECTS) else "p01"
    project, args = project_arg(session, default)  # the rest goes to the server: `-- p01 --bind :9000`
    install(session, [project])
    env, label = learner_env(project, args)
    server = project.serve[0] in {"gunicorn", "uvicorn"}
    where = ": open http://127.0.0.1:8000 (Ctrl+C stops it)" if server else ""
    session.log(f"Running {project.id}'s example with {label}{where}")
    session.chdir(project.folder)
    # A SIGTERM (an IDE's stop button, `kill`) must stop the server too, not orphan it on port
    # 8000: nox treats it like Ctrl+C, asks the server to stop, and waits for it to finish.
    signal.signal(signal.SIGTERM, _interrupt)
    session.run(*project.serve, *args, env=env, interrupt_timeout=1.0, terminate_timeout=15.0)


@nox.session
def bench(session: nox.Session) -> None:
    """A project's micro-benchmark beside the real libraries: `-- p01` (other options go to bench.py)."""
    project, args = project_arg(session)
    if not (project.folder / "bench.py").exists():
        session.error(f"{project.id} has no bench.py")
    install(session, [project], extras="test,bench")
    env, label = learner_env(project, args)
    session.log(f"Benchmarking {label}")
    session.run("python", str(project.folder / "bench.py"), *args, env=env)


# --- the whole suite, as CI runs it --------------------------------------------------------------


def _suite(session: nox.Session) -> tuple[list[Project], list[Path], list[str]]:
    """Which projects `test` runs (all, or those named), their test folders, and pytest's args."""
    named = [a for a in session.posargs if re.fullmatch(r"p\d\d|kit", a)]
    rest = [a for a in session.posargs if a not in named]
    chosen = [p for p in PROJECTS if not named or p.id in named]
    folders = [p.folder / "tests" for p in chosen]
    if not named or "kit" in named:
        folders.append(ROOT / "shared" / "tests")
    return chosen, folders, rest


@nox.session
def test(session: nox.Session) -> None:
    """The whole test suite, every project and the kit, on the reference solutions (what CI runs).

    One pytest process, so it ends with one total. `-- p03 p04` runs only those projects.
    """
    _, folders, rest = _suite(session)
    install(session, PROJECTS, extras="test,maintainers")
    session.run(*_suite_command(folders, rest), env={"COURSE_ROOT": str(ROOT), "PYTHONPATH": ""})


def _suite_command(folders: list[Path], rest: list[str]) -> list[str]:
    return ["pytest", *map(str, folders), "--hypothesis-profile=ci", "-p", "no:cacheprovider", *rest]


@nox.session
def explore(session: nox.Session) -> None:
    """Search for new disagreements with the real library: random inputs, 1,000 per property test.

    Whatever it finds: add the input to the test as an `@example`, fix the reference, commit both.
    """
    project, rest = project_arg(session)
    install(session, [project])
    session.log(f"{project.id}: every property test, random inputs, on the reference")
    session.run(
        "pytest", str(project.folder / "tests"), "-m", "hypothesis", "--hypothesis-profile=explore",
        "--hypothesis-show-statistics", "--timeout=900", *rest,  # 1,000 inputs take longer than 60 s
        env={"COURSE_ROOT": str(ROOT), "PYTHONPATH": ""},
    )  # fmt: skip


@nox.session
def coverage(session: nox.Session) -> None:
    """The `test` suite again under coverage's tracer, then what it reached of the reference
    solutions and the kit. `-- p03 p04` as for `test`.

    Not in CI: on Python 3.11 the tracer is called for every line of every test. It makes the
    in-process tests half to four fifths slower and the whole suite about a fifth slower, which
    took CI past its 20 minutes. Run it after adding code, to find what no test reaches.
    """
    chosen, folders, rest = _suite(session)
    install(session, PROJECTS, extras="test,maintainers")
    COVERAGE_DIR.mkdir(exist_ok=True)
    for stale in COVERAGE_DIR.glob(".coverage*"):
        stale.unlink()
    env = {"COVERAGE_FILE": str(COVERAGE_DIR / ".coverage")}
    # Folders, not package names: a learner copy a kit test makes in /tmp is also "miniflask".
    sources = ",".join(str(path) for path in [ROOT / "shared" / "src", *(p.reference for p in chosen)])
    session.run(
        "coverage", "run", f"--source={sources}", "-m", *_suite_command(folders, rest),
        env={**env, "COURSE_ROOT": str(ROOT), "PYTHONPATH": ""},
    )  # fmt: skip
    session.run("coverage", "combine", "--quiet", str(COVERAGE_DIR), env=env)
    session.run("coverage", "report", "--skip-empty", env=env)


@nox.session
def lint(session: nox.Session) -> None:
    """Quality gates: ruff check, ruff format --check, mypy --strict on every reference solution."""
    install(session, PROJECTS, extras="test,maintainers")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run("mypy", "--strict", str(ROOT / "shared" / "src"), *(str(p.reference) for p in PROJECTS))


@nox.session(venv_backend="none")
def lock(session: nox.Session) -> None:
    """Maintainers: re-pin every third-party package (oracles included) into constraints.txt."""
    inputs = [str(p.folder / "pyproject.toml") for p in PROJECTS] + [str(ROOT / "shared" / "pyproject.toml")]
    course = [p.package for p in PROJECTS] + ["coursekit"]
    session.run(
        "uv", "pip", "compile", *inputs, "--all-extras", "--python-version", "3.11",
        "--no-annotate", "--custom-compile-command", "nox -s lock",
        *(f"--no-emit-package={name}" for name in course), "-o", str(CONSTRAINTS), external=True,
    )  # fmt: skip
