"""Serving the API: gunicorn (one app per worker), or Flask's server for development.

``serve`` is the one entry point; ``gcm-process serve`` and ``gcm-process demo``
both call it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from gunicorn.app.base import BaseApplication

from api.config import ApiConfig
from api.webhooks import running as webhooks

log = logging.getLogger("gcm_process.api")


@dataclass(frozen=True)
class ServeOptions:
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 2
    dev: bool = False
    #: Seconds a worker may spend on one request before gunicorn restarts it.
    timeout: int = 60
    access_log: bool = True


class GunicornServer(BaseApplication):  # type: ignore[misc]
    """gunicorn run from Python: each worker builds its own app after the fork."""

    def __init__(self, config: ApiConfig, options: ServeOptions) -> None:
        self.api_config = config
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        settings: dict[str, Any] = {
            "bind": f"{self.options.host}:{self.options.port}",
            "workers": self.options.workers,
            # gunicorn's sync worker, answering its own errors as problem+json.
            "worker_class": "api.worker.ProblemWorker",
            "timeout": self.options.timeout,
            "graceful_timeout": 10,
            "preload_app": False,
            "accesslog": "-" if self.options.access_log else None,
            "errorlog": "-",
            "proc_name": "gcm-process",
            "forwarded_allow_ips": "127.0.0.1",
            # gunicorn 25.1+: no shared control socket in the home directory, so that
            # several servers (tests, benchmarks) run side by side.
            "control_socket_disable": True,
        }
        for key, value in settings.items():
            if key in self.cfg.settings:
                self.cfg.set(key, value)

    def load(self) -> Any:
        from api.app import create_app

        return create_app(self.api_config)


def prepare(config: ApiConfig) -> None:
    """Create the stores and bring the views up to date once, before workers start.

    Workers then open stores that exist and views that are current, instead of
    racing each other to create them.
    """
    from api.app import create_app

    app = create_app(config)
    app.extensions["gcm"].close()


def serve(config: ApiConfig, options: ServeOptions) -> None:
    """Serve until stopped (SIGINT or SIGTERM)."""
    prepare(config)
    webhooks.start_beside(config)
    if options.dev:
        from api.app import create_app

        log.warning("Flask development server: not for production use")
        create_app(config).run(
            options.host, options.port, debug=False, threaded=False, use_reloader=False
        )
        return
    GunicornServer(config, options).run()
