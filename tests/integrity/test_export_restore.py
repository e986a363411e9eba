"""Export → restore: the same record, byte for byte, on SQLite and PostgreSQL; bad ones refused."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from api.config import ApiConfig
from api.tokens import TokenStore
from gcm_process.application import GcmProcess
from gcm_process.config import Settings
from gcm_process.integrity.record import verify_record
from gcm_process.integrity.signing import node_key, public_pem
from tests.conftest import postgres_schema
from tests.integrity.records import cli, make_record
from tests.test_stored_history import insert_archive

OUTPUTS = [
    ("timeline", "--json"),
    ("timeline", "--json", "--known-on", "2018-02-12"),
    ("changes", "--json"),
    ("calendar",),
    ("report", "--format", "json"),
    ("report", "--format", "md"),
]


def make_upcast_record(settings: Settings) -> None:
    """The archive of 0.1.0 (an old Letter.Issued the upcaster reads), round 1's story, a token."""
    make_record(settings, insert_archive)
    TokenStore(ApiConfig(settings).tokens_path).create("clerk-ana", "clerk")


def outputs(settings: Settings) -> list[str]:
    found = []
    for args in OUTPUTS:
        result = cli(settings, *args)
        assert result.exit_code == 0, result.output
        found.append(result.output)
    return found


def key_file(settings: Settings, tmp_path: Path) -> Path:
    path = tmp_path / "node.pub.pem"
    path.write_text(public_pem(node_key(settings.data_dir)), encoding="utf-8")
    return path


@pytest.fixture
def target(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Settings]:
    """An empty store of each kind to restore into (a schema of its own on PostgreSQL)."""
    if request.param == "sqlite":
        yield Settings(tmp_path / "restored")
        return
    with postgres_schema(tmp_path / "restored", "r") as settings:
        yield settings


@pytest.mark.parametrize(
    "target", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)
@pytest.mark.parametrize("name", ["record.ndjson", "record.ndjson.gz"])
def test_a_restored_record_is_the_same_record(
    durable_settings: Settings, target: Settings, tmp_path: Path, name: str
) -> None:
    make_upcast_record(durable_settings)
    before = outputs(durable_settings)
    export = tmp_path / name
    result = cli(durable_settings, "export", "--output", str(export))
    assert result.exit_code == 0, result.output
    head = verify_record(durable_settings).fingerprint
    assert f"record fingerprint {head}" in result.output

    key = key_file(durable_settings, tmp_path)
    checked = cli(durable_settings, "verify-export", str(export), "--key", str(key))
    assert checked.exit_code == 0, checked.output
    assert "intact, the whole record" in checked.output

    restored = cli(target, "restore", str(export), "--key", str(key))
    assert restored.exit_code == 0, restored.output
    assert f"record fingerprint {head}" in restored.output
    assert verify_record(target).fingerprint == head
    assert outputs(target) == before
    assert [t.name for t in TokenStore(ApiConfig(target).tokens_path).list()] == ["clerk-ana"]

    again = cli(target, "restore", str(export))
    assert again.exit_code == 1 and "restore into a new data directory" in again.output

    app = GcmProcess.from_settings(target)  # the restored record goes on from where it was
    try:
        app.open_process("later", "Later", actor="clerk:test")
        assert app.last_position() == head.position + 1
    finally:
        app.close()
    assert verify_record(target).ok


def _restore_fails(source: Settings, export: Path, tmp_path: Path, *args: str) -> str:
    target = Settings(tmp_path / "target")
    result = cli(target, "restore", str(export), *args)
    assert result.exit_code == 1, result.output
    app = GcmProcess.from_settings(target)
    try:
        assert app.last_position() == 0
    finally:
        app.close()
    return result.output


@pytest.fixture
def exported(sqlite_settings: Settings, tmp_path: Path) -> Path:
    make_upcast_record(sqlite_settings)
    path = tmp_path / "record.ndjson"
    assert cli(sqlite_settings, "export", "-o", str(path)).exit_code == 0
    return path


def _resign(settings: Settings, path: Path) -> None:
    """Sign a doctored file with the node's own key: the content checks must still refuse it."""
    from gcm_process.integrity.signing import sign_file

    sign_file(path, node_key(settings.data_dir))


