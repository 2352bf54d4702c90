"""The NetworkPolicies allow exactly the flows the app needs, by NetworkPolicy semantics.

A small evaluator of the policy API (pod and namespace selectors, named and numbered ports,
default deny per direction) decides each flow between the rendered pods and the cluster's
ones (ingress controller, Prometheus, DNS, PostgreSQL, a stranger, the internet). A CNI
enforces the same rules on a real cluster; this proves what the policies say, not that a
cluster's network plugin enforces them (no cluster runs here).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from k8s_manifests import NAMESPACES, OVERLAYS, Manifest, of_kind, pod_templates


@dataclass(frozen=True)
class Peer:
    """A pod (namespace and labels, named ports) or, without a namespace, an outside address."""

    name: str
    namespace: str | None
    labels: dict[str, str] = field(default_factory=dict, hash=False)
    ports: dict[str, int] = field(default_factory=dict, hash=False)


def _matches(selector: Manifest, labels: dict[str, str]) -> bool:
    for key, value in selector.get("matchLabels", {}).items():
        if labels.get(key) != value:
            return False
    for expression in selector.get("matchExpressions", []):
        key, operator = expression["key"], expression["operator"]
        values = expression.get("values", [])
        checks = {
            "In": key in labels and labels[key] in values,
            "NotIn": labels.get(key) not in values,
            "Exists": key in labels,
            "DoesNotExist": key not in labels,
        }
        if not checks[operator]:
            return False
    return True


def _peer_matches(rule_peer: Manifest, peer: Peer, policy_namespace: str) -> bool:
    assert "ipBlock" not in rule_peer, "ipBlock peers are not modelled: extend the evaluator"
    if peer.namespace is None:
        return False
    namespace_labels = {"kubernetes.io/metadata.name": peer.namespace}
    if "namespaceSelector" in rule_peer:
        in_namespace = _matches(rule_peer["namespaceSelector"], namespace_labels)
    else:
        in_namespace = peer.namespace == policy_namespace
    return in_namespace and _matches(rule_peer.get("podSelector", {}), peer.labels)


def _port_matches(rule: Manifest, target: Peer, port: int, protocol: str) -> bool:
    if "ports" not in rule:
        return True
    for allowed in rule["ports"]:
        number = allowed.get("port")
        if isinstance(number, str):
            number = target.ports.get(number)
        if allowed.get("protocol", "TCP") == protocol and number in (None, port):
            return True
    return False


class Policies:
    """The rendered NetworkPolicies of one namespace."""

    def __init__(self, objects: list[Manifest], namespace: str) -> None:
        self.namespace = namespace
        self.policies = of_kind(objects, "NetworkPolicy")

    def _allowed(self, direction: str, pod: Peer, other: Peer, port: int, protocol: str) -> bool:
        if pod.namespace != self.namespace:
            return True  # no policy of ours isolates pods elsewhere
        key, peers_key = ("ingress", "from") if direction == "Ingress" else ("egress", "to")
        selecting = [
            policy
            for policy in self.policies
            if direction in policy["spec"]["policyTypes"]
            and _matches(policy["spec"]["podSelector"], pod.labels)
        ]
        if not selecting:
            return True
        target = pod if direction == "Ingress" else other
        for policy in selecting:
            for rule in policy["spec"].get(key, []):
                peers = rule.get(peers_key)
                peer_ok = not peers or any(
                    _peer_matches(peer, other, self.namespace) for peer in peers
                )
                if peer_ok and _port_matches(rule, target, port, protocol):
                    return True
        return False

    def allows(self, source: Peer, destination: Peer, port: int, protocol: str = "TCP") -> bool:
        """Whether `source` may open a connection to `destination` on `port`."""
        return self._allowed("Egress", source, destination, port, protocol) and self._allowed(
            "Ingress", destination, source, port, protocol
        )


def _pods(objects: list[Manifest], namespace: str) -> dict[str, Peer]:
    """A peer for each workload rendered in `namespace`, by its name without `taskboard-`."""
    pods = {}
    for _, template in pod_templates(objects):
        labels = template["metadata"]["labels"]
        ports = {
            port["name"]: port["containerPort"]
            for container in template["spec"]["containers"]
            for port in container.get("ports", [])
        }
        name = labels["app.kubernetes.io/name"].removeprefix("taskboard-")
        pods[name] = Peer(name, namespace, labels, ports)
    return pods


def _cluster(objects: list[Manifest], namespace: str) -> dict[str, Peer]:
    ours = _pods(objects, namespace)
    assert set(ours) == {"api", "web", "migrate"}
    return {
        **ours,
        "traefik": Peer("traefik", "traefik", {"app.kubernetes.io/name": "traefik"}),
        "prometheus": Peer("prometheus", "monitoring", {"app.kubernetes.io/name": "prometheus"}),
        "dns": Peer("dns", "kube-system", {"k8s-app": "kube-dns"}, {"dns": 53}),
        "postgres": Peer("postgres", "databases", {"app": "postgres"}, {"postgres": 5432}),
        # A pod of another team's namespace, even one that calls itself the web.
        "stranger": Peer("stranger", "other", {"app.kubernetes.io/name": "taskboard-web"}),
        "internet": Peer("internet", None),
    }


# (source, destination, port, protocol, allowed)
FLOWS = [
    ("traefik", "web", 3000, "TCP", True),
    ("traefik", "api", 8000, "TCP", True),
    ("web", "api", 8000, "TCP", True),
    ("prometheus", "api", 8000, "TCP", True),
    ("api", "postgres", 5432, "TCP", True),
    ("migrate", "postgres", 5432, "TCP", True),
    ("api", "internet", 5432, "TCP", True),  # a managed database outside the cluster
    ("api", "dns", 53, "UDP", True),
    ("web", "dns", 53, "UDP", True),
    ("migrate", "dns", 53, "TCP", True),
    ("stranger", "api", 8000, "TCP", False),
    ("stranger", "web", 3000, "TCP", False),
    ("prometheus", "web", 9464, "TCP", True),  # the web's metrics port
    ("prometheus", "web", 3000, "TCP", False),
    ("traefik", "web", 9464, "TCP", False),
    ("stranger", "web", 9464, "TCP", False),
    ("traefik", "api", 5432, "TCP", False),
    ("traefik", "migrate", 8000, "TCP", False),
    ("web", "postgres", 5432, "TCP", False),
    ("web", "internet", 443, "TCP", False),
    ("api", "internet", 443, "TCP", False),
    ("api", "web", 3000, "TCP", False),
    ("migrate", "api", 8000, "TCP", False),
    ("api", "dns", 5353, "UDP", False),
]


@pytest.mark.parametrize("overlay_name", OVERLAYS)
@pytest.mark.parametrize(("source", "destination", "port", "protocol", "allowed"), FLOWS)
def test_flow(
    rendered: dict[str, list[Manifest]],
    overlay_name: str,
    source: str,
    destination: str,
    port: int,
    protocol: str,
    allowed: bool,
) -> None:
    namespace = NAMESPACES[overlay_name]
    policies = Policies(rendered[overlay_name], namespace)
    peers = _cluster(rendered[overlay_name], namespace)
    assert policies.allows(peers[source], peers[destination], port, protocol) is allowed


def test_every_pod_is_isolated_both_ways(objects: list[Manifest]) -> None:
    deny = [
        policy
        for policy in of_kind(objects, "NetworkPolicy")
        if policy["spec"]["podSelector"] == {}
        and set(policy["spec"]["policyTypes"]) == {"Ingress", "Egress"}
        and not policy["spec"].get("ingress")
        and not policy["spec"].get("egress")
    ]
    assert len(deny) == 1


def test_the_evaluator_sees_a_missing_policy(rendered: dict[str, list[Manifest]]) -> None:
    objects = [obj for obj in rendered["dev"] if obj["metadata"]["name"] != "taskboard-web-egress"]
    namespace = NAMESPACES["dev"]
    peers = _cluster(objects, namespace)
    assert not Policies(objects, namespace).allows(peers["web"], peers["api"], 8000)


# The monitoring (namespace monitoring) with the prod overlay (namespace taskboard), which its
# Prometheus scrapes: (source, destination, port, allowed).
MONITORING_FLOWS = [
    ("prometheus", "api", 8000, True),
    ("prometheus", "web", 9464, True),
    ("prometheus", "traefik", 9100, True),
    # The Kubernetes API, for discovery: its address depends on the cluster, so any on 443/6443.
    ("prometheus", "internet", 6443, True),
    ("grafana", "prometheus", 9090, True),
    ("prometheus", "web", 3000, False),
    ("prometheus", "postgres", 5432, False),
    ("prometheus", "internet", 80, False),
    ("grafana", "api", 8000, False),
    ("grafana", "internet", 443, False),
    ("web", "prometheus", 9090, False),
    ("traefik", "grafana", 3000, False),
    ("stranger", "prometheus", 9090, False),
    ("stranger", "grafana", 3000, False),
]


@pytest.mark.parametrize(("source", "destination", "port", "allowed"), MONITORING_FLOWS)
def test_monitoring_flow(
    rendered: dict[str, list[Manifest]],
    monitoring: list[Manifest],
    source: str,
    destination: str,
    port: int,
    allowed: bool,
) -> None:
    app = NAMESPACES["prod"]
    peers = {**_cluster(rendered["prod"], app), **_pods(monitoring, "monitoring")}
    both = [Policies(rendered["prod"], app), Policies(monitoring, "monitoring")]
    verdict = all(policies.allows(peers[source], peers[destination], port) for policies in both)
    assert verdict is allowed


def test_the_monitoring_namespace_is_isolated_both_ways(monitoring: list[Manifest]) -> None:
    test_every_pod_is_isolated_both_ways(monitoring)
