"""Figures of a benchmark run: percentiles and the results the load process hands back."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass
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
