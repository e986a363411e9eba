"""End to end: what gunicorn refuses before the app sees it is problem+json too."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.api.served import Answer, Served, served

pytestmark = pytest.mark.slow
PROCESSES = "/api/processes"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    with served(tmp_path_factory.mktemp("served") / "data") as found:
        yield found


def problem(answer: Answer, status: int, kind: str | None = None) -> dict[str, object]:
    assert answer.status == status, answer
    assert answer.mimetype == "application/problem+json", answer
    body: dict[str, object] = answer.json()
    assert body["status"] == status and body["detail"] and body["request_id"]
    if kind is not None:
        assert body["type"] == f"urn:gcm-process:problem:{kind}"
    return body


def events(server: Served) -> int:
    return int(server.request("GET", "/healthz").json()["events"])


def chunked_head(server: Served, path: str, content_type: str = "application/json") -> bytes:
    return (
        f"POST {path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {server.token}\r\n"
        f"Content-Type: {content_type}\r\nTransfer-Encoding: chunked\r\n\r\n"
    ).encode()


def test_a_request_line_over_the_limit_is_414(server: Served) -> None:
    problem(server.request("GET", PROCESSES + "?q=" + "x" * 5000), 414, "uri-too-long")


def test_too_many_headers_is_431(server: Served) -> None:
    headers = {f"X-Extra-{n}": "1" for n in range(120)}
    problem(server.request("GET", PROCESSES, headers=headers), 431, "headers-too-large")


def test_a_header_over_the_limit_is_431(server: Served) -> None:
    problem(server.request("GET", PROCESSES, headers={"X-Big": "y" * 9000}), 431)


def test_a_request_that_is_not_http_is_400(server: Served) -> None:
    problem(server.send(b"GARBAGE\r\n\r\n"), 400, "malformed")
    problem(server.send(b"GET / HTTP/1.1\r\nBad Header\r\n\r\n"), 400)


def test_a_malformed_chunk_is_400_and_records_nothing(server: Served) -> None:
    before = events(server)
    body = b'zz\r\n{"slug": "gcm-2018", "title": "GCM"}\r\n0\r\n\r\n'
    problem(server.send(chunked_head(server, PROCESSES) + body), 400, "malformed")
    missing_end = b'5\r\n{"slu\r\n3\r\n'
    problem(server.send(chunked_head(server, PROCESSES) + missing_end + b"xyzzy"), 400)
    assert events(server) == before


def test_a_chunked_body_over_the_limit_is_413(server: Served) -> None:
    before = events(server)
    chunk = b"[" * 65536
    body = (b"10000\r\n" + chunk + b"\r\n") * 80 + b"0\r\n\r\n"  # 5 MB, no Content-Length
    problem(server.send(chunked_head(server, PROCESSES) + body), 413, "too-large")
    assert events(server) == before


def test_a_chunked_body_within_the_limit_is_recorded(server: Served) -> None:
    body = b'{"slug": "gcm-2018", "title": "GCM", "announced_on": "2018-01-26"}'
    framed = b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body)
    answer = server.send(chunked_head(server, PROCESSES) + framed)
    assert answer.status == 201, answer


def test_a_worker_timeout_is_a_503_problem(tmp_path: Path) -> None:
    with served(tmp_path / "data", timeout=2) as server:
        head = chunked_head(server, "/api/processes/gcm-2018/imports", "text/plain")
        answer = server.send(head + b"4\r\nDear\r\n", pause=8, rest=b"0\r\n\r\n")
        body = problem(answer, 503, "timeout")
        assert "Idempotency-Key" in str(body["detail"])
        assert server.request("GET", "/healthz").status == 200  # a new worker took over
