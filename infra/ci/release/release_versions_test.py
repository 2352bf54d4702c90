"""Every place the version is stamped holds the same version, in the format the tags use."""

from __future__ import annotations

import fnmatch
import re

from release.releasing import (
    CZ_CONFIG,
    SEMVER,
    STAMPED,
    changelog_releases,
    checkout,
    cz_settings,
    stamped_versions,
)


def test_every_stamped_file_holds_the_configured_version() -> None:
    versions = stamped_versions(checkout())
    version = versions[CZ_CONFIG]
    assert SEMVER.fullmatch(version), f"{version!r} is not a semantic version"
    assert versions == dict.fromkeys(STAMPED, version)


def test_the_configuration_stamps_exactly_the_files_checked_here() -> None:
    # A new version file in .cz.toml must join the check above (and stamped_versions).
    version_files = {entry.split(":", 1)[0] for entry in cz_settings(checkout())["version_files"]}
    assert version_files == set(STAMPED) - {CZ_CONFIG}


def test_the_newest_changelog_section_is_the_current_version() -> None:
    version = cz_settings(checkout())["version"]
    releases = changelog_releases(checkout())
    if releases:
        assert releases[0] == version
    else:  # before the first release: the history so far, unreleased
        assert (checkout() / "CHANGELOG.md").read_text().startswith("## Unreleased")


def test_the_tags_commitizen_writes_are_the_ones_the_launcher_reads_for_images() -> None:
    settings = cz_settings(checkout())
    assert settings["tag_format"] == "v$version"
    tag = "v" + settings["version"]
    # image_metadata() in ./pants: TASKBOARD_VERSION from `git describe --match '<glob>'`.
    launcher = (checkout() / "pants").read_text()
    match = re.search(r"git -C \"\$root\" describe --tags --match '([^']+)'", launcher)
    assert match, "the launcher no longer derives the image version from `git describe --match`"
    assert fnmatch.fnmatchcase(tag, match.group(1))
    assert not fnmatch.fnmatchcase(settings["version"], match.group(1))
