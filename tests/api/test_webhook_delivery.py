"""Deliveries to a real receiver on loopback that fails, answers late and restarts:
every change arrives at least once, in order, signed; the delivery log shows the failures."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any

from flask.testing import FlaskClient

from api.config import ApiConfig
from api.services import Services
from api.webhooks.deliver import DeliveryOptions
from api.webhooks.running import deliver
from gcm_process.config import Settings
from projections import recorded as recorded_changes
from tests.api.conftest import Headers, bearer
from tests.api.helpers import SESSIONS, ok
from tests.api.receiver import Receiver, receiving

SECRET = "a-shared-secret-of-the-receiver"
HOOKS = "/api/processes/gcm-2018/webhooks"
FAST = DeliveryOptions(timeout=0.5, backoff=0.05, backoff_max=0.2, poll=0.05)


def delivering(config: ApiConfig) -> AbstractContextManager[None]:
    return delivering_on(config.settings)


@contextmanager
def delivering_on(settings: Settings) -> Iterator[None]:
    stop = threading.Event()
    thread = threading.Thread(target=deliver, args=(settings, FAST, stop), daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(10)
        assert not thread.is_alive()


def eventually(check: Callable[[], bool], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "not reached in time"
        time.sleep(0.05)


def test_every_change_arrives_once_at_least_in_order_signed(
    client: FlaskClient, clerk: Headers, recorded: str, api_config: ApiConfig, gcm: Services
) -> None:
    admin = bearer(api_config, "admin-eve", "admin")

    def change(what: str, **body: object) -> None:
        ok(client.post(f"{SESSIONS}/round-1/{what}", json=body, headers=clerk))

    def attempts() -> list[dict[str, Any]]:
        return list(ok(client.get(f"{log}?limit=1000", headers=admin))["items"])

    def shown() -> dict[str, Any]:
        return dict(ok(client.get(f"{HOOKS}/{hook['id']}", headers=admin)))

    with receiving(SECRET, script=["fail", "fail", "slow"], slow_seconds=1.0) as receiver:
        body = {"url": receiver.url, "secret": SECRET, "after": 0}
        hook = ok(client.post(HOOKS, json=body, headers=admin), 201)
        log = f"{HOOKS}/{hook['id']}/deliveries"
        with delivering(api_config):
            days = [{"date": "2018-02-21", "venue": "Conference Room 1"}]
            change("reschedule", days=days, announced_on="2018-02-01")
            change("venue", venue="Conference Room 2", announced_on="2018-02-02")
            receiver.wait_for(_all_positions(gcm)[-1])
            # The receiver goes away: attempts fail to connect until it is back.
            receiver.stop()
            change("postpone", announced_on="2018-02-03")
            eventually(lambda: any("could not connect" in (a["error"] or "") for a in attempts()))
            receiver.start()
            receiver.wait_for(_all_positions(gcm)[-1])
            eventually(lambda: shown()["pending"] == 0)
        # The deliverer stops, a change is recorded, and a new one resumes from there.
        change("cancel", announced_on="2018-02-04")
        before_restart = len(receiver.received)
        with delivering(api_config):
            receiver.wait_for(_all_positions(gcm)[-1])
            eventually(lambda: shown()["pending"] == 0)
        assert len(receiver.received) == before_restart + 1
    _check_arrivals(receiver, _all_positions(gcm))
    log_now = attempts()
    errors = " ".join(a["error"] or "" for a in log_now)
    assert [a["status"] for a in log_now].count(500) == 2
    assert "no answer within 0.5 s" in errors and "could not connect" in errors
    assert all(a["next_try"] for a in log_now if not a["acknowledged"])
    acknowledged = [a["position"] for a in reversed(log_now) if a["acknowledged"]]
    assert acknowledged == _all_positions(gcm)
    assert shown()["acknowledged"] == acknowledged[-1] and shown()["failures"] == 0


def _check_arrivals(receiver: Receiver, positions: list[int]) -> None:
    arrived = receiver.positions()
    assert set(arrived) == set(positions)
    # In order: a change is sent again until acknowledged, never after the next one.
    assert arrived == sorted(arrived)
    assert list(dict.fromkeys(arrived)) == positions
    assert all(r.verified for r in receiver.received)
    first = receiver.received[0].body
    assert first["change"]["event"] == "Scheduled" and first["change"]["session"] == "round-1"
    assert first["page"] == "http://localhost/processes/gcm-2018/sessions/round-1#v1"
    assert first["delivery"] == f"{first['webhook']}:{first['position']}"


def _all_positions(gcm: Services) -> list[int]:
    return [c["position"] for c in recorded_changes.after(gcm.db, "gcm-2018", 0, 1000)]


def test_one_deliverer_per_data_directory(api_config: ApiConfig) -> None:
    """A second deliverer on the same data directory waits until the first one stops."""
    first, second = threading.Event(), threading.Event()
    waited = threading.Event()
    one = threading.Thread(target=deliver, args=(api_config.settings, FAST, first))
    one.start()
    time.sleep(0.5)
    other = threading.Thread(
        target=deliver,
        args=(api_config.settings, FAST, second),
        kwargs={"waiting": waited.set},
    )
    other.start()
    eventually(waited.is_set, timeout=10)
    first.set()
    one.join(10)
    second.set()
    other.join(10)
    assert not one.is_alive() and not other.is_alive()
