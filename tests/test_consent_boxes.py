"""A consent given by two check boxes that are fields of their own ("I agree" and "I do
not agree", as Acrobat, LibreOffice and reportlab make them), imported as one consent:
filled, ticked by another tool, read from both fields and from what the page shows."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from pubrelease import Consent, FormDefinitionError, Release, Source, Status, fill, parse
from pubrelease.form import load_form
from pubrelease.form.importer import import_form, write_form
from pubrelease.form.template import Form

from . import returns as R
from .foreign_forms import answers_release
from .pki import Pki

TODAY = dt.date(2026, 11, 29)
TYPED = {"presenter": "Ada Lovelace", "talk": "Notes on the engine", "when": "Dec 8, 2026",
         "sig": "Ada Lovelace", "signed_on": "20/11/2026"}  # fmt: skip


@pytest.fixture
def form(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Form:
    folder = tmp_path / "forms"
    monkeypatch.setenv("PUBRELEASE_FORMS", str(folder))
    write_form(import_form(answers_release("boxes"), "boxes-2027"), folder)
    return load_form("boxes-2027")


def ada(consent: str) -> Release:
    return Release.create(speaker_name="Ada Lovelace", event_title="Notes on the engine",
                          event_date="2026-12-08", consent=consent, signature="Ada Lovelace",
                          sign_date="2026-11-20")  # fmt: skip


def codes(record: object) -> list[str]:
    return [f.code for f in record.findings]  # type: ignore[attr-defined]


def _boxes(data: bytes) -> dict[str, tuple[str, str]]:
    """Each check box field's ``/V`` and ``/AS``."""
    out = {}
    for annot in PdfReader(io.BytesIO(data)).pages[0]["/Annots"]:
        widget = annot.get_object()
        if widget.get("/FT") == "/Btn":
            out[str(widget["/T"])] = (str(widget.get("/V")), str(widget.get("/AS")))
    return out


def _by_pypdf(form: Form, ticked: dict[str, str], out: Path) -> Path:
    writer = PdfWriter(clone_from=io.BytesIO(form.template))
    writer.update_page_form_field_values(None, {**TYPED, **ticked})
    writer.write(out)
    return out


def test_the_two_boxes_are_imported_as_one_consent() -> None:
    imported = import_form(answers_release("boxes"), "boxes-2027")
    (consent,) = [g for g in imported.guesses if g.key == "consent"]
    assert (consent.field, consent.accept) == ("chkAgree", "Yes")
    assert (consent.decline_field, consent.decline) == ("chkDisagree", "Yes")
    assert not [g for g in imported.guesses if g.field == "chkDisagree"]
    assert 'decline_field = "chkDisagree"' in imported.toml
    assert "decline=chkDisagree=Yes" in imported.mapping()


def test_map_overrides_of_the_two_boxes() -> None:
    boxes = answers_release("boxes")
    given = import_form(boxes, "given", overrides={"accept": "Yes"})
    (consent,) = [g for g in given.guesses if g.key == "consent"]
    assert (consent.accept, consent.decline_field) == ("Yes", "chkDisagree")
    with pytest.raises(FormDefinitionError, match="a box of one state, which accepts"):
        import_form(boxes, "given", overrides={"decline": "Yes"})
    # the decline box named something else by a person: not paired, and no decline box
    kept = import_form(boxes, "given", overrides={"opt_out": "chkDisagree"})
    (consent,) = [g for g in kept.guesses if g.key == "consent"]
    assert (consent.field, consent.decline, consent.decline_field) == ("chkAgree", None, "")
    assert [g.key for g in kept.guesses if g.field == "chkDisagree"] == ["opt_out"]


@pytest.mark.parametrize(
    ("answer", "status", "consent", "ticked"),
    [
        ("accept", Status.VALID, Consent.ACCEPT, {"chkAgree"}),
        ("decline", Status.DECLINED, Consent.DECLINE, {"chkDisagree"}),
        ("none", Status.INCOMPLETE, Consent.NONE, set()),
    ],
)
def test_pubrelease_ticks_the_answers_own_box(
    form: Form, answer: str, status: Status, consent: Consent, ticked: set[str]
) -> None:
    for flatten in (False, True):
        data = fill(ada(answer), form, flatten=flatten)
        assert data.startswith(form.template)
        if not flatten:
            boxes = _boxes(data)
            for name in ("chkAgree", "chkDisagree"):
                on = ("/Yes", "/Yes") if name in ticked else ("/Off", "/Off")
                assert boxes[name] == on, (answer, name, boxes)
        record = parse(data, form=form, today=TODAY)
        assert (record.status, record.consent) == (status, consent), (flatten, record.findings)
        assert record.source is (Source.FLATTENED if flatten else Source.FIELDS)
        assert "value-disagreement" not in codes(record)
        if answer == "none":
            assert "consent-missing" in codes(record)


