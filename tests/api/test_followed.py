"""A node whose follower keeps its views: reads, /healthz and /readyz never ask the store;
writes to an unreachable store or a full disk answer at once; conflicts catch up first."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from eventsourcing.persistence import OperationalError
from flask import Flask

from api import status
from api.config import ApiConfig
from api.follower import Follower
from api.services import Services
from api.status import StatusFile, ViewsStatus, read, write
from tests.api.conftest import Headers
from tests.api.helpers import SESSIONS, ok

BODY = {"venue": "ECOSOC Chamber", "announced_on": "2018-02-10"}


@pytest.fixture
def node(make_app: Callable[..., Flask], api_config: ApiConfig, recorded: str) -> Flask:
    """A second app on the same data directory, as a served worker: followed."""
    return make_app(api_config, followed=True)


def services_of(app: Flask) -> Services:
    found: Services = app.extensions["gcm"]
    return found


def unreachable(*args: object, **kwargs: object) -> None:
    raise OperationalError("connection refused")


def test_reads_and_health_answer_from_the_views_while_the_store_is_away(
    node: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    found = services_of(node)
    Follower(found.config).look()
    client = node.test_client()
    assert ok(client.get("/healthz"))["status"] == "ok"
    assert client.get("/readyz").status_code == 200
    for name in ("select_notifications", "max_notification_id", "select_events"):
        monkeypatch.setattr(found.app.recorder, name, unreachable)
    write(found.config.status_path, found.status().failed(found.views.position(), OSError("x")))
    started = time.perf_counter()
    health = client.get("/healthz")
    assert time.perf_counter() - started < 0.05
    assert ok(health)["status"] == "degraded" and health.json["store"] == "unreachable"  # type: ignore[index]
    assert client.get("/readyz").status_code == 503
    assert ok(client.get("/api/integrity"))["events"] == 2  # as the follower last saw it
    timeline = client.get("/api/processes/gcm-2018/timeline")
    assert ok(timeline)["sessions"] and timeline.headers["Views-Position"] == "2"
    assert float(timeline.headers["Views-Age"]) >= 0


def test_a_write_to_an_unreachable_store_is_a_503_problem_with_retry_after(
    node: Flask, clerk: Headers, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(services_of(node).app.recorder, "select_events", unreachable)
    answer = node.test_client().post(f"{SESSIONS}/round-1/venue", json=BODY, headers=clerk)
    assert answer.status_code == 503 and answer.mimetype == "application/problem+json"
    assert answer.headers["Retry-After"] == "2"
    assert answer.json["type"].endswith(":store-unavailable")  # type: ignore[index]


def test_a_full_disk_is_a_507_problem(
    node: Flask, clerk: Headers, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(*args: object, **kwargs: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(services_of(node).app.recorder, "insert_events", full)
    answer = node.test_client().post(f"{SESSIONS}/round-1/venue", json=BODY, headers=clerk)
    assert answer.status_code == 507 and answer.mimetype == "application/problem+json"


def test_views_that_lag_say_behind_and_a_missing_follower_says_degraded(node: Flask) -> None:
    found = services_of(node)
    client = node.test_client()
    assert ok(client.get("/healthz"))["status"] == "degraded"  # no follower has looked yet
    old = time.time() - 60
    lagging = ViewsStatus("listen", True, 1, head=9, checked_at=time.time(), current_at=old)
    write(found.config.status_path, lagging)
    health = client.get("/healthz")
    assert health.status_code == 503 and health.json["status"] == "behind"  # type: ignore[index]
    assert health.json["behind"] == 7  # type: ignore[index]
    stale = replace(lagging, head=2, checked_at=old)
    write(found.config.status_path, stale)
    assert ok(client.get("/healthz"))["status"] == "degraded"


def test_a_stale_if_match_is_answered_412_with_the_views_caught_up(
    node: Flask, clerk: Headers, gcm: Services
) -> None:
    client = node.test_client()
    Follower(services_of(node).config).look()
    assert ok(client.get(f"{SESSIONS}/round-1"))["version"] == 1
    gcm.app.change_venue("gcm-2018", "round-1", "Room Z", actor="elsewhere")  # another node
    assert ok(client.get(f"{SESSIONS}/round-1"))["version"] == 1  # not followed yet
    stale = client.post(f"{SESSIONS}/round-1/venue", json=BODY, headers=clerk | {"If-Match": '"1"'})
    assert stale.status_code == 412
    assert ok(client.get(f"{SESSIONS}/round-1"))["version"] == 2  # read again: at once


def test_an_etag_from_a_node_ahead_is_never_answered_from_older_views(
    node: Flask, gcm: Services
) -> None:
    client = node.test_client()
    Follower(services_of(node).config).look()
    gcm.app.change_venue("gcm-2018", "round-1", "Room Z", actor="elsewhere")
    answer = client.get(f"{SESSIONS}/round-1", headers={"If-None-Match": '"2"'})
    assert answer.status_code == 304 and answer.headers["ETag"] == '"2"'


def test_the_follower_resumes_after_the_store_fails(
    node: Flask, gcm: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    follower = Follower(services_of(node).config)
    assert follower.look().store_ok
    monkeypatch.setattr(follower.app.recorder, "max_notification_id", unreachable)
    gcm.app.change_venue("gcm-2018", "round-1", "Room Z", actor="elsewhere")
    failed = follower.look()
    assert not failed.store_ok and failed.views == 2 and "connection refused" in str(failed.error)
    monkeypatch.undo()
    assert follower.look().views == 3
    follower.close()


def test_a_worker_reads_the_status_again_only_once_the_follower_replaced_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "follower.json"
    kept = StatusFile(path)
    assert kept.read() is None
    write(path, ViewsStatus("poll", True, 3, head=3))
    parsed: list[Path] = []
    monkeypatch.setattr(status, "read", lambda p: parsed.append(p) or read(p))
    assert kept.read() == kept.read() and kept.read().views == 3  # type: ignore[union-attr]
    assert len(parsed) == 1
    write(path, ViewsStatus("poll", True, 4, head=4))
    assert kept.read().views == 4 and len(parsed) == 2  # type: ignore[union-attr]
