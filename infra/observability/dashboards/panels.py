"""The few panel shapes the dashboards share: a time series or a stat on Prometheus queries."""

from __future__ import annotations

from grafana_foundation_sdk.builders import stat, timeseries
from grafana_foundation_sdk.builders.dashboard import DatasourceVariable
from grafana_foundation_sdk.builders.prometheus import Dataquery
from grafana_foundation_sdk.models.dashboard import DataSourceRef

# Every panel reads the data source the viewer picks in the `datasource` variable.
DATASOURCE = DataSourceRef(type_val="prometheus", uid="${datasource}")
DATASOURCE_VARIABLE = DatasourceVariable("datasource").label("Data source").type("prometheus")
# Grafana's rate window: at least four scrape intervals, whatever the zoom.
RATE = "$__rate_interval"


def as_promql(expr: str) -> str:
    """A dashboard query as plain PromQL, for tools outside Grafana: the rate window becomes 1m."""
    return expr.replace(RATE, "1m")


def query(expr: str, legend: str = "__auto", ref_id: str = "A") -> Dataquery:
    """A Prometheus range query."""
    return Dataquery().expr(expr).legend_format(legend).ref_id(ref_id).range()


def graph(title: str, unit: str, *queries: Dataquery, description: str = "") -> timeseries.Panel:
    """A time series of `queries` (refIds A, B, ... in order)."""
    panel = timeseries.Panel().title(title).datasource(DATASOURCE).unit(unit).span(12).height(8)
    if description:
        panel = panel.description(description)
    for index, target in enumerate(queries):
        panel = panel.with_target(target.ref_id(chr(ord("A") + index)))
    return panel


def single(title: str, unit: str, expr: str, *, description: str = "") -> stat.Panel:
    """A single figure (an instant query's value)."""
    panel = (
        stat.Panel()
        .title(title)
        .datasource(DATASOURCE)
        .unit(unit)
        .span(6)
        .height(4)
        .with_target(Dataquery().expr(expr).ref_id("A").instant())
    )
    return panel.description(description) if description else panel
