"""Before and after of a change, side by side, with what differs marked.

Days are compared by their place in the session's list (day 1 with day 1),
as the calendar feed identifies them: a day that moved has its date marked,
a day whose room changed has its room marked.
"""

from __future__ import annotations

from typing import Any

DAY_FIELDS = ("date", "start", "end", "venue", "place", "mode")
OTHER_FIELDS = ("title", "kind", "number", "status")


def _marked(day: dict[str, Any] | None, other: dict[str, Any] | None) -> dict[str, Any] | None:
    if day is None:
        return None
    if other is None:
        changed = [f for f in DAY_FIELDS if day.get(f) is not None] or ["date"]
    else:
        changed = [f for f in DAY_FIELDS if day.get(f) != other.get(f)]
    return {**day, "changed": changed, "whole": other is None}


def compare(change: dict[str, Any]) -> dict[str, Any]:
    """``fields`` (other than days) and ``days`` (pairs of before and after), marked."""
    before = change["before"]
    after = change["after"]
    fields = [
        {"name": name, "before": None if before is None else before.get(name),
         "after": after.get(name)}
        for name in OTHER_FIELDS
        if name in after and (before is not None or name != "kind")
    ]  # fmt: skip
    days: list[dict[str, Any]] = []
    if "days" in after:
        old = [] if before is None else before.get("days", [])
        new = after["days"]
        for i in range(max(len(old), len(new))):
            b = old[i] if i < len(old) else None
            a = new[i] if i < len(new) else None
            days.append({"number": i + 1, "before": _marked(b, a) if before else None,
                         "after": _marked(a, b if before else None)})  # fmt: skip
    return {"fields": fields, "days": days, "new": before is None}
