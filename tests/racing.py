"""Writers that race for the same version: importable, so OS processes can run them too."""

from __future__ import annotations

from typing import Any, Protocol

from gcm_process.application import GcmProcess
from gcm_process.config import Settings
from gcm_process.domain.errors import Conflict
from tests.factories import PROCESS

#: What a writer reports: ("won", version, replayed) or (error class name, message).
Outcome = tuple[Any, ...]


class Waits(Protocol):
    def wait(self, timeout: float | None = ...) -> int: ...


class SavesAtTheBarrier(GcmProcess):
    """Saves only when every writer has read and decided: the race is certain, not likely."""

    #: The same name, so the same tables (the library names a subclass after itself).
    name = GcmProcess.name
    barrier: Waits | None = None

    def save(self, *objs: Any, **kwargs: Any) -> Any:
        if self.barrier is not None:
            self.barrier.wait(timeout=30)
        return super().save(*objs, **kwargs)


def write(app: GcmProcess, command: str, args: tuple[Any, ...], command_id: str | None) -> Outcome:
    """Run one command on session ``round-1`` (or create one) and say how it went."""
    try:
        receipt = getattr(app, command)(
            PROCESS, *args, actor=f"clerk:{command}", command_id=command_id
        )
    except Conflict as error:
        return (type(error).__name__, str(error))
    return ("won", receipt.version, receipt.replayed)


def write_in_process(
    settings: Settings,
    barrier: Waits,
    outcomes: Any,
    command: str,
    args: tuple[Any, ...],
    command_id: str | None,
) -> None:
    """The body of a writer that is an OS process of its own, with its own application."""
    try:
        app = SavesAtTheBarrier(settings.application_env())
        app.barrier = barrier
        try:
            outcomes.put(write(app, command, args, command_id))
        finally:
            app.close()
    except BaseException as error:
        outcomes.put(("crashed", repr(error)))
        raise


def start_in_process(settings: Settings, barrier: Waits, outcomes: Any) -> None:
    """An application that starts (creating its tables if need be) when the others do."""
    try:
        barrier.wait(timeout=60)
        app = GcmProcess.from_settings(settings)
        app.process_slugs()
        app.close()
        outcomes.put("started")
    except BaseException as error:
        outcomes.put(repr(error))
