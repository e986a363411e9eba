"""The plan as the clerk corrects it: each planned item changed, dropped or kept, and the
items the reader missed, added; each bad value kept as an error of its field.

Every item's command id is the importer's id for it followed by
``/desk-<submission>`` (left as planned) or ``/corrected-<submission>``
(changed), where the submission is a digest of the plan drawn and of
everything the form says; an item added is the letter's
``import/...@<digest>/added-`` and a digest of what it says. So the record
notes, in every event's command id, that the clerk corrected the plan (the
letter stays the source, the clerk is the actor), and the same form,
submitted twice or reloaded, records once. The items of a letter whose date
the clerk gave (``dating``) are the clerk's correction too.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from api.pages.desk.fields import Reader, count, day_row, day_rows, posted_rows, read_fields
from api.pages.i18n import _
from gcm_process.jsonable import to_jsonable
from gcm_process.letters import ImportPlan, ParsedLetter, PlannedCommand
from gcm_process.letters.plan import bounded_id, item_id

#: What the clerk may change in each kind of planned command.
EDITABLE: dict[str, tuple[str, ...]] = {
    "schedule_session": ("slug", "kind", "number", "title", "days"),
    "reschedule_session": ("days",),
    "change_venue": ("venue", "dates"),
    "postpone_session": ("reason",),
    "cancel_session": ("reason",),
    "mark_held": ("reason",),
    "open_process": ("title", "mandate"),
    "circulate_draft": ("title", "circulated_on"),
    "present_draft": ("session", "presented_on"),
}
#: What the rest of the plan stands on: the letters themselves and the process.
KEPT = frozenset({"issue_letter", "open_process"})
CORRECTED = "/corrected-"
AS_PLANNED = "/desk-"
ADDED = "/added-"
MAX_ADDED = 20


@dataclass
class Item:
    key: str
    name: str
    letter: str | None
    description: str
    planned_id: str
    arguments: dict[str, Any]
    values: dict[str, str]
    days: list[dict[str, str]] = field(default_factory=list)
    keep: bool = True
    already: bool = False
    added: bool = False
    errors: dict[str, str] = field(default_factory=dict)
    lines: list[int] = field(default_factory=list)

    @property
    def fields(self) -> tuple[str, ...]:
        return () if self.already else EDITABLE.get(self.name, ())

    @property
    def droppable(self) -> bool:
        return not self.already and not self.added and self.name not in KEPT

    @property
    def corrected(self) -> bool:
        return self.added or self.dated_at_desk or self.arguments != self.planned

    @property
    def command_id(self) -> str:
        if self.added:
            return self.planned_id + _digest(self.name, self.arguments)
        return desk_id(self.planned_id, self.corrected, self.submission)

    planned: dict[str, Any] = field(default_factory=dict)
    submission: str = ""
    #: Its letter's date, which the reader could not read, was given by the clerk.
    dated_at_desk: bool = False


def desk_id(planned_id: str, corrected: bool, submission: str) -> str:
    """The command id of a planned item recorded from the desk."""
    return bounded_id(f"{planned_id}{CORRECTED if corrected else AS_PLANNED}{submission}")


def submission(drawn_from: str, form: Mapping[str, str]) -> str:
    """What one submission of the plan's form says: the plan drawn and every field but CSRF's."""
    said = sorted((k, v) for k, v in form.items() if k not in ("csrf_token", "action"))
    text = json.dumps([drawn_from, said])
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _digest(name: str, arguments: Mapping[str, Any]) -> str:
    text = json.dumps([name, to_jsonable(dict(arguments))], sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def values_of(arguments: Mapping[str, Any]) -> dict[str, str]:
    """A command's arguments as the strings of its form fields."""
    found: dict[str, str] = {}
    for name, value in arguments.items():
        if value is None:
            found[name] = ""
        elif isinstance(value, list | tuple) and name == "dates":
            found[name] = ", ".join(d.isoformat() for d in value)
        elif hasattr(value, "isoformat"):
            found[name] = value.isoformat()
        elif isinstance(value, str | int):
            found[name] = str(value)
    return found


def planned_items(plan: ImportPlan, dated: Collection[str] = ()) -> list[Item]:
    """The plan as the importer made it, item by item; ``dated`` names the letters whose
    date the clerk gave."""
    return [_item(f"c{i}", command, dated) for i, command in enumerate(plan.commands)]


def _item(key: str, command: PlannedCommand, dated: Collection[str]) -> Item:
    days = command.arguments.get("days") or []
    return Item(
        key, command.name, command.letter, command.description, command.command_id,
        dict(command.arguments), values_of(command.arguments), day_rows([day_row(d) for d in days]),
        already=command.already_recorded, planned=dict(command.arguments),
        dated_at_desk=command.letter in dated,
    )  # fmt: skip


def corrected_items(
    plan: ImportPlan, form: Mapping[str, str], drawn_from: str, dated: Collection[str] = ()
) -> list[Item]:
    """The plan as the form corrects it: posted values read with the domain's checks."""
    items = []
    said = submission(drawn_from, form)
    for item in planned_items(plan, dated):
        item.submission = said
        if item.already:
            items.append(item)
            continue
        item.keep = not item.droppable or form.get(f"{item.key}-keep") == "on"
        _read(item, form)
        items.append(item)
    letters = {letter.slug: letter for letter in plan.letters}
    for k in range(min(count(form.get("added")), MAX_ADDED) + 1):
        added = _added(plan, letters, f"a{k}", form)
        if added is not None:
            items.append(added)
    return items


def _read(item: Item, form: Mapping[str, str]) -> None:
    reader = Reader(form, f"{item.key}-")
    item.values = {**item.values, **{n: reader.text(n) for n in item.fields if n != "days"}}
    rows = count(form.get(f"{item.key}-rows")) or len(item.days)
    if "days" in item.fields:
        item.days = posted_rows(form, item.key + "-", rows)
    changed = read_fields(reader, item.fields, rows)
    item.errors = {k.removeprefix(reader.prefix): v for k, v in reader.errors.items()}
    if not item.errors and item.keep:
        item.arguments = {**item.arguments, **changed}


def _added(
    plan: ImportPlan, letters: Mapping[str, ParsedLetter], key: str, form: Mapping[str, str]
) -> Item | None:
    reader = Reader(form, f"{key}-")
    rows = count(form.get(f"{key}-rows")) or 1
    named = ("slug", "title", "number")
    blank = not any(reader.text(n) for n in named) and not any(
        reader.text(f"day-{j}-{p}") for j in range(rows) for p in ("date", "start", "end", "venue")
    )
    if blank or not plan.letters:
        return None
    letter = letters.get(reader.text("letter")) or plan.letters[0]
    arguments: dict[str, Any] = {
        "process": plan.process,
        "slug": reader.slug("slug", _("A session slug")),
        "kind": reader.kind("kind"),
        "title": reader.required("title", _("A session title")),
        "days": reader.days(rows),
        "number": reader.number("number"),
        "announced_on": letter.dated,
        "source": letter.slug,
    }
    values = {n: reader.text(n) for n in (*named, "kind")} | {"letter": letter.slug}
    return Item(
        key, "schedule_session", letter.slug, _("a session the reader missed"),
        item_id(plan.process, letter, ADDED.lstrip("/")), arguments, values,
        posted_rows(form, f"{key}-", rows), added=True,
        errors={k.removeprefix(reader.prefix): v for k, v in reader.errors.items()},
    )  # fmt: skip
