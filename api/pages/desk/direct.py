"""Direct forms: the commands a letter does not carry well, one form each.

Every form asks for the announcement date and the source (a letter of the
process, or another document such as ``A/RES/72/244``), carries the version
of what it was drawn from (``If-Match``: a change recorded meanwhile is a
conflict, and nothing is recorded) and an id of its own, which becomes the
command id: a form submitted twice records once. A form is one entry of
``FORMS``: its command, its fields, and what it acts on.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from flask import abort, g, render_template, request

from api.pages.desk import blp, refused
from api.pages.desk.fields import Reader, count, day_rows, posted_rows, read_fields
from api.pages.i18n import _
from api.services import services
from gcm_process.domain.errors import GcmError, IdempotencyConflict, VersionConflict
from gcm_process.domain.values import SessionKind
from projections import queries

Page = tuple[str, int]
ON_SESSION = "/processes/<process>/sessions/<session>/<action>"
ON_DRAFT = "/processes/<process>/drafts/<draft>/<action>"
ON_PROCESS = "/processes/<process>/<action>"


@dataclass(frozen=True)
class DirectForm:
    action: str
    command: str
    fields: tuple[str, ...]
    on: Literal["process", "session", "draft"]
    label: Callable[[], str]


FORMS = {
    f.action: f
    for f in (
        DirectForm("schedule", "schedule_session", ("slug", "kind", "number", "title", "days"),
                   "process", lambda: _("Schedule a session")),
        DirectForm("reschedule", "reschedule_session", ("days", "reason"), "session",
                   lambda: _("Reschedule")),
        DirectForm("venue", "change_venue", ("venue", "dates"), "session",
                   lambda: _("Change the room")),
        DirectForm("postpone", "postpone_session", ("reason",), "session", lambda: _("Postpone")),
        DirectForm("cancel", "cancel_session", ("reason",), "session", lambda: _("Cancel")),
        DirectForm("held", "mark_held", ("reason",), "session", lambda: _("Mark as held")),
        DirectForm("circulate", "circulate_draft", ("slug", "title", "circulated_on", "note"),
                   "process", lambda: _("Circulate a draft")),
        DirectForm("present", "present_draft", ("session", "presented_on"), "draft",
                   lambda: _("Present at a session")),
    )
}  # fmt: skip


@blp.get("/processes/<process>")
def process_desk(process: str) -> str:
    db = services().db
    return render_template("desk/process.html", process=queries.process(db, process),
                           sessions=queries.sessions(db, process), forms=FORMS,
                           drafts=queries.drafts(db, process))  # fmt: skip


def _form(action: str, on: str) -> DirectForm:
    found = FORMS.get(action)
    if found is None or found.on != on:
        abort(404)
    return found


def _target(form: DirectForm, process: str, slug: str | None) -> dict[str, Any] | None:
    """The session or draft the form acts on, as the views hold it now (its version)."""
    db = services().db
    if form.on == "session":
        return dict(queries.session(db, process, str(slug)))
    if form.on == "draft":
        found = [d for d in queries.drafts(db, process) if d["slug"] == slug]
        if not found:
            abort(404)
        return dict(found[0])
    return None


def _values(form: DirectForm, target: dict[str, Any] | None) -> tuple[dict[str, str], list[Any]]:
    days = [] if target is None else target.get("days", [])
    rows = [{"date": d["date"], "start": d.get("start") or "", "end": d.get("end") or "",
             "venue": d.get("venue") or ""} for d in days]  # fmt: skip
    return {"form_id": secrets.token_urlsafe(12)}, day_rows(rows if "days" in form.fields else [])


def _page(form: DirectForm, process: str, target: dict[str, Any] | None, values: dict[str, str],
          rows: list[Any], errors: dict[str, str], **more: Any) -> str:  # fmt: skip
    db = services().db
    return render_template(
        "desk/direct.html", form=form, process=queries.process(db, process), target=target,
        values=values, rows=rows, errors=errors, letters=queries.letters(db, process),
        sessions=queries.sessions(db, process), kinds=[k.value for k in SessionKind], **more,
    )  # fmt: skip


def _show(action: str, on: str, process: str, slug: str | None) -> str:
    form = _form(action, on)
    target = _target(form, process, slug)
    values, rows = _values(form, target)
    if target is not None:
        values["version"] = str(target["version"])
    return _page(form, process, target, values, rows, {})


def _submit(action: str, on: str, process: str, slug: str | None) -> Page:
    form = _form(action, on)
    target = _target(form, process, slug)
    reader = Reader(request.form)
    rows = count(request.form.get("rows"))
    arguments = read_fields(reader, form.fields, rows)
    arguments["announced_on"] = reader.date("announced_on", _("The announcement date"))
    arguments["source"] = _source(reader)
    values = {k: reader.text(k) for k in (*form.fields, "announced_on", "source_letter",
                                          "source_other", "version", "form_id") if k != "days"}
    shown = posted_rows(request.form, "", rows)
    if reader.errors:
        return _page(form, process, target, values, shown, reader.errors), 422
    if not g.clerk.may_record:
        return refused(_("A '%(role)s' token can see the desk but not record; nothing was "
                         "recorded.", role=g.clerk.token.role))  # fmt: skip
    if target is not None:
        arguments["slug"] = slug
        arguments["expected_version"] = count(values.get("version"))
    form_id = values.get("form_id") or secrets.token_urlsafe(12)
    app = services().app
    before = app.last_position()
    try:
        receipt = getattr(app, form.command)(
            process, **arguments, actor=g.clerk.name, command_id=f"desk:{g.clerk.name}:{form_id}"
        )
    except (VersionConflict, IdempotencyConflict) as error:
        now = _target(form, process, slug)
        return _page(form, process, now, values, shown, {}, conflict=str(error)), 409
    except GcmError as error:
        return _page(form, process, target, values, shown, {}, refusal=str(error)), 422
    services().after_write()
    about = queries.process(services().db, process)
    page = render_template("desk/done.html", form=form, receipt=receipt, before=before,
                           process=about, slug=arguments.get("slug"),
                           session=arguments.get("session"))  # fmt: skip
    return page, 200


def _source(reader: Reader) -> str | None:
    letter, other = reader.text("source_letter"), reader.text("source_other")
    if bool(letter) == bool(other):
        reader.errors["source"] = _("Choose the letter it comes from, or name another document "
                                    "(one of the two).")  # fmt: skip
        return None
    return letter or reader.optional("source_other", _("A document"), max_length=200)


@blp.get(ON_PROCESS)
def on_process(process: str, action: str) -> str:
    return _show(action, "process", process, None)


@blp.post(ON_PROCESS)
def on_process_post(process: str, action: str) -> Page:
    return _submit(action, "process", process, None)


@blp.get(ON_SESSION)
def on_session(process: str, session: str, action: str) -> str:
    return _show(action, "session", process, session)


@blp.post(ON_SESSION)
def on_session_post(process: str, session: str, action: str) -> Page:
    return _submit(action, "session", process, session)


@blp.get(ON_DRAFT)
def on_draft(process: str, draft: str, action: str) -> str:
    return _show(action, "draft", process, draft)


@blp.post(ON_DRAFT)
def on_draft_post(process: str, draft: str, action: str) -> Page:
    return _submit(action, "draft", process, draft)
