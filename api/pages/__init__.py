"""Pages for people: the schedule, how it moved, what changed, and where each fact came from.

Server-rendered with Jinja2 (``api/templates``), usable without JavaScript,
styled by ``api/static``, at the API's paths without ``/api``. They read the
views through ``projections`` as the API does. Registered by ``create_app``
next to the API docs; ``blp`` brings Flask-Babel with it.
"""

from __future__ import annotations

from flask import Blueprint, Flask, Response, request
from flask.blueprints import BlueprintSetupState

from api.pages import i18n

#: Pages may submit their own (GET) forms and load their stylesheet; nothing else.
CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; script-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)

blp = Blueprint("pages", __name__)


def _setup(state: BlueprintSetupState) -> None:
    app = state.app
    assert isinstance(app, Flask)
    i18n.init(app)


blp.record_once(_setup)


@blp.after_request
def _headers(response: Response) -> Response:
    if response.mimetype == "text/html":
        response.headers["Content-Security-Policy"] = CSP
        response.headers["Content-Language"] = i18n.language()
        response.vary.add("Accept-Language")
        response.vary.add("Cookie")
    asked = request.args.get("lang")
    if asked in i18n.LANGUAGES:
        response.set_cookie(
            i18n.COOKIE, asked, max_age=365 * 24 * 3600, samesite="Lax", httponly=True
        )
    return response


# The routes register themselves on ``blp`` when imported.
from api.pages import desk, errors, history, letters, schedule  # noqa: E402

blp.register_blueprint(desk.blp)

__all__ = ["blp", "desk", "errors", "history", "letters", "schedule"]
