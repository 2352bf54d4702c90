"""The MCP server on a clone of this repository, through the SDK's clients.

Every tool runs for real (Pants, `.ci/affected`, git) on a throwaway clone of the checkout's
HEAD, through the in-memory client session, refused inputs included. The last test starts the
server the way an MCP client does: the command of `.mcp.json`, over stdio.
"""

from __future__ import annotations

import asyncio
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from mcp import Client
from mcp.client.stdio import StdioServerParameters
from mcp.types import CallToolResult, TextContent, TextResourceContents
from selection.clone import clone_of_checkout

from taskboard_mcp.server import build_server
from taskboard_mcp.workspace import Workspace

PACKAGE = "src/python/taskboard_mcp"
TOOLS = {"list_targets", "affected", "dependencies", "dependents", "run_tests", "benchmarks"}
PASSING = f"{PACKAGE}/workspace_test.py"


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict[str, str]]]:
    with clone_of_checkout(tmp_path_factory.mktemp("mcp")) as cloned:
        yield cloned


@pytest.fixture(scope="module")
def workspace(clone: tuple[Path, dict[str, str]]) -> Workspace:
    repo, env = clone
    return Workspace(repo, env=env)


def connect(workspace: Workspace) -> Client:
    """The in-memory client session of a server over WORKSPACE (`async with` it in the test:
    the SDK's session must start and end in the same task)."""
    return Client(build_server(workspace))


async def call(workspace: Workspace, tool: str, **arguments: Any) -> dict[str, Any]:
    async with connect(workspace) as client:
        result = await client.call_tool(tool, arguments)
    assert not result.is_error, text(result)
    assert isinstance(result.structured_content, dict)
    return result.structured_content


async def refused(workspace: Workspace, tool: str, **arguments: Any) -> str:
    async with connect(workspace) as client:
        result = await client.call_tool(tool, arguments)
    assert result.is_error, result.structured_content
    return text(result)


def text(result: CallToolResult) -> str:
    return " ".join(part.text for part in result.content if isinstance(part, TextContent))


async def test_the_tools_are_listed_with_their_input_schemas(workspace: Workspace) -> None:
    async with connect(workspace) as client:
        listed = (await client.list_tools()).tools
    assert {tool.name for tool in listed} == TOOLS
    run_tests = next(tool for tool in listed if tool.name == "run_tests")
    assert run_tests.input_schema["required"] == ["specs"]


async def test_list_targets_of_a_spec_and_of_a_type(workspace: Workspace) -> None:
    everything = await call(workspace, "list_targets", spec=f"{PACKAGE}:")
    assert {f"{PACKAGE}:server", f"{PACKAGE}/server.py"} <= set(everything["addresses"])
    binaries = await call(workspace, "list_targets", spec=f"{PACKAGE}::", target_type="pex_binary")
    assert binaries["addresses"] == [f"{PACKAGE}:server"]


async def test_an_unknown_target_type_is_refused_with_the_near_ones(workspace: Workspace) -> None:
    said = await refused(workspace, "list_targets", spec="::", target_type="tests")
    assert "'tests' is not a target type of this graph" in said
    assert "python_tests" in said


@pytest.mark.parametrize("spec", ["../etc::", "src/python;id", "-h", "src/nothing::"])
async def test_a_spec_that_is_not_an_address_is_refused(workspace: Workspace, spec: str) -> None:
    said = await refused(workspace, "list_targets", spec=spec)
    assert repr(spec) in said


async def test_dependencies_and_dependents_both_ways(workspace: Workspace) -> None:
    direct = await call(workspace, "dependencies", address=f"{PACKAGE}/server.py")
    assert {f"{PACKAGE}/workspace.py", "3rdparty/python:ci-tools#mcp"} <= set(direct["addresses"])
    down = await call(workspace, "dependencies", address=f"{PACKAGE}/server.py", transitive=True)
    assert set(direct["addresses"]) < set(down["addresses"])
    up = await call(workspace, "dependents", address=f"{PACKAGE}/workspace.py", transitive=True)
    assert {f"{PACKAGE}/server.py", f"{PACKAGE}:server"} <= set(up["addresses"])


async def test_a_set_of_targets_is_not_an_address(workspace: Workspace) -> None:
    said = await refused(workspace, "dependents", address=f"{PACKAGE}::")
    assert "is a set of targets" in said


async def test_affected_is_what_the_selection_tool_says(workspace: Workspace) -> None:
    nothing = await call(workspace, "affected", base="HEAD")
    assert (nothing["addresses"], nothing["everything"]) == ([], False)
    assert "nothing changed" in nothing["reason"]
    edited = workspace.root / PACKAGE / "workspace.py"
    original = edited.read_text()
    edited.write_text(original + "\n# an edit\n")
    try:
        some = await call(workspace, "affected", base="HEAD")
        config = workspace.root / "pants.toml"
        kept = config.read_text()
        config.write_text(kept + "\n")
        try:
            everything = await call(workspace, "affected", base="HEAD")
        finally:
            config.write_text(kept)
    finally:
        edited.write_text(original)
    assert {f"{PACKAGE}/workspace.py", f"{PACKAGE}/server.py", f"{PACKAGE}:server"} <= set(
        some["addresses"]
    )
    assert not any(address.startswith("src/web") for address in some["addresses"])
    assert (everything["everything"], everything["addresses"]) == (True, [])
    assert "pants.toml changed" in everything["reason"]


