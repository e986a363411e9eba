"""The views file: a generation per rebuild, named by a link, in WAL mode."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from gcm_process.application import GcmProcess
from gcm_process.config import Settings
from projections import Views, queries, rebuild, views_file
from projections.replay import replay_timeline
from projections.views_file import in_use, open_in_use
from tests.projections.conftest import PROCESS, day, listed, schedule
from tests.projections.test_views import fill


def names(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


def test_the_views_are_a_wal_file_named_by_a_link(settings: Settings, views: Views) -> None:
    path = settings.views_path
    assert path.is_symlink() and os.readlink(path).startswith("views.sqlite.")
    assert views.db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    plain = sqlite3.connect(str(path))  # another program, through the link
    try:
        assert plain.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    finally:
        plain.close()


def test_a_rebuild_swaps_in_a_new_file_and_removes_the_old(
    settings: Settings, app: GcmProcess, views: Views
) -> None:
    fill(app)
    views.catch_up()
    old = in_use(settings.views_path)
    expected = queries.timeline(views.db, PROCESS)
    assert views.rebuild() == app.last_position()
    new = in_use(settings.views_path)
    assert new != old and not old.exists()
    assert not {n for n in names(new.parent) if n.startswith(old.name)}  # nor its -wal, -shm
    assert queries.timeline(views.db, PROCESS) == expected


def test_a_writer_still_on_the_old_file_cannot_touch_the_new_one(
    settings: Settings, app: GcmProcess, views: Views
) -> None:
    fill(app)
    views.catch_up()
    elsewhere = Views(settings.views_path, app)  # another worker's connection
    rebuild.rebuild(settings.views_path, app)
    elsewhere._conn.execute("DELETE FROM session_events")  # as if half-way when it was swapped
    elsewhere._conn.commit()
    fresh = Views(settings.views_path, app)
    assert queries.timeline(fresh.db, PROCESS) == replay_timeline(app, PROCESS)
    schedule(app, "round-9", day("2018-07-09"))
    assert elsewhere.catch_up() == app.last_position()  # it sees the swap and reopens
    assert queries.timeline(elsewhere.db, PROCESS) == replay_timeline(app, PROCESS)
    for opened in (elsewhere, fresh):
        opened.close()


def test_a_plain_file_from_before_keeps_its_journal_until_its_first_rebuild(
    settings: Settings, app: GcmProcess
) -> None:
    fill(app)
    path = settings.views_path
    path.parent.mkdir(parents=True)
    sqlite3.connect(str(path)).close()  # a plain file, as views were kept before
    views = Views.open(settings, app)
    assert not path.is_symlink()
    assert views.db.execute("PRAGMA journal_mode").fetchone() == ("persist",)
    expected = queries.timeline(views.db, PROCESS)
    views.rebuild()
    assert path.is_symlink() and views.db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert listed(path.parent) == ["views.sqlite"]  # its journal is gone
    assert queries.timeline(views.db, PROCESS) == expected
    views.close()


def test_two_processes_making_new_views_at_once_share_one_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "views.sqlite"
    theirs = tmp_path / "views.sqlite.0123abcd"
    sqlite3.connect(str(theirs)).close()
    link = os.symlink

    def raced(target: str, name: str) -> None:
        link(theirs.name, name)  # the other process links its file first
        link(target, name)

    monkeypatch.setattr(views_file.os, "symlink", raced)
    conn, found = open_in_use(path)
    conn.close()
    assert found == theirs and listed(tmp_path) == ["views.sqlite"]  # its own file removed


def test_views_whose_file_was_removed_by_hand_are_made_again(
    settings: Settings, app: GcmProcess
) -> None:
    fill(app)
    Views.open(settings, app).close()
    in_use(settings.views_path).unlink()  # the link now names nothing
    views = Views.open(settings, app)
    assert in_use(settings.views_path).exists()
    assert queries.timeline(views.db, PROCESS) == replay_timeline(app, PROCESS)
    views.close()
