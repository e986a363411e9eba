"""What every request goes through: request id, credentials, body checks, headers, limits."""

from __future__ import annotations

import re
import uuid

from flask import Flask, Response, g, request
from flask_cors import CORS
from flask_limiter import Limiter

from api import bodies, rate_limits  # noqa: F401  (rate_limits: the gcm+ storages)
from api.config import ApiConfig
from api.errors import Problem
from api.services import Services, answered_at, services
from api.tokens import WRITE_ROLES, Token, TokenStore

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
#: What reads the views, and is answered with the same caching headers.
READ_METHODS = frozenset({"GET", "HEAD"})
#: POST endpoints that record nothing unless ``?commit=true``: they need what a read needs.
PLAN_ONLY = frozenset({"imports.Imports"})
TRUE = frozenset({"1", "true", "yes"})
#: Paths open to everybody, whatever the deployment says about reads.
OPEN_PATHS = ("/healthz", "/readyz", "/api/openapi.json", "/api/docs")
CHALLENGE = {"WWW-Authenticate": 'Bearer realm="gcm-process"'}
REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
JSON = "application/json"
#: Where bodies are JSON (pages for people, elsewhere, may take forms).
API = "/api/"
#: The clerk's desk: signed in by its own session cookie, its pages never stored by caches.
DESK = "/desk"
#: What a letter may be uploaded as, besides JSON (on ``TEXT_ENDPOINTS``).
UPLOAD_TYPES = frozenset({"text/plain", "application/pdf", "multipart/form-data"})
#: Endpoints that also take plain text.
TEXT_ENDPOINTS = frozenset({"imports.Imports"})
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)


def is_write() -> bool:
    if request.method in SAFE_METHODS:
        return False
    return not (
        request.endpoint in PLAN_ONLY and request.args.get("commit", "").lower() not in TRUE
    )


def request_id(given: str) -> str:
    """The id of a request: the client's ``X-Request-ID`` when it is a fair one, else a new one."""
    return given if REQUEST_ID.match(given) else uuid.uuid4().hex


def _request_id() -> None:
    g.request_id = request_id(request.headers.get("X-Request-ID", ""))


def _route_first() -> None:
    """An unknown path or method is answered before anything else looks at the request."""
    if request.routing_exception is not None:
        raise request.routing_exception


def _authenticate() -> None:
    """Who is calling (``g.token``), and whether they may."""
    g.token = None
    if request.method == "OPTIONS" or request.path.startswith(DESK):
        return
    g.token = bearer(services().tokens, request.headers.get("Authorization"))
    if is_write():
        if g.token is None:
            raise Problem(401, "Writing needs a token with the clerk role.", headers=CHALLENGE)
        if g.token.role not in WRITE_ROLES:
            raise Problem(403, f"A '{g.token.role}' token cannot write; a clerk token can.")
    elif (
        g.token is None
        and not services().config.public_reads
        and not request.path.startswith(OPEN_PATHS)
    ):
        raise Problem(401, "Reading needs a token on this deployment.", headers=CHALLENGE)


def bearer(tokens: TokenStore, header: str | None) -> Token | None:
    """The token an ``Authorization`` header sends (None: no header); a 401 for a bad one."""
    if header is None:
        return None
    scheme, _, secret = header.partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        raise Problem(401, "Send the token as 'Authorization: Bearer TOKEN'.", headers=CHALLENGE)
    found = tokens.find(secret.strip())
    if found is None:
        raise Problem(401, "This token is unknown or was revoked.", headers=CHALLENGE)
    return found


def _check_body() -> None:
    if request.method in SAFE_METHODS:
        return
    limit = services().config.max_body_bytes
    if request.content_length is not None and request.content_length > limit:
        raise Problem(413, f"A request body may be at most {limit} bytes.")
    has_body = bool(request.content_length) or "chunked" in request.headers.get(
        "Transfer-Encoding", ""
    )
    if not has_body:
        return
    mimetype = request.mimetype
    is_json = mimetype == JSON
    text = request.endpoint in TEXT_ENDPOINTS and mimetype in UPLOAD_TYPES
    if request.path.startswith(API) and not (is_json or text):
        raise Problem(415, "Send the body as application/json.")
    data = bodies.read(limit)
    if is_json:
        bodies.check_json(data)


