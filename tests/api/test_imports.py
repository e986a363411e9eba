"""POST .../imports: plan a letter's commands, or record them with ?commit=true."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask
from flask.testing import FlaskClient

from api.config import ApiConfig
from api.services import Services
from gcm_process.letters import seed_text

Headers = dict[str, str]
IMPORTS = "/api/processes/gcm-2018/imports"


def test_planning_records_nothing(client: FlaskClient, gcm: Services) -> None:
    response = client.post(IMPORTS, data=seed_text(), content_type="text/plain")
    plan = response.get_json()
    assert response.status_code == 200 and plan["committed"] is False
    assert plan["new_process"] is True and plan["commands"]
    assert gcm.app.last_position() == 0


def test_committing_needs_a_clerk_and_records_once(
    client: FlaskClient, clerk: Headers, reader: Headers, gcm: Services
) -> None:
    body = {"text": seed_text()}
    assert client.post(f"{IMPORTS}?commit=true", json=body).status_code == 401
    assert client.post(f"{IMPORTS}?commit=true", json=body, headers=reader).status_code == 403
    first = client.post(f"{IMPORTS}?commit=true", json=body, headers=clerk).get_json()
    assert first["committed"] is True and first["recorded"] == len(first["commands"]) > 0
    position = gcm.app.last_position()
    again = client.post(f"{IMPORTS}?commit=True", json=body, headers=clerk).get_json()
    assert again["recorded"] == 0 and gcm.app.last_position() == position
    timeline = client.get("/api/processes/gcm-2018/timeline").get_json()
    assert "zero-draft-presentation" in [s["slug"] for s in timeline["sessions"]]
    history = client.get(
        "/api/processes/gcm-2018/sessions/zero-draft-presentation/history"
    ).get_json()
    assert {e["actor"].split(" (")[0] for e in history["items"]} == {"clerk-ana"}


def test_unreadable_text_and_bad_bodies(client: FlaskClient) -> None:
    unreadable = client.post(IMPORTS, data="hello", content_type="text/plain")
    assert unreadable.status_code == 422
    assert unreadable.mimetype == "application/problem+json"
    missing = client.post(IMPORTS, json={"letter": "x"})
    assert missing.status_code == 422
    assert {e["field"] for e in missing.get_json()["errors"]} == {"text", "letter"}
    assert client.post(IMPORTS, data="<x/>", content_type="application/xml").status_code == 415


def test_a_pdf_body_is_read_and_committed(client: FlaskClient, clerk: Headers) -> None:
    from tests.letters.pdfs import make_pdf

    pdf = make_pdf(seed_text(), columns=2)
    plan = client.post(IMPORTS, data=pdf, content_type="application/pdf").get_json()
    assert len(plan["commands"]) == 15 and plan["unreadable"] == []
    done = client.post(f"{IMPORTS}?commit=true", data=pdf, content_type="application/pdf",
                       headers=clerk).get_json()  # fmt: skip
    assert done["recorded"] == 15


def test_text_in_another_encoding_is_read(client: FlaskClient) -> None:
    text = seed_text().replace("Lajčák", "Lajcák")
    for body, kind in [
        (text.encode("cp1252"), "text/plain"),
        (text.encode("utf-16"), "text/plain"),
        (text.replace("\u2013", "-").encode("latin-1"), "text/plain; charset=ISO-8859-1"),
    ]:
        plan = client.post(IMPORTS, data=body, content_type=kind).get_json()
        assert plan["letters"][0]["senders"][0]["name"] == "Miroslav Lajcák", kind


def test_a_text_over_its_limit_is_refused_at_once(client: FlaskClient, gcm: Services) -> None:
    big = (seed_text() + "\n\n") * 200  # about 760 KB
    assert 700_000 < len(big.encode()) < 1_000_000
    for response in (
        client.post(IMPORTS, data=big, content_type="text/plain"),
        client.post(IMPORTS, json={"text": big}),
    ):
        assert response.status_code == 413, response.get_json()
        assert response.mimetype == "application/problem+json"
        assert "at most 200,000" in response.get_json()["detail"]
    assert gcm.app.last_position() == 0


def test_a_partial_plan_is_committed_only_with_accept_partial(
    client: FlaskClient, clerk: Headers, gcm: Services
) -> None:
    text = seed_text().replace("New York, 30 January 2018", "New York, 30 January 20 I 8")
    plan = client.post(IMPORTS, data=text, content_type="text/plain").get_json()
    assert len(plan["unreadable"]) == 1 and plan["commands"]
    refused = client.post(f"{IMPORTS}?commit=true", data=text, content_type="text/plain",
                          headers=clerk)  # fmt: skip
    assert refused.status_code == 422 and "accept_partial" in refused.get_json()["detail"]
    assert gcm.app.last_position() == 0
    done = client.post(f"{IMPORTS}?commit=true&accept_partial=true", data=text,
                       content_type="text/plain", headers=clerk)  # fmt: skip
    assert done.status_code == 200 and done.get_json()["recorded"] > 0


def test_plans_are_rate_limited_like_writes(
    make_app: Callable[..., Flask], api_config: ApiConfig
) -> None:
    client = make_app(api_config, write_rate="2/minute").test_client()
    codes = [
        client.post(IMPORTS, data=seed_text(), content_type="text/plain").status_code
        for _ in range(3)
    ]
    assert codes == [200, 200, 429]


def test_a_letter_uploaded_as_a_form_file_is_read(client: FlaskClient) -> None:
    import io

    from tests.letters.pdfs import make_pdf

    pdf = make_pdf(seed_text())
    answer = client.post(
        IMPORTS,
        data={"letter": (io.BytesIO(pdf), "seed.pdf")},
        content_type="multipart/form-data",
    )
    assert answer.status_code == 200 and len(answer.get_json()["commands"]) == 15
    missing = client.post(IMPORTS, data={"other": "x"}, content_type="multipart/form-data")
    assert missing.status_code == 422


def test_a_json_body_that_is_not_an_object_is_a_field_error(
    client: FlaskClient, clerk: dict[str, str]
) -> None:
    response = client.post(
        "/api/processes/gcm-2018/imports?commit=true", json=[None, None], headers=clerk
    )
    assert response.status_code == 422 and response.mimetype == "application/problem+json"
