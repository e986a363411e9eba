"""Letters repeated in one text, signatures the domain would refuse, and racing importers."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from gcm_process.application import GcmProcess
from gcm_process.command_record import CommandRecord
from gcm_process.commands import Receipt
from gcm_process.letters import plan_import, read_letters, record_plan, seed_text
from tests.letters.conftest import Cli


def test_a_letter_repeated_in_one_file_is_one_letter_with_a_warning(app: GcmProcess) -> None:
    bundle = read_letters("\n\n\n".join([seed_text()] * 5))
    assert [letter.slug for letter in bundle.letters] == [
        "2018-01-30-pga",
        "2018-01-30-co-facilitators",
    ]
    repeated = [w for w in bundle.warnings if "repeated word for word" in w.reason]
    assert [(w.line, w.reason.split(" word for word ")[1][:12]) for w in repeated] == [
        (1, "4 more time("),
        (repeated[1].line, "4 more time("),
    ]
    plan = plan_import(app, bundle)
    assert len(plan.commands) == 15


def test_a_signature_the_domain_refuses_is_a_warning_not_a_crash(app: GcmProcess) -> None:
    runaway = "Ambassador and Permanent Representative of " + "Mexico " * 120
    text = seed_text().replace(
        "Ambassador and Permanent Representative of\n\nMexico", runaway + "\n\nMexico"
    )
    plan = plan_import(app, read_letters(text))
    assert any("signature of 'Juan José Gómez Camacho' not read" in w.reason
               for w in plan.warnings)  # fmt: skip
    receipts = record_plan(app, plan, actor="test")
    assert len(receipts) == len(plan.commands)


def test_an_importer_that_loses_the_race_replays(
    stored: Callable[[], GcmProcess], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another import records a command between this one's read of the record and its save."""
    mine, other = stored(), stored()
    plan = plan_import(mine, read_letters(seed_text()))
    theirs = plan_import(other, read_letters(seed_text()))
    real = GcmProcess.save
    target = next(c for c in plan.commands if c.name == "schedule_session").command_id
    raced: list[Receipt] = []

    def save(self: GcmProcess, *objs: Any, **kwargs: Any) -> Any:
        ids = {o.command_id for o in objs if isinstance(o, CommandRecord)}
        if self is mine and target in ids and not raced:
            raced.extend(record_plan(other, theirs, actor="other"))  # just before this save
        return real(self, *objs, **kwargs)

    monkeypatch.setattr(GcmProcess, "save", save)
    receipts = record_plan(mine, plan, actor="mine")
    assert raced and len(receipts) == 15
    assert all(r.replayed for r in receipts[plan.commands.index(
        next(c for c in plan.commands if c.command_id == target)):])  # fmt: skip


def test_the_cli_reads_a_repeated_letter_once(cli: Cli, tmp_path: Path) -> None:
    many = tmp_path / "many.txt"
    many.write_text("\n\n\n".join([seed_text()] * 40), encoding="utf-8")
    result = cli("import", many)
    assert result.exit_code == 0, result.output
    assert "Recorded 15 command(s)" in result.output
    assert "repeated word for word 39 more time(s)" in result.output


def test_a_signature_with_scan_noise_is_warned_never_guessed(app: GcmProcess) -> None:
    text = (
        seed_text()
        .replace(
            "Juan José Gómez Camacho\n\nAmbassador",
            "H.E. Mr. Juan Jose G6mez Camacho\n\nAmbassador",
        )
        .replace("\nJürg Lauber", "\nH.E. Mr. Jürg Lauber")
    )
    plan = plan_import(app, read_letters(text))
    appointed = [c.arguments["person"] for c in plan.commands if c.name == "appoint_facilitator"]
    assert [(p.name, p.delegation) for p in appointed] == [("Jürg Lauber", "Switzerland")]
    assert any(w.reason.startswith("signature not read: scan noise in 'G6mez'")
               for w in plan.warnings)  # fmt: skip
