"""Recording a plan through the application, command by command."""

from __future__ import annotations

from gcm_process.application import GcmProcess
from gcm_process.commands import Receipt
from gcm_process.letters.plan import ImportPlan
from gcm_process.letters.state import recorded


def record_plan(app: GcmProcess, plan: ImportPlan, *, actor: str) -> list[Receipt]:
    """Record every command of ``plan``; one receipt each, ``replayed`` for those already there.

    Each command is idempotent by its id, so when an import is interrupted,
    running it again (re-planned or not) records only what is missing.
    """
    receipts: list[Receipt] = []
    for command in plan.commands:
        if command.already_recorded:
            receipt = recorded(app, command.command_id)
            if receipt is not None:
                receipts.append(receipt)
                continue
        run = getattr(app, command.name)
        receipts.append(run(**command.arguments, actor=actor, command_id=command.command_id))
    return receipts
