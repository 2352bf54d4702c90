"""The benchmark's markdown: machine, figures, targets with PASS/FAIL, and its place in a file."""

from __future__ import annotations

import math
import os
import platform
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from taskboard.bench.stats import CostResult, HttpResult, SseResult

BEGIN = "<!-- api-bench:begin -->"
END = "<!-- api-bench:end -->"
HEADING = "## API throughput and SSE fan-out"

LIST_SHARE_OF_BASELINE = 0.35
HTTP_P99_SECONDS = 0.050
SSE_P99_SECONDS = 1.0
SSE_KIB_PER_SUBSCRIBER = 40.0


@dataclass(frozen=True)
class Check:
    """One target: what was measured, what was wanted, whether it was met."""

    name: str
    measured: str
    target: str
    passed: bool


def _ms(seconds: float) -> str:
    return "n/a" if math.isnan(seconds) else f"{seconds * 1000:.1f}"


def _find(results: Sequence[HttpResult], label: str, server: str) -> HttpResult | None:
    return next((r for r in results if r.label == label and r.server == server), None)


def http_checks(results: Sequence[HttpResult]) -> list[Check]:
    """List on PostgreSQL vs the baseline, and p99 (without errors) of every API row."""
    checks = []
    baseline, postgres = _find(results, "list", "baseline"), _find(results, "list", "postgres")
    if baseline is not None and postgres is not None and baseline.requests_per_second > 0:
        share = postgres.requests_per_second / baseline.requests_per_second
        checks.append(
            Check(
                "List 50 tasks on PostgreSQL, share of baseline req/s",
                f"{share:.0%}",
                f">= {LIST_SHARE_OF_BASELINE:.0%}",
                share >= LIST_SHARE_OF_BASELINE,
            )
        )
    for result in results:
        if result.server == "baseline":
            continue
        errors = f", {result.errors} errors" if result.errors else ""
        checks.append(
            Check(
                f"{result.label.capitalize()} on {result.server}, p99 at "
                f"{result.connections} connections",
                f"{_ms(result.latency.p99)} ms{errors}",
                f"<= {HTTP_P99_SECONDS * 1000:.0f} ms, no errors",
                result.latency.p99 <= HTTP_P99_SECONDS and result.errors == 0,
            )
        )
    return checks


def sse_checks(results: Sequence[SseResult]) -> list[Check]:
    """Per fan-out run: everything delivered, p99 latency, memory per subscriber."""
    checks = []
    for r in results:
        where = f"SSE {r.subscribers:,} subscribers on {r.server}"
        checks += [
            Check(
                f"{where}: all delivered",
                f"{r.delivered:,}/{r.subscribers:,}",
                "all",
                r.all_delivered,
            ),
            Check(
                f"{where}: delivery p99",
                f"{_ms(r.latency.p99)} ms",
                f"<= {SSE_P99_SECONDS * 1000:.0f} ms",
                r.latency.p99 <= SSE_P99_SECONDS,
            ),
            Check(
                f"{where}: server memory per subscriber",
                f"{r.kib_per_subscriber:.1f} KiB",
                f"<= {SSE_KIB_PER_SUBSCRIBER:.0f} KiB",
                r.kib_per_subscriber <= SSE_KIB_PER_SUBSCRIBER,
            ),
        ]
    return checks


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    return lines + ["| " + " | ".join(row) + " |" for row in rows]


def _cpu(seconds: float, elapsed: float) -> str:
    return f"{seconds / elapsed:.0%}" if elapsed > 0 else "n/a"


def render(
    *,
    machine: str,
    command: str,
    notes: Sequence[str],
    http: Sequence[HttpResult],
    sse: Sequence[SseResult],
    cost: Sequence[CostResult] = (),
) -> str:
    """The whole report as markdown."""
    lines = [f"Machine: {machine}.", "", f"Command: `{command}`", ""]
    lines += [f"- {note}" for note in notes]
    if http:
        rows = [
            [
                f"{r.label} ({r.server})",
                f"{r.requests_per_second:,.0f}",
                _ms(r.latency.p50),
                _ms(r.latency.p99),
                f"{r.ok:,}",
                str(r.errors),
                _cpu(r.server_cpu, r.elapsed),
                _cpu(r.client_cpu, r.elapsed),
            ]
            for r in http
        ]
        header = ["Request (server)", "req/s", "p50 ms", "p99 ms", "ok", "errors"]
        header += ["server CPU", "load CPU"]
        lines += ["", *_table(header, rows)]
    if sse:
        rows = [
            [
                r.server,
                f"{r.subscribers:,}",
                f"{r.connected:,}",
                f"{r.delivered:,}",
                _ms(r.latency.p50),
                _ms(r.latency.p99),
                _ms(r.latency.max),
                f"{r.connect_seconds:.1f}",
                f"{r.rss_idle_kib / 1024:.0f}",
                f"{r.rss_connected_kib / 1024:.0f}",
                f"{r.kib_per_subscriber:.1f}",
            ]
            for r in sse
        ]
        header = ["SSE (database)", "subscribers", "connected", "delivered", "p50 ms", "p99 ms"]
        header += ["max ms", "connect s", "RSS idle MiB", "RSS connected MiB", "KiB/subscriber"]
        lines += ["", *_table(header, rows)]
    if cost:
        rows = [
            [
                f"{row.label} ({result.database})",
                f"{row.cpu_ms:.2f}",
                f"{result.baseline_ms / row.cpu_ms:.0%}" if row.cpu_ms > 0 else "n/a",
            ]
            for result in cost
            for row in result.rows
        ]
        header = ["Listing 50 tasks in process, answered by (database)", "CPU ms/request"]
        header += ["baseline share (CPU bound)"]
        lines += ["", *_table(header, rows)]
    checks = [*http_checks(http), *sse_checks(sse)]
    if checks:
        rows = [[c.name, c.measured, c.target, "PASS" if c.passed else "FAIL"] for c in checks]
        lines += ["", *_table(["Target", "Measured", "Wanted", "Result"], rows)]
    return "\n".join(lines) + "\n"


def record(document: str, section: str, *, command: str) -> str:
    """`document` with `section` between the markers, or appended with a heading if absent."""
    begin, end = document.find(BEGIN), document.find(END)
    if begin != -1 and end > begin:
        return f"{document[: begin + len(BEGIN)]}\n{section}{document[end:]}"
    intro = f"`{command}` (rewrites the section below)."
    block = f"{HEADING}\n\n{intro}\n\n{BEGIN}\n{section}{END}\n"
    separator = (
        ""
        if not document or document.endswith("\n\n")
        else "\n"
        if document.endswith("\n")
        else "\n\n"
    )
    return f"{document}{separator}{block}"


def _git(*args: str) -> str | None:
    try:
        result = subprocess.run(  # noqa: S603 - fixed argv
            ["git", *args],  # noqa: S607 - git from PATH, as a developer runs it
            capture_output=True,
            text=True,
            check=False,
            timeout=10,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return result.stdout.strip() if result.returncode == 0 else None


def machine_summary() -> str:
    """nproc, CPU model, Python version and the commit measured."""
    model = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.partition(":")[2].strip()
                break
    commit = _git("rev-parse", "--short", "HEAD") or "unknown"
    if _git("status", "--porcelain"):
        commit += " + uncommitted changes"
    return f"{os.cpu_count()} CPUs ({model}), Python {platform.python_version()}, commit {commit}"
