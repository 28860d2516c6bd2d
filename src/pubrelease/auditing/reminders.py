"""Reminders: one standard email message per person to chase, and sending them by SMTP.

Messages are made with the standard library's :mod:`email` package from a template
the organiser can edit (``Subject:`` line, blank line, body; ``$name`` placeholders
for the roster's columns, ``$request``, ``$release``, ``$sender_name``). The issued
release is attached (found through the issuing folder's manifest) or linked.
"""

from __future__ import annotations

import enum
import mimetypes
import os
import smtplib
import ssl
import string
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr, make_msgid, parseaddr
from importlib import resources
from pathlib import Path

from ..auditing.actions import Action
from ..auditing.audit import AuditReport, RosterOutcome
from ..errors import PubreleaseError
from ..filling.manifest import ManifestEntry, read_manifest
from ..release import format_date
from ..text import normalise

__all__ = [
    "CHASED",
    "Reminder",
    "SmtpSettings",
    "default_template",
    "make_reminders",
    "send_reminders",
]

CHASED = frozenset({Action.CHASE, Action.COMPLETE, Action.READABLE})
"""The actions that mean writing to the speaker."""

_REQUESTS = {
    Action.CHASE: "we have not received your signed publishing release yet. Could you "
    "fill it in, sign it and send it back to us?",
    Action.COMPLETE: "the publishing release you sent back is not complete ($why). Could "
    "you complete it and send it again?",
    Action.READABLE: "we could not read the publishing release you sent back ($why). "
    "Could you send it again as the PDF you filled in?",
}


class Transport(enum.Enum):
    STARTTLS = "starttls"
    """Plain connection upgraded with STARTTLS (port 587); the default."""
    TLS = "tls"
    """TLS from the start (port 465)."""
    PLAIN = "plain"
    """No encryption: only for a relay on the same machine."""


@dataclass(frozen=True, slots=True)
class SmtpSettings:
    host: str
    port: int = 587
    transport: Transport = Transport.STARTTLS
    user: str | None = None
    password: str | None = None
    cafile: str | None = None
    """Certificates to trust besides the system's (a conference's own relay)."""


@dataclass(frozen=True, slots=True)
class Reminder:
    """One message to one person."""

    entry: RosterOutcome
    message: EmailMessage
    file_name: str
    """A safe file name for the ``.eml``."""


def default_template() -> str:
    """The template shipped with pubrelease (copy it, edit it, pass it back)."""
    return resources.files("pubrelease").joinpath("templates/reminder.txt").read_text("utf-8")


def _split(template: str) -> tuple[str, str]:
    head, sep, body = template.partition("\n\n")
    if not sep or not head.lower().startswith("subject:"):
        raise PubreleaseError(
            "a reminder template starts with a 'Subject:' line, then a blank line"
        )
    return head.split(":", 1)[1].strip(), body


def _issued(entry: RosterOutcome, manifest: Sequence[ManifestEntry]) -> ManifestEntry | None:
    release = entry.entry.release
    if release.release_id:
        found = [m for m in manifest if m.release_id == release.release_id]
        if found:
            return found[0]
    key = (normalise(release.speaker_name), normalise(release.event_title))
    same = [m for m in manifest if (normalise(m.speaker_name), normalise(m.event_title)) == key]
    return same[-1] if same else None


