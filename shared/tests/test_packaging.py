"""Every project installs like a package: `pip install ./p06_openapi` in a plain venv.

Course packages depend on each other by path ("miniasgi @ {root:parent:uri}/p02_asgi"), so
pip takes the earlier projects from the folders beside, never from the package index, where
an unrelated project could own the name. p06 stands on p02..p05, so installing it alone
checks every such link.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
import venv
from pathlib import Path

import pytest
from coursekit.projects import Project

from .layout import PROJECTS, ROOT


@pytest.mark.timeout(600)
def test_the_deepest_project_installs_into_a_plain_venv_with_pip(tmp_path: Path) -> None:
    venv.create(tmp_path / "venv", with_pip=True)
    python = tmp_path / "venv" / "bin" / "python"
    install = subprocess.run(
        [
            str(python),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            str(ROOT / "p06_openapi"),
        ],
        capture_output=True,
        text=True,
        timeout=540,
        check=False,
    )
    assert install.returncode == 0, install.stderr[-3000:]
    check = subprocess.run(
        [str(python), "-c", "import miniasgi, minirouter, minipydantic, minidi, miniopenapi; print('ok')"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert check.stdout.strip() == "ok", check.stderr
    where = subprocess.run(
        [str(python), "-m", "pip", "show", "miniasgi"], capture_output=True, text=True, check=False
    )
    assert sys.prefix not in where.stdout  # installed into the plain venv, not borrowed from ours
    assert "Location: " + str(tmp_path) in where.stdout


@pytest.mark.parametrize("project", PROJECTS, ids=[p.id for p in PROJECTS])
def test_course_packages_are_declared_by_path_and_the_kit_with_the_tests(project: Project) -> None:
    """A project's tests use the kit's plugin and helpers, so its test extra names the kit."""
    data = tomllib.loads((project.folder / "pyproject.toml").read_text())["project"]
    course = {p.package for p in PROJECTS} | {"coursekit"}
    declared = [*data.get("dependencies", []), *data["optional-dependencies"]["test"]]
    for requirement in declared:
        name = re.split(r"[\s<>=!~;@\[]", requirement, maxsplit=1)[0]
        if name in course:
            assert "@ {root:parent:uri}/" in requirement, f"{requirement!r} must point at the folder beside"
    assert any(r.startswith("coursekit @") for r in data["optional-dependencies"]["test"])
