"""Credentials kept in the event store: one node issues, every node knows, one revokes."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from api.config import ApiConfig
from api.services import Services
from api.tokens import TokenStore
from gcm_process.application import GcmProcess
from gcm_process.config import Settings
from gcm_process.credentials import CREDENTIAL_TOPICS
from gcm_process.domain.errors import AlreadyExists, NotFound
from tests.api.helpers import SESSIONS, ok


@pytest.fixture
def store() -> GcmProcess:
    return GcmProcess(Settings(Path("unused"), "memory").application_env())


def test_a_token_issued_on_one_node_is_known_on_another_once_it_follows(
    store: GcmProcess, tmp_path: Path
) -> None:
    one, two = TokenStore(tmp_path / "1.sqlite", store), TokenStore(tmp_path / "2.sqlite", store)
    secret = one.create("clerk-ana", "clerk", actor="cli:root")
    assert one.find(secret) is not None and two.find(secret) is None
    two.catch_up()
    found = two.find(secret)
    assert found is not None and found.shared and found.role == "clerk"
    assert len(found.credential) == 32 and found.actor == f"clerk-ana ({found.credential})"
    two.change_role("clerk-ana", "reader")
    one.catch_up()
    assert one.find(secret).role == "reader"  # type: ignore[union-attr]
    two.revoke("clerk-ana")
    one.catch_up()
    assert one.find(secret) is None and two.find(secret) is None
    topics = [n.topic for n in store.recorder.select_notifications(start=1, limit=10)]
    assert topics == [CREDENTIAL_TOPICS[0], CREDENTIAL_TOPICS[2], CREDENTIAL_TOPICS[3]]


def test_a_name_given_again_after_revocation_is_a_new_credential(
    store: GcmProcess, tmp_path: Path
) -> None:
    one, two = TokenStore(tmp_path / "1.sqlite", store), TokenStore(tmp_path / "2.sqlite", store)
    first = one.find(one.create("clerk-ana", "clerk"))
    with pytest.raises(AlreadyExists):
        two.create("clerk-ana", "clerk")  # not followed yet: the store refuses it
    one.revoke("clerk-ana")
    again = two.find(two.create("clerk-ana", "admin"))
    assert first and again and first.credential != again.credential and again.role == "admin"
    with pytest.raises(NotFound):
        two.revoke("nobody")


def test_a_tokens_file_from_before_shared_credentials_keeps_working(tmp_path: Path) -> None:
    path = tmp_path / "tokens.sqlite"
    with sqlite3.connect(path) as db:
        db.executescript(
            "CREATE TABLE tokens (id INTEGER PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL,"
            " hash TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL, revoked_at TEXT);"
            "CREATE UNIQUE INDEX tokens_active_name ON tokens(name) WHERE revoked_at IS NULL;"
            "INSERT INTO tokens (name, role, hash, created_at) VALUES ('old', 'clerk', "
            "'9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08', '2024-01-01');"
        )
    found = TokenStore(path).find("test")  # the secret whose SHA-256 the file holds
    assert found is not None and found.name == "old" and not found.shared
    assert len(found.credential) == 32 and TokenStore(path).find("test") == found
    TokenStore(path).revoke("old")
    assert TokenStore(path).find("test") is None


def test_idempotency_keys_belong_to_a_credential_not_to_a_name(
    client: FlaskClient, recorded: str, gcm: Services
) -> None:
    tokens = TokenStore(gcm.config.tokens_path, gcm.app)
    first = {"Authorization": f"Bearer {tokens.create('clerk-cy', 'clerk')}"}
    body = {"venue": "Room A", "announced_on": "2018-02-10"}
    key = {"Idempotency-Key": "same-key"}
    assert ok(client.post(f"{SESSIONS}/round-1/venue", json=body, headers=first | key))
    tokens.revoke("clerk-cy")
    again = {"Authorization": f"Bearer {tokens.create('clerk-cy', 'clerk')}"}
    other = {"venue": "Room B", "announced_on": "2018-02-11"}
    answer = client.post(f"{SESSIONS}/round-1/venue", json=other, headers=again | key)
    assert ok(answer)["version"] == 3 and "Idempotent-Replayed" not in answer.headers
    actors = {e["actor"] for e in ok(client.get(f"{SESSIONS}/round-1/history"))["items"][1:]}
    assert len(actors) == 2 and {a.split(" (")[0] for a in actors} == {"clerk-cy"}


def test_a_token_revoked_while_the_app_serves_is_refused_at_once(
    client: FlaskClient, api_config: ApiConfig
) -> None:
    secret = TokenStore(api_config.tokens_path).create("clerk-cy", "clerk")
    headers = {"Authorization": f"Bearer {secret}"}
    assert client.get("/api/processes", headers=headers).status_code == 200
    TokenStore(api_config.tokens_path).revoke("clerk-cy")  # another process's connection
    refused = client.get("/api/processes", headers=headers)
    assert refused.status_code == 401 and refused.mimetype == "application/problem+json"
