"""An import killed between two commands completes when run again, with nothing doubled."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from gcm_process.application import GcmProcess
from gcm_process.config import Settings
from gcm_process.letters import ImportPlan, plan_import, read_letters, record_plan, seed_text
from tests.letters.conftest import sample


class Killed(Exception):
    pass


def _kill_after(app: GcmProcess, plan: ImportPlan, n: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the application fail on the command after the first ``n``."""
    done = 0

    def wrap(name: str) -> Any:
        original = getattr(app, name)

        def run(*args: Any, **kwargs: Any) -> Any:
            nonlocal done
            if done >= n:
                raise Killed(name)
            done += 1
            return original(*args, **kwargs)

        return run

    for name in {c.name for c in plan.commands}:
        monkeypatch.setattr(app, name, wrap(name))


def _state(app: GcmProcess) -> dict[str, Any]:
    sessions = {
        s: (app.session("gcm-2018", s).days, app.session("gcm-2018", s).version)
        for s in ("zero-draft-presentation", "round-1", "pga-hearing-2018-02-21", "round-6")
    }
    return {
        "events": app.last_position(),
        "sessions": sessions,
        "facilitators": app.process("gcm-2018").facilitators,
        "draft": app.draft("gcm-2018", "zero-draft").presentations,
    }


def _fresh() -> GcmProcess:
    return GcmProcess(Settings(Path("unused"), "memory").application_env())


@pytest.fixture(scope="module")
def clean() -> dict[str, Any]:
    app = _fresh()
    record_plan(app, plan_import(app, read_letters(seed_text())), actor="test")
    found = _state(app)
    app.close()
    return found


@pytest.mark.parametrize("n", [0, 1, 3, 4, 7, 14])
@pytest.mark.parametrize("replan", [True, False])
def test_an_interrupted_import_completes_on_a_second_run(
    n: int, replan: bool, clean: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    app = _fresh()
    plan = plan_import(app, read_letters(seed_text()))
    _kill_after(app, plan, n, monkeypatch)
    with pytest.raises(Killed):
        record_plan(app, plan, actor="test")
    monkeypatch.undo()
    if replan:
        plan = plan_import(app, read_letters(seed_text()))
        assert len(plan.commands) == 15
        assert sum(c.already_recorded for c in plan.commands) == n
    receipts = record_plan(app, plan, actor="test")
    assert len(receipts) == 15
    assert sum(r.replayed for r in receipts) == n
    assert _state(app) == clean
    app.close()


def test_a_later_letter_interrupted_also_completes(monkeypatch: pytest.MonkeyPatch) -> None:
    app = _fresh()
    record_plan(app, plan_import(app, read_letters(seed_text())), actor="test")
    text = sample("gcm-2018-03-01-dates.txt")
    plan = plan_import(app, read_letters(text))
    _kill_after(app, plan, 2, monkeypatch)
    with pytest.raises(Killed):
        record_plan(app, plan, actor="test")
    monkeypatch.undo()
    second = plan_import(app, read_letters(text))
    assert [c.already_recorded for c in second.commands] == [True, True, False, False, False, False]
    record_plan(app, second, actor="test")
    third = plan_import(app, read_letters(text))
    assert all(c.already_recorded for c in third.commands)
    assert [e.event for e in app.session_history("gcm-2018", "round-4")] == [
        "Scheduled",
        "Rescheduled",
    ]
    app.close()
