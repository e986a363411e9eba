"""Recording the corrected plan: once, and never over what another clerk recorded meanwhile.

The form carries the digest of the plan it was drawn from and each planned
item's id. When the record holds a command of this very submission (the same
form submitted again, or reloaded after a lost answer), it is answered as
recorded and nothing is recorded again. Otherwise the letter is planned again
against the record as it is now: a different plan means somebody recorded
something meanwhile, and nothing is recorded (the clerk sees the record as it
now stands).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field

from api.pages.desk.corrections import Item, desk_id, submission
from gcm_process.application import GcmProcess
from gcm_process.commands import Receipt
from gcm_process.domain.errors import GcmError
from gcm_process.jsonable import to_jsonable
from gcm_process.letters import ImportPlan


def plan_digest(plan: ImportPlan) -> str:
    """What the plan says, as drawn against the record: a change to the record changes it."""
    text = json.dumps(
        [
            plan.process,
            [
                [c.name, to_jsonable(c.arguments), c.command_id, c.already_recorded]
                for c in plan.commands
            ],
        ],
        sort_keys=True,
    )
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass
class Outcome:
    receipts: list[tuple[Item | None, Receipt]] = field(default_factory=list)
    #: A command the record refused, and why (what came before it is recorded).
    refused: tuple[Item, str] | None = None

    @property
    def recorded(self) -> int:
        return sum(not r.replayed for _, r in self.receipts)


def to_record(items: list[Item]) -> list[Item]:
    return [i for i in items if i.keep and not i.already]


def recorded_before(app: GcmProcess, form: Mapping[str, str], drawn_from: str) -> list[Receipt]:
    """The receipts of this very submission, when it was recorded already (else none)."""
    said = submission(drawn_from, form)
    planned = [v for k, v in sorted(form.items()) if k.endswith("-id") and v]
    found = []
    for planned_id in planned:
        for corrected in (False, True):
            receipt = app.served(desk_id(planned_id, corrected, said))
            if receipt is not None:
                found.append(receipt)
    return found


def record(app: GcmProcess, items: list[Item], actor: str) -> Outcome:
    """Record the kept items of the corrected plan as ``actor``, each by its command id."""
    outcome = Outcome()
    for item in to_record(items):
        run = getattr(app, item.name)
        try:
            receipt = run(**item.arguments, actor=actor, command_id=item.command_id)
        except GcmError as error:
            raced = app.served(item.command_id)
            if raced is None:
                outcome.refused = (item, str(error))
                return outcome
            receipt = raced
        outcome.receipts.append((item, receipt))
    return outcome
