"""A letter in: uploaded or pasted, planned, shown beside its text, corrected, recorded."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from flask import g, render_template, request

from api.pages.desk import blp, refused
from api.pages.desk.corrections import Item, corrected_items, planned_items
from api.pages.desk.dating import Dates
from api.pages.desk.reading import SESSION_COMMANDS, beside, command_lines, outcomes
from api.pages.desk.recording import Outcome, plan_digest, record, recorded_before
from api.pages.i18n import _
from api.services import services
from gcm_process.domain.errors import GcmError
from gcm_process.domain.letter import MAX_BODY
from gcm_process.domain.values import SessionKind
from gcm_process.letters import (
    Change,
    ImportPlan,
    LettersUndated,
    Meeting,
    plan_import,
    read_letters,
)
from gcm_process.letters.inputs import letter_text
from projections import queries

Page = tuple[str, int]


def _processes() -> list[dict[str, Any]]:
    return list(queries.processes(services().db))


@blp.get("/letter")
def letter_in() -> str:
    return render_template("desk/letter_in.html", processes=_processes(), error=None,
                           chosen=request.args.get("process", ""))  # fmt: skip


def _uploaded() -> str:
    """The letter's text: the file uploaded, else the text pasted."""
    upload = request.files.get("letter")
    if upload is not None and upload.filename:
        limit = services().config.max_body_bytes
        return letter_text(upload.read(limit + 1), upload.filename, max_bytes=limit,
                           max_chars=MAX_BODY)  # fmt: skip
    pasted = request.form.get("pasted", "")
    if not pasted.strip():
        raise ValueError(_("Choose a PDF or text file, or paste the letter's text."))
    if len(pasted) > MAX_BODY:
        raise ValueError(_("The text has %(n)s characters; at most %(max)s are read at once.",
                           n=f"{len(pasted):,}", max=f"{MAX_BODY:,}"))  # fmt: skip
    return pasted


def _plan(text: str, dates: Mapping[int, date] | None = None) -> ImportPlan:
    """The plan of the text; when no letter of it has a date that can be read, an empty plan
    that lists them, so that the clerk gives their dates."""
    process = request.form.get("process", "").strip() or None
    title = request.form.get("title", "").strip() or None
    try:
        bundle = read_letters(text, dates=dates)
    except LettersUndated as error:
        return ImportPlan(process or "", False, (), (), (), unreadable=error.undated)
    return plan_import(services().app, bundle, process, title=title)


@blp.post("/letter")
def letter_in_post() -> Page:
    chosen = request.form.get("process", "")
    try:
        text = _uploaded()
        plan = _plan(text)
    except (GcmError, ValueError) as error:
        page = render_template("desk/letter_in.html", processes=_processes(), error=str(error),
                               chosen=chosen)  # fmt: skip
        return page, 422
    return _plan_page(text, plan, planned_items(plan), plan_digest(plan), Dates()), 200


@blp.post("/letter/plan")
def plan() -> Page:
    """Check the corrections (``action=check``), or record the corrected plan."""
    text = request.form.get("text", "")
    drawn_from = request.form.get("plan", "")
    form = request.form
    recording = form.get("action") == "record"
    if recording and not g.clerk.may_record:
        return refused(_("A '%(role)s' token can see the desk's plans but not record them; "
                         "nothing was recorded.", role=g.clerk.token.role))  # fmt: skip
    app = services().app
    before = app.last_position()
    if recording:
        again = recorded_before(app, form, drawn_from)
        if again:
            outcome = Outcome([(None, r) for r in again])
            return _recorded(form.get("planned_process", ""), outcome, before), 200
    dates = Dates.read(form)
    try:
        plan = _plan(text, dates.given)
    except GcmError as error:
        page = render_template("desk/letter_in.html", processes=_processes(), error=str(error),
                               chosen="")  # fmt: skip
        return page, 422
    current = plan_digest(plan)
    dated = dates.letters(plan)
    if dates.errors:
        return _plan_page(text, plan, planned_items(plan, dated), current, dates), 422
    if form.get("title", "") != form.get("drawn_title", "") or dates.redrawn(form):
        return _plan_page(text, plan, planned_items(plan, dated), current, dates), 200
    if current != drawn_from:
        return _plan_page(text, plan, planned_items(plan, dated), current, dates,
                          conflict=_conflict()), 409  # fmt: skip
    items = corrected_items(plan, form, drawn_from, dated)
    wrong = [i for i in items if i.errors and (i.keep or i.added)]
    if not recording or wrong:
        return _plan_page(text, plan, items, drawn_from, dates), 422 if wrong else 200
    why = plan.refusal(form.get("accept_partial") == "on") if plan.letters else _undated()
    if why is not None:
        return _plan_page(text, plan, items, drawn_from, dates, problem=why), 422
    outcome = record(app, items, g.clerk.actor)
    services().after_write()
    return _recorded(plan.process, outcome, before), 422 if outcome.refused else 200


def _untitled() -> str:
    return _("The process is new and the letters do not give its title: give it in the "
             "plan, then check. Nothing was recorded.")  # fmt: skip


def _undated() -> str:
    return _("No letter of the text has a date that can be read: give each letter's date "
             "beside it, then check. Nothing was recorded.")  # fmt: skip


def _conflict() -> str:
    return _("Since this plan was drawn, somebody recorded something that changes it. "
             "Nothing was recorded; here is the plan against the record as it is now, "
             "and the sessions it touches as they now stand. Check it again.")  # fmt: skip


def _plan_page(
    text: str,
    plan: ImportPlan,
    items: list[Item],
    digest: str,
    dates: Dates,
    *,
    conflict: str | None = None,
    problem: str | None = None,
) -> str:
    letters = {letter.slug: letter for letter in plan.letters}
    for k, item in enumerate(i for i in items if i.added):
        item.key = f"a{k}"
    for i, item in enumerate(items):
        if i < len(plan.commands) and not item.added:
            item.lines = command_lines(letters.get(item.letter or ""), plan.commands[i])
    lines = beside(text, plan, {i.key: i.lines for i in items})
    return render_template(
        "desk/plan.html",
        plan=plan,
        items=items,
        added=sum(i.added for i in items),
        lines=lines,
        outcomes=outcomes(plan),
        text=text,
        digest=digest,
        conflict=conflict,
        problem=problem
        or (_untitled() if plan.problems else None)
        or (None if plan.letters else _undated()),
        dates=dates,
        touched=_touched(plan) if conflict else [],
        kinds=[k.value for k in SessionKind],
        title=request.form.get("title", ""),
        chosen=request.form.get("process", ""),
    )


def _touched(plan: ImportPlan) -> list[dict[str, Any]]:
    """The sessions the plan acts on, as the record now holds them."""
    named = [c.arguments.get("slug") for c in plan.commands if c.name in SESSION_COMMANDS]
    named += [f.ref.slug() for letter in plan.letters for f in letter.facts
              if isinstance(f, Meeting | Change)]  # fmt: skip
    found = []
    for slug in dict.fromkeys(s for s in named if s):
        try:
            found.append(queries.session(services().db, plan.process, str(slug)))
        except GcmError:
            continue
    return found


def _recorded(process: str, outcome: Outcome, before: int) -> str:
    return render_template("desk/recorded.html", process_slug=process, outcome=outcome,
                           before=before)  # fmt: skip
