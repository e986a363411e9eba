"""Credentials of the HTTP API, kept in the event store: shared by every node, on the record.

A ``Credential`` holds one name: ``Issued`` with a role and the hash of its
secret (never the secret), ``RoleChanged``, ``Revoked``, and ``Reissued`` when
the name is given a new secret after a revocation. Each issue gives a new
credential id (a UUID): the actor of an event written with it carries that id
beside the name, so two people given the same name in turn stay apart.

The aggregate's id comes from the name, so the same name issued on two nodes at
once is one aggregate written twice: the store takes one, the other is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID, uuid4, uuid5

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import Aggregate, event
from eventsourcing.persistence import IntegrityError
from eventsourcing.utils import get_topic

from gcm_process.domain.errors import AlreadyExists, InvalidInput, NotFound
from gcm_process.domain.ids import NAMESPACE

#: ``reader``: reads only (where reads need a token); ``clerk``: records; ``admin``: the same
#: as a clerk today, for what only administrators will do.
ROLES = ("reader", "clerk", "admin")


def credential_name_id(name: str) -> UUID:
    return uuid5(NAMESPACE, f"credential/{name}")


class Credential(Aggregate):
    TOPIC = "gcm.Credential"

    class Created(Aggregate.Created):
        TOPIC = "gcm.Credential.Created"

    @staticmethod
    def create_id(name: str) -> UUID:
        return credential_name_id(name)

    @event("Issued", topic="gcm.Credential.Issued")
    def __init__(self, name: str, credential: str, role: str, secret_hash: str, actor: str) -> None:
        self.name = name
        self._hold(credential, role, secret_hash)

    @event("Reissued", topic="gcm.Credential.Reissued")
    def _reissue(self, name: str, credential: str, role: str, secret_hash: str, actor: str) -> None:
        self._hold(credential, role, secret_hash)

    def _hold(self, credential: str, role: str, secret_hash: str) -> None:
        """The name now stands for this credential, with its role and secret."""
        self.credential = credential
        self.role = role
        self.secret_hash = secret_hash
        self.revoked = False

    @event("RoleChanged", topic="gcm.Credential.RoleChanged")
    def _change_role(self, credential: str, role: str, actor: str) -> None:
        self.role = role

    @event("Revoked", topic="gcm.Credential.Revoked")
    def _revoke(self, credential: str, actor: str) -> None:
        self.revoked = True

    def reissue(self, role: str, secret_hash: str, actor: str) -> None:
        if not self.revoked:
            raise AlreadyExists(f"There is already a token named '{self.name}'; revoke it first.")
        self._reissue(self.name, uuid4().hex, check_role(role), secret_hash, actor)

    def change_role(self, role: str, actor: str) -> None:
        self._active()
        if check_role(role) != self.role:
            self._change_role(self.credential, role, actor)

    def revoke(self, actor: str) -> None:
        self._active()
        self._revoke(self.credential, actor)

    def _active(self) -> None:
        if self.revoked:
            raise NotFound(f"There is no active token named '{self.name}'.")


#: The stored topics of a credential's events, for whoever follows them.
CREDENTIAL_TOPICS = tuple(
    get_topic(getattr(Credential, name))
    for name in ("Issued", "Reissued", "RoleChanged", "Revoked")
)


def check_role(role: str) -> str:
    if role not in ROLES:
        raise InvalidInput(f"A role is one of {', '.join(ROLES)}, not '{role}'.")
    return role


@dataclass(frozen=True)
class Credentials:
    """Issue, change and revoke credentials in an application's event store."""

    app: Application[UUID]

    def issue(self, name: str, role: str, secret_hash: str, actor: str) -> str:
        """Record a credential for ``name``; its new credential id."""
        found = self._find(name)
        if found is None:
            found = Credential(name, uuid4().hex, check_role(role), secret_hash, actor)
        else:
            found.reissue(role, secret_hash, actor)
        self._save(found, name)
        return str(found.credential)

    def change_role(self, name: str, role: str, actor: str) -> None:
        found = self._require(name)
        found.change_role(role, actor)
        self._save(found, name)

    def revoke(self, name: str, actor: str) -> None:
        found = self._require(name)
        found.revoke(actor)
        self._save(found, name)

    def _require(self, name: str) -> Credential:
        found = self._find(name)
        if found is None:
            raise NotFound(f"There is no active token named '{name}'.")
        return found

    def _find(self, name: str) -> Credential | None:
        try:
            found: Aggregate = self.app.repository.get(credential_name_id(name))
        except AggregateNotFoundError:
            return None
        assert isinstance(found, Credential)
        return found

    def _save(self, credential: Credential, name: str) -> None:
        try:
            self.app.save(credential)
        except IntegrityError:
            raise AlreadyExists(
                f"The token '{name}' was changed by somebody else meanwhile; nothing was "
                "recorded. List the tokens and try again."
            ) from None
