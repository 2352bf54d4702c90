"""The `taskboard` stack on a real single-node swarm, all traffic through Traefik over HTTPS.

Deployed and removed by the same scripts `./pants run infra/swarm:deploy` / `:down` run, with
images built from the graph's artifacts (as infra/docker:tests builds them) and a certificate the
test makes, so the client verifies TLS for real. The module's tests run in order on one stack.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import os
import re
import ssl
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from containers import build_image, docker, require_engine, unique

from taskboard.testing.net import free_port
from taskboard.testing.sse import SseReader, read_sse

PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
# The dashboards' JSON, generated into the sandbox (infra/observability/dashboards:json).
DASHBOARDS = Path("infra/observability/dashboards/json").resolve()
PROVISIONING = Path("infra/observability/grafana/provisioning")
CLIENTS = 32
PASSWORD = "correct horse battery staple"


@dataclass
class Stack:
    """The deployed stack and what the test needs to reach and change it."""

    env: dict[str, str]
    base_url: str
    http_url: str
    cert: Path
    api_image: str
    web_image: str
    created: list[str] = field(default_factory=list)

    def run(self, script: str, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
        """Run infra/swarm/<script> as the deploy targets do."""
        return subprocess.run(  # noqa: S603 - the project's own scripts
            ["/bin/bash", f"infra/swarm/{script}", *args],
            env={**self.env, **env},
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )

    def client(self) -> httpx.AsyncClient:
        """An HTTPS client of the edge that trusts only the stack's certificate."""
        trust = ssl.create_default_context(cafile=str(self.cert))
        return httpx.AsyncClient(base_url=self.base_url, verify=trust, timeout=15)


# Printed when a test of the module failed: what the edge and the API said about it.
LOGGED_SERVICES = ("taskboard_traefik", "taskboard_api")


def _print_service_logs() -> None:
    for service in LOGGED_SERVICES:
        logs = docker("service", "logs", "--no-task-ids", "--tail", "60", service, check=False)
        print(f"--- the last lines of {service}'s logs:\n{logs.stdout}{logs.stderr}")  # noqa: T201


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    require_engine()
    state = docker("info", "--format", "{{.Swarm.LocalNodeState}}").stdout.strip()
    if state == "active":
        reason = "this engine is already in a swarm: the test deploys only on an engine in none"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    tmp = tmp_path_factory.mktemp("swarm")
    cert, key = tmp / "cert.pem", tmp / "key.pem"
    openssl = [
        *("/usr/bin/openssl", "req", "-x509", "-nodes", "-days", "2", "-subj", "/CN=localhost"),
        *("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"),
        *("-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"),
        *("-keyout", str(key), "-out", str(cert)),
    ]
    subprocess.run(openssl, check=True, capture_output=True)  # noqa: S603 - fixed argv
    tag = unique("swarm")
    api_image, web_image = f"taskboard-api:{tag}", f"taskboard-web:{tag}"
    args = {"TASKBOARD_VERSION": "0.0.0-swarm-test", "TASKBOARD_REVISION": tag}
    build_image("infra/docker/api/Dockerfile", api_image, args)
    build_image("infra/docker/web/Dockerfile", web_image, args)
    https, http = free_port(), free_port()
    env = {
        "PATH": PATH,
        "DOCKER_HOST": os.environ.get("DOCKER_HOST", ""),
        "API_IMAGE": api_image,
        "WEB_IMAGE": web_image,
        "HTTPS_PORT": str(https),
        "HTTP_PORT": str(http),
        "TLS_CERT_FILE": str(cert),
        "TLS_KEY_FILE": str(key),
        "DASHBOARDS_DIR": str(DASHBOARDS),
        # No Grafana image can be pulled here: its service and configs are deployed, no task.
        "GRAFANA_REPLICAS": "0",
    }
    deployed = Stack(
        env, f"https://127.0.0.1:{https}", f"http://127.0.0.1:{http}", cert, api_image, web_image
    )
    deployed.created += [api_image, web_image]
    try:
        result = deployed.run("deploy")
        assert result.returncode == 0, result.stderr
        yield deployed
    finally:
        deployed.run("down")
        for image in deployed.created:
            docker("rmi", "-f", image, check=False)


