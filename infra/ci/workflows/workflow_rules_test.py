"""The workflows keep the house rules; each rule fails on a snippet that breaks it."""

from __future__ import annotations

import pathlib
import textwrap
from collections.abc import Callable

import pytest

from workflows import workflow_rules as rules

Rule = Callable[[str], list[str]]
GITHUB = pathlib.Path(".github")
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))
ACTIONS = sorted((GITHUB / "actions").glob("*/action.yml"))

GOOD = textwrap.dedent(
    """\
    name: good
    on: push
    permissions: {}
    concurrency:
      group: good-${{ github.ref }}
      cancel-in-progress: true
    jobs:
      build:
        runs-on: ubuntu-latest
        timeout-minutes: 5
        permissions:
          contents: read
        steps:
          - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
          - uses: actions/cache@0057852bfaa89a56745cba8c7296529d2fc39830 # v4.3.0
            if: ${{ !env.ACT }}
            with:
              path: x
              key: k
      all-green:
        needs: [build]
        if: always()
        runs-on: ubuntu-latest
        timeout-minutes: 5
        permissions: {}
        steps:
          - run: true
    """
)


def test_the_repository_has_the_workflows() -> None:
    names = {p.name for p in WORKFLOWS}
    assert {"ci.yml", "deploy.yml"} <= names
    assert ACTIONS, "the composite setup action is missing"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
@pytest.mark.parametrize("rule", rules.WORKFLOW_RULES, ids=lambda r: r.__name__)
def test_workflow_keeps_rule(path: pathlib.Path, rule: Rule) -> None:
    assert rule(path.read_text()) == []


@pytest.mark.parametrize("path", ACTIONS, ids=lambda p: p.parent.name)
@pytest.mark.parametrize(
    "rule", [rules.unpinned_uses, rules.runs_under_act], ids=lambda r: r.__name__
)
def test_composite_action_keeps_rule(path: pathlib.Path, rule: Rule) -> None:
    assert rule(path.read_text()) == []


def test_the_gate_needs_every_other_ci_job() -> None:
    assert rules.gate_gaps((GITHUB / "workflows/ci.yml").read_text()) == []


def test_the_good_snippet_keeps_every_rule() -> None:
    for rule in (*rules.WORKFLOW_RULES, rules.gate_gaps):
        assert rule(GOOD) == [], rule.__name__


@pytest.mark.parametrize(
    ("rule", "old", "new", "expected"),
    [
        (
            rules.unpinned_uses,
            "@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2",
            "@v4",
            "not pinned",
        ),
        (
            rules.unpinned_uses,
            "@0057852bfaa89a56745cba8c7296529d2fc39830 # v4.3.0",
            "@0057852bfa",
            "not pinned",
        ),
        (rules.unpinned_uses, " # v4.3.0", "", "no `# vX.Y.Z` comment"),
        (
            rules.missing_timeouts,
            "    timeout-minutes: 5\n    permissions:\n      contents",
            "    permissions:\n      contents",
            "job build has no timeout-minutes",
        ),
        (
            rules.broad_permissions,
            "permissions: {}\nconcurrency",
            "permissions: write-all\nconcurrency",
            "broader than",
        ),
        (
            rules.broad_permissions,
            "permissions: {}\nconcurrency",
            "concurrency",
            "no top-level permissions",
        ),
        (
            rules.broad_permissions,
            "    permissions:\n      contents: read\n",
            "    permissions: write-all\n",
            "job build has permissions 'write-all'",
        ),
        (
            rules.missing_concurrency,
            "concurrency:\n  group: good-${{ github.ref }}\n  cancel-in-progress: true\n",
            "",
            "no concurrency group",
        ),
        (rules.runs_under_act, "        if: ${{ !env.ACT }}\n", "", "actions/cache@"),
        (rules.gate_gaps, "needs: [build]", "needs: []", "all-green does not need build"),
        (rules.gate_gaps, "    if: always()\n", "", "does not run if: always()"),
    ],
)
def test_each_rule_fails_on_a_snippet_that_breaks_it(
    rule: Rule, old: str, new: str, expected: str
) -> None:
    assert old in GOOD, "the mutation must apply"
    bad = GOOD.replace(old, new, 1)
    problems = rule(bad)
    assert any(expected in p for p in problems), problems


def test_local_actions_need_no_pin_but_remote_ones_do() -> None:
    text = "steps:\n  - uses: ./.github/actions/pants-setup\n  - uses: 'docker://alpine:3'\n"
    assert rules.unpinned_uses(text) == [
        "line 3: docker://alpine:3 is not pinned to a full commit SHA"
    ]