def _refresh_views() -> None:
    """A read answers from the local views (``Services.refresh``: a follower keeps them)."""
    if request.method in READ_METHODS:
        services().refresh()
        g.views_read = True


def _views_headers(response: Response) -> None:
    """Which position of the log a read was answered from, and how old that is."""
    try:
        response.headers["Views-Position"] = str(answered_at())
    except Exception:  # a views file that cannot be read: the answer says so itself
        return
    response.headers["Views-Age"] = views_age(services())


def views_age(found: Services) -> str:
    """Seconds since the views were last seen holding every stored event (``Views-Age``)."""
    age = found.status().age()
    return "unknown" if age is None else f"{age:.3f}"


def _headers(response: Response) -> Response:
    response.headers["X-Request-ID"] = g.get("request_id", "")
    response.headers["X-Content-Type-Options"] = "nosniff"
    if response.status_code not in (429, 503):
        # flask-limiter adds it to every write; a 503 says when to try again.
        response.headers.pop("Retry-After", None)
    if g.get("views_read"):
        _views_headers(response)
    if g.get("views_behind"):
        # Recorded, but this node's views could not include it yet (see the log).
        response.headers["Views-Behind"] = "recorded; views behind"
    if g.get("replayed"):
        # Answered as the first time: same status and body, nothing recorded.
        response.headers["Idempotent-Replayed"] = "true"
    if request.path.startswith("/api/docs/static/"):
        response.headers["Cache-Control"] = "public, max-age=86400"
    elif request.path.startswith(DESK):
        response.headers["Cache-Control"] = "no-store"
    elif request.method in READ_METHODS and (
        response.status_code < 300 or response.status_code == 304
    ):
        # Reads may be stored but must be revalidated (they carry an ETag); a 304 and
        # a HEAD carry the same caching as the GET they stand for.
        response.headers["Cache-Control"] = "no-cache"
    else:
        response.headers["Cache-Control"] = "no-store"
    if response.mimetype == "text/html":
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers["X-Frame-Options"] = "DENY"
        # The desk's forms over HTTPS are checked against their referrer (same origin only).
        desk = request.path.startswith(DESK)
        response.headers["Referrer-Policy"] = "same-origin" if desk else "no-referrer"
    return response


def _rate_key() -> str:
    token = g.get("token")
    return f"token:{token.credential}" if token is not None else f"addr:{request.remote_addr}"


def install(app: Flask, config: ApiConfig) -> None:
    """Register the guards; the order of the ``before_request`` calls matters."""
    app.config["MAX_CONTENT_LENGTH"] = config.max_body_bytes
    app.before_request(_request_id)
    app.before_request(_route_first)
    app.before_request(_authenticate)
    app.before_request(_check_body)
    app.before_request(_refresh_views)
    app.after_request(_headers)
    limiter = Limiter(
        _rate_key,
        app=app,
        default_limits=[config.write_rate] if config.write_rate else [],
        storage_uri=config.rate_limit_storage,
        # Counts that cannot be kept (their database away) do not stop a write.
        swallow_errors=True,
        headers_enabled=True,
        strategy="moving-window",
    )
    # Writes, and plans of imports (which cost as much as a write to compute), are
    # counted; a read is not even looked at, so it never waits for the counts.
    limiter.request_filter(lambda: request.method in SAFE_METHODS)
    app.extensions["gcm_limiter"] = limiter
    if config.cors_origins:
        CORS(
            app,
            resources={r"/api/*": {"origins": list(config.cors_origins)}},
            allow_headers=["Authorization", "Content-Type", "If-Match", "Idempotency-Key"],
            expose_headers=[
                "ETag",
                "Location",
                "X-Request-ID",
                "Idempotent-Replayed",
                "Views-Position",
                "Views-Age",
            ],
            max_age=600,
        )
