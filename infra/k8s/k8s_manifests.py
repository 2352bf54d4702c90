"""What the Kubernetes tests share: kubectl, and an overlay rendered by `kubectl kustomize`.

No cluster runs on the machines these tests run on: everything here is offline. kubectl is the
machine's (`/usr/bin/kubectl`, or `KUBECTL`); without it the tests skip locally with the reason
and fail under `CI=true`.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml  # pants: no-infer-dep (PyPI's PyYAML arrives with kubernetes-validate, see BUILD)

K8S_DIR = Path(__file__).parent
OVERLAYS = ("dev", "prod")
# Prometheus and Grafana: a kustomization of infra/observability (beside the files it mounts),
# deployed like an overlay (`deploy.sh monitoring`).
MONITORING = "monitoring"
# The namespace each overlay deploys into.
NAMESPACES = {"dev": "taskboard-dev", "prod": "taskboard"}

Manifest = dict[str, Any]


def kubectl_path() -> str:
    """The kubectl binary the tests use, or skip (fail under CI=true) when there is none."""
    path = os.environ.get("KUBECTL") or "/usr/bin/kubectl"
    if os.access(path, os.X_OK):
        return path
    reason = f"kubectl not found at {path} (set KUBECTL): the Kubernetes tests need it"
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


def kustomization_dir(name: str) -> Path:
    """The folder of an overlay's kustomization, or of the monitoring's."""
    return K8S_DIR.parent / "observability" if name == MONITORING else K8S_DIR / "overlays" / name


def render(overlay_dir: Path) -> str:
    """`kubectl kustomize` of one kustomization folder, as YAML text."""
    result = subprocess.run(  # noqa: S603 - kubectl, fixed argv
        [kubectl_path(), "kustomize", str(overlay_dir)],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, f"kubectl kustomize {overlay_dir} failed:\n{result.stderr}"
    return result.stdout


def load_all(text: str) -> list[Manifest]:
    """Every non-empty YAML document of `text`."""
    return [doc for doc in yaml.safe_load_all(text) if doc]


def of_kind(objects: list[Manifest], kind: str) -> list[Manifest]:
    """The objects of one kind."""
    return [obj for obj in objects if obj["kind"] == kind]


def one(objects: list[Manifest], kind: str, name: str) -> Manifest:
    """The single object of `kind` named `name` (generated names keep their prefix)."""
    found = [
        obj
        for obj in of_kind(objects, kind)
        if obj["metadata"]["name"] == name or obj["metadata"]["name"].startswith(f"{name}-")
    ]
    assert len(found) == 1, f"expected one {kind} {name}, found {len(found)}"
    return found[0]


def pod_templates(objects: list[Manifest]) -> list[tuple[str, Manifest]]:
    """(`Kind/name`, pod template) of every workload that runs pods."""
    return [
        (f"{obj['kind']}/{obj['metadata']['name']}", obj["spec"]["template"])
        for obj in objects
        if obj["kind"] in {"Deployment", "StatefulSet", "DaemonSet", "Job"}
    ] + [
        (f"CronJob/{obj['metadata']['name']}", obj["spec"]["jobTemplate"]["spec"]["template"])
        for obj in of_kind(objects, "CronJob")
    ]


def containers(pod_spec: Manifest) -> list[Manifest]:
    """Every container of a pod spec, init containers included."""
    return [*pod_spec.get("initContainers", []), *pod_spec["containers"]]
