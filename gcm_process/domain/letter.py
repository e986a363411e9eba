"""An official letter: who wrote it to whom, when, where, and what it says."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

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


@dataclass(frozen=True)
class LetterHeading:
    """Who wrote a letter to whom, when, where, and on what: a letter as lists show it."""

    slug: str
    dated: date
    place: str | None
    senders: tuple[Person, ...]
    addressees: tuple[str, ...]
    subject: str


class Letter(Record):
    TOPIC = "gcm.Letter"

    class Created(Record.Created):
        TOPIC = "gcm.Letter.Created"

    class Issued(Record.Created):
        """The letter on the record, with the provenance of every created event.

        Version 2 added ``encloses`` (the slugs of the letters a cover letter encloses).
        """

        TOPIC = "gcm.Letter.Issued"
        class_version = 2

        process: str
        slug: str
        dated: date
        place: str | None
        senders: list[Person]
        addressees: list[str]
        subject: str
        body: str
        reference: str | None
        encloses: list[str]

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            """A version 1 letter encloses none."""
            state.setdefault("encloses", [])

    create_id = staticmethod(letter_id)

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
        return cls._create(
            cls.Issued,
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

    @event(Issued)
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
