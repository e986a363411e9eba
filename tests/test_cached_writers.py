"""Two application objects on one store (two workers, two nodes), each with its aggregate cache:
a cached aggregate never hides the other's events; a stale version is a conflict, never a
lost update."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from eventsourcing.application import Repository

from gcm_process.application import GcmProcess
from gcm_process.config import Settings
from gcm_process.domain.errors import VersionConflict
from gcm_process.domain.ids import session_id
from gcm_process.snapshots import INTERVAL
from tests.factories import CLERK, LETTER_DATE, PROCESS, open_gcm, schedule_round_1

ROOM_1, ROOM_2 = "Conference Room 1", "Conference Room 2"


class SavesAfterAnother(GcmProcess):
    """Lets another writer save first, once, after it has read and decided."""

    name = GcmProcess.name
    before_save: Callable[[], object] | None = None

    def save(self, *objs: Any, **kwargs: Any) -> Any:
        first, self.before_save = self.before_save, None
        if first is not None:
            first()
        return super().save(*objs, **kwargs)


@pytest.fixture
def two(durable_settings: Settings) -> Iterator[tuple[SavesAfterAnother, GcmProcess]]:
    a = SavesAfterAnother(durable_settings.application_env())
    b = GcmProcess.from_settings(durable_settings)
    open_gcm(a)
    schedule_round_1(a)
    yield a, b
    a.close()
    b.close()


def venue(app: GcmProcess, room: str, **kwargs: Any) -> int:
    receipt = app.change_venue(
        PROCESS, "round-1", room, announced_on=LETTER_DATE, actor=CLERK, **kwargs
    )
    return receipt.version


def rooms(app: GcmProcess) -> set[str | None]:
    return {d.venue for d in app.session(PROCESS, "round-1").days}


def test_a_cached_aggregate_reads_the_other_writers_events(
    two: tuple[SavesAfterAnother, GcmProcess],
) -> None:
    a, b = two
    assert a.session(PROCESS, "round-1").version == 1  # now in a's cache
    assert venue(b, ROOM_2) == 2
    assert a.session(PROCESS, "round-1").version == 2
    assert rooms(a) == {ROOM_2}
    assert venue(a, ROOM_1) == 3
    assert rooms(b) == {ROOM_1}


def test_a_stale_expected_version_is_a_conflict(
    two: tuple[SavesAfterAnother, GcmProcess],
) -> None:
    a, b = two
    seen = a.session(PROCESS, "round-1").version
    venue(b, ROOM_2)
    with pytest.raises(VersionConflict, match="not 1"):
        venue(a, ROOM_1, expected_version=seen)
    assert [h.version for h in b.session_history(PROCESS, "round-1")] == [1, 2]


def test_the_writer_that_read_before_the_others_save_loses_and_keeps_nothing_stale(
    two: tuple[SavesAfterAnother, GcmProcess],
) -> None:
    a, b = two
    assert a.session(PROCESS, "round-1").version == 1
    a.before_save = lambda: venue(b, ROOM_2)
    with pytest.raises(VersionConflict, match="meanwhile"):
        venue(a, ROOM_1)  # read version 1 from its cache, b saved version 2 first
    history = b.session_history(PROCESS, "round-1")
    assert [(h.version, h.data.get("venue")) for h in history] == [(1, None), (2, ROOM_2)]
    # a's cache holds what is stored, not its own refused change
    assert vars(a.session(PROCESS, "round-1")) == vars(b.session(PROCESS, "round-1"))
    assert venue(a, ROOM_1) == 3


def test_two_writers_taking_turns_leave_snapshots_a_third_loads(
    two: tuple[SavesAfterAnother, GcmProcess], durable_settings: Settings
) -> None:
    a, b = two
    for i in range(2 * INTERVAL + 3):
        venue((a, b)[i % 2], (ROOM_1, ROOM_2)[i % 2])
    sid = session_id(PROCESS, "round-1")
    found = [s.originator_version for s in a.snapshots.get(sid)]  # type: ignore[union-attr]
    assert found == [INTERVAL, 2 * INTERVAL]
    third = GcmProcess.from_settings(durable_settings)
    try:
        loaded = third.session(PROCESS, "round-1")
        assert loaded.version == 2 * INTERVAL + 4
        assert vars(loaded) == vars(Repository(third.events).get(sid))
    finally:
        third.close()
