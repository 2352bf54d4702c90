"""What a second plan may still show against moto: emulator gaps, each named with its reason."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Gap:
    """Attributes moto does not round-trip for one resource type, and why the plan shows them."""

    resource_type: str
    attributes: frozenset[str]
    reason: str


# Measured with moto 5.2.5 and the AWS provider 5.100.0. A gap that stops showing fails the
# test too, so this list cannot outlive the emulator's behaviour.
MOTO_GAPS = (
    Gap(
        "aws_db_parameter_group",
        frozenset({"parameter"}),
        "DescribeDBParameters does not return user-set parameters",
    ),
    Gap(
        "aws_ecs_service",
        frozenset({"availability_zone_rebalancing", "health_check_grace_period_seconds"}),
        "DescribeServices omits availabilityZoneRebalancing and the health check grace period",
    ),
    Gap(
        "aws_vpc_security_group_ingress_rule",
        frozenset({"description", "referenced_security_group_id"}),
        "DescribeSecurityGroupRules drops the description and prefixes the referenced group "
        "with the account id",
    ),
    Gap(
        "aws_vpc_security_group_egress_rule",
        frozenset({"description", "referenced_security_group_id"}),
        "same as the ingress rules",
    ),
)


def changed_attributes(change: dict[str, Any]) -> set[str]:
    """Top-level attributes whose planned value differs from the recorded one."""
    before = change.get("before") or {}
    after = change.get("after") or {}
    unknown = change.get("after_unknown") or {}
    keys = set(before) | set(after)
    return {k for k in keys if before.get(k) != after.get(k) or unknown.get(k) is True}


def unexplained_drift(plan_json: str, gaps: tuple[Gap, ...]) -> tuple[list[str], list[Gap]]:
    """(changes none of `gaps` explains, gaps that never showed) of a `terraform show -json`."""
    plan = json.loads(plan_json)
    unexplained: list[str] = []
    seen: set[Gap] = set()
    for resource in plan.get("resource_changes", []):
        actions = resource["change"]["actions"]
        if actions == ["no-op"] or actions == ["read"]:
            continue
        changed = changed_attributes(resource["change"])
        gap = next((g for g in gaps if g.resource_type == resource["type"]), None)
        if actions == ["update"] and gap is not None and changed <= gap.attributes:
            seen.add(gap)
            continue
        unexplained.append(f"{resource['address']}: {actions} {sorted(changed)}")
    stale = [g for g in gaps if g not in seen]
    return unexplained, stale
