"""Signing in at the desk: the cookie, CSRF, a new session at sign-in, revoked tokens, sign out."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from api.services import Services
from gcm_process.letters import seed_text
from tests.desk.forms import csrf, sign_in


def desk_cookie(client: FlaskClient) -> str | None:
    found = client.get_cookie("gcm_desk", path="/desk")
    return None if found is None else found.value


def test_the_desk_is_closed_until_sign_in(desk_app: Flask) -> None:
    client = desk_app.test_client()
    answer = client.get("/desk")
    assert answer.status_code == 303 and answer.headers["Location"] == "/desk/sign-in"
    assert client.get("/desk/letter").status_code == 303


def test_sign_in_sets_a_signed_http_only_lax_cookie(desk_app: Flask, clerk_token: str) -> None:
    client = desk_app.test_client()
    answer = sign_in(client, clerk_token)
    assert answer.status_code == 303 and answer.headers["Location"] == "/desk"
    (cookie,) = [c for c in answer.headers.getlist("Set-Cookie") if c.startswith("gcm_desk=")]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Path=/desk" in cookie
    assert "Secure" not in cookie  # served over plain HTTP here
    assert "Expires=" in cookie  # the idle expiry
    assert clerk_token not in cookie
    assert client.get("/desk").status_code == 200


def test_over_https_the_cookie_is_secure_and_forms_come_from_the_desk(
    desk_app: Flask, clerk_token: str
) -> None:
    client = desk_app.test_client()
    shown = client.get("/desk/sign-in", base_url="https://localhost")
    assert shown.headers["Referrer-Policy"] == "same-origin"
    data = {"token": clerk_token, "csrf_token": csrf(shown.text)}
    elsewhere = {"Referer": "https://example.org/desk/sign-in"}
    refused = client.post("/desk/sign-in", base_url="https://localhost", data=data,
                          headers=elsewhere)  # fmt: skip
    assert refused.status_code == 400
    here = {"Referer": "https://localhost/desk/sign-in"}
    answer = client.post("/desk/sign-in", base_url="https://localhost", data=data, headers=here)
    (cookie,) = [c for c in answer.headers.getlist("Set-Cookie") if c.startswith("gcm_desk=")]
    assert "Secure" in cookie


def test_a_wrong_token_is_refused_at_its_field(desk_app: Flask) -> None:
    client = desk_app.test_client()
    page = client.get("/desk/sign-in").text
    answer = client.post("/desk/sign-in", data={"token": "gcm_nope", "csrf_token": csrf(page)})
    assert answer.status_code == 401
    assert 'id="token-error"' in answer.text and "unknown or was revoked" in answer.text
    assert "gcm_nope" not in answer.text
    assert client.get("/desk").status_code == 303


def test_sign_in_without_the_csrf_token_is_refused(desk_app: Flask, clerk_token: str) -> None:
    client = desk_app.test_client()
    client.get("/desk/sign-in")
    answer = client.post("/desk/sign-in", data={"token": clerk_token})
    assert answer.status_code == 400 and "security token" in answer.text
    assert client.get("/desk").status_code == 303


def test_sign_in_starts_a_new_session(desk_app: Flask, clerk_token: str) -> None:
    """Session fixation: nothing of the session before sign-in is the session after it."""
    client = desk_app.test_client()
    planted = csrf(client.get("/desk/sign-in").text)
    before = desk_cookie(client)
    sign_in(client, clerk_token)
    after = desk_cookie(client)
    assert before is not None and after is not None and after != before
    with client.session_transaction("/desk") as session:
        assert session.get("sid") and session.get("csrf_token") is None
    assert csrf(client.get("/desk").text) != planted
    stranger = desk_app.test_client()
    stranger.set_cookie("gcm_desk", before, path="/desk")
    assert stranger.get("/desk").status_code == 303  # the planted cookie signs nobody in
    with client.session_transaction("/desk") as session:
        first = session["sid"]
    sign_in(client, clerk_token)
    with client.session_transaction("/desk") as session:
        assert session["sid"] != first


def test_no_token_in_any_page_after_sign_in(clerk: FlaskClient, clerk_token: str) -> None:
    pages = [clerk.get(path) for path in ("/desk", "/desk/letter", "/desk/sign-in")]
    page = clerk.get("/desk/letter").text
    pages.append(clerk.post("/desk/letter", data={"pasted": seed_text(), "csrf_token": csrf(page)}))
    for answer in pages:
        assert clerk_token not in answer.get_data(as_text=True)
        assert answer.headers["Cache-Control"] == "no-store"


def test_the_token_is_in_no_log(
    desk_app: Flask, clerk_token: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    client = desk_app.test_client()
    sign_in(client, clerk_token)
    page = client.get("/desk/letter").text
    client.post("/desk/letter", data={"pasted": seed_text(), "csrf_token": csrf(page)})
    client.post("/desk/sign-in", data={"token": clerk_token})  # refused: no CSRF token
    assert caplog.records and clerk_token not in caplog.text


def test_a_revoked_token_closes_the_desk(clerk: FlaskClient, services: Services) -> None:
    services.tokens.revoke("clerk-ana")
    answer = clerk.get("/desk")
    assert answer.status_code == 401 and "was revoked" in answer.text
    assert clerk.get("/desk").status_code == 303  # and the session is over


def test_a_session_ends_after_its_idle_time(
    clerk: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time
    from types import SimpleNamespace

    from api.pages.desk import clerk as sessions

    later = time.time() + 31 * 60  # the desk's own clock; the cookie's signature is still good
    monkeypatch.setattr(sessions, "time", SimpleNamespace(time=lambda: later))
    answer = clerk.get("/desk")
    assert answer.status_code == 401 and "time without use" in answer.text


def test_sign_out_closes_the_desk(clerk: FlaskClient) -> None:
    page = clerk.get("/desk").text
    answer = clerk.post("/desk/sign-out", data={"csrf_token": csrf(page)})
    assert answer.status_code == 303 and answer.headers["Location"] == "/desk/sign-in?out=1"
    assert "You signed out" in clerk.get("/desk/sign-in?out=1").text
    assert clerk.get("/desk").status_code == 303
    posted = clerk.post("/desk/letter", data={"pasted": seed_text(), "csrf_token": csrf(page)})
    assert posted.status_code in (400, 401)


def test_the_idle_time_is_configurable() -> None:
    from api.config import ApiConfig
    from gcm_process.config import Settings

    found = ApiConfig.from_env(Settings.from_env({}), {"GCM_DESK_IDLE_MINUTES": "5"})
    assert found.desk_idle_seconds == 300


def test_sign_in_attempts_are_rate_limited(tmp_path: Path) -> None:
    from api import create_app
    from api.config import ApiConfig
    from gcm_process.config import Settings

    app = create_app(ApiConfig(Settings(tmp_path / "data"), write_rate="3/minute"))
    try:
        client = app.test_client()
        page = client.get("/desk/sign-in").text
        statuses = [
            client.post(
                "/desk/sign-in", data={"token": f"gcm_guess{n}", "csrf_token": csrf(page)}
            ).status_code
            for n in range(4)
        ]
        assert statuses == [401, 401, 401, 429]
    finally:
        app.extensions["gcm"].close()


def test_the_desk_speaks_french(clerk: FlaskClient) -> None:
    page = clerk.get("/desk?lang=fr").text
    assert "Le bureau du greffier" in page and "Se déconnecter" in page
    assert "Bureau du greffier" in clerk.get("/?lang=fr").text  # linked from every page
