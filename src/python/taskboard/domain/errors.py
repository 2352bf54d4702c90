"""Errors the use cases raise; the web layer maps each kind onto an HTTP problem."""

from __future__ import annotations


class DomainError(Exception):
    """Base of every expected failure of a use case."""

    code = "domain_error"

    def __init__(self, detail: str, *, code: str | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        if code is not None:
            self.code = code


class NotFoundError(DomainError):
    """The thing does not exist, or the actor may not know that it does."""

    code = "not_found"


class ForbiddenError(DomainError):
    """The actor is known to be allowed to see the thing but not to do this to it."""

    code = "forbidden"


class UnauthenticatedError(DomainError):
    """No valid credentials were presented."""

    code = "unauthenticated"


class ConflictError(DomainError):
    """The change contradicts the current state (duplicate, last owner...)."""

    code = "conflict"


class PreconditionFailedError(DomainError):
    """The client's view of the resource is stale (If-Match did not match)."""

    code = "precondition_failed"


class PreconditionRequiredError(DomainError):
    """The change needs a precondition (If-Match) so that it cannot overwrite blindly."""

    code = "precondition_required"


class RetryLaterError(DomainError):
    """Refused for now; the client may retry after `retry_after` seconds."""

    def __init__(self, detail: str, *, retry_after: int, code: str | None = None) -> None:
        super().__init__(detail, code=code)
        self.retry_after = retry_after


class RateLimitedError(RetryLaterError):
    """Too many attempts, or too much held at once, by one client."""

    code = "rate_limited"


class OverCapacityError(RetryLaterError):
    """This server is at a limit it keeps for everyone; another replica, or later, may serve."""

    code = "over_capacity"


class InvalidInputError(DomainError):
    """A value is well-formed but not acceptable; `field` names the input that is wrong."""

    code = "invalid_input"

    def __init__(self, detail: str, *, field: str) -> None:
        super().__init__(detail)
        self.field = field
