"""The benchmark's markdown: machine, figures, targets with PASS/FAIL, and its place in a file."""

from __future__ import annotations

import math
import os
import platform
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from taskboard_bench.stats import CostResult, HttpResult, SoakResult, SoakWindow, SseResult

BEGIN = "<!-- api-bench:begin -->"
END = "<!-- api-bench:end -->"
HEADING = "## API throughput"
# The SSE part is recorded on its own, so a run of one part (`--only`) keeps the other's figures.
SSE_BEGIN = "<!-- sse-bench:begin -->"
SSE_END = "<!-- sse-bench:end -->"
SSE_HEADING = "## SSE fan-out"
SOAK_BEGIN = "<!-- soak:begin -->"
SOAK_END = "<!-- soak:end -->"
SOAK_HEADING = "## Soak: mixed load with 1,000 open streams"

# Issue 14's targets, on one worker of a 2-core machine, server and load client pinned apart.
LIST_SHARE_OF_BASELINE = 0.15
HTTP_P99_SECONDS = {"list": 0.100, "create": 0.150}
# Up to this many subscribers: delivery p99 <= 1 s and <= 64 KiB each; beyond it, p99 <= 2 s.
SSE_SUBSCRIBERS_AT_1S = 5000
SSE_KIB_PER_SUBSCRIBER = 64.0
SOAK_MAX_GROWTH = 0.10


@dataclass(frozen=True)
class Notes:
    """A run's notes: about the whole run, and about each part."""

    common: Sequence[str]
    http: Sequence[str]
    sse: Sequence[str]

    def all(self) -> list[str]:
        """Every note, as the printed report lists them."""
        return [*self.common, *self.http, *self.sse]


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
        limit = HTTP_P99_SECONDS[result.label]
        checks.append(
            Check(
                f"{result.label.capitalize()} on {result.server}, p99 at "
                f"{result.connections} connections",
                f"{_ms(result.latency.p99)} ms{errors}",
                f"<= {limit * 1000:.0f} ms, no errors",
                result.latency.p99 <= limit and result.errors == 0,
            )
        )
    return checks


def sse_checks(results: Sequence[SseResult]) -> list[Check]:
    """Per fan-out run: everything delivered, p99 latency, memory per subscriber."""
    checks = []
    for r in results:
        where = f"SSE {r.subscribers:,} subscribers on {r.server}"
        p99_limit = 1.0 if r.subscribers <= SSE_SUBSCRIBERS_AT_1S else 2.0
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
                f"<= {p99_limit * 1000:.0f} ms",
                r.latency.p99 <= p99_limit,
            ),
        ]
        if r.subscribers <= SSE_SUBSCRIBERS_AT_1S:
            checks.append(
                Check(
                    f"{where}: server memory per subscriber",
                    f"{r.kib_per_subscriber:.1f} KiB",
                    f"<= {SSE_KIB_PER_SUBSCRIBER:.0f} KiB",
                    r.kib_per_subscriber <= SSE_KIB_PER_SUBSCRIBER,
                )
            )
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


def record_run(
    document: str,
    *,
    machine: str,
    command: str,
    notes: Notes,
    http: Sequence[HttpResult],
    sse: Sequence[SseResult],
    cost: Sequence[CostResult] = (),
) -> str:
    """`document` with each part this run measured in its own section; the others are kept."""
    if http or cost:
        text = render(
            machine=machine, command=command, notes=[*notes.common, *notes.http], http=http,
            sse=(), cost=cost,
        )
        document = record(document, text, command=command)
    if sse:
        text = render(
            machine=machine, command=command, notes=[*notes.common, *notes.sse], http=(), sse=sse
        )
        document = record(
            document, text, command=command, markers=(SSE_BEGIN, SSE_END), heading=SSE_HEADING
        )
    return document


def _growth(before: str, after: str, growth: float) -> str:
    return f"{growth:+.1%} ({before} -> {after})"


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{key}: {count:,}" for key, count in sorted(counts.items())) or "none"


