"""Liveness and readiness probes (outside /api/v1, for orchestrators)."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, HTTPException, status
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from taskboard._version import __version__
from taskboard.api.deps import RuntimeDep
from taskboard.lifecycle import is_draining

router = APIRouter(tags=["ops"])

READINESS_TIMEOUT_SECONDS = 2.0


@router.get("/healthz", name="healthz")
async def healthz() -> dict[str, str]:
    """The process is up (no dependency is checked)."""
    # The docstring is the operation's OpenAPI description; the body names the release it runs.
    return {"status": "ok", "version": __version__}


@router.get(
    "/readyz",
    name="readyz",
    responses={503: {"description": "The database is unreachable, or the server is shutting down"}},
)
async def readyz(runtime: RuntimeDep) -> dict[str, str]:
    """The service can reach its database, and is not shutting down."""
    if is_draining():
        raise HTTPException(
            status.HTTP_503_SERVICE_UNAVAILABLE, detail="the server is shutting down"
        )
    try:
        async with asyncio.timeout(READINESS_TIMEOUT_SECONDS):
            async with runtime.engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
    except (SQLAlchemyError, OSError, TimeoutError) as error:
        raise HTTPException(
            status.HTTP_503_SERVICE_UNAVAILABLE, detail="the database is unreachable"
        ) from error
    return {"status": "ok"}
