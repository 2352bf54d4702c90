from __future__ import annotations

import io
import json
import logging
import uuid
from typing import Any

import pytest
from loguru import logger
from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider

from taskboard.observability.logging import (
    bind_request_id,
    configure_logging,
    get_request_id,
)


def lines(buffer: io.StringIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in buffer.getvalue().splitlines()]


def test_one_json_object_per_line_with_the_standard_fields_and_extras(sink: io.StringIO) -> None:
    board = uuid.UUID(int=7)
    logger.bind(board_id=board, count=3).info("moved {}", "task")

    [line] = lines(sink)
    assert line["message"] == "moved task"
    assert line["level"] == "INFO"
    assert line["logger"] == __name__
    assert line["request_id"] is None
    assert line["trace_id"] is None
    assert line["span_id"] is None
    assert line["board_id"] == str(board)  # not JSON-native: logged through str()
    assert line["count"] == 3
    assert line["time"].startswith(("20", "19"))
    assert "serialized" not in line


def test_request_id_comes_from_the_context_and_is_reset_after(sink: io.StringIO) -> None:
    with bind_request_id("req-1"):
        assert get_request_id() == "req-1"
        logger.info("inside")
    logger.info("outside")

    inside, outside = lines(sink)
    assert inside["request_id"] == "req-1"
    assert outside["request_id"] is None
    assert get_request_id() is None


def test_trace_and_span_ids_of_the_current_span(sink: io.StringIO) -> None:
    tracer = TracerProvider().get_tracer(__name__)
    with tracer.start_as_current_span("work") as span:
        logger.info("traced")

    [line] = lines(sink)
    context = span.get_span_context()
    assert line["trace_id"] == f"{context.trace_id:032x}"
    assert line["span_id"] == f"{context.span_id:016x}"


def test_standard_logging_is_routed_through_loguru(sink: io.StringIO) -> None:
    logging.getLogger("uvicorn.error").warning("port %d busy", 8000)
    logging.getLogger("some.library").debug("below the level")
    logging.getLogger("some.library").log(25, "custom level")

    first, second = lines(sink)
    assert first["logger"] == "uvicorn.error"
    assert first["level"] == "WARNING"
    assert first["message"] == "port 8000 busy"
    assert second["level"] == "Level 25"
    assert second["logger"] == "some.library"


def test_uvicorn_access_log_is_replaced_by_ours(sink: io.StringIO) -> None:
    logging.getLogger("uvicorn.access").info("GET / 200")
    assert sink.getvalue() == ""


def test_exception_is_inside_the_json_line(sink: io.StringIO) -> None:
    try:
        raise ValueError("bad value")
    except ValueError:
        logger.exception("failed")
    try:
        raise KeyError("k")
    except KeyError:
        logging.getLogger("lib").exception("std failed")

    first, second = lines(sink)
    assert first["exception"]["type"] == "ValueError"
    assert first["exception"]["message"] == "bad value"
    assert "raise ValueError" in first["exception"]["traceback"]
    assert second["exception"]["type"] == "KeyError"
    assert sink.getvalue().count("\n") == 2


def test_configure_is_idempotent() -> None:
    buffer = io.StringIO()
    configure_logging(level="debug", json=True, sink=buffer)
    configure_logging(level="DEBUG", json=True, sink=buffer)
    logger.debug("once")
    logging.getLogger("lib").debug("std once")

    assert [line["message"] for line in lines(buffer)] == ["once", "std once"]
    assert len(logging.getLogger().handlers) == 1


def test_level_filters_both_worlds(sink: io.StringIO) -> None:
    logger.debug("hidden")
    logging.getLogger("lib").info("shown")
    assert [line["message"] for line in lines(sink)] == ["shown"]


def test_text_format_for_humans() -> None:
    buffer = io.StringIO()
    configure_logging(level="INFO", json=False, sink=buffer)
    with bind_request_id("abc"):
        logger.info("hello {}", "there")

    output = buffer.getvalue()
    assert "hello there" in output
    assert "abc" in output
    assert not output.startswith("{")


def test_text_lines_without_a_request_have_no_empty_id() -> None:
    buffer = io.StringIO()
    configure_logging(level="INFO", json=False, sink=buffer)
    logger.info("started")
    logging.getLogger("uvicorn.error").info("listening")

    # One line per record: no blank line after each.
    first, second = buffer.getvalue().splitlines()
    assert first.endswith("INFO     taskboard.observability.logging_test: started")
    assert second.endswith("INFO     uvicorn.error: listening")
    assert "None" not in buffer.getvalue()


def test_alembic_says_only_what_it_migrates(sink: io.StringIO) -> None:
    logging.getLogger("alembic.runtime.plugins").info("setup plugin alembic.autogenerate.types")
    migration = logging.getLogger("alembic.runtime.migration")
    migration.info("Context impl SQLiteImpl.")
    migration.info("Will assume non-transactional DDL.")
    migration.info("Running upgrade  -> 0001, Initial schema")
    logging.getLogger("alembic.runtime.plugins").warning("a plugin failed")

    assert [line["message"] for line in lines(sink)] == [
        "Running upgrade  -> 0001, Initial schema",
        "a plugin failed",
    ]


def test_default_sink_is_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging(level="INFO", json=True)
    logger.info("to stdout")
    assert json.loads(capsys.readouterr().out)["message"] == "to stdout"


def test_no_span_means_no_trace_id(sink: io.StringIO) -> None:
    with trace.use_span(trace.INVALID_SPAN):
        logger.info("untraced")
    assert lines(sink)[0]["trace_id"] is None
