"""Queries on processes, letters and drafts (re-exported by ``queries``)."""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database

from gcm_process.domain.errors import InvalidInput, LetterNotFound, ProcessNotFound
from projections.paging import Key, Page, key_of, limit_clause, read

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
    return processes_page(db).items


def processes_page(db: Database, after: Key | None = None, limit: int | None = None) -> Page:
    """A page of the processes in the order opened, after the key (opened,)."""
    after = key_of(after, 1)
    keys = db.execute(
        f"SELECT key FROM processes WHERE key > ? ORDER BY key{limit_clause(limit)}",
        (after[0] if after else 0,),
    ).fetchall()
    return read([((key,), _process(db, key)) for (key,) in keys], limit)


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
    """The letters of a process by date; with ``q``, those whose subject or text match."""
    return letters_page(db, process, q).items


def letters_page(
    db: Database,
    process: str,
    q: str | None = None,
    after: Key | None = None,
    limit: int | None = None,
) -> Page:
    """A page of the letters of a process by date and slug, after the key (dated, slug).

    ``q`` is a list of words, each matched as typed (FTS operators are not
    interpreted), all of which must occur in the subject or the text; the
    letters found come in the same order as the list, so they page alike.
    """
    key = process_key(db, process)
    after = key_of(after, 2)
    where, params = ["l.process_key = :p"], dict[str, Any](p=key)
    if q is not None and q.strip():
        if any(ord(ch) < 32 for ch in q):
            raise InvalidInput("A search may not contain control characters.")
        terms = " ".join('"' + word.replace('"', '""') + '"' for word in q.split())
        where.append("l.rowid IN (SELECT rowid FROM letters_fts WHERE letters_fts MATCH :q)")
        params["q"] = terms
    if after is not None:
        where.append("(l.dated, l.slug) > (:dated, :slug)")
        params.update(dated=after[0], slug=after[1])
    cursor = db.execute(
        f"SELECT {', '.join('l.' + f.strip() for f in _LETTER_FIELDS.split(','))} "
        f"FROM letters l WHERE {' AND '.join(where)} "
        f"ORDER BY l.dated, l.slug{limit_clause(limit)}",
        params,
    )
    found = [_letter(cursor.description, row) for row in cursor]
    return read([((x["dated"], x["slug"]), x) for x in found], limit)


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
    return drafts_page(db, process).items


def drafts_page(
    db: Database, process: str, after: Key | None = None, limit: int | None = None
) -> Page:
    """A page of the drafts in the order circulated, after the key (circulated,)."""
    key = process_key(db, process)
    after = key_of(after, 1)
    cursor = db.execute(
        "SELECT key, slug, title, circulated_on, note, announced_on, source, version "
        f"FROM drafts WHERE process_key = ? AND key > ? ORDER BY key{limit_clause(limit)}",
        (key, after[0] if after else 0),
    )
    names = [c[0] for c in cursor.description]
    found: list[tuple[Key, dict[str, Any]]] = []
    for row in cursor.fetchall():
        draft = dict(zip(names, row, strict=True))
        k = draft.pop("key")
        draft["presentations"] = [
            {"session": session, "presented_on": presented_on}
            for session, presented_on in db.execute(
                "SELECT session, presented_on FROM presentations WHERE draft_key = ? "
                "ORDER BY rowid",
                (k,),
            )
        ]
        found.append(((k,), draft))
    return read(found, limit)
