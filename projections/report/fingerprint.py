"""Every report carries the record fingerprint of the log it replayed, so two can be compared.

The fingerprint is read before and after the replay; when a write came in
between, the report is replayed again, so that it names exactly the history
it shows.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from gcm_process.application import GcmProcess
from gcm_process.domain.point import NOW, Point
from gcm_process.integrity.record import fingerprint
from projections.report.model import Report
from projections.report.replay import build_report as replay

#: Replays tried while writes keep coming in, before the last one is kept as it is.
ATTEMPTS = 3


def build_report(
    app: GcmProcess,
    process: str,
    point: Point = NOW,
    since: date | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Report:
    """``projections.report.replay.build_report``, stamped with the record fingerprint."""
    for attempt in range(ATTEMPTS):
        before = fingerprint(app.recorder)
        report = replay(app, process, point, since, progress)
        after = fingerprint(app.recorder)
        if before == after or attempt == ATTEMPTS - 1:
            report.fingerprint = None if after is None else str(after)
            return report
        report.close()
    raise AssertionError("unreachable")
