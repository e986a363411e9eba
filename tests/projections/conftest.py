"""Fixtures for the views: a fresh event store and views file per test."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from gcm_process.application import GcmProcess
from gcm_process.config import Settings
from gcm_process.domain import Day, Person
from projections import Views

PROCESS = "gcm-2018"
CLERK = "clerk:test"
LETTER_DATE = date(2018, 1, 30)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """The in-memory event store, the views in a file."""
    return Settings(tmp_path / "data", "memory")


@pytest.fixture
def app(settings: Settings) -> Iterator[GcmProcess]:
    application = GcmProcess.from_settings(settings)
    yield application
    application.close()


@pytest.fixture
def views(settings: Settings, app: GcmProcess) -> Iterator[Views]:
    opened = Views.open(settings, app)
    yield opened
    opened.close()


def day(when: str, venue: str | None = None) -> Day:
    return Day(date.fromisoformat(when), venue=venue)


def open_gcm(app: GcmProcess) -> None:
    app.open_process(
        PROCESS,
        "Global Compact for Safe, Orderly and Regular Migration",
        "paragraph 27 of General Assembly resolution 71/280",
        announced_on=LETTER_DATE,
        source="letter-2018-01-30",
        actor=CLERK,
    )
    app.appoint_facilitator(
        PROCESS, Person("Jürg Lauber", "Ambassador", "Switzerland"), actor=CLERK
    )


def schedule(app: GcmProcess, slug: str, *days: Day, announced: str = "2018-01-30") -> None:
    app.schedule_session(
        PROCESS,
        slug,
        "negotiation_round",
        f"Session {slug}",
        list(days),
        number=int(slug.rsplit("-", 1)[1]) if slug[-1].isdigit() else None,
        announced_on=date.fromisoformat(announced),
        source="letter-2018-01-30",
        actor=CLERK,
    )


def listed(folder: Path) -> list[str]:
    """The names in ``folder`` as a user sees them: the file a views link names, and its
    WAL's side files, left out."""
    found = list(folder.iterdir())
    hidden = set()
    for entry in found:
        if entry.is_symlink():
            target = os.readlink(entry)
            hidden |= {target, target + "-wal", target + "-shm"}
    return sorted(entry.name for entry in found if entry.name not in hidden)
