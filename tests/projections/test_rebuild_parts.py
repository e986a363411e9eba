"""A rebuild shared out between processes writes the rows of one pass, or fails whole."""

from __future__ import annotations

import contextlib
import gc
import random
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from gcm_process.application import GcmProcess
from gcm_process.config import Settings
from gcm_process.domain import Day
from gcm_process.domain.errors import GcmError, InvalidInput
from projections import Views, rebuild_part
from projections import rebuild as rebuild_module
from projections.rebuild import rebuild
from projections.rebuild_part import PartFailed
from tests.projections.conftest import CLERK, PROCESS, listed, open_gcm
from tests.projections.test_rebuild_agreement import tables
from tests.projections.test_replay_agreement import FIRST, SLUGS, VENUES, run

#: More sessions than parts, of unequal sizes, in a second process too.
SESSIONS = (*SLUGS, "round-3", "round-4", "round-5")


@pytest.fixture
def recorded(tmp_path: Path) -> Iterator[GcmProcess]:
    """A SQLite store holding two processes, letters, drafts and corrected, back-dated and
    postponed sessions, written in a random but repeatable order."""
    app = GcmProcess.from_settings(Settings(tmp_path / "data"))
    open_gcm(app)
    app.open_process("other-2019", "Another process", actor=CLERK, announced_on=FIRST)
    app.issue_letter(PROCESS, "letter-1", date(2018, 1, 2), "Venue", "Rooms.", actor=CLERK)
    picked = random.Random(7)
    for n, slug in enumerate(SESSIONS):
        first = Day(FIRST + timedelta(days=40 + n), venue=VENUES[0])
        run(app, ("schedule", slug, [first]), FIRST)
        if n == 2:
            app.schedule_session(
                "other-2019", "round-1", "other", "R1", [first], announced_on=FIRST, actor=CLERK
            )
    for i in range(160):
        slug = SESSIONS[min(picked.randrange(len(SESSIONS) + 3), len(SESSIONS) - 1)]
        on = FIRST + timedelta(days=picked.randrange(1, 30))
        kind = picked.choice(("venue", "venue", "reschedule", "correct", "postpone"))
        days = [Day(FIRST + timedelta(days=40 + picked.randrange(6)), venue=VENUES[i % 3])]
        command: tuple[str, str, object] = {
            "venue": ("venue", slug, (VENUES[i % 3], None)),
            "reschedule": ("reschedule", slug, days),
            "correct": ("correct", slug, picked.randrange(2, 6)),
            "postpone": ("postpone", slug, None),
        }[kind]
        with contextlib.suppress(GcmError):  # refused by a rule: nothing recorded
            run(app, command, on)
        if i == 80:
            app.circulate_draft(PROCESS, "zero-draft", "Zero draft", on, actor=CLERK)
    yield app
    app.close()


@pytest.mark.parametrize("parts", [2, 3])
def test_parts_write_the_rows_of_one_pass(recorded: GcmProcess, tmp_path: Path, parts: int) -> None:
    rebuild(tmp_path / "one.sqlite", recorded, parts=1)
    assert rebuild(tmp_path / "parts.sqlite", recorded, parts=parts) == recorded.last_position()
    expected = tables(tmp_path / "one.sqlite")
    assert expected["session_events"] and expected["letters"] and expected["drafts"]
    assert len(expected["sessions"]) == len(SESSIONS) + 1
    assert tables(tmp_path / "parts.sqlite") == expected
    assert listed(tmp_path) == ["data", "one.sqlite", "parts.sqlite"]


def test_parts_agree_with_catching_up(recorded: GcmProcess, tmp_path: Path) -> None:
    views = Views(tmp_path / "caught-up.sqlite", recorded)
    views.catch_up(37)
    views.close()
    rebuild(tmp_path / "parts.sqlite", recorded, parts=2)
    assert tables(tmp_path / "parts.sqlite") == tables(tmp_path / "caught-up.sqlite")


