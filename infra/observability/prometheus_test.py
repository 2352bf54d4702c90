"""The Prometheus rules and configurations: promtool's checks and unit tests, what alerts carry.

Every alert must have a promtool unit test in which it fires and one in which it stays quiet, a
summary, a description, and a runbook_url into its own section of docs/operations/runbook.md.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from prometheus_tools import binary

PROMETHEUS = Path(__file__).parent / "prometheus"
RULES = PROMETHEUS / "rules.yml"
UNIT_TESTS = PROMETHEUS / "tests" / "alerts.test.yml"
RUNBOOK = Path("docs/operations/runbook.md")
RUNBOOK_URL = "https://github.com/acme/taskboard/blob/main/docs/operations/runbook.md"


def promtool(*args: str) -> str:
    """Run promtool (Debian's `prometheus` package); its output, or fail with it."""
    result = subprocess.run(  # noqa: S603 - promtool with our own arguments
        [binary("promtool"), *args], capture_output=True, text=True, timeout=120, check=False
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    return output


def rules() -> list[dict[str, Any]]:
    """Every rule of rules.yml, recording and alerting."""
    groups = yaml.safe_load(RULES.read_text())["groups"]
    return [rule for group in groups for rule in group["rules"]]


def alerts() -> dict[str, dict[str, Any]]:
    """Every alerting rule of rules.yml, by name."""
    return {rule["alert"]: rule for rule in rules() if "alert" in rule}


def test_the_rules_are_valid() -> None:
    assert "SUCCESS" in promtool("check", "rules", str(RULES))


def test_the_swarm_configuration_is_valid_and_loads_the_rules() -> None:
    output = promtool("check", "config", str(PROMETHEUS / "swarm.yml"))
    assert "SUCCESS: 1 rule files found" in output
    assert f"prometheus/rules.yml\n  SUCCESS: {len(rules())} rules found" in output


def test_the_unit_tests_pass() -> None:
    promtool("test", "rules", str(UNIT_TESTS))


def test_every_alert_is_unit_tested_firing_and_quiet() -> None:
    cases = yaml.safe_load(UNIT_TESTS.read_text())["tests"]
    firing: set[str] = set()
    quiet: set[str] = set()
    for case in cases:
        for check in case.get("alert_rule_test", []):
            (firing if check.get("exp_alerts") else quiet).add(check["alertname"])
    names = set(alerts())
    assert names - firing == set(), "alerts no unit test fires"
    assert names - quiet == set(), "alerts no unit test keeps quiet"
    assert (firing | quiet) - names == set(), "unit tests of alerts that do not exist"


def runbook_anchors() -> set[str]:
    """GitHub's anchors of the runbook's headings (lower case, spaces to dashes)."""
    headings = re.findall(r"^#{2,3} (.+)$", RUNBOOK.read_text(), flags=re.MULTILINE)
    return {re.sub(r"[^a-z0-9 -]", "", heading.lower()).replace(" ", "-") for heading in headings}


@pytest.mark.parametrize("name", sorted(alerts()))
def test_the_alert_says_what_happened_and_where_its_runbook_is(name: str) -> None:
    rule = alerts()[name]
    annotations = rule.get("annotations", {})
    assert annotations.get("summary", "").strip(), "no summary"
    assert annotations.get("description", "").strip(), "no description"
    assert annotations.get("runbook_url") == f"{RUNBOOK_URL}#{name.lower()}"
    assert name.lower() in runbook_anchors(), f"docs/operations/runbook.md has no '## {name}'"
    assert rule.get("labels", {}).get("severity") in {"page", "ticket"}
