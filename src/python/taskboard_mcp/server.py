"""The project's MCP server: the build graph, the selection CI uses, tests and benchmarks.

AI assistants (Claude Code, Cursor, the MCP Inspector...) start it over stdio from `.mcp.json`:
`./pants --concurrent run src/python/taskboard_mcp:server`. It answers from the checkout it runs
in, through the repository's own tools: `./pants` for the graph and tests, `.ci/affected` for
what a change affects, docs/benchmarks.md for the figures.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Awaitable, Callable
from functools import wraps
from pathlib import Path
from typing import Annotated, Literal, ParamSpec, TypeVar

from mcp.server import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp.server.mcpserver.resources.types import FileResource
from mcp.types import ToolAnnotations
from pydantic import BaseModel, Field

from taskboard_mcp.workspace import TEST_ROOTS, Finished, RefusedError, Workspace, tail

INSTRUCTIONS = """\
Taskboard's build graph (Pants 2.17). Addresses look like src/python/taskboard:api or
src/python/taskboard/cli.py; `dir::` means everything below dir. Use `affected` before running
tests to find what a change touches, then `run_tests` on those targets (one run at a time).
The architecture and operations docs are resources."""

# Graph queries answer in seconds once pantsd is up; its first start takes longer.
_QUERY_LIMIT = 300.0
_READ_ONLY = ToolAnnotations(read_only_hint=True, open_world_hint=False)
_BENCHMARKS = "docs/benchmarks.md"
# A table the benchmark scripts record (.ci/record-bench): between its begin and end markers.
_TABLE = re.compile(
    r"<!-- (?P<name>[a-z0-9-]+):begin -->\n(?P<table>.*?)\n<!-- (?P=name):end -->", re.S
)

P = ParamSpec("P")
R = TypeVar("R")


class Targets(BaseModel):
    spec: str
    target_type: str | None
    addresses: list[str]


class Affected(BaseModel):
    base: str
    everything: bool = Field(description="A global input changed: every target is affected")
    addresses: list[str]
    reason: str = Field(description="What .ci/affected said about the change")


class Edges(BaseModel):
    address: str
    transitive: bool
    addresses: list[str]


class TestOutcome(BaseModel):
    address: str
    outcome: str


class TestRun(BaseModel):
    specs: list[str]
    outcome: Literal["passed", "failed", "timed out"]
    exit_code: int | None
    seconds: float
    results: list[TestOutcome]
    output: str = Field(description="The end of Pants' output")


class BenchmarkTable(BaseModel):
    name: str
    heading: str


class Benchmarks(BaseModel):
    tables: list[BenchmarkTable]
    table: str | None = Field(description="The recorded table asked for by name, as Markdown")


def _refusals(tool: Callable[P, Awaitable[R]]) -> Callable[P, Awaitable[R]]:
    """A refused input reaches the client as the tool's error message, not as a crash."""

    @wraps(tool)
    async def checked(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return await tool(*args, **kwargs)
        except RefusedError as refused:
            raise ToolError(str(refused)) from None

    return checked


def _answer(done: Finished, what: str) -> list[str]:
    if done.timed_out:
        raise ToolError(f"{what} did not finish in {done.seconds:.0f} s")
    if done.exit_code != 0:
        raise ToolError(f"{what} failed: {done.failure()}")
    return done.lines()


def build_server(workspace: Workspace) -> MCPServer:
    """The server's tools and resources, over WORKSPACE."""
    server: MCPServer = MCPServer("taskboard", instructions=INSTRUCTIONS)

    @server.tool(annotations=_READ_ONLY)
    @_refusals
    async def list_targets(
        spec: Annotated[str, Field(description="An address or spec, e.g. src/python::")] = "::",
        target_type: Annotated[
            str | None, Field(description="Only this type, e.g. python_tests, docker_image")
        ] = None,
    ) -> Targets:
        """List the targets a spec covers, optionally of one target type."""
        spec = workspace.spec(spec)
        flags = []
        if target_type is not None:
            flags.append(f"--filter-target-type={await workspace.target_type(target_type)}")
        done = await workspace.pants(*flags, "list", spec, limit=_QUERY_LIMIT)
        return Targets(
            spec=spec, target_type=target_type, addresses=_answer(done, f"pants list {spec}")
        )

    @server.tool(annotations=_READ_ONLY)
    @_refusals
    async def affected(
        base: Annotated[
            str, Field(description="The revision the change is measured from")
        ] = "origin/main",
    ) -> Affected:
        """The targets a change affects: the working tree against the merge base with BASE.

        The same selection CI runs (.ci/affected): changed targets and their transitive
        dependents, or everything when a global input (pants.toml, .github/, ...) changed.
        """
        base = workspace.revision(base)
        done = await workspace.run(str(workspace.root / ".ci/affected"), base, limit=_QUERY_LIMIT)
        if done.exit_code != 0:
            raise ToolError(tail(done.stderr.strip(), 3) or f".ci/affected {base} failed")
        addresses = done.lines()
        everything = addresses == ["::"]
        return Affected(
            base=base,
            everything=everything,
            addresses=[] if everything else addresses,
            reason=tail(done.stderr.strip(), 3),
        )

    @server.tool(annotations=_READ_ONLY)
    @_refusals
    async def dependencies(
        address: Annotated[str, Field(description="One target or file")],
        transitive: bool = False,
    ) -> Edges:
        """What a target depends on (directly, or all the way down)."""
        return await _edges("dependencies", address, transitive=transitive)

    @server.tool(annotations=_READ_ONLY)
    @_refusals
    async def dependents(
        address: Annotated[str, Field(description="One target or file")],
        transitive: bool = False,
    ) -> Edges:
        """What depends on a target (directly, or all the way up)."""
        return await _edges("dependents", address, transitive=transitive)

    async def _edges(goal: str, address: str, *, transitive: bool) -> Edges:
        address = workspace.address(address)
        flags = [f"--{goal}-transitive"] * transitive
        done = await workspace.pants(goal, *flags, address, limit=_QUERY_LIMIT)
        return Edges(
            address=address,
            transitive=transitive,
            addresses=_answer(done, f"pants {goal} {address}"),
        )

    @server.tool(annotations=ToolAnnotations(read_only_hint=False, open_world_hint=False))
    @_refusals
    async def run_tests(
        specs: Annotated[
            list[str],
            Field(
                min_length=1,
                max_length=20,
                description=f"Targets or specs under {', '.join(TEST_ROOTS)}",
            ),
        ],
        timeout_seconds: Annotated[int, Field(ge=1, le=1800)] = 600,
    ) -> TestRun:
        """Run the tests of the given targets with ./pants test (one run at a time)."""
        checked = [workspace.test_spec(spec) for spec in specs]
        done, results = await workspace.test(checked, limit=timeout_seconds)
        outcome: Literal["passed", "failed", "timed out"] = (
            "timed out" if done.timed_out else "passed" if done.exit_code == 0 else "failed"
        )
        return TestRun(
            specs=checked,
            outcome=outcome,
            exit_code=done.exit_code,
            seconds=round(done.seconds, 1),
            results=[TestOutcome(address=r.address, outcome=r.outcome) for r in results],
            output=tail(done.stderr),
        )

    @server.tool(annotations=_READ_ONLY)
    def benchmarks(
        name: Annotated[
            str | None, Field(description="A table's name from the list; none lists them")
        ] = None,
    ) -> Benchmarks:
        """The benchmark tables recorded in docs/benchmarks.md (latest figures)."""
        text = (workspace.root / _BENCHMARKS).read_text()
        found = {match["name"]: match for match in _TABLE.finditer(text)}
        tables = [
            BenchmarkTable(name=key, heading=_heading(text, match.start()))
            for key, match in found.items()
        ]
        if name is not None and name not in found:
            message = f"no benchmark table {name!r}: the tables are {', '.join(found)}"
            raise ToolError(message)
        return Benchmarks(tables=tables, table=found[name]["table"] if name else None)

    for path in _documents(workspace.root):
        relative = path.relative_to(workspace.root / "docs").with_suffix("")
        server.add_resource(
            FileResource(
                uri=f"taskboard://docs/{relative.as_posix()}",
                name=relative.as_posix(),
                title=_title(path),
                description=f"docs/{relative.as_posix()}.md",
                mime_type="text/markdown",
                path=path,
            )
        )
    return server


def _documents(root: Path) -> list[Path]:
    """The architecture, getting-started and operations docs, served as resources."""
    docs = root / "docs"
    return [
        docs / "architecture.md",
        docs / "getting-started.md",
        *sorted(docs.glob("operations/*.md")),
    ]


def _title(path: Path) -> str:
    first = path.read_text().partition("\n")[0]
    return first.lstrip("# ").strip() or path.stem


def _heading(text: str, position: int) -> str:
    headings = re.findall(r"^## (.+)$", text[:position], re.M)
    return headings[-1] if headings else ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.partition("\n")[0])
    parser.add_argument("--root", type=Path, help="The checkout (default: the one around us)")
    arguments = parser.parse_args()
    try:
        workspace = Workspace.discover(arguments.root)
    except RefusedError as refused:
        parser.exit(2, f"taskboard-mcp: {refused}\n")
    build_server(workspace).run("stdio")


if __name__ == "__main__":
    main()