def test_a_part_that_fails_fails_the_rebuild_and_leaves_nothing(
    recorded: GcmProcess, tmp_path: Path
) -> None:
    path = tmp_path / "views.sqlite"
    rebuild(path, recorded, parts=1)
    before = tables(path)
    recorded.env["PERSISTENCE_MODULE"] = "no_such_module_for_a_store"
    with pytest.raises(PartFailed, match="no_such_module_for_a_store"):
        rebuild(path, recorded, parts=2)
    assert listed(tmp_path) == ["data", "views.sqlite"]
    assert tables(path) == before


def test_an_interrupted_rebuild_stops_its_parts(
    recorded: GcmProcess, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[Any] = []
    real_enter = rebuild_module.Others.__enter__

    def enter(self: Any) -> Any:
        started.append(real_enter(self))
        return started[-1]

    def interrupted(*args: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(rebuild_module.Others, "__enter__", enter)
    monkeypatch.setattr(rebuild_module, "project", interrupted)
    with pytest.raises(KeyboardInterrupt):
        rebuild(tmp_path / "views.sqlite", recorded, parts=3)
    assert [child.poll() is not None for child, _, _ in started[0].running] == [True, True]
    assert listed(tmp_path) == ["data"]


def test_the_collector_is_paused_while_folding_and_on_again_after(
    recorded: GcmProcess, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    enabled: list[bool] = []
    real_project = rebuild_module.project

    def project(*args: Any, **kwargs: Any) -> None:
        enabled.append(gc.isenabled())
        real_project(*args, **kwargs)

    monkeypatch.setattr(rebuild_module, "project", project)
    rebuild(tmp_path / "views.sqlite", recorded, parts=1)
    assert enabled and not any(enabled)
    assert gc.isenabled()

    def failing(*args: Any) -> None:
        raise RuntimeError("a batch that cannot be applied")

    monkeypatch.setattr(rebuild_module, "project", failing)
    with pytest.raises(RuntimeError, match="cannot be applied"):
        rebuild(tmp_path / "views.sqlite", recorded, parts=1)
    assert gc.isenabled()


def test_a_part_that_cannot_start_stops_those_started(
    recorded: GcmProcess, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[Any] = []
    real_popen = rebuild_part.subprocess.Popen

    def popen(*args: Any, **kwargs: Any) -> Any:
        if started:
            raise OSError("no more processes")
        started.append(real_popen(*args, **kwargs))
        return started[-1]

    monkeypatch.setattr(rebuild_part.subprocess, "Popen", popen)
    with pytest.raises(OSError, match="no more processes"):
        rebuild(tmp_path / "views.sqlite", recorded, parts=3)
    assert started[0].poll() is not None
    assert listed(tmp_path) == ["data"]


def test_a_part_file_left_behind_is_removed_by_the_next_rebuild(
    recorded: GcmProcess, tmp_path: Path
) -> None:
    left = tmp_path / "views.sqlite.rebuilding.1"
    left.write_bytes(b"a part that went on after its rebuild was killed")
    rebuild(tmp_path / "views.sqlite", recorded, parts=1)
    assert listed(tmp_path) == ["data", "views.sqlite"]


def test_a_short_log_or_another_store_is_rebuilt_here(tmp_path: Path) -> None:
    memory = GcmProcess.from_settings(Settings(tmp_path, "memory"))
    open_gcm(memory)
    assert rebuild_module._share(memory, 10**6, 4) == [None]
    assert rebuild_module._share(memory, 10, None) == [None]
    memory.close()


def test_the_parts_are_chosen_by_setting_or_by_cpus(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rebuild_module.os, "cpu_count", lambda: 2)
    assert rebuild_module.parts_wanted(rebuild_module.PARALLEL_FROM - 1) == 1
    assert rebuild_module.parts_wanted(rebuild_module.PARALLEL_FROM) == 2
    monkeypatch.setenv("GCM_REBUILD_PARTS", "1")
    assert rebuild_module.parts_wanted(10**6) == 1
    monkeypatch.setenv("GCM_REBUILD_PARTS", "3")
    assert rebuild_module.parts_wanted(10) == 3
    for wrong in ("0", "5", "two"):
        monkeypatch.setenv("GCM_REBUILD_PARTS", wrong)
        with pytest.raises(InvalidInput, match="GCM_REBUILD_PARTS must be"):
            rebuild_module.parts_wanted(10)
