"""Registering webhooks over HTTP and on the command line: admins only, http(s) only,
the secret shown once, the delivery log readable."""

from __future__ import annotations

import json
import logging

import pytest
from click.testing import CliRunner
from flask.testing import FlaskClient

from api.config import ApiConfig
from api.webhooks.signing import signature, verify
from gcm_process.cli import main
from tests.api.conftest import Headers, bearer
from tests.api.helpers import ok
from tests.api.receiver import receiving

HOOKS = "/api/processes/gcm-2018/webhooks"
URL = "https://receiver.example.org/gcm"


@pytest.fixture
def admin(api_config: ApiConfig) -> Headers:
    return bearer(api_config, "admin-eve", "admin")


def test_an_admin_registers_lists_and_removes(
    client: FlaskClient, admin: Headers, recorded: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    made = client.post(HOOKS, json={"url": URL}, headers=admin)
    hook = ok(made, 201)
    twin = client.post(HOOKS, json={"url": URL}, headers=admin)
    assert twin.status_code == 409 and hook["id"] in twin.get_json()["detail"]
    secret = hook["secret"]
    assert secret.startswith("whsec_") and len(secret) > 40
    assert made.headers["Location"] == f"{HOOKS}/{hook['id']}"
    # From now on: the change already recorded is not delivered.
    assert hook["acknowledged"] > 0 and hook["pending"] == 0 and hook["created_by"] == "admin-eve"
    listed = ok(client.get(HOOKS, headers=admin))["items"]
    assert [h["id"] for h in listed] == [hook["id"]]
    one = ok(client.get(f"{HOOKS}/{hook['id']}", headers=admin))
    log = ok(client.get(f"{HOOKS}/{hook['id']}/deliveries", headers=admin))
    assert log["items"] == [] and log["webhook"]["url"] == URL
    for answer in (listed[0], one, log["webhook"]):
        assert "secret" not in answer
    assert client.delete(f"{HOOKS}/{hook['id']}", headers=admin).status_code == 204
    assert ok(client.get(f"{HOOKS}/{hook['id']}", headers=admin))["removed_at"]
    assert client.delete(f"{HOOKS}/{hook['id']}", headers=admin).status_code == 404
    assert secret not in caplog.text


def test_only_admins(
    client: FlaskClient, admin: Headers, clerk: Headers, reader: Headers, recorded: str
) -> None:
    assert client.post(HOOKS, json={"url": URL}, headers=clerk).status_code == 403
    assert client.post(HOOKS, json={"url": URL}).status_code == 401
    assert client.get(HOOKS).status_code == 401
    refused = client.get(HOOKS, headers=reader)
    assert refused.status_code == 403 and refused.mimetype == "application/problem+json"
    assert client.get("/api/processes/no-such/webhooks", headers=admin).status_code == 404
    assert client.get(f"{HOOKS}/wh-000000000000", headers=admin).status_code == 404


@pytest.mark.parametrize(
    "url", ["ftp://example.org/x", "javascript:alert(1)", "http://", "example.org/hook",
            "http://exa mple.org/"],
)  # fmt: skip
def test_a_url_must_be_http_or_https(
    client: FlaskClient, admin: Headers, recorded: str, url: str
) -> None:
    refused = client.post(HOOKS, json={"url": url}, headers=admin)
    assert refused.status_code == 422
    assert "http:// or https://" in refused.get_json()["detail"]
    assert ok(client.get(HOOKS, headers=admin))["items"] == []


def test_a_short_secret_and_a_replayed_key(
    client: FlaskClient, admin: Headers, recorded: str
) -> None:
    assert (
        client.post(HOOKS, json={"url": URL, "secret": "short"}, headers=admin).status_code == 422
    )
    key = {**admin, "Idempotency-Key": "hook-1"}
    first = ok(client.post(HOOKS, json={"url": URL, "after": 0}, headers=key), 201)
    again = client.post(HOOKS, json={"url": URL, "after": 0}, headers=key)
    assert again.status_code == 201 and again.headers["Idempotent-Replayed"] == "true"
    assert again.get_json()["id"] == first["id"] and again.get_json()["pending"] == 1
    other = client.post(HOOKS, json={"url": URL + "/other"}, headers=key)
    assert other.status_code == 422
    assert len(ok(client.get(HOOKS, headers=admin))["items"]) == 1


def test_the_signature_a_receiver_checks() -> None:
    body = b'{"position": 3}'
    header = signature("s3cret-s3cret-s3cret", 1_700_000_000, body)
    assert verify("s3cret-s3cret-s3cret", header, body, now=1_700_000_100)
    assert not verify("another-secret-entirely", header, body, now=1_700_000_100)
    assert not verify("s3cret-s3cret-s3cret", header, body + b" ", now=1_700_000_100)
    assert not verify("s3cret-s3cret-s3cret", header, body, now=1_700_001_000)  # too old
    assert not verify("s3cret-s3cret-s3cret", "v1=abc", body)


def test_the_command_line(api_config: ApiConfig, client: FlaskClient, recorded: str) -> None:
    runner = CliRunner()
    data = ["--data-dir", str(api_config.settings.data_dir)]
    added = runner.invoke(main, [*data, "webhooks", "add", URL, "--after", "0"])
    assert added.exit_code == 0, added.output
    secret = added.output.split("secret: ")[1].split()[0]
    hook = added.output.split()[1]
    listed = runner.invoke(main, [*data, "webhooks", "list"])
    assert hook in listed.output and URL in listed.output and secret not in listed.output
    log = runner.invoke(main, [*data, "webhooks", "deliveries", hook, "--json"])
    assert log.exit_code == 0 and log.output.strip() == "[]"
    refused = runner.invoke(main, [*data, "webhooks", "add", "ftp://example.org/"])
    assert refused.exit_code == 1 and "http:// or https://" in refused.output
    assert runner.invoke(main, [*data, "webhooks", "remove", hook]).exit_code == 0
    assert runner.invoke(main, [*data, "webhooks", "remove", hook]).exit_code == 1
    over_http = ok(client.get(HOOKS, headers=bearer(api_config, "admin-eve", "admin")))
    assert over_http["items"][0]["id"] == hook and over_http["items"][0]["removed_at"]


def test_deliver_on_the_command_line(
    api_config: ApiConfig, recorded: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GCM_WEBHOOK_POLL_SECONDS", "0.05")
    runner = CliRunner()
    data = ["--data-dir", str(api_config.settings.data_dir)]
    secret = "a-secret-for-the-command-line"
    with receiving(secret) as receiver:
        add = ["webhooks", "add", receiver.url, "--after", "0", "--secret", secret, "--json"]
        added = runner.invoke(main, [*data, *add])
        hook = json.loads(added.output)["id"]
        delivered = runner.invoke(main, [*data, "webhooks", "deliver", "--stop-after", "2"])
    assert delivered.exit_code == 0, delivered.output
    assert [r.body["change"]["event"] for r in receiver.received] == ["Scheduled"]
    assert receiver.received[0].verified
    log = runner.invoke(main, [*data, "webhooks", "deliveries", hook])
    assert "204" in log.output and "yes" in log.output