@pytest.fixture(autouse=True)
def _logs_when_failed(request: pytest.FixtureRequest, stack: Stack) -> Iterator[None]:
    """A failed test's report ends with the edge's and the API's last log lines."""
    failed = request.session.testsfailed
    yield
    if request.session.testsfailed > failed:
        _print_service_logs()


async def _user(client: httpx.AsyncClient) -> tuple[dict[str, str], str]:
    """A new user's bearer header and a board of theirs."""
    email = f"{unique('u')}@example.com"
    created = await client.post(
        "/api/v1/auth/register",
        json={"email": email, "password": PASSWORD, "display_name": "Swarm"},
    )
    assert created.status_code == 201, created.text
    login = await client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
    assert login.status_code == 200, login.text
    auth = {"Authorization": f"Bearer {login.json()['access_token']}"}
    board = await client.post("/api/v1/boards", json={"name": "Swarm board"}, headers=auth)
    assert board.status_code == 201, board.text
    return auth, board.json()["id"]


def test_the_edge_serves_web_and_api_over_https_and_streams_events(stack: Stack) -> None:
    async def scenario() -> None:
        async with stack.client() as client, httpx.AsyncClient(timeout=10) as plain:
            redirect = await plain.get(f"{stack.http_url}/sign-in")
            assert redirect.status_code in (301, 308)
            assert redirect.headers["location"] == f"{stack.base_url}/sign-in"
            page = await client.get("/sign-in")
            assert page.status_code == 200
            assert "<html" in page.text
            assert page.headers["strict-transport-security"].startswith("max-age=31536000")
            assert page.headers["x-content-type-options"] == "nosniff"
            auth, board = await _user(client)
            # Oversized headers: the API's own 431 problem up to Traefik's bound, Traefik's past it.
            padded = await client.get("/api/v1/auth/me", headers={**auth, "X-Pad": "p" * 20_000})
            assert padded.status_code == 431
            assert padded.json()["code"] == "request_headers_too_large"
            huge = await client.get("/api/v1/auth/me", headers={**auth, "X-Pad": "p" * 40_000})
            assert huge.status_code == 431
            assert huge.headers.get("content-type") != "application/problem+json"
            # The API replicas share PostgreSQL (the database_url secret), not a file each.
            assert _postgres_count("SELECT count(*) FROM boards") >= 1
            async with client.stream(
                "GET", f"/api/v1/boards/{board}/events", headers=auth
            ) as stream:
                assert stream.headers["content-type"].startswith("text/event-stream")
                assert "gzip" not in stream.headers.get("content-encoding", "")
                reader = SseReader(stream, timeout=10)
                created = await client.post(
                    f"/api/v1/boards/{board}/tasks", json={"title": "Through Traefik"}, headers=auth
                )
                assert created.status_code == 201, created.text
                while True:
                    message = await reader.next_message()
                    if message.is_event:
                        break
                assert message.event == "task.created"
                assert json.loads("\n".join(message.data))["title"] == "Through Traefik"

    asyncio.run(scenario())


def test_prometheus_scrapes_every_replica_and_evaluates_the_alert_rules(stack: Stack) -> None:
    async def requests() -> None:
        async with stack.client() as client:
            for _ in range(20):  # through Traefik, so both replicas answer some
                assert (await client.get("/api/v1/boards")).status_code == 401

    asyncio.run(requests())
    # Scrapes and rule evaluations are 15 s apart: the error ratio needs two scrapes of traffic.
    expectations = {
        'count(up{job="api"} == 1)': 2.0,  # both replicas, found through Swarm's DNS
        'count(up{job="web"} == 1)': 2.0,  # on the web's metrics port, which Traefik hides
        "count(taskboard:api_request_errors:ratio_rate5m)": 1.0,  # rules.yml is loaded
    }
    deadline = time.monotonic() + 120
    seen: dict[str, float | None] = {}
    while time.monotonic() < deadline:
        seen = {query: _prometheus_value(query) for query in expectations}
        if seen == expectations:
            return
        time.sleep(3)
    pytest.fail(f"Prometheus in the stack answered {seen}, expected {expectations}")