@pytest.mark.parametrize(("base", "said"), [("nosuch", "is not a commit"), ("HEAD;ls", "git rev")])
async def test_a_base_that_is_not_a_commit_is_refused(
    workspace: Workspace, base: str, said: str
) -> None:
    assert said in await refused(workspace, "affected", base=base)


@pytest.fixture
def extra_test(workspace: Workspace, request: pytest.FixtureRequest) -> Iterator[str]:
    """A test file in a folder of its own in the clone, with its BUILD; removed after."""
    name, body = request.param
    folder = workspace.root / PACKAGE / "scratch"
    folder.mkdir()
    (folder / "BUILD").write_text('python_tests(resolve="ci-tools")\n')
    (folder / name).write_text(body)
    try:
        yield f"{PACKAGE}/scratch/{name}"
    finally:
        shutil.rmtree(folder)


async def test_run_tests_reports_each_target(workspace: Workspace) -> None:
    run = await call(workspace, "run_tests", specs=[PASSING])
    assert (run["outcome"], run["exit_code"]) == ("passed", 0), run["output"]
    assert run["results"] == [{"address": f"{PASSING}:tests", "outcome": "succeeded"}]


FAILING = ("failing_test.py", "def test_fails() -> None:\n    assert 1 == 2\n")
SLOW = ("slow_test.py", "import time\n\n\ndef test_sleeps() -> None:\n    time.sleep(90)\n")


@pytest.mark.parametrize("extra_test", [FAILING], indirect=True)
async def test_a_failing_test_is_reported_failed(workspace: Workspace, extra_test: str) -> None:
    run = await call(workspace, "run_tests", specs=[extra_test])
    assert (run["outcome"], run["exit_code"]) == ("failed", 1)
    assert run["results"] == [{"address": extra_test, "outcome": "failed"}]
    assert "assert 1 == 2" in run["output"]


@pytest.mark.parametrize("extra_test", [SLOW], indirect=True)
async def test_one_run_at_a_time_and_each_within_its_timeout(
    workspace: Workspace, extra_test: str
) -> None:
    first: dict[str, Any] = {}

    async def slow_run() -> None:
        first.update(await call(workspace, "run_tests", specs=[extra_test], timeout_seconds=20))

    async with asyncio.TaskGroup() as group:
        group.create_task(slow_run())
        async with asyncio.timeout(10):
            while not workspace.testing:  # noqa: ASYNC110 - the server's state, not an event
                await asyncio.sleep(0.05)
        said = await refused(workspace, "run_tests", specs=[PASSING])
    assert f"a test run is in progress ({extra_test})" in said
    assert (first["outcome"], first["exit_code"]) == ("timed out", None)
    assert first["seconds"] < 20 + 16
    assert not workspace.testing


@pytest.mark.parametrize(
    ("specs", "said"),
    [
        (["::"], "outside the folders whose tests run from here"),
        (["docs::"], "outside the folders whose tests run from here"),
        ([], "specs"),
    ],
)
async def test_test_runs_outside_the_allow_list_are_refused(
    workspace: Workspace, specs: list[str], said: str
) -> None:
    assert said in await refused(workspace, "run_tests", specs=specs)


async def test_benchmarks_lists_the_tables_and_reads_one(workspace: Workspace) -> None:
    listed = await call(workspace, "benchmarks")
    names = [table["name"] for table in listed["tables"]]
    assert {"graph-timings", "pipeline-figures", "api-bench"} <= set(names)
    one = await call(workspace, "benchmarks", name="graph-timings")
    assert one["table"].startswith("| figure")
    said = await refused(workspace, "benchmarks", name="nosuch")
    assert "no benchmark table 'nosuch'" in said
    assert "graph-timings" in said


async def test_the_docs_are_resources(workspace: Workspace) -> None:
    async with connect(workspace) as client:
        listed = {resource.uri for resource in (await client.list_resources()).resources}
        read = await client.read_resource("taskboard://docs/operations/ci")
    assert {"taskboard://docs/architecture", "taskboard://docs/operations/ci"} <= listed
    assert isinstance(read.contents[0], TextResourceContents)
    assert read.contents[0].text == (workspace.root / "docs/operations/ci.md").read_text()


async def test_mcp_json_starts_the_server_over_stdio(clone: tuple[Path, dict[str, str]]) -> None:
    repo, env = clone
    registered = json.loads((repo / ".mcp.json").read_text())["mcpServers"]["taskboard"]
    command = StdioServerParameters(
        command=registered["command"], args=registered["args"], cwd=repo, env=env
    )
    async with asyncio.timeout(240):
        async with Client(command) as client:
            assert {tool.name for tool in (await client.list_tools()).tools} == TOOLS
            listed = await client.call_tool(
                "list_targets", {"spec": f"{PACKAGE}:", "target_type": "pex_binary"}
            )
    assert listed.structured_content is not None, text(listed)
    assert listed.structured_content["addresses"] == [f"{PACKAGE}:server"]
