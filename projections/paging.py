"""Lists read a page at a time: keyset paging in SQL, from an index, with ``LIMIT``.

Each list has an order on a unique key (the change log: the recorded position;
a session's history: its version; sessions: their first date and slug; letters:
their date and slug; processes and drafts: the order opened or circulated). A
page is the ``limit`` rows after a key, read straight from the index, so its
cost and memory depend on the page, not on the record. ``Page.next`` is the key
of the last row when more follow (``None`` on the last page): asking again
after it gives the rows that follow, whatever was recorded in between. Rows
appended to the record come after every key already given (positions and
versions only grow); a session rescheduled between two pages moves in the
timeline order like any change.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from gcm_process.domain.errors import InvalidInput
from gcm_process.domain.session_state import END_OF_TIME

Key = tuple[Any, ...]


@dataclass(frozen=True)
class Page:
    """Rows of a list in its order, and the key to read the next page after (or ``None``)."""

    items: list[dict[str, Any]]
    next: Key | None


def read(rows: list[tuple[Key, dict[str, Any]]], limit: int | None) -> Page:
    """A page from up to ``limit + 1`` (key, item) rows: the extra one says more follow."""
    if limit is None or len(rows) <= limit:
        return Page([item for _, item in rows], None)
    kept = rows[:limit]
    return Page([item for _, item in kept], kept[-1][0])


def every(reader: Callable[[Key | None], Page]) -> Iterator[dict[str, Any]]:
    """Every item of a list, one page at a time (what the command line streams)."""
    after: Key | None = None
    while True:
        page = reader(after)
        yield from page.items
        if page.next is None:
            return
        after = page.next


def limit_clause(limit: int | None) -> str:
    if limit is None:
        return ""
    if not isinstance(limit, int) or isinstance(limit, bool) or limit < 1:
        raise InvalidInput("A page holds at least one item.")
    return f" LIMIT {limit + 1}"


def key_of(after: Key | None, size: int) -> Key | None:
    """``after`` checked: a key of ``size`` values (what a cursor decodes to)."""
    if after is not None and len(after) != size:
        raise InvalidInput("This cursor belongs to another list.")
    return after


def date_bounds(since: date | None, until: date | None) -> None:
    if since is not None and until is not None and since > until:
        raise InvalidInput(f"since {since.isoformat()} is after until {until.isoformat()}.")


#: A session's place in timeline order (as ``queries.timeline`` sorts).
TIMELINE_ORDER = f"coalesce(first_date, '{END_OF_TIME}'), slug"
