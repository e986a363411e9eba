"""Every error the API answers, in one JSON shape (RFC 9457 problem details).

The only place where errors become HTTP: domain errors by family, HTTP errors
raised by Flask, webargs and flask-limiter by status, and anything else as a
500 that is logged with the request id the response carries. Other modules
raise ``Problem`` (or a domain error) and let this module answer.
"""

from __future__ import annotations

import errno
import logging
import sqlite3
from collections.abc import Iterator, Mapping
from typing import Any

from eventsourcing.persistence import InterfaceError, OperationalError
from flask import Flask, Response, g, json, request
from werkzeug.exceptions import HTTPException

from gcm_process.domain.errors import (
    CannotCorrect,
    Conflict,
    GcmError,
    IdempotencyConflict,
    InvalidInput,
    NotFound,
    UnknownSource,
    VersionConflict,
)

log = logging.getLogger("gcm_process.api")

PROBLEM = "application/problem+json"

#: status -> (type, title): stable; clients may match on ``type``.
KINDS: dict[int, tuple[str, str]] = {
    400: ("malformed", "Malformed request"),
    401: ("unauthenticated", "Authentication required"),
    403: ("forbidden", "Not allowed for this token's role"),
    404: ("not-found", "Not found"),
    405: ("method-not-allowed", "Method not allowed"),
    406: ("not-acceptable", "Not acceptable"),
    409: ("conflict", "Conflicts with the record"),
    412: ("precondition-failed", "The version given in If-Match is not the current one"),
    413: ("too-large", "Request body too large"),
    414: ("uri-too-long", "Request line too long"),
    415: ("unsupported-media-type", "Unsupported media type"),
    417: ("expectation-failed", "Expectation not supported"),
    422: ("invalid", "Invalid input"),
    429: ("too-many-requests", "Too many requests"),
    431: ("headers-too-large", "Request headers too large"),
    500: ("internal", "Internal server error"),
    503: ("unavailable", "Service unavailable"),
    507: ("storage-full", "Insufficient storage"),
}
#: Seconds a client is asked to wait before writing again while the event store is away.
RETRY_AFTER_STORE = "2"
#: What the libraries say when a disk is full.
DISK_FULL = ("database or disk is full", "no space left on device", "could not extend file")
READ_ONLY = ("readonly database", "read-only file system")
#: What SQLite says when the record's file cannot be used now (for a while, or until fixed).
UNUSABLE = ("unable to open database file", "database is locked", "disk i/o error")
TYPE_PREFIX = "urn:gcm-process:problem:"


class Problem(Exception):
    """An error answered with ``status`` (and, optionally, a more precise type)."""

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        kind: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.kind = kind
        self.headers = dict(headers or {})


def problem(
    status: int,
    detail: str,
    *,
    kind: str | None = None,
    title: str | None = None,
    errors: list[dict[str, str]] | None = None,
    headers: Mapping[str, str] | None = None,
) -> Response:
    """A problem+json response; also used by the endpoints other modules add."""
    body = problem_body(status, detail, g.get("request_id", ""), kind=kind, title=title)
    if errors:
        body["errors"] = errors
    response = Response(json.dumps(body), status=status, mimetype=PROBLEM)
    response.headers.update(headers or {})
    return response


def problem_body(
    status: int, detail: str, request_id: str, *, kind: str | None = None, title: str | None = None
) -> dict[str, Any]:
    """The problem+json document, also written by the server outside any request."""
    default_kind, default_title = KINDS.get(status, ("error", "Error"))
    return {
        "type": TYPE_PREFIX + (kind or default_kind),
        "title": title or default_title,
        "status": status,
        "detail": detail,
        "request_id": request_id,
    }


def status_of(error: GcmError) -> tuple[int, str | None]:
    """The status and type of a domain error."""
    if isinstance(error, IdempotencyConflict):
        return 422, "idempotency-key-reused"
    if isinstance(error, VersionConflict):
        # The client said which version it had read: its precondition failed.
        return (412, None) if g.get("if_match") is not None else (409, "version-conflict")
    if isinstance(error, CannotCorrect):
        return 409, "cannot-correct"
    if isinstance(error, Conflict):
        return 409, None
    if isinstance(error, NotFound):
        return 404, None
    if isinstance(error, UnknownSource):
        return 422, "unknown-source"
    if isinstance(error, InvalidInput):
        return 422, None
    return 422, None


