"""The second built-in form, written as a definition only: recording-consent.

A4 and Times, the answer as a radio group, extra values (affiliation, e-mail), the
title on two lines: filled, read and judged exactly as icml-2020, with no code of its own.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject

from pubrelease import Consent, Release, Source, Status, fill, parse
from pubrelease.form import load_form
from pubrelease.form.definition import FieldKind, Party
from pubrelease.form.template import Form

from . import returns as R

TODAY = dt.date(2026, 11, 29)
FORM = "recording-consent"


@pytest.fixture(scope="module")
def form() -> Form:
    return load_form(FORM)


def grace(**changes: object) -> Release:
    values: dict[str, object] = {
        "speaker_name": "Grace Hopper",
        "event_title": "Nanoseconds, and why a talk about them needs a title long enough "
        "to wrap onto its second line",
        "event_date": "2026-12-08",
        "consent": "accept",
        "signature": "Grace Hopper",
        "sign_date": "2026-11-20",
        "extra": {"affiliation": "US Navy", "email": "grace@example.org"},
        **changes,
    }
    return Release.create(**values)


def test_the_definition_declares_a_radio_group_and_extra_values(form: Form) -> None:
    consent = form.definition.fields["consent"]
    assert consent.kind is FieldKind.RADIO and (consent.accept, consent.decline) == (
        "Agree",
        "Refuse",
    )
    assert form.definition.extras == ("affiliation", "email")
    assert form.definition.fields["affiliation"].party is Party.ISSUER
    reader = PdfReader(io.BytesIO(form.template))
    radio = reader.get_fields()["consent"]  # type: ignore[index]
    assert int(radio["/Ff"]) & (1 << 15)  # a radio group in every viewer


@pytest.mark.parametrize("flatten", [False, True], ids=["live", "flattened"])
def test_fill_and_read_back(form: Form, flatten: bool) -> None:
    record = parse(fill(grace(), form, flatten=flatten), form=form, today=TODAY)
    assert record.form == FORM
    assert record.status is Status.VALID, record.findings
    assert record.source is (Source.FLATTENED if flatten else Source.FIELDS)
    assert record.event_title == grace().event_title
    assert record.consent is Consent.ACCEPT
    assert record.extra == {"affiliation": "US Navy", "email": "grace@example.org"}
    assert record.effective_date is None  # the form asks none, and none is missing
    assert [f.code for f in record.findings] == ["not-countersigned"]


@pytest.mark.parametrize(
    ("changes", "status"),
    [({"consent": "decline"}, Status.DECLINED), ({"consent": "none"}, Status.INCOMPLETE)],
)
def test_answers(form: Form, changes: dict[str, object], status: Status) -> None:
    assert parse(fill(grace(**changes), form), form=form, today=TODAY).status is status


def _speaker_in_pypdf(form: Form, out: Path, state: str) -> Path:
    writer = PdfWriter(clone_from=io.BytesIO(fill(grace(consent="none", signature=None,
                                                         sign_date=None), form)))  # fmt: skip
    writer.update_page_form_field_values(
        None,
        {"signature": "Grace Hopper", "sign_date": "20.11.2026", "consent": f"/{state}"},
        auto_regenerate=False,
    )
    writer.write(out)
    return out


def test_a_speaker_answers_in_another_tool(form: Form, tmp_path: Path) -> None:
    record = parse(_speaker_in_pypdf(form, tmp_path / "r.pdf", "Refuse"), form=form, today=TODAY)
    assert record.consent is Consent.DECLINE
    assert record.sign_date == dt.date(2026, 11, 20)
    assert record.status is Status.DECLINED, record.findings


def test_both_buttons_shown_is_invalid(form: Form, tmp_path: Path) -> None:
    writer = PdfWriter(clone_from=io.BytesIO(fill(grace(), form)))
    for field in writer._root_object["/AcroForm"]["/Fields"]:
        field = field.get_object()
        if field.get("/T") == "consent":
            for kid in field["/Kids"]:
                kid = kid.get_object()
                on = next(k for k in kid["/AP"]["/N"] if k != "/Off")
                kid[NameObject("/AS")] = NameObject(on)
    out = io.BytesIO()
    writer.write(out)
    record = parse(out.getvalue(), form=form, today=TODAY)
    assert record.status is Status.INVALID
    assert "consent-both" in [f.code for f in record.findings]


@pytest.mark.parametrize("tool", ["pdftk", "qpdf", "mutool"])
def test_flattened_by_other_tools(form: Form, tmp_path: Path, tool: R.FlattenTool) -> None:
    source = tmp_path / "live.pdf"
    source.write_bytes(fill(grace(), form))
    record = parse(R.flatten_with(tool, source, tmp_path / "flat.pdf", strict=False),
                   form=form, today=TODAY)  # fmt: skip
    assert record.status is Status.VALID, (tool, record.findings)
    assert record.extra["email"] == "grace@example.org"
