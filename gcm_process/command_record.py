"""Idempotent commands: a record of each command id, stored with the events it produced.

A command given a ``command_id`` saves, in the same transaction as its events,
a ``CommandRecord`` whose id is derived from the command id. A second command
with that id collides with the record on its id in the store (or is refused by
the record first, its change made already) and then reads the record and
returns the original receipt; two at once collide the same way and the loser
reads the winner's. A command with a new id costs no lookup.
"""

from __future__ import annotations

from uuid import UUID

from eventsourcing.domain import Aggregate, event

from gcm_process.commands import Receipt
from gcm_process.domain.errors import IdempotencyConflict
from gcm_process.domain.ids import command_record_id


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
