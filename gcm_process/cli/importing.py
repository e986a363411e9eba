"""``gcm-process import``: read letters, show or record what they imply."""

from __future__ import annotations

from pathlib import Path

import click

from gcm_process.console.context import CliContext, pass_context
from gcm_process.console.options import process_option
from gcm_process.console.output import echo_json, echo_table
from gcm_process.letters import ImportPlan, combine, plan_import, read_letters, record_plan
from gcm_process.letters.inputs import MAX_FILE_BYTES, InputTooLarge, letter_text
from gcm_process.letters.model import LetterBundle, LetterUnreadable


@click.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@process_option
@click.option("--dry-run", is_flag=True, help="Show what would be recorded; record nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of tables.")
@click.option("--title", help="The title of a new process whose letters do not give it.")
@click.option(
    "--accept-partial",
    is_flag=True,
    help="Record the letters that were read even when others of the text could not be.",
)
@pass_context
def import_letters(
    ctx: CliContext,
    files: tuple[Path, ...],
    process: str | None,
    dry_run: bool,
    as_json: bool,
    title: str | None,
    accept_partial: bool,
) -> None:
    """Read the letters in FILES (text or PDF) and record the events they imply.

    Shows the letters, the commands and the warnings; --dry-run records
    nothing. Running an import again records only what is missing.
    """
    bundle = combine(_read(path) for path in files)
    plan = plan_import(ctx.app, bundle, process, title=title)
    recorded = already = 0
    refusal = None if dry_run else plan.refusal(accept_partial)
    if not dry_run and refusal is None:
        receipts = record_plan(ctx.app, plan, actor=ctx.actor, accept_partial=accept_partial)
        already = sum(r.replayed for r in receipts)
        recorded = len(receipts) - already
    if as_json:
        result = plan.as_json()
        result["dry_run"] = dry_run
        if not dry_run and refusal is None:
            result["recorded"], result["already_recorded"] = recorded, already
        echo_json(result)
        if refusal is not None:
            raise click.ClickException(refusal)
        return
    _show(plan)
    if refusal is not None:
        raise click.ClickException(refusal)
    if dry_run:
        todo = len(plan.to_record)
        click.echo(f"\nDry run: {todo} command(s) would be recorded in {plan.process}; "
                   "nothing was recorded.")  # fmt: skip
    else:
        click.echo(f"\nRecorded {recorded} command(s) in {plan.process}; "
                   f"{already} were already recorded.")  # fmt: skip


def _read(path: Path) -> LetterBundle:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputTooLarge(
                f"{path} has {size:,} bytes; at most {MAX_FILE_BYTES:,} are read. Nothing was "
                "recorded."
            )
        raw = path.read_bytes()
    except OSError as error:
        raise click.ClickException(f"{path}: {error.strerror or error}") from None
    try:
        text = letter_text(raw, str(path))
        return read_letters(text, str(path))
    except LetterUnreadable as error:
        message = str(error)
        prefix = "" if message.startswith(str(path)) else f"{path}: "
        raise LetterUnreadable(prefix + message + " Nothing was recorded.") from None


def _show(plan: ImportPlan) -> None:
    click.echo(f"Process {plan.process}" + (" (new)" if plan.new_process else ""))
    click.echo("\nLetters")
    echo_table(
        ["slug", "dated", "from", "encloses"],
        [
            (
                letter.slug,
                letter.dated.isoformat(),
                ", ".join(p.name for p in letter.senders),
                ", ".join(letter.encloses),
            )
            for letter in plan.letters
        ],
    )
    click.echo("\nCommands")
    echo_table(
        ["#", "command", "status", "what"],
        [
            (i, c.name, "already recorded" if c.already_recorded else "new", c.description)
            for i, c in enumerate(plan.commands, 1)
        ],
    )
    for problem in plan.problems:
        click.echo(f"\nProblem: {problem}")
    if plan.unreadable:
        click.echo("\nLetters not read (errors)")
        echo_table(
            ["file", "line", "reason"],
            [(u.file or "", u.line, u.reason) for u in plan.unreadable],
        )
    click.echo("\nWarnings (not recorded)" if plan.warnings else "\nNo warnings.")
    if plan.warnings:
        echo_table(
            ["file", "line", "reason"], [(w.file or "", w.line, w.reason) for w in plan.warnings]
        )
