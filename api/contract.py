"""What the OpenAPI document says besides the schemas: the shape of every path
parameter and header, the statuses any request can get, links between operations.

An apispec plugin, so that it applies to every blueprint as it is registered:
- path parameters are slugs (pattern, length, an example from the GCM record);
- every operation has an ``operationId`` (``get_processes_sessions``...), which
  generated clients name their functions after;
- the headers an operation reads: ``Idempotency-Key`` on every write,
  ``If-Match`` on the changes to a session, ``If-None-Match`` where a read
  answers 304;
- every operation documents 414 and 431 (a request line or headers over the
  server's limits), which the server answers before any route, and 503 (the
  worker timeout);
- links say where a created resource is read and changed, with the ``ETag``
  of a session's answer as the ``If-Match`` of the next change.
"""

from __future__ import annotations

import http
import re
from typing import Any

from apispec import BasePlugin

from api.writes import IDEMPOTENCY_KEY, IF_MATCH
from gcm_process.domain.values import SLUG_MAX_LENGTH, SLUG_PATTERN

#: What any operation can answer from the server itself: a request line or headers over
#: its limits, and a request stopped by the worker timeout.
SERVER = (414, 431, 503)
EXAMPLES = {
    "process": "gcm-2018",
    "session": "round-1",
    "draft": "zero-draft",
    "letter": "2018-01-30-pga",
}
SLUG_SCHEMA = {
    "type": "string",
    "minLength": 1,
    "maxLength": SLUG_MAX_LENGTH,
    "pattern": SLUG_PATTERN.pattern,
}
PROCESS = "/api/processes/{process}"
SESSION = PROCESS + "/sessions/{session}"
CHANGES = ("reschedule", "venue", "postpone", "cancel", "held", "correct")
#: The reads answered 304 to ``If-None-Match`` (``api.conditional``, and the session's version).
REVALIDATED = frozenset(
    {
        "/api/processes",
        PROCESS,
        PROCESS + "/timeline",
        PROCESS + "/changes",
        PROCESS + "/sessions",
        SESSION,
        SESSION + "/history",
        PROCESS + "/letters",
        PROCESS + "/letters/{letter}",
        PROCESS + "/drafts",
        PROCESS + "/calendar.ics",
    }
)
BEARER_ONLY: list[dict[str, list[str]]] = [{"bearer": []}]


def optional(where: str, name: str, description: str, schema: dict[str, Any]) -> dict[str, Any]:
    """An optional parameter of an operation (``where``: query or header)."""
    return {
        "in": where,
        "name": name,
        "required": False,
        "description": description,
        "schema": schema,
    }


IDEMPOTENCY = optional(
    "header",
    "Idempotency-Key",
    "send the same key to retry safely: a request already served is answered as the "
    "first time (Idempotent-Replayed: true) and records nothing new; the same key with "
    "another body is refused (422)",
    {"type": "string", "pattern": IDEMPOTENCY_KEY.pattern, "example": "move-round-1"},
)
PRECONDITION = optional(
    "header",
    "If-Match",
    "the session's ETag as read: refused with 412 if it changed since",
    {"type": "string", "pattern": IF_MATCH.pattern, "example": '"1"'},
)
REVALIDATION = optional(
    "header",
    "If-None-Match",
    "the ETag held: answered 304, without a body, while it is still current",
    {"type": "string", "example": '"1"'},
)


def headers_of(path: str, method: str, operation: dict[str, Any]) -> list[dict[str, Any]]:
    """The header parameters an operation reads."""
    found = []
    if method == "post" and operation.get("security") == BEARER_ONLY:
        found.append(IDEMPOTENCY)
    if method == "post" and path.startswith(SESSION + "/") and path.rsplit("/", 1)[1] in CHANGES:
        found.append(PRECONDITION)
    if method == "get" and path in REVALIDATED:
        found.append(REVALIDATION)
    if method == "get" and path == PROCESS + "/changes.atom":
        found.append(REVALIDATION)
    return found


def operation_id(method: str, path: str) -> str:
    """``get_processes``, ``get_process``, ``post_process_session_venue``..."""
    words: list[str] = []
    for segment in path.split("/"):
        if segment.startswith("{") and words:
            words[-1] = segment.strip("{}")  # processes/{process}: one process
        elif segment and segment != "api":
            words.append(re.sub(r"[^a-z0-9]+", "_", segment))
    return "_".join([method, *words])


def ref(path: str, method: str) -> str:
    return "#/paths/" + path.replace("~", "~0").replace("/", "~1") + "/" + method


def _session_links(process: str, session: str) -> dict[str, Any]:
    """From an answer holding a session: read it, and change it at the version read."""
    where = {"process": process, "session": session}
    links: dict[str, Any] = {
        "read": {"operationRef": ref(SESSION, "get"), "parameters": where},
        "history": {"operationRef": ref(SESSION + "/history", "get"), "parameters": where},
    }
    for change in CHANGES:
        links[change] = {
            "operationRef": ref(f"{SESSION}/{change}", "post"),
            "parameters": {**where, "header.If-Match": "$response.header.ETag"},
        }
    return links


#: ``(path, method, status)`` -> the links of that answer.
LINKS: dict[tuple[str, str, str], dict[str, Any]] = {
    ("/api/processes", "post", "201"): {
        name: {
            "operationRef": ref(PROCESS + tail, "get"),
            "parameters": {"process": "$response.body#/slug"},
        }
        for name, tail in (("read", ""), ("timeline", "/timeline"), ("sessions", "/sessions"))
    },
    (PROCESS + "/sessions", "post", "201"): _session_links(
        "$request.path.process", "$response.body#/slug"
    ),
    **{
        (f"{SESSION}/{change}", "post", "200"): _session_links(
            "$request.path.process", "$request.path.session"
        )
        for change in CHANGES
    },
}


class ContractPlugin(BasePlugin):
    def path_helper(
        self,
        path: str | None = None,
        operations: dict[str, Any] | None = None,
        parameters: list[dict[str, Any]] | None = None,
        **kwargs: Any,
    ) -> None:
        for parameter in parameters or []:
            name = parameter.get("name", "")
            if parameter.get("in") == "path" and name in EXAMPLES:
                parameter["schema"] = dict(SLUG_SCHEMA)
                parameter["example"] = EXAMPLES[name]
                parameter["description"] = f"the slug of the {name}"

    def operation_helper(
        self, path: str | None = None, operations: dict[str, Any] | None = None, **kwargs: Any
    ) -> None:
        for method, operation in (operations or {}).items():
            operation.setdefault("operationId", operation_id(method, path or ""))
            parameters = operation.setdefault("parameters", [])
            parameters.extend(dict(h) for h in headers_of(path or "", method, operation))
            responses = operation.setdefault("responses", {})
            for code in SERVER:
                responses.setdefault(str(code), http.HTTPStatus(code).name)
            for (where, verb, status), links in LINKS.items():
                if where == path and verb == method:
                    key = next(k for k in responses if str(k) == status)
                    responses[key]["links"] = links
