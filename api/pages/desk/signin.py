"""Signing in with an API token, signing out, and the desk's first page."""

from __future__ import annotations

from flask import redirect, render_template, request, url_for
from werkzeug import Response

from api.pages.desk import blp, clerk
from api.pages.i18n import _
from api.services import services
from projections import queries

MAX_TOKEN = 200


@blp.get("/sign-in")
def sign_in() -> str:
    return render_template("desk/sign_in.html", error=None, out="out" in request.args)


@blp.post("/sign-in")
def sign_in_post() -> tuple[str, int] | Response:
    given = request.form.get("token", "").strip()[: MAX_TOKEN + 1]
    token = services().tokens.find(given) if given and len(given) <= MAX_TOKEN else None
    if token is None:
        error = (_("Give the token you were issued.") if not given else
                 _("This token is unknown or was revoked."))  # fmt: skip
        return render_template("desk/sign_in.html", error=error, out=False), 401
    clerk.sign_in(token, given)
    return redirect(url_for("pages.desk.home"), 303)


@blp.post("/sign-out")
def sign_out() -> Response:
    clerk.sign_out()
    return redirect(url_for("pages.desk.sign_in", out=1), 303)


@blp.get("")
def home() -> str:
    db = services().db
    processes = queries.processes(db)
    return render_template("desk/home.html", processes=processes)
