"""Fixtures of the HTTP API: a fresh data directory per test, tokens, a recorded process."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from api import create_app
from api.config import ApiConfig
from api.services import Services
from api.tokens import TokenStore
from gcm_process.config import Settings
from tests.api.helpers import open_process, schedule

Headers = dict[str, str]


@pytest.fixture
def api_config(tmp_path: Path) -> ApiConfig:
    """Defaults, without a rate limit, and reads that look for outside writes every time."""
    return ApiConfig(Settings(tmp_path / "data"), write_rate=None, views_poll_seconds=0)


@pytest.fixture
def make_app() -> Iterator[Callable[..., Flask]]:
    """Build apps (``make_app(config, **changes)``), each closed after the test."""
    made: list[Flask] = []

    def make(config: ApiConfig, **changes: Any) -> Flask:
        app = create_app(replace(config, **changes))
        made.append(app)
        return app

    yield make
    for app in made:
        app.extensions["gcm"].close()


@pytest.fixture
def flask_app(make_app: Callable[..., Flask], api_config: ApiConfig) -> Flask:
    return make_app(api_config)


@pytest.fixture
def client(flask_app: Flask) -> FlaskClient:
    return flask_app.test_client()


@pytest.fixture
def gcm(flask_app: Flask) -> Services:
    found: Services = flask_app.extensions["gcm"]
    return found


def bearer(config: ApiConfig, name: str, role: str) -> Headers:
    return {"Authorization": f"Bearer {TokenStore(config.tokens_path).create(name, role)}"}


@pytest.fixture
def clerk(api_config: ApiConfig) -> Headers:
    return bearer(api_config, "clerk-ana", "clerk")


@pytest.fixture
def reader(api_config: ApiConfig) -> Headers:
    return bearer(api_config, "reader-bo", "reader")


@pytest.fixture
def recorded(client: FlaskClient, clerk: Headers) -> str:
    """The process ``gcm-2018`` with its first negotiation round: the process slug."""
    open_process(client, clerk)
    schedule(client, clerk)
    return "gcm-2018"
