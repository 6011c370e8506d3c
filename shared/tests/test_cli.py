"""`python -m coursekit`: the commands the noxfile's learner sessions run."""

from __future__ import annotations

from pathlib import Path

import pytest
from coursekit.__main__ import main
from coursekit.projects import Project, find
from coursekit.requirements import require


def test_start_then_start_again_keeps_work(
    learner_workspace: Path, first_project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["start", first_project.id]) == 0
    assert "Then run: nox -s " + first_project.id + " -- --milestone 1" in capsys.readouterr().out
    assert main(["start", first_project.id]) == 0
    assert "your work is kept as it is" in capsys.readouterr().out


def test_reset_says_where_the_backup_is(
    learner_workspace: Path, first_project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["start", first_project.id])
    capsys.readouterr()
    assert main(["reset", first_project.id]) == 0
    out = capsys.readouterr().out
    assert "Your previous work is safe in" in out
    assert ".backups" in out


def test_hint_and_progress_print_for_a_new_learner(
    learner_workspace: Path, first_project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["hint", first_project.id, "1"]) == 0
    assert first_project.milestones[0].hints[0] in capsys.readouterr().out
    assert main(["progress"]) == 0
    assert "not started" in capsys.readouterr().out


def test_restore_brings_the_backup_back_and_keeps_the_fresh_copy(
    learner_workspace: Path, first_project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    """`restore` undoes `reset`: the old work comes back, and what it replaces is backed up too."""
    main(["start", first_project.id])
    init = learner_workspace / first_project.name / first_project.package / "__init__.py"
    init.write_text("# my work\n")
    main(["reset", first_project.id])
    assert "nox -s restore -- " + first_project.id in capsys.readouterr().out
    assert init.read_text() != "# my work\n"
    assert main(["restore", first_project.id]) == 0
    out = capsys.readouterr().out
    assert init.read_text() == "# my work\n"
    assert "The copy it replaced is safe in" in out


def test_restore_without_a_backup_says_so(
    learner_workspace: Path, first_project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["restore", first_project.id]) == 2
    assert "has no backups" in capsys.readouterr().out


def test_a_planned_project_is_named_as_planned(tmp_path: Path) -> None:
    """A project of the plan whose folder does not exist yet is named as planned, not as
    unknown. Every project of this course is ready, so a small course of its own shows it."""
    (tmp_path / "noxfile.py").write_text("")
    (tmp_path / "shared").mkdir()
    (tmp_path / "course.toml").write_text(
        '[[projects]]\nid = "p11"\nfolder = "p11_next"\npackage = "mininext"\nsummary = "what comes next"\n'
    )
    with pytest.raises(
        LookupError, match=r"p11 \(mininext: what comes next\) is planned, not in the course yet"
    ):
        find("p11", tmp_path)
    with pytest.raises(LookupError, match="no project called 'p99'"):
        find("p99", tmp_path)


def test_an_unknown_project_is_a_usage_error(
    learner_workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["start", "p99"]) == 2
    assert "no project called 'p99'" in capsys.readouterr().out


def test_bad_input_gets_usage_not_a_traceback(
    learner_workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([]) == 2
    assert main(["dance"]) == 2
    assert main(["hint", "p01", "99"]) == 2
    assert "has no milestone 99" in capsys.readouterr().out


def test_require_skips_locally(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="install it"):
        require(False, "a browser")


def test_require_fails_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    """CI must never go green by skipping: a missing dependency fails the test there."""
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="required in CI"):
        require(False, "a browser")
    require(True, "present")
