"""RFC 9457 problem details for every error the API returns."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from loguru import logger
from sqlalchemy import exc as sa
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import compile_path

from taskboard.api.document import amend_openapi
from taskboard.domain.errors import (
    ConflictError,
    DomainError,
    ForbiddenError,
    InvalidInputError,
    NotFoundError,
    OverCapacityError,
    PreconditionFailedError,
    PreconditionRequiredError,
    RateLimitedError,
    RetryLaterError,
    UnauthenticatedError,
)
from taskboard.schemas.problems import Problem

PROBLEM_MEDIA_TYPE = "application/problem+json"

# What the database layer raises when the database cannot serve (down, unreachable, pool
# exhausted, out of disk, read-only): the request may succeed later or on another replica.
# OSError: asyncpg raises a refused or timed-out connect as is, unwrapped by SQLAlchemy.
DATABASE_UNAVAILABLE: tuple[type[Exception], ...] = (
    sa.OperationalError,
    sa.InterfaceError,
    sa.DisconnectionError,
    sa.TimeoutError,
    OSError,
)
DATABASE_RETRY_AFTER_SECONDS = 2

_DOMAIN_STATUS: Mapping[type[DomainError], HTTPStatus] = {
    NotFoundError: HTTPStatus.NOT_FOUND,
    ForbiddenError: HTTPStatus.FORBIDDEN,
    UnauthenticatedError: HTTPStatus.UNAUTHORIZED,
    ConflictError: HTTPStatus.CONFLICT,
    PreconditionFailedError: HTTPStatus.PRECONDITION_FAILED,
    PreconditionRequiredError: HTTPStatus.PRECONDITION_REQUIRED,
    RateLimitedError: HTTPStatus.TOO_MANY_REQUESTS,
    OverCapacityError: HTTPStatus.SERVICE_UNAVAILABLE,
    InvalidInputError: HTTPStatus.UNPROCESSABLE_ENTITY,
}


class ProblemResponse(JSONResponse):
    """A JSON response with the problem+json media type."""

    media_type = PROBLEM_MEDIA_TYPE


def problem(
    status: int,
    *,
    request: Request | None = None,
    detail: str | None = None,
    code: str | None = None,
    headers: Mapping[str, str] | None = None,
    **extensions: Any,
) -> ProblemResponse:
    """A problem response. `type` stays about:blank (title = status phrase); `code` is the
    machine-readable kind clients switch on."""
    phrase = HTTPStatus(status).phrase
    code = code or phrase.lower().replace(" ", "_").replace("-", "_")
    body = Problem(
        title=phrase,
        status=status,
        detail=detail or None,
        instance=None if request is None else request.url.path,
        code=code,
        **extensions,
    ).model_dump(exclude_none=True)
    if request is not None:
        # For the metrics middleware: errors are counted by the code the client reads.
        request.state.problem_code = code
    return ProblemResponse(body, status_code=status, headers=dict(headers or {}))


def field_path(location: Sequence[str | int]) -> str:
    """`("body", "items", 0, "title")` -> `"body.items.0.title"`."""
    return ".".join(str(part) for part in location)


async def _domain_error(request: Request, exc: Exception) -> ProblemResponse:
    assert isinstance(exc, DomainError)
    status = next(s for cls, s in _DOMAIN_STATUS.items() if isinstance(exc, cls))
    headers: dict[str, str] = {}
    extensions: dict[str, Any] = {}
    if isinstance(exc, RetryLaterError):
        headers["Retry-After"] = str(exc.retry_after)
    if isinstance(exc, UnauthenticatedError):
        headers["WWW-Authenticate"] = "Bearer"
    if isinstance(exc, InvalidInputError):
        extensions["errors"] = [
            {"field": f"body.{exc.field}", "message": exc.detail, "type": exc.code}
        ]
    return problem(
        status, request=request, detail=exc.detail, code=exc.code, headers=headers, **extensions
    )


_METHODS = frozenset({"get", "put", "post", "delete", "options", "head", "patch", "trace"})


def documented_methods(request: Request) -> str | None:
    """Every method the OpenAPI document gives the request's path, for a 405's `Allow` (RFC
    9110 15.5.6). Starlette's own 405 names only the first route that matched the path, and
    FastAPI makes one route per method. None for a path the document leaves out."""
    state = request.app.state
    if not hasattr(state, "documented_methods"):
        state.documented_methods = [
            (compile_path(path)[0], ", ".join(sorted(m.upper() for m in item if m in _METHODS)))
            for path, item in request.app.openapi().get("paths", {}).items()
        ]
    path = request.scope["path"]
    return next((methods for regex, methods in state.documented_methods if regex.match(path)), None)


async def _http_error(request: Request, exc: Exception) -> ProblemResponse:
    assert isinstance(exc, StarletteHTTPException)
    phrase = HTTPStatus(exc.status_code).phrase
    detail = exc.detail if exc.detail != phrase else None
    headers = dict(exc.headers or {})
    if exc.status_code == HTTPStatus.METHOD_NOT_ALLOWED:
        headers["Allow"] = documented_methods(request) or headers.get("Allow", "")
    return problem(exc.status_code, request=request, detail=detail, headers=headers)


async def _validation_error(request: Request, exc: Exception) -> ProblemResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [
        {"field": field_path(error["loc"]), "message": error["msg"], "type": error["type"]}
        for error in exc.errors()
    ]
    return problem(
        HTTPStatus.UNPROCESSABLE_ENTITY,
        request=request,
        detail="the request is invalid; see errors",
        code="validation_error",
        errors=errors,
    )


async def _database_unavailable(request: Request, exc: Exception) -> ProblemResponse:
    # One line, no traceback: the cause is outside the process, and an outage would repeat
    # the same trace for every request. The driver's error only: SQLAlchemy's message would
    # add the statement's parameters (emails, hashes) to the log.
    cause = getattr(exc, "orig", None) or exc
    logger.warning("database unavailable: {}: {}", type(cause).__name__, cause)
    return problem(
        HTTPStatus.SERVICE_UNAVAILABLE,
        request=request,
        detail="the database is unavailable; try again shortly",
        code="database_unavailable",
        headers={"Retry-After": str(DATABASE_RETRY_AFTER_SECONDS)},
    )


async def _unhandled(request: Request, exc: Exception) -> ProblemResponse:
    # Starlette's ServerErrorMiddleware re-raises after this, so the server logs the traceback
    # once; the client gets no detail at all.
    return problem(HTTPStatus.INTERNAL_SERVER_ERROR, request=request)


def install_problem_handlers(app: FastAPI) -> None:
    """Route every kind of error through problem+json, and say so in the OpenAPI document."""
    app.add_exception_handler(DomainError, _domain_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    for kind in DATABASE_UNAVAILABLE:
        app.add_exception_handler(kind, _database_unavailable)
    app.add_exception_handler(Exception, _unhandled)
    document_problems(app)


_PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
_PROBLEM_CONTENT = {PROBLEM_MEDIA_TYPE: {"schema": _PROBLEM_REF}}
# FastAPI's own description of its 422 body, which these handlers never send.
_FASTAPI_VALIDATION_SCHEMAS = ("HTTPValidationError", "ValidationError")


def _problem_responses(document: dict[str, Any]) -> None:
    for path in document.get("paths", {}).values():
        for operation in path.values():
            responses = operation.setdefault("responses", {})
            if "422" in responses:
                responses["422"] = {
                    "description": "Invalid input: `errors` lists each failing field",
                    "content": _PROBLEM_CONTENT,
                }
            for status, response in responses.items():
                # The errors a route declares (503 with Retry-After...) carry problems too.
                if status[0] in "45" and "content" not in response:
                    response["content"] = _PROBLEM_CONTENT
            responses["default"] = {
                "description": "Any other error (RFC 9457 problem details)",
                "content": _PROBLEM_CONTENT,
            }
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    for name in _FASTAPI_VALIDATION_SCHEMAS:
        schemas.pop(name, None)
    problem_schema = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    schemas.update(problem_schema.pop("$defs", {}))
    schemas["Problem"] = problem_schema


def document_problems(app: FastAPI) -> None:
    """Describe the error bodies as they are: every operation's 422, its declared 4xx and
    5xx, and its `default` response are a `Problem` (problem+json), so generated clients get
    the real error type."""
    amend_openapi(app, _problem_responses)
