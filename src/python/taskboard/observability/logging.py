"""Structured logs: Loguru writes one JSON object per line to stdout.

Every record carries the request id (bound by the request middleware through a context
variable) and the trace/span ids of the current OpenTelemetry span, so a log line can be
joined to its request and its trace. Standard `logging` (uvicorn, SQLAlchemy, libraries) is
routed through Loguru by `InterceptHandler`, so there is exactly one log format on stdout.
"""

from __future__ import annotations

import inspect
import json as jsonlib
import logging
import sys
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, TextIO

from loguru import logger
from opentelemetry import trace

if TYPE_CHECKING:
    from loguru import Record

__all__ = [
    "InterceptHandler",
    "bind_request_id",
    "configure_logging",
    "get_request_id",
    "logger",
]

_request_id: ContextVar[str | None] = ContextVar("taskboard_request_id", default=None)

# Loggers that install their own handlers (uvicorn's default dictConfig) or duplicate ours.
_ROUTED_LOGGERS = ("uvicorn", "uvicorn.error", "uvicorn.asgi", "sqlalchemy")
# Our middleware writes the access line (with request id, route template and duration);
# uvicorn's own access line would be a second, poorer copy of it.
_SILENCED_LOGGERS = ("uvicorn.access",)
# Libraries whose INFO lines are noise (alembic lists the plugins it loads): warnings only.
_QUIET_LOGGERS = ("alembic.runtime.plugins",)
# Fields the JSON line always has; extras bound by callers are merged after them.
_RESERVED = frozenset({"request_id", "trace_id", "span_id", "logger_name"})


def get_request_id() -> str | None:
    """Return the id of the request being handled in this context, if any."""
    return _request_id.get()


@contextmanager
def bind_request_id(request_id: str) -> Iterator[None]:
    """Make `request_id` the current request id for logs emitted inside the block."""
    token = _request_id.set(request_id)
    try:
        yield
    finally:
        _request_id.reset(token)


def _add_context(record: Record) -> None:
    # A patcher runs where the log call is made, so context variables and the current span
    # are those of the caller even if a sink were later made asynchronous (enqueue=True).
    extra = record["extra"]
    extra["request_id"] = _request_id.get()
    span_context = trace.get_current_span().get_span_context()
    if span_context.is_valid:
        extra["trace_id"] = trace.format_trace_id(span_context.trace_id)
        extra["span_id"] = trace.format_span_id(span_context.span_id)
    else:
        extra["trace_id"] = None
        extra["span_id"] = None


def _to_json(record: Record) -> str:
    extra = record["extra"]
    payload: dict[str, Any] = {
        "time": record["time"].isoformat(),
        "level": record["level"].name,
        "message": record["message"],
        "logger": extra.get("logger_name") or record["name"],
        "request_id": extra.get("request_id"),
        "trace_id": extra.get("trace_id"),
        "span_id": extra.get("span_id"),
    }
    for key, value in extra.items():
        if key not in _RESERVED and key != "serialized" and key not in payload:
            payload[key] = value
    exception = record["exception"]
    if exception is not None and exception.type is not None:
        # The traceback goes inside the JSON object: a multi-line trace on stdout would be
        # split into unrelated lines by every log collector.
        payload["exception"] = {
            "type": exception.type.__name__,
            "message": str(exception.value),
            "traceback": "".join(
                traceback.format_exception(exception.type, exception.value, exception.traceback)
            ),
        }
    # default=str: an extra that is not JSON-native (UUID, datetime, Path) is still logged.
    return jsonlib.dumps(payload, default=str, ensure_ascii=False)


def _json_format(record: Record) -> str:
    record["extra"]["serialized"] = _to_json(record)
    # Braces inside the JSON are safe: Loguru formats the template, not the substituted value.
    return "{extra[serialized]}\n"


_TEXT_TIME_AND_LEVEL = "<green>{time:HH:mm:ss.SSS}</green> <level>{level: <8}</level> "
_TEXT_MESSAGE = "{extra[logger]}: <level>{message}</level>\n{exception}"


def _text_format(record: Record) -> str:
    """Loguru's coloured line for people: the request id only when there is one."""
    record["extra"]["logger"] = record["extra"].get("logger_name") or record["name"]
    request = "<cyan>{extra[request_id]}</cyan> " if record["extra"]["request_id"] else ""
    return _TEXT_TIME_AND_LEVEL + request + _TEXT_MESSAGE


class _DropAlembicPreamble(logging.Filter):
    """Alembic's INFO lines that say nothing about this run's migrations."""

    PREAMBLE = ("Context impl ", "Will assume ")

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(self.PREAMBLE)


class InterceptHandler(logging.Handler):
    """A `logging` handler that re-emits every record through Loguru."""

    def emit(self, record: logging.LogRecord) -> None:
        """Forward `record` to Loguru, keeping its level, logger name and exception."""
        level: str | int
        try:
            level = logger.level(record.levelname).name
        except ValueError:
            level = record.levelno
        # Walk out of the logging module so Loguru reports the caller's function and line.
        frame, depth = inspect.currentframe(), 0
        while frame is not None and (depth == 0 or frame.f_code.co_filename == logging.__file__):
            frame = frame.f_back
            depth += 1
        logger.bind(logger_name=record.name).opt(depth=depth, exception=record.exc_info).log(
            level, record.getMessage()
        )


def configure_logging(*, level: str, json: bool, sink: TextIO | None = None) -> None:
    """Send all logs (Loguru and `logging`) to `sink` (stdout) as JSON or human text.

    Idempotent: calling it again replaces the previous configuration instead of adding
    handlers, so the server entry point and the app factory may both call it.
    """
    level = level.upper()
    logger.remove()
    logger.configure(patcher=_add_context, extra={"request_id": None})
    logger.add(
        sink if sink is not None else sys.stdout,
        level=level,
        format=_json_format if json else _text_format,
        colorize=False if json else None,
        # Loguru's own "better exceptions" can print local variables: secrets must not leak.
        backtrace=False,
        diagnose=False,
    )
    # force=True drops handlers a previous call (or a library) put on the root logger.
    logging.basicConfig(handlers=[InterceptHandler()], level=level, force=True)
    for name in _ROUTED_LOGGERS:
        std_logger = logging.getLogger(name)
        std_logger.handlers.clear()
        std_logger.propagate = True
    for name in _QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
    migration = logging.getLogger("alembic.runtime.migration")
    migration.filters = [f for f in migration.filters if not isinstance(f, _DropAlembicPreamble)]
    migration.addFilter(_DropAlembicPreamble())
    for name in _SILENCED_LOGGERS:
        std_logger = logging.getLogger(name)
        std_logger.handlers.clear()
        std_logger.propagate = False
        std_logger.disabled = True
