"""The record fingerprint and the node's public key over HTTP."""

from __future__ import annotations

from pathlib import Path

from flask.testing import FlaskClient

from api.services import Services
from gcm_process.integrity.record import verify_record
from gcm_process.integrity.signing import key_fingerprint, load_public_key
from tests.factories import open_gcm, tell_round_1_story
from tests.integrity.records import cli


def test_the_fingerprint_and_public_key_check_an_export(
    client: FlaskClient, gcm: Services, tmp_path: Path
) -> None:
    open_gcm(gcm.app)
    tell_round_1_story(gcm.app)
    found = client.get("/api/integrity")
    assert found.status_code == 200
    head = verify_record(gcm.config.settings).fingerprint
    assert found.json is not None
    assert found.json["record_fingerprint"] == str(head)
    assert (found.json["head_position"], found.json["events"]) == (6, 6)

    assert client.get("/healthz").json["record_fingerprint"] == str(head)  # type: ignore[index]

    pem = client.get("/api/integrity/public-key")
    assert pem.status_code == 200 and pem.mimetype == "application/x-pem-file"
    assert key_fingerprint(load_public_key(pem.data)) == found.json["public_key_fingerprint"]
    key = tmp_path / "node.pem"
    key.write_bytes(pem.data)
    export = tmp_path / "record.ndjson.gz"
    assert cli(gcm.config.settings, "export", "-o", str(export)).exit_code == 0
    checked = cli(gcm.config.settings, "verify-export", str(export), "--key", str(key))
    assert checked.exit_code == 0, checked.output
    assert f"record fingerprint {head}; signed by key" in checked.output
