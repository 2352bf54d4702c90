"""Prometheus' Kubernetes configuration (prometheus/kubernetes.yml), without a cluster.

Debian's Prometheus is built without Kubernetes discovery: its promtool rejects
`kubernetes_sd_configs`. So:
- promtool checks the configuration with each job's discovery swapped for a file of targets, and
  the discovery blocks are held to the fields Prometheus documents for the pod role;
- a real Prometheus applies the jobs' relabelling to targets labelled as the pod role labels each
  container port of a pod (`__meta_kubernetes_*`), for pods built from the API and web pod
  templates in infra/k8s/base and from Traefik's Helm chart. The test reads what it then
  scrapes, at which URL, with which labels, and what it drops.
"""

from __future__ import annotations

import copy
import json
import re
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from prometheus_tools import binary, running_prometheus

PROMETHEUS = Path(__file__).parent / "prometheus"
CONFIG = PROMETHEUS / "kubernetes.yml"
BASE = Path("infra/k8s/base")
NAMESPACE = "taskboard"  # the prod overlay's


def _config() -> dict[str, Any]:
    config: dict[str, Any] = yaml.safe_load(CONFIG.read_text())
    return config


def _with_file_discovery(config: dict[str, Any], targets: Path) -> dict[str, Any]:
    """`config` with every job's Kubernetes discovery replaced by the file `targets`/<job>.json."""
    swapped = copy.deepcopy(config)
    for job in swapped["scrape_configs"]:
        del job["kubernetes_sd_configs"]
        job["file_sd_configs"] = [{"files": [str(targets / f"{job['job_name']}.json")]}]
    return swapped


def test_the_jobs_discover_pods_with_documented_fields_only() -> None:
    jobs = {job["job_name"]: job for job in _config()["scrape_configs"]}
    assert set(jobs) == {"api", "web", "traefik"}
    expected = {"api": (NAMESPACE, "taskboard-api"), "web": (NAMESPACE, "taskboard-web")}
    expected["traefik"] = ("traefik", "traefik")
    for name, job in jobs.items():
        (discovery,) = job["kubernetes_sd_configs"]
        assert set(discovery) == {"role", "namespaces", "selectors"}, name
        assert discovery["role"] == "pod", name
        assert discovery["namespaces"] == {"names": [expected[name][0]]}, name
        assert discovery["selectors"] == [
            {"role": "pod", "label": f"app.kubernetes.io/name={expected[name][1]}"}
        ], name


