"""The API and web images as containers on a real engine (`infra/docker/engine start`).

The images are built here from the same Dockerfiles and the same context layout as
`./pants package infra/docker::` (the PEXes and the standalone server sit at their graph paths in
this sandbox), then run the ways the deploy targets run them: read-only root filesystem, the
one-off `migrate`, SQLite on a volume or PostgreSQL in a container, the web proxying to the API
by its network name, `docker stop` within the drain deadline.
"""

from __future__ import annotations

import io
import json
import re
import secrets
import tarfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from containers import (
    Container,
    build_image,
    container,
    docker,
    network,
    require_engine,
    unique,
    volume,
)
from pydantic import SecretStr

from taskboard.settings import Settings

RUNTIME_UID = "65532"
# uvicorn's drain (GRACEFUL_TIMEOUT, 10 s) plus a margin: past it `docker stop` kills (137).
DRAIN_DEADLINE_SECONDS = 15
BUILD_ARGS = {
    "TASKBOARD_VERSION": "1.2.3-test",
    "TASKBOARD_REVISION": secrets.token_hex(20),
    "TASKBOARD_SOURCE": "https://example.com/taskboard",
}
PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="module", autouse=True)
def _engine() -> None:
    require_engine()


def _image(dockerfile: str, name: str) -> Iterator[str]:
    tag = f"{name}:{unique('test')}"
    build_image(dockerfile, tag, BUILD_ARGS)
    try:
        yield tag
    finally:
        docker("rmi", "-f", tag, check=False)


@pytest.fixture(scope="module")
def api_image() -> Iterator[str]:
    yield from _image("infra/docker/api/Dockerfile", "taskboard-api")


@pytest.fixture(scope="module")
def web_image() -> Iterator[str]:
    yield from _image("infra/docker/web/Dockerfile", "taskboard-web")


def _secret_key() -> str:
    return secrets.token_urlsafe(48)


def _read_only(*writable: str) -> list[str]:
    """`docker run` options: read-only root filesystem, tmpfs only where named."""
    return ["--read-only", *(f"--tmpfs={path}" for path in writable)]


