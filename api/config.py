"""What a deployment of the API chooses, read from the environment.

| variable | default | what |
|---|---|---|
| ``GCM_PUBLIC_READS`` | ``true`` | ``false``: every read needs a valid token too |
| ``GCM_MAX_BODY_BYTES`` | ``1048576`` | the largest request body accepted (413 beyond) |
| ``GCM_WRITE_RATE`` | ``60/minute`` | writes allowed per token (429 beyond); ``off`` for none |
| ``GCM_RATE_LIMIT_STORAGE`` | ``memory://`` | where the counts are kept (per worker in memory) |
| ``GCM_CORS_ORIGINS`` | none | comma-separated origins allowed to call the API from a browser |
| ``GCM_VIEWS_POLL_SECONDS`` | ``1.0`` | how often a read checks for events written elsewhere |
| ``GCM_DESK_IDLE_MINUTES`` | ``30`` | a desk session ends after this long without a request |
| ``GCM_DESK_SECRET`` | ``desk.key`` | signs the desk's session cookies (the same on all nodes) |
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from gcm_process.config import Settings
from gcm_process.domain.errors import InvalidInput

MIB = 1024 * 1024


@dataclass(frozen=True)
class ApiConfig:
    settings: Settings
    public_reads: bool = True
    max_body_bytes: int = MIB
    write_rate: str | None = "60/minute"
    rate_limit_storage: str = "memory://"
    cors_origins: tuple[str, ...] = ()
    views_poll_seconds: float = 1.0
    #: Seconds without a request after which a desk session ends.
    desk_idle_seconds: int = 30 * 60
    #: What signs the desk's session cookies; None: a key kept in the data directory.
    desk_secret: str | None = None
    #: Extra Flask configuration (tests set TESTING and the like).
    flask: Mapping[str, object] = field(default_factory=dict)

    @classmethod
    def from_env(
        cls, settings: Settings | None = None, env: Mapping[str, str] | None = None
    ) -> ApiConfig:
        env = os.environ if env is None else env
        rate = env.get("GCM_WRITE_RATE", "60/minute").strip()
        origins = env.get("GCM_CORS_ORIGINS", "")
        return cls(
            settings=settings or Settings.from_env(),
            public_reads=_flag(env.get("GCM_PUBLIC_READS", "true"), "GCM_PUBLIC_READS"),
            max_body_bytes=_positive(env.get("GCM_MAX_BODY_BYTES", str(MIB)), "GCM_MAX_BODY_BYTES"),
            write_rate=None if rate.lower() in ("", "off", "none") else rate,
            rate_limit_storage=env.get("GCM_RATE_LIMIT_STORAGE", "memory://"),
            cors_origins=tuple(o.strip() for o in origins.split(",") if o.strip()),
            views_poll_seconds=float(env.get("GCM_VIEWS_POLL_SECONDS", "1.0")),
            desk_idle_seconds=60
            * _positive(env.get("GCM_DESK_IDLE_MINUTES", "30"), "GCM_DESK_IDLE_MINUTES", "minutes"),
            desk_secret=env.get("GCM_DESK_SECRET") or None,
        )

    @property
    def tokens_path(self) -> Path:
        return self.settings.data_dir / "tokens.sqlite"

    @property
    def desk_key_path(self) -> Path:
        return self.settings.data_dir / "desk.key"


def _flag(text: str, name: str) -> bool:
    value = text.strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise InvalidInput(f"{name} must be true or false, not '{text}'.")


def _positive(text: str, name: str, unit: str = "bytes") -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise InvalidInput(f"{name} must be a whole number of {unit}, not '{text}'.")
    return value
