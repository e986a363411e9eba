"""The signature of a delivery: HMAC-SHA256 of the timestamp and the body, by the shared secret.

The header is ``Gcm-Signature: t=TIMESTAMP,v1=HEX``, where ``TIMESTAMP`` is the
Unix time of the attempt and ``HEX`` is
``hmac_sha256(secret, f"{TIMESTAMP}.".encode() + body)``. A receiver recomputes
it over the raw body it read, compares in constant time, and refuses a
timestamp too far from its clock (a replayed request).
"""

from __future__ import annotations

import hashlib
import hmac
import time

HEADER = "Gcm-Signature"
#: How far a receiver may let a timestamp be from its own clock, in seconds.
TOLERANCE = 300


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """The ``Gcm-Signature`` header value of ``body`` sent at ``timestamp``."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def verify(secret: str, header: str, body: bytes, now: float | None = None) -> bool:
    """Whether ``header`` signs ``body`` with ``secret``, at a time close to ``now``."""
    parts = dict(p.split("=", 1) for p in header.split(",") if "=" in p)
    try:
        timestamp = int(parts["t"])
    except (KeyError, ValueError):
        return False
    if abs((time.time() if now is None else now) - timestamp) > TOLERANCE:
        return False
    expected = signature(secret, timestamp, body)
    return hmac.compare_digest(expected, f"t={timestamp},v1={parts.get('v1', '')}")
