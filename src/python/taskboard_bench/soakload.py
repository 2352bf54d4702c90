"""The soak's load: N open SSE streams on one board and a steady mix of requests, for minutes.

`python -m taskboard_bench.load soak ...` runs it (see load.py) and prints one JSON result,
a `stats.SoakResult`. In order:

1. the board's tasks are read (their ids and ETags: gets and updates pick from them);
2. N streams of the board open (`fanout.connect_all`); each is read until the run ends, every
   message through `delivery`'s decoder and parser into that stream's ledger;
3. requests go out on a fixed schedule, open loop: reads (list 50 tasks, get one task, in turn)
   at one rate, writes (create a task, update one with If-Match, in turn) at another, each on
   the next free connection of a keep-alive pool. A request's latency runs from when it was
   due, so a server (or pool) falling behind shows in the figures instead of slowing the
   schedule down;
4. the first `warmup` seconds are reported apart; from then on the server's RSS, open file
   descriptors and CPU time are read at the end of every window;
5. at the end, in-flight requests finish, the board's outbox is read from the database (every
   event written since the streams subscribed: the ground truth), the streams get up to
   `drain` seconds to receive the last of them, and `delivery.account` compares.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import math
import os
import sys
import time
import uuid
from collections import Counter, deque
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

from taskboard.repositories.events import EventRepository
from taskboard_bench.delivery import ChunkedDecoder, EventParser, StreamLedger, account
from taskboard_bench.fanout import Subscriber, close_all, connect_all, stream_request
from taskboard_bench.procfs import cpu_seconds, open_fds, rss_kib
from taskboard_bench.rawhttp import Connection, Response, build_request
from taskboard_bench.seed import STATUSES
from taskboard_bench.stats import (
    Sample,
    ServerSample,
    SoakResult,
    SoakWindow,
    WindowFigures,
    windows,
)

READS = ("list", "get")
WRITES = ("create", "update")
EXPECTED_STATUS = {"list": 200, "get": 200, "create": 201, "update": 200}
# A request that takes longer counts as failed (status 0), as a connection error does.
REQUEST_TIMEOUT_SECONDS = 30.0
LIST_LIMIT = 50
OUTBOX_PAGE = 5000


@dataclass(frozen=True)
class Plan:
    """What to run against which server (the load process's arguments)."""

    url: str
    board_id: str
    token: str
    database_url: str
    server_pid: int
    streams: int
    reads_per_second: float
    writes_per_second: float
    warmup: float
    duration: float
    window: float
    connections: int
    connect_concurrency: int
    drain: float


@dataclass(frozen=True)
class _Task:
    id: str
    etag: str


class _Requests:
    """The request side: a pool of connections, the tasks known, every sample and failure."""

    def __init__(self, plan: Plan, host: str, port: int, netloc: str) -> None:
        self._plan = plan
        self._netloc = netloc
        self._connections = [Connection(host, port) for _ in range(plan.connections)]
        self._pool: asyncio.Queue[Connection] = asyncio.Queue()
        for connection in self._connections:
            self._pool.put_nowait(connection)
        self._headers = {"Authorization": f"Bearer {plan.token}", "Accept": "application/json"}
        self._board_tasks = f"/api/v1/boards/{plan.board_id}/tasks"
        self._list = self._request("GET", f"{self._board_tasks}?limit={LIST_LIMIT}")
        self._known: list[str] = []  # every task id, for gets
        self._idle: deque[_Task] = deque()  # tasks without an update in flight, for updates
        self._counter = 0
        self._in_flight: set[asyncio.Task[None]] = set()
        self.measure_start = math.inf  # perf_counter() at the end of the warm-up
        self.samples: list[tuple[str, Sample]] = []
        self.requests: Counter[str] = Counter()
        self.failures: Counter[str] = Counter()

    def _request(
        self,
        method: str,
        path: str,
        *,
        headers: dict[str, str] | None = None,
        json_body: Any = None,
    ) -> bytes:
        headers = {**self._headers, **(headers or {})}
        return build_request(method, path, host=self._netloc, headers=headers, json_body=json_body)

    async def _send(self, raw: bytes) -> Response | None:
        """The response on the next free connection; None on a connection error or timeout."""
        connection = await self._pool.get()
        try:
            async with asyncio.timeout(REQUEST_TIMEOUT_SECONDS):
                return await connection.request(raw)
        except (OSError, ValueError, TimeoutError, asyncio.IncompleteReadError):
            await connection.close()  # the next request on it reconnects
            return None
        finally:
            self._pool.put_nowait(connection)

    async def read_tasks(self) -> None:
        """Learn the board's tasks and their ETags (before the load: not measured)."""
        page = await self._send(self._list)
        if page is None or page.status != 200:
            raise RuntimeError(f"listing the board's tasks failed: {page}")
        for item in json.loads(page.body)["items"]:
            task = await self._send(self._request("GET", f"/api/v1/tasks/{item['id']}"))
            if task is None or task.status != 200:
                raise RuntimeError(f"reading task {item['id']} failed: {task}")
            self._known.append(item["id"])
            self._idle.append(_Task(item["id"], task.headers["etag"]))
        if not self._known:
            raise RuntimeError("the board has no tasks to get and update")

    async def _operate(self, operation: str, due: float) -> None:
        """Send one request of `operation`, due at `due` (perf_counter), and note how it went."""
        self._counter += 1
        number = self._counter
        task: _Task | None = None
        if operation == "update" and not self._idle:
            operation = "create"  # every task has an update in flight: write a new one
        if operation == "list":
            raw = self._list
        elif operation == "get":
            task_id = self._known[number % len(self._known)]
            raw = self._request("GET", f"/api/v1/tasks/{task_id}")
        elif operation == "create":
            body = {"title": f"Soak task {number}", "description": "Written by the soak. " * 3}
            raw = self._request("POST", self._board_tasks, json_body=body)
        else:
            task = self._idle.popleft()
            body = {"title": f"Soak update {number}", "status": STATUSES[number % len(STATUSES)]}
            raw = self._request(
                "PATCH", f"/api/v1/tasks/{task.id}", headers={"If-Match": task.etag}, json_body=body
            )
        response = await self._send(raw)
        latency = time.perf_counter() - due
        status = 0 if response is None else response.status
        ok = status == EXPECTED_STATUS[operation]
        if ok and response is not None and operation in WRITES:
            written = _written(response)
            if written is None:
                ok, status = False, -1  # no task id or ETag in the answer
            else:
                if operation == "create":
                    self._known.append(written.id)
                self._idle.append(written)
        elif task is not None and response is None:
            self._idle.append(task)  # not answered: its ETag may still be current
        self.requests[operation] += 1
        if not ok:
            self.failures[f"{operation} {status}"] += 1
        self.samples.append((operation, Sample(due - self.measure_start, latency, ok)))

    async def _schedule(
        self, operations: Sequence[str], rate: float, *, start: float, end: float
    ) -> None:
        """`operations` in turn, `rate` a second from `start` until `end` (perf_counter)."""
        if rate <= 0:
            return
        index = 0
        while (due := start + index / rate) < end:
            delay = due - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            operation = operations[index % len(operations)]
            request = asyncio.ensure_future(self._operate(operation, due))
            self._in_flight.add(request)
            request.add_done_callback(self._in_flight.discard)
            index += 1

    async def run(self, *, start: float, end: float) -> None:
        """Both schedules from `start` to `end`, then wait for the requests still in flight."""
        await asyncio.gather(
            self._schedule(READS, self._plan.reads_per_second, start=start, end=end),
            self._schedule(WRITES, self._plan.writes_per_second, start=start, end=end),
        )
        if self._in_flight:
            await asyncio.wait(set(self._in_flight))

    async def close(self) -> None:
        """Close every connection of the pool (a request on one opens it again)."""
        await asyncio.gather(*(connection.close() for connection in self._connections))


def _written(response: Response) -> _Task | None:
    """The task a create or update answered with (None if the answer lacks it)."""
    try:
        return _Task(json.loads(response.body)["id"], response.headers["etag"])
    except (ValueError, KeyError, TypeError):
        return None


@dataclass(eq=False)  # hashable by identity
class _Stream:
    subscriber: Subscriber
    ledger: StreamLedger
    decoder: ChunkedDecoder
    parser: EventParser
    ended: bool = False

    def feed(self, data: bytes) -> None:
        for message in self.parser.feed(self.decoder.feed(data)):
            self.ledger.add(message)


class _Streams:
    """The open streams, each read by a task of its own until `close`."""

    def __init__(self, subscribers: Sequence[Subscriber]) -> None:
        self.streams = []
        for subscriber in subscribers:
            stream = _Stream(subscriber, StreamLedger(), ChunkedDecoder(), EventParser())
            stream.feed(subscriber.tail)  # the greeting, with the id the stream starts after
            self.streams.append(stream)
        self._closing = False
        self.drops = 0
        # While `wait_for` waits: the event awaited, and the open streams without it yet.
        self._target: int | None = None
        self._behind: set[_Stream] = set()
        self._caught_up = asyncio.Event()
        self._readers = [asyncio.ensure_future(self._follow(s)) for s in self.streams]

    async def _follow(self, stream: _Stream) -> None:
        reader = stream.subscriber.reader
        try:
            while not stream.decoder.finished:
                chunk = await reader.read(65536)
                if not chunk:
                    break
                stream.feed(chunk)
                self._progressed(stream)
        except (OSError, ValueError) as error:
            _say(f"a stream failed: {error!r}")
        stream.ended = True
        if not self._closing:
            self.drops += 1
        self._progressed(stream)

    def _lags(self, stream: _Stream, event_id: int) -> bool:
        return not stream.ended and (stream.ledger.last_id or 0) < event_id

    def _progressed(self, stream: _Stream) -> None:
        if self._target is not None and stream in self._behind:
            if not self._lags(stream, self._target):
                self._behind.discard(stream)
            if not self._behind:
                self._caught_up.set()

    async def wait_for(self, event_id: int) -> None:
        """Wait until every open stream has received event `event_id` (bound it by a timeout)."""
        self._target = event_id
        self._behind = {s for s in self.streams if self._lags(s, event_id)}
        if self._behind:
            await self._caught_up.wait()

    def lagging(self, event_id: int) -> int:
        """How many open streams lack event `event_id`."""
        return sum(1 for s in self.streams if self._lags(s, event_id))

    async def close(self) -> None:
        """Stop reading and close every stream (what ends now is no drop)."""
        self._closing = True
        for reader in self._readers:
            reader.cancel()
        await asyncio.gather(*self._readers, return_exceptions=True)
        await close_all([s.subscriber for s in self.streams])


async def _outbox(database_url: str, board_id: str, *, after_id: int) -> list[tuple[int, str]]:
    """The board's events after `after_id` (id and type), read from the database itself."""
    engine = create_async_engine(database_url, pool_size=1)
    events: list[tuple[int, str]] = []
    try:
        async with async_sessionmaker(engine)() as session:
            repository = EventRepository(session)
            while batch := await repository.after(
                uuid.UUID(board_id), after_id=after_id, limit=OUTBOX_PAGE
            ):
                events += [(event.id, event.type) for event in batch]
                after_id = batch[-1].id
    finally:
        await engine.dispose()
    return events


def _server(pid: int) -> ServerSample:
    return ServerSample(rss_kib=rss_kib(pid), fds=open_fds(pid), cpu_seconds=cpu_seconds(pid))


async def _sleep_until(moment: float) -> None:
    delay = moment - time.perf_counter()
    if delay > 0:
        await asyncio.sleep(delay)


def _window(
    figures: WindowFigures, writes: WindowFigures, before: ServerSample, after: ServerSample
) -> SoakWindow:
    width = figures.end - figures.start
    return SoakWindow(
        figures=figures,
        writes=writes.latency.count,
        server_cpu=(after.cpu_seconds - before.cpu_seconds) / width if width > 0 else math.nan,
        server=after,
    )


def _say(line: str) -> None:
    sys.stderr.write(f"soak: {line}\n")
    sys.stderr.flush()


class _Run:
    """One soak: the requests, the streams and the server samples at every window's end."""

    def __init__(self, plan: Plan, requests: _Requests, streams: _Streams) -> None:
        self.plan = plan
        self.requests = requests
        self.streams = streams
        # The server when the load starts, when the warm-up ends, then at every window's end.
        self.samples: list[ServerSample] = []

    def figures(self, span: float) -> tuple[list[WindowFigures], list[WindowFigures]]:
        """Windows of the measured part so far: all requests, and the writes alone."""
        samples = self.requests.samples
        every = windows((s for _, s in samples), width=self.plan.window, span=span)
        writes = windows(
            (s for op, s in samples if op in WRITES), width=self.plan.window, span=span
        )
        return every, writes

    def warmup(self) -> SoakWindow:
        """The warm-up, as one window ending where the measured part starts."""
        warmup = self.plan.warmup
        shifted = [(op, replace(s, offset=s.offset + warmup)) for op, s in self.requests.samples]
        every = windows((s for _, s in shifted), width=warmup, span=warmup)[0]
        writes = windows((s for op, s in shifted if op in WRITES), width=warmup, span=warmup)[0]
        return _window(
            replace(every, start=-warmup, end=0.0), writes, self.samples[0], self.samples[1]
        )

    async def sample(self) -> None:
        """Read the server after the warm-up and at the end of every window, saying so."""
        plan, pid = self.plan, self.plan.server_pid
        start = self.requests.measure_start
        await _sleep_until(start)
        self.samples.append(_server(pid))
        _say(f"warm-up over; RSS {self.samples[-1].rss_kib / 1024:.0f} MiB")
        count = math.ceil(plan.duration / plan.window)
        for index in range(count):
            end = min((index + 1) * plan.window, plan.duration)
            await _sleep_until(start + end)
            self.samples.append(_server(pid))
            every, _ = self.figures(end)
            latest, server = every[index], self.samples[-1]
            _say(
                f"{end:.0f}/{plan.duration:.0f} s: {latest.latency.count:,} ok, "
                f"{latest.errors} errors, p99 {latest.latency.p99 * 1000:.1f} ms, "
                f"RSS {server.rss_kib / 1024:.0f} MiB, {server.fds:,} fds, "
                f"{self.streams.drops} streams dropped"
            )


async def run(plan: Plan) -> SoakResult:
    """Open the streams, run the load, account for every event; see the module docstring."""
    netloc = urlsplit(plan.url).netloc
    host, _, port_text = netloc.partition(":")
    port = int(port_text)
    requests = _Requests(plan, host, port, netloc)
    try:
        await requests.read_tasks()
        began = time.perf_counter()
        opened = await connect_all(
            host,
            port,
            stream_request(netloc, board_id=plan.board_id, token=plan.token),
            count=plan.streams,
            concurrency=plan.connect_concurrency,
        )
        connect_seconds = time.perf_counter() - began
        streams = _Streams([s for s in opened if s is not None])
        _say(f"{len(streams.streams):,}/{plan.streams:,} streams open in {connect_seconds:.1f} s")
        # Idle while the streams opened, the connections may be closing as the load starts
        # (uvicorn closes a keep-alive connection idle for 5 s): fresh ones at first use.
        await requests.close()
        try:
            return await _soak(plan, requests, streams, connect_seconds)
        finally:
            await streams.close()
    finally:
        await requests.close()


async def _soak(
    plan: Plan, requests: _Requests, streams: _Streams, connect_seconds: float
) -> SoakResult:
    soak = _Run(plan, requests, streams)
    soak.samples.append(_server(plan.server_pid))
    start = time.perf_counter()
    requests.measure_start = start + plan.warmup
    end = requests.measure_start + plan.duration
    sampler = asyncio.ensure_future(soak.sample())
    client_cpu = 0.0
    try:
        load = asyncio.ensure_future(requests.run(start=start, end=end))
        await _sleep_until(requests.measure_start)
        client_before = time.process_time()
        await sampler
        client_cpu = (time.process_time() - client_before) / plan.duration
        await load
    finally:
        sampler.cancel()
    starts = [s.ledger.start_id for s in streams.streams if s.ledger.start_id is not None]
    outbox = await _outbox(plan.database_url, plan.board_id, after_id=min(starts, default=0))
    if outbox:
        last_id = outbox[-1][0]
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(plan.drain):
                await streams.wait_for(last_id)
        if lagging := streams.lagging(last_id):
            _say(f"{lagging:,} streams still lack the last event after {plan.drain:g} s")
    delivery = account([event_id for event_id, _ in outbox], (s.ledger for s in streams.streams))
    every, writes = soak.figures(plan.duration)
    measured = [
        _window(figures, written, before, after)
        for figures, written, before, after in zip(
            every, writes, soak.samples[1:-1], soak.samples[2:], strict=True
        )
    ]
    cpus = {"client": sorted(os.sched_getaffinity(0))}
    with contextlib.suppress(OSError):
        cpus["server"] = sorted(os.sched_getaffinity(plan.server_pid))
    return SoakResult(
        streams=plan.streams,
        connected=len(streams.streams),
        connect_seconds=connect_seconds,
        warmup=soak.warmup(),
        windows=measured,
        start=soak.samples[1],
        end=soak.samples[-1],
        requests=dict(requests.requests),
        failures=dict(requests.failures),
        stream_drops=streams.drops,
        events=dict(Counter(event_type for _, event_type in outbox)),
        expected_deliveries=delivery.expected,
        missing=delivery.missing,
        duplicates=delivery.duplicates,
        unexpected=delivery.unexpected,
        incomplete_streams=delivery.incomplete_streams,
        client_cpu=client_cpu,
        cpus=cpus,
    )
