"""The house rules for GitHub Actions workflows that zizmor and actionlint do not state.

Each check takes a workflow (or composite action) as text and returns its violations as
human-readable strings; an empty list means the file keeps the rule.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

# `uses: owner/repo[/path]@<40 hex> # vX.Y.Z`: a full commit SHA and the release it is.
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")
VERSION_COMMENT = re.compile(r"#\s*v\d+\.\d+\.\d+\b")
SKIPPED_UNDER_ACT = re.compile(r"!\s*env\.ACT\b")
CHECKOUT = "actions/checkout@"


def load(text: str) -> dict[str, Any]:
    """Parse a workflow; YAML 1.1 reads the key `on` as True, put it back."""
    data = yaml.safe_load(text)
    if not isinstance(data, dict):
        raise ValueError("not a mapping")
    if True in data:
        data["on"] = data.pop(True)
    return data


def _jobs(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return data.get("jobs") or {}


def _steps(data: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """Every step with where it is: `job <id>` for workflows, `action` for composite actions."""
    if "runs" in data:
        return [("action", s) for s in data["runs"].get("steps") or []]
    return [(f"job {jid}", s) for jid, job in _jobs(data).items() for s in job.get("steps") or []]


def uses_lines(text: str) -> list[tuple[int, str, str]]:
    """(line number, action reference, trailing comment) of every `uses:` line."""
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        m = re.match(r"^\s*(?:-\s+)?uses:\s*(['\"]?)([^\s'\"#]+)\1\s*(#.*)?$", line)
        if m:
            found.append((number, m.group(2), m.group(3) or ""))
    return found


def unpinned_uses(text: str) -> list[str]:
    """Remote actions not pinned to a commit SHA with a `# vX.Y.Z` comment."""
    problems = []
    for number, ref, comment in uses_lines(text):
        if ref.startswith("./"):
            continue  # this repository's own actions, at the commit being run
        if not PINNED.match(ref):
            problems.append(f"line {number}: {ref} is not pinned to a full commit SHA")
        elif not VERSION_COMMENT.search(comment):
            problems.append(f"line {number}: {ref} has no `# vX.Y.Z` comment")
    return problems


def missing_timeouts(text: str) -> list[str]:
    """Jobs without `timeout-minutes` (GitHub's default is 6 hours)."""
    return [
        f"job {jid} has no timeout-minutes"
        for jid, job in _jobs(load(text)).items()
        if "timeout-minutes" not in job
    ]


def broad_permissions(text: str) -> list[str]:
    """Top-level permissions must exist and be `{}` or `contents: read`; no job may ask for
    `write-all`/`read-all`."""
    data = load(text)
    problems = []
    top = data.get("permissions", None)
    if top is None:
        problems.append("no top-level permissions (the repository default applies)")
    elif top not in ({}, {"contents": "read"}):
        problems.append(f"top-level permissions {top!r} are broader than {{}} or contents: read")
    for jid, job in _jobs(data).items():
        if isinstance(job.get("permissions"), str):
            problems.append(f"job {jid} has permissions {job['permissions']!r}")
        elif "permissions" not in job and top != {}:
            problems.append(f"job {jid} inherits the top-level permissions: set its own")
    return problems


def missing_concurrency(text: str) -> list[str]:
    """A concurrency group, so superseded runs do not pile up."""
    concurrency = load(text).get("concurrency")
    if not concurrency:
        return ["no concurrency group"]
    if isinstance(concurrency, dict) and "group" not in concurrency:
        return ["concurrency has no group"]
    return []


def runs_under_act(text: str) -> list[str]:
    """Steps that use an action other than actions/checkout and would run under act, which
    cannot download it: each needs `if: ${{ !env.ACT }}` (act sets ACT=true)."""
    problems = []
    for where, step in _steps(load(text)):
        uses = step.get("uses")
        if not uses or uses.startswith(CHECKOUT):
            continue
        if not SKIPPED_UNDER_ACT.search(str(step.get("if", ""))):
            problems.append(f"{where}: step using {uses} is not skipped under act")
    return problems


def gate_gaps(text: str, gate: str = "all-green") -> list[str]:
    """The gate job runs always, needs every other job, and is what branch protection reads."""
    jobs = _jobs(load(text))
    if gate not in jobs:
        return [f"no {gate} job"]
    job = jobs[gate]
    needs = job.get("needs") or []
    needs = [needs] if isinstance(needs, str) else needs
    problems = [f"{gate} does not need {j}" for j in jobs if j != gate and j not in needs]
    if "always()" not in str(job.get("if", "")):
        problems.append(f"{gate} does not run if: always() (it would be skipped when a job fails)")
    return problems


WORKFLOW_RULES = (
    unpinned_uses,
    missing_timeouts,
    broad_permissions,
    missing_concurrency,
    runs_under_act,
)
