"""The aggregate cache hands each command a copy: immutable values shared, the rest its own."""

from __future__ import annotations

import copy

from gcm_process.application import GcmProcess
from gcm_process.domain import Provenance
from gcm_process.domain.base import immutable
from gcm_process.domain.ids import session_id
from gcm_process.domain.places import Place
from gcm_process.domain.values import Day
from tests.factories import CLERK, LETTER_DATE, PROCESS


def test_a_copy_shares_immutable_values_and_has_its_own_pending_events(round_1: GcmProcess) -> None:
    cached = round_1.repository.get(session_id(PROCESS, "round-1"))
    copied = copy.deepcopy(cached)
    assert vars(copied) == vars(cached)
    assert copied.days is cached.days and copied.entries is cached.entries
    assert copied._pending_events is not cached._pending_events


def test_a_change_made_on_a_copy_and_not_saved_leaves_the_cache_as_stored(
    round_1: GcmProcess,
) -> None:
    stored = dict(vars(round_1.session(PROCESS, "round-1")))
    unsaved = round_1.session(PROCESS, "round-1")
    unsaved.change_venue("Conference Room 4", None, Provenance(LETTER_DATE, None, CLERK, "c-1"))
    assert unsaved.version == stored["_version"] + 1
    assert vars(round_1.session(PROCESS, "round-1")) == stored


def test_a_mutable_attribute_is_copied_deeply(round_1: GcmProcess) -> None:
    session = round_1.repository.get(session_id(PROCESS, "round-1"))
    session.__dict__["notes"] = ["kept apart"]
    copied = copy.deepcopy(session)
    copied.notes.append("added to the copy")
    assert session.notes == ["kept apart"]


def test_what_counts_as_immutable() -> None:
    geneva = Place("Palais des Nations", "Geneva", "Europe/Zurich")
    day = Day(LETTER_DATE, venue="Room XX", place=geneva)
    assert immutable((day, "a", 1, None, LETTER_DATE))
    assert not immutable((day, ["a list"]))
    assert not immutable({"a": 1})
