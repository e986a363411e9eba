"""Bad input on a page is a page: unknown things are a 404 page with a link home.

The statuses are the API's (``api.errors.status_of``); only the
representation differs, HTML for a person instead of problem+json. An
impossible date in a picker is answered by the page itself, with the error
beside the picker (see ``point``).
"""

from __future__ import annotations

import logging

from flask import g, render_template, request
from werkzeug.exceptions import HTTPException

from api.errors import status_of
from api.pages import blp
from api.pages.i18n import _
from gcm_process.domain.errors import (
    GcmError,
    LetterNotFound,
    ProcessNotFound,
    SessionNotFound,
)

log = logging.getLogger("gcm_process.api")


def error_page(status: int, detail: str) -> tuple[str, int]:
    heading = {404: _("Not found"), 500: _("Something went wrong")}.get(
        status, _("This cannot be shown")
    )
    return render_template("error.html", status=status, heading=heading, detail=detail), status


@blp.errorhandler(GcmError)
def _domain(error: GcmError) -> tuple[str, int]:
    status, _kind = status_of(error)
    named = request.view_args or {}
    if isinstance(error, ProcessNotFound):
        detail = _("The record holds no process “%(process)s”.", process=named.get("process"))
    elif isinstance(error, SessionNotFound):
        detail = _("Process “%(process)s” has no session “%(session)s”.",
                   process=named.get("process"), session=named.get("session"))  # fmt: skip
    elif isinstance(error, LetterNotFound):
        detail = _("Process “%(process)s” has no letter “%(letter)s”.",
                   process=named.get("process"), letter=named.get("letter"))  # fmt: skip
    else:
        detail = str(error)
    return error_page(status, detail)


@blp.errorhandler(HTTPException)
def _http(error: HTTPException) -> tuple[str, int]:
    return error_page(error.code or 500, error.description or "")


@blp.errorhandler(Exception)
def _unexpected(error: Exception) -> tuple[str, int]:
    request_id = g.get("request_id", "")
    log.exception("unexpected error in %s %s [request %s]", request.method, request.path,
                  request_id)  # fmt: skip
    return error_page(500, _("Something went wrong on our side; it was logged as request "
                             "%(id)s. Nothing was changed.", id=request_id))  # fmt: skip
