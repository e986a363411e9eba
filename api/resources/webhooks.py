"""Webhooks of a process: an admin registers a URL, lists, removes, and reads the delivery log."""

from __future__ import annotations

from typing import Any

from flask import Response, g, request, url_for
from flask.views import MethodView
from marshmallow import Schema, fields, validate

from api.errors import Problem
from api.openapi import BEARER, Blueprint, errors
from api.services import services
from api.webhooks.store import SECRET_MAX, SECRET_MIN, URL_MAX, WebhookStore
from api.writes import command_id
from projections import queries, recorded

blp = Blueprint(
    "webhooks",
    __name__,
    url_prefix="/api/processes/<process>/webhooks",
    description="Webhooks: each change POSTed, signed, to a registered URL (admin only)",
)
#: What an admin's read, and an admin's write, can answer besides success.
ADMIN_READ = (401, 403, 404, 422)
ADMIN_WRITE = (400, 401, 403, 404, 413, 415, 422, 429)
MOST_DELIVERIES = 1000


class WebhookIn(Schema):
    url = fields.String(
        required=True,
        validate=validate.Length(1, URL_MAX),
        metadata={
            "description": "an http:// or https:// URL",
            "example": "https://example.org/gcm",
        },
    )
    secret = fields.String(
        validate=validate.Length(SECRET_MIN, SECRET_MAX),
        metadata={"description": "the shared secret (made for you when left out)"},
    )
    after = fields.Integer(
        validate=validate.Range(0, 10**15),
        metadata={"description": "deliver the changes recorded after this position "
                  "(default: only changes recorded from now on; 0 for the whole log)"},
    )  # fmt: skip


class WebhookOut(Schema):
    id = fields.String(metadata={"example": "wh-3f2a9c01b7de"})
    process = fields.String()
    url = fields.String()
    base_url = fields.String(metadata={"description": "where the page links of deliveries point"})
    created_at = fields.String()
    created_by = fields.String()
    removed_at = fields.String(allow_none=True)
    acknowledged = fields.Integer(metadata={"description": "the last position acknowledged"})
    failures = fields.Integer(metadata={"description": "attempts in a row not acknowledged"})
    next_try = fields.String(allow_none=True, metadata={"description": "when it is tried again"})
    pending = fields.Integer(metadata={"description": "changes recorded and not yet acknowledged"})


class WebhookCreated(WebhookOut):
    secret = fields.String(metadata={"description": "shown this once: keep it to check signatures"})


class WebhookList(Schema):
    items = fields.List(fields.Nested(WebhookOut))


class DeliveryArgs(Schema):
    limit = fields.Integer(load_default=100, validate=validate.Range(1, MOST_DELIVERIES))


class DeliveryOut(Schema):
    position = fields.Integer(metadata={"description": "the change's position in the record"})
    attempt = fields.Integer(metadata={"description": "the attempt's number for this change"})
    at = fields.String()
    status = fields.Integer(allow_none=True, metadata={"description": "the receiver's status"})
    error = fields.String(allow_none=True)
    acknowledged = fields.Boolean()
    next_try = fields.String(allow_none=True)
    elapsed_ms = fields.Float()


class DeliveryList(Schema):
    webhook = fields.Nested(WebhookOut)
    items = fields.List(fields.Nested(DeliveryOut), metadata={"description": "newest first"})


def _store(process: str) -> WebhookStore:
    """The store, once the caller is known to be an admin and the process to exist."""
    token = g.get("token")
    if token is None:
        raise Problem(401, "Webhooks need a token with the admin role.",
                      headers={"WWW-Authenticate": 'Bearer realm="gcm-process"'})  # fmt: skip
    if token.role != "admin":
        raise Problem(403, f"A '{token.role}' token cannot manage webhooks; an admin token can.")
    queries.process(services().db, process)
    return WebhookStore.of(services().config.settings.data_dir)


def _shown(process: str, webhook: Any) -> dict[str, Any]:
    return {
        **webhook.as_json(),
        "pending": recorded.pending(services().db, process, webhook.acknowledged),
    }


def admin(view: Any) -> Any:
    """An operation for admins only: what it can answer depends on whether it writes."""
    codes = ADMIN_READ if view.__name__ == "get" else ADMIN_WRITE
    return errors(blp, *codes)(blp.doc(security=[BEARER])(view))


@blp.route("")
class Webhooks(MethodView):
    @admin
    @blp.response(200, WebhookList)
    def get(self, process: str) -> dict[str, Any]:
        """List the webhooks of a process (never their secrets)"""
        store = _store(process)
        return {"items": [_shown(process, w) for w in store.registrations(process)]}

    @admin
    @errors(blp, 409)
    @blp.arguments(WebhookIn)
    @blp.response(201, WebhookCreated)
    def post(self, body: dict[str, Any], process: str) -> tuple[dict[str, Any], int, Any]:
        """Register a URL: each change of the process is POSTed to it, signed with the secret"""
        store = _store(process)
        after = body.get("after")
        webhook, made = store.add(
            process,
            body["url"],
            base_url=request.url_root,
            actor=g.token.name,
            after=recorded.last_position(services().db, process) if after is None else after,
            secret=body.get("secret"),
            request_key=command_id(),
        )
        g.replayed = not made
        where = url_for("webhooks.Webhook", process=process, webhook=webhook.id)
        return {**_shown(process, webhook), "secret": webhook.secret}, 201, {"Location": where}


@blp.route("/<webhook>")
class Webhook(MethodView):
    @admin
    @blp.response(200, WebhookOut)
    def get(self, process: str, webhook: str) -> dict[str, Any]:
        """One webhook: where its deliveries stand"""
        return _shown(process, _store(process).get(webhook, process))

    @admin
    @blp.response(204)
    def delete(self, process: str, webhook: str) -> Response:
        """Remove a webhook: nothing more is delivered to it; its delivery log stays"""
        _store(process).remove(webhook, process)
        return Response(status=204)


@blp.route("/<webhook>/deliveries")
class Deliveries(MethodView):
    @admin
    @blp.arguments(DeliveryArgs, location="query")
    @blp.response(200, DeliveryList)
    def get(self, args: dict[str, Any], process: str, webhook: str) -> dict[str, Any]:
        """The delivery log of a webhook: every attempt, its status, and the next try"""
        store = _store(process)
        found = store.get(webhook, process)
        return {
            "webhook": _shown(process, found),
            "items": store.deliveries(found.id, args["limit"]),
        }