def test_grafana_is_provisioned_with_the_generated_dashboards(stack: Stack) -> None:
    inspect = ["--format", "{{json .Spec.TaskTemplate.ContainerSpec.Configs}}"]
    configs = json.loads(docker("service", "inspect", "taskboard_grafana", *inspect).stdout)
    mounted = {}
    for config in configs:
        data = docker("config", "inspect", config["ConfigName"], "--format", "{{json .Spec.Data}}")
        mounted[config["File"]["Name"]] = base64.b64decode(json.loads(data.stdout)).decode()
    expected = {
        f"/etc/grafana/dashboards/taskboard/{path.name}": path.read_text()
        for path in DASHBOARDS.glob("*.json")
    }
    for kind, name in (("datasources", "prometheus.yml"), ("dashboards", "taskboard.yml")):
        text = (PROVISIONING / kind / name).read_text()
        expected[f"/etc/grafana/provisioning/{kind}/{name}"] = text
    assert len(expected) >= 5
    assert mounted == expected


def _prometheus_value(query: str) -> float | None:
    """An instant query's single value, asked of the stack's Prometheus with its own promtool."""
    ps = docker("ps", "-q", "--filter", "label=com.docker.swarm.service.name=taskboard_prometheus")
    container = ps.stdout.split()[0]
    out = docker(
        "exec",
        container,
        "promtool",
        "query",
        "instant",
        "http://127.0.0.1:9090",
        query,
        check=False,
    ).stdout
    match = re.search(r"=> ([0-9.e+-]+) @", out)
    return float(match.group(1)) if match else None


def _psql(query: str) -> list[str]:
    db = docker("ps", "-q", "--filter", "label=com.docker.swarm.service.name=taskboard_db").stdout
    out = docker("exec", db.split()[0], "psql", "-U", "taskboard", "-d", "taskboard", "-tAc", query)
    return out.stdout.split()


def _postgres_count(query: str) -> int:
    return int(_psql(query)[0])


def _event_ids(board: str) -> list[int]:
    rows = _psql(f"SELECT id FROM events WHERE board_id = '{board}' ORDER BY id")  # noqa: S608
    return [int(row) for row in rows]


@dataclass
class Load:
    """Clients reading and writing until told to stop; every non-2xx or transport error counts."""

    sent: int = 0
    failed: list[str] = field(default_factory=list)
    # When each failed request was sent, and each one that succeeded.
    failed_at: list[float] = field(default_factory=list)
    succeeded_at: list[float] = field(default_factory=list)
    stop: asyncio.Event = field(default_factory=asyncio.Event)
    # How long the deploy under this load took, when there was one.
    deploy_seconds: float = 0.0

    def fail(self, what: str, sent_at: float) -> None:
        """Count one failed request, with when it was sent."""
        self.failed.append(what)
        self.failed_at.append(sent_at)

    async def client(
        self, http: httpx.AsyncClient, auth: dict[str, str], board: str, n: int
    ) -> None:
        while not self.stop.is_set():
            sent_at = time.monotonic()
            try:
                if n % 4 == 0:
                    response = await http.post(
                        f"/api/v1/boards/{board}/tasks",
                        json={"title": f"load {self.sent}"},
                        headers=auth,
                    )
                else:
                    response = await http.get(
                        f"/api/v1/boards/{board}/tasks?limit=20", headers=auth
                    )
                if response.status_code >= 400:
                    self.fail(f"{response.status_code} {response.text[:120]}", sent_at)
                else:
                    self.succeeded_at.append(sent_at)
            except httpx.HTTPError as error:
                self.fail(f"{type(error).__name__}: {error}", sent_at)
            self.sent += 1


@dataclass
class Subscriber:
    """A browser's EventSource on one board: reconnects with Last-Event-ID whenever the stream
    ends or breaks, and keeps every event id it receives, in order."""

    received: list[int] = field(default_factory=list)
    reconnects: int = 0
    # The id the first connection started from: events after it are owed.
    start: int | None = None
    arrived: asyncio.Event = field(default_factory=asyncio.Event)

    async def caught_up(self, last: int) -> None:
        """Return once event `last` has arrived."""
        while self.received[-1:] != [last]:
            await self.arrived.wait()
            self.arrived.clear()

    async def follow(
        self, http: httpx.AsyncClient, auth: dict[str, str], board: str, stop: asyncio.Event
    ) -> None:
        last: str | None = None
        while not stop.is_set():
            headers = {**auth, **({"Last-Event-ID": last} if last else {})}
            url = f"/api/v1/boards/{board}/events"
            try:
                async with http.stream("GET", url, headers=headers, timeout=None) as stream:
                    async for message in read_sse(stream):
                        if message.id is None:
                            continue
                        last = message.id
                        if self.start is None:
                            self.start = int(message.id)
                        if message.is_event:
                            self.received.append(int(message.id))
                            self.arrived.set()
            except httpx.HTTPError:
                pass  # a replica went away mid-stream: reconnect, as EventSource does
            self.reconnects += 1
            await asyncio.sleep(0.2)


