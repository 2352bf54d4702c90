"""Tasks: listing under a board, single tasks by id (ETag / If-Match)."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Response, status

from taskboard.api.deps import TaskServiceDep
from taskboard.api.document import ETAG, TASK_ID, links_to
from taskboard.api.http import CURSOR_PATTERN, decode_cursor, encode_cursor, etag, parse_if_match
from taskboard.domain.listing import TaskFilter
from taskboard.domain.models import TaskStatus
from taskboard.schemas.tasks import TaskCreate, TaskPage, TaskPublic, TaskUpdate
from taskboard.schemas.text import NO_NUL_PATTERN
from taskboard.services.tasks import TaskChanges, TaskDraft

router = APIRouter(tags=["tasks"])

IfMatch = Annotated[
    str | None,
    Header(alias="If-Match", min_length=1, description="The task's ETag (412 if stale)"),
]
# PATCH requires If-Match, but a missing one is the server's 428 (RFC 6585) and not FastAPI's
# 422: the parameter stays optional in the code and the document states it as required.
_IF_MATCH_REQUIRED: dict[str, Any] = {
    "parameters": [
        {
            "name": "If-Match",
            "in": "header",
            "required": True,
            "description": "The task's ETag, as the last read sent it (412 if stale)",
            "schema": {"type": "string", "minLength": 1},
        }
    ]
}
_PRECONDITIONS: dict[int | str, dict[str, Any]] = {
    412: {"description": "The task changed since that ETag: read it again"},
    428: {"description": "If-Match is missing"},
}

_TASK_LINKS = links_to({"task_id": TASK_ID}, "tasks-get") | links_to(
    {"task_id": TASK_ID, "header.If-Match": ETAG}, "tasks-update", "tasks-delete"
)


def _public(task: object, response: Response) -> TaskPublic:
    """The service's task as the API shows it, with its version as the ETag."""
    public = TaskPublic.model_validate(task)
    response.headers["ETag"] = etag(public.version)
    return public


@router.get("/boards/{board_id}/tasks", name="list")
async def list_tasks(
    board_id: uuid.UUID,
    tasks: TaskServiceDep,
    status_: Annotated[TaskStatus | None, Query(alias="status")] = None,
    assignee_id: uuid.UUID | None = None,
    q: Annotated[str | None, Query(min_length=1, max_length=200, pattern=NO_NUL_PATTERN)] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 50,
    cursor: Annotated[
        str | None,
        Query(
            pattern=CURSOR_PATTERN,
            description="The previous page's `next_cursor` (opaque: a position and a task id)",
        ),
    ] = None,
) -> TaskPage:
    """A page of the board's tasks in board order, optionally filtered."""
    page = await tasks.list_tasks(
        board_id,
        filters=TaskFilter(status=status_, assignee_id=assignee_id, text=q),
        after=None if cursor is None else decode_cursor(cursor),
        limit=limit,
    )
    # One validation call for the whole page (the rows are dicts: see TaskRepository.page).
    return TaskPage.model_validate(
        {
            "items": page.items,
            "next_cursor": None if page.next_key is None else encode_cursor(page.next_key),
        }
    )


@router.post(
    "/boards/{board_id}/tasks",
    name="create",
    status_code=status.HTTP_201_CREATED,
    responses={201: {"links": _TASK_LINKS}},
)
async def create_task(
    board_id: uuid.UUID, body: TaskCreate, tasks: TaskServiceDep, response: Response
) -> TaskPublic:
    """Add a task to the board (editors and owners)."""
    task = await tasks.create(board_id, TaskDraft(**body.model_dump()))
    response.headers["Location"] = f"/api/v1/tasks/{task.id}"
    return _public(task, response)


@router.get("/tasks/{task_id}", name="get", responses={200: {"links": _TASK_LINKS}})
async def get_task(task_id: uuid.UUID, tasks: TaskServiceDep, response: Response) -> TaskPublic:
    """One task, with its ETag."""
    return _public(await tasks.get(task_id), response)


@router.patch(
    "/tasks/{task_id}",
    name="update",
    openapi_extra=_IF_MATCH_REQUIRED,
    responses=_PRECONDITIONS,
)
async def update_task(
    task_id: uuid.UUID,
    body: TaskUpdate,
    tasks: TaskServiceDep,
    response: Response,
    if_match: Annotated[
        str | None, Header(alias="If-Match", min_length=1, include_in_schema=False)
    ] = None,
) -> TaskPublic:
    """Change a task the caller has seen in its current version."""
    changes = TaskChanges(
        fields_set=frozenset(body.model_fields_set), **body.model_dump(exclude_unset=True)
    )
    task = await tasks.update(task_id, changes, precondition=parse_if_match(if_match))
    return _public(task, response)


@router.delete(
    "/tasks/{task_id}",
    name="delete",
    status_code=status.HTTP_204_NO_CONTENT,
    responses={412: _PRECONDITIONS[412]},
)
async def delete_task(
    task_id: uuid.UUID, tasks: TaskServiceDep, if_match: IfMatch = None
) -> Response:
    """Delete a task (If-Match optional here; 412 if given and stale)."""
    await tasks.delete(task_id, precondition=parse_if_match(if_match))
    return Response(status_code=status.HTTP_204_NO_CONTENT)