def soak_checks(result: SoakResult) -> list[Check]:
    """No error, every event on every stream, no memory or file descriptor growth."""
    not_opened = result.streams - result.connected
    kinds = {**result.failures}
    if not_opened:
        kinds["streams not opened"] = not_opened
    if result.stream_drops:
        kinds["streams dropped"] = result.stream_drops
    errors = f"{result.errors:,}" + (f" ({_counts(kinds)})" if kinds else "")
    written = result.successful_writes
    events_match = result.events == {kind: n for kind, n in written.items() if n}
    delivery = f"{result.missing:,} missing of {result.expected_deliveries:,}"
    if result.duplicates or result.unexpected:
        delivery += f", {result.duplicates:,} twice, {result.unexpected:,} unknown"
    return [
        Check(
            "Errors: failed requests, streams not opened or dropped",
            errors,
            "0",
            result.errors == 0,
        ),
        Check(
            "Every successful write wrote one event (outbox / writes)",
            ", ".join(f"{kind} {result.events.get(kind, 0):,}/{n:,}" for kind, n in written.items())
            + (f", other: {_counts(result.events)}" if set(result.events) - set(written) else ""),
            "equal",
            events_match,
        ),
        Check(
            f"Every event delivered to every stream ({result.connected:,} streams)",
            delivery,
            "0 missing, none twice",
            result.expected_deliveries > 0
            and result.missing == result.duplicates == result.unexpected == 0,
        ),
        Check(
            "Server RSS, end vs after warm-up",
            _growth(
                f"{result.start.rss_kib / 1024:.1f}",
                f"{result.end.rss_kib / 1024:.1f} MiB",
                result.rss_growth,
            ),
            f"<= {SOAK_MAX_GROWTH:+.0%}",
            result.rss_growth <= SOAK_MAX_GROWTH,
        ),
        Check(
            "Server open file descriptors, end vs after warm-up",
            _growth(f"{result.start.fds:,}", f"{result.end.fds:,}", result.fd_growth),
            f"<= {SOAK_MAX_GROWTH:+.0%}",
            result.fd_growth <= SOAK_MAX_GROWTH,
        ),
    ]


def _soak_row(label: str, window: SoakWindow) -> list[str]:
    figures = window.figures
    return [
        label,
        f"{figures.latency.count + figures.errors:,}",
        str(figures.errors),
        _ms(figures.latency.p50),
        _ms(figures.latency.p99),
        _ms(figures.latency.max),
        f"{window.writes:,}",
        f"{window.server_cpu:.0%}",
        f"{window.server.rss_kib / 1024:.1f}",
        f"{window.server.fds:,}",
    ]


def render_soak(*, machine: str, command: str, notes: Sequence[str], result: SoakResult) -> str:
    """The soak's report as markdown: a row per window, the totals, the targets."""
    lines = [f"Machine: {machine}.", "", f"Command: `{command}`", ""]
    lines += [f"- {note}" for note in notes]
    rows = [_soak_row(f"warm-up ({-result.warmup.figures.start:g} s)", result.warmup)]
    rows += [_soak_row(f"{w.figures.start:g}-{w.figures.end:g}", w) for w in result.windows]
    header = ["Window (s)", "requests", "errors", "p50 ms", "p99 ms", "max ms", "writes"]
    header += ["server CPU", "RSS MiB (end)", "open fds (end)"]
    lines += ["", *_table(header, rows)]
    requests = sum(result.requests.values())
    lines += [
        "",
        f"Requests: {requests:,} ({_counts(result.requests)}); "
        f"load process CPU: {result.client_cpu:.0%} of its core. "
        f"Streams: {result.connected:,}/{result.streams:,} open in "
        f"{result.connect_seconds:.1f} s, {result.stream_drops:,} dropped. "
        f"Outbox events after the streams subscribed: {_counts(result.events)}; "
        f"deliveries due: {result.expected_deliveries:,}, missing: {result.missing:,} "
        f"(streams missing any: {result.incomplete_streams:,}), twice or out of order: "
        f"{result.duplicates:,}, not in the outbox: {result.unexpected:,}.",
    ]
    checks = soak_checks(result)
    rows = [[c.name, c.measured, c.target, "PASS" if c.passed else "FAIL"] for c in checks]
    lines += ["", *_table(["Target", "Measured", "Wanted", "Result"], rows)]
    return "\n".join(lines) + "\n"


def record(
    document: str,
    section: str,
    *,
    command: str,
    markers: tuple[str, str] = (BEGIN, END),
    heading: str = HEADING,
) -> str:
    """`document` with `section` between the markers, or appended with a heading if absent."""
    begin_marker, end_marker = markers
    begin, end = document.find(begin_marker), document.find(end_marker)
    if begin != -1 and end > begin:
        return f"{document[: begin + len(begin_marker)]}\n{section}{document[end:]}"
    intro = f"`{command}` (rewrites the section below)."
    block = f"{heading}\n\n{intro}\n\n{begin_marker}\n{section}{end_marker}\n"
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
