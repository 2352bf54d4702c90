"""The monitoring's kustomization (infra/observability): Prometheus and Grafana get exactly the
committed configuration, Grafana's provisioning points where the files are mounted, and both run
as locked down as the app's pods.

What kustomize cannot show is checked elsewhere: the scrape configuration by
infra/observability/kubernetes_test.py, the dashboards' ConfigMap by k8s_deploy_test.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml  # pants: no-infer-dep (PyPI's PyYAML arrives with kubernetes-validate, see BUILD)
from k8s_manifests import Manifest, containers, of_kind, one, pod_templates

OBSERVABILITY = Path("infra/observability")
PROVISIONING = OBSERVABILITY / "grafana" / "provisioning"


def _mounts(objects: list[Manifest], deployment: str) -> dict[str, Manifest]:
    """mountPath -> the volume mounted there, for the one container of `deployment`."""
    spec = one(objects, "Deployment", deployment)["spec"]["template"]["spec"]
    volumes = {volume["name"]: volume for volume in spec["volumes"]}
    (container,) = spec["containers"]
    return {mount["mountPath"]: volumes[mount["name"]] for mount in container["volumeMounts"]}


def _config_map(objects: list[Manifest], volume: Manifest) -> dict[str, str]:
    data: dict[str, str] = one(objects, "ConfigMap", volume["configMap"]["name"])["data"]
    return data


def test_everything_but_the_cluster_role_lives_in_monitoring(monitoring: list[Manifest]) -> None:
    cluster_scoped = {"Namespace", "ClusterRole", "ClusterRoleBinding"}
    for obj in monitoring:
        if obj["kind"] not in cluster_scoped:
            assert obj["metadata"]["namespace"] == "monitoring", obj["metadata"]["name"]
    assert (
        one(monitoring, "Namespace", "monitoring")["metadata"]["labels"][
            "pod-security.kubernetes.io/enforce"
        ]
        == "restricted"
    )


def test_prometheus_loads_the_committed_configuration_and_rules(monitoring: list[Manifest]) -> None:
    config = _config_map(monitoring, _mounts(monitoring, "prometheus")["/etc/prometheus"])
    assert config == {
        "prometheus.yml": (OBSERVABILITY / "prometheus" / "kubernetes.yml").read_text(),
        "rules.yml": (OBSERVABILITY / "prometheus" / "rules.yml").read_text(),
    }
    deployment = one(monitoring, "Deployment", "prometheus")
    (container,) = containers(deployment["spec"]["template"]["spec"])
    assert "--config.file=/etc/prometheus/prometheus.yml" in container["args"]


def test_prometheus_may_only_read_pods(monitoring: list[Manifest]) -> None:
    (rule,) = one(monitoring, "ClusterRole", "taskboard-prometheus-discovery")["rules"]
    assert rule == {"apiGroups": [""], "resources": ["pods"], "verbs": ["get", "list", "watch"]}
    binding = one(monitoring, "ClusterRoleBinding", "taskboard-prometheus-discovery")
    assert binding["subjects"] == [
        {"kind": "ServiceAccount", "name": "prometheus", "namespace": "monitoring"}
    ]


def test_grafana_is_provisioned_from_the_committed_files(monitoring: list[Manifest]) -> None:
    mounts = _mounts(monitoring, "grafana")
    datasources = _config_map(monitoring, mounts["/etc/grafana/provisioning/datasources"])
    providers = _config_map(monitoring, mounts["/etc/grafana/provisioning/dashboards"])
    committed = {
        kind: {path.name: path.read_text() for path in (PROVISIONING / kind).glob("*.yml")}
        for kind in ("datasources", "dashboards")
    }
    assert datasources == committed["datasources"]
    assert providers == committed["dashboards"]
    # The provider reads the folder the deploy's dashboards ConfigMap is mounted at.
    (provider,) = yaml.safe_load(providers["taskboard.yml"])["providers"]
    assert mounts[provider["options"]["path"]] == {
        "name": "dashboards",
        "configMap": {"name": "grafana-dashboards"},
    }


def test_the_data_source_is_the_prometheus_service(monitoring: list[Manifest]) -> None:
    datasources = yaml.safe_load((PROVISIONING / "datasources/prometheus.yml").read_text())
    (source,) = datasources["datasources"]
    url = urlsplit(source["url"])
    service = one(monitoring, "Service", "prometheus")
    assert url.hostname == service["metadata"]["name"]
    assert url.port in {port["port"] for port in service["spec"]["ports"]}


def _pod_specs(objects: list[Manifest]) -> dict[str, Any]:
    return {name: template["spec"] for name, template in pod_templates(objects)}


def test_pods_run_unprivileged_with_a_token_only_where_discovery_needs_it(
    monitoring: list[Manifest],
) -> None:
    specs = _pod_specs(monitoring)
    assert set(specs) == {"Deployment/prometheus", "Deployment/grafana"}
    for name, spec in specs.items():
        context = spec["securityContext"]
        assert context["runAsNonRoot"] is True, name
        assert context["runAsUser"] > 0, name
        assert context["seccompProfile"] == {"type": "RuntimeDefault"}, name
        assert spec["automountServiceAccountToken"] is (name == "Deployment/prometheus"), name
        account = one(monitoring, "ServiceAccount", spec["serviceAccountName"])
        assert account["automountServiceAccountToken"] is False, name
        for container in containers(spec):
            security = container["securityContext"]
            assert security["allowPrivilegeEscalation"] is False, name
            assert security["readOnlyRootFilesystem"] is True, name
            assert security["capabilities"] == {"drop": ["ALL"]}, name
            resources = container["resources"]
            assert set(resources["requests"]) == set(resources["limits"]) == {"cpu", "memory"}
            for kind in ("startupProbe", "livenessProbe", "readinessProbe"):
                assert container[kind]["httpGet"]["port"] == "http", f"{name}: {kind}"


def test_the_admin_password_comes_from_a_secret_file(monitoring: list[Manifest]) -> None:
    mounts = _mounts(monitoring, "grafana")
    spec = one(monitoring, "Deployment", "grafana")["spec"]["template"]["spec"]
    (container,) = spec["containers"]
    env = {variable["name"]: variable for variable in container["env"]}
    path = env["GF_SECURITY_ADMIN_PASSWORD__FILE"]["value"]
    assert mounts[str(Path(path).parent)]["secret"]["secretName"] == "grafana-admin"
    assert not any("valueFrom" in variable for variable in env.values())
    assert of_kind(monitoring, "Secret") == []
