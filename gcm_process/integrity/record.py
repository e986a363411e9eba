"""The record's integrity as the rest of the service asks for it: verify, and the fingerprint."""

from __future__ import annotations

from eventsourcing.persistence import ApplicationRecorder

from gcm_process.config import Settings
from gcm_process.integrity.stores import open_raw
from gcm_process.integrity.verify import (
    Fingerprint,
    Problem,
    Verdict,
    check_chain,
    check_joined,
)


def verify_record(settings: Settings, expect: Fingerprint | None = None) -> Verdict:
    """Recompute the whole chain of the store the settings name and audit its guards.

    The store is read with a connection of its own, before any application opens
    it: opening one puts back a guard trigger that was dropped.
    """
    raw = open_raw(settings)
    try:
        guards = raw.guard_problems()
        verdict = check_joined(*raw.joined(), expect)
    finally:
        raw.close()
    if verdict is None:  # something is wrong: walk both tables to name it
        raw = open_raw(settings)
        try:
            events, links = raw.read()
            verdict = check_chain(events, links, raw.lookup, expect)
        finally:
            raw.close()
    for problem in guards:
        verdict.add(Problem(None, "guard", problem))
    return verdict


def fingerprint(recorder: ApplicationRecorder) -> Fingerprint | None:
    """The record fingerprint (head position and hash) of a store, None without a chain."""
    head = getattr(recorder, "chain_head", None)
    found = None if head is None else head()
    return None if found is None else Fingerprint(*found)
