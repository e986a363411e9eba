"""Recording a plan through the application, command by command."""

from __future__ import annotations

from gcm_process.application import GcmProcess
from gcm_process.commands import Receipt
from gcm_process.domain.errors import GcmError, InvalidInput
from gcm_process.letters.plan import ImportPlan
from gcm_process.letters.state import recorded


class PlanNotRecordable(InvalidInput):
    """The plan has a problem, or letters that could not be read and no choice to go on."""


def record_plan(
    app: GcmProcess, plan: ImportPlan, *, actor: str, accept_partial: bool = False
) -> list[Receipt]:
    """Record every command of ``plan``; one receipt each, ``replayed`` for those already there.

    A plan with a problem is refused, and so is one with letters that could
    not be read unless ``accept_partial``: then nothing is recorded.

    Each command is idempotent by its id, so when an import is interrupted,
    running it again (re-planned or not) records only what is missing. When
    another import of the same letter records a command between this plan and
    this command (the domain then refuses it: the session already exists, the
    version moved on), the command's id is found served and it is replayed.
    """
    refusal = plan.refusal(accept_partial)
    if refusal is not None:
        raise PlanNotRecordable(refusal)
    receipts: list[Receipt] = []
    for command in plan.commands:
        if command.already_recorded:
            receipt = recorded(app, command.command_id)
            if receipt is not None:
                receipts.append(receipt)
                continue
        run = getattr(app, command.name)
        try:
            receipts.append(run(**command.arguments, actor=actor, command_id=command.command_id))
        except GcmError:
            raced = recorded(app, command.command_id)
            if raced is None:
                raise
            receipts.append(raced)
    return receipts