async def _update_under_load(
    stack: Stack, **env: str
) -> tuple[subprocess.CompletedProcess[str], Load, Subscriber, list[int]]:
    load, subscriber = Load(), Subscriber()
    async with stack.client() as http:
        users = [await _user(http) for _ in range(4)]
        auth, board = users[0]
        following = asyncio.create_task(subscriber.follow(http, auth, board, load.stop))
        clients = [
            asyncio.create_task(load.client(http, *users[n % len(users)], n))
            for n in range(CLIENTS)
        ]
        await asyncio.sleep(2)  # steady load before the update starts
        deploy_started = time.monotonic()
        result = await asyncio.to_thread(stack.run, "deploy", **env)
        load.deploy_seconds = time.monotonic() - deploy_started
        await asyncio.sleep(2)  # and after it ends
        load.stop.set()
        await asyncio.gather(*clients)
        # Every event of the board the outbox recorded after the stream began: what it owed.
        written = [
            i for i in _event_ids(board) if subscriber.start is not None and i > subscriber.start
        ]
        if written:
            with contextlib.suppress(TimeoutError):  # the assertion below says what is missing
                async with asyncio.timeout(20):
                    await subscriber.caught_up(written[-1])
        following.cancel()
    return result, load, subscriber, written


def _running_api_image() -> str:
    spec = "{{.Spec.TaskTemplate.ContainerSpec.Image}}"
    return docker("service", "inspect", "taskboard_api", "--format", spec).stdout.strip()


def test_a_rolling_update_of_the_api_under_load_fails_no_request(
    stack: Stack, record_testsuite_property: Callable[[str, object], None]
) -> None:
    new_image = f"{stack.api_image}-next"
    docker("tag", stack.api_image, new_image)
    stack.created.append(new_image)
    started = time.monotonic()
    result, load, subscriber, written = asyncio.run(_update_under_load(stack, API_IMAGE=new_image))
    stack.env["API_IMAGE"] = new_image
    assert result.returncode == 0, result.stderr
    assert _running_api_image() == new_image
    seconds = time.monotonic() - started
    assert load.sent > CLIENTS * 10, f"{load.sent} requests in {seconds:.1f} s"
    assert load.failed == [], f"{len(load.failed)} of {load.sent} requests failed"
    # Both replicas were replaced under the stream: every event exactly once, in order.
    assert subscriber.reconnects >= 1
    assert len(written) > 10
    lost = len(set(written) - set(subscriber.received))
    duplicated = len(subscriber.received) - len(set(subscriber.received))
    # The figures infra/swarm/bench records (from the JUnit report).
    for name, value in {
        "update_requests": load.sent,
        "update_failed_requests": len(load.failed),
        "update_deploy_seconds": round(load.deploy_seconds, 1),
        "update_events_written": len(written),
        "update_events_delivered": len(subscriber.received),
        "update_events_lost": lost,
        "update_events_duplicated": duplicated,
        "update_stream_reconnects": subscriber.reconnects,
    }.items():
        record_testsuite_property(name, value)
    assert subscriber.received == written, f"{lost} lost, {duplicated} duplicated"


def test_an_update_that_never_turns_healthy_rolls_back_without_failures(
    stack: Stack, record_testsuite_property: Callable[[str, object], None]
) -> None:
    broken = f"{stack.api_image}-never-healthy"
    # Serves, and migrates, but on an address its health check (127.0.0.1) never reaches.
    dockerfile = f"FROM {stack.env['API_IMAGE']}\nENV HOST=127.0.0.2\n"
    built = subprocess.run(  # noqa: S603 - the docker client, fixed arguments
        ["/usr/bin/docker", "build", "-q", "-t", broken, "-"],
        input=dockerfile, capture_output=True, text=True, check=False, timeout=120,
        env={"PATH": PATH, "DOCKER_HOST": stack.env["DOCKER_HOST"], "DOCKER_BUILDKIT": "1"},
    )  # fmt: skip
    assert built.returncode == 0, built.stderr
    stack.created.append(broken)
    result, load, _, _ = asyncio.run(_update_under_load(stack, API_IMAGE=broken))
    record_testsuite_property("rollback_requests", load.sent)
    record_testsuite_property("rollback_failed_requests", len(load.failed))
    record_testsuite_property("rollback_deploy_seconds", round(load.deploy_seconds, 1))
    assert result.returncode == 1
    assert "api: update rolled back" in result.stderr
    assert _running_api_image() == stack.env["API_IMAGE"]
    assert load.failed == [], f"{len(load.failed)} of {load.sent} requests failed"