def field_errors(messages: Any, location: str, path: str = "") -> Iterator[dict[str, str]]:
    """webargs/marshmallow messages flattened: ``{"in", "field", "message"}`` each."""
    if isinstance(messages, Mapping):
        for key, value in messages.items():
            inner = f"{path}.{key}" if path else str(key)
            if key == "_schema":
                inner = path
            yield from field_errors(value, location, inner)
    elif isinstance(messages, list | tuple):
        for item in messages:
            yield from field_errors(item, location, path)
    else:
        yield {"in": location, "field": path, "message": str(messages)}


def _handle_domain(error: GcmError) -> Response:
    status, kind = status_of(error)
    return problem(status, str(error), kind=kind)


def _handle_problem(error: Problem) -> Response:
    return problem(error.status, error.detail, kind=error.kind, headers=error.headers)


def _handle_http(error: HTTPException) -> Response:
    status = error.code or 500
    headers = {}
    if error.response is not None:
        headers = {k: v for k, v in error.response.headers.items() if k.lower() == "retry-after"}
    if status == 405:
        headers["Allow"] = ", ".join(sorted(getattr(error, "valid_methods", None) or []))
    if status == 429:
        return problem(429, "Too many writes with this token; wait and retry.", headers=headers)
    data = getattr(error, "data", None) or {}
    messages = data.get("messages") if isinstance(data, dict) else None
    if messages:
        errors = [
            e
            for location, inner in messages.items()
            for e in field_errors(
                inner, {"json": "body", "querystring": "query"}.get(location, location)
            )
        ]
        detail = "Some values are not valid; see errors." if status == 422 else "Malformed request."
        return problem(status, detail, errors=errors, headers=headers)
    detail = error.description or KINDS.get(status, ("", "Error"))[1]
    if status >= 500:
        detail = KINDS[500][1] + "."
    return problem(status, detail, headers=headers)


def store_failure(error: BaseException) -> tuple[int, str, str] | None:
    """``(status, kind, detail)`` of an error of the event store or a disk, None otherwise."""
    text = str(error).lower()
    full = isinstance(error, OSError) and error.errno == errno.ENOSPC
    if full or (
        isinstance(error, OSError | sqlite3.Error | OperationalError)
        and any(words in text for words in DISK_FULL)
    ):
        return (
            507,
            "storage-full",
            ("The disk of the record is full; nothing was recorded. Retry once space is freed."),
        )
    read_only = isinstance(error, OSError) and error.errno == errno.EROFS
    if read_only or any(words in text for words in READ_ONLY):
        return (
            503,
            "store-unavailable",
            "The record's disk is read-only on this node; nothing was recorded. Reads go on.",
        )
    unusable = isinstance(error, sqlite3.OperationalError) and any(w in text for w in UNUSABLE)
    if unusable or isinstance(error, OperationalError | InterfaceError):
        return (
            503,
            "store-unavailable",
            (
                "The event store cannot be reached; nothing was recorded. Reads go on; "
                "retry the write shortly (with the same Idempotency-Key, if you sent one)."
            ),
        )
    return None


def _handle_unexpected(error: Exception) -> Response:
    failure = store_failure(error)
    if failure is not None:
        status, kind, detail = failure
        log.warning("%s %s: %s (%s)", request.method, request.path, kind, error)
        headers = {"Retry-After": RETRY_AFTER_STORE} if status == 503 else {}
        return problem(status, detail, kind=kind, headers=headers)
    request_id = g.get("request_id", "")
    log.exception(
        "unexpected error in %s %s [request %s]", request.method, request.path, request_id
    )
    return problem(
        500,
        f"An unexpected error occurred; it was logged as request {request_id}.",
    )


def register(app: Flask) -> None:
    """Install the handlers (after flask-smorest's, which they replace)."""
    app.register_error_handler(Problem, _handle_problem)
    app.register_error_handler(GcmError, _handle_domain)
    app.register_error_handler(HTTPException, _handle_http)
    app.register_error_handler(Exception, _handle_unexpected)
