"""The clerk's desk: a letter in, its plan checked against its text, corrected, recorded.

Pages under ``/desk`` in the same app and templates as the public pages,
behind a sign-in with an API token (``clerk``): a ``reader`` token sees the
plans but cannot record. Every form carries a CSRF token (Flask-WTF); a form
posted without it is refused and records nothing. ``blp`` is nested in the
pages' blueprint, so it shares their headers, languages and error pages.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Flask, g, redirect, render_template, request, url_for
from flask.blueprints import BlueprintSetupState
from flask_wtf.csrf import CSRFError, CSRFProtect, generate_csrf
from werkzeug import Response

from api.pages.desk import clerk
from api.pages.i18n import _

blp = Blueprint("desk", __name__, url_prefix="/desk")
csrf = CSRFProtect()
SAFE = frozenset({"GET", "HEAD", "OPTIONS"})
#: Pages that need no clerk: the sign-in itself.
OPEN = frozenset({"pages.desk.sign_in", "pages.desk.sign_in_post"})


def _setup(state: BlueprintSetupState) -> None:
    app = state.app
    assert isinstance(app, Flask)
    clerk.install(app, services_config(app))
    csrf.init_app(app)


def services_config(app: Flask) -> Any:
    return app.extensions["gcm"].config


blp.record_once(_setup)


@blp.before_request
def _guard() -> Response | tuple[str, int] | None:
    """CSRF on every form, then who is at the desk (``g.clerk``)."""
    if request.method not in SAFE:
        csrf.protect()
    g.clerk, why = clerk.current()
    if g.clerk is not None:
        g.token = g.clerk.token  # the rate limits and the logs know who it is
        return None
    if request.endpoint in OPEN:
        return None
    if why == "revoked":
        return closed(
            _("The token you signed in with was revoked, so the desk is closed to it. "
              "Nothing was recorded. Sign in again with a valid token.")
        )  # fmt: skip
    if why == "expired":
        return closed(_("Your session ended after a time without use. Nothing was recorded. "
                        "Sign in again."))  # fmt: skip
    if request.method in SAFE:
        return redirect(url_for("pages.desk.sign_in"), 303)
    return closed(_("Sign in to use the desk. Nothing was recorded."))


def closed(detail: str) -> tuple[str, int]:
    return render_template("desk/closed.html", detail=detail), 401


def refused(detail: str) -> tuple[str, int]:
    """A reader's attempt to record: 403, nothing recorded."""
    page = render_template("desk/closed.html", detail=detail, forbidden=True)
    return page, 403


@blp.errorhandler(CSRFError)
def _csrf(error: CSRFError) -> tuple[str, int]:
    page = render_template(
        "desk/closed.html",
        detail=_(
            "This form has expired or did not come from the desk (its security token "
            "is missing or wrong). Nothing was recorded. Open the form again."
        ),
        forbidden=True,
    )
    return page, 400


@blp.app_context_processor
def _desk() -> dict[str, Any]:
    return {
        "csrf_token": generate_csrf,
        "desk_clerk": lambda: g.get("clerk"),
        "command_words": commands(),
        "part_words": parts(),
    }


def commands() -> dict[str, str]:
    """What each command is called on the desk."""
    return {
        "open_process": _("open the process"),
        "appoint_facilitator": _("appoint a co-facilitator"),
        "issue_letter": _("issue the letter"),
        "schedule_session": _("schedule a session"),
        "reschedule_session": _("reschedule"),
        "change_venue": _("change the room"),
        "postpone_session": _("postpone"),
        "cancel_session": _("cancel"),
        "mark_held": _("mark as held"),
        "circulate_draft": _("circulate a draft"),
        "present_draft": _("present a draft"),
    }


def parts() -> dict[str, str]:
    """The fields of the desk's forms."""
    return {
        "slug": _("Slug"),
        "kind": _("Kind"),
        "number": _("Number"),
        "title": _("Title"),
        "venue": _("Room"),
        "dates": _("Only on these dates (empty: every day)"),
        "reason": _("Reason"),
        "mandate": _("Mandate"),
        "note": _("Note"),
        "circulated_on": _("Circulated on"),
        "presented_on": _("Presented on"),
        "session": _("Session"),
        "announced_on": _("Announced on"),
        "date": _("Date"),
        "start": _("Start"),
        "end": _("End"),
    }


# The routes register themselves on ``blp`` when imported.
from api.pages.desk import direct, letters, signin  # noqa: E402

__all__ = ["blp", "direct", "letters", "signin"]
