"""``backup`` copies a live SQLite record while it is written to; the copy verifies and restores."""

from __future__ import annotations

import threading
from pathlib import Path

from gcm_process.application import GcmProcess
from gcm_process.config import Settings
from gcm_process.integrity.record import verify_record
from tests.integrity.records import cli, make_record


def test_a_backup_under_a_write_load_verifies_and_restores(
    sqlite_settings: Settings, tmp_path: Path
) -> None:
    make_record(sqlite_settings)
    stop, written = threading.Event(), []

    def write() -> None:
        app = GcmProcess.from_settings(sqlite_settings)
        try:
            while not stop.is_set():
                n = len(written)
                app.open_process(f"p-{n}", "P", actor="clerk:test", command_id=f"c-{n}")
                written.append(n)
        finally:
            app.close()

    writer = threading.Thread(target=write)
    writer.start()
    try:
        while len(written) < 20:
            stop.wait(0.01)
        copies = [tmp_path / f"backup-{i}" for i in range(3)]
        for copy in copies:
            result = cli(sqlite_settings, "backup", str(copy))
            assert result.exit_code == 0, result.output
            assert "record fingerprint" in result.output
    finally:
        stop.set()
        writer.join()
    backed_up = [verify_record(Settings(copy)) for copy in copies]
    assert all(v.ok for v in backed_up)
    assert 6 < backed_up[0].events <= backed_up[-1].events < 6 + 2 * len(written) + 1
    # A backup is a record: it verifies with its views, exports and restores.
    copy = Settings(copies[-1])
    assert cli(copy, "verify").exit_code == 0
    assert cli(copy, "export", "-o", str(tmp_path / "r.ndjson")).exit_code == 0
    restored = Settings(tmp_path / "restored")
    assert cli(restored, "restore", str(tmp_path / "r.ndjson")).exit_code == 0
    assert verify_record(restored).fingerprint == backed_up[-1].fingerprint


def test_a_backup_refuses_a_used_destination_and_postgresql(
    sqlite_settings: Settings, tmp_path: Path
) -> None:
    make_record(sqlite_settings)
    used = tmp_path / "used"
    used.mkdir()
    (used / "something").write_text("x", encoding="utf-8")
    result = cli(sqlite_settings, "backup", str(used))
    assert result.exit_code == 1 and "is not empty" in result.output
    postgres = Settings(tmp_path / "pg", "postgresql://u:p@127.0.0.1:1/db")
    result = cli(postgres, "backup", str(tmp_path / "new"))
    assert result.exit_code == 1 and "pg_dump" in result.output
