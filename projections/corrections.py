"""The change log and histories as the views give them, with the corrections told.

An event marked as recorded in error stays in the change log and the history,
with ``in_error``: the correction that marked it (its version, who recorded it,
when, and why). A correction itself carries ``corrects`` (the versions it
marks) and its ``reason``. Other entries have ``in_error`` None.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlite_utils import Database

from gcm_process.domain.session_state import BY_TOPIC, CORRECTED, in_error
from projections.session_rows import event_data_from

CORRECTED_NAME = BY_TOPIC[CORRECTED].name


def mark(
    db: Database, process_key: int, entries: Iterable[dict[str, Any]], slug: str | None = None
) -> list[dict[str, Any]]:
    """``entries`` (each with ``version`` and, unless ``slug`` names it, ``session``) told."""
    cursor = db.execute(
        "SELECT x.slug, e.version, e.actor, e.recorded_at, e.data FROM session_events e "
        "JOIN sessions x ON x.key = e.session_key "
        # The event named as the partial index on corrections names it (schema 006).
        f"WHERE e.process_key = ? AND e.event = '{CORRECTED_NAME}' AND (? IS NULL OR x.slug = ?)",
        (process_key, slug, slug),
    )
    marks: dict[tuple[str, int], dict[str, Any]] = {}
    told: dict[tuple[str, int], dict[str, Any]] = {}
    for session, version, actor, recorded_at, data in cursor:
        fields = event_data_from(data)
        versions = in_error(fields)
        told[(session, version)] = {"corrects": versions, "reason": fields["reason"]}
        correction = {
            "version": version,
            "actor": actor,
            "recorded_at": recorded_at,
            "reason": fields["reason"],
        }
        marks.update({(session, v): correction for v in versions})
    found = []
    for entry in entries:
        key = (slug or entry["session"], entry["version"])
        found.append({**entry, **told.get(key, {}), "in_error": marks.get(key)})
    return found


def of_command(db: Database, process: str, command_id: str) -> list[dict[str, Any]]:
    """The corrections one command recorded (one per session), in log order."""
    cursor = db.execute(
        "SELECT x.slug, e.version, e.data FROM session_events e "
        "JOIN sessions x ON x.key = e.session_key JOIN processes p ON p.key = e.process_key "
        "WHERE p.slug = ? AND e.command_id = ? AND e.event = ? ORDER BY e.position",
        (process, command_id, CORRECTED_NAME),
    )
    return [
        {"session": slug, "version": version, "corrects": in_error(event_data_from(data))}
        for slug, version, data in cursor
    ]


def told(entry: dict[str, Any]) -> str:
    """An entry's event in words for a table: a correction with what it marks and why, an
    entry in error with the correction that marked it."""
    name = str(entry["event"])
    if entry.get("corrects"):
        versions = ", ".join(map(str, entry["corrects"]))
        return f"{name} (version {versions} in error: {entry['reason']})"
    marked = entry.get("in_error")
    if marked:
        return f"{name} [in error: corrected by version {marked['version']}, {marked['actor']}]"
    return name