def test_promtool_accepts_the_rest_and_loads_the_rules(tmp_path: Path) -> None:
    shutil.copy(PROMETHEUS / "rules.yml", tmp_path / "rules.yml")
    config = tmp_path / "prometheus.yml"
    config.write_text(yaml.safe_dump(_with_file_discovery(_config(), tmp_path)))
    for job in ("api", "web", "traefik"):
        (tmp_path / f"{job}.json").write_text("[]")
    result = subprocess.run(  # noqa: S603 - promtool with our own arguments
        [binary("promtool"), "check", "config", str(config)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "SUCCESS: 1 rule files found" in result.stdout


def _meta(name: str) -> str:
    """A Kubernetes name as the pod role writes it in a label name."""
    return re.sub(r"[^a-zA-Z0-9_]", "_", name)


def _pod_targets(
    template: dict[str, Any],
    name: str,
    address: str,
    *,
    phase: str = "Running",
    namespace: str = NAMESPACE,
) -> list[dict[str, Any]]:
    """The targets the pod role gives a pod of `template`: one per container port."""
    labels = {
        "__meta_kubernetes_namespace": namespace,
        "__meta_kubernetes_pod_name": name,
        "__meta_kubernetes_pod_phase": phase,
        "__meta_kubernetes_pod_ip": address,
    }
    metadata = template["metadata"]
    for key, value in metadata.get("labels", {}).items():
        labels[f"__meta_kubernetes_pod_label_{_meta(key)}"] = value
    for key, value in metadata.get("annotations", {}).items():
        labels[f"__meta_kubernetes_pod_annotation_{_meta(key)}"] = value
    return [
        {
            "targets": [f"{address}:{port['containerPort']}"],
            "labels": {
                **labels,
                "__meta_kubernetes_pod_container_name": container["name"],
                "__meta_kubernetes_pod_container_port_name": port.get("name", ""),
                "__meta_kubernetes_pod_container_port_number": str(port["containerPort"]),
            },
        }
        for container in template["spec"]["containers"]
        for port in container.get("ports", [])
    ]


def _template(deployment: str) -> dict[str, Any]:
    template: dict[str, Any] = yaml.safe_load((BASE / deployment).read_text())["spec"]["template"]
    return template


def _unannotated(template: dict[str, Any]) -> dict[str, Any]:
    bare = copy.deepcopy(template)
    bare["metadata"].pop("annotations", None)
    return bare


# Traefik's pods as its Helm chart makes them: its ports by name, no scrape annotations.
TRAEFIK = {
    "metadata": {"labels": {"app.kubernetes.io/name": "traefik"}},
    "spec": {
        "containers": [
            {
                "name": "traefik",
                "ports": [
                    {"name": "metrics", "containerPort": 9100},
                    {"name": "traefik", "containerPort": 8080},
                    {"name": "web", "containerPort": 8000},
                    {"name": "websecure", "containerPort": 8443},
                ],
            }
        ]
    },
}


def test_prometheus_scrapes_each_running_pod_once_on_its_metrics_port(tmp_path: Path) -> None:
    api, web = _template("api-deployment.yaml"), _template("web-deployment.yaml")
    groups = {
        "api": [
            *_pod_targets(api, "taskboard-api-1", "10.1.0.1"),
            *_pod_targets(api, "taskboard-api-2", "10.1.0.2", phase="Pending"),
            *_pod_targets(_unannotated(api), "taskboard-api-3", "10.1.0.3"),
        ],
        "web": _pod_targets(web, "taskboard-web-1", "10.1.1.1"),
        "traefik": _pod_targets(TRAEFIK, "traefik-1", "10.1.2.1", namespace="traefik"),
    }
    for job, targets in groups.items():
        (tmp_path / f"{job}.json").write_text(json.dumps(targets))
    config = _with_file_discovery(_config(), tmp_path)
    del config["rule_files"]
    with running_prometheus(config, tmp_path) as url:
        deadline = time.monotonic() + 30
        while True:
            data = httpx.get(f"{url}/api/v1/targets", timeout=5).json()["data"]
            active = data["activeTargets"]
            if len(active) >= 3 or time.monotonic() > deadline:
                break
            time.sleep(0.2)
    scraped = {
        target["scrapeUrl"]: {k: v for k, v in target["labels"].items() if k != "instance"}
        for target in active
    }
    assert scraped == {
        "http://10.1.0.1:8000/metrics": {
            "job": "api",
            "namespace": NAMESPACE,
            "pod": "taskboard-api-1",
        },
        # Two container ports, one target: the metrics port the pod announces.
        "http://10.1.1.1:9464/metrics": {
            "job": "web",
            "namespace": NAMESPACE,
            "pod": "taskboard-web-1",
        },
        "http://10.1.2.1:9100/metrics": {
            "job": "traefik",
            "namespace": "traefik",
            "pod": "traefik-1",
        },
    }
    dropped = {target["discoveredLabels"]["__address__"] for target in data["droppedTargets"]}
    # The pending pod, the unannotated one, Traefik's other ports.
    assert {"10.1.0.2:8000", "10.1.0.3:8000", "10.1.2.1:8000", "10.1.2.1:8443"} <= dropped


@pytest.mark.parametrize("job", ["api", "web"])
def test_the_annotated_port_is_one_the_pod_declares(job: str) -> None:
    template = _template(f"{job}-deployment.yaml")
    announced = int(template["metadata"]["annotations"]["prometheus.io/port"])
    (container,) = template["spec"]["containers"]
    assert announced in {port["containerPort"] for port in container["ports"]}
