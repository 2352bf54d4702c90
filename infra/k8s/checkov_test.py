"""checkov's Kubernetes checks pass on both rendered overlays and the monitoring; every skip has
its reason.

checkov runs offline (`--skip-download`) from its own PEX. The skips below are the only ones:
a check skipped anywhere else (an inline `checkov.io/skip` annotation) fails the test.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from k8s_manifests import K8S_DIR, MONITORING, OVERLAYS, kustomization_dir, render

# Where Pants puts the runtime package (the pex_binary in BUILD).
CHECKOV = Path("infra.k8s/checkov.pex")
# check id -> why it does not apply (one line each).
SKIPS = {
    "CKV_K8S_35": "the API reads SECRET_KEY/DATABASE_URL from env until /run/secrets support",
    "CKV_K8S_43": "images pinned by immutable version/commit tags; digests exist only after push",
}
# Only where images are loaded into the nodes, never pulled (dev clusters: kind, k3d).
OVERLAY_SKIPS = {"dev": {"CKV_K8S_15": "dev images are loaded into the nodes, never pulled"}}
# Prometheus and Grafana, upstream images: their own.
MONITORING_SKIPS = {
    "CKV_K8S_38": "Prometheus discovers the pods through the Kubernetes API with its token",
    "CKV_K8S_40": "Grafana's image owns its paths as its user 472, below the high-UID range",
    "CKV_K8S_43": "upstream images pinned by release tag; pin digests where the registry is known",
}


def _skips(name: str) -> dict[str, str]:
    return MONITORING_SKIPS if name == MONITORING else {**SKIPS, **OVERLAY_SKIPS.get(name, {})}


def _scan(manifests: Path, skips: dict[str, str]) -> dict[str, object]:
    result = subprocess.run(  # noqa: S603 - the checkov PEX, fixed argv
        [
            str(CHECKOV),
            "--framework",
            "kubernetes",
            "--skip-download",
            "--compact",
            "--output",
            "json",
            *(["--skip-check", ",".join(sorted(skips))] if skips else []),
            "--file",
            str(manifests),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=240,
    )
    assert result.returncode in {0, 1}, result.stderr
    report: dict[str, object] = json.loads(result.stdout)
    return report


@pytest.mark.parametrize("overlay_name", [*OVERLAYS, MONITORING])
def test_checkov_passes_with_only_the_reasoned_skips(overlay_name: str, tmp_path: Path) -> None:
    skips = _skips(overlay_name)
    for check, reason in skips.items():
        assert reason.strip(), check
        assert "\n" not in reason, check
    manifests = tmp_path / f"{overlay_name}.yaml"
    manifests.write_text(render(kustomization_dir(overlay_name)))
    report = _scan(manifests, skips)
    results = report["results"]
    assert isinstance(results, dict)
    failed = [(c["check_id"], c["resource"]) for c in results["failed_checks"]]
    assert failed == []
    assert len(results["passed_checks"]) > 50
    # No inline `checkov.io/skip` annotation anywhere.
    assert results["skipped_checks"] == []
    # Every skip is still needed: without them, exactly those checks fail.
    unskipped = _scan(manifests, {})["results"]
    assert isinstance(unskipped, dict)
    assert {c["check_id"] for c in unskipped["failed_checks"]} == set(skips)


def test_checkov_fails_a_privileged_pod(tmp_path: Path) -> None:
    manifests = tmp_path / "bad.yaml"
    manifests.write_text(
        render(K8S_DIR / "overlays" / "prod").replace("privileged: false", "privileged: true", 1)
    )
    results = _scan(manifests, SKIPS)["results"]
    assert isinstance(results, dict)
    assert "CKV_K8S_16" in {c["check_id"] for c in results["failed_checks"]}
