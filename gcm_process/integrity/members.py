"""Which stored events belong to one process, for an export of that process alone.

An aggregate belongs to a process when its first event says so (a process's
``slug``, a session's, draft's or letter's ``process``); a command record
belongs with the aggregate it changed, whose events are stored before it.
"""

from __future__ import annotations

import json
from typing import Any

from gcm_process.integrity.chain import StoredRow


class ProcessMembers:
    def __init__(self, slug: str) -> None:
        self.slug = slug
        self.ids: set[str] = set()

    def holds(self, row: StoredRow) -> bool:
        if row.originator_id in self.ids:
            return True
        if row.originator_version != 1:
            return False
        state = _state(row.state)
        if row.topic.startswith("gcm.Process."):
            found = state.get("slug") == self.slug
        elif row.topic.startswith("gcm.CommandRecord."):
            changed = state.get("aggregate_id")
            found = isinstance(changed, dict) and changed.get("_data_") in self.ids
        else:
            found = state.get("process") == self.slug
        if found:
            self.ids.add(row.originator_id)
        return found


def _state(state: bytes) -> dict[str, Any]:
    try:
        value = json.loads(state)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}
