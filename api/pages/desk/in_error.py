"""What the desk's corrections act on: a session's history, and what a letter's import left.

A session's correction lists every entry of its history, each with its
version, what it did, its announcement date and source, and whether it may
still be marked as recorded in error: the scheduling (version 1), a
correction, and an entry already in error are shown but not offered. A
letter's correction (its whole import undone) lists the changes to sessions
recorded from it that are not yet in error, and is drawn from them: when they
change before it is recorded, nothing is recorded (``drawn``).
"""

from __future__ import annotations

import hashlib
from typing import Any

from sqlite_utils import Database

from projections import corrections, queries
from projections.pages import events_from_letter
from projections.records import process_key


def offered(entry: dict[str, Any]) -> bool:
    """Whether a history entry may still be marked as recorded in error."""
    return entry["version"] > 1 and not entry.get("corrects") and not entry["in_error"]


def session_history(db: Database, process: str, slug: str) -> list[dict[str, Any]]:
    """The session's history, each entry told whether the desk offers it."""
    return [{**e, "offered": offered(e)} for e in queries.session_history(db, process, slug)]


def from_letter(db: Database, process: str, letter: str) -> dict[str, Any]:
    """The letter as the views hold it, with the changes to sessions recorded from it
    (``entries``) and what they are as drawn (``version``)."""
    found = dict(queries.letter(db, process, letter))
    named = [{**e, "session": e["slug"]} for e in events_from_letter(db, process, letter)]
    entries = [
        {**e, "offered": offered(e)}
        for e in corrections.mark(db, process_key(db, process), named)
        if not e.get("corrects")
    ]
    found["entries"] = entries
    found["version"] = drawn(entries)
    return found


def drawn(entries: list[dict[str, Any]]) -> str:
    """What a letter's correction would mark, in short: another correction changes it."""
    marked = [f"{e['session']}:{e['version']}" for e in entries if e["offered"]]
    return hashlib.sha256(" ".join(marked).encode()).hexdigest()[:12]
