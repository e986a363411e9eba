"""A rebuild reads the SQLite store with plain SQL: the same notifications as the library's,
so the same views."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from gcm_process.application import GcmProcess
from gcm_process.config import Settings
from projections import log_reader as reader_module
from projections import rebuild as rebuild_module
from projections.rebuild import rebuild
from tests.projections.conftest import CLERK, PROCESS, day, open_gcm, schedule
from tests.projections.test_rebuild_agreement import tables


@pytest.fixture
def recorded(sqlite_settings: Settings) -> Any:
    app = GcmProcess.from_settings(sqlite_settings)
    open_gcm(app)
    app.issue_letter(PROCESS, "letter-1", date(2018, 1, 30), "New York", "Rooms.", actor=CLERK)
    schedule(app, "round-1", day("2018-02-20", "GA Hall"), day("2018-02-22", "GA Hall"))
    schedule(app, "round-2", day("2018-03-12"))
    for n, room in enumerate(("Conference Room 1", "ECOSOC Chamber", "Conference Room 1")):
        on = date(2018, 2, 1 + n)
        app.change_venue(PROCESS, "round-1", room, announced_on=on, actor=CLERK)
    app.circulate_draft(PROCESS, "zero-draft", "Zero draft", date(2018, 2, 5), actor=CLERK)
    app.postpone_session(PROCESS, "round-2", announced_on=date(2018, 2, 9), actor=CLERK)
    yield app
    app.close()


def test_plain_sql_reads_what_the_library_reads(recorded: GcmProcess) -> None:
    with reader_module.log_reader(recorded) as read:
        plain = read(2, 1_000)
    library = recorded.recorder.select_notifications(start=2, limit=1_000)
    assert len(plain) == len(library) == recorded.last_position() - 1
    for mine, theirs in zip(plain, library, strict=True):
        assert str(mine.originator_id) == str(theirs.originator_id)
        assert (mine.id, mine.originator_version, mine.topic, mine.state) == (
            theirs.id, theirs.originator_version, theirs.topic, theirs.state,
        )  # fmt: skip


def test_a_rebuild_by_plain_sql_writes_the_library_readers_views(
    recorded: GcmProcess, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rebuild(tmp_path / "plain.sqlite", recorded, progress=False)

    @contextmanager
    def library_reader(app: GcmProcess, part: Any, end: int) -> Any:
        assert part is None
        yield lambda start, limit: app.recorder.select_notifications(start=start, limit=limit)

    monkeypatch.setattr(rebuild_module, "log_reader", library_reader)
    rebuild(tmp_path / "library.sqlite", recorded, progress=False)
    expected = tables(tmp_path / "library.sqlite")
    assert expected["session_events"] and expected["letters"] and expected["drafts"]
    assert tables(tmp_path / "plain.sqlite") == expected
