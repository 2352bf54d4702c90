"""deploy.sh without a cluster: usage errors, --dry-run, and an unreachable or missing cluster.

No API server can run here, so the apply path itself (namespace, Secret check, migration Job,
rollouts) is not exercised; the kubeconfigs below point at nothing or at a closed port on
127.0.0.1, never elsewhere.
"""

from __future__ import annotations

import os
import socket
import subprocess
from pathlib import Path

import pytest
from k8s_manifests import K8S_DIR, Manifest, kubectl_path, load_all, of_kind, pod_templates

DEPLOY = K8S_DIR / "deploy.sh"


# The dashboards' JSON, generated into the sandbox (infra/observability/dashboards:json).
DASHBOARDS = Path("infra/observability/dashboards/json")


def _run(*args: str, kubeconfig: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    env = {"PATH": os.environ["PATH"], "KUBECTL": kubectl_path(), "KUBECONFIG": str(kubeconfig)}
    env.update(extra)
    return subprocess.run(  # noqa: S603 - our own script, fixed argv
        ["/bin/bash", str(DEPLOY), *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=60,
    )


@pytest.fixture
def empty_kubeconfig(tmp_path: Path) -> Path:
    path = tmp_path / "kubeconfig"
    path.write_text("")
    return path


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _one_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    return lines[0]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "usage: deploy.sh [--dry-run] [--image-tag TAG] <overlay>"),
        (("staging",), "unknown overlay 'staging' (overlays: dev prod monitoring)"),
        (("monitoring",), "DASHBOARDS_DIR is not a folder of dashboards"),
        (("../base",), "unknown overlay '../base'"),
        (("dev", "prod"), "one overlay at a time"),
        (("--force", "dev"), "unknown option '--force'"),
        (("--image-tag", "not a tag", "dev"), "invalid image tag 'not a tag'"),
    ],
)
def test_bad_arguments_exit_2_in_one_line(
    empty_kubeconfig: Path, args: tuple[str, ...], message: str
) -> None:
    result = _run(*args, kubeconfig=empty_kubeconfig)
    assert result.returncode == 2
    assert message in _one_line(result.stderr)
    assert result.stdout == ""


def test_dry_run_prints_the_rendered_overlay(
    empty_kubeconfig: Path, rendered: dict[str, list[Manifest]]
) -> None:
    result = _run("--dry-run", "prod", kubeconfig=empty_kubeconfig)
    assert result.returncode == 0, result.stderr
    assert load_all(result.stdout) == rendered["prod"]


def test_the_monitoring_takes_no_image_tag(empty_kubeconfig: Path) -> None:
    dashboards = {"DASHBOARDS_DIR": str(DASHBOARDS)}
    result = _run("--image-tag", "v1", "monitoring", kubeconfig=empty_kubeconfig, **dashboards)
    assert result.returncode == 2
    assert "--image-tag retags the app's images: not for monitoring" in _one_line(result.stderr)


def test_dry_run_of_the_monitoring_adds_every_generated_dashboard(
    empty_kubeconfig: Path, monitoring: list[Manifest]
) -> None:
    dashboards_dir = {"DASHBOARDS_DIR": str(DASHBOARDS)}
    result = _run("--dry-run", "monitoring", kubeconfig=empty_kubeconfig, **dashboards_dir)
    assert result.returncode == 0, result.stderr
    *objects, dashboards = load_all(result.stdout)
    assert objects == monitoring
    assert (dashboards["kind"], dashboards["metadata"]["namespace"]) == ("ConfigMap", "monitoring")
    assert dashboards["metadata"]["name"] == "grafana-dashboards"
    generated = {path.name: path.read_text() for path in DASHBOARDS.glob("*.json")}
    assert {"taskboard-api.json", "taskboard-slo.json", "taskboard-web.json"} <= set(generated)
    assert dashboards["data"] == generated


def test_dry_run_retags_every_image(empty_kubeconfig: Path) -> None:
    tag = "0123456789abcdef0123456789abcdef01234567"
    result = _run("--dry-run", "--image-tag", tag, "prod", kubeconfig=empty_kubeconfig)
    assert result.returncode == 0, result.stderr
    objects = load_all(result.stdout)
    images = {
        container["image"]
        for _, template in pod_templates(objects)
        for container in template["spec"]["containers"]
    }
    assert images == {f"ghcr.io/acme/taskboard-{name}:{tag}" for name in ("api", "web")}
    assert len(of_kind(objects, "Deployment")) == 2


def test_no_context_says_so_in_one_line(empty_kubeconfig: Path) -> None:
    result = _run("dev", kubeconfig=empty_kubeconfig)
    assert result.returncode == 1
    assert "no current kubectl context" in _one_line(result.stderr)
    assert result.stdout == ""


def test_an_unreachable_cluster_says_so_in_one_line(tmp_path: Path) -> None:
    port = _closed_port()
    kubeconfig = tmp_path / "kubeconfig"
    kubeconfig.write_text(
        f"""
apiVersion: v1
kind: Config
clusters:
  - name: nowhere
    cluster: {{server: "https://127.0.0.1:{port}"}}
users:
  - name: nobody
    user: {{token: not-a-token}}
contexts:
  - name: nowhere
    context: {{cluster: nowhere, user: nobody}}
current-context: nowhere
"""
    )
    result = _run("prod", kubeconfig=kubeconfig)
    assert result.returncode == 1
    line = _one_line(result.stderr)
    assert f"cluster of context 'nowhere' (https://127.0.0.1:{port}) is not reachable" in line
    assert result.stdout == ""
