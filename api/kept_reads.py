"""The API's reads answered again without the app, while the record has not moved.

A read of the views (``api.conditional.revalidated``) marks its request
``KEEP`` with the views' position it was answered from. This WSGI middleware,
in front of the Flask app, keeps such an answer as it was sent (status,
headers, body) under what it was made of: the address, the host and the
headers that choose the representation. The same request, while the views
stay at that position, is answered from what was kept, with its own
``X-Request-ID`` and ``Views-Age``, after the same checks as in the app: the
views looked at (``Services.refresh``) and the caller allowed to read (no
token where reads are open, else a known one). Anything else goes through the
app: a write, ``HEAD``, a token that is not accepted (the app answers 401), a
conditional request (its 304), a request with an ``Origin`` (its CORS
headers) or cookies, and a request whose kept answer is from another position.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from api.errors import Problem
from api.guards import API, bearer, request_id, views_age
from api.kept import Kept
from api.services import Services

#: Where a read of the views leaves the position it answered from, in its WSGI environ.
KEEP = "gcm.keep"
#: Answers kept by each worker.
ANSWERS_KEPT = 32
#: Request headers an answer, or its headers, depends on beyond its key: such a read goes
#: through the app.
THROUGH = ("HTTP_ORIGIN", "HTTP_COOKIE", "HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE")
#: Headers each answer has of its own, not kept.
OWN = frozenset({"x-request-id", "views-age"})
#: The parts of the environ an answer is kept under.
KEY = ("SCRIPT_NAME", "PATH_INFO", "QUERY_STRING", "wsgi.url_scheme", "HTTP_HOST",
       "SERVER_NAME", "SERVER_PORT", "HTTP_ACCEPT", "HTTP_ACCEPT_LANGUAGE")  # fmt: skip

Environ = dict[str, Any]
StartResponse = Callable[..., Any]
App = Callable[[Environ, StartResponse], Iterable[bytes]]


@dataclass(frozen=True)
class Answer:
    position: int
    status: str
    headers: list[tuple[str, str]]
    body: bytes


class KeptReads:
    def __init__(self, app: App, found: Services) -> None:
        self.app = app
        self.services = found
        self.answers: Kept[Answer] = Kept(ANSWERS_KEPT)

    def __call__(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        key = _key(environ)
        if key is None:
            return self.app(environ, start_response)
        kept = self.answers.get(key)
        if kept is not None and self._still(kept, environ):
            own = [
                ("X-Request-ID", request_id(environ.get("HTTP_X_REQUEST_ID", ""))),
                ("Views-Age", views_age(self.services)),
            ]
            start_response(kept.status, [*kept.headers, *own])
            return [kept.body]
        return self._through(key, environ, start_response)

    def _still(self, kept: Answer, environ: Environ) -> bool:
        """Whether the kept answer is this request's: same position, a caller who may read."""
        found = self.services
        try:
            found.refresh()
            if found.views.position() != kept.position:
                return False
            token = bearer(found.tokens, environ.get("HTTP_AUTHORIZATION"))
        except Problem:
            return False  # the app answers it
        except Exception:
            return False  # the views or the tokens cannot be read: the app says so
        return token is not None or found.config.public_reads

    def _through(
        self, key: str, environ: Environ, start_response: StartResponse
    ) -> Iterable[bytes]:
        """The app's answer; kept when the app marked it."""
        sent: list[Any] = []

        def keeping(status: str, headers: list[tuple[str, str]], *rest: Any) -> Any:
            sent[:] = [status, headers]
            return start_response(status, headers, *rest)

        body = self.app(environ, keeping)
        position = environ.get(KEEP)
        if position is None or not sent or not sent[0].startswith("200 "):
            return body
        status, headers = sent
        if any(name.lower() == "set-cookie" for name, _ in headers):
            return body
        try:
            data = b"".join(body)
        finally:
            close = getattr(body, "close", None)
            if close is not None:
                close()
        kept = [(name, value) for name, value in headers if name.lower() not in OWN]
        self.answers.put(key, Answer(int(position), status, kept, data))
        return [data]


def _key(environ: Environ) -> str | None:
    """What a read is kept under; None for a request that always goes through the app."""
    if environ.get("REQUEST_METHOD") != "GET" or not environ.get("PATH_INFO", "").startswith(API):
        return None
    if any(name in environ for name in THROUGH):
        return None
    return "\x00".join(str(environ.get(part, "")) for part in KEY)
