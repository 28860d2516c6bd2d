"""``pubrelease remind``: an email for each person to chase; sent only when asked."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from ..files import check_output, write_atomic
from .rosteropts import load_roster, roster_options

__all__ = ["remind_command"]

USER_ENV = "PUBRELEASE_SMTP_USER"
PASSWORD_ENV = "PUBRELEASE_SMTP_PASSWORD"


@click.command("remind")
@click.argument("directory", required=False, type=click.Path(file_okay=False, exists=True))
@click.option("--roster", type=click.Path(dir_okay=False, allow_dash=True), help="Who was asked.")
@roster_options
@click.option("--from", "sender", help='Sender, e.g. "ICML Publications <pubs@icml.cc>".')
@click.option(
    "--out-dir",
    type=click.Path(file_okay=False),
    default="reminders",
    show_default=True,
    help="Where the .eml messages are written (one per person).",
)
@click.option("--template", type=click.Path(dir_okay=False, exists=True), help="Message template.")
@click.option(
    "--write-template",
    type=click.Path(dir_okay=False),
    help="Write the default template here to edit, and stop.",
)
@click.option(
    "--releases",
    type=click.Path(file_okay=False, exists=True),
    help="The folder `fill --roster` issued into: attach each person's release.",
)
@click.option("--link", help="A URL prefix: link each person's release instead of attaching it.")
@click.option("--email-column", default="email", show_default=True, help="The address column.")
@click.option(
    "--dry-run/--send",
    default=True,
    show_default=True,
    help="Only write the messages (default), or also send them through --smtp.",
)
@click.option("--smtp", metavar="HOST[:PORT]", help="SMTP server (port 587 by default).")
@click.option(
    "--smtp-security",
    type=click.Choice(["starttls", "tls", "plain"]),
    default="starttls",
    show_default=True,
    help="STARTTLS, TLS from the start (465) or none (a relay on this machine only).",
)
@click.option("--smtp-cafile", type=click.Path(dir_okay=False, exists=True), help="CA to trust.")
@click.option("--force", is_flag=True, help="Replace messages written before.")
@click.option("--workers", type=click.IntRange(min=1), help="Processes (default: all cores).")
@click.option("--form", "form_name", default="icml-2020", show_default=True, help="Form.")
def remind_command(
    directory: str | None,
    roster: str | None,
    column_map: tuple[str, ...],
    date_order: str | None,
    sender: str | None,
    out_dir: str,
    template: str | None,
    write_template: str | None,
    releases: str | None,
    link: str | None,
    email_column: str,
    dry_run: bool,
    smtp: str | None,
    smtp_security: str,
    smtp_cafile: str | None,
    force: bool,
    workers: int | None,
    form_name: str,
) -> None:
    """Write one email (.eml) to each speaker to chase, and send them with --send.

    Audits DIRECTORY against --roster; everyone whose next action is to chase, to
    complete the release or to send a readable copy gets a message made from the
    template (see --write-template), with the release attached (--releases) or
    linked (--link). With --send the messages go through --smtp, after STARTTLS,
    logging in as $PUBRELEASE_SMTP_USER with $PUBRELEASE_SMTP_PASSWORD when set.
    Exit 1 when someone to chase could not be written to (no address, no release).
    """
    from ..auditing.audit import audit
    from ..auditing.reminders import (
        SmtpSettings,
        Transport,
        default_template,
        make_reminders,
        send_reminders,
    )

    if write_template is not None:
        check_output(write_template, overwrite=force)
        write_atomic(write_template, default_template().encode("utf-8"), overwrite=force)
        click.echo(f"wrote {write_template}: edit it and pass --template {write_template}")
        return
    if directory is None or roster is None or sender is None:
        raise click.UsageError("give DIRECTORY, --roster FILE and --from ADDRESS")
    if link is not None and releases is None:
        raise click.UsageError("--link needs --releases (the file names come from its manifest)")
    settings = None
    if not dry_run:
        if smtp is None:
            raise click.UsageError("--send needs --smtp HOST[:PORT]")
        host, _, port = smtp.partition(":")
        transport = Transport(smtp_security)
        default_port = 465 if transport is Transport.TLS else 587
        if port and not port.isdigit():
            raise click.BadParameter(f"{smtp!r}: the port is a number", param_hint="--smtp")
        settings = SmtpSettings(
            host,
            int(port) if port else default_port,
            transport,
            os.environ.get(USER_ENV),
            os.environ.get(PASSWORD_ENV),
            smtp_cafile,
        )
    folder = Path(out_dir)
    if folder.exists() and not folder.is_dir():
        raise click.BadParameter("is not a folder", param_hint="--out-dir")
    if not folder.exists() and not (folder.parent if str(folder.parent) else Path(".")).is_dir():
        raise click.BadParameter(f"{out_dir}: no such folder for it", param_hint="--out-dir")
    text = Path(template).read_text(encoding="utf-8") if template is not None else None
    entries = load_roster(roster, column_map, date_order)
    report = audit(directory, entries, workers, form=form_name)
    reminders, problems = make_reminders(
        report,
        sender=sender,
        template=text,
        releases=releases,
        link=link,
        email_column=email_column,
    )
    folder.mkdir(exist_ok=True)
    for reminder in reminders:
        target = folder / reminder.file_name
        write_atomic(target, reminder.message.as_bytes(), overwrite=force)
        click.echo(f"wrote {target} to {reminder.message['To']} ({reminder.entry.action.value})")
    for problem in problems:
        click.echo(f"pubrelease: not reminded: {problem}", err=True)
    if settings is not None and reminders:
        sent = send_reminders(reminders, settings)
        click.echo(f"sent {len(sent)} message(s) through {settings.host}:{settings.port}")
    elif reminders:
        click.echo(f"{len(reminders)} message(s) written, none sent (dry run; --send to send)")
    else:
        click.echo("nobody to remind")
    if problems:
        sys.exit(1)
