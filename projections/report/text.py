"""The report as Markdown (people, pull requests), CSV (the change log) and JSON (machines).

Each renderer writes to a text stream as it goes, so the change log is never
held whole in memory.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Sequence
from typing import Any, TextIO

from gcm_process.domain import Person
from gcm_process.jsonable import to_jsonable
from projections.report.model import Change, Report

SCHEDULE_HEADERS = ("Session", "Kind", "Status", "Date", "Time", "Venue")
DRAFT_HEADERS = ("Draft", "Title", "Circulated", "Presented at", "Source")
LETTER_HEADERS = ("Date", "Letter", "Subject", "From", "Reference", "Encloses")
CHANGE_HEADERS = (
    "#",
    "Session",
    "What",
    "Before",
    "After",
    "Announced",
    "Recorded at (UTC)",
    "Recorded by",
    "Source",
)
CSV_HEADERS = (
    "position",
    "session",
    "event",
    "what",
    "before",
    "after",
    "announced_on",
    "recorded_at",
    "actor",
    "source",
    "command_id",
)


def person(p: Person) -> str:
    return ", ".join(x for x in (p.name, p.title, p.delegation) if x)


def schedule_rows(report: Report) -> Iterable[tuple[str, ...]]:
    """One row per session day, in timeline order."""
    for s in report.sessions:
        kind = s.kind.replace("_", " ") + (f" {s.number}" if s.number else "")
        for i, d in enumerate(s.days, 1):
            label = s.title if len(s.days) == 1 else f"{s.title} (day {i} of {len(s.days)})"
            times = d.start or ""
            if d.end is not None:
                times += f"-{d.end}"
            yield (label, kind, s.status, d.date, times, d.venue or "")


def change_cells(c: Change) -> tuple[str, ...]:
    return (
        str(c.position),
        c.session,
        c.what,
        c.before,
        c.after,
        c.announced_on.isoformat(),
        c.recorded_at.strftime("%Y-%m-%d %H:%M:%S"),
        c.actor,
        c.source or "",
    )


def draft_cells(report: Report) -> Iterable[tuple[str, ...]]:
    for d in report.drafts:
        where = ", ".join(s + (f" ({on.isoformat()})" if on else "") for s, on in d.presentations)
        circulated = d.circulated_on.isoformat() if d.circulated_on else ""
        yield (d.slug, d.title, circulated, where, d.source or "")


def letter_cells(report: Report) -> Iterable[tuple[str, ...]]:
    for x in report.letters:
        yield (
            x.dated.isoformat(),
            x.slug,
            x.subject,
            "; ".join(person(p) for p in x.senders),
            x.reference or "",
            ", ".join(x.encloses),
        )


# -- Markdown -----------------------------------------------------------------


def about(report: Report) -> list[tuple[str, str]]:
    """The process's facts as the report heads them: title, mandate, when it was opened."""
    p = report.process
    facts = [("Title", p.title), ("Mandate", p.mandate or "not recorded")]
    return facts if p.opened_on is None else [*facts, ("Opened", p.opened_on.isoformat())]


def tables(report: Report) -> list[tuple[str, Sequence[str], Iterable[tuple[str, ...]]]]:
    """The report's tables, in order: each its heading, its headers and its rows."""
    since = f", announced since {report.since.isoformat()}" if report.since else ""
    return [
        (f"Schedule ({len(report.sessions)} sessions)", SCHEDULE_HEADERS, schedule_rows(report)),
        (
            f"Changes ({len(report.changes)}{since})",
            CHANGE_HEADERS,
            (change_cells(c) for c in report.changes),
        ),
        (f"Drafts ({len(report.drafts)})", DRAFT_HEADERS, draft_cells(report)),
        (f"Letters ({len(report.letters)})", LETTER_HEADERS, letter_cells(report)),
    ]


def _md_cell(value: str) -> str:
    return value.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _md_table(out: TextIO, headers: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    out.write("| " + " | ".join(headers) + " |\n")
    out.write("|" + "|".join("---" for _ in headers) + "|\n")
    for row in rows:
        out.write("| " + " | ".join(_md_cell(c) for c in row) + " |\n")
    out.write("\n")


def render_md(report: Report, out: TextIO) -> None:
    p = report.process
    out.write(f"# {p.title}\n\n")
    last = report.last_recorded
    recorded = "" if last is None else f" (history recorded up to {last.isoformat()})"
    out.write(f"Report of the process `{p.slug}` {report.point}, replayed from the event log")
    out.write(f"{recorded}.\n\n")
    if report.fingerprint is not None:
        out.write(f"Record fingerprint: `{report.fingerprint}`.\n\n")
    out.write("## The process\n\n")
    for label, value in about(report):
        out.write(f"- **{label}:** {value}\n")
    out.write("- **Co-facilitators:**" + ("" if p.facilitators else " none recorded") + "\n")
    for f in p.facilitators:
        out.write(f"  - {person(f)}\n")
    out.write("\n")
    for heading, headers, rows in tables(report):
        out.write(f"## {heading}\n\n")
        _md_table(out, headers, rows)


# -- CSV ----------------------------------------------------------------------


def render_csv(report: Report, out: TextIO) -> None:
    """The change log, one row per change, for spreadsheets."""
    writer = csv.writer(out, lineterminator="\r\n")
    stamp = [] if report.fingerprint is None else [report.fingerprint]
    writer.writerow([*CSV_HEADERS, *(["record_fingerprint"] if stamp else [])])
    for c in report.changes:
        writer.writerow(["" if v is None else v for v in c.row()] + stamp)


# -- JSON ---------------------------------------------------------------------


def _dump(value: Any) -> str:
    return json.dumps(to_jsonable(value), ensure_ascii=False, sort_keys=True)


def render_json(report: Report, out: TextIO) -> None:
    p = report.process
    head = {
        "process": {
            "slug": p.slug,
            "title": p.title,
            "mandate": p.mandate,
            "opened_on": p.opened_on,
            "facilitators": p.facilitators,
        },
        "as_of": report.as_of,
        "known_on": report.known_on,
        "since": report.since,
        "last_recorded": report.last_recorded,
        "record_fingerprint": report.fingerprint,
        "sessions": [s.as_json() for s in report.sessions],
        "drafts": report.drafts,
        "letters": report.letters,
    }
    out.write(_dump(head)[:-1])
    out.write(', "changes": [')
    for i, c in enumerate(report.changes):
        out.write((",\n" if i else "\n") + _dump(dict(zip(CSV_HEADERS, c.row(), strict=True))))
    out.write("\n]}\n")
