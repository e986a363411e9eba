"""A Python client generated from /api/openapi.json (openapi-python-client) just works.

The client is generated during the test, into its temporary folder, from the
document the app serves, and calls the app through httpx's WSGI transport (no
network). The generator's formatter is configured off; ``text/plain`` bodies
are sent as the bytes they are (the generator's octet-stream support).
"""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from io import BytesIO
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
from flask import Flask
from flask.testing import FlaskClient

from api.services import Services

pytestmark = pytest.mark.slow
Headers = dict[str, str]
SEED_LETTER = Path(__file__).parents[2] / "gcm_process" / "data" / "gcm-2018-01-30.txt"
CONFIG = """\
package_name_override: gcm_client
post_hooks: []
content_type_overrides:
  text/plain: application/octet-stream
"""


@pytest.fixture
def generated(client: FlaskClient, tmp_path: Path) -> Iterator[ModuleType]:
    spec = tmp_path / "openapi.json"
    spec.write_text(json.dumps(client.get("/api/openapi.json").get_json()))
    (tmp_path / "config.yaml").write_text(CONFIG)
    generator = Path(sys.executable).with_name("openapi-python-client")
    done = subprocess.run(
        [str(generator), "generate", "--path", str(spec), "--output-path",
         str(tmp_path / "gcm_client"), "--meta", "none", "--config", str(tmp_path / "config.yaml")],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Warning" not in done.stdout, done.stdout  # every operation was generated whole
    sys.path.insert(0, str(tmp_path))
    try:
        yield importlib.import_module("gcm_client")
    finally:
        sys.path.remove(str(tmp_path))
        for name in [n for n in sys.modules if n == "gcm_client" or n.startswith("gcm_client.")]:
            del sys.modules[name]


def part(package: ModuleType, name: str) -> Any:
    return importlib.import_module(f"{package.__name__}.{name}")


def test_the_generated_client_reads_writes_revalidates_and_imports(
    generated: ModuleType, flask_app: Flask, clerk: Headers, recorded: str, gcm: Services
) -> None:
    token = clerk["Authorization"].removeprefix("Bearer ")
    api = generated.AuthenticatedClient(
        base_url="http://localhost",
        token=token,
        httpx_args={"transport": httpx.WSGITransport(app=flask_app)},
    )
    timeline = part(generated, "api.processes.get_process_timeline")
    venue = part(generated, "api.sessions.post_process_session_venue")
    session = part(generated, "api.sessions.get_process_session")
    imports = part(generated, "api.imports.post_process_imports")
    models = part(generated, "models")
    types = part(generated, "types")

    # A read, at a point on the announced axis.
    read = timeline.sync_detailed("gcm-2018", client=api, known_on=date(2018, 1, 26))
    assert read.status_code == 200
    assert [s.slug for s in read.parsed.sessions] == ["round-1"]

    # A write with If-Match and Idempotency-Key, retried: answered as the first time.
    body = models.VenueIn(venue="Conference Room 1", announced_on=date(2018, 2, 1))
    moved = venue.sync_detailed(
        "gcm-2018", "round-1", client=api, body=body, if_match='"1"', idempotency_key="move-1"
    )
    assert moved.status_code == 200 and moved.parsed.version == 2
    assert moved.headers["ETag"] == '"2"'
    before = gcm.app.last_position()
    again = venue.sync_detailed(
        "gcm-2018", "round-1", client=api, body=body, if_match='"1"', idempotency_key="move-1"
    )
    assert again.status_code == 200 and again.headers["Idempotent-Replayed"] == "true"
    assert gcm.app.last_position() == before
    stale = venue.sync_detailed("gcm-2018", "round-1", client=api, body=body, if_match='"1"')
    assert stale.status_code == 412 and isinstance(stale.parsed, models.Problem)
    assert stale.parsed.type_ == "urn:gcm-process:problem:precondition-failed"

    # A 304 to If-None-Match naming the current version.
    current = session.sync_detailed("gcm-2018", "round-1", client=api, if_none_match='"2"')
    assert current.status_code == 304 and current.content == b""
    assert session.sync_detailed("gcm-2018", "round-1", client=api).parsed.version == 2

    # An import of plain text, recorded.
    letter = types.File(payload=BytesIO(SEED_LETTER.read_bytes()), mime_type="text/plain")
    imported = imports.sync_detailed("gcm-2018", client=api, body=letter, commit=True)
    assert imported.status_code == 200, imported.content
    assert imported.parsed["committed"] is True and imported.parsed["recorded"] > 0
    after = timeline.sync_detailed("gcm-2018", client=api).parsed
    assert "zero-draft-presentation" in [s.slug for s in after.sessions]
