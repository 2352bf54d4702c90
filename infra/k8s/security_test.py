"""Every pod and container of both overlays: security context, probes, resources, shutdown.

The images (issue 9) are distroless, run as UID/GID 65532 and work on a read-only root
filesystem when only their scratch paths are writable; the pods must hold them to that.
"""

from __future__ import annotations

import pytest
from k8s_manifests import Manifest, containers, of_kind, one, pod_templates

RUNTIME_ID = 65532
# Paths each image writes: everything else is the read-only root filesystem.
WRITABLE = {"taskboard-api": {"/tmp"}, "taskboard-web": {"/app/.next/cache"}}
QUANTITY_SUFFIXES = {"m": 1e-3, "Ki": 2**10, "Mi": 2**20, "Gi": 2**30}


def _quantity(value: str | int) -> float:
    text = str(value)
    for suffix, factor in QUANTITY_SUFFIXES.items():
        if text.endswith(suffix):
            return float(text.removesuffix(suffix)) * factor
    return float(text)


def _every_container(objects: list[Manifest]) -> list[tuple[str, Manifest, Manifest]]:
    """(`Kind/name/container`, pod spec, container) of every container both overlays run."""
    found = [
        (f"{name}/{container['name']}", template["spec"], container)
        for name, template in pod_templates(objects)
        for container in containers(template["spec"])
    ]
    assert found, "no workload rendered"
    return found


def test_pods_run_as_the_images_user_without_a_token(objects: list[Manifest]) -> None:
    for name, template in pod_templates(objects):
        spec = template["spec"]
        context = spec["securityContext"]
        assert context["runAsNonRoot"] is True, name
        assert context["runAsUser"] == RUNTIME_ID, name
        assert context["runAsGroup"] == RUNTIME_ID, name
        assert context["seccompProfile"] == {"type": "RuntimeDefault"}, name
        assert spec["automountServiceAccountToken"] is False, name
        assert spec["serviceAccountName"] not in {"", "default"}, name
        account = one(objects, "ServiceAccount", spec["serviceAccountName"])
        assert account["automountServiceAccountToken"] is False, name
        for forbidden in ("hostNetwork", "hostPID", "hostIPC"):
            assert not spec.get(forbidden), f"{name}: {forbidden}"


def test_containers_drop_everything(objects: list[Manifest]) -> None:
    for name, _, container in _every_container(objects):
        context = container["securityContext"]
        assert context["runAsNonRoot"] is True, name
        assert context["runAsUser"] == RUNTIME_ID, name
        assert context["allowPrivilegeEscalation"] is False, name
        assert context["readOnlyRootFilesystem"] is True, name
        assert context.get("privileged", False) is False, name
        assert context["capabilities"] == {"drop": ["ALL"]}, name
        assert context["seccompProfile"] == {"type": "RuntimeDefault"}, name


def test_only_the_images_scratch_paths_are_writable(objects: list[Manifest]) -> None:
    for name, spec, container in _every_container(objects):
        image = container["image"].rsplit("/", 1)[-1].split(":")[0]
        volumes = {volume["name"]: volume for volume in spec.get("volumes", [])}
        mounts = {mount["mountPath"]: mount for mount in container.get("volumeMounts", [])}
        assert set(mounts) == WRITABLE[image], name
        for mount in mounts.values():
            volume = volumes[mount["name"]]
            # Scratch space, bounded: a runaway writer is evicted, not the node's disk filled.
            assert "sizeLimit" in volume["emptyDir"], name


def test_requests_and_limits_on_every_container(objects: list[Manifest]) -> None:
    for name, _, container in _every_container(objects):
        resources = container["resources"]
        for resource in ("cpu", "memory"):
            request = _quantity(resources["requests"][resource])
            limit = _quantity(resources["limits"][resource])
            assert 0 < request <= limit, f"{name}: {resource} {request} > {limit}"


