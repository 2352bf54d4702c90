"""The baseline: a bare FastAPI app serving the same page of 50 tasks from memory.

Served by the same entry point as the API (`python -m taskboard.server
taskboard_bench.baseline:create_app`), so uvicorn's settings are identical. The route has the
API's path and response model, so FastAPI validates and serialises the same `TaskPage`: the
difference to the API is authentication, the database, the middleware stack.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

from fastapi import FastAPI

from taskboard.schemas.tasks import TaskPage

PAGE_FILE_ENV = "BENCH_BASELINE_PAGE"


def create_app() -> FastAPI:
    """The baseline app; the page's JSON is read from the file named by BENCH_BASELINE_PAGE."""
    page = TaskPage.model_validate_json(Path(os.environ[PAGE_FILE_ENV]).read_bytes())
    app = FastAPI(title="Taskboard benchmark baseline")

    @app.get("/healthz")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/api/v1/boards/{board_id}/tasks")
    async def list_tasks(board_id: uuid.UUID, limit: int = 50) -> TaskPage:
        return page

    return app
