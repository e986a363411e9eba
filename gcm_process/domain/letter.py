"""An official letter: who wrote it to whom, when, where, and what it says."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, ClassVar
from uuid import UUID

from eventsourcing.domain import event

from gcm_process.domain.base import Provenance, Record
from gcm_process.domain.ids import letter_id
from gcm_process.domain.values import (
    Person,
    check_date,
    check_optional_text,
    check_person,
    check_slug,
    check_text,
)

#: Longest letter body accepted, in characters.
MAX_BODY = 200_000


class Letter(Record):
    TOPIC = "gcm.Letter"

    # The event classes the ``@event`` decorators below make, declared for the type checker.
    Issued: ClassVar[type[Record.Event]]

    class Created(Record.Created):
        TOPIC = "gcm.Letter.Created"

    @staticmethod
    def create_id(process: str, slug: str) -> UUID:
        return letter_id(process, slug)

    @classmethod
    def issue(
        cls,
        *,
        process: str,
        slug: str,
        dated: date,
        place: str | None,
        senders: Sequence[Person],
        addressees: Sequence[str],
        subject: str,
        body: str,
        reference: str | None,
        encloses: Sequence[str],
        provenance: Provenance,
    ) -> Letter:
        check_slug(slug, "A letter slug")
        for enclosed in encloses:
            check_slug(enclosed, "An enclosed letter's slug")
        created: Letter = cls(
            process=process,
            slug=slug,
            dated=check_date(dated, "A letter's date"),
            place=check_optional_text(place, "A place", max_length=200),
            senders=[check_person(p) for p in senders],
            addressees=[check_text(a, "An addressee", max_length=500) for a in addressees],
            subject=check_text(subject, "A letter's subject", max_length=1000),
            body=check_text(body, "A letter's text", max_length=MAX_BODY),
            reference=check_optional_text(reference, "A reference", max_length=200),
            encloses=list(encloses),
            **provenance.as_kwargs(),
        )
        return created

    @event("Issued", topic="gcm.Letter.Issued")
    def __init__(
        self,
        process: str,
        slug: str,
        dated: date,
        place: str | None,
        senders: list[Person],
        addressees: list[str],
        subject: str,
        body: str,
        reference: str | None,
        encloses: list[str],
        announced_on: date,
        source: str | None,
        actor: str,
        command_id: str,
    ) -> None:
        self.process = process
        self.slug = slug
        self.dated = dated
        self.place = place
        self.senders = tuple(senders)
        self.addressees = tuple(addressees)
        self.subject = subject
        self.body = body
        self.reference = reference
        self.encloses = tuple(encloses)


def _upcast_issued_v1_v2(state: dict[str, Any]) -> None:
    """Version 1 of ``Letter.Issued`` had no ``encloses``: such a letter encloses none."""
    state.setdefault("encloses", [])


# Version 2 added ``encloses`` (the slugs of the letters a cover letter encloses).
Letter.Issued.class_version = 2  # type: ignore[attr-defined]
Letter.Issued.upcast_v1_v2 = staticmethod(_upcast_issued_v1_v2)  # type: ignore[attr-defined]
