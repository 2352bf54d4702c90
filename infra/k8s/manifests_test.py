"""Both overlays render, and what they render holds together: names, selectors, ports, images."""

from __future__ import annotations

from collections import Counter

import pytest
from k8s_manifests import NAMESPACES, Manifest, of_kind, one, pod_templates

# What every overlay deploys, by kind; the overlays differ in how traffic comes in.
COMMON_KINDS = {
    "Namespace": 1,
    "ServiceAccount": 3,
    "ConfigMap": 2,
    "Service": 2,
    "Deployment": 2,
    "Job": 1,
    "HorizontalPodAutoscaler": 2,
    "PodDisruptionBudget": 2,
    "NetworkPolicy": 6,
}
ENTRY_KIND = {"dev": "Ingress", "prod": "IngressRoute"}
IMAGES = {
    "dev": {"taskboard-api:0.0.0-dev", "taskboard-web:0.0.0-dev"},
    "prod": {"ghcr.io/acme/taskboard-api:1.0.0", "ghcr.io/acme/taskboard-web:1.0.0"},
}


def test_overlay_renders_every_object_once(objects: list[Manifest], overlay: str) -> None:
    kinds = Counter(obj["kind"] for obj in objects)
    assert kinds == Counter({**COMMON_KINDS, ENTRY_KIND[overlay]: 1})
    names = Counter((obj["kind"], obj["metadata"]["name"]) for obj in objects)
    assert max(names.values()) == 1


def test_everything_lives_in_the_overlay_namespace(objects: list[Manifest], overlay: str) -> None:
    namespace = NAMESPACES[overlay]
    assert one(objects, "Namespace", namespace)["metadata"]["name"] == namespace
    outside = [
        f"{obj['kind']}/{obj['metadata']['name']}"
        for obj in objects
        if obj["kind"] != "Namespace" and obj["metadata"].get("namespace") != namespace
    ]
    assert outside == []
    labels = one(objects, "Namespace", namespace)["metadata"]["labels"]
    assert labels["pod-security.kubernetes.io/enforce"] == "restricted"


def test_images_come_from_the_overlay(objects: list[Manifest], overlay: str) -> None:
    images = {
        container["image"]
        for _, template in pod_templates(objects)
        for container in template["spec"]["containers"]
    }
    assert images == IMAGES[overlay]


def test_no_secret_value_is_rendered(objects: list[Manifest]) -> None:
    assert of_kind(objects, "Secret") == []
    for name, template in pod_templates(objects):
        for container in template["spec"]["containers"]:
            for env in container.get("env", []):
                if env["name"] in {"SECRET_KEY", "DATABASE_URL"}:
                    ref = env["valueFrom"]["secretKeyRef"]
                    assert ref["name"] == "taskboard-api", name
                    assert "value" not in env, name


def _pod_labels(objects: list[Manifest]) -> list[dict[str, str]]:
    return [template["metadata"]["labels"] for _, template in pod_templates(objects)]


def _selects(selector: dict[str, str], labels: dict[str, str]) -> bool:
    return all(labels.get(key) == value for key, value in selector.items())


def test_services_select_pods_and_name_their_ports(objects: list[Manifest]) -> None:
    for service in of_kind(objects, "Service"):
        selector = service["spec"]["selector"]
        targets = [
            template
            for _, template in pod_templates(objects)
            if _selects(selector, template["metadata"]["labels"])
        ]
        assert len(targets) == 1, service["metadata"]["name"]
        declared = {
            port["name"]
            for container in targets[0]["spec"]["containers"]
            for port in container.get("ports", [])
        }
        for port in service["spec"]["ports"]:
            assert port["targetPort"] in declared, service["metadata"]["name"]


def test_autoscalers_and_budgets_point_at_deployments(objects: list[Manifest]) -> None:
    deployments = {obj["metadata"]["name"]: obj for obj in of_kind(objects, "Deployment")}
    autoscalers = of_kind(objects, "HorizontalPodAutoscaler")
    scaled = {hpa["spec"]["scaleTargetRef"]["name"] for hpa in autoscalers}
    assert scaled == set(deployments)
    for hpa in autoscalers:
        assert 1 <= hpa["spec"]["minReplicas"] <= hpa["spec"]["maxReplicas"]
    for deployment in deployments.values():
        # The autoscaler owns the count: a re-apply must not reset it.
        assert "replicas" not in deployment["spec"]
        pod_labels = deployment["spec"]["template"]["metadata"]["labels"]
        assert _selects(deployment["spec"]["selector"]["matchLabels"], pod_labels)
        budgets = [
            pdb
            for pdb in of_kind(objects, "PodDisruptionBudget")
            if _selects(pdb["spec"]["selector"]["matchLabels"], pod_labels)
        ]
        assert len(budgets) == 1, deployment["metadata"]["name"]


def test_prod_keeps_three_api_replicas_at_least(rendered: dict[str, list[Manifest]]) -> None:
    api = one(rendered["prod"], "HorizontalPodAutoscaler", "taskboard-api")
    assert api["spec"]["minReplicas"] >= 3


def _backends(entry: Manifest) -> list[tuple[str, str]]:
    """(service, port name) of every route of an Ingress or IngressRoute."""
    if entry["kind"] == "Ingress":
        return [
            (path["backend"]["service"]["name"], path["backend"]["service"]["port"]["name"])
            for rule in entry["spec"]["rules"]
            for path in rule["http"]["paths"]
        ]
    return [
        (service["name"], service["port"])
        for route in entry["spec"]["routes"]
        for service in route["services"]
    ]


def test_one_origin_routes_the_web_and_the_api(objects: list[Manifest], overlay: str) -> None:
    entry = one(objects, ENTRY_KIND[overlay], "taskboard")
    services = {svc["metadata"]["name"]: svc for svc in of_kind(objects, "Service")}
    backends = _backends(entry)
    assert {service for service, _ in backends} == {"taskboard-api", "taskboard-web"}
    for service, port in backends:
        assert port in {p["name"] for p in services[service]["spec"]["ports"]}
    assert entry["spec"]["tls"]


@pytest.mark.parametrize(
    ("overlay_name", "host"),
    [("dev", "taskboard.localtest.me"), ("prod", "taskboard.example.com")],
)
def test_every_route_is_for_the_overlay_host(
    rendered: dict[str, list[Manifest]], overlay_name: str, host: str
) -> None:
    entry = one(rendered[overlay_name], ENTRY_KIND[overlay_name], "taskboard")
    if entry["kind"] == "Ingress":
        assert {rule["host"] for rule in entry["spec"]["rules"]} == {host}
        assert entry["spec"]["tls"][0]["hosts"] == [host]
    else:
        matches = [route["match"] for route in entry["spec"]["routes"]]
        assert all(match.startswith(f"Host(`{host}`)") for match in matches)
        # `/api/`: Traefik's PathPrefix matches characters, `/api` would also take `/apix`.
        assert f"Host(`{host}`) && PathPrefix(`/api/`)" in matches


def test_configuration_reaches_the_pods(objects: list[Manifest]) -> None:
    maps = {cm["metadata"]["name"] for cm in of_kind(objects, "ConfigMap")}
    for name, template in pod_templates(objects):
        for container in template["spec"]["containers"]:
            for source in container.get("envFrom", []):
                # The generated (hashed) name, so a configuration change rolls the pods.
                assert source["configMapRef"]["name"] in maps, name
    web = one(objects, "ConfigMap", "taskboard-web")
    assert web["data"]["API_URL"] == "http://taskboard-api:8000"
    api = one(objects, "ConfigMap", "taskboard-api")
    assert api["data"]["ENVIRONMENT"] == "production"
