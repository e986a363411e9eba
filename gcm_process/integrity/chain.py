"""The hash chain over the event log: one link per stored event, in notification order.

A link's hash covers the event's position, aggregate id, version, topic and
stored state (which holds the recorded time), and the hash of the link
before it::

    hash(n) = SHA-256(hash(n-1) || position || version || len(id) || id
                      || len(topic) || topic || state)

with integers as 8-byte big-endian numbers, lengths as 4-byte ones, the
aggregate id as its 16 bytes (a UUID) or its UTF-8 text, and ``GENESIS``
before the first link. Changing, removing, reordering or inserting any event
changes every hash from there on, so the head hash (the "record
fingerprint") names the whole history.
"""

from __future__ import annotations

import hashlib
import struct
from typing import NamedTuple
from uuid import UUID

#: The name and version of the chain's definition, written in exports.
CHAIN_FORMAT = "sha256-v1"
#: The hash "before" the first event.
GENESIS = hashlib.sha256(b"gcm-process record chain v1").digest()

_HEADER = struct.Struct(">QQI")
_LENGTH = struct.Struct(">I")
_sha256 = hashlib.sha256


def id_bytes(originator_id: UUID | str) -> bytes:
    """An aggregate id as the chain hashes it: a UUID's 16 bytes, else UTF-8 text."""
    if isinstance(originator_id, UUID):
        return originator_id.bytes
    if len(originator_id) == 32:  # a UUID as SQLite stores it: the fast way
        try:
            return bytes.fromhex(originator_id)
        except ValueError:
            pass
    try:
        return UUID(originator_id).bytes
    except ValueError:
        return originator_id.encode()


def message(position: int, originator_id: bytes, version: int, topic: str, state: bytes) -> bytes:
    """What one event's link hashes after the previous link's hash."""
    topic_bytes = topic.encode()
    return b"".join(
        (
            _HEADER.pack(position, version, len(originator_id)),
            originator_id,
            _LENGTH.pack(len(topic_bytes)),
            topic_bytes,
            state,
        )
    )


def link(
    previous: bytes, position: int, originator_id: bytes, version: int, topic: str, state: bytes
) -> bytes:
    """The hash of one event's link, chained to ``previous``."""
    return _sha256(previous + message(position, originator_id, version, topic, state)).digest()


class StoredRow(NamedTuple):
    """One stored event as the chain reads it (the aggregate id as text)."""

    position: int
    originator_id: str
    originator_version: int
    topic: str
    state: bytes

    def link(self, previous: bytes) -> bytes:
        return link(
            previous,
            self.position,
            id_bytes(self.originator_id),
            self.originator_version,
            self.topic,
            self.state,
        )


class Link(NamedTuple):
    """One stored link: which event the chain holds at a position, and its hash."""

    position: int
    originator_id: str
    originator_version: int
    topic: str
    hash: bytes


class Linker:
    """``link`` for many rows at once: each topic's bytes are encoded once (``verify``'s loop)."""

    def __init__(self) -> None:
        self._topics: dict[str, bytes] = {}

    def __call__(self, previous: bytes, row: StoredRow) -> bytes:
        position, originator_id, version, topic, state = row
        encoded = self._topics.get(topic)
        if encoded is None:
            raw = topic.encode()
            encoded = self._topics[topic] = _LENGTH.pack(len(raw)) + raw
        identity = id_bytes(originator_id)
        header = _HEADER.pack(position, version, len(identity))
        return _sha256(b"".join((previous, header, identity, encoded, state))).digest()
