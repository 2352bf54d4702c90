"""Figures of a benchmark run: percentiles and the results the load process hands back."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Self


def percentile(values: Sequence[float], fraction: float) -> float:
    """The nearest-rank percentile (`fraction` in [0, 1]) of `values`; NaN when empty.

    Nearest rank rather than interpolation: the reported p99 is a latency some request
    really had, as wrk and most load tools report it.
    """
    if not 0.0 <= fraction <= 1.0:
        raise ValueError(f"fraction must be within [0, 1], got {fraction}")
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


@dataclass(frozen=True)
class LatencySummary:
    """p50, p99 and max of a set of latencies, in seconds."""

    count: int
    p50: float
    p99: float
    max: float

    @classmethod
    def of(cls, values: Sequence[float]) -> Self:
        """Summarise `values` (seconds)."""
        return cls(
            count=len(values),
            p50=percentile(values, 0.50),
            p99=percentile(values, 0.99),
            max=max(values) if values else math.nan,
        )


@dataclass(frozen=True)
class HttpResult:
    """One endpoint on one server under a fixed number of connections for a fixed time."""

    label: str
    server: str
    connections: int
    elapsed: float
    ok: int
    errors: int
    latency: LatencySummary
    # CPU seconds used during the measured window, to show how the 2 cores were shared.
    server_cpu: float
    client_cpu: float

    @property
    def requests_per_second(self) -> float:
        """Successful requests per second of the measured window."""
        return self.ok / self.elapsed if self.elapsed > 0 else 0.0

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (the load process prints it)."""
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Self:
        """The inverse of `to_json`."""
        return cls(**{**data, "latency": LatencySummary(**data["latency"])})


@dataclass(frozen=True)
class SseResult:
    """One change broadcast to `subscribers` SSE streams of one server process."""

    server: str
    subscribers: int
    connected: int
    delivered: int
    connect_seconds: float
    latency: LatencySummary
    rss_idle_kib: int
    rss_connected_kib: int

    @property
    def kib_per_subscriber(self) -> float:
        """Resident memory each open stream costs the server: (connected - idle) / N."""
        if self.connected == 0:
            return math.nan
        return (self.rss_connected_kib - self.rss_idle_kib) / self.connected

    @property
    def all_delivered(self) -> bool:
        """Whether every requested subscriber connected and received the change."""
        return self.connected == self.subscribers and self.delivered == self.subscribers

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (the load process prints it)."""
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Self:
        """The inverse of `to_json`."""
        return cls(**{**data, "latency": LatencySummary(**data["latency"])})


@dataclass(frozen=True)
class CostRow:
    """CPU per request of one way of answering the listing (`cost.py`)."""

    label: str
    requests: int
    cpu_ms: float


@dataclass(frozen=True)
class CostResult:
    """The cost rows of one database, baseline first."""

    database: str
    rows: list[CostRow]

    @property
    def baseline_ms(self) -> float:
        """The baseline app's CPU per request."""
        return self.rows[0].cpu_ms

    @classmethod
    def from_json(cls, database: str, data: list[dict[str, Any]]) -> Self:
        """From the cost process's output (its rows' `asdict`)."""
        return cls(database, [CostRow(**row) for row in data])


@dataclass(frozen=True)
class Sample:
    """One request of the soak: when it was due (seconds from the start of the measured
    window; negative in the warm-up), how long it took from then, and whether it succeeded."""

    offset: float
    latency: float
    ok: bool


@dataclass(frozen=True)
class WindowFigures:
    """The requests due in [`start`, `end`): latency of the successful ones, failures."""

    start: float
    end: float
    latency: LatencySummary
    errors: int


