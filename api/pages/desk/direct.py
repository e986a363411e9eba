"""Direct forms: the commands a letter does not carry well, one form each.

Every form asks for the announcement date and the source (a letter of the
process, or another document such as ``A/RES/72/244``; a correction may name
none), carries the version of what it was drawn from (``If-Match``: a change
recorded meanwhile is a conflict, and nothing is recorded) and an id of its
own, which becomes the command id: a form submitted twice records once. A form
is one entry of ``FORMS``: its command, its fields, and what it acts on.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from flask import abort, g, render_template, request

from api.pages.desk import blp, in_error, refused
from api.pages.desk.fields import Reader, count, day_rows, posted_rows, read_fields
from api.pages.i18n import _
from api.services import services
from gcm_process.domain.errors import (
    CannotCorrect,
    GcmError,
    IdempotencyConflict,
    InvalidInput,
    VersionConflict,
)
from gcm_process.domain.values import SessionKind
from projections import corrections, queries

Page = tuple[str, int]
On = Literal["process", "session", "draft", "letter"]
#: Where the forms of each kind are, under ``/desk``.
PATHS: dict[On, str] = {
    "process": "/processes/<process>/<action>",
    "session": "/processes/<process>/sessions/<target>/<action>",
    "draft": "/processes/<process>/drafts/<target>/<action>",
    "letter": "/processes/<process>/letters/<target>/<action>",
}
#: The command's argument that names what the form acts on.
NAMED_BY: dict[On, str] = {"session": "slug", "draft": "slug", "letter": "letter"}


@dataclass(frozen=True)
class DirectForm:
    action: str
    command: str
    fields: tuple[str, ...]
    on: On
    label: Callable[[], str]
    #: Texts that must not be empty.
    required: tuple[str, ...] = ()
    #: Whether the form must say where the fact comes from (a correction need not).
    sourced: bool = True
    #: The field at which the record's refusal is shown: its checks of that field
    #: come after the desk's checks of the others.
    refused_at: str | None = None

    @property
    def corrects(self) -> bool:
        return self.command in ("correct_session", "correct_letter")


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
        DirectForm("correct", "correct_session", ("versions", "reason"), "session",
                   lambda: _("Mark as recorded in error"), required=("reason",), sourced=False,
                   refused_at="versions"),
        DirectForm("circulate", "circulate_draft", ("slug", "title", "circulated_on", "note"),
                   "process", lambda: _("Circulate a draft")),
        DirectForm("present", "present_draft", ("session", "presented_on"), "draft",
                   lambda: _("Present at a session")),
        DirectForm("undo", "correct_letter", ("reason",), "letter",
                   lambda: _("Undo its import (recorded in error)"), required=("reason",),
                   sourced=False),
    )
}  # fmt: skip


@blp.get("/processes/<process>")
def process_desk(process: str) -> str:
    db = services().db
    return render_template("desk/process.html", process=queries.process(db, process),
                           sessions=queries.sessions(db, process), forms=FORMS,
                           drafts=queries.drafts(db, process),
                           letters=queries.letters(db, process))  # fmt: skip


def _form(action: str, on: str) -> DirectForm:
    found = FORMS.get(action)
    if found is None or found.on != on:
        abort(404)
    return found


def _target(form: DirectForm, process: str, slug: str | None) -> dict[str, Any] | None:
    """What the form acts on, as the views hold it now (its version)."""
    db = services().db
    if form.on == "session":
        session = dict(queries.session(db, process, str(slug)))
        if "versions" in form.fields:
            session["history"] = in_error.session_history(db, process, str(slug))
        return session
    if form.on == "letter":
        return in_error.from_letter(db, process, str(slug))
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
    arguments = read_fields(reader, form.fields, rows, form.required)
    arguments["announced_on"] = reader.date("announced_on", _("The announcement date"))
    arguments["source"] = _source(reader, form.sourced)
    values = {
        k: reader.text(k)
        for k in (
            *form.fields,
            "announced_on",
            "source_letter",
            "source_other",
            "version",
            "form_id",
        )
        if k != "days"
    }
    values["versions"] = " ".join(request.form.getlist("versions"))
    shown = posted_rows(request.form, "", rows)
    if reader.errors:
        return _page(form, process, target, values, shown, reader.errors), 422
    if not g.clerk.may_record:
        return refused(_("A '%(role)s' token can see the desk but not record; nothing was "
                         "recorded.", role=g.clerk.token.role))  # fmt: skip
    app = services().app
    command_id = f"desk:{g.clerk.name}:{values.get('form_id') or secrets.token_urlsafe(12)}"
    if target is not None:
        arguments[NAMED_BY[form.on]] = slug
        if form.on != "letter":
            arguments["expected_version"] = count(values.get("version"))
        elif values.get("version") != target["version"] and app.served(command_id) is None:
            return _page(form, process, target, values, shown, {}, conflict=_undone()), 409
    before = app.last_position()
    try:
        receipt = getattr(app, form.command)(
            process, **arguments, actor=g.clerk.actor, command_id=command_id
        )
    except (VersionConflict, IdempotencyConflict) as error:
        now = _target(form, process, slug)
        return _page(form, process, now, values, shown, {}, conflict=str(error)), 409
    except GcmError as error:
        if form.refused_at and isinstance(error, CannotCorrect | InvalidInput):
            errors = {form.refused_at: str(error)}
            return _page(form, process, target, values, shown, errors), 422
        return _page(form, process, target, values, shown, {}, refusal=str(error)), 422
    services().after_write()
    db = services().db
    page = render_template(
        "desk/done.html", form=form, receipt=receipt, before=before,
        process=queries.process(db, process), slug=arguments.get("slug"),
        session=arguments.get("session"), letter=arguments.get("letter"),
        marked=corrections.of_command(db, process, receipt.command_id) if form.corrects else [],
    )  # fmt: skip
    return page, 200


def _undone() -> str:
    return _("Since this form was drawn, what the record holds from this letter changed. "
             "Nothing was recorded; here is what it would mark now. Check it again.")  # fmt: skip


def _source(reader: Reader, required: bool) -> str | None:
    letter, other = reader.text("source_letter"), reader.text("source_other")
    if (letter and other) or (required and not (letter or other)):
        reader.errors["source"] = _("Choose the letter it comes from, or name another document "
                                    "(one of the two).")  # fmt: skip
        return None
    return letter or reader.optional("source_other", _("A document"), max_length=200)


def _routes(on: On) -> None:
    """The form of each action on one kind of thing: shown (GET) and submitted (POST)."""

    def show(process: str, action: str, target: str | None = None) -> str:
        return _show(action, on, process, target)

    def submit(process: str, action: str, target: str | None = None) -> Page:
        return _submit(action, on, process, target)

    blp.add_url_rule(PATHS[on], f"on_{on}", show, methods=["GET"])
    blp.add_url_rule(PATHS[on], f"on_{on}_post", submit, methods=["POST"])


for _on in PATHS:
    _routes(_on)
