"""A two-project course in a temporary folder, for testing the plugin the way a learner meets it.

p41_base (package `basepkg`) is an earlier project; p42_demo (package `demopkg`) stands on it.
Each has a reference in src/ and a learner copy in the workspace; the learner's p41 still
has a stub, so p42's tests can show whom a failure is blamed on.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

PLAN = """
[[projects]]
id = "p41"
folder = "p41_base"
package = "basepkg"
summary = "the base"

[[projects]]
id = "p42"
folder = "p42_demo"
package = "demopkg"
summary = "the demo"

[[projects]]
id = "p43"
folder = "p43_later"
package = "laterpkg"
summary = "not written yet"
"""

COURSE_TOML = """
id = "{id}"
title = "{title}"
package = "{package}"
real_library = "pytest"

[[milestones]]
number = 1
title = "{first}"
hints = ["First, the gentlest hint.", "Second, closer to the answer."]

[[milestones]]
number = 2
title = "Add numbers"
hints = ["Use +."]
"""

PYPROJECT = """
[project]
name = "{package}"
version = "0.1.0"
dependencies = [{dependencies}]
"""

FILES = {
    "p41_base/src/basepkg/__init__.py": """
        def double(x):
            return 2 * x
    """,
    "p41_base/tests/test_m1_double.py": """
        from basepkg import double

        def test_double():
            assert double(2) == 4
    """,
    "p41_base/tests/test_m2_more.py": """
        from basepkg import double

        def test_double_again():
            assert double(3) == 6
    """,
    "p42_demo/src/demopkg/__init__.py": """
        from basepkg import double

        def hello():
            return 'hello'

        def twice(x):
            return double(x)

        def add(a, b):
            return a + b
    """,
    "p42_demo/tests/test_m1_hello.py": """
        import pytest
        from demopkg import hello, twice

        def test_hello():
            "hello() says hello."
            assert hello() == 'hello'

        def test_twice():
            "twice() doubles, with the base project's help."
            assert twice(2) == 4

        @pytest.mark.oracle
        def test_the_real_library_agrees():
            assert hello().startswith('h')
    """,
    "p42_demo/tests/test_m2_add.py": """
        import demopkg

        def test_add():
            "add() adds two numbers."
            assert demopkg.add(2, 3) == 5

        def test_multiply():
            "multiply() is not there yet."
            assert demopkg.multiply(2, 3) == 6
    """,
    # The learner: p41 started, `double` still a stub; p42 written but for `add`.
    "workspace/p41_base/basepkg/__init__.py": """
        def double(x):
            raise NotImplementedError('return x doubled')
    """,
    "workspace/p42_demo/demopkg/__init__.py": """
        from basepkg import double

        def hello():
            return 'hello'

        def twice(x):
            return double(x)

        def add(a, b):
            raise NotImplementedError('add the two numbers')
    """,
}


@dataclass(frozen=True)
class FakeCourse:
    root: Path

    @property
    def workspace(self) -> Path:
        return self.root / "workspace"

    def learner(self, folder: str) -> str:
        return str(self.workspace / folder)

    def reference(self, folder: str) -> str:
        return str(self.root / folder / "src")

    def pytest(
        self, project: str, *args: str, pythonpath: list[str], workspace: Path | None = None
    ) -> subprocess.CompletedProcess[str]:
        """Run pytest on one project's tests the way the noxfile does: PYTHONPATH picks the code."""
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join(pythonpath),
            "COURSE_ROOT": str(self.root),
            "COURSE_WORKSPACE": str(workspace or self.workspace),
        }
        return subprocess.run(
            [
                sys.executable,
                "-m",
                "pytest",
                str(self.root / project / "tests"),
                "-p",
                "no:cacheprovider",
                *args,
            ],
            capture_output=True,
            text=True,
            env=env,
            cwd=self.root,
            timeout=120,
            check=False,
        )


def build(root: Path) -> FakeCourse:
    (root / "shared").mkdir(parents=True)
    (root / "noxfile.py").write_text("")
    (root / "course.toml").write_text(PLAN)
    projects = [
        ("p41", "p41_base", "basepkg", "the base", "Double it", ""),
        ("p42", "p42_demo", "demopkg", "the demo", "Say hello", '"basepkg @ {root:parent:uri}/p41_base"'),
    ]
    for pid, folder, package, title, first, deps in projects:
        (root / folder).mkdir()
        (root / folder / "course.toml").write_text(
            COURSE_TOML.format(id=pid, title=title, package=package, first=first)
        )
        (root / folder / "pyproject.toml").write_text(PYPROJECT.format(package=package, dependencies=deps))
    for name, text in FILES.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(textwrap.dedent(text).lstrip())
    return FakeCourse(root)
