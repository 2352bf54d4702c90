"""`.ci/release` on throwaway repositories: the commit types decide the next version.

Real git and the real commitizen with this checkout's configuration: `feat:` bumps the minor
version, `fix:` the patch, a breaking change (`fix!:`) the major, from 0.x too
(major_version_zero = false), and every stamped file, the changelog and the tag follow.
"""

from __future__ import annotations

import re
from pathlib import Path

from release.releasing import (
    CHANGELOG,
    PYTHON_VERSION_FILE,
    STAMPED,
    Repo,
    changelog_releases,
    cz_settings,
    make_repo,
    next_versions,
    stamped_versions,
)


def release(repo: Repo) -> str:
    """Run .ci/release; the version it printed."""
    result = repo.script("release", str(repo.path.parent / "notes.md"))
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def assert_released(repo: Repo, version: str, *, previous: str, subjects: list[str]) -> None:
    """`version` is stamped everywhere, committed, tagged, and its changelog section and notes
    name `subjects`."""
    assert stamped_versions(repo.path) == dict.fromkeys(STAMPED, version)
    assert repo.git("status", "--porcelain", "--untracked-files=no") == ""
    assert repo.git("log", "-1", "--format=%s") == f"bump: version {previous} → {version}\n"
    assert repo.git("tag", "--points-at", "HEAD") == f"v{version}\n"
    assert changelog_releases(repo.path)[0] == version
    section = (repo.path / CHANGELOG).read_text().split("\n## ")[0]
    notes = (repo.path.parent / "notes.md").read_text()
    for subject in subjects:
        assert subject in section
        assert subject in notes
    # The heading (`## v1.2.0 (date)`) is the release's title, not part of its notes.
    assert not re.search(r"^## ", notes, re.MULTILINE)
    assert not re.search(r"^## Unreleased", (repo.path / CHANGELOG).read_text(), re.MULTILINE)


def test_feat_bumps_the_minor_version(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, released=True)
    current = cz_settings(repo.path)["version"]
    repo.commit("feat(api): boards can be archived")
    repo.commit("docs: how to archive a board")
    version = release(repo)
    assert version == next_versions(current)["minor"]
    assert_released(repo, version, previous=current, subjects=["boards can be archived"])


def test_fix_bumps_the_patch_version(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, released=True)
    current = cz_settings(repo.path)["version"]
    repo.commit("fix(web): the board keeps its scroll position")
    version = release(repo)
    assert version == next_versions(current)["patch"]
    assert_released(repo, version, previous=current, subjects=["keeps its scroll position"])


def test_a_breaking_fix_bumps_the_major_version(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, released=True)
    current = cz_settings(repo.path)["version"]
    repo.commit("feat(api): task labels")
    repo.commit("fix(api)!: due dates are ISO dates, not timestamps")
    version = release(repo)
    # From 0.x as well: the repository starts below 1.0.0 and major_version_zero is off.
    assert version == next_versions(current)["major"]
    assert_released(repo, version, previous=current, subjects=["task labels", "due dates are ISO"])


def test_the_next_release_keeps_the_earlier_sections(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, released=True)
    current = cz_settings(repo.path)["version"]
    repo.commit("feat: first feature")
    first = release(repo)
    repo.commit("fix: first fix")
    second = release(repo)
    assert second == next_versions(first)["patch"]
    assert_released(repo, second, previous=first, subjects=["first fix"])
    assert changelog_releases(repo.path)[:2] == [second, first]
    assert "first feature" not in (repo.path.parent / "notes.md").read_text()
    assert repo.tags() == sorted([f"v{current}", f"v{first}", f"v{second}"])


def test_the_first_release_takes_the_whole_history(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, released=False)  # no vX.Y.Z tag yet, as before the first release
    current = cz_settings(repo.path)["version"]
    repo.commit("fix: an early fix")
    repo.commit("feat: an early feature")
    version = release(repo)
    assert version == next_versions(current)["minor"]
    assert_released(repo, version, previous=current, subjects=["an early fix", "an early feature"])
    assert changelog_releases(repo.path) == [version]


def test_commits_that_change_no_behaviour_release_nothing(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, released=True)
    before = stamped_versions(repo.path)
    repo.commit("docs: a better README")
    head = repo.commit("test: one more case")
    result = repo.script("release", str(tmp_path / "notes.md"))
    assert (result.returncode, result.stdout) == (0, "")
    assert "nothing to release" in result.stderr
    assert stamped_versions(repo.path) == before
    assert repo.git("rev-parse", "HEAD").strip() == head
    assert repo.tags() == [f"v{before['.cz.toml']}"]


def test_release_refuses_uncommitted_changes(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, released=True)
    repo.commit("feat: something to release")
    version_file = repo.path / PYTHON_VERSION_FILE
    version_file.write_text(version_file.read_text() + "# local edit\n")
    result = repo.script("release")
    assert result.returncode == 1
    assert "uncommitted changes" in result.stderr
    assert len(repo.tags()) == 1
