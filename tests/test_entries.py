"""A session's recorded changes: appending shares the history instead of copying it."""

from __future__ import annotations

import copy

import pytest

from gcm_process.domain.entries import CHUNK, Entries
from tests.factories import PROCESS


def test_appending_leaves_the_entries_as_they_were() -> None:
    first = Entries([{"version": 1}])
    second = first.appended({"version": 2})
    assert [e["version"] for e in first] == [1]
    assert [e["version"] for e in second] == [1, 2]
    assert len(second) == 2 and second[0] == {"version": 1} and second[-1] == {"version": 2}
    with pytest.raises(IndexError):
        second[2]


@pytest.mark.parametrize("count", [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK + 7])
def test_the_entries_are_those_given_in_their_order(count: int) -> None:
    given = [{"version": v} for v in range(count)]
    appended = Entries()
    for entry in given:
        appended = appended.appended(entry)
    assert list(Entries(given)) == list(appended) == given
    assert Entries(given) == appended and len(appended) == count
    assert [appended[i] for i in range(count)] == given


def test_a_long_history_is_shared_not_copied_by_a_change() -> None:
    entries = Entries({"version": v} for v in range(10 * CHUNK + 3))
    after = entries.appended({"version": -1})
    assert all(a is b for a, b in zip(entries._chunks, after._chunks, strict=True))
    assert len(after._tail) == 4  # only the short tail is new


def test_copies_of_a_session_share_its_entries(round_1: object) -> None:
    from gcm_process.application import GcmProcess

    assert isinstance(round_1, GcmProcess)
    session = round_1.session(PROCESS, "round-1")
    copied = copy.deepcopy(session)
    assert copied.entries is session.entries and copied.days == session.days
