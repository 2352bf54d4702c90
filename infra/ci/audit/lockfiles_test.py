import datetime
import json
from pathlib import Path

import pytest

from audit.lockfiles import expired, npm_findings, pinned_requirements, read_ignores

LOCK = """// header the lockfile writer adds
// {"version": 3}
{
  "locked_resolves": [
    {
      "locked_requirements": [
        {"project_name": "jinja2", "version": "3.1.6", "artifacts": [
          {"algorithm": "sha256", "hash": "aa"}, {"algorithm": "sha256", "hash": "bb"}]},
        {"project_name": "anyio", "version": "4.12.0", "artifacts": [
          {"algorithm": "sha256", "hash": "cc"}]}
      ]
    }
  ]
}
"""


def test_every_pin_of_a_lockfile_becomes_a_hashed_requirement() -> None:
    assert pinned_requirements(LOCK) == [
        "anyio==4.12.0 --hash=sha256:cc",
        "jinja2==3.1.6 --hash=sha256:aa --hash=sha256:bb",
    ]


def test_an_ignore_needs_every_field_and_a_date() -> None:
    (ignore,) = read_ignores(
        '[[ignore]]\nid = "GHSA-1"\npackage = "x"\nuntil = 2027-01-31\nreason = "why"\n'
    )
    assert ignore.until == datetime.date(2027, 1, 31)
    with pytest.raises(ValueError, match="missing reason"):
        read_ignores('[[ignore]]\nid = "GHSA-1"\npackage = "x"\nuntil = 2027-01-31\n')
    with pytest.raises(ValueError, match="until date"):
        read_ignores('[[ignore]]\nid = "G"\npackage = "x"\nuntil = "soon"\nreason = "why"\n')


def test_an_ignore_past_its_date_no_longer_counts() -> None:
    ignores = read_ignores(
        '[[ignore]]\nid = "A"\npackage = "x"\nuntil = 2026-11-30\nreason = "r"\n'
        '[[ignore]]\nid = "B"\npackage = "y"\nuntil = 2026-12-31\nreason = "r"\n'
    )
    assert [i.id for i in expired(ignores, datetime.date(2026, 12, 1))] == ["A"]


def test_the_committed_ignores_file_reads() -> None:
    read_ignores(Path("infra/ci/audit/ignores.toml").read_text())


def test_npm_advisories_are_reported_unless_ignored_by_ghsa_or_cve() -> None:
    advisory = {
        "module_name": "next",
        "vulnerable_versions": "<16.0.1",
        "github_advisory_id": "GHSA-aaaa",
        "cves": ["CVE-2026-1"],
        "severity": "high",
        "title": "Cache poisoning",
    }
    report = {"advisories": {"1": advisory}}
    assert npm_findings(report, set()) == ["next <16.0.1: GHSA-aaaa (high) Cache poisoning"]
    assert npm_findings(report, {"GHSA-aaaa"}) == []
    assert npm_findings(report, {"CVE-2026-1"}) == []


def test_an_npm_error_is_no_verdict_not_a_clean_audit() -> None:
    answer = '{"error": {"code": "ERR_PNPM_AUDIT_BAD_RESPONSE", "message": "404"}}'
    with pytest.raises(ValueError, match="404"):
        npm_findings(json.loads(answer), set())
