"""``gcm-process export``, ``verify-export``, ``restore`` and ``backup``: the whole record."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path
from typing import Any

import click
from tqdm import tqdm

from api.config import ApiConfig
from api.tokens import TokenStore
from gcm_process.console.context import CliContext, pass_context
from gcm_process.domain.errors import InvalidInput
from gcm_process.integrity.archive import CREDENTIAL_FIELDS, linked, write_export
from gcm_process.integrity.archive_read import read_all
from gcm_process.integrity.members import ProcessMembers
from gcm_process.integrity.record import verify_record
from gcm_process.integrity.restore import backup as copy_record
from gcm_process.integrity.restore import restore as restore_record
from gcm_process.integrity.signing import (
    check_signature,
    key_fingerprint,
    load_public_key,
    node_key,
    sign_file,
)
from gcm_process.integrity.stores import open_raw

key_option = click.option(
    "--key",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="The signer's public key (PEM), e.g. from GET /api/integrity/public-key.",
)


def _bar(total: int, desc: str) -> tqdm[Any]:
    return tqdm(total=total, unit="event", unit_scale=True, desc=desc, file=sys.stderr, delay=0.5)


def _credentials(ctx: CliContext) -> list[dict[str, Any]]:
    path = ApiConfig(ctx.settings).tokens_path
    if not path.exists():
        return []
    with sqlite3.connect(path) as db:
        rows = db.execute(f"SELECT {', '.join(CREDENTIAL_FIELDS)} FROM tokens ORDER BY id")
        return [dict(zip(CREDENTIAL_FIELDS, row, strict=True)) for row in rows]


def _restore_credentials(ctx: CliContext, credentials: list[dict[str, Any]]) -> None:
    path = ApiConfig(ctx.settings).tokens_path
    TokenStore(path)  # the schema
    with sqlite3.connect(path) as db:
        db.executemany(
            f"INSERT INTO tokens ({', '.join(CREDENTIAL_FIELDS)}) VALUES (?, ?, ?, ?, ?)",
            [tuple(c[k] for k in CREDENTIAL_FIELDS) for c in credentials],
        )


@click.command("export")
@click.option("--process", "process", default=None, metavar="SLUG", help="One process only.")
@click.option(
    "--output",
    "-o",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The export file: record.ndjson, or record.ndjson.gz to compress it.",
)
@pass_context
def export(ctx: CliContext, process: str | None, output: Path) -> None:
    """Write the whole record (events, positions, links, credentials without secrets) to a
    file, with a detached Ed25519 signature by this node's key beside it (FILE.sig)."""
    if process is not None:
        ctx.app.process(process)
    members = None if process is None else ProcessMembers(process)
    key = node_key(ctx.settings.data_dir)
    raw = open_raw(ctx.settings)
    try:
        total, _ = raw.counts()
        events, links = raw.read()
        with _bar(total, "exporting") as bar:

            def advance(n: int) -> None:
                bar.update(n)

            summary = write_export(
                output,
                linked(events, links),
                total,
                [] if members else _credentials(ctx),
                process=None if members is None else members.holds,
                process_slug=process,
                progress=advance,
            )
    finally:
        raw.close()
    signature = sign_file(output, key)
    click.echo(
        f"{output}: {summary.events:,} events, record fingerprint {summary.head}; "
        f"signed in {signature.name} by key {key_fingerprint(key)}."
    )


@click.command("verify-export")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@key_option
def verify_export(file: Path, key: Path | None) -> None:
    """Check an export and its signature, without a running service or a record."""
    public = None if key is None else load_public_key(key.read_bytes())
    signed = check_signature(file, public)
    summary = read_all(file)
    scope = "the whole record" if summary.process is None else f"process {summary.process}"
    click.echo(
        f"{file.name}: intact, {scope}, {summary.events:,} events, "
        f"{len(summary.credentials)} credential(s), record fingerprint {summary.head}; "
        f"signed by key {key_fingerprint(signed.key)}"
        + ("." if key else " (the key the signature names: pass --key to say whose).")
    )


@click.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@key_option
@pass_context
def restore(ctx: CliContext, file: Path, key: Path | None) -> None:
    """Restore a record from an export into an empty store (SQLite or PostgreSQL)."""
    public = None if key is None else load_public_key(key.read_bytes())
    tokens = ApiConfig(ctx.settings).tokens_path
    if tokens.exists() and TokenStore(tokens).list():
        raise InvalidInput(
            f"{tokens} already holds credentials: restore into a new data directory."
        )
    summary = restore_record(ctx.settings, file, public)
    _restore_credentials(ctx, summary.credentials)
    verdict = verify_record(ctx.settings)
    if not verdict.ok or verdict.fingerprint != summary.head:
        raise InvalidInput(f"The restored record does not verify: {verdict.problems[:1]}")
    click.echo(
        f"Restored {summary.events:,} events and {len(summary.credentials)} credential(s); "
        f"record fingerprint {verdict.fingerprint}."
    )


@click.command()
@click.argument("destination", type=click.Path(file_okay=False, path_type=Path))
@pass_context
def backup(ctx: CliContext, destination: Path) -> None:
    """Copy the live SQLite record into DESTINATION (a new directory) while it is served."""
    copy_record(ctx.settings, destination)
    verdict = verify_record(type(ctx.settings)(destination))
    if not verdict.ok:
        raise InvalidInput(f"The copy in {destination} does not verify: {verdict.problems[0]}")
    click.echo(
        f"{destination}: {verdict.events:,} events, record fingerprint {verdict.fingerprint}. "
        f"Check it any time with: gcm-process --data-dir {destination} verify"
    )


__all__ = ["backup", "export", "restore", "verify_export"]
