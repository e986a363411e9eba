"""``serve`` on a read-only data directory: reads go on from the views, writes are refused.

The directory is made read-only by a bind mount (root only); skipped where that is refused.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from api.tokens import TokenStore
from gcm_process.application import GcmProcess
from gcm_process.config import Settings
from projections import Views
from tests.cluster.nodes import node, wait_until_up
from tests.factories import PROCESS, open_gcm, schedule_round_1

pytestmark = pytest.mark.slow


@pytest.fixture
def read_only(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    data = tmp_path / "record" / "data"
    settings = Settings(data)
    app = GcmProcess.from_settings(settings)
    open_gcm(app)
    schedule_round_1(app)
    Views.open(settings, app).close()
    token = TokenStore(data / "tokens.sqlite", app).create("clerk-ana", "clerk")
    app.close()
    mounted = tmp_path / "mounted"
    mounted.mkdir()
    commands = (
        ["mount", "--bind", str(data.parent), str(mounted)],
        ["mount", "-o", "remount,ro,bind", str(mounted)],
    )
    for command in commands:
        if subprocess.run(command, capture_output=True).returncode != 0:
            subprocess.run(["umount", str(mounted)], capture_output=True)
            pytest.skip("a read-only bind mount is not allowed here")
    try:
        yield mounted / "data", token
    finally:
        subprocess.run(["umount", "-l", str(mounted)], check=True)


def test_a_read_only_data_directory_still_serves_reads(
    read_only: tuple[Path, str], tmp_path: Path
) -> None:
    data, token = read_only
    with node(data, "", 1, log_dir=tmp_path) as served:
        wait_until_up(served, "degraded")  # no follower can say what it saw
        timeline = served.call("GET", f"/api/processes/{PROCESS}/timeline")
        assert timeline.status == 200 and timeline.json()["sessions"]
        assert timeline.headers["views-position"] == "2"
        body = {"venue": "Room A", "announced_on": "2018-02-10"}
        written = served.call(
            "POST", f"/api/processes/{PROCESS}/sessions/round-1/venue", body, token
        )
        assert written.status == 503 and written.mimetype == "application/problem+json"
        assert "retry-after" in written.headers
