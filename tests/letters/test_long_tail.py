"""A lost blank line after the addressees glues text to them: a warning, never a refused command."""

from __future__ import annotations

from gcm_process.application import GcmProcess
from gcm_process.letters import plan_import, read_letters, record_plan, seed_text


def test_an_addressee_longer_than_the_record_takes_is_a_warning(app: GcmProcess) -> None:
    lines = seed_text().split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("All Permanent"))
    lines.insert(at + 1, "and the text of the next letter, run on " * 20)
    bundle = read_letters("\n".join(lines))
    assert all(len(a) <= 500 for letter in bundle.letters for a in letter.addressees)
    assert any("An addressee is longer than 500" in w.reason for w in bundle.warnings)
    plan = plan_import(app, bundle)
    assert len(record_plan(app, plan, actor="test")) == len(plan.commands)