@pytest.mark.parametrize(
    ("doctor", "message"),
    [
        (lambda t: t.replace("no quorum", "no quorun"), "does not match its hash"),
        (lambda t: "\n".join(t.splitlines()[:-3]) + "\n", "cut short"),
        (lambda t: t[: len(t) // 2], "not a JSON line"),
        (lambda t: t.replace('"type": "end"', '"type": "finish"'), "unknown line type"),
    ],
    ids=["altered", "truncated", "corrupted", "garbled"],
)
def test_a_doctored_export_restores_nothing(
    sqlite_settings: Settings, exported: Path, tmp_path: Path, doctor: object, message: str
) -> None:
    text = exported.read_text(encoding="utf-8")
    doctored = doctor(text)  # type: ignore[operator]
    assert doctored != text
    exported.write_text(doctored, encoding="utf-8")
    unsigned = _restore_fails(sqlite_settings, exported, tmp_path)
    assert "not the file that was signed" in unsigned
    _resign(sqlite_settings, exported)
    assert message in _restore_fails(sqlite_settings, exported, tmp_path / "2")
    checked = cli(sqlite_settings, "verify-export", str(exported))
    assert checked.exit_code == 1 and message in checked.output


def test_a_signature_by_another_key_is_refused(
    sqlite_settings: Settings, exported: Path, tmp_path: Path
) -> None:
    other = Settings(tmp_path / "other")
    stranger = key_file(other, tmp_path)
    output = _restore_fails(sqlite_settings, exported, tmp_path, "--key", str(stranger))
    assert "was not made by the key given" in output
    checked = cli(sqlite_settings, "verify-export", str(exported), "--key", str(stranger))
    assert checked.exit_code == 1 and "do not trust record.ndjson" in checked.output
    exported.with_name("record.ndjson.sig").unlink()
    assert "has no signature file" in _restore_fails(sqlite_settings, exported, tmp_path / "2")


def test_a_corrupted_gzip_export_is_a_clear_error(
    sqlite_settings: Settings, tmp_path: Path
) -> None:
    make_upcast_record(sqlite_settings)
    path = tmp_path / "record.ndjson.gz"
    assert cli(sqlite_settings, "export", "-o", str(path)).exit_code == 0
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 40])
    _resign(sqlite_settings, path)
    assert "unreadable" in _restore_fails(sqlite_settings, path, tmp_path)
    assert gzip.decompress(data)  # the untouched file was a sound gzip


def test_an_export_of_one_process_verifies_but_is_not_restored(
    sqlite_settings: Settings, tmp_path: Path
) -> None:
    make_upcast_record(sqlite_settings)
    app = GcmProcess.from_settings(sqlite_settings)
    try:
        app.open_process("gcm-2019", "Another", actor="clerk:test")
    finally:
        app.close()
    path = tmp_path / "gcm-2018.ndjson"
    result = cli(sqlite_settings, "export", "--process", "gcm-2018", "-o", str(path))
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    events = [line for line in lines if line["type"] == "event"]
    assert len(events) == verify_record(sqlite_settings).events - 1  # not gcm-2019
    assert not [line for line in lines if line["type"] == "credential"]
    checked = cli(sqlite_settings, "verify-export", str(path))
    assert checked.exit_code == 0 and "process gcm-2018" in checked.output
    assert "of the process gcm-2018 only" in _restore_fails(sqlite_settings, path, tmp_path)


def test_a_tampered_record_is_not_exported(sqlite_settings: Settings, tmp_path: Path) -> None:
    from tests.integrity.records import sqlite

    make_upcast_record(sqlite_settings)
    sqlite(
        sqlite_settings,
        "DROP TRIGGER stored_events_no_update",
        "UPDATE stored_events SET topic = 'gcm.Session.Held' WHERE rowid = 3",
    )
    result = cli(sqlite_settings, "export", "-o", str(tmp_path / "r.ndjson"))
    assert result.exit_code == 1
    assert "does not verify at position 3: nothing was exported" in result.output
    assert not (tmp_path / "r.ndjson").exists()