def _sign_up_and_create_board(base_url: str) -> dict[str, object]:
    """Exercise the database: a user, a bearer sign-in, a board."""
    email = f"{unique('u')}@example.com"
    with httpx.Client(base_url=base_url, timeout=30) as client:
        created = client.post(
            "/api/v1/auth/register",
            json={"email": email, "password": PASSWORD, "display_name": "Image Test"},
        )
        assert created.status_code == 201, created.text
        login = client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
        assert login.status_code == 200, login.text
        token = login.json()["access_token"]
        board = client.post(
            "/api/v1/boards",
            json={"name": "From the image test"},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert board.status_code == 201, board.text
        listed = client.get("/api/v1/boards", headers={"Authorization": f"Bearer {token}"})
        assert [b["id"] for b in listed.json()] == [board.json()["id"]]
        return dict(board.json())


def _migrate(image: str, *run_args: str) -> str:
    result = docker("run", "--rm", *_read_only(), *run_args, image, "migrate", check=False)
    assert result.returncode == 0, result.stderr
    return result.stderr


def _assert_stops_cleanly(running: Container) -> None:
    code, seconds = running.stop(DRAIN_DEADLINE_SECONDS)
    assert code == 0, f"exit {code} after {seconds:.1f} s:\n{running.logs()}"


@pytest.mark.parametrize(
    ("image_fixture", "port"),
    [("api_image", 8000), ("web_image", 3000)],
    ids=["api", "web"],
)
def test_image_metadata(image_fixture: str, port: int, request: pytest.FixtureRequest) -> None:
    image = request.getfixturevalue(image_fixture)
    config = json.loads(docker("image", "inspect", image).stdout)[0]["Config"]
    assert config["User"] == f"{RUNTIME_UID}:{RUNTIME_UID}"
    assert f"{port}/tcp" in config["ExposedPorts"]
    assert config["Healthcheck"]["Test"][0] == "CMD"
    labels = config["Labels"]
    assert labels["org.opencontainers.image.version"] == BUILD_ARGS["TASKBOARD_VERSION"]
    assert labels["org.opencontainers.image.revision"] == BUILD_ARGS["TASKBOARD_REVISION"]
    assert labels["org.opencontainers.image.source"] == BUILD_ARGS["TASKBOARD_SOURCE"]
    assert labels["org.opencontainers.image.licenses"]


# Nothing to build, install or script with in the final stage of either image.
_ABSENT = (
    "/bin/sh",
    "/bin/bash",
    "/usr/bin/apt-get",
    "/usr/bin/dpkg",
    "/usr/bin/gcc",
    "/usr/bin/strip",
)


def test_api_final_stage_has_no_shell_pip_or_compiler(api_image: str) -> None:
    paths = [*_ABSENT, "/app/bin/pip"]
    probe = (
        "import importlib.util, os\n"
        f"found = [p for p in {paths!r} if os.path.lexists(p)]\n"
        "found += [m for m in ('pip', 'setuptools') if importlib.util.find_spec(m)]\n"
        "print(found)"
    )
    out = docker("run", "--rm", "--entrypoint", "/app/bin/python", api_image, "-c", probe).stdout
    assert out.strip() == "[]"


def test_web_final_stage_has_no_shell_or_npm(web_image: str) -> None:
    paths = [*_ABSENT, "/nodejs/bin/npm", "/usr/local/bin/npm", "/usr/bin/npm"]
    probe = (
        f"const fs = require('fs'); console.log(JSON.stringify({paths!r}.filter(fs.existsSync)))"
    )
    out = docker("run", "--rm", web_image, "-e", probe).stdout
    assert out.strip() == "[]"


def test_api_on_sqlite_volume_read_only(api_image: str) -> None:
    key = _secret_key()
    with volume() as data:
        mount = f"--volume={data}:/data"
        with container(
            api_image,
            *_read_only("/tmp"),
            mount,
            "-e",
            f"SECRET_KEY={key}",
            "-p",
            "127.0.0.1::8000",
        ) as api:
            api.wait_healthy()
            # Replicas never migrate on start in production: the schema is still empty.
            count_tables = (
                "import sqlite3\n"
                "db = sqlite3.connect('/data/var/taskboard.db')\n"
                "tables = db.execute(\"SELECT name FROM sqlite_master WHERE type='table'\")\n"
                "print(len(tables.fetchall()))"
            )
            tables = api.run("/app/bin/python", "-c", count_tables)
            assert tables.strip() == "0"
            assert "revision head" in _migrate(api_image, mount, "-e", f"SECRET_KEY={key}")
            # Idempotent: a second deploy's migrate finds nothing to do.
            _migrate(api_image, mount, "-e", f"SECRET_KEY={key}")
            assert httpx.get(f"{api.url(8000)}/readyz", timeout=10).status_code == 200
            _sign_up_and_create_board(api.url(8000))
            assert (
                api.run("/app/bin/python", "-c", "import os; print(os.getuid())").strip()
                == RUNTIME_UID
            )
            _assert_stops_cleanly(api)


def test_api_refuses_a_missing_secret_in_one_line(api_image: str) -> None:
    for command in (["serve"], ["migrate"]):
        result = docker("run", "--rm", *_read_only(), api_image, *command, check=False)
        assert result.returncode == 2
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, result.stderr
        assert "SECRET_KEY must be a random value" in lines[0]


def test_api_on_postgres_container(api_image: str) -> None:
    password = secrets.token_urlsafe(24)
    key = _secret_key()
    with network() as net:
        db_name = unique("db")
        with container(
            "postgres:15-bookworm",
            f"--network={net}",
            f"--network-alias={db_name}",
            "-e",
            f"POSTGRES_PASSWORD={password}",
            "-e",
            "POSTGRES_DB=taskboard",
            "--tmpfs=/var/lib/postgresql/data",
        ) as db:
            _wait_for_postgres(db)
            url = f"postgresql://postgres:{password}@{db_name}:5432/taskboard"
            env = [
                "-e",
                f"DATABASE_URL={url}",
                "-e",
                f"SECRET_KEY={key}",
                f"--network={net}",
            ]
            _migrate(api_image, *env)
            with container(api_image, *_read_only("/tmp"), *env, "-p", "127.0.0.1::8000") as api:
                api.wait_healthy()
                assert httpx.get(f"{api.url(8000)}/readyz", timeout=10).status_code == 200
                _sign_up_and_create_board(api.url(8000))
                _assert_stops_cleanly(api)


def _wait_for_postgres(db: Container) -> None:
    for _ in range(100):
        if docker("exec", db.name, "pg_isready", "-q", check=False).returncode == 0:
            return
        time.sleep(0.2)
    pytest.fail(f"PostgreSQL did not accept connections:\n{db.logs()}")


def test_web_proxies_to_the_api_by_network_name(api_image: str, web_image: str) -> None:
    key = _secret_key()
    with network() as net, volume() as data:
        alias = unique("api")
        env = ["-e", f"SECRET_KEY={key}", f"--volume={data}:/data"]
        _migrate(api_image, *env)
        with (
            container(
                api_image,
                *_read_only("/tmp"),
                *env,
                f"--network={net}",
                f"--network-alias={alias}",
            ) as api,
            # The API's address is runtime configuration, not baked in at build time.
            container(
                web_image,
                *_read_only("/app/.next/cache"),
                f"--network={net}",
                "-e",
                f"API_URL=http://{alias}:8000",
                "-p",
                "127.0.0.1::3000",
            ) as web,
        ):
            api.wait_healthy()
            web.wait_healthy()
            base = web.url(3000)
            assert httpx.get(f"{base}/healthz", timeout=10).json() == {"status": "ok"}
            page = httpx.get(f"{base}/sign-in", timeout=30)
            assert page.status_code == 200
            assert "<html" in page.text
            _sign_up_and_create_board(base)
            uid = web.run("/nodejs/bin/node", "-e", "console.log(process.getuid())")
            assert uid.strip() == RUNTIME_UID
            _assert_stops_cleanly(web)
            _assert_stops_cleanly(api)


# Where a secret could hide in an image: a dotenv-style assignment of a setting that is a
# secret, a private key, or a .env file.
def _secret_names() -> list[str]:
    names = [
        name.upper()
        for name, field in Settings.model_fields.items()
        if field.annotation is SecretStr
    ]
    return [*names, "DATABASE_URL", "POSTGRES_PASSWORD"]


# A PEM private key with a body, not code that merely names the header (JWT libraries do).
_PRIVATE_KEY = re.compile(
    rb"-----BEGIN [A-Z ]*PRIVATE KEY-----\r?\n[A-Za-z0-9+/=\r\n]{64,}-----END"
)


def _scan_layers(image: str) -> list[str]:
    assignment = re.compile(
        rb"(?m)^\s*(?:export\s+)?(?:"
        + b"|".join(n.encode() for n in _secret_names())
        + rb")\s*[=:]\s*\S"
    )
    archive = Path(unique("/tmp/image")).with_suffix(".tar")
    docker("save", "-o", str(archive), image, timeout=300)
    found: list[str] = []
    try:
        with tarfile.open(archive) as outer:
            layers = [m for m in outer.getmembers() if m.name.endswith("layer.tar")]
            for member in layers:
                layer_file = outer.extractfile(member)
                assert layer_file is not None
                with tarfile.open(fileobj=io.BytesIO(layer_file.read())) as layer:
                    for entry in layer.getmembers():
                        found.extend(_suspicious(layer, entry, assignment))
    finally:
        archive.unlink(missing_ok=True)
    return found


def _suspicious(
    layer: tarfile.TarFile, entry: tarfile.TarInfo, assignment: re.Pattern[bytes]
) -> list[str]:
    name = entry.name
    base = name.rsplit("/", 1)[-1]
    if base == ".env" or base.startswith(".env."):
        return [f"{name}: a dotenv file"]
    if not entry.isfile() or entry.size > 2_000_000:
        return []
    data = layer.extractfile(entry)
    content = data.read() if data else b""
    if _PRIVATE_KEY.search(content):
        return [f"{name}: a private key"]
    match = assignment.search(content)
    return [f"{name}: {match.group(0)[:60]!r}"] if match else []


@pytest.mark.parametrize("image_fixture", ["api_image", "web_image"], ids=["api", "web"])
def test_images_carry_no_secret(image_fixture: str, request: pytest.FixtureRequest) -> None:
    image = request.getfixturevalue(image_fixture)
    inspected = json.loads(docker("image", "inspect", image).stdout)[0]
    env_names = {entry.split("=", 1)[0] for entry in inspected["Config"]["Env"] or []}
    assert env_names.isdisjoint({"SECRET_KEY", "POSTGRES_PASSWORD"})
    history = docker("history", "--no-trunc", "--format", "{{.CreatedBy}}", image).stdout
    assert not re.search(r"SECRET_KEY=|PASSWORD=", history)
    assert _scan_layers(image) == []
