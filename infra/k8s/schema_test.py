"""Every rendered object validates against the Kubernetes schemas of each release from 1.30 on.

Built-in kinds are checked by kubernetes-validate's strict schemas (unknown fields rejected),
one run per Kubernetes minor release it carries from 1.30 (the oldest the manifests support:
`lifecycle.preStop.sleep` is on by default from 1.30). Custom resources are checked against
their own CRD's openAPIV3Schema, committed under schemas/, made strict the way the API server's
field validation is; a kind with neither schema fails instead of being warned about.
"""

from __future__ import annotations

import copy
from functools import cache
from typing import Any

import jsonschema  # pants: no-infer-dep (arrives with kubernetes-validate, see BUILD)
import kubernetes_validate.utils as kv
import pytest
from k8s_manifests import K8S_DIR, OVERLAYS, Manifest, load_all, one


def _minor(version: str) -> tuple[int, int]:
    major, minor = version.split(".")[:2]
    return int(major), int(minor)


OLDEST_SUPPORTED = (1, 30)
VERSIONS = [v for v in kv.all_versions() if _minor(v) >= OLDEST_SUPPORTED]
# Custom resources: (group/version, kind) -> the CRD file that defines them.
CRD_FILES = {("traefik.io/v1alpha1", "IngressRoute"): "schemas/traefik.io_ingressroutes.yaml"}


def _strict(schema: Any) -> Any:
    """`schema` with unknown fields rejected wherever the CRD does not allow them."""
    if isinstance(schema, list):
        return [_strict(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    strict = {key: _strict(value) for key, value in schema.items()}
    open_ended = "additionalProperties" in schema or schema.get(
        "x-kubernetes-preserve-unknown-fields"
    )
    if "properties" in schema and not open_ended:
        strict["additionalProperties"] = False
    return strict


@cache
def crd_validator(api_version: str, kind: str) -> jsonschema.Draft202012Validator:
    """A validator of `kind` from its committed CustomResourceDefinition."""
    (crd,) = load_all((K8S_DIR / CRD_FILES[api_version, kind]).read_text())
    group, version = api_version.split("/")
    assert crd["spec"]["group"] == group
    assert crd["spec"]["names"]["kind"] == kind
    (served,) = [v for v in crd["spec"]["versions"] if v["name"] == version]
    schema = copy.deepcopy(served["schema"]["openAPIV3Schema"])
    # ObjectMeta is validated by the API server itself, not by the CRD's schema.
    schema["properties"]["metadata"] = {"type": "object"}
    return jsonschema.Draft202012Validator(_strict(schema))


def validate(obj: Manifest, version: str) -> None:
    """Raise unless `obj` is valid for Kubernetes `version` (or its CRD)."""
    key = (obj["apiVersion"], obj["kind"])
    if key in CRD_FILES:
        crd_validator(*key).validate(obj)
    else:
        # Raises SchemaNotFoundError for an unknown kind: nothing is skipped silently.
        kv.validate(obj, version, strict=True)


def test_the_versions_cover_1_30_to_the_newest() -> None:
    assert VERSIONS[0] == "1.30.0"
    assert _minor(VERSIONS[-1]) >= (1, 37)


def _errors(objects: list[Manifest], version: str) -> list[str]:
    errors = []
    for obj in objects:
        try:
            validate(obj, version)
        except (jsonschema.ValidationError, kv.SchemaNotFoundError) as error:
            errors.append(f"{obj['kind']}/{obj['metadata']['name']}: {error}")
    return errors


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("overlay_name", OVERLAYS)
def test_every_object_validates(
    rendered: dict[str, list[Manifest]], overlay_name: str, version: str
) -> None:
    assert _errors(rendered[overlay_name], version) == []


@pytest.mark.parametrize("version", VERSIONS)
def test_every_monitoring_object_validates(monitoring: list[Manifest], version: str) -> None:
    assert _errors(monitoring, version) == []


def test_a_custom_resource_is_checked_against_its_crd(rendered: dict[str, list[Manifest]]) -> None:
    route = one(rendered["prod"], "IngressRoute", "taskboard")
    validate(route, VERSIONS[0])
    unknown_field = copy.deepcopy(route)
    unknown_field["spec"]["routes"][0]["matches"] = unknown_field["spec"]["routes"][0]["match"]
    with pytest.raises(jsonschema.ValidationError, match="matches"):
        validate(unknown_field, VERSIONS[0])
    wrong_kind = copy.deepcopy(route)
    wrong_kind["spec"]["routes"][0]["kind"] = "Route"
    with pytest.raises(jsonschema.ValidationError, match="Route"):
        validate(wrong_kind, VERSIONS[0])
    no_services_name = copy.deepcopy(route)
    del no_services_name["spec"]["routes"][0]["services"][0]["name"]
    with pytest.raises(jsonschema.ValidationError, match="name"):
        validate(no_services_name, VERSIONS[0])


def test_strict_validation_rejects_unknown_and_mistyped_fields(
    rendered: dict[str, list[Manifest]],
) -> None:
    deployment = one(rendered["dev"], "Deployment", "taskboard-api")
    typo = copy.deepcopy(deployment)
    typo["spec"]["template"]["spec"]["containers"][0]["readinesProbe"] = {}
    with pytest.raises(kv.ValidationError, match="readinesProbe"):
        validate(typo, VERSIONS[0])
    mistyped = copy.deepcopy(deployment)
    mistyped["spec"]["template"]["spec"]["terminationGracePeriodSeconds"] = "25s"
    with pytest.raises(kv.ValidationError, match="25s"):
        validate(mistyped, VERSIONS[0])


def test_an_unknown_kind_fails_instead_of_being_skipped() -> None:
    unknown = {"apiVersion": "example.com/v1", "kind": "Widget", "metadata": {"name": "w"}}
    with pytest.raises(kv.SchemaNotFoundError):
        validate(unknown, VERSIONS[0])


def test_the_sleep_hook_needs_1_30(rendered: dict[str, list[Manifest]]) -> None:
    # 1.29's schema knows the field, but its feature gate is off there (alpha) and the API
    # server would drop it: 1.28 shows the schema check does see the difference.
    deployment = one(rendered["dev"], "Deployment", "taskboard-api")
    with pytest.raises(kv.ValidationError, match="sleep"):
        kv.validate(deployment, "1.28", strict=True)


def test_the_committed_crd_is_a_valid_crd() -> None:
    for path in CRD_FILES.values():
        (crd,) = load_all((K8S_DIR / path).read_text())
        kv.validate(crd, VERSIONS[0], strict=True)
