"""Commands on sessions: schedule, reschedule, change venue, postpone, cancel, mark held."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from gcm_process.commands import Receipt
from gcm_process.domain import Day, Provenance, Session
from gcm_process.domain.errors import AlreadyExists
from gcm_process.domain.ids import session_id
from gcm_process.recording import RecordApplication, check_version


class SessionCommands(RecordApplication):
    """The commands on sessions, each idempotent by command id and checked for staleness."""

    def schedule_session(
        self,
        process: str,
        slug: str,
        kind: str,
        title: str,
        days: Sequence[Day],
        number: int | None = None,
        *,
        announced_on: date | None = None,
        source: str | None = None,
        actor: str,
        command_id: str | None = None,
    ) -> Receipt:
        def act(p: Provenance) -> Session:
            self._load_process(process, None)
            if self._exists(session_id(process, slug)):
                raise AlreadyExists(f"Process '{process}' already has a session '{slug}'.")
            return Session.schedule(
                process=process,
                slug=slug,
                kind=kind,
                number=number,
                title=title,
                days=days,
                provenance=p,
            )

        payload = {
            "process": process,
            "slug": slug,
            "kind": kind,
            "title": title,
            "days": list(days),
            "number": number,
        }
        return self._run("schedule_session", payload, act, announced_on, source, actor, command_id)

    def reschedule_session(
        self,
        process: str,
        slug: str,
        days: Sequence[Day],
        reason: str | None = None,
        *,
        expected_version: int | None = None,
        announced_on: date | None = None,
        source: str | None = None,
        actor: str,
        command_id: str | None = None,
    ) -> Receipt:
        return self._change_session(
            "reschedule_session",
            process,
            slug,
            expected_version,
            lambda s, p: s.reschedule(days, reason, p),
            {"days": list(days), "reason": reason},
            announced_on,
            source,
            actor,
            command_id,
        )

    def change_venue(
        self,
        process: str,
        slug: str,
        venue: str,
        dates: Sequence[date] | None = None,
        *,
        expected_version: int | None = None,
        announced_on: date | None = None,
        source: str | None = None,
        actor: str,
        command_id: str | None = None,
    ) -> Receipt:
        return self._change_session(
            "change_venue",
            process,
            slug,
            expected_version,
            lambda s, p: s.change_venue(venue, dates, p),
            {"venue": venue, "dates": None if dates is None else list(dates)},
            announced_on,
            source,
            actor,
            command_id,
        )

    def postpone_session(
        self,
        process: str,
        slug: str,
        reason: str | None = None,
        *,
        expected_version: int | None = None,
        announced_on: date | None = None,
        source: str | None = None,
        actor: str,
        command_id: str | None = None,
    ) -> Receipt:
        return self._change_session(
            "postpone_session",
            process,
            slug,
            expected_version,
            lambda s, p: s.postpone(reason, p),
            {"reason": reason},
            announced_on,
            source,
            actor,
            command_id,
        )

    def cancel_session(
        self,
        process: str,
        slug: str,
        reason: str | None = None,
        *,
        expected_version: int | None = None,
        announced_on: date | None = None,
        source: str | None = None,
        actor: str,
        command_id: str | None = None,
    ) -> Receipt:
        return self._change_session(
            "cancel_session",
            process,
            slug,
            expected_version,
            lambda s, p: s.cancel(reason, p),
            {"reason": reason},
            announced_on,
            source,
            actor,
            command_id,
        )

    def mark_held(
        self,
        process: str,
        slug: str,
        reason: str | None = None,
        *,
        expected_version: int | None = None,
        announced_on: date | None = None,
        source: str | None = None,
        actor: str,
        command_id: str | None = None,
    ) -> Receipt:
        return self._change_session(
            "mark_held",
            process,
            slug,
            expected_version,
            lambda s, p: s.mark_held(reason, p),
            {"reason": reason},
            announced_on,
            source,
            actor,
            command_id,
        )

    def _change_session(
        self,
        command: str,
        process: str,
        slug: str,
        expected_version: int | None,
        change: Callable[[Session, Provenance], None],
        payload: dict[str, Any],
        announced_on: date | None,
        source: str | None,
        actor: str,
        command_id: str | None,
    ) -> Receipt:
        def act(p: Provenance) -> Session:
            found = self.session(process, slug)
            check_version(found, expected_version, f"Session '{slug}'")
            change(found, p)
            return found

        payload = {**payload, "process": process, "slug": slug, "expected": expected_version}
        return self._run(command, payload, act, announced_on, source, actor, command_id)
