"""Targets, markdown and recording of the benchmark report."""

from __future__ import annotations

import asyncio
from dataclasses import replace

from taskboard_bench.procfs import parse_cpu_ticks, parse_vmrss_kib
from taskboard_bench.rawhttp import Connection, build_request, parse_head
from taskboard_bench.report import (
    BEGIN,
    END,
    HEADING,
    SSE_BEGIN,
    SSE_END,
    Notes,
    http_checks,
    record,
    record_run,
    render,
    sse_checks,
)
from taskboard_bench.stats import CostResult, HttpResult, LatencySummary, SseResult


def _http(label: str, server: str, rps: float, p99: float, errors: int = 0) -> HttpResult:
    return HttpResult(
        label=label,
        server=server,
        connections=32,
        elapsed=1.0,
        ok=int(rps),
        errors=errors,
        latency=LatencySummary(count=int(rps), p50=p99 / 2, p99=p99, max=p99),
        server_cpu=0.9,
        client_cpu=0.3,
    )


def test_http_checks_compare_postgres_list_with_the_baseline() -> None:
    results = [
        _http("list", "baseline", 1000, 0.01),
        _http("list", "postgres", 400, 0.095),
        _http("create", "postgres", 300, 0.160),
        _http("create", "sqlite", 300, 0.140),
        _http("list", "sqlite", 500, 0.010, errors=2),
    ]
    checks = {c.name: c for c in http_checks(results)}
    share = checks["List 50 tasks on PostgreSQL, share of baseline req/s"]
    assert (share.measured, share.passed) == ("40%", True)
    # List within 100 ms, create within 150 ms.
    assert checks["List on postgres, p99 at 32 connections"].passed
    assert not checks["Create on postgres, p99 at 32 connections"].passed
    assert checks["Create on sqlite, p99 at 32 connections"].passed
    # Fast errors are not a pass.
    assert not checks["List on sqlite, p99 at 32 connections"].passed
    assert not any("baseline" in name for name in checks if "share" not in name)


def _sse(subscribers: int) -> SseResult:
    return SseResult(
        server="postgres",
        subscribers=subscribers,
        connected=subscribers,
        delivered=subscribers,
        connect_seconds=2.0,
        latency=LatencySummary(count=subscribers, p50=0.2, p99=0.9, max=1.2),
        rss_idle_kib=50_000,
        rss_connected_kib=50_000 + 50 * subscribers,
    )


def test_sse_checks() -> None:
    result = _sse(1000)
    checks = sse_checks([result])
    assert [c.passed for c in checks] == [True, True, True]  # 50 KiB per subscriber
    assert checks[2].measured == "50.0 KiB"
    # 10,000 subscribers: p99 within 2 s, no memory target.
    many = replace(result, subscribers=10_000, connected=10_000, delivered=10_000)
    many = replace(many, latency=replace(result.latency, p99=1.9))
    assert [c.passed for c in sse_checks([many])] == [True, True]
    slow = replace(result, latency=replace(result.latency, p99=1.1))
    assert [c.passed for c in sse_checks([slow])] == [True, False, True]


def test_render_has_every_table_and_verdict() -> None:
    text = render(
        machine="2 CPUs",
        command="python -m taskboard_bench",
        notes=["a note"],
        http=[_http("list", "baseline", 1000, 0.01), _http("list", "postgres", 100, 0.5)],
        sse=[],
    )
    assert "| list (postgres) | 100 | 250.0 | 500.0 | 100 | 0 | 90% | 30% |" in text
    assert "| 10% | >= 15% | FAIL |" in text
    assert "- a note" in text


def test_render_shows_each_listing_cost_as_a_share_of_the_baseline() -> None:
    cost = CostResult.from_json(
        "postgres",
        [
            {"label": "baseline", "requests": 10, "cpu_ms": 0.25},
            {"label": "API list", "requests": 10, "cpu_ms": 5.0},
        ],
    )
    text = render(machine="m", command="c", notes=[], http=[], sse=[], cost=[cost])
    assert "| baseline (postgres) | 0.25 | 100% |" in text
    assert "| API list (postgres) | 5.00 | 5% |" in text


