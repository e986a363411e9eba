"""Queries on processes, letters and drafts (re-exported by ``queries``)."""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database

from gcm_process.domain.errors import InvalidInput, LetterNotFound, ProcessNotFound

_LETTER_FIELDS = (
    "slug, dated, place, senders, addressees, subject, reference, encloses, "
    "announced_on, source, recorded_at"
)
_JSON_FIELDS = ("senders", "addressees", "encloses")


def process_key(db: Database, process: str) -> int:
    found = db.execute("SELECT key FROM processes WHERE slug = ?", (process,)).fetchone()
    if found is None:
        raise ProcessNotFound(process)
    return int(found[0])


def processes(db: Database) -> list[dict[str, Any]]:
    """Every process, in the order opened, with facilitators and counts."""
    keys = [row[0] for row in db.execute("SELECT key FROM processes ORDER BY key")]
    return [_process(db, key) for key in keys]


def process(db: Database, slug: str) -> dict[str, Any]:
    return _process(db, process_key(db, slug))


def _process(db: Database, key: int) -> dict[str, Any]:
    slug, title, mandate = db.execute(
        "SELECT slug, title, mandate FROM processes WHERE key = ?", (key,)
    ).fetchone()
    facilitators = [
        {"name": name, "title": title_, "delegation": delegation}
        for name, title_, delegation in db.execute(
            "SELECT name, title, delegation FROM facilitators WHERE process_key = ? ORDER BY rowid",
            (key,),
        )
    ]
    counts = {
        table: db.execute(f"SELECT count(*) FROM {table} WHERE process_key = ?", (key,)).fetchone()[
            0
        ]
        for table in ("sessions", "drafts", "letters")
    }
    return {
        "slug": slug,
        "title": title,
        "mandate": mandate,
        "facilitators": facilitators,
        "counts": counts,
    }


def letters(db: Database, process: str, q: str | None = None) -> list[dict[str, Any]]:
    """The letters of a process by date; with ``q``, those whose subject or text match, best first.

    ``q`` is a list of words, each matched as typed (FTS operators are not
    interpreted), all of which must occur.
    """
    key = process_key(db, process)
    if q is None or not q.strip():
        cursor = db.execute(
            f"SELECT {_LETTER_FIELDS} FROM letters WHERE process_key = ? ORDER BY dated, slug",
            (key,),
        )
    else:
        if any(ord(ch) < 32 for ch in q):
            raise InvalidInput("A search may not contain control characters.")
        terms = " ".join('"' + word.replace('"', '""') + '"' for word in q.split())
        cursor = db.execute(
            f"SELECT {', '.join('l.' + f.strip() for f in _LETTER_FIELDS.split(','))} "
            "FROM letters_fts f JOIN letters l ON l.rowid = f.rowid "
            "WHERE letters_fts MATCH ? AND l.process_key = ? ORDER BY f.rank, l.slug",
            (terms, key),
        )
    return [_letter(cursor.description, row) for row in cursor]


def letter(db: Database, process: str, slug: str) -> dict[str, Any]:
    """One letter with its full text."""
    key = process_key(db, process)
    cursor = db.execute(
        f"SELECT {_LETTER_FIELDS}, body FROM letters WHERE process_key = ? AND slug = ?",
        (key, slug),
    )
    row = cursor.fetchone()
    if row is None:
        raise LetterNotFound(process, slug)
    return _letter(cursor.description, row)


def _letter(description: Any, row: tuple[Any, ...]) -> dict[str, Any]:
    found = dict(zip((c[0] for c in description), row, strict=True))
    for name in _JSON_FIELDS:
        found[name] = json.loads(found[name])
    return found


def drafts(db: Database, process: str) -> list[dict[str, Any]]:
    """The drafts in the order circulated, each with where and when it was presented."""
    key = process_key(db, process)
    cursor = db.execute(
        "SELECT key, slug, title, circulated_on, note, announced_on, source, version "
        "FROM drafts WHERE process_key = ? ORDER BY key",
        (key,),
    )
    names = [c[0] for c in cursor.description]
    found = []
    for row in cursor.fetchall():
        draft = dict(zip(names, row, strict=True))
        draft["presentations"] = [
            {"session": session, "presented_on": presented_on}
            for session, presented_on in db.execute(
                "SELECT session, presented_on FROM presentations WHERE draft_key = ? "
                "ORDER BY rowid",
                (draft.pop("key"),),
            )
        ]
        found.append(draft)
    return found
