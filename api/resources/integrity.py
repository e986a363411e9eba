"""The record's fingerprint and the node's public key, so that anyone can check an export."""

from __future__ import annotations

from typing import Any

from flask import Response
from flask.views import MethodView
from marshmallow import Schema, fields

from api.openapi import Blueprint, reads
from api.services import services
from gcm_process.integrity.record import fingerprint
from gcm_process.integrity.signing import key_fingerprint, node_key, public_pem
from gcm_process.integrity.verify import Fingerprint

blp = Blueprint(
    "integrity", __name__, url_prefix="/api/integrity", description="The record's integrity"
)
PEM = "application/x-pem-file"


class IntegrityOut(Schema):
    events = fields.Integer(
        allow_none=True, metadata={"description": "position of the newest stored event"}
    )
    record_fingerprint = fields.String(
        allow_none=True,
        metadata={"description": "POSITION:HASH of the chain's head (none on the memory store)"},
    )
    head_position = fields.Integer(allow_none=True)
    head_hash = fields.String(allow_none=True)
    public_key_fingerprint = fields.String(
        metadata={"description": "the key that signs this node's exports"}
    )


@blp.route("")
class Integrity(MethodView):
    @reads(blp)
    @blp.response(200, IntegrityOut)
    def get(self) -> dict[str, Any]:
        """The record fingerprint: compare it with a printed report or run verify --expect"""
        found = services()
        if found.config.followed:  # what the node's follower last saw: the store is not asked
            seen = found.status()
            head = None if seen.fingerprint is None else Fingerprint.parse(seen.fingerprint)
            events = seen.head
        else:
            head = fingerprint(found.app.recorder)
            events = found.app.last_position()
        return {
            "events": events,
            "record_fingerprint": None if head is None else str(head),
            "head_position": None if head is None else head.position,
            "head_hash": None if head is None else head.hash.hex(),
            "public_key_fingerprint": key_fingerprint(node_key(found.config.settings.data_dir)),
        }


@blp.route("/public-key")
class PublicKey(MethodView):
    @reads(blp)
    @blp.response(
        200,
        {"type": "string"},
        content_type=PEM,
        description="the Ed25519 public key (PEM) for verify-export --key",
    )
    def get(self) -> Response:
        """The public half of the key that signs this node's exports"""
        pem = public_pem(node_key(services().config.settings.data_dir))
        return Response(pem, content_type=PEM)