# How long after a replica dies Traefik may still send it new requests: the provider's refresh
# (1 s), the health check's interval (2 s) and a probe's timeout (5 s), in the worst order.
ROUTING_WINDOW_SECONDS = 8.0
# Load after a kill: the window, then the clients' 15 s timeout, with a margin.
KILL_LOAD_SECONDS = 22.0


def _healthy_api_tasks() -> int:
    ids = docker("ps", "-q", "--filter", "label=com.docker.swarm.service.name=taskboard_api").stdout
    states = [
        docker("inspect", "-f", "{{.State.Health.Status}}", cid, check=False).stdout.strip()
        for cid in ids.split()
    ]
    return states.count("healthy")


def test_a_killed_api_container_is_routed_around_and_replaced(
    stack: Stack, record_testsuite_property: Callable[[str, object], None]
) -> None:
    async def scenario() -> tuple[Load, float, float]:
        load = Load()
        async with stack.client() as http:
            users = [await _user(http) for _ in range(4)]
            clients = [
                asyncio.create_task(load.client(http, *users[n % len(users)], n))
                for n in range(CLIENTS)
            ]
            await asyncio.sleep(2)
            label = "label=com.docker.swarm.service.name=taskboard_api"
            victim = docker("ps", "-q", "--filter", label).stdout.split()[0]
            killed_at = time.monotonic()
            docker("kill", victim)
            while time.monotonic() - killed_at < 60:
                await asyncio.sleep(0.5)
                gone = victim not in docker("ps", "-q", "--filter", label).stdout
                if gone and await asyncio.to_thread(_healthy_api_tasks) >= 2:
                    break
            replaced_after = time.monotonic() - killed_at
            # The load goes on past the detection window and past the client timeout of the
            # requests the killed replica had accepted, so every client sends again.
            await asyncio.sleep(max(3.0, KILL_LOAD_SECONDS - replaced_after))
            load.stop.set()
            await asyncio.gather(*clients)
        return load, killed_at, replaced_after

    load, killed_at, replaced_after = asyncio.run(scenario())
    record_testsuite_property("kill_requests", load.sent)
    record_testsuite_property("kill_failed_requests", len(load.failed))
    record_testsuite_property("kill_replaced_after_seconds", round(replaced_after, 1))
    # Requests the killed replica had accepted, or was sent before Traefik noticed, fail (it
    # never answers: they time out); a request sent once Traefik had time to notice never does.
    late = [
        round(at - killed_at, 1) for at in load.failed_at if at - killed_at > ROUTING_WINDOW_SECONDS
    ]
    assert late == [], f"requests sent this many seconds after the kill still failed: {late}"
    served_after = [at for at in load.succeeded_at if at - killed_at > ROUTING_WINDOW_SECONDS]
    assert len(served_after) >= CLIENTS, "the load did not go on once the replica was replaced"
    assert replaced_after < 60, "the swarm did not replace the killed task within 60 s"


def test_down_removes_everything_the_deploy_created(stack: Stack) -> None:
    result = stack.run("down")
    assert result.returncode == 0, result.stderr
    assert docker("info", "--format", "{{.Swarm.LocalNodeState}}").stdout.strip() == "inactive"
    leftovers = {
        "containers": docker(
            "ps", "-aq", "--filter", "label=com.docker.stack.namespace=taskboard"
        ).stdout,
        "volumes": docker(
            "volume", "ls", "-q", "--filter", "label=com.docker.stack.namespace=taskboard"
        ).stdout,
        "networks": docker("network", "ls", "-q", "--filter", "name=taskboard_").stdout
        + docker("network", "ls", "-q", "--filter", "name=docker_gwbridge").stdout,
    }
    assert {kind: ids.split() for kind, ids in leftovers.items()} == {
        kind: [] for kind in leftovers
    }
