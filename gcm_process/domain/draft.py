"""A draft of the negotiated text: zero draft, revisions, final."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from eventsourcing.domain import event

from gcm_process.domain.base import Provenance, Record
from gcm_process.domain.errors import DraftAlreadyPresented
from gcm_process.domain.ids import draft_id
from gcm_process.domain.values import check_date, check_optional_text, check_slug, check_text


class Draft(Record):
    TOPIC = "gcm.Draft"

    # The event classes the ``@event`` decorators below make, declared for the type checker.
    Circulated: ClassVar[type[Record.Created]]
    Presented: ClassVar[type[Record.Event]]

    class Created(Record.Created):
        TOPIC = "gcm.Draft.Created"

    create_id = staticmethod(draft_id)

    @classmethod
    def circulate(
        cls,
        *,
        process: str,
        slug: str,
        title: str,
        circulated_on: date | None,
        note: str | None,
        provenance: Provenance,
    ) -> Draft:
        check_slug(slug, "A draft slug")
        return cls._create(
            cls.Circulated,
            process=process,
            slug=slug,
            title=check_text(title, "A draft title"),
            circulated_on=None if circulated_on is None else check_date(circulated_on, "A date"),
            note=check_optional_text(note, "A note"),
            **provenance.as_kwargs(),
        )

    @event("Circulated", topic="gcm.Draft.Circulated")
    def __init__(
        self,
        process: str,
        slug: str,
        title: str,
        circulated_on: date | None,
        note: str | None,
    ) -> None:
        self.process = process
        self.slug = slug
        self.title = title
        self.circulated_on = circulated_on
        self.note = note
        self.presentations: tuple[tuple[str, date | None], ...] = ()

    def present(self, session: str, presented_on: date | None, provenance: Provenance) -> None:
        if any(s == session for s, _ in self.presentations):
            raise DraftAlreadyPresented(
                f"Draft '{self.slug}' is already recorded as presented at '{session}'."
            )
        if presented_on is not None:
            check_date(presented_on, "A date of presentation")
        self._present(session=session, presented_on=presented_on, **provenance.as_kwargs())

    @event("Presented", topic="gcm.Draft.Presented")
    def _present(
        self,
        session: str,
        presented_on: date | None,
        announced_on: date,
        source: str | None,
        actor: str,
        command_id: str,
    ) -> None:
        self.presentations = (*self.presentations, (session, presented_on))
