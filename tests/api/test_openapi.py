"""The OpenAPI document validates and documents every status; the docs work offline."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from openapi_spec_validator import validate

from api.config import ApiConfig


def spec(client: FlaskClient) -> dict[str, Any]:
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    found: dict[str, Any] = response.get_json()
    return found


def test_the_document_is_valid_openapi(client: FlaskClient) -> None:
    validate(spec(client))


def test_every_contract_path_is_documented(client: FlaskClient) -> None:
    paths = spec(client)["paths"]
    p = "/api/processes/{process}"
    for path, method in [
        ("/api/processes", "get"),
        ("/api/processes", "post"),
        (p, "get"),
        (f"{p}/timeline", "get"),
        (f"{p}/changes", "get"),
        (f"{p}/sessions", "post"),
        (f"{p}/sessions/{{session}}", "get"),
        (f"{p}/sessions/{{session}}/history", "get"),
        (f"{p}/sessions/{{session}}/reschedule", "post"),
        (f"{p}/sessions/{{session}}/venue", "post"),
        (f"{p}/sessions/{{session}}/postpone", "post"),
        (f"{p}/sessions/{{session}}/cancel", "post"),
        (f"{p}/sessions/{{session}}/held", "post"),
        (f"{p}/sessions/{{session}}/correct", "post"),
        (f"{p}/letters/{{letter}}/correct", "post"),
        (f"{p}/drafts", "post"),
        (f"{p}/drafts/{{draft}}/presentations", "post"),
        (f"{p}/letters", "post"),
        (f"{p}/letters/{{letter}}", "get"),
        ("/healthz", "get"),
    ]:
        assert method in paths[path], f"{method} {path}"


def test_every_write_documents_its_errors_as_problems(client: FlaskClient) -> None:
    document = spec(client)
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            if method != "post":
                continue
            codes = set(operation["responses"])
            assert {"400", "401", "403", "409", "413", "415", "422", "429"} <= codes, path
            if path.endswith(("/venue", "/cancel", "/sessions/{session}/correct")):
                assert "412" in codes
    problem = document["components"]["responses"]["CONFLICT"]["content"]
    assert list(problem) == ["application/problem+json"]


def test_docs_page_loads_its_assets_from_the_app(client: FlaskClient) -> None:
    page = client.get("/api/docs/")
    assert page.status_code == 200 and page.mimetype == "text/html"
    html = page.get_data(as_text=True)
    assert "http" not in html.replace("http-equiv", "")  # nothing from another host
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]
    for asset in ("swagger-ui-bundle.js", "swagger-ui.css", "swagger-ui-standalone-preset.js"):
        assert f"/api/docs/static/{asset}" in html
        with client.get(f"/api/docs/static/{asset}") as served:
            assert served.status_code == 200 and served.headers["Cache-Control"].startswith(
                "public"
            )
    init = client.get("/api/docs/init.js").get_data(as_text=True)
    assert "/api/openapi.json" in init


def test_security_headers(client: FlaskClient, recorded: str) -> None:
    read = client.get("/api/processes")
    assert read.headers["X-Content-Type-Options"] == "nosniff"
    assert read.headers["Cache-Control"] == "no-cache"
    assert client.get("/api/processes/none").headers["Cache-Control"] == "no-store"
    assert (
        "Access-Control-Allow-Origin"
        not in client.get("/api/processes", headers={"Origin": "https://example.org"}).headers
    )


def test_cors_when_origins_are_configured(
    make_app: Callable[..., Flask], api_config: ApiConfig
) -> None:
    client = make_app(api_config, cors_origins=("https://delegations.example",)).test_client()
    allowed = client.get("/api/processes", headers={"Origin": "https://delegations.example"})
    assert allowed.headers["Access-Control-Allow-Origin"] == "https://delegations.example"
    other = client.get("/api/processes", headers={"Origin": "https://elsewhere.example"})
    assert "Access-Control-Allow-Origin" not in other.headers
    preflight = client.options(
        "/api/processes",
        headers={
            "Origin": "https://delegations.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "Authorization, Idempotency-Key",
        },
    )
    assert preflight.status_code == 200
    assert "idempotency-key" in preflight.headers["Access-Control-Allow-Headers"].lower()
