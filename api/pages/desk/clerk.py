"""Who sits at the desk: a signed session cookie holding the clerk's token, encrypted.

Signing in with an API token starts a new session (everything the browser
held before is dropped, a new session id is drawn), so a session id planted
before sign-in is worth nothing after it. The cookie holds the token only
encrypted (Fernet, with a key derived from the desk's secret), so the token
is never in a URL, a page or a log; every request looks it up again through
the token store, so a revoked token closes the desk at once. A session ends
after ``desk_idle_seconds`` without a request.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import os
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken
from flask import Flask, Request, current_app, request, session
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface

from api.config import ApiConfig
from api.services import services
from api.tokens import WRITE_ROLES, Token

LOG = logging.getLogger("gcm_process.desk")
COOKIE = "gcm_desk"
PATH = "/desk"


@dataclass(frozen=True)
class Clerk:
    """The person at the desk, as their token names them."""

    token: Token
    session_id: str

    @property
    def name(self) -> str:
        return self.token.name

    @property
    def actor(self) -> str:
        """Who the desk records as: the token's name and its credential id."""
        return self.token.actor

    @property
    def may_record(self) -> bool:
        return self.token.role in WRITE_ROLES


class DeskSessions(SecureCookieSessionInterface):
    """Flask's signed cookie, ``Secure`` whenever the request came over HTTPS."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(super().get_cookie_secure(app)) or _secure(request)

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        # The cookie is sent only under /desk: every other request (the API, the pages) gets
        # an empty session without a signer being made for it.
        if self.get_cookie_name(app) not in request.cookies:
            return self.session_class()
        return super().open_session(app, request)


def _secure(found: Request) -> bool:
    return bool(found.is_secure)


def secret(config: ApiConfig) -> str:
    """The desk's secret: ``GCM_DESK_SECRET``, else a key made once in the data directory."""
    if config.desk_secret:
        return config.desk_secret
    try:
        return _key_file(config.desk_key_path)
    except OSError as error:
        # A read-only data directory still serves reads; the desk, which records, waits.
        LOG.warning("No desk key could be kept (%s): desk sign-ins last one worker's life", error)
        return secrets.token_urlsafe(48)


def _key_file(path: Path) -> str:
    if path.exists():
        return path.read_text(encoding="ascii").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    draft = path.with_name(f"{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as out:
        out.write(secrets.token_urlsafe(48))
    try:
        os.link(draft, path)  # atomic: the first worker's key wins, the others read it
    except FileExistsError:
        pass
    finally:
        draft.unlink()
    return path.read_text(encoding="ascii").strip()


def install(app: Flask, config: ApiConfig) -> None:
    app.secret_key = secret(config)
    app.session_interface = DeskSessions()
    app.config.update(
        SESSION_COOKIE_NAME=COOKIE,
        SESSION_COOKIE_PATH=PATH,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        PERMANENT_SESSION_LIFETIME=config.desk_idle_seconds,
        WTF_CSRF_CHECK_DEFAULT=False,
        WTF_CSRF_TIME_LIMIT=None,
    )


def _fernet() -> Fernet:
    key = hashlib.sha256(b"gcm-desk-token:" + str(current_app.secret_key).encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def sign_in(token: Token, secret_text: str) -> None:
    """Start a new session for ``token`` (nothing of the browser's earlier session survives)."""
    session.clear()
    session.permanent = True
    session["sid"] = secrets.token_urlsafe(24)
    session["token"] = _fernet().encrypt(secret_text.encode()).decode()
    session["seen"] = int(time.time())
    session["name"] = token.name


def sign_out() -> None:
    session.clear()


def current() -> tuple[Clerk | None, str | None]:
    """The clerk at the desk, or why there is none: ``None`` (never signed in),
    ``"expired"`` or ``"revoked"``."""
    sealed = session.get("token")
    if not isinstance(sealed, str):
        return None, None
    idle = services().config.desk_idle_seconds
    seen = session.get("seen")
    if not isinstance(seen, int) or time.time() - seen > idle:
        session.clear()
        return None, "expired"
    try:
        secret_text = _fernet().decrypt(sealed.encode()).decode()
    except InvalidToken:
        session.clear()
        return None, "expired"
    token = services().tokens.find(secret_text)
    if token is None:
        session.clear()
        return None, "revoked"
    session["seen"] = int(time.time())
    return Clerk(token, str(session.get("sid", ""))), None