def _probe_port(probe: Manifest, container: Manifest) -> int:
    port = probe["httpGet"]["port"]
    by_name = {p["name"]: p["containerPort"] for p in container["ports"]}
    return by_name[port] if isinstance(port, str) else int(port)


@pytest.mark.parametrize(
    ("deployment", "port", "ready_path", "ports"),
    [
        ("taskboard-api", 8000, "/readyz", {8000}),
        # The web's metrics port too (METRICS_PORT in its image), which no probe uses.
        ("taskboard-web", 3000, "/healthz", {3000, 9464}),
    ],
)
def test_servers_have_startup_liveness_and_readiness_probes(
    rendered: dict[str, list[Manifest]],
    deployment: str,
    port: int,
    ready_path: str,
    ports: set[int],
) -> None:
    for objects in rendered.values():
        spec = one(objects, "Deployment", deployment)["spec"]["template"]["spec"]
        (container,) = spec["containers"]
        assert {p["containerPort"] for p in container["ports"]} == ports
        probes = {kind: container[f"{kind}Probe"] for kind in ("startup", "liveness", "readiness")}
        for probe in probes.values():
            assert _probe_port(probe, container) == port
            assert probe["timeoutSeconds"] >= 1
        # Liveness never depends on the database: an outage must not restart every replica.
        assert probes["liveness"]["httpGet"]["path"] == "/healthz"
        assert probes["startup"]["httpGet"]["path"] == "/healthz"
        assert probes["readiness"]["httpGet"]["path"] == ready_path
        startup = probes["startup"]
        assert startup["periodSeconds"] * startup["failureThreshold"] >= 30


def test_every_server_container_is_probed(objects: list[Manifest]) -> None:
    for deployment in of_kind(objects, "Deployment"):
        for container in containers(deployment["spec"]["template"]["spec"]):
            for kind in ("startupProbe", "livenessProbe", "readinessProbe"):
                assert "httpGet" in container[kind], f"{deployment['metadata']['name']}: {kind}"


def test_the_grace_period_covers_the_hook_and_the_drain(objects: list[Manifest]) -> None:
    drain = int(one(objects, "ConfigMap", "taskboard-api")["data"]["GRACEFUL_TIMEOUT"])
    for deployment in of_kind(objects, "Deployment"):
        spec = deployment["spec"]["template"]["spec"]
        (container,) = spec["containers"]
        # The images have no shell: only the kubelet's own sleep handler can delay SIGTERM.
        hook = container["lifecycle"]["preStop"]
        assert set(hook) == {"sleep"}, deployment["metadata"]["name"]
        sleep = hook["sleep"]["seconds"]
        assert sleep >= 3
        assert spec["terminationGracePeriodSeconds"] >= sleep + drain + 5


def test_rollouts_never_drop_capacity(objects: list[Manifest]) -> None:
    for deployment in of_kind(objects, "Deployment"):
        rolling = deployment["spec"]["strategy"]["rollingUpdate"]
        assert rolling["maxUnavailable"] == 0
        assert rolling["maxSurge"] >= 1
        spreads = deployment["spec"]["template"]["spec"]["topologySpreadConstraints"]
        assert {s["topologyKey"] for s in spreads} == {
            "kubernetes.io/hostname",
            "topology.kubernetes.io/zone",
        }


def test_the_migration_runs_once_and_gives_up(objects: list[Manifest]) -> None:
    job = one(objects, "Job", "taskboard-migrate")
    spec = job["spec"]["template"]["spec"]
    (container,) = spec["containers"]
    assert container["args"] == ["migrate"]
    assert spec["restartPolicy"] == "Never"
    assert job["spec"]["backoffLimit"] <= 5
    assert job["spec"]["activeDeadlineSeconds"] > 0
    api = one(objects, "Deployment", "taskboard-api")["spec"]["template"]["spec"]
    (server,) = api["containers"]
    # The same image and configuration as the API it prepares the database for.
    assert container["image"] == server["image"]
    assert container["envFrom"] == server["envFrom"]
    assert container["env"] == server["env"]
