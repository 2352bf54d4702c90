"""The dashboards: valid Grafana models, every query valid PromQL on the picked data source.

Whether their metrics exist on the API is checked against a live Prometheus (live_test.py).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import promql_parser
import pytest
from grafana_foundation_sdk.cog.encoder import JSONEncoder
from grafana_foundation_sdk.models.dashboard import Dashboard

from dashboards import DASHBOARDS
from dashboards.__main__ import main, render
from dashboards.panels import as_promql


def panels(name: str) -> list[dict[str, Any]]:
    data = json.loads(render(name))
    return [panel for panel in data["panels"] if panel["type"] != "row"]


@pytest.mark.parametrize("name", sorted(DASHBOARDS))
def test_the_json_is_a_grafana_dashboard_model(name: str) -> None:
    data = json.loads(render(name))
    again = JSONEncoder(sort_keys=True).encode(Dashboard.from_json(data))
    assert json.loads(again) == data
    assert data["uid"] == name
    assert panels(name), "no panels"


@pytest.mark.parametrize("name", sorted(DASHBOARDS))
def test_every_query_is_promql_on_the_picked_data_source(name: str) -> None:
    for panel in panels(name):
        assert panel["datasource"] == {"type": "prometheus", "uid": "${datasource}"}, panel["title"]
        ref_ids = [target["refId"] for target in panel["targets"]]
        assert ref_ids, panel["title"]
        assert len(set(ref_ids)) == len(ref_ids), panel["title"]
        for target in panel["targets"]:
            promql_parser.parse(as_promql(target["expr"]))  # raises on invalid PromQL


def test_rendering_is_stable() -> None:
    assert [render(name) for name in DASHBOARDS] == [render(name) for name in DASHBOARDS]


def test_the_generator_writes_one_file_a_dashboard(tmp_path: Path) -> None:
    assert main(["--out", str(tmp_path / "out")]) == 0
    written = sorted(path.name for path in (tmp_path / "out").iterdir())
    assert written == sorted(f"{name}.json" for name in DASHBOARDS)
    assert (tmp_path / "out" / "taskboard-slo.json").read_text() == render("taskboard-slo")


def test_the_generator_refuses_a_file_for_a_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "file"
    target.write_text("")
    with pytest.raises(SystemExit) as exit_info:
        main(["--out", str(target)])
    assert exit_info.value.code == 2
    assert "exists and is not a folder" in capsys.readouterr().err
