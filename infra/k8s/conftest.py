"""Fixtures of the Kubernetes tests: each overlay rendered once per session."""

from __future__ import annotations

import pytest
from k8s_manifests import (
    K8S_DIR,
    MONITORING,
    OVERLAYS,
    Manifest,
    kubectl_path,
    kustomization_dir,
    load_all,
    render,
)


@pytest.fixture(scope="session")
def kubectl() -> str:
    return kubectl_path()


@pytest.fixture(scope="session")
def rendered() -> dict[str, list[Manifest]]:
    """Each overlay's objects, rendered once per session."""
    return {overlay: load_all(render(K8S_DIR / "overlays" / overlay)) for overlay in OVERLAYS}


@pytest.fixture(params=OVERLAYS)
def overlay(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    return name


@pytest.fixture
def objects(rendered: dict[str, list[Manifest]], overlay: str) -> list[Manifest]:
    """The rendered objects of the overlay under test."""
    return rendered[overlay]


@pytest.fixture(scope="session")
def monitoring() -> list[Manifest]:
    """The monitoring's objects (Prometheus, Grafana; infra/observability), rendered once."""
    return load_all(render(kustomization_dir(MONITORING)))
