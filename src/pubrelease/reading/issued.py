"""The issuance record ``fill`` embeds, checked against what a return shows."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from ..filling.issuance import Issued, issue_digest, read_record
from ..form.definition import Party
from ..form.registry import known_forms
from ..form.template import Form
from ..pdf.bidi import display
from ..pdf.objects import NotSure, Objects
from ..record import Finding, Severity
from ..release import parse_date
from ..text import same_text, shown

__all__ = ["check_issuance", "issuance", "issuance_record", "same_value"]


def _flag(findings: list[Finding], message: str) -> None:
    findings.append(Finding("modified-after-issue", Severity.ERROR, message))


def same_value(name: str, a: str, b: str) -> bool:
    if name in ("effective_date", "event_date", "sign_date", "countersign_date"):
        try:
            return parse_date(a, field=name) == parse_date(b, field=name)
        except ValueError:
            return a == b
    return same_text(a, b)


def issuance(
    root: Any, form: Form, values: dict[str, str | None], findings: list[Finding]
) -> str | None:
    """The release id, after checking the issuance record against what the page shows.

    ``root`` is pypdf's catalog, or a :class:`~pubrelease.reading.pdffile.PdfFile`: its
    plain values when the fast reader opened it and can vouch for the record.
    """
    if hasattr(root, "objects"):  # a PdfFile
        pdf, root = root, root.catalog
        record = root.get("/PubRelease")
        if record is None:
            return None
        if pdf.objects is not None:
            try:
                issued = _record_of(pdf.objects, record)
            except NotSure:
                root = pdf.reader.trailer["/Root"].get_object()
            else:
                return check_issuance(form, issued, values, findings)
    record = root.get("/PubRelease")
    if record is None:
        return None
    return check_issuance(form, read_record(record.get_object()), values, findings)


def _record_of(objects: Objects, record: Any) -> Issued:
    """:func:`read_record` of a plain record: ``str()`` of each value as pypdf prints it."""
    node = objects.resolve(record)
    if not isinstance(node, dict):
        raise NotSure("the issuance record is not a dictionary")

    def text(key: str, default: str) -> str:
        value = objects.resolve(node[key]) if key in node else default
        if isinstance(value, bool):
            return str(value)  # pypdf prints its BooleanObject as Python does
        if not isinstance(value, str):
            raise NotSure(f"{key} in the issuance record")
        return value

    return Issued(
        text("/Form", ""),
        text("/ReleaseId", ""),
        text("/Digest", ""),
        text("/Values", ""),
        text("/Flattened", "false") == "true",
    )


def check_issuance(
    form: Form, issued: Issued, values: dict[str, str | None], findings: list[Finding]
) -> str | None:
    """The release id; a record that does not match its digest, or issuer values that
    differ from what the return shows, are ``modified-after-issue`` findings; a record
    of another form pubrelease knows than ``form`` is an ``other-form`` warning, put
    first (the wording and values are still read against ``form``)."""
    release_id = issued.release_id
    if issued.form_id != form.id and issued.form_id in known_forms():
        findings.insert(  # (first: what else is found follows from it)
            0,
            Finding(
                "other-form",
                Severity.WARNING,
                f"the file was issued for the form {issued.form_id!r}, not {form.id!r}, "
                f"which it is read against: if that is its form, read it with "
                f"--form {issued.form_id}",
            ),
        )
    try:
        sent_values = json.loads(issued.values_json)
    except json.JSONDecodeError:
        _flag(findings, "the issuance record is damaged")
        return release_id or None
    if not isinstance(sent_values, dict):
        _flag(findings, "the issuance record is damaged")
        return release_id or None
    if issued.digest != issue_digest(issued.form_id, sent_values):
        _flag(findings, "the issuance record does not match its digest")
    if sent_values.get("release_id") != release_id:
        _flag(findings, "the issuance record's release id was changed")
    for name in _issuer_fields(form):
        sent = sent_values.get(name)
        now = values.get(name)
        if sent is None:
            continue
        if now is None or not same_value(name, _printed(name, sent), now):
            _flag(
                findings,
                f"{name} was issued as {sent!r} but the return has {now!r}",
            )
        elif isinstance(sent, str) and display(shown(now)) == display(shown(sent)):
            # shown alike: the issued order, and the join controls no page's text carries,
            # are the ones that were meant
            values[name] = sent
    return release_id or None


def _issuer_fields(form: Form) -> Iterable[str]:
    return [n for n, p in form.fields.items() if p.spec.party is Party.ISSUER]


def _printed(name: str, value: str) -> str:
    if name.endswith("date"):
        try:
            return parse_date(value, field=name).isoformat()
        except ValueError:
            return value
    return value


def issuance_record(objects: Objects) -> Issued | None:
    """The issuance record in the file's catalog (``/PubRelease``); None when none is read."""
    root = objects.dict_of(objects.trailer.get("/Root"))
    if "/PubRelease" not in root:
        return None
    record = objects.dict_of(root["/PubRelease"])
    values = {key: objects.resolve(value) for key, value in record.items()}
    flattened = values.get("/Flattened")
    if type(flattened) is not bool or not all(
        isinstance(values.get(k), str) for k in ("/Form", "/ReleaseId", "/Digest", "/Values")
    ):
        return None
    return read_record({**values, "/Flattened": "true" if flattened else "false"})
