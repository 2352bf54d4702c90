"""Grafana dashboards as code, built with Grafana's own SDK (grafana-foundation-sdk).

`python -m dashboards --out DIR` (`./pants run infra/observability/dashboards:generate -- --out
DIR`) writes one JSON file a dashboard. The JSON is generated, never edited by hand: change the
Python and generate again.
"""

from __future__ import annotations

from dashboards.api import service_overview
from dashboards.slo import slo
from dashboards.web import web

__all__ = ["DASHBOARDS", "service_overview", "slo", "web"]

# File name (without .json) -> builder of the dashboard's model.
DASHBOARDS = {
    "taskboard-api": service_overview,
    "taskboard-slo": slo,
    "taskboard-web": web,
}
