"""The HTTP API: ``create_app`` builds it; ``api.server`` serves it under gunicorn."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask

    from api.config import ApiConfig


def create_app(config: ApiConfig | None = None) -> Flask:
    """Build the Flask app (imported lazily, so ``import api`` stays cheap)."""
    from api.app import create_app as build

    return build(config)


__all__: list[Any] = ["create_app"]
