"""A real Prometheus scrapes the running API on PostgreSQL and the web server in front of it, and
evaluates rules.yml.

- The contract between the rules, the dashboards and the services: every selector of every rule
  and every dashboard query matches series Prometheus scraped from the API or the web (names,
  label names and label values), and every recording rule they read is defined. Renaming a
  metric, a label or a route without updating them fails here.
- A 5xx burst (the database refuses connections while clients keep listing tasks) turns the
  fast availability alert's expression true in Prometheus' own query API; before, it is false.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import promql_parser
import psycopg
import pytest
import yaml
from dashboards import DASHBOARDS
from dashboards.__main__ import render
from dashboards.panels import as_promql
from prometheus_tools import binary, running_prometheus
from servers import web_server
from sqlalchemy.engine import make_url

from taskboard.api.main import create_app
from taskboard.db import migrate
from taskboard.testing.databases import postgres_server  # noqa: F401 - a fixture
from taskboard.testing.live import live_server
from taskboard.testing.postgres import PostgresServer
from taskboard.testing.settings import make_settings

RULES = Path(__file__).parent / "prometheus" / "rules.yml"
# Series Prometheus makes itself for each target, not the API.
SYNTHETIC = {"up"}
FAST_BURN = "ApiErrorBudgetBurnFast"


def rules() -> list[dict[str, Any]]:
    groups = yaml.safe_load(RULES.read_text())["groups"]
    return [rule for group in groups for rule in group["rules"]]


def dashboard_queries() -> dict[str, str]:
    """Every dashboard query, by dashboard and panel, as plain PromQL."""
    found = {}
    for name in DASHBOARDS:
        for panel in json.loads(render(name))["panels"]:
            for target in panel.get("targets", []):
                key = f"{name}: {panel['title']} ({target['refId']})"
                found[key] = as_promql(target["expr"])
    return found


def selectors(expr: str) -> list[str]:
    """The vector selectors of a PromQL expression, as PromQL (`name{label="value", ...}`)."""
    found: list[str] = []

    def visit(node: Any) -> None:
        if isinstance(node, promql_parser.VectorSelector):
            found.append(str(node))

    promql_parser.walk(promql_parser.parse(expr), visit)
    return found


@dataclass
class Prometheus:
    url: str
    client: httpx.AsyncClient

    async def query(self, expr: str) -> list[dict[str, Any]]:
        response = await self.client.get(f"{self.url}/api/v1/query", params={"query": expr})
        body = response.json()
        assert body["status"] == "success", body
        result: list[dict[str, Any]] = body["data"]["result"]
        return result

    async def series(self, selector: str) -> list[dict[str, str]]:
        response = await self.client.get(f"{self.url}/api/v1/series", params={"match[]": selector})
        body = response.json()
        assert body["status"] == "success", body
        found: list[dict[str, str]] = body["data"]
        return found

    async def wait_for(self, expr: str, *, within: float = 60) -> list[dict[str, Any]]:
        """Poll `expr` until it has a result; fail after `within` seconds."""
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            if result := await self.query(expr):
                return result
            await asyncio.sleep(0.5)
        pytest.fail(f"{expr!r} had no result within {within} s")


@contextlib.contextmanager
def prometheus(targets: dict[str, str], workdir: Path) -> Iterator[str]:
    """Prometheus scraping each job's `host:port` of `targets` every second (the metrics path is
    /metrics), rules.yml evaluated every second."""
    config = {
        "global": {"scrape_interval": "1s", "evaluation_interval": "1s"},
        "rule_files": [str(RULES.resolve())],
        "scrape_configs": [
            {"job_name": job, "static_configs": [{"targets": [target]}]}
            for job, target in targets.items()
        ],
    }
    with running_prometheus(config, workdir) as url:
        yield url


@pytest.fixture
def database(postgres_server: PostgresServer) -> Iterator[str]:  # noqa: F811 - the fixture
    with postgres_server.database() as url:
        asyncio.run(migrate.upgrade_url(url))
        yield url


def refuse_connections(database_url: str, *, refuse: bool) -> None:
    """Make PostgreSQL refuse (or accept again) connections to the API's database, and end the
    open ones: to the API, the database has gone away."""
    url = make_url(database_url)
    name = url.database
    dsn = url.set(drivername="postgresql", database="postgres").render_as_string(
        hide_password=False
    )
    with psycopg.connect(dsn, autocommit=True) as admin:
        admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS {str(not refuse).lower()}')
        if refuse:
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
                (name,),
            )


@dataclass
class Stack:
    api_url: str
    web_url: str
    prometheus: Prometheus


@pytest.fixture
async def stack(database: str, tmp_path: Path) -> AsyncIterator[Stack]:
    """The API on `database` as a real server, the web server proxying to it, and a Prometheus
    scraping both."""
    binary("prometheus")  # skip or fail before starting anything
    app = create_app(make_settings(database, log_level="WARNING"))
    async with live_server(app) as api_url, httpx.AsyncClient(timeout=10) as client:
        with web_server(api_url, tmp_path, {"LOG_LEVEL": "warn"}) as web:
            targets = {
                "api": api_url.removeprefix("http://"),
                "web": web.metrics_url.removeprefix("http://").removesuffix("/metrics"),
            }
            with prometheus(targets, tmp_path) as prometheus_url:
                yield Stack(api_url, web.url, Prometheus(prometheus_url, client))
    refuse_connections(database, refuse=False)  # so the database can be dropped


async def signed_in(client: httpx.AsyncClient, api_url: str) -> tuple[dict[str, str], str]:
    """Register and sign in a user with a board; its bearer header and the board's tasks URL."""
    account = {"email": "ops@example.com", "password": "correct horse battery"}
    response = await client.post(
        f"{api_url}/api/v1/auth/register", json={**account, "display_name": "Ops"}
    )
    assert response.status_code == 201, response.text
    response = await client.post(f"{api_url}/api/v1/auth/login", json=account)
    headers = {"Authorization": f"Bearer {response.json()['access_token']}"}
    response = await client.post(f"{api_url}/api/v1/boards", json={"name": "B"}, headers=headers)
    assert response.status_code == 201, response.text
    return headers, f"{api_url}/api/v1/boards/{response.json()['id']}/tasks"


