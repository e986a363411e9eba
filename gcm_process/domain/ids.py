"""Aggregate ids: UUIDv5 of slugs, so the same slug always means the same aggregate."""

from __future__ import annotations

from uuid import UUID, uuid5

#: The namespace of every id of this project. Never change it: stored history
#: refers to aggregates by these ids.
NAMESPACE = UUID("6b1f3c1e-2f0a-5a8e-9d51-0c6a4f2b7e10")


def process_id(process: str) -> UUID:
    return uuid5(NAMESPACE, f"process/{process}")


def session_id(process: str, slug: str) -> UUID:
    return uuid5(NAMESPACE, f"process/{process}/session/{slug}")


def draft_id(process: str, slug: str) -> UUID:
    return uuid5(NAMESPACE, f"process/{process}/draft/{slug}")


def letter_id(process: str, slug: str) -> UUID:
    return uuid5(NAMESPACE, f"process/{process}/letter/{slug}")


def command_record_id(command_id: str) -> UUID:
    return uuid5(NAMESPACE, f"command/{command_id}")