@pytest.mark.parametrize(
    ("ticked", "status", "consent"),
    [
        ({"chkAgree": "/Yes"}, Status.VALID, Consent.ACCEPT),
        ({"chkDisagree": "/Yes"}, Status.DECLINED, Consent.DECLINE),
        ({}, Status.INCOMPLETE, Consent.NONE),
    ],
    ids=["agree", "decline", "none"],
)
def test_ticked_by_pypdf_live_and_flattened(
    form: Form, tmp_path: Path, ticked: dict[str, str], status: Status, consent: Consent
) -> None:
    live = _by_pypdf(form, ticked, tmp_path / "live.pdf")
    flat = R.flatten_with("pdftk", live, tmp_path / "flat.pdf", strict=False)
    for path in (live, flat):
        record = parse(path, form=form, today=TODAY)
        assert (record.status, record.consent) == (status, consent), (path.name, record.findings)
        assert record.speaker_name == "Ada Lovelace"


def test_both_boxes_ticked_is_never_valid(form: Form, tmp_path: Path) -> None:
    """As two boxes of one field ticked both: ``consent-both``, never accepted."""
    both = {"chkAgree": "/Yes", "chkDisagree": "/Yes"}
    live = _by_pypdf(form, both, tmp_path / "both.pdf")
    flat = R.flatten_with("pdftk", live, tmp_path / "flat.pdf", strict=False)
    issued = PdfWriter(clone_from=io.BytesIO(fill(ada("accept"), form)))
    issued.update_page_form_field_values(None, {"chkDisagree": "/Yes"}, auto_regenerate=False)
    edited = tmp_path / "edited.pdf"
    issued.write(edited)
    for path in (live, flat, edited):
        record = parse(path, form=form, today=TODAY)
        assert record.consent is Consent.BOTH, (path.name, record.findings)
        assert record.status is Status.INVALID, (path.name, record.findings)
        assert "consent-both" in codes(record)


def test_a_decline_box_the_page_shows_ticked_is_not_hidden_by_its_value(
    form: Form, tmp_path: Path
) -> None:
    """Accepted in the stored values, the decline box's look turned on: the page shows
    both answers, and the return is not valid."""
    writer = PdfWriter(clone_from=io.BytesIO(fill(ada("accept"), form)))
    for annot in writer.pages[0]["/Annots"]:
        widget = annot.get_object()
        if widget.get("/T") == "chkDisagree":
            from pypdf.generic import NameObject

            widget[NameObject("/AS")] = NameObject("/Yes")
    out = tmp_path / "shown.pdf"
    writer.write(out)
    record = parse(out, form=form, today=TODAY)
    assert record.status is not Status.VALID, record.findings
    assert "value-disagreement" in codes(record), record.findings


def test_a_decline_field_the_template_lacks_is_refused(form: Form) -> None:
    from pubrelease.form.definition import load_definition
    from pubrelease.form.imported import ImportedForm

    source = form.definition.source
    source.write_text(source.read_text().replace('"chkDisagree"', '"chkNo"'))
    with pytest.raises(FormDefinitionError, match="no field 'chkNo'"):
        ImportedForm(load_definition(source))


def test_the_decline_box_ticked_after_a_form_filling_certification(form: Form, pki: Pki) -> None:
    """The conference certifies the issued release allowing it to be filled; the speaker
    then ticks the decline box, a field of its own: the speaker's answer (its field is
    the speaker's, as the agree box's is), not a change after signing; the title the
    conference issued, changed after it, is. (The signatures of an imported form's
    returns were not read at all.)"""
    from pubrelease.reading.trust import load_trust

    from .helpers import update
    from .signed import certified_for_filling, set_fields

    blank = fill(Release.create(speaker_name="Ada Lovelace", event_title="Notes on the engine",
                                event_date="2026-12-08"), form)  # fmt: skip
    certified = certified_for_filling(blank, pki, "FILL_FORMS")
    answers = set_fields(chkDisagree="/Yes", sig="Ada Lovelace", signed_on="20/11/2026")
    record = parse(update(certified, answers), form=form, trust=load_trust([pki.ca_pem]),
                   today=TODAY)  # fmt: skip
    assert (record.status, record.consent) == (Status.DECLINED, Consent.DECLINE), record.findings
    assert [s.certifying for s in record.signatures] == [True]  # (read on an imported form)
    retitled = update(certified, answers, set_fields(talk="Another Talk"))
    record = parse(retitled, form=form, trust=load_trust([pki.ca_pem]), today=TODAY)
    assert record.status is Status.INVALID
    assert "changed-after-signing" in codes(record), record.findings
