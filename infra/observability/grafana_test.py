"""Grafana's provisioning (grafana/provisioning): the data source the dashboards pick, and the
folder of dashboards, where both deploys put the generated JSON.

No Grafana server can be installed here: the files are held to Grafana's provisioning format
(apiVersion 1, the fields its documentation names), and to the places the Swarm stack mounts
them and the generated dashboards at. The Kubernetes mounts are checked by infra/k8s:tests.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from dashboards import DASHBOARDS
from dashboards.__main__ import render

PROVISIONING = Path(__file__).parent / "grafana" / "provisioning"
STACK = Path("infra/swarm/stack.yml")


def _load(relative: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((PROVISIONING / relative).read_text())
    return data


def _provider() -> dict[str, Any]:
    (provider,) = _load("dashboards/taskboard.yml")["providers"]
    assert isinstance(provider, dict)
    return provider


def test_one_default_prometheus_data_source_that_the_ui_cannot_change() -> None:
    data = _load("datasources/prometheus.yml")
    assert data["apiVersion"] == 1
    (source,) = data["datasources"]
    fields = {"name", "type", "uid", "access", "url", "isDefault", "editable", "jsonData"}
    assert set(source) <= fields
    assert (source["type"], source["access"], source["isDefault"]) == ("prometheus", "proxy", True)
    assert source["editable"] is False
    # Both Prometheus configurations scrape at this interval.
    for config in ("swarm.yml", "kubernetes.yml"):
        scraped = yaml.safe_load((Path(__file__).parent / "prometheus" / config).read_text())
        assert scraped["global"]["scrape_interval"] == source["jsonData"]["timeInterval"]


def test_every_dashboard_picks_a_data_source_of_the_provisioned_type() -> None:
    (source,) = _load("datasources/prometheus.yml")["datasources"]
    for name in DASHBOARDS:
        variables = json.loads(render(name))["templating"]["list"]
        (picker,) = [v for v in variables if v["type"] == "datasource"]
        assert picker["query"] == source["type"], name


def test_dashboards_are_read_only_files_of_one_folder() -> None:
    assert _load("dashboards/taskboard.yml")["apiVersion"] == 1
    provider = _provider()
    assert provider["type"] == "file"
    assert provider["allowUiUpdates"] is False
    assert provider["disableDeletion"] is True
    assert Path(provider["options"]["path"]).is_absolute()


def test_the_swarm_stack_mounts_the_provisioning_and_every_generated_dashboard() -> None:
    stack = yaml.safe_load(STACK.read_text())
    configs = {
        mount["target"]: stack["configs"][mount["source"]]["file"]
        for mount in stack["services"]["grafana"]["configs"]
    }
    folder = Path(provider_path := _provider()["options"]["path"])
    dashboards = {target: file for target, file in configs.items() if target.endswith(".json")}
    assert dashboards == {
        str(folder / f"{name}.json"): f"${{DASHBOARDS_DIR:?set by infra/swarm/deploy}}/{name}.json"
        for name in DASHBOARDS
    }, f"every dashboard, in {provider_path}"
    for target, file in configs.items():
        if not target.endswith(".json"):
            provisioning = (STACK.parent / file).resolve()
            assert provisioning.parent.parent == PROVISIONING.resolve(), target
            kind = provisioning.parent.name
            assert target == f"/etc/grafana/provisioning/{kind}/{provisioning.name}"
