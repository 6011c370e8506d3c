"""The learner loop's file operations: start never overwrites, reset always backs up."""

from __future__ import annotations

from pathlib import Path

import pytest
from coursekit import hints, progress, workspace
from coursekit.__main__ import main
from coursekit.projects import Project, find


def test_start_copies_the_starter_into_the_workspace(learner_workspace: Path, first_project: Project) -> None:
    """`nox -s start -- p01` gives the learner their own copy of the starter."""
    copied, target = workspace.start(first_project)
    assert copied
    assert target == learner_workspace / first_project.name / first_project.package
    assert (target / "__init__.py").read_text() == (first_project.starter / "__init__.py").read_text()


def test_nox_works_from_the_learners_folder_too(learner_workspace: Path, first_project: Project) -> None:
    """`start` leaves a noxfile beside the copy that runs the course's own noxfile."""
    workspace.start(first_project)
    shim = (learner_workspace / first_project.name / "noxfile.py").read_text()
    assert "runpy.run_path(" in shim
    assert str(first_project.folder.parent / "noxfile.py") in shim


def test_start_never_overwrites_existing_work(learner_workspace: Path, first_project: Project) -> None:
    """Starting twice keeps the learner's edits."""
    _, target = workspace.start(first_project)
    (target / "__init__.py").write_text("# my work\n")
    copied, _ = workspace.start(first_project)
    assert not copied
    assert (target / "__init__.py").read_text() == "# my work\n"


def test_reset_moves_work_to_a_backup_then_starts_fresh(
    learner_workspace: Path, first_project: Project
) -> None:
    """A reset never loses work: the old copy lands in .backups/, twice in a row too."""
    _, target = workspace.start(first_project)
    (target / "__init__.py").write_text("# attempt 1\n")
    first_backup, _ = workspace.reset(first_project)
    second_backup, fresh = workspace.reset(first_project)
    assert first_backup is not None
    assert second_backup is not None
    assert first_backup != second_backup
    assert (first_backup / first_project.package / "__init__.py").read_text() == "# attempt 1\n"
    assert (fresh / "__init__.py").read_text() == (first_project.starter / "__init__.py").read_text()


def test_reset_files_the_old_results_with_the_old_code(
    learner_workspace: Path, first_project: Project
) -> None:
    """After a reset, progress describes the fresh copy, not the attempt that was backed up."""
    workspace.start(first_project)
    progress.record(workspace.results_file(first_project), first_project, {1: progress.Counts(passed=3)})
    backup, _ = workspace.reset(first_project)
    assert backup is not None
    assert (backup / "progress.json").exists()
    assert progress.load(first_project) == {}


def test_progress_shows_not_started_then_recorded_results(
    learner_workspace: Path, first_project: Project
) -> None:
    """Progress reads the results the plugin recorded; it does not re-run tests."""
    assert "not started: nox -s start -- " + first_project.id in progress.render([first_project])
    workspace.start(first_project)
    first, second = first_project.milestones[:2]
    progress.record(
        workspace.results_file(first_project),
        first_project,
        {first.number: progress.Counts(passed=3), second.number: progress.Counts(passed=1, failed=2)},
    )
    view = progress.render([first_project])
    assert f"✔{first.number}" in view
    assert f"✘{second.number}" in view
    assert f"next: nox -s {first_project.id} -- --milestone {second.number}" in view


def test_a_partial_run_keeps_earlier_results(learner_workspace: Path, first_project: Project) -> None:
    """Running only milestone 1 must not forget milestone 2's result."""
    workspace.start(first_project)
    path = workspace.results_file(first_project)
    progress.record(path, first_project, {2: progress.Counts(passed=4)})
    progress.record(path, first_project, {1: progress.Counts(passed=2)})
    assert progress.load(first_project) == {1: progress.Counts(passed=2), 2: progress.Counts(passed=4)}


def test_hint_defaults_to_the_current_milestone(learner_workspace: Path, first_project: Project) -> None:
    """With milestone 1 passed, `hint` talks about milestone 2 and says how to check it."""
    workspace.start(first_project)
    progress.record(workspace.results_file(first_project), first_project, {1: progress.Counts(passed=5)})
    text = hints.render(first_project)
    second = first_project.milestones[1]
    assert text.startswith(f"{first_project.id} milestone {second.number}: {second.title}")
    assert second.hints[0] in text
    assert f"nox -s {first_project.id} -- --milestone {second.number}" in text


def test_hints_are_revealed_one_at_a_time(learner_workspace: Path, first_project: Project) -> None:
    """Each `hint` shows one more; `--all` shows the rest; the last one points at the reference."""
    milestone = first_project.milestones[0]
    first = hints.render(first_project, milestone.number)
    assert milestone.hints[0] in first
    assert milestone.hints[1] not in first
    assert f"Hint 1 of {len(milestone.hints)}" in first
    second = hints.render(first_project, milestone.number)
    assert milestone.hints[0] in second
    assert milestone.hints[1] in second
    everything = hints.render(first_project, milestone.number, show_all=True)
    assert all(hint in everything for hint in milestone.hints)
    assert "nox -s compare -- " + first_project.id + " --code" in everything


def test_in_watch_mode_the_next_hint_is_a_key_press(learner_workspace: Path, first_project: Project) -> None:
    """Watch mode shows hints through the same reveal, but says to press h, not to leave."""
    milestone = first_project.milestones[0]
    text = hints.render(first_project, milestone.number, watching=True)
    assert f"Hint 1 of {len(milestone.hints)}. Press h for the next one." in text
    assert "nox -s hint" not in text


def test_cli_answers_unknown_projects_clearly(
    learner_workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A typo gets the list of projects, not a traceback."""
    assert main(["start", "p99"]) == 2
    assert "the course has: p01" in capsys.readouterr().out
    assert main(["hint"]) == 2
    assert "needs a project id" in capsys.readouterr().out


def test_projects_are_found_by_id_number_or_name(first_project: Project) -> None:
    for key in (first_project.id, str(first_project.number), first_project.name, first_project.package):
        assert find(key, first_project.folder.parent) == first_project
