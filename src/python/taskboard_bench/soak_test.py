"""The soak's pure parts: windowed percentiles, growth, delivery accounting, targets."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest

from taskboard_bench.delivery import (
    ChunkedDecoder,
    Delivery,
    EventParser,
    Message,
    StreamLedger,
    account,
)
from taskboard_bench.report import render_soak, soak_checks
from taskboard_bench.soak import _parser, _shown, _token_ttl
from taskboard_bench.stats import (
    LatencySummary,
    Sample,
    ServerSample,
    SoakResult,
    SoakWindow,
    WindowFigures,
    growth,
    windows,
)


def test_windows_group_by_due_time_and_leave_the_warmup_out() -> None:
    samples = [
        Sample(-1.0, 9.0, ok=True),  # warm-up: not in any window
        *(Sample(0.5 + i / 100, 0.001 * (i + 1), ok=True) for i in range(100)),  # 0.5-1.49 s
        Sample(59.9, 0.5, ok=True),
        Sample(60.0, 0.002, ok=True),
        Sample(61.0, 3.0, ok=False),  # failed: counted, not in the percentiles
        Sample(130.0, 0.004, ok=True),
        Sample(150.0, 1.0, ok=True),  # after the span
    ]
    first, second, third = windows(samples, width=60, span=150)
    assert (first.start, first.end, second.start, third.start, third.end) == (0, 60, 60, 120, 150)
    assert first.latency.count == 101
    assert first.latency.p50 == pytest.approx(0.051)
    assert first.latency.p99 == pytest.approx(0.1)
    assert first.latency.max == 0.5
    assert (first.errors, second.errors, third.errors) == (0, 1, 0)
    assert second.latency == LatencySummary(count=1, p50=0.002, p99=0.002, max=0.002)
    assert third.latency.count == 1


def test_a_window_without_requests_is_kept_with_nan_latencies() -> None:
    empty, busy = windows([Sample(75.0, 0.1, ok=True)], width=60, span=120)
    assert empty.latency.count == 0
    assert math.isnan(empty.latency.p99)
    assert busy.latency.count == 1
    with pytest.raises(ValueError, match="positive"):
        windows([], width=0, span=60)


def test_growth() -> None:
    assert growth(100, 110) == pytest.approx(0.10)
    assert growth(200, 190) == pytest.approx(-0.05)
    with pytest.raises(ValueError, match="non-positive"):
        growth(0, 10)


def _chunked(*parts: bytes) -> bytes:
    return b"".join(b"%x\r\n%s\r\n" % (len(part), part) for part in parts) + b"0\r\n\r\n"


GREETING = b": connected\nid: 41\nretry: 3000\n\n"


def _event(event_id: int, kind: str = "task.created") -> bytes:
    return f'id: {event_id}\nevent: {kind}\ndata: {{"id":"x"}}\n\n'.encode()


def test_chunked_decoder_gives_the_body_however_the_reads_fall() -> None:
    body = [GREETING, b": ping\n\n", _event(42), _event(43, "task.updated")]
    wire = _chunked(*body)
    for step in (1, 2, 3, 7, len(wire)):
        decoder = ChunkedDecoder()
        decoded = b"".join(decoder.feed(wire[i : i + step]) for i in range(0, len(wire), step))
        assert decoded == b"".join(body), step
        assert decoder.finished
    broken = ChunkedDecoder()
    with pytest.raises(ValueError, match="CRLF"):
        broken.feed(b"3\r\nabcXY")


def test_parser_and_ledger_keep_the_start_and_every_event_id() -> None:
    parser, ledger = EventParser(), StreamLedger()
    text = GREETING + b": ping\n\n" + _event(42) + _event(44, "task.updated")
    for i in range(0, len(text), 5):  # messages split across feeds
        for message in parser.feed(text[i : i + 5]):
            ledger.add(message)
    assert ledger.start_id == 41
    assert list(ledger.ids) == [42, 44]
    assert ledger.last_id == 44
    assert parser.feed(b"") == []
    with pytest.raises(ValueError, match="without an id"):
        ledger.add(Message(None, "task.created"))


def _ledger(start: int, *ids: int) -> StreamLedger:
    ledger = StreamLedger(start_id=start)
    for event_id in ids:
        ledger.add(Message(event_id, "task.updated"))
    return ledger


def test_account_counts_what_each_stream_missed_repeated_or_invented() -> None:
    outbox = [12, 10, 11, 13]  # any order
    ledgers = [
        _ledger(9, 10, 11, 12, 13),  # complete
        _ledger(9, 10, 12),  # lost 11 and 13
        _ledger(11, 12, 13),  # subscribed later: only 12 and 13 were due
        _ledger(9, 10, 11, 11, 12, 13, 99),  # 11 twice, and 99 is no outbox event
    ]
    assert account(outbox, ledgers) == Delivery(
        streams=4, expected=14, missing=2, duplicates=1, unexpected=1, incomplete_streams=1
    )
    assert account(outbox, [_ledger(9, 10, 11, 12, 13)]).missing == 0
    with pytest.raises(ValueError, match="connected"):
        account(outbox, [StreamLedger()])


def _window(start: float, end: float, *, rss: int, fds: int = 1030) -> SoakWindow:
    return SoakWindow(
        figures=WindowFigures(start, end, LatencySummary(100, 0.01, 0.05, 0.08), errors=0),
        writes=12,
        server_cpu=0.4,
        server=ServerSample(rss_kib=rss, fds=fds, cpu_seconds=10.0),
    )


def _result() -> SoakResult:
    return SoakResult(
        streams=1000,
        connected=1000,
        connect_seconds=9.5,
        warmup=_window(-30, 0, rss=100 * 1024),
        windows=[_window(0, 60, rss=102 * 1024), _window(60, 120, rss=104 * 1024)],
        start=ServerSample(rss_kib=100 * 1024, fds=1030, cpu_seconds=5.0),
        end=ServerSample(rss_kib=104 * 1024, fds=1030, cpu_seconds=60.0),
        requests={"list": 1200, "get": 1200, "create": 120, "update": 120},
        failures={},
        stream_drops=0,
        events={"task.created": 120, "task.updated": 120},
        expected_deliveries=240_000,
        missing=0,
        duplicates=0,
        unexpected=0,
        incomplete_streams=0,
        client_cpu=0.2,
        cpus={"server": [0], "client": [1]},
    )


def test_soak_result_round_trips_through_json() -> None:
    result = _result()
    assert SoakResult.from_json(result.to_json()) == result
    assert result.rss_growth == pytest.approx(0.04)
    assert result.errors == 0


def test_soak_checks_pass_a_clean_run() -> None:
    checks = soak_checks(_result())
    assert [c.passed for c in checks] == [True] * 5
    assert checks[3].measured == "+4.0% (100.0 -> 104.0 MiB)"


def test_soak_checks_fail_on_errors_drops_missing_events_and_growth() -> None:
    result = replace(
        _result(),
        connected=999,
        stream_drops=1,
        failures={"create 500": 1, "list 0": 2},
        missing=3,
        end=ServerSample(rss_kib=111 * 1024, fds=1140, cpu_seconds=60.0),
    )
    checks = {c.name.split(":")[0].split(",")[0]: c for c in soak_checks(result)}
    errors = checks["Errors"]
    assert not errors.passed
    assert errors.measured == (
        "5 (create 500: 1, list 0: 2, streams dropped: 1, streams not opened: 1)"
    )
    # One create failed: 119 succeeded but the outbox holds 120 task.created.
    assert not checks["Every successful write wrote one event (outbox / writes)"].passed
    assert not checks["Every event delivered to every stream (999 streams)"].passed
    assert not checks["Server RSS"].passed
    assert not checks["Server open file descriptors"].passed


def test_no_event_written_is_no_pass() -> None:
    result = replace(_result(), expected_deliveries=0, events={}, requests={"list": 10})
    assert not soak_checks(result)[2].passed


def test_render_soak_has_a_row_per_window_and_the_verdicts() -> None:
    text = render_soak(
        machine="2 CPUs", command="python -m taskboard_bench.soak", notes=["n"], result=_result()
    )
    assert "| warm-up (30 s) | 100 | 0 | 10.0 | 50.0 | 80.0 | 12 | 40% | 100.0 | 1,030 |" in text
    assert "| 0-60 | 100 | 0 | 10.0 | 50.0 | 80.0 | 12 | 40% | 102.0 | 1,030 |" in text
    assert "| 60-120 |" in text
    assert text.count("| PASS |") == 5
    assert "- n" in text


def test_the_command_shown_leaves_out_where_it_was_recorded() -> None:
    assert _shown(["--duration", "60", "--record", "docs/benchmarks.md", "--streams", "10"]) == [
        "--duration",
        "60",
        "--streams",
        "10",
    ]
    assert _shown(["--record=x.md"]) == []


def test_the_default_run_keeps_the_production_token_lifetime_and_a_longer_one_outlives_it() -> None:
    assert _token_ttl(_parser().parse_args([])) is None  # 10 minutes fit in the default 15
    assert _token_ttl(_parser().parse_args(["--duration", "900"])) == 1070
