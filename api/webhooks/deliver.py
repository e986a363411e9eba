"""The deliverer: each registration gets its process's changes, in order, until acknowledged.

One deliverer per data directory (a lock file says which runs; another waits).
Each pass brings this node's views up to date, then, for every registration
whose next attempt is due and that has no attempt under way, POSTs the first
change after the position its receiver last acknowledged. A 2xx answer
acknowledges it and the next change follows at once; anything else (another
status, a refused connection, no answer within the timeout) is logged and
tried again after ``backoff * 2 ** (failures - 1)`` seconds, at most
``backoff_max``. The next change is never sent before the one before it was
acknowledged, and the acknowledged position is kept in the store, so a
deliverer that stops resumes where it was: a change is delivered at least
once (twice when the deliverer stopped between the receiver's answer and
storing it; ``Gcm-Delivery`` names it, for a receiver to drop a repeat).
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from api.webhooks.signing import HEADER, signature
from api.webhooks.store import Attempt, Webhook, WebhookStore
from gcm_process import __version__
from gcm_process.application import GcmProcess
from gcm_process.config import Settings
from projections import Views, recorded

LOG = logging.getLogger("gcm_process.webhooks")
LOCK = "webhooks.lock"
#: Registrations delivered to at the same time (each one change at a time).
PARALLEL = 8
#: What is read of a receiver's answer.
ANSWER_BYTES = 64 * 1024


@dataclass(frozen=True)
class DeliveryOptions:
    """| variable | default | what |
    |---|---|---|
    | ``GCM_WEBHOOK_TIMEOUT`` | ``10`` | seconds to wait for a receiver's answer |
    | ``GCM_WEBHOOK_BACKOFF`` | ``1`` | seconds before the first retry (doubled after each) |
    | ``GCM_WEBHOOK_BACKOFF_MAX`` | ``600`` | the longest wait between retries |
    | ``GCM_WEBHOOK_POLL_SECONDS`` | ``1`` | how often to look for new changes |
    """

    timeout: float = 10.0
    backoff: float = 1.0
    backoff_max: float = 600.0
    poll: float = 1.0

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> DeliveryOptions:
        env = os.environ if env is None else env
        return cls(
            timeout=float(env.get("GCM_WEBHOOK_TIMEOUT", "10")),
            backoff=float(env.get("GCM_WEBHOOK_BACKOFF", "1")),
            backoff_max=float(env.get("GCM_WEBHOOK_BACKOFF_MAX", "600")),
            poll=float(env.get("GCM_WEBHOOK_POLL_SECONDS", "1")),
        )

    def delay(self, failures: int) -> float:
        """Seconds to wait after the ``failures``-th attempt in a row that failed."""
        return float(min(self.backoff_max, self.backoff * 2 ** min(failures - 1, 40)))


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer that does not acknowledge (a POST is not followed)."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirects)


def payload(webhook: Webhook, change: dict[str, Any]) -> bytes:
    """The JSON body of a delivery: the change as the change log gives it, and its page."""
    page = (
        f"{webhook.base_url}/processes/{webhook.process}/sessions/{change['session']}"
        f"#v{change['version']}"
    )
    body = {
        "webhook": webhook.id,
        "delivery": f"{webhook.id}:{change['position']}",
        "process": webhook.process,
        "position": change["position"],
        "change": change,
        "page": page,
    }
    return json.dumps(body, ensure_ascii=False, sort_keys=True).encode()


def post(webhook: Webhook, change: dict[str, Any], options: DeliveryOptions) -> Attempt:
    """One attempt: POST the change, signed; what came of it."""
    body = payload(webhook, change)
    timestamp = int(time.time())
    request = urllib.request.Request(webhook.url, data=body, method="POST")
    request.add_header("Content-Type", "application/json")
    request.add_header("User-Agent", f"gcm-process/{__version__} webhooks")
    request.add_header("Gcm-Webhook", webhook.id)
    request.add_header("Gcm-Delivery", f"{webhook.id}:{change['position']}")
    request.add_header(HEADER, signature(webhook.secret, timestamp, body))
    started = time.perf_counter()
    status: int | None = None
    error: str | None = None
    try:
        with _OPENER.open(request, timeout=options.timeout) as answer:
            answer.read(ANSWER_BYTES)
            status = int(answer.status)
    except urllib.error.HTTPError as refused:
        status = refused.code
        refused.close()
    except TimeoutError:
        error = f"no answer within {options.timeout:g} s"
    except (urllib.error.URLError, OSError) as failed:
        reason = getattr(failed, "reason", failed)
        error = f"no answer within {options.timeout:g} s" if isinstance(
            reason, TimeoutError) else f"could not connect: {reason}"  # fmt: skip
    elapsed = (time.perf_counter() - started) * 1000
    ok = status is not None and 200 <= status < 300
    if not ok and error is None:
        error = f"answered {status}"
    next_try = None if ok else time.time() + options.delay(webhook.failures + 1)
    return Attempt(change["position"], ok, status, error, round(elapsed, 1), next_try)


class Deliverer:
    """Deliveries for the registrations of one data directory."""

    def __init__(self, settings: Settings, options: DeliveryOptions | None = None) -> None:
        self.settings = settings
        self.options = options or DeliveryOptions.from_env()
        self.store = WebhookStore.of(settings.data_dir)
        self.app = GcmProcess.from_settings(settings)
        self.views = Views.open(settings, self.app)
        self._pool = ThreadPoolExecutor(PARALLEL, thread_name_prefix="gcm-webhook")
        self._under_way: dict[str, Future[None]] = {}

    def run_once(self) -> int:
        """Start the attempts that are due; how many were started."""
        self.views.catch_up()
        for done in [k for k, f in self._under_way.items() if f.done()]:
            self._under_way.pop(done).result()
        started = 0
        for webhook in self.store.due(time.time()):
            if webhook.id in self._under_way:
                continue
            try:
                changes = recorded.after(self.views.db, webhook.process, webhook.acknowledged, 1)
            except Exception:
                LOG.exception("Webhook %s: could not read the changes of %s",
                              webhook.id, webhook.process)  # fmt: skip
                continue
            if changes:
                self._under_way[webhook.id] = self._pool.submit(self._deliver, webhook, changes[0])
                started += 1
        return started

    def _deliver(self, webhook: Webhook, change: dict[str, Any]) -> None:
        attempt = post(webhook, change, self.options)
        self.store.attempted(webhook, attempt)
        if not attempt.acknowledged:
            LOG.warning("Webhook %s: position %s not acknowledged (%s); next try in %.1f s",
                        webhook.id, attempt.position, attempt.error,
                        (attempt.next_try or 0) - time.time())  # fmt: skip

    def run(
        self, stop: threading.Event | None = None, until: Callable[[], bool] | None = None
    ) -> None:
        """Deliver until ``stop`` is set (or ``until()`` is true)."""
        stop = stop or threading.Event()
        while not stop.is_set() and not (until is not None and until()):
            try:
                started = self.run_once()
            except Exception:
                LOG.exception("Webhook deliveries: a pass failed; trying again")
                started = 0
            busy = any(not f.done() for f in self._under_way.values())
            stop.wait(0.05 if started or busy else self.options.poll)

    def close(self) -> None:
        self._pool.shutdown(wait=True)
        for future in self._under_way.values():
            future.result()
        self.views.close()
        self.app.close()


@contextmanager
def only_one(settings: Settings, waiting: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold the data directory's deliverer lock (waiting for it when another holds it)."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    with open(settings.data_dir / LOCK, "a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if waiting is not None:
                waiting()
            fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