def make_reminders(
    report: AuditReport,
    *,
    sender: str,
    template: str | None = None,
    releases: str | os.PathLike[str] | None = None,
    link: str | None = None,
    actions: Collection[Action] = CHASED,
    email_column: str = "email",
) -> tuple[list[Reminder], list[PubreleaseError]]:
    """A message for each roster entry whose action is in ``actions``, and the problems.

    ``releases`` is the folder ``fill --roster`` issued into: each person's release is
    attached from it. ``link`` (a URL prefix) links it instead. An entry without an
    address, or whose release cannot be found, is a problem and gets no message.
    """
    if report.roster is None:
        raise PubreleaseError("reminders need a roster (with an email column)")
    subject_template, body_template = _split(template or default_template())
    manifest = read_manifest(Path(releases)) if releases is not None else []
    sender_name, sender_address = parseaddr(sender)
    if "@" not in sender_address:
        raise PubreleaseError(f"{sender!r} is not an email address", field="--from")
    reminders: list[Reminder] = []
    problems: list[PubreleaseError] = []
    taken: set[str] = set()
    records = {r.record.file: r.record for r in report.returns}
    for entry in report.roster:
        if entry.action not in actions:
            continue
        source, row = entry.entry.source, entry.entry.row
        columns = {k.lower(): v for k, v in entry.entry.columns.items()}
        address = parseaddr(columns.get(email_column.lower(), ""))[1]
        if "@" not in address:
            problems.append(
                PubreleaseError(
                    "no email address to remind", file=source, row=row, field=email_column
                )
            )
            continue
        issued = _issued(entry, manifest) if releases is not None else None
        if releases is not None and (
            issued is None or not (Path(releases) / issued.file).is_file()
        ):
            problems.append(
                PubreleaseError(f"no issued release in {releases}", file=source, row=row)
            )
            continue
        release = entry.entry.release
        newest = records.get(entry.files[0]) if entry.files else None
        why = "; ".join(f.message for f in newest.findings) if newest is not None else ""
        values = {
            **{k: v for k, v in entry.entry.columns.items() if k.isidentifier()},
            "speaker_name": release.speaker_name,
            "event_title": release.event_title,
            "event_date": format_date(release.event_date),
            "why": why,
            "sender_name": sender_name or sender_address,
            "action": entry.action.value,
        }
        values["request"] = string.Template(_REQUESTS[entry.action]).safe_substitute(values)
        if link is not None and issued is not None:
            values["release"] = link.rstrip("/") + "/" + issued.file
        elif issued is not None:
            values["release"] = f"attached ({issued.file})"
        else:
            values["release"] = "as sent to you before"
        try:
            subject = string.Template(subject_template).substitute(values)
            body = string.Template(body_template).substitute(values)
        except (KeyError, ValueError) as exc:
            raise PubreleaseError(
                f"the reminder template uses an unknown placeholder: {exc}"
            ) from exc
        message = EmailMessage()
        message["From"] = formataddr((sender_name, sender_address))
        message["To"] = formataddr((release.speaker_name, address))
        message["Subject"] = " ".join(subject.split())
        message["Message-ID"] = make_msgid(domain=sender_address.rpartition("@")[2])
        message.set_content(body)
        if issued is not None and link is None and releases is not None:
            data = (Path(releases) / issued.file).read_bytes()
            kind = (mimetypes.guess_type(issued.file)[0] or "application/pdf").split("/")
            message.add_attachment(data, maintype=kind[0], subtype=kind[1], filename=issued.file)
        reminders.append(Reminder(entry, message, _eml_name(release.speaker_name, row, taken)))
    return reminders, problems


def _eml_name(name: str, row: int, taken: set[str]) -> str:
    from ..filling.batch import safe_filename

    candidate = safe_filename(f"{row:04d}-{name}", suffix=".eml")
    taken.add(candidate)
    return candidate


def send_reminders(reminders: Sequence[Reminder], settings: SmtpSettings) -> list[str]:
    """Send every message over one SMTP connection; the addresses each went to."""
    context = ssl.create_default_context(cafile=settings.cafile)
    try:
        if settings.transport is Transport.TLS:
            client: smtplib.SMTP = smtplib.SMTP_SSL(
                settings.host, settings.port, context=context, timeout=60
            )
        else:
            client = smtplib.SMTP(settings.host, settings.port, timeout=60)
        with client:
            client.ehlo()
            if settings.transport is Transport.STARTTLS:
                client.starttls(context=context)
                client.ehlo()
            if settings.user is not None:
                client.login(settings.user, settings.password or "")
            sent = []
            for reminder in reminders:
                client.send_message(reminder.message)
                sent.append(str(reminder.message["To"]))
            return sent
    except (OSError, smtplib.SMTPException, ssl.SSLError) as exc:
        raise PubreleaseError(
            f"cannot send through {settings.host}:{settings.port}: {exc}", field="--smtp"
        ) from exc
