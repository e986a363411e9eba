"""Two nodes sharing a PostgreSQL event store: a webhook registered on one node is delivered
by that node's deliverer, also for the changes written through the other node."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from api.webhooks.store import WebhookStore
from gcm_process.application import GcmProcess
from gcm_process.config import Settings
from tests.api.receiver import receiving
from tests.api.test_webhook_delivery import delivering_on, eventually
from tests.factories import CLERK, PROCESS, open_gcm, schedule_round_1

pytestmark = pytest.mark.postgres
SECRET = "shared-by-node-a-and-its-receiver"


def test_the_node_that_holds_the_webhook_delivers_what_another_node_writes(
    postgres_settings: Settings,
) -> None:
    node_a = postgres_settings
    node_b = replace(postgres_settings, data_dir=postgres_settings.data_dir.parent / "node-b")
    writer = GcmProcess.from_settings(node_b)
    try:
        open_gcm(writer)
        schedule_round_1(writer)
        with receiving(SECRET) as receiver:
            store = WebhookStore.of(node_a.data_dir)
            hook, _ = store.add(PROCESS, receiver.url, base_url="http://a.example", actor="admin",
                                after=0, secret=SECRET)  # fmt: skip
            with delivering_on(node_a):
                eventually(lambda: len(receiver.received) == 1)
                writer.change_venue(PROCESS, "round-1", "Conference Room 1", actor=CLERK,
                                    announced_on=date(2018, 2, 1))  # fmt: skip
                eventually(lambda: len(receiver.received) == 2)
                eventually(lambda: store.get(hook.id).acknowledged == receiver.positions()[-1])
        events = [r.body["change"]["event"] for r in receiver.received]
        assert events == ["Scheduled", "VenueChanged"] and all(
            r.verified for r in receiver.received
        )
        assert not (node_b.data_dir / "webhooks.sqlite").exists()
    finally:
        writer.close()
