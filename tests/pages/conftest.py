"""Fixtures of the pages: the GCM 2018 record imported from real letters, in a fresh app."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from api import create_app
from api.config import ApiConfig
from api.services import Services
from gcm_process.config import Settings
from gcm_process.letters import plan_import, read_letters, record_plan, seed_text

SAMPLES = Path(__file__).resolve().parent.parent / "letters" / "samples"
#: The seed, then a room change for round 1 (14 February), then new dates for rounds 3 and 4.
LETTERS = ("gcm-2018-02-14-rooms.txt", "gcm-2018-03-01-dates.txt")
P = "/processes/gcm-2018"


def import_letters(services: Services) -> None:
    texts = [seed_text(), *((SAMPLES / name).read_text(encoding="utf-8") for name in LETTERS)]
    for text in texts:
        plan = plan_import(services.app, read_letters(text), "gcm-2018")
        record_plan(services.app, plan, actor="clerk-ana")
    services.views.catch_up()


def make_app(tmp_path: Path) -> Flask:
    config = ApiConfig(Settings(tmp_path / "data"), write_rate=None, views_poll_seconds=0)
    return create_app(config)


@pytest.fixture
def empty_app(tmp_path: Path) -> Iterator[Flask]:
    app = make_app(tmp_path)
    yield app
    app.extensions["gcm"].close()


@pytest.fixture
def pages_app(empty_app: Flask) -> Flask:
    """The app holding gcm-2018 as the three letters made it."""
    import_letters(empty_app.extensions["gcm"])
    return empty_app


@pytest.fixture
def client(pages_app: Flask) -> FlaskClient:
    return pages_app.test_client()


@pytest.fixture
def services(pages_app: Flask) -> Services:
    found: Services = pages_app.extensions["gcm"]
    return found
