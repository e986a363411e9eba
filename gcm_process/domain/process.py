"""A negotiation process as a whole: title, mandate and co-facilitators."""

from __future__ import annotations

from datetime import date
from typing import ClassVar
from uuid import UUID

from eventsourcing.domain import event

from gcm_process.domain.base import Provenance, Record
from gcm_process.domain.errors import AlreadyAppointed
from gcm_process.domain.ids import process_id
from gcm_process.domain.values import Person, check_person, check_slug, check_text


class Process(Record):
    TOPIC = "gcm.Process"

    # The event classes the ``@event`` decorators below make, declared for the type checker.
    Opened: ClassVar[type[Record.Created]]
    FacilitatorAppointed: ClassVar[type[Record.Event]]

    class Created(Record.Created):
        TOPIC = "gcm.Process.Created"

    @staticmethod
    def create_id(slug: str) -> UUID:
        return process_id(slug)

    @classmethod
    def open(cls, *, slug: str, title: str, mandate: str | None, provenance: Provenance) -> Process:
        check_slug(slug, "A process slug")
        if mandate is not None:
            mandate = check_text(mandate, "A mandate", max_length=2000)
        return cls._create(
            cls.Opened,
            slug=slug,
            title=check_text(title, "A process title"),
            mandate=mandate,
            **provenance.as_kwargs(),
        )

    @event("Opened", topic="gcm.Process.Opened")
    def __init__(self, slug: str, title: str, mandate: str | None) -> None:
        self.process = slug
        self.slug = slug
        self.title = title
        self.mandate = mandate
        self.facilitators: tuple[Person, ...] = ()

    def appoint_facilitator(self, person: Person, provenance: Provenance) -> None:
        person = check_person(person)
        if any(p.name.casefold() == person.name.casefold() for p in self.facilitators):
            raise AlreadyAppointed(
                f"{person.name} is already a facilitator of process '{self.slug}'."
            )
        self._appoint_facilitator(person=person, **provenance.as_kwargs())

    @event("FacilitatorAppointed", topic="gcm.Process.FacilitatorAppointed")
    def _appoint_facilitator(
        self,
        person: Person,
        announced_on: date,
        source: str | None,
        actor: str,
        command_id: str,
    ) -> None:
        self.facilitators = (*self.facilitators, person)
