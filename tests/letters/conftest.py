"""Fixtures of the importer's tests: the sample letters and the command line."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from gcm_process.application import GcmProcess
from gcm_process.cli import main
from gcm_process.config import Settings
from gcm_process.letters import plan_import, read_letters, record_plan, seed_text

SAMPLES = Path(__file__).parent / "samples"
SEED = Path(__file__).parents[2] / "gcm_process" / "data" / "gcm-2018-01-30.txt"

Cli = Callable[..., Result]


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("GCM_EVENT_STORE", raising=False)
    monkeypatch.delenv("GCM_DATA_DIR", raising=False)
    return tmp_path / "data"


@pytest.fixture
def cli(data_dir: Path) -> Cli:
    """Run ``gcm-process --data-dir DATA ARGS...`` in-process."""

    def run(*args: str | Path) -> Result:
        return CliRunner().invoke(main, ["--data-dir", str(data_dir), *map(str, args)])

    return run


@pytest.fixture
def stored(data_dir: Path) -> Iterator[Callable[[], GcmProcess]]:
    """Open the application on the CLI's data directory (closed afterwards)."""
    opened: list[GcmProcess] = []

    def open_app() -> GcmProcess:
        app = GcmProcess.from_settings(Settings(data_dir))
        opened.append(app)
        return app

    yield open_app
    for app in opened:
        app.close()


def sample(name: str) -> str:
    return (SAMPLES / name).read_text(encoding="utf-8")


def import_text(app: GcmProcess, text: str, process: str | None = None) -> list[str]:
    """Import ``text`` through the application; the names of the commands newly recorded."""
    plan = plan_import(app, read_letters(text), process)
    receipts = record_plan(app, plan, actor="test")
    return [r.command for r in receipts if not r.replayed]


def import_seed(app: GcmProcess) -> None:
    import_text(app, seed_text())


def scheduled_days(app: GcmProcess, text: str) -> dict[str, list[tuple[date, str | None]]]:
    """The sessions the plan of ``text`` schedules: each slug with its days' dates and rooms."""
    plan = plan_import(app, read_letters(text))
    return {
        c.arguments["slug"]: [(d.date, d.venue) for d in c.arguments["days"]]
        for c in plan.commands
        if c.name == "schedule_session"
    }


def the_one_scheduled(app: GcmProcess, text: str) -> dict[str, Any]:
    """The arguments of the one session the plan of ``text`` schedules."""
    plan = plan_import(app, read_letters(text))
    (scheduled,) = [c for c in plan.commands if c.name == "schedule_session"]
    return scheduled.arguments


def letter(dated: str, *sentences: str) -> str:
    """A letter of the co-facilitators dated ``dated`` ("1 March 2018") saying ``sentences``."""
    body = "\n\n".join(sentences)
    return f"""Permanent Mission of Switzerland to the United Nations

New York, {dated}

Excellency,

We write to you in our capacity as co-facilitators of the Global Compact for Safe, \
Orderly and Regular Migration to inform you of changes to the calendar of the negotiations.

{body}

Please accept, Excellency, the assurances of our highest consideration.

Juan José Gómez Camacho
Ambassador and Permanent Representative of
Mexico to the United Nations

Jürg Lauber
Ambassador and Permanent Representative of
Switzerland to the United Nations

Permanent and Observer Missions to the United Nations
NEW YORK
"""