async def test_rules_match_what_the_services_expose_and_a_5xx_burst_fires_the_fast_burn(
    stack: Stack, database: str
) -> None:
    api_url, prom = stack.api_url, stack.prometheus
    client = prom.client
    headers, tasks_url = await signed_in(client, api_url)
    # The same listing through the web's /api proxy, and a page the web renders itself.
    proxied_url = stack.web_url + tasks_url.removeprefix(api_url)
    expressions = {rule.get("alert") or rule["record"]: rule["expr"] for rule in rules()}
    fast_burn = expressions[FAST_BURN]

    # Clients list tasks; readiness checks come as the orchestrator sends them.
    async def traffic(seconds: float) -> list[int]:
        statuses = []
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            statuses.append((await client.get(tasks_url, headers=headers)).status_code)
            statuses.append((await client.get(proxied_url, headers=headers)).status_code)
            statuses.append((await client.get(f"{api_url}/readyz")).status_code)
            await client.get(f"{stack.web_url}/sign-in")
            await asyncio.sleep(0.02)
        return statuses

    # Scraped once: the counters' start is seen.
    await prom.wait_for('up{job="api"} == 1')
    await prom.wait_for('up{job="web"} == 1')
    assert set(await traffic(4)) == {200}
    ratio = await prom.wait_for("taskboard:api_request_errors:ratio_rate5m")
    assert float(ratio[0]["value"][1]) == 0, ratio
    assert await prom.query(fast_burn) == [], "the alert fires on healthy traffic"

    # The database goes away: listings and readiness fail while clients keep trying.
    refuse_connections(database, refuse=True)
    statuses = await traffic(6)
    assert {status for status in statuses if status >= 500}, statuses
    assert 200 not in statuses[len(statuses) // 2 :], "the API still answers 200 without its DB"
    fired = await prom.wait_for(fast_burn)
    # The value is the 1 h window's error ratio: about half the requests, since the outage.
    assert 14.4 * 0.001 < float(fired[0]["value"][1]) < 1, fired

    # The contract: every selector of every rule and dashboard query matches series scraped from
    # the API or the web (the 5xx ones exist now), and every recording rule read is defined.
    recorded = {rule["record"] for rule in rules() if "record" in rule}
    for name, expr in {**expressions, **dashboard_queries()}.items():
        for selector in selectors(expr):
            metric = selector.split("{", 1)[0]
            if ":" in metric:
                assert metric in recorded, f"{name} reads {metric}, which no rule records"
            elif metric not in SYNTHETIC:
                found = await prom.series(selector)
                assert found, f"{name}: nothing on /metrics matches {selector}"
