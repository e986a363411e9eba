"""Catching up and rebuilding write the same views: every table, row for row."""

from __future__ import annotations

import contextlib
import sqlite3
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gcm_process.application import GcmProcess
from gcm_process.config import Settings
from gcm_process.domain import Day
from gcm_process.domain.errors import GcmError
from projections import Views
from projections.rebuild import rebuild
from tests.projections.conftest import CLERK, PROCESS, open_gcm
from tests.projections.test_replay_agreement import FIRST, announced, commands, run

#: Kept by SQLite or sqlite-utils (statistics, full-text shadow tables, migration times).
_NOT_VIEWS = ("sqlite_", "_sqlite_migrations", "letters_fts_")

steps = st.lists(
    st.tuples(commands, announced, st.sampled_from((None, 1, 2, 5))), min_size=1, max_size=24
)


def tables(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every view table's rows, in a stable order (full-text search by rowid)."""
    conn = sqlite3.connect(str(path))
    try:
        names = [
            name
            for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if not name.startswith(_NOT_VIEWS)
        ]
        found = {}
        for name in sorted(names):
            cursor = conn.execute(f'SELECT * FROM "{name}" LIMIT 0')
            order = ", ".join(str(i + 1) for i in range(len(cursor.description)))
            rowid = "rowid, " if name == "letters_fts" else ""
            found[name] = conn.execute(f'SELECT {rowid}* FROM "{name}" ORDER BY {order}').fetchall()
        return found
    finally:
        conn.close()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps, st.integers(0, 24))
def test_catching_up_and_rebuilding_write_the_same_rows(
    history: list[tuple[tuple[str, str, object], date, int | None]], rebuilt_at: int
) -> None:
    """One views file catches up in batches of random sizes at random points; another is
    rebuilt half-way and catches up after; both equal a rebuild of the whole log."""
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        app = GcmProcess.from_settings(Settings(tmp, "memory"))
        caught_up = Views(tmp / "caught-up.sqlite", app)
        half_rebuilt = Views(tmp / "half-rebuilt.sqlite", app)
        open_gcm(app)
        app.issue_letter(PROCESS, "letter-1", date(2018, 1, 2), "Venue", "Rooms.", actor=CLERK)
        run(app, ("schedule", "round-1", [Day(date(2018, 2, 12), venue="GA Hall")]), FIRST)
        for i, (command, on, batch) in enumerate(history):
            with contextlib.suppress(GcmError):  # refused by a rule: nothing recorded
                run(app, command, on)
            if batch is not None:
                caught_up.catch_up(batch)
            if i == rebuilt_at:
                half_rebuilt.rebuild()
            if i == len(history) // 2:
                app.circulate_draft(PROCESS, "zero-draft", "Zero draft", on, actor=CLERK)
        caught_up.catch_up(3)
        half_rebuilt.catch_up()
        rebuild(tmp / "rebuilt.sqlite", app)
        expected = tables(tmp / "rebuilt.sqlite")
        assert expected["session_events"] and expected["session_bounds"]
        assert tables(tmp / "caught-up.sqlite") == expected
        assert tables(tmp / "half-rebuilt.sqlite") == expected
        caught_up.close()
        half_rebuilt.close()
        app.close()