def windows(samples: Iterable[Sample], *, width: float, span: float) -> list[WindowFigures]:
    """Figures of each `width`-second window of [0, `span`), the last one possibly shorter.

    Samples due outside [0, `span`) (the warm-up) are left out; windows without a request are
    kept, with NaN latencies, so a stalled minute shows as one.
    """
    if width <= 0 or span <= 0:
        raise ValueError(f"width and span must be positive, got {width} and {span}")
    count = math.ceil(span / width)
    latencies: list[list[float]] = [[] for _ in range(count)]
    errors = [0] * count
    for sample in samples:
        if not 0 <= sample.offset < span:
            continue
        index = min(int(sample.offset // width), count - 1)  # float rounding at the edge
        if sample.ok:
            latencies[index].append(sample.latency)
        else:
            errors[index] += 1
    return [
        WindowFigures(
            start=index * width,
            end=min((index + 1) * width, span),
            latency=LatencySummary.of(latencies[index]),
            errors=errors[index],
        )
        for index in range(count)
    ]


def growth(start: float, end: float) -> float:
    """Relative change from `start` to `end` (0.1 is 10 % more); `start` must be positive."""
    if start <= 0:
        raise ValueError(f"growth from a non-positive start: {start}")
    return (end - start) / start


@dataclass(frozen=True)
class ServerSample:
    """The server process at one moment: resident memory, open files, CPU time used so far."""

    rss_kib: int
    fds: int
    cpu_seconds: float


@dataclass(frozen=True)
class SoakWindow:
    """One window of the soak: its requests and the server at its end."""

    figures: WindowFigures
    writes: int  # successful creates and updates, each one outbox event
    server_cpu: float  # share of one core over the window
    server: ServerSample


@dataclass(frozen=True)
class SoakResult:
    """What the soak's load process hands back (see soakload.py)."""

    streams: int
    connected: int
    connect_seconds: float
    warmup: SoakWindow
    windows: list[SoakWindow]
    start: ServerSample  # after the warm-up
    end: ServerSample  # at the end of the measured window, streams still open
    # Requests by operation ("list", "get", "create", "update") and, of them, the failures by
    # "operation status" (status 0: connection error or timeout; -1: a write answered without
    # its task's id or ETag).
    requests: dict[str, int]
    failures: dict[str, int]
    stream_drops: int
    # The board's outbox after the streams subscribed, by event type (the ground truth).
    events: dict[str, int]
    # Events every stream should have received, in all, and of those the ones that did not
    # arrive, arrived twice (or out of order), or arrived without being in the outbox.
    expected_deliveries: int
    missing: int
    duplicates: int
    unexpected: int
    incomplete_streams: int
    client_cpu: float  # share of one core over the measured window
    cpus: dict[str, list[int]] = field(default_factory=dict)  # "server", "client": affinity

    @property
    def rss_growth(self) -> float:
        """Server RSS from the start to the end of the measured window."""
        return growth(self.start.rss_kib, self.end.rss_kib)

    @property
    def fd_growth(self) -> float:
        """Server open file descriptors from the start to the end of the measured window."""
        return growth(self.start.fds, self.end.fds)

    @property
    def errors(self) -> int:
        """Failed requests, streams that did not open and streams that dropped."""
        return sum(self.failures.values()) + (self.streams - self.connected) + self.stream_drops

    @property
    def successful_writes(self) -> dict[str, int]:
        """Creates and updates that succeeded, by the event each one writes."""
        return {
            "task.created": self.requests.get("create", 0) - _failed(self.failures, "create"),
            "task.updated": self.requests.get("update", 0) - _failed(self.failures, "update"),
        }

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (the load process prints it)."""
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Self:
        """The inverse of `to_json`."""
        return cls(
            **{
                **data,
                "warmup": _soak_window(data["warmup"]),
                "windows": [_soak_window(window) for window in data["windows"]],
                "start": ServerSample(**data["start"]),
                "end": ServerSample(**data["end"]),
            }
        )


def _failed(failures: dict[str, int], operation: str) -> int:
    return sum(count for key, count in failures.items() if key.split()[0] == operation)


def _soak_window(data: dict[str, Any]) -> SoakWindow:
    figures = data["figures"]
    return SoakWindow(
        figures=WindowFigures(**{**figures, "latency": LatencySummary(**figures["latency"])}),
        writes=data["writes"],
        server_cpu=data["server_cpu"],
        server=ServerSample(**data["server"]),
    )
