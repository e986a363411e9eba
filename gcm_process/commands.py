"""Idempotent commands: a record of each command id, stored with the events it produced.

A command given a ``command_id`` saves, in the same transaction as its events,
a ``CommandRecord`` whose id is derived from the command id. A second command
with that id finds the record and returns the original receipt; two at once
collide on the record's id in the store and the loser reads the winner's.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from gcm_process.domain.errors import IdempotencyConflict
from gcm_process.domain.ids import command_record_id

MAX_COMMAND_ID_LENGTH = 200


@dataclass(frozen=True)
class Receipt:
    """What a command returns: the aggregate it changed and the version it reached."""

    command: str
    command_id: str
    aggregate_id: UUID
    version: int
    #: True when the command id had already been served and nothing new was recorded.
    replayed: bool = False


def _default(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "__dataclass_fields__"):
        # A field marked omit_default (a day's place and mode) counts only when it is not its
        # default: commands digested before it existed keep their digests.
        return {
            k: getattr(value, k)
            for k, f in value.__dataclass_fields__.items()
            if not (f.metadata.get("omit_default") and getattr(value, k) == f.default)
        }
    return str(value)


def payload_digest(command: str, payload: dict[str, Any]) -> str:
    text = json.dumps([command, payload], sort_keys=True, default=_default)
    return hashlib.sha256(text.encode()).hexdigest()


class CommandRecord(Aggregate):
    TOPIC = "gcm.CommandRecord"

    class Created(Aggregate.Created):
        TOPIC = "gcm.CommandRecord.Created"

    @staticmethod
    def create_id(command_id: str) -> UUID:
        return command_record_id(command_id)

    @event("Recorded", topic="gcm.CommandRecord.Recorded")
    def __init__(
        self,
        command_id: str,
        command: str,
        digest: str,
        aggregate_id: UUID,
        aggregate_version: int,
    ) -> None:
        self.command_id = command_id
        self.command = command
        self.digest = digest
        self.aggregate_id = aggregate_id
        self.aggregate_version = aggregate_version

    def receipt_for(self, command: str, digest: str) -> Receipt:
        if command != self.command or digest != self.digest:
            raise IdempotencyConflict(
                f"Command id '{self.command_id}' was already used for a different "
                f"command ({self.command}); use a new id for a new command."
            )
        return self.receipt()

    def receipt(self) -> Receipt:
        """The receipt the command was answered with, marked as replayed."""
        return Receipt(
            command=self.command,
            command_id=self.command_id,
            aggregate_id=self.aggregate_id,
            version=self.aggregate_version,
            replayed=True,
        )
