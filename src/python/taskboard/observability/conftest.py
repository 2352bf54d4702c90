"""Fixtures shared by the observability tests: logging captured as JSON, and put back after."""

from __future__ import annotations

import io
import logging
import sys
from collections.abc import Iterator

import pytest
from loguru import logger

from taskboard.observability.logging import configure_logging


@pytest.fixture(autouse=True)
def _restore_logging() -> Iterator[None]:
    # configure_logging rewires Loguru and the stdlib root logger process-wide.
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    logger.remove()
    logger.add(sys.stderr)
    root.handlers[:] = handlers
    root.setLevel(level)
    logging.getLogger("uvicorn.access").disabled = False


@pytest.fixture
def sink() -> io.StringIO:
    """JSON log lines of the code under test, in memory."""
    buffer = io.StringIO()
    configure_logging(level="INFO", json=True, sink=buffer)
    return buffer
