"""`.ci/commit-check BASE` on throwaway repositories: one line per bad commit message."""

from __future__ import annotations

from pathlib import Path

from release.releasing import make_repo


def test_each_bad_commit_is_named_on_one_line_and_the_check_fails(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, released=True)
    base = repo.git("rev-parse", "HEAD").strip()
    repo.commit("feat(web): a good one")
    bad = [
        repo.commit("fixed the login"),
        repo.commit("feat(web) a colon missing"),
        repo.commit("WIP\n\nfeat: a good line in the body does not count"),
    ]
    repo.commit("fix: another good one")
    result = repo.script("commit-check", base)
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert sorted(lines) == sorted(
        f"not a conventional commit: {sha[:7]} {subject}"
        for sha, subject in zip(
            bad, ["fixed the login", "feat(web) a colon missing", "WIP"], strict=True
        )
    )
    assert "3 of 5 commit(s)" in result.stderr


def test_conventional_merge_and_release_commits_pass(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, released=True)
    base = repo.git("rev-parse", "HEAD").strip()
    repo.commit("feat(api)!: a breaking change\n\nBREAKING CHANGE: the old field is gone")
    repo.commit("Merge branch 'feature'")
    repo.commit('Revert "feat(api)!: a breaking change"')
    repo.commit("bump: version 0.1.0 → 0.2.0")
    result = repo.script("commit-check", base)
    assert (result.returncode, result.stdout) == (0, ""), result.stderr
    assert "4 commit(s)" in result.stderr


def test_an_empty_range_passes_and_an_unknown_base_is_a_usage_error(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, released=True)
    assert repo.script("commit-check", "HEAD").returncode == 0
    unknown = repo.script("commit-check", "no-such-branch")
    assert unknown.returncode == 2
    assert "not a commit" in unknown.stderr
