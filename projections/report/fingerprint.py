"""Every report carries the record fingerprint of the log it replayed, so two can be compared.

The fingerprint is read before and after the replay; when a write came in
between, the report is replayed again, so that it names exactly the history
it shows.
"""

from __future__ import annotations

from collections.abc import Callable

from gcm_process.application import GcmProcess
from gcm_process.integrity.record import fingerprint
from projections.report.model import Report

#: Replays tried while writes keep coming in, before the last one is kept as it is.
ATTEMPTS = 3


def stamped(app: GcmProcess, replay: Callable[[], Report]) -> Report:
    """The report ``replay`` makes, stamped with the fingerprint of the log it replayed."""
    for attempt in range(ATTEMPTS):
        before = fingerprint(app.recorder)
        report = replay()
        after = fingerprint(app.recorder)
        if before == after or attempt == ATTEMPTS - 1:
            report.fingerprint = None if after is None else str(after)
            return report
        report.close()
    raise AssertionError("unreachable")