def test_record_replaces_between_markers_or_appends() -> None:
    document = f"# Benchmarks\n\nintro\n\n{BEGIN}\nold\n{END}\n\ntail\n"
    replaced = record(document, "new\n", command="cmd")
    assert replaced == f"# Benchmarks\n\nintro\n\n{BEGIN}\nnew\n{END}\n\ntail\n"

    appended = record("# Benchmarks\n", "new\n", command="cmd")
    assert appended.startswith("# Benchmarks\n\n" + HEADING + "\n\n`cmd`")
    assert appended.endswith(f"{BEGIN}\nnew\n{END}\n")
    # Recording again replaces rather than appends a second section.
    assert record(appended, "newer\n", command="cmd").count(HEADING) == 1


def test_a_run_of_one_part_keeps_the_other_parts_figures() -> None:
    notes = Notes(common=["both"], http=["about http"], sse=["about sse"])
    http = [_http("list", "baseline", 1000, 0.01), _http("list", "postgres", 200, 0.05)]

    def run(document: str, http: list[HttpResult], sse: list[SseResult]) -> str:
        return record_run(document, machine="m", command="c", notes=notes, http=http, sse=sse)

    both = run("# Benchmarks\n", http, [_sse(5000)])
    assert both.count(BEGIN) == both.count(SSE_BEGIN) == 1
    http_part = both[both.index(BEGIN) : both.index(END)]
    sse_part = both[both.index(SSE_BEGIN) : both.index(SSE_END)]
    assert "| list (postgres) | 200 |" in http_part
    assert "about http" in http_part
    assert "about sse" not in http_part
    assert "SSE (database)" in sse_part
    assert "about sse" in sse_part
    assert "Request (server)" not in sse_part
    # `--only http`: the HTTP section is rewritten, the SSE section is left as it was.
    again = run(both, [*http[:1], _http("list", "postgres", 300, 0.05)], [])
    assert "| list (postgres) | 300 |" in again
    assert again[again.index(SSE_BEGIN) : again.index(SSE_END)] == sse_part
    # `--only sse`: the other way round.
    sse_only = run(both, [], [_sse(10_000)])
    assert sse_only[sse_only.index(BEGIN) : sse_only.index(END)] == http_part
    assert "| 10,000 |" in sse_only


def test_procfs_parsers() -> None:
    assert parse_vmrss_kib("Name:\tpython\nVmRSS:\t  123456 kB\nThreads:\t3\n") == 123456
    stat = "42 (a (weird) name) S 1 42 42 0 -1 4194560 10 0 0 0 150 25 0 0 20 0 3 0"
    assert parse_cpu_ticks(stat) == 175


def test_raw_http_request_and_head() -> None:
    raw = build_request("POST", "/x", host="h:1", headers={"A": "b"}, json_body={"t": 1})
    assert raw == (
        b"POST /x HTTP/1.1\r\nHost: h:1\r\nA: b\r\nContent-Type: application/json\r\n"
        b'Content-Length: 8\r\n\r\n{"t": 1}'
    )
    status, headers = parse_head(b"HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\n")
    assert (status, headers) == (201, {"content-length": "2"})


async def test_raw_http_connection_reopens_what_the_server_closed_while_idle() -> None:
    answered = 0

    async def answer_once(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        nonlocal answered
        await reader.readuntil(b"\r\n\r\n")
        answered += 1
        writer.write(b"HTTP/1.1 204 No Content\r\n\r\n")
        await writer.drain()
        writer.close()  # keep-alive timed out, say: without Connection: close

    server = await asyncio.start_server(answer_once, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    connection = Connection("127.0.0.1", port)
    raw = build_request("GET", "/", host=f"127.0.0.1:{port}")
    try:
        assert (await connection.request(raw)).status == 204
        await asyncio.sleep(0.1)  # the server's close arrives
        assert (await connection.request(raw)).status == 204
    finally:
        await connection.close()
        server.close()
        await server.wait_closed()
    assert answered == 2
