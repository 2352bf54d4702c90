"""Percentiles and result round trips of the benchmark."""

from __future__ import annotations

import math

import pytest

from taskboard_bench.stats import HttpResult, LatencySummary, SseResult, percentile


def test_percentile_is_nearest_rank() -> None:
    values = [float(v) for v in range(100, 0, -1)]  # 100..1, unsorted on purpose
    assert percentile(values, 0.5) == 50.0
    assert percentile(values, 0.99) == 99.0
    assert percentile(values, 1.0) == 100.0
    assert percentile(values, 0.0) == 1.0
    assert percentile([7.0], 0.99) == 7.0


def test_percentile_of_nothing_is_nan_and_fraction_is_checked() -> None:
    assert math.isnan(percentile([], 0.5))
    with pytest.raises(ValueError, match="fraction"):
        percentile([1.0], 1.5)


def test_latency_summary() -> None:
    summary = LatencySummary.of([0.003, 0.001, 0.002, 0.010])
    assert summary == LatencySummary(count=4, p50=0.002, p99=0.010, max=0.010)


def test_http_result_round_trips_through_json_and_computes_rate() -> None:
    result = HttpResult(
        label="list",
        server="postgres",
        connections=32,
        elapsed=2.0,
        ok=500,
        errors=1,
        latency=LatencySummary.of([0.01, 0.02]),
        server_cpu=1.5,
        client_cpu=0.4,
    )
    assert HttpResult.from_json(result.to_json()) == result
    assert result.requests_per_second == 250.0


def test_sse_result_memory_per_subscriber_and_delivery() -> None:
    result = SseResult(
        server="sqlite",
        subscribers=1000,
        connected=1000,
        delivered=999,
        connect_seconds=3.0,
        latency=LatencySummary.of([0.1, 0.2]),
        rss_idle_kib=100_000,
        rss_connected_kib=130_000,
    )
    assert SseResult.from_json(result.to_json()) == result
    assert result.kib_per_subscriber == 30.0
    assert not result.all_delivered
