"""schemathesis hooks of the contract run (``tests/api/contract.py``).

Generated requests draw their ``Idempotency-Key`` from a small space ("0",
"00"...), so unrelated requests would share keys; the API rightly refuses a key
reused with another body (422, tested in ``test_errors.py``). A client uses one
key per intended command, and so does this run: each call gets a key of its own,
still of the documented shape.
"""

from __future__ import annotations

import uuid
from typing import Any

import schemathesis


@schemathesis.hook
def before_call(context: Any, case: Any, kwargs: dict[str, Any]) -> None:
    headers = case.headers or {}
    if "Idempotency-Key" in headers:
        headers["Idempotency-Key"] = (uuid.uuid4().hex + str(headers["Idempotency-Key"]))[:128]
