"""Checking the record against its hash chain: what was altered, removed, inserted or moved.

Each event is checked against the stored link before it, so a change at one
position is named there and the rest of the chain is still checked: an
altered event shows as one problem, not as every position after it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from gcm_process.domain.errors import InvalidInput
from gcm_process.integrity.chain import (
    _HEADER,
    _LENGTH,
    GENESIS,
    Link,
    Linker,
    StoredRow,
    id_bytes,
)

#: Problems listed at most (the first is always the earliest position).
MAX_PROBLEMS = 20


@dataclass(frozen=True)
class Fingerprint:
    """A position in the record and the chain's hash there: ``1234:9f86d0…``."""

    position: int
    hash: bytes

    @classmethod
    def parse(cls, text: str) -> Fingerprint:
        position, _, digest = text.strip().partition(":")
        try:
            found = cls(int(position), bytes.fromhex(digest))
        except ValueError:
            found = cls(0, b"")
        if found.position < 1 or len(found.hash) != 32:
            raise InvalidInput(
                f"A record fingerprint is POSITION:HASH (64 hex digits), not '{text}'."
            )
        return found

    def __str__(self) -> str:
        return f"{self.position}:{self.hash.hex()}"


@dataclass(frozen=True)
class Problem:
    #: None for a problem of the store itself (a guard), not of one position.
    position: int | None
    #: ``altered``, ``removed``, ``inserted``, ``moved``, ``reordered`` or ``guard``.
    kind: str
    detail: str

    def __str__(self) -> str:
        where = "the store" if self.position is None else f"position {self.position}"
        return f"{where}: {self.kind}: {self.detail}"


@dataclass
class Verdict:
    events: int = 0
    head_position: int = 0
    head_hash: bytes = GENESIS
    problems: list[Problem] = field(default_factory=list)
    more: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def fingerprint(self) -> Fingerprint:
        """The head: what reports print and ``verify --expect`` checks."""
        return Fingerprint(self.head_position, self.head_hash)

    def add(self, problem: Problem) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(problem)
        else:
            self.more += 1


def _name(originator_id: str, version: int, topic: str) -> str:
    return f"{topic} (aggregate {originator_id}, version {version})"


def check_joined(
    events: int, links: int, rows: Iterator[tuple[Any, ...]], expect: Fingerprint | None = None
) -> Verdict | None:
    """The fast path: every event beside its link's hash, all verified; None at the first doubt.

    None means "look closer" (``check_chain`` then names what is wrong): a link
    that does not match, an event without a link or a link without an event
    (the counts differ from the rows joined), or the fingerprint expected.
    """
    verdict, previous, sha256, pack = Verdict(), GENESIS, hashlib.sha256, _HEADER.pack
    topics: dict[str, bytes] = {}
    position = 0
    try:
        for position, originator_id, version, topic, state, digest in rows:
            encoded = topics.get(topic)
            if encoded is None:
                raw = topic.encode()
                encoded = topics[topic] = _LENGTH.pack(len(raw)) + raw
            identity = id_bytes(originator_id)
            header = pack(position, version, len(identity))
            if sha256(b"".join((previous, header, identity, encoded, state))).digest() != digest:
                return None
            if expect is not None and position == expect.position and digest != expect.hash:
                return None
            previous = digest
            verdict.events += 1
    except TypeError:  # a state stored as text: the close look handles it
        return None
    if verdict.events != events or events != links:
        return None
    if expect is not None and expect.position > position:
        return None
    verdict.head_position, verdict.head_hash = position, previous
    return verdict


#: ``(position, hash)`` of each link, in position order: all ``check_chain`` reads in bulk.
Heads = Iterator[tuple[int, bytes]]


def check_chain(
    events: Iterator[StoredRow],
    links: Heads,
    lookup: Callable[[int], Link],
    expect: Fingerprint | None = None,
) -> Verdict:
    """Walk the events and the links side by side, in position order.

    Each event is checked against the stored link before it; ``lookup`` gives a
    link's whole row when a problem needs naming. ``expect``, a fingerprint
    printed earlier (on a report, by ``verify``), must be in the chain: a chain
    recomputed from scratch by someone with the file holds a different hash there.
    """
    verdict = Verdict()
    removed: dict[tuple[str, int], int] = {}
    compute, previous, expected_seen = Linker(), GENESIS, expect is None
    event, chained = next(events, None), next(links, None)
    while event is not None or chained is not None:
        if chained is not None and event is not None and event[0] == chained[0]:
            position, digest = chained
            if compute(previous, event) != digest:
                _mismatch(verdict, previous, event, lookup(position))
            if expect is not None and position == expect.position:
                expected_seen = True
                _compare(verdict, expect, digest)
            verdict.events += 1
            verdict.head_position, verdict.head_hash = position, digest
            previous = digest
            event, chained = next(events, None), next(links, None)
        elif chained is None or (event is not None and event[0] < chained[0]):
            assert event is not None
            _unlinked(verdict, event, removed)
            verdict.events += 1
            verdict.head_position = event.position
            event = next(events, None)
        else:
            gone = lookup(chained[0])
            removed[(gone.originator_id, gone.originator_version)] = gone.position
            what = _name(gone.originator_id, gone.originator_version, gone.topic)
            verdict.add(Problem(gone.position, "removed", f"{what} is no longer in the record"))
            previous = chained[1]
            chained = next(links, None)
    if not expected_seen:
        assert expect is not None
        missing = f"the chain has no position of fingerprint {expect}"
        verdict.add(Problem(expect.position, "removed", missing))
    verdict.problems.sort(key=lambda p: p.position or 0)
    return verdict


def _unlinked(verdict: Verdict, event: StoredRow, removed: dict[tuple[str, int], int]) -> None:
    key = (event.originator_id, event.originator_version)
    what = _name(event.originator_id, event.originator_version, event.topic)
    if key in removed:
        detail = f"{what} was recorded at position {removed[key]}, not here"
        verdict.add(Problem(event.position, "moved", detail))
    else:
        verdict.add(Problem(event.position, "inserted", f"{what} has no link in the chain"))


def _compare(verdict: Verdict, expect: Fingerprint, digest: bytes) -> None:
    if digest != expect.hash:
        verdict.add(
            Problem(
                expect.position,
                "altered",
                f"the chain holds {digest.hex()} here, not the fingerprint "
                f"{expect}: the record was rewritten since that fingerprint was taken",
            )
        )


def _mismatch(verdict: Verdict, previous: bytes, event: StoredRow, chained: Link) -> None:
    if (event.originator_id, event.originator_version) != (
        chained.originator_id,
        chained.originator_version,
    ):
        verdict.add(
            Problem(
                event.position,
                "reordered",
                f"{_name(event.originator_id, event.originator_version, event.topic)} is here, "
                "where the record had "
                f"{_name(chained.originator_id, chained.originator_version, chained.topic)}",
            )
        )
        return
    what = _name(event.originator_id, event.originator_version, chained.topic)
    if event.topic != chained.topic:
        detail = f"the topic of {what} was changed to {event.topic}"
    elif event.link(previous) != chained.hash:
        detail = f"the state of {what} differs from what was recorded"
    else:  # pragma: no cover - the fast and the plain link disagree
        raise AssertionError("the chain's two computations disagree")
    verdict.add(Problem(event.position, "altered", detail))
