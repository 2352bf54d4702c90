"""The load process: `python -m taskboard_bench.load http|sse|soak ...` prints one JSON result.

It runs apart from the orchestrator and the servers so its CPU use is its own process's
(reported next to the figures), and on uvloop like the servers. For `http` and `sse` nothing
is pinned to a core: client and server share the machine's cores as the scheduler decides.
The soak (`taskboard_bench.soak`) starts it and the server under taskset, one CPU each.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Sequence
from typing import Any
from urllib.parse import urlsplit

import httpx
import uvloop

from taskboard_bench import fanout, soakload
from taskboard_bench.procfs import cpu_seconds, raise_open_files_limit
from taskboard_bench.rawhttp import Connection, build_request
from taskboard_bench.stats import HttpResult, LatencySummary

# Requests per connection before the measured window: connections open, caches warm.
WARMUP_SECONDS = 1.0
# Hard bound on a run beyond its planned duration (a hung server must not hang the bench).
GRACE_SECONDS = 30.0

Send = Callable[[], Awaitable[int]]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="mode", required=True)
    http = sub.add_parser("http", help="fixed-duration load on one endpoint")
    http.add_argument("--url", required=True, help="base URL, http://127.0.0.1:PORT")
    http.add_argument("--path", required=True)
    http.add_argument("--method", choices=("GET", "POST"), default="GET")
    http.add_argument("--body", help="JSON body for POST")
    http.add_argument("--token", help="bearer token")
    http.add_argument("--label", required=True)
    http.add_argument("--server", required=True, help="server name for the report")
    http.add_argument("--server-pid", type=int, required=True)
    http.add_argument("--connections", type=int, default=32)
    http.add_argument("--duration", type=float, default=10.0)
    http.add_argument("--client", choices=("raw", "httpx"), default="raw")
    sse = sub.add_parser("sse", help="broadcast one change to N subscribers")
    sse.add_argument("--url", required=True)
    sse.add_argument("--board", required=True)
    sse.add_argument("--token", required=True)
    sse.add_argument("--server", required=True)
    sse.add_argument("--server-pid", type=int, required=True)
    sse.add_argument("--subscribers", type=int, required=True)
    sse.add_argument("--connect-concurrency", type=int, default=16)
    sse.add_argument("--delivery-timeout", type=float, default=60.0)
    soak = sub.add_parser("soak", help="mixed requests and N open streams for minutes")
    soak.add_argument("--url", required=True)
    soak.add_argument("--board", required=True)
    soak.add_argument("--token", required=True)
    soak.add_argument("--database-url", required=True, help="to read the board's outbox")
    soak.add_argument("--server-pid", type=int, required=True)
    soak.add_argument("--streams", type=int, required=True)
    soak.add_argument("--reads-per-second", type=float, required=True)
    soak.add_argument("--writes-per-second", type=float, required=True)
    soak.add_argument("--warmup", type=float, required=True)
    soak.add_argument("--duration", type=float, required=True)
    soak.add_argument("--window", type=float, required=True)
    soak.add_argument("--connections", type=int, required=True)
    soak.add_argument("--connect-concurrency", type=int, default=16)
    soak.add_argument("--drain", type=float, required=True)
    return parser


def _raw_sender(args: argparse.Namespace, connection: Connection) -> Send:
    netloc = urlsplit(args.url).netloc
    headers = {"Accept": "application/json"}
    if args.token:
        headers["Authorization"] = f"Bearer {args.token}"
    body = None if args.body is None else json.loads(args.body)
    raw = build_request(args.method, args.path, host=netloc, headers=headers, json_body=body)

    async def send() -> int:
        try:
            return (await connection.request(raw)).status
        except (OSError, ValueError, asyncio.IncompleteReadError):
            await connection.close()  # counted as an error; the next request reconnects
            return 0

    return send


def _httpx_sender(args: argparse.Namespace, client: httpx.AsyncClient) -> Send:
    body = None if args.body is None else json.loads(args.body)

    async def send() -> int:
        try:
            response = await client.request(args.method, args.path, json=body)
        except httpx.HTTPError:
            return 0  # counted as an error
        return response.status_code

    return send


async def _drive(senders: Sequence[Send], seconds: float) -> tuple[list[float], Counter[int]]:
    """Each sender back to back until `seconds` pass; latencies (s) and status counts."""
    latencies: list[float] = []
    statuses: Counter[int] = Counter()
    stop_at = time.perf_counter() + seconds

    async def worker(send: Send) -> None:
        while (started := time.perf_counter()) < stop_at:
            status = await send()
            latencies.append(time.perf_counter() - started)
            statuses[status] += 1

    async with asyncio.timeout(seconds + GRACE_SECONDS):
        await asyncio.gather(*(worker(send) for send in senders))
    return latencies, statuses


async def run_http(args: argparse.Namespace) -> HttpResult:
    """Warm up, then load one endpoint with `connections` concurrent keep-alive connections."""
    host, _, port = urlsplit(args.url).netloc.partition(":")
    connections = [Connection(host, int(port)) for _ in range(args.connections)]
    headers = {"Authorization": f"Bearer {args.token}"} if args.token else {}
    limits = httpx.Limits(
        max_connections=args.connections, max_keepalive_connections=args.connections
    )
    client = httpx.AsyncClient(base_url=args.url, headers=headers, limits=limits, timeout=30)
    try:
        if args.client == "raw":
            senders = [_raw_sender(args, connection) for connection in connections]
        else:
            senders = [_httpx_sender(args, client)] * args.connections
        await _drive(senders, WARMUP_SECONDS)
        server_before, client_before = cpu_seconds(args.server_pid), time.process_time()
        started = time.perf_counter()
        latencies, statuses = await _drive(senders, args.duration)
        elapsed = time.perf_counter() - started
        server_cpu = cpu_seconds(args.server_pid) - server_before
        client_cpu = time.process_time() - client_before
    finally:
        await client.aclose()
        await asyncio.gather(*(connection.close() for connection in connections))
    ok = sum(count for status, count in statuses.items() if 200 <= status < 300)
    if ok < len(latencies):
        sys.stderr.write(f"non-2xx responses: {dict(statuses)}\n")
    return HttpResult(
        label=args.label,
        server=args.server,
        connections=args.connections,
        elapsed=elapsed,
        ok=ok,
        errors=len(latencies) - ok,
        latency=LatencySummary.of(latencies),
        server_cpu=server_cpu,
        client_cpu=client_cpu,
    )


async def _main(args: argparse.Namespace) -> dict[str, Any]:
    if args.mode == "http":
        return (await run_http(args)).to_json()
    if args.mode == "soak":
        plan = soakload.Plan(
            url=args.url,
            board_id=args.board,
            token=args.token,
            database_url=args.database_url,
            server_pid=args.server_pid,
            streams=args.streams,
            reads_per_second=args.reads_per_second,
            writes_per_second=args.writes_per_second,
            warmup=args.warmup,
            duration=args.duration,
            window=args.window,
            connections=args.connections,
            connect_concurrency=args.connect_concurrency,
            drain=args.drain,
        )
        return (await soakload.run(plan)).to_json()
    result = await fanout.run(
        args.url,
        board_id=args.board,
        token=args.token,
        server=args.server,
        server_pid=args.server_pid,
        subscribers=args.subscribers,
        connect_concurrency=args.connect_concurrency,
        delivery_timeout=args.delivery_timeout,
    )
    return result.to_json()


def main(argv: Sequence[str] | None = None) -> None:
    """Run one load mode and print its result as one JSON line on stdout."""
    args = _parser().parse_args(argv)
    raise_open_files_limit()
    result = uvloop.run(_main(args))
    sys.stdout.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
