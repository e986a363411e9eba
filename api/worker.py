"""The gunicorn worker of the API: the server's own errors answered as problem+json.

gunicorn answers what it refuses before the app sees a request (a request line
or headers over its limits, a malformed chunk, a bad header) and a request
whose worker timed out with a small HTML page. This worker writes the same
problem+json document as the app instead, with the status the app documents:
414 for a request line over ``limit_request_line``, 431 for headers over
``limit_request_fields`` / ``limit_request_field_size``, 400 for anything
malformed, and 503 for a request stopped by the worker timeout.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from gunicorn import util
from gunicorn.http import errors as http
from gunicorn.workers.sync import SyncWorker

from api.errors import PROBLEM, problem_body

REASONS = {
    400: "Bad Request",
    403: "Forbidden",
    414: "URI Too Long",
    417: "Expectation Failed",
    431: "Request Header Fields Too Large",
    500: "Internal Server Error",
    503: "Service Unavailable",
}


def classify(exc: BaseException, timeout: int) -> tuple[int, str, str | None]:
    """``(status, detail, kind)`` of what gunicorn raised for a request."""
    if isinstance(exc, SystemExit):  # the arbiter's abort of a worker that timed out
        return (
            503,
            f"The request took longer than the server allows ({timeout} s) and was stopped. "
            "A write may or may not have been recorded: send it again with the same "
            "Idempotency-Key, which records it at most once.",
            "timeout",
        )
    if isinstance(exc, http.LimitRequestLine):
        return 414, f"The request line is too long: {exc}. Send shorter query strings.", None
    if isinstance(exc, http.LimitRequestHeaders):
        return 431, f"The request headers are too large or too many: {exc}.", None
    if isinstance(exc, http.ExpectationFailed):
        return 417, f"{exc}.", None
    if isinstance(exc, http.ForbiddenProxyRequest):
        return 403, "Proxy headers are not accepted from this address.", None
    if isinstance(exc, http.ConfigurationProblem):
        return 500, "The server is misconfigured.", None
    if isinstance(exc, http.ParseException | http.NoMoreData | UnicodeError | ValueError):
        return (
            400,
            f"The request is not valid HTTP/1.1: {str(exc)[:200] or type(exc).__name__}.",
            None,
        )
    return 500, "An unexpected error occurred in the server; it was logged.", None


def response_bytes(status: int, detail: str, kind: str | None) -> bytes:
    request_id = uuid.uuid4().hex
    body = json.dumps(problem_body(status, detail, request_id, kind=kind)).encode()
    head = (
        f"HTTP/1.1 {status} {REASONS.get(status, 'Error')}\r\n"
        "Connection: close\r\n"
        f"Content-Type: {PROBLEM}\r\n"
        f"Content-Length: {len(body)}\r\n"
        f"X-Request-ID: {request_id}\r\n"
        "X-Content-Type-Options: nosniff\r\n"
        "Cache-Control: no-store\r\n"
        "\r\n"
    )
    return head.encode("latin-1") + body


class ProblemWorker(SyncWorker):  # type: ignore[misc]
    """gunicorn's sync worker, answering its own errors in the API's one error shape."""

    def handle_error(self, req: Any, client: Any, addr: Any, exc: BaseException) -> None:
        status, detail, kind = classify(exc, int(self.timeout))
        ip = (addr or ("", -1))[0]
        if status >= 500 and kind != "timeout":
            self.log.exception("Error handling request from %s", ip)
        else:
            self.log.warning("Refused request from ip=%s: %s %s", ip, status, exc)
        try:
            util.write_nonblock(client, response_bytes(status, detail, kind))
        except Exception:
            self.log.debug("Failed to send error message.")
