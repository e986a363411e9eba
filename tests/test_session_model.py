"""Random command sequences against a model of a session's rules; every reader held to it.

A few lines of model say what each command should do to a session (or which
error it should raise); hypothesis drives the application with random
sequences, and after every step the aggregate, the store and the replay of the
event log must agree with the model; at every version, the views, the replay
and the calendar's reading of the history give the aggregate's state. The
model is the rules restated as simply as possible, so that a rule changed in
one place only shows up here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time, timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from gcm_process.application import GcmProcess
from gcm_process.config import Settings
from gcm_process.domain import Day, errors
from gcm_process.domain.point import Point
from gcm_process.domain.session_state import SessionState
from projections import queries
from projections.calendar import steps_of
from projections.calendar.days import REMOVED, follow
from projections.replay import replay_sessions
from tests.factories import CLERK, PROCESS, open_gcm, opened_with_views

VENUES = ("Trusteeship Council Chamber", "Conference Room 4", "ECOSOC Chamber")
FIRST = date(2018, 2, 19)


@st.composite
def days(draw: st.DrawFn) -> list[Day]:
    offsets = draw(st.lists(st.integers(0, 5), min_size=1, max_size=4, unique=True))
    result = []
    for offset in sorted(offsets):
        hours = draw(st.sampled_from([None, (10, 13), (15, 18)]))
        start, end = (None, None) if hours is None else (time(hours[0]), time(hours[1]))
        result.append(
            Day(FIRST + timedelta(days=offset), start, end, draw(st.sampled_from((*VENUES, None))))
        )
    return result


#: Weighted towards the commands that keep a session open to more changes (held is final).
#: What a change of status meets on a cancelled session.
_ONCE_CANCELLED: dict[str, type[errors.GcmError]] = {
    "postpone": errors.SessionIsCancelled,
    "cancel": errors.AlreadyCancelled,
    "held": errors.CancelledSessionNotHeld,
}
COMMANDS = (
    *["change_venue"] * 4,
    *["reschedule"] * 2,
    "reschedule_same",
    "postpone",
    "cancel",
    "held",
    *["correct"] * 2,
)


def draw_argument(data: st.DataObject, command: str, model: Model) -> object:
    """The argument of ``command``, drawn knowing the session: mostly its own dates."""
    if command == "reschedule":
        return data.draw(days())
    if command == "correct":
        # Mostly a version that can be corrected; sometimes one that cannot.
        good = model.correctable()
        choice = st.integers(1, model.version + 1)
        return data.draw(st.sampled_from(good) if good and data.draw(st.booleans()) else choice)
    if command != "change_venue":
        return None
    own = [d.date for d in model.days]
    other = st.integers(0, 6).map(lambda n: FIRST + timedelta(days=n))
    dates = data.draw(
        st.none()
        | st.lists(st.sampled_from(own), min_size=1, max_size=len(own), unique=True)
        | st.lists(st.sampled_from(own) | other, min_size=1, max_size=3)
    )
    return (data.draw(st.sampled_from(VENUES)), dates)


@dataclass
class Model:
    """What a session should be: the rules of ``Session``, restated."""

    days: tuple[Day, ...]
    status: str = "scheduled"
    version: int = 1
    log: list[str] = field(default_factory=list)
    #: The changes recorded (version, command, argument as applied), for corrections.
    changes: list[tuple[int, str, object]] = field(default_factory=list)
    in_error: set[int] = field(default_factory=set)
    corrections: set[int] = field(default_factory=set)

    def correctable(self) -> list[int]:
        return [v for v, _, _ in self.changes if v not in self.in_error]

    def expect(self, command: str, arg: object) -> type[errors.GcmError] | None:
        """The error ``command`` should raise, or None after applying it to the model."""
        if command == "correct":
            if arg not in self.correctable():
                return errors.CannotCorrect
            self.version += 1
            self.in_error.add(arg)  # type: ignore[arg-type]
            self.corrections.add(self.version)
            self.days, self.status = self.first, "scheduled"
            for version, change, applied in self.changes:
                if version not in self.in_error:
                    self.apply(change, applied)
            return None
        error = self.check(command, arg)
        if error is None:
            self.version += 1
            applied = self.days if command == "reschedule_same" else arg
            if command == "change_venue" and arg[1] is None:  # type: ignore[index]
                applied = (arg[0], [d.date for d in self.days])  # type: ignore[index]
            self.changes.append((self.version, command, applied))
            self.apply(command, applied)
        return error

    @property
    def first(self) -> tuple[Day, ...]:
        return self._first

    def __post_init__(self) -> None:
        self._first = self.days

    def apply(self, command: str, arg: object) -> None:
        """A recorded change applied to the model (leniently: to the days it has)."""
        if command in ("reschedule", "reschedule_same"):
            self.days, self.status = tuple(arg), "scheduled"  # type: ignore[call-overload]
        elif command == "change_venue":
            venue, dates = arg  # type: ignore[misc]
            self.days = tuple(d.with_venue(venue) if d.date in dates else d for d in self.days)
        else:
            self.status = {"postpone": "postponed", "cancel": "cancelled", "held": "held"}[command]

    def check(self, command: str, arg: object) -> type[errors.GcmError] | None:
        """The error ``command`` should raise on the session as it is, or None."""
        held, cancelled = self.status == "held", self.status == "cancelled"
        if command in ("reschedule", "reschedule_same"):
            new = self.days if command == "reschedule_same" else tuple(arg)  # type: ignore[arg-type]
            if held:
                return errors.SessionAlreadyHeld
            if new == self.days and self.status == "scheduled":
                return errors.NothingChanged
        elif command == "change_venue":
            venue, dates = arg  # type: ignore[misc]
            if cancelled:
                return errors.SessionIsCancelled
            own = {d.date for d in self.days}
            chosen = own if dates is None else set(dates)
            if not chosen <= own:
                return errors.UnknownSessionDay
            if all(d.venue == venue for d in self.days if d.date in chosen):
                return errors.NothingChanged
        else:  # postpone, cancel, held
            if cancelled:
                return _ONCE_CANCELLED[command]
            if held:
                return errors.SessionAlreadyHeld
            if command == "postpone" and self.status == "postponed":
                return errors.AlreadyPostponed
        return None


def send(app: GcmProcess, command: str, arg: object, model: Model) -> None:
    slug = "round-1"
    if command == "reschedule":
        app.reschedule_session(PROCESS, slug, arg, actor=CLERK)  # type: ignore[arg-type]
    elif command == "reschedule_same":
        app.reschedule_session(PROCESS, slug, model.days, actor=CLERK)
    elif command == "change_venue":
        venue, dates = arg  # type: ignore[misc]
        app.change_venue(PROCESS, slug, venue, dates, actor=CLERK)
    elif command == "postpone":
        app.postpone_session(PROCESS, slug, f"postponed after {model.version}", actor=CLERK)
    elif command == "cancel":
        app.cancel_session(PROCESS, slug, f"cancelled after {model.version}", actor=CLERK)
    elif command == "correct":
        app.correct_session(PROCESS, slug, [arg], "recorded in error", actor=CLERK)  # type: ignore[list-item]
    else:
        app.mark_held(PROCESS, slug, f"held after {model.version}", actor=CLERK)


@settings(max_examples=100, deadline=None)
@given(first=days(), sequence=st.lists(st.sampled_from(COMMANDS), max_size=25), data=st.data())
def test_the_session_follows_its_rules_and_the_replay_follows_the_session(
    first: list[Day], sequence: list[str], data: st.DataObject
) -> None:
    with opened_with_views() as (app, views):
        app.schedule_session(PROCESS, "round-1", "negotiation_round", "R1", first, 1, actor=CLERK)
        model = Model(tuple(first))
        for command in sequence:
            arg = draw_argument(data, command, model)
            before = app.last_position()
            expected = Model.expect(model, command, arg)
            if expected is None:
                send(app, command, arg, model)
            else:
                try:
                    send(app, command, arg, model)
                except errors.GcmError as error:
                    assert type(error) is expected, (command, arg, error)
                else:
                    raise AssertionError(f"{command} {arg} should raise {expected.__name__}")
                assert app.last_position() == before
            session = app.session(PROCESS, "round-1")
            assert (session.days, session.status, session.version) == (
                model.days,
                model.status,
                model.version,
            )

        # The replay of the log, now and as recorded after each version, is the aggregate.
        (now,) = replay_sessions(app, PROCESS)
        assert (now.day_values(), now.status, now.version) == (
            model.days,
            model.status,
            model.version,
        )
        for entry in app.session_history(PROCESS, "round-1"):
            (then,) = replay_sessions(app, PROCESS, Point(as_of=entry.recorded_at))
            aggregate = SessionState.of(app.session(PROCESS, "round-1", version=entry.version))
            assert then == aggregate

        # The views and the calendar's reading of the history fold the same way.
        views.catch_up()
        history = queries.session_history(views.db, PROCESS, "round-1")
        for entry in app.session_history(PROCESS, "round-1"):
            aggregate = SessionState.of(app.session(PROCESS, "round-1", version=entry.version))
            viewed = queries.session(views.db, PROCESS, "round-1", version=entry.version)
            assert SessionState.from_json(viewed) == aggregate
            followed = follow(steps_of(history), Point(as_of=entry.recorded_at))
            assert followed is not None and followed.state == aggregate
            shown = [t.shown for t in followed.tracks if t.shown.status != REMOVED]
            assert [s.day for s in shown] == list(aggregate.days)
            assert {s.status for s in shown} <= {aggregate.status}


@settings(max_examples=60, deadline=None)
@given(first=days())
def test_days_come_back_from_the_store_exactly_as_given(first: list[Day]) -> None:
    app = GcmProcess(Settings(Path("unused"), "memory").application_env())
    try:
        open_gcm(app)
        app.schedule_session(PROCESS, "s", "other", "S", first, actor=CLERK)
        stored = app.recorder.select_events(app.session(PROCESS, "s").id)[0]
        assert app.mapper.to_domain_event(stored).days == first  # type: ignore[attr-defined]
        assert app.session(PROCESS, "s").days == tuple(first)
    finally:
        app.close()


@settings(max_examples=60, deadline=None)
@given(first=days(), data=st.data())
def test_days_out_of_order_or_repeated_are_always_refused(
    first: list[Day], data: st.DataObject
) -> None:
    shuffled = data.draw(st.permutations(first + [first[0]] * data.draw(st.integers(0, 1))))
    if shuffled == first:
        return
    app = GcmProcess(Settings(Path("unused"), "memory").application_env())
    try:
        open_gcm(app)
        before = app.last_position()
        try:
            app.schedule_session(PROCESS, "s", "other", "S", shuffled, actor=CLERK)
        except errors.DaysNotInOrder:
            pass
        else:
            raise AssertionError(f"{shuffled} was accepted")
        assert app.last_position() == before
    finally:
        app.close()
