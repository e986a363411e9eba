"""Paging: every row exactly once, in order, whatever is recorded between two pages."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gcm_process.application import GcmProcess
from gcm_process.config import Settings
from gcm_process.domain.errors import InvalidInput
from projections import Views, queries
from projections.paging import Key, Page, every
from tests.factories import CLERK, PROCESS, ROUND_1, day, open_gcm

#: Between two pages: how many changes are recorded (to which of three sessions).
Appends = st.lists(st.tuples(st.integers(0, 3), st.integers(0, 2)), max_size=8)
ROOMS = ("Conference Room 1", "Conference Room 2", "ECOSOC Chamber")


@contextmanager
def record() -> Iterator[tuple[GcmProcess, Views]]:
    folder = tempfile.TemporaryDirectory()
    config = Settings(Path(folder.name), "memory")
    app = GcmProcess.from_settings(config)
    views = Views.open(config, app)
    try:
        open_gcm(app)
        for n in range(3):
            app.schedule_session(
                PROCESS, f"round-{n + 1}", "negotiation_round", f"R{n + 1}",
                [day(f"2018-0{n + 2}-20", "Conference Room 4")], n + 1,
                announced_on=date(2018, 1, 30), actor=CLERK,
            )  # fmt: skip
        views.catch_up()
        yield app, views
    finally:
        views.close()
        app.close()
        folder.cleanup()


class Clerk:
    """Records venue changes, each announced a day after the one before."""

    def __init__(self, app: GcmProcess, views: Views) -> None:
        self.app, self.views, self.count = app, views, 0
        self.moves: dict[int, int] = {}  # each session's rooms in turn, never the same twice

    def change(self, how_many: int, session: int) -> None:
        for _ in range(how_many):
            self.count += 1
            self.moves[session] = self.moves.get(session, 0) + 1
            self.app.change_venue(
                PROCESS, f"round-{session + 1}", ROOMS[self.moves[session] % 3],
                announced_on=date(2018, 2, 1) + timedelta(days=self.count), actor=CLERK,
            )  # fmt: skip
        self.views.catch_up()


def read_all(
    reader: Callable[[Key | None, int], Page], limit: int, between: Callable[[int], None], n: int
) -> list[dict[str, Any]]:
    """Page through a list, calling ``between(i)`` after page i, until it ends."""
    seen: list[dict[str, Any]] = []
    after: Key | None = None
    for i in range(10_000):
        page = reader(after, limit)
        assert len(page.items) <= limit
        seen.extend(page.items)
        if page.next is None:
            return seen
        assert page.next is not None and len(page.items) == limit
        after = page.next
        if i < n:
            between(i)
    raise AssertionError("the pages never ended")


@settings(max_examples=40, deadline=None)
@given(limit=st.integers(1, 5), appends=Appends)
def test_the_change_log_gives_every_change_once_with_appends_between_pages(
    limit: int, appends: list[tuple[int, int]]
) -> None:
    with record() as (app, views):
        clerk = Clerk(app, views)
        clerk.change(2, 0)

        def reader(after: Key | None, size: int) -> Page:
            return queries.changes_page(views.db, PROCESS, after=after and after[0], limit=size)

        seen = read_all(reader, limit, lambda i: clerk.change(*appends[i]), len(appends))
        everything = queries.changes(views.db, PROCESS)
        assert [c["position"] for c in seen] == sorted({c["position"] for c in seen})
        # Appends land after every key given: the pages saw them all, once.
        assert seen == everything


@settings(max_examples=40, deadline=None)
@given(limit=st.integers(1, 4), appends=Appends)
def test_a_session_history_gives_every_event_once_with_appends_between_pages(
    limit: int, appends: list[tuple[int, int]]
) -> None:
    with record() as (app, views):
        clerk = Clerk(app, views)
        clerk.change(3, 1)

        def reader(after: Key | None, size: int) -> Page:
            return queries.history_page(views.db, PROCESS, "round-2", after, size)

        seen = read_all(reader, limit, lambda i: clerk.change(appends[i][0], 1), len(appends))
        assert [e["version"] for e in seen] == list(range(1, len(seen) + 1))
        assert seen == queries.session_history(views.db, PROCESS, "round-2")


@settings(max_examples=25, deadline=None)
@given(limit=st.integers(1, 3), months=st.lists(st.integers(1, 12), max_size=6))
def test_sessions_page_in_timeline_order_each_once_while_more_are_scheduled(
    limit: int, months: list[int]
) -> None:
    with record() as (app, views):
        before = [s["slug"] for s in queries.sessions(views.db, PROCESS)]

        def schedule(i: int) -> None:
            app.schedule_session(
                PROCESS, f"extra-{i}", "other", f"Extra {i}",
                [day(f"2018-{months[i]:02}-10")], announced_on=date(2018, 1, 30), actor=CLERK,
            )  # fmt: skip
            views.catch_up()

        def reader(after: Key | None, size: int) -> Page:
            return queries.sessions_page(views.db, PROCESS, after, size)

        seen = [s["slug"] for s in read_all(reader, limit, schedule, len(months))]
        assert len(seen) == len(set(seen)) and set(before) <= set(seen)
        now = [s["slug"] for s in queries.timeline(views.db, PROCESS)["sessions"]]
        assert [s for s in now if s in seen] == seen


def test_every_list_pages_alike_and_streams(tmp_path: Path) -> None:
    with record() as (app, views):
        for slug, subject in (("letter-b", "Dates"), ("letter-a", "Rooms")):
            app.issue_letter(PROCESS, slug, date(2018, 1, 30), subject, "On rooms.", actor=CLERK)
        app.schedule_session(PROCESS, "round-4", "negotiation_round", "R4", list(ROUND_1), 4,
                             announced_on=date(2018, 1, 31), actor=CLERK)  # fmt: skip
        views.catch_up()
        db = views.db
        lists: dict[str, Callable[[Key | None, int], Page]] = {
            "letters": lambda a, n: queries.letters_page(db, PROCESS, None, a, n),
            "search": lambda a, n: queries.letters_page(db, PROCESS, "rooms", a, n),
            "sessions": lambda a, n: queries.sessions_page(db, PROCESS, a, n),
            "processes": lambda a, n: queries.processes_page(db, a, n),
            "drafts": lambda a, n: queries.drafts_page(db, PROCESS, a, n),
        }
        whole = {
            "letters": queries.letters(db, PROCESS),
            "search": queries.letters(db, PROCESS, "rooms"),
            "sessions": queries.sessions(db, PROCESS),
            "processes": queries.processes(db),
            "drafts": queries.drafts(db, PROCESS),
        }
        for name, reader in lists.items():
            assert list(every(lambda a, r=reader: r(a, 1))) == whole[name], name  # type: ignore[misc]
        assert [x["slug"] for x in whole["letters"]] == ["letter-a", "letter-b"]
        with pytest.raises(InvalidInput):
            queries.sessions_page(db, PROCESS, ("2018-02-20",), 1)
        with pytest.raises(InvalidInput):
            queries.changes_page(db, PROCESS, limit=0)


def steps(views: Views, read: Callable[[], object]) -> int:
    """How many SQLite virtual-machine steps (in hundreds) ``read`` takes."""
    counted = [0]

    def count() -> int:
        counted[0] += 1
        return 0

    conn = views.db.conn
    conn.set_progress_handler(count, 100)
    try:
        read()
    finally:
        conn.set_progress_handler(None, 100)
    return counted[0]


def test_a_page_costs_the_same_at_the_start_and_the_end_of_a_long_record() -> None:
    with record() as (app, views):
        Clerk(app, views).change(600, 0)
        db = views.db
        first = steps(views, lambda: queries.changes_page(db, PROCESS, limit=5))
        last = steps(views, lambda: queries.changes_page(db, PROCESS, after=590, limit=5))
        whole = steps(views, lambda: queries.changes(db, PROCESS))
        late = steps(views, lambda: queries.history_page(db, PROCESS, "round-1", (590,), 5))
        assert max(first, last, late) <= 20 and whole > 10 * max(first, last, 1)
