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
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from projections.replay import SessionState

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
#: The R*Tree stores whole seconds since this instant in 32-bit integers.
BOX_EPOCH_SECONDS = 946_684_800  # 2000-01-01T00:00:00Z
OPEN = 2**31 - 1
#: "No bound" on either axis, in the exact units.
FOREVER = 2**62
_MICRO = timedelta(microseconds=1)


def micros(moment: datetime) -> int:
    """Recorded time as exact microseconds since 1970 (naive means UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return (moment - EPOCH) // _MICRO


def box_seconds(t: int) -> int:
    """The R*Tree coordinate of a recorded time: whole seconds since 2000, floored."""
    return t // 1_000_000 - BOX_EPOCH_SECONDS


def ordinal(day: date) -> int:
    return day.toordinal()


@dataclass
class Row:
    """One versioned row of a session; ``stored`` once it is in the table as open."""

    id: int
    session_key: int
    t_from: int
    t_to: int | None
    d_from: int
    d_to: int | None
    state: SessionState
    state_id: int
    stored: bool = False

    def box(self, process_key: int) -> tuple[int, ...]:
        """The R*Tree entry of a closed row: inclusive integer bounds holding the exact ones."""
        assert self.t_to is not None
        t1 = box_seconds(self.t_to - 1)
        d1 = OPEN if self.d_to is None else self.d_to - 1
        return (self.id, box_seconds(self.t_from), t1, self.d_from, d1, process_key, process_key)

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


@dataclass
class Step:
    """What one event did to a session's rows."""

    current: list[Row]
    closed: list[Row]
    #: The row of the latest announcements before the event (None for the first).
    before: Row | None
    after: Row


def advance(
    current: list[Row],
    t: int,
    d: int,
    fold: Callable[[SessionState | None], SessionState],
    new_row: Callable[[int, int, int | None, SessionState, int | None], Row],
) -> Step:
    """Move a session's current rows (sorted by ``d_from``) on by one event at ``(t, d)``.

    ``fold`` folds the event into a state (``None`` for a session not yet
    scheduled); ``new_row(t_from, d_from, d_to, state, state_id)`` makes a row,
    with a new state id when ``state_id`` is None. Recorded times of one
    session never go backwards (an event is stamped after its predecessor was
    stored); should a clock step back, the later of the two times is used.
    """
    if not current:
        state = fold(None)
        row = new_row(t, d, None, state, None)
        return Step([row], [], None, row)
    t = max([t, *(r.t_from for r in current if r.d_to is None or r.d_to > d)])
    before = current[-1]
    kept: list[Row] = []
    closed: list[Row] = []
    for row in current:
        if row.d_to is not None and row.d_to <= d:
            kept.append(row)
            continue
        row.t_to = t
        closed.append(row)
        if row.d_from < d:
            kept.append(new_row(t, row.d_from, d, row.state, row.state_id))
            kept.append(new_row(t, d, row.d_to, fold(row.state), None))
        else:
            kept.append(new_row(t, row.d_from, row.d_to, fold(row.state), None))
    return Step(kept, closed, before, kept[-1])
