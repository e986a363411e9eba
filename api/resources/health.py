"""Liveness, and how far the event store and this worker's views have got."""

from __future__ import annotations

import os
from typing import Any

from flask import g
from flask.views import MethodView

from api.openapi import Blueprint, errors
from api.schemas.reads import HealthOut
from api.services import services
from gcm_process.integrity.record import fingerprint

blp = Blueprint("health", __name__, description="Liveness")


@blp.route("/healthz")
class Health(MethodView):
    @errors(blp, 401)
    @blp.response(200, HealthOut)
    def get(self) -> dict[str, Any]:
        """Liveness; and store positions, unless reads are private and no token was sent"""
        found = services()
        if not found.config.public_reads and g.get("token") is None:
            return {"status": "ok"}
        events = found.app.last_position()
        head = fingerprint(found.app.recorder)
        views = found.views.position()
        behind = max(0, events - views)
        return {
            "status": "ok",
            "events": events,
            "views": views,
            "behind": behind,
            "worker": os.getpid(),
            "record_fingerprint": None if head is None else str(head),
        }
