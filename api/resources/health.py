"""Liveness of a node, and readiness for writes: answered from what its follower saw.

Neither asks the event store, so both answer at once while it is away:
``/healthz`` says ``ok``, ``degraded`` (the store cannot be reached, or the
follower is not reporting; the views serve reads) or ``behind`` (the views lag
the store for more than ``GCM_BEHIND_SECONDS``; answered 503, so that a load
balancer sends reads elsewhere); ``/readyz`` is 200 while writes can be taken
(the store answered the follower's last look), 503 otherwise.
"""

from __future__ import annotations

import os
import time
from typing import Any

from flask import g
from flask.views import MethodView

from api.openapi import Blueprint, errors
from api.schemas.reads import HealthOut, ReadyOut
from api.services import services
from api.status import STALE_SECONDS

blp = Blueprint("health", __name__, description="Liveness and readiness")


def health() -> tuple[str, dict[str, Any]]:
    """The node's state and the figures it rests on."""
    found = services()
    seen = found.status()
    views = found.views.position()
    age = seen.age()
    behind = None if seen.head is None else max(0, seen.head - views)
    if not seen.store_ok or not seen.reporting():
        state = "degraded"
    elif behind and (age is None or age > found.config.behind_seconds):
        state = "behind"
    else:
        state = "ok"
    return state, {
        "status": state,
        "events": seen.head,
        "views": views,
        "behind": behind,
        "age": None if age is None else round(age, 3),
        "store": "reachable" if seen.store_ok else "unreachable",
        "worker": os.getpid(),
        "record_fingerprint": seen.fingerprint,
    }


@blp.route("/healthz")
class Health(MethodView):
    @errors(blp, 401, 503)
    @blp.response(200, HealthOut)
    def get(self) -> tuple[dict[str, Any], int]:
        """Liveness (ok, degraded, behind) and positions, unless reads are private"""
        state, figures = health()
        code = 503 if state == "behind" else 200
        if not services().config.public_reads and g.get("token") is None:
            return {"status": state}, code
        return figures, code


@blp.route("/readyz")
class Ready(MethodView):
    @errors(blp, 503)
    @blp.response(200, ReadyOut)
    def get(self) -> tuple[dict[str, Any], int]:
        """Readiness for writes: the event store answered this node's last look"""
        seen = services().status()
        if seen.store_ok and time.time() - seen.checked_at < STALE_SECONDS:
            return {"status": "ready", "detail": None}, 200
        detail = seen.error or "the follower is not reporting"
        return {"status": "unavailable", "detail": detail}, 503
