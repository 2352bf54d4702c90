"""What the OpenAPI document states beyond FastAPI's defaults, so that it says what the server
does: links between operations, and parameters that are absent rather than null."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI

from taskboard.schemas.json_schema import without_null

# Runtime expressions (OpenAPI 3.1, 4.8.20.4) for the ids the operations pass on.
BOARD_ID = "$response.body#/id"
BOARD_ID_OF_REQUEST = "$request.path.board_id"
TASK_ID = "$response.body#/id"
MEMBER_ID = "$response.body#/user_id"
ETAG = "$response.header.ETag"


def links_to(parameters: dict[str, str], *operation_ids: str) -> dict[str, Any]:
    """OpenAPI links for a response's `links`: one per operation, named by its operationId,
    each taking the same parameters (`name` for a path or query parameter, `header.Name` for a
    header). A client generator or a stateful fuzzer then chains calls the way a client does
    (board -> its tasks -> a task)."""
    return {
        operation_id: {"operationId": operation_id, "parameters": parameters}
        for operation_id in operation_ids
    }


def amend_openapi(app: FastAPI, amend: Callable[[dict[str, Any]], None]) -> None:
    """Have `app.openapi()` change the document FastAPI builds with `amend`, once (the result
    is cached as FastAPI caches its own). Amendments apply in the order they are installed."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        document = build()
        amend(document)
        app.openapi_schema = document
        return document

    app.openapi = openapi  # type: ignore[method-assign]  # FastAPI's documented override


def _parameters_without_null(document: dict[str, Any]) -> None:
    for item in document.get("paths", {}).values():
        for operation in item.values():
            for parameter in operation.get("parameters", []):
                if "schema" in parameter:
                    parameter["schema"] = without_null(parameter["schema"])


def document_parameters(app: FastAPI) -> None:
    """A path, query, header or cookie parameter is text on the wire: it has no JSON null, and
    an optional one is left out (`required: false`). FastAPI describes `X | None` parameters as
    `anyOf: [X, null]`, which invites clients to send the text "null"; state X alone."""
    amend_openapi(app, _parameters_without_null)
