"""The service layer: ``GcmProcess``, one method per command, and the queries on aggregates.

Commands on sessions are in ``session_commands``; the machinery every command
runs on (idempotency, concurrency, error translation, queries) in ``recording``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from gcm_process.commands import Receipt
from gcm_process.config import Settings
from gcm_process.domain import Draft, Letter, Person, Process, Provenance
from gcm_process.domain.errors import AlreadyExists, GcmError
from gcm_process.domain.ids import draft_id, letter_id, process_id
from gcm_process.recording import HistoryEntry, check_version
from gcm_process.session_commands import SessionCommands


class GcmProcess(SessionCommands):
    """The record of negotiation processes, kept as an append-only log of events."""

    name = "gcm"

    @classmethod
    def from_settings(cls, settings: Settings) -> GcmProcess:
        return cls(settings.application_env())

    # -- commands on processes ------------------------------------------------

    def open_process(
        self,
        slug: str,
        title: str,
        mandate: str | None = None,
        *,
        announced_on: date | None = None,
        source: str | None = None,
        actor: str,
        command_id: str | None = None,
    ) -> Receipt:
        def act(p: Provenance) -> Process:
            if self._exists(process_id(slug)):
                raise AlreadyExists(f"There is already a process '{slug}'.")
            return Process.open(slug=slug, title=title, mandate=mandate, provenance=p)

        payload = {"slug": slug, "title": title, "mandate": mandate}
        return self._run("open_process", payload, act, announced_on, source, actor, command_id)

    def appoint_facilitator(
        self,
        process: str,
        person: Person,
        *,
        expected_version: int | None = None,
        announced_on: date | None = None,
        source: str | None = None,
        actor: str,
        command_id: str | None = None,
    ) -> Receipt:
        def act(p: Provenance) -> Process:
            found = self._load_process(process, expected_version)
            found.appoint_facilitator(person, p)
            return found

        payload = {"process": process, "person": person, "expected": expected_version}
        return self._run(
            "appoint_facilitator", payload, act, announced_on, source, actor, command_id
        )

    # -- drafts and letters ---------------------------------------------------

    def circulate_draft(
        self,
        process: str,
        slug: str,
        title: str,
        circulated_on: date | None = None,
        note: str | None = None,
        *,
        announced_on: date | None = None,
        source: str | None = None,
        actor: str,
        command_id: str | None = None,
    ) -> Receipt:
        def act(p: Provenance) -> Draft:
            self._load_process(process, None)
            if self._exists(draft_id(process, slug)):
                raise AlreadyExists(f"Process '{process}' already has a draft '{slug}'.")
            return Draft.circulate(
                process=process,
                slug=slug,
                title=title,
                circulated_on=circulated_on,
                note=note,
                provenance=p,
            )

        payload = {
            "process": process,
            "slug": slug,
            "title": title,
            "circulated_on": circulated_on,
            "note": note,
        }
        return self._run("circulate_draft", payload, act, announced_on, source, actor, command_id)

    def present_draft(
        self,
        process: str,
        slug: str,
        session: str,
        presented_on: date | None = None,
        *,
        expected_version: int | None = None,
        announced_on: date | None = None,
        source: str | None = None,
        actor: str,
        command_id: str | None = None,
    ) -> Receipt:
        def act(p: Provenance) -> Draft:
            self.session(process, session)
            found = self.draft(process, slug)
            check_version(found, expected_version, f"Draft '{slug}'")
            found.present(session, presented_on, p)
            return found

        payload = {
            "process": process,
            "slug": slug,
            "session": session,
            "presented_on": presented_on,
            "expected": expected_version,
        }
        return self._run("present_draft", payload, act, announced_on, source, actor, command_id)

    def issue_letter(
        self,
        process: str,
        slug: str,
        dated: date,
        subject: str,
        body: str,
        place: str | None = None,
        senders: Sequence[Person] = (),
        addressees: Sequence[str] = (),
        reference: str | None = None,
        encloses: Sequence[str] = (),
        *,
        announced_on: date | None = None,
        source: str | None = None,
        actor: str,
        command_id: str | None = None,
    ) -> Receipt:
        def act(p: Provenance) -> Letter:
            self._load_process(process, None)
            if self._exists(letter_id(process, slug)):
                raise AlreadyExists(f"Process '{process}' already has a letter '{slug}'.")
            return Letter.issue(
                process=process,
                slug=slug,
                dated=dated,
                place=place,
                senders=senders,
                addressees=addressees,
                subject=subject,
                body=body,
                reference=reference,
                encloses=encloses,
                provenance=p,
            )

        payload = {
            "process": process,
            "slug": slug,
            "dated": dated,
            "subject": subject,
            "body": body,
            "place": place,
            "senders": list(senders),
            "addressees": list(addressees),
            "reference": reference,
            "encloses": list(encloses),
        }
        # A letter's announcement date is its own date unless told otherwise.
        return self._run(
            "issue_letter", payload, act, announced_on or dated, source, actor, command_id
        )


__all__ = ["GcmError", "GcmProcess", "HistoryEntry", "Receipt"]
