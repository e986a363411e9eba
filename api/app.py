"""``create_app``: the Flask app of one process (one application object, one views handle)."""

from __future__ import annotations

import importlib

from flask import Flask

from api import docs, errors, guards, pages
from api.blueprints import BLUEPRINTS
from api.config import ApiConfig
from api.follower import node_app
from api.kept_reads import KeptReads
from api.openapi import SETTINGS, Blueprint, GcmApi
from api.services import Services
from api.tokens import TokenStore
from gcm_process.application import GcmProcess
from projections import Views


def create_app(config: ApiConfig | None = None) -> Flask:
    """Build the app on the event store and views the settings name."""
    config = config or ApiConfig.from_env()
    flask = Flask("api")
    flask.config.update(SETTINGS)
    flask.config.update({"JSON_SORT_KEYS": False, "OPENAPI_SWAGGER_UI_PATH": None})
    flask.config.update(config.flask)
    flask.json.sort_keys = False  # type: ignore[attr-defined]

    if config.followed:
        # The node's follower opened the store and keeps the views: nothing waits for it here.
        application = node_app(config.settings)
        views = Views(config.settings.views_path, application)
    else:
        application = GcmProcess.from_settings(config.settings)
        views = Views.open(config.settings, application)
    tokens = TokenStore(config.tokens_path, application)
    found = Services(config, application, views, tokens)
    flask.extensions["gcm"] = found

    api = GcmApi(flask)
    for module, attribute in BLUEPRINTS:
        blueprint = getattr(importlib.import_module(module), attribute)
        assert isinstance(blueprint, Blueprint)
        api.register_blueprint(blueprint)
    flask.register_blueprint(docs.blp)
    flask.register_blueprint(pages.blp)
    errors.register(flask)
    guards.install(flask, config)
    flask.wsgi_app = KeptReads(flask.wsgi_app, found)  # type: ignore[method-assign]
    return flask
