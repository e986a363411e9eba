"""Fuzzing raw HTTP against the served API: no 5xx, and every error is problem+json.

hypothesis writes the requests byte by byte (methods, paths and queries, headers,
bodies in several encodings and framings, well formed or not) and sends them to
gunicorn over a socket, so that what the server itself refuses is covered too.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.api.served import Served, served

pytestmark = pytest.mark.slow
P = "/api/processes/gcm-2018"
PATHS = [
    "/healthz", "/api/processes", P, f"{P}/timeline", f"{P}/changes", f"{P}/sessions",
    f"{P}/sessions/round-1", f"{P}/sessions/round-1/venue", f"{P}/sessions/round-1/cancel",
    f"{P}/sessions/round-1/history", f"{P}/drafts", f"{P}/letters", f"{P}/imports",
    f"{P}/calendar.ics", f"{P}/report", "/api/openapi.json", "/api/nowhere", "/healthz/x",
]  # fmt: skip
METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "HEAD", "FOO"]
QUERY_NAMES = ["as_of", "known_on", "since", "until", "cursor", "limit", "q", "format", "commit"]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner),
    max_leaves=20,
)


@st.composite
def queries(draw: st.DrawFn) -> str:
    pairs = draw(
        st.lists(st.tuples(st.sampled_from(QUERY_NAMES), st.text(max_size=20)), max_size=3)
    )
    if not pairs:
        return ""
    encoded = "&".join(f"{k}={v.encode().hex() if draw(st.booleans()) else v}" for k, v in pairs)
    return "?" + "".join(c if c.isascii() and c.isprintable() and c not in " #" else "%41"
                         for c in encoded)  # fmt: skip


@st.composite
def bodies(draw: st.DrawFn) -> bytes:
    kind = draw(st.sampled_from(["json", "deep", "number", "text", "binary", "empty"]))
    if kind == "json":
        return json.dumps(draw(json_values)).encode()
    if kind == "deep":
        n = draw(st.integers(1, 3000))
        return b"[" * n + b"]" * draw(st.integers(0, n))
    if kind == "number":
        return b'{"number": ' + b"9" * draw(st.integers(1, 6000)) + b"}"
    if kind == "text":
        return draw(st.text(max_size=200)).encode(draw(st.sampled_from(["utf-8", "utf-16"])))
    if kind == "binary":
        return draw(st.binary(max_size=300))
    return b""


header_text = st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=40)


@st.composite
def requests(draw: st.DrawFn, token: str) -> bytes:
    method = draw(st.sampled_from(METHODS))
    path = draw(st.sampled_from(PATHS)) + draw(queries())
    if draw(st.integers(0, 20)) == 0:
        path += "?q=" + "x" * draw(st.integers(4000, 9000))  # over the request line limit
    headers = {"Host": "127.0.0.1"}
    auth = draw(st.sampled_from(["none", "token", "bad", "garbage"]))
    if auth != "none":
        headers["Authorization"] = {
            "token": f"Bearer {token}", "bad": "Bearer nope", "garbage": draw(header_text)
        }[auth]  # fmt: skip
    content_type = draw(st.sampled_from(
        ["application/json", "text/plain", "application/x-www-form-urlencoded",
         "application/json; charset=latin-1", "multipart/form-data", None]
    ))  # fmt: skip
    if content_type:
        headers["Content-Type"] = content_type
    for name in draw(st.lists(st.sampled_from(
        ["If-Match", "If-None-Match", "Idempotency-Key", "Accept", "X-Request-ID",
         "Content-Encoding", "Expect", "X-Extra"]), max_size=4, unique=True)):  # fmt: skip
        headers[name] = draw(header_text)
    if draw(st.integers(0, 20)) == 0:
        headers.update({f"X-Many-{n}": "1" for n in range(110)})  # over the header count
    body = draw(bodies())
    framing = draw(st.sampled_from(["length", "chunked", "bad-chunks", "none"]))
    if framing == "length":
        headers["Content-Length"] = str(len(body))
    elif framing == "chunked":
        headers["Transfer-Encoding"] = "chunked"
        body = (b"%x\r\n%s\r\n" % (len(body), body) if body else b"") + b"0\r\n\r\n"
    elif framing == "bad-chunks":
        headers["Transfer-Encoding"] = "chunked"
        body = draw(st.sampled_from([b"zz\r\n", b"5\r\nab\r\n", b"-1\r\n\r\n", b"3;\x00\r\n"]))
        body += b"abc\r\n0\r\n\r\n"
    else:
        body = b""
    head = f"{method} {path} HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    return head.encode("latin-1") + b"\r\n" + body


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    with served(tmp_path_factory.mktemp("fuzz") / "data", workers=2) as found:
        yield found


@given(data=st.data())
@settings(max_examples=150, deadline=None, database=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])  # fmt: skip
def test_no_request_gets_a_5xx_or_an_error_that_is_not_a_problem(
    server: Served, data: st.DataObject
) -> None:
    raw = data.draw(requests(server.token))
    answer = server.send(raw, wait=30)
    assert answer.status < 500, (raw[:300], answer)
    if answer.status >= 400:
        assert answer.mimetype == "application/problem+json", (raw[:300], answer)
        if not raw.startswith(b"HEAD "):
            problem = answer.json()
            assert problem["status"] == answer.status and problem["detail"], answer
