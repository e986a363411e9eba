"""Versioned rows on both time axes, and how one event moves them on.

Each row of a session holds its state for a rectangle ``[t_from, t_to)`` of
recorded time (microseconds since 1970 UTC) by ``[d_from, d_to)`` of announced
date (ordinals); ``None`` is "still open". The rows current in recorded time
(``t_to`` is None) partition the announced axis from the date the session was
first announced on. An event recorded at ``t`` and announced on ``d`` closes,
at ``t``, every current row that reaches past ``d`` and replaces it by the same
announced range split at ``d``: the part before ``d`` keeps its state, the part
from ``d`` on gets the event folded in. The event is the newest in log order,
so folding it on top is exactly the replay's fold (see ``replay``).

A split only ever adds a *bound* (a ``d_from``) to a session's partition, it
never removes one, so the row holding ``(t, d)`` is found with two B-tree
lookups (see ``queries``): the greatest bound at or before ``d`` that existed
at ``t``, then the latest row from that bound recorded at or before ``t``.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(slots=True)
class Row:
    """One versioned row of a session; ``stored`` once it is in the table as open."""

    id: int
    session_key: int
    t_from: int
    t_to: int | None
    d_from: int
    d_to: int | None
    state: Any
    state_id: int
    stored: bool = False

    def record(self) -> tuple[int | None, ...]:
        return (
            self.id,
            self.session_key,
            self.t_from,
            self.t_to,
            self.d_from,
            self.d_to,
            self.state_id,
        )


@dataclass(slots=True)
class Step:
    """What one event did to a session's rows."""

    current: list[Row]
    closed: list[Row]
    #: The row of the latest announcements before the event (None for the first).
    before: Row | None
    after: Row
    #: The bound the event added to the announced axis, if any, and when.
    bound: int | None
    t: int


def advance(
    current: list[Row],
    t: int,
    d: int,
    fold: Callable[[Any], Any],
    new_row: Callable[[int, int, int | None, Any, int | None], Row],
) -> Step:
    """Move a session's current rows (sorted by ``d_from``) on by one event at ``(t, d)``.

    ``current`` is changed in place (and is the step's ``current``).
    ``fold`` folds the event into a state (``None`` for a session not yet
    scheduled); ``new_row(t_from, d_from, d_to, state, state_id)`` makes a row,
    with a new state id when ``state_id`` is None. Recorded times of one
    session never go backwards (an event is stamped after its predecessor was
    stored); should a clock step back, the later of the two times is used.
    """
    if not current:
        row = new_row(t, d, None, fold(None), None)
        return Step([row], [], None, row, d, t)
    before = current[-1]
    # The rows before the one holding d end at or before d and are kept as they are.
    if d >= before.d_from:  # announced in order: only the last row moves on
        first = len(current) - 1
    else:
        first = max(0, bisect_right(current, d, key=_d_from) - 1)
    tail = current[first:]
    del current[first:]
    for row in tail:
        if row.t_from > t:
            t = row.t_from
    bound = None
    for row in tail:
        row.t_to = t
        if row.d_from < d:
            bound = d
            current.append(new_row(t, row.d_from, d, row.state, row.state_id))
            current.append(new_row(t, d, row.d_to, fold(row.state), None))
        else:
            current.append(new_row(t, row.d_from, row.d_to, fold(row.state), None))
    return Step(current, tail, before, current[-1], bound, t)


def _d_from(row: Row) -> int:
    return row.d_from
