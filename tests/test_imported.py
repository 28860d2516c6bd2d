"""Another conference's own fillable PDF, imported as a form: fill, read, verify, audit.

The form is made by reportlab (tests/foreign_forms.py), not by pubrelease: its own field
names, wording, a radio group for the answer, extra values and two pages. Returns are
filled by pubrelease, pypdf and pdftk, and flattened by the real tools.
"""

from __future__ import annotations

import datetime as dt
import io
import subprocess
from pathlib import Path
from typing import get_args

import pytest
from pypdf import PdfWriter
from pypdf.generic import NameObject

from pubrelease import Consent, FormDefinitionError, Release, Source, Status, fill, parse
from pubrelease.auditing.audit import audit
from pubrelease.form import load_form
from pubrelease.form.importer import ImportedDefinition, import_form, write_form
from pubrelease.form.template import Form
from pubrelease.roster import RosterEntry

from . import returns as R
from .foreign_forms import answers_release, filled_by_pdftk, filled_by_pypdf, neurips_release
from .helpers import require_tool
from .test_cli import run

TODAY = dt.date(2026, 11, 29)
VALUES = {
    "SpeakerName": "Ada Lovelace",
    "Affil": "Analytical Engines Ltd",
    "EmailAddr": "ada@example.org",
    "TalkTitle": "Notes on the engine",
    "TalkDate": "Dec 8, 2026",
    "Sig1": "Ada Lovelace",
    "SigDate": "20/11/2026",
}


@pytest.fixture
def forms(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "forms"
    monkeypatch.setenv("PUBRELEASE_FORMS", str(folder))
    return folder


@pytest.fixture
def form(forms: Path) -> Form:
    write_form(import_form(neurips_release(), "neurips-2026"), forms)
    return load_form("neurips-2026")


def ada(**changes: object) -> Release:
    values: dict[str, object] = {
        "speaker_name": "Ada Lovelace",
        "event_title": "Notes on the engine",
        "event_date": "2026-12-08",
        "consent": "accept",
        "signature": "Ada Lovelace",
        "sign_date": "2026-11-20",
        "extra": {"affiliation": "Analytical Engines Ltd", "email": "ada@example.org"},
        **changes,
    }
    return Release.create(**values)


def codes(record: object) -> list[str]:
    return [f.code for f in record.findings]  # type: ignore[attr-defined]


# -- the import --------------------------------------------------------------------------


def test_roles_are_guessed_from_names_tooltips_and_labels() -> None:
    imported = import_form(neurips_release(), "neurips-2026")
    roles = {g.field: g.key for g in imported.guesses}
    assert roles == {
        "SpeakerName": "speaker_name",
        "Affil": "affiliation",
        "EmailAddr": "email",
        "TalkTitle": "event_title",
        "TalkDate": "event_date",
        "Consent": "consent",
        "Sig1": "signature",
        "SigDate": "sign_date",
        "FoundationSigner": "countersigner_signature",
    }
    consent = next(g for g in imported.guesses if g.key == "consent")
    assert (consent.kind.value, consent.accept, consent.decline) == ("radio", "agree", "disagree")
    assert all(0 < g.confidence <= 1 for g in imported.guesses)
    assert "speaker_name" in imported.mapping() and "confidence" in imported.mapping()


def test_the_template_is_kept_byte_for_byte_and_the_wording_page_by_page(
    forms: Path, form: Form
) -> None:
    assert (forms / "neurips-2026" / "template.pdf").read_bytes() == neurips_release()
    assert form.definition.imported
    assert len(form.definition.wording) == 2
    assert "withdraw this consent" in form.definition.wording[1]


def test_a_guess_is_overridden_with_map() -> None:
    imported = import_form(
        neurips_release(), "neurips-2026", overrides={"speaker_name": "Sig1", "notes": "Affil"}
    )
    roles = {g.field: g.key for g in imported.guesses}
    assert roles["Sig1"] == "speaker_name"
    assert roles["SpeakerName"] != "speaker_name"
    assert roles["Affil"] == "notes"
    with pytest.raises(FormDefinitionError, match="no field 'Nope'"):
        import_form(neurips_release(), "x", overrides={"speaker_name": "Nope"})


def test_pdfs_that_are_not_fillable_forms_are_refused(han: Release) -> None:
    from reportlab.pdfgen import canvas

    plain = io.BytesIO()
    c = canvas.Canvas(plain)
    c.drawString(72, 720, "A release with no fields")
    c.save()
    with pytest.raises(FormDefinitionError, match="no form fields"):
        import_form(plain.getvalue(), "plain")
    writer = PdfWriter(clone_from=io.BytesIO(plain.getvalue()))
    acroform = writer._root_object.setdefault(NameObject("/AcroForm"), writer._add_object(
        __import__("pypdf").generic.DictionaryObject()))  # fmt: skip
    acroform.get_object()[NameObject("/XFA")] = NameObject("/placeholder")
    xfa = io.BytesIO()
    writer.write(xfa)
    with pytest.raises(FormDefinitionError, match="XFA-only"):
        import_form(xfa.getvalue(), "xfa")
    with pytest.raises(FormDefinitionError, match="form id"):
        import_form(neurips_release(), "Not An Id")


# -- filled by pubrelease ------------------------------------------------------------------


@pytest.mark.parametrize("flatten", [False, True], ids=["live", "flattened"])
def test_pubrelease_fills_their_template_with_an_incremental_update(
    form: Form, flatten: bool
) -> None:
    data = fill(ada(), form, flatten=flatten)
    assert data.startswith(form.template)  # their bytes, untouched
    record = parse(data, form=form, today=TODAY)
    assert record.status is Status.VALID, record.findings
    assert record.source is (Source.FLATTENED if flatten else Source.FIELDS)
    assert (record.speaker_name, record.event_title) == ("Ada Lovelace", "Notes on the engine")
    assert (record.event_date, record.sign_date) == (dt.date(2026, 12, 8), dt.date(2026, 11, 20))
    assert record.consent is Consent.ACCEPT and record.signed
    assert record.extra == {"affiliation": "Analytical Engines Ltd", "email": "ada@example.org"}
    assert record.release_id is not None
    assert codes(record) == ["not-countersigned"]


@pytest.mark.parametrize(
    ("changes", "status", "code"),
    [
        ({"consent": "decline"}, Status.DECLINED, "declined"),
        ({"consent": "none"}, Status.INCOMPLETE, "consent-missing"),
        ({"signature": None}, Status.INCOMPLETE, "unsigned"),
        ({"sign_date": "2031-01-01"}, Status.INVALID, "bad-date"),
    ],
)
def test_statuses_of_an_imported_form(
    form: Form, changes: dict[str, object], status: Status, code: str
) -> None:
    for flatten in (False, True):
        record = parse(fill(ada(**changes), form, flatten=flatten), form=form, today=TODAY)
        assert record.status is status, (flatten, record.findings)
        assert code in codes(record)


def test_values_the_form_does_not_ask_are_refused(form: Form) -> None:
    from pubrelease import FieldValueError

    with pytest.raises(FieldValueError, match="no such field"):
        fill(ada(extra={"shoe_size": "42"}), form)
    with pytest.raises(FieldValueError, match="effective_date"):
        fill(ada(effective_date="2026-11-01"), form)


def test_the_page_text_reads_as_the_values(form: Form, tmp_path: Path) -> None:
    out = tmp_path / "flat.pdf"
    out.write_bytes(fill(ada(), form, flatten=True))
    done = subprocess.run(
        [require_tool("pdftotext"), "-layout", str(out), "-"], capture_output=True, check=True
    )
    text = done.stdout.decode()
    for value in ("Ada Lovelace", "Analytical Engines Ltd", "Notes on the engine", "Dec 8, 2026"):
        assert value in text


# -- filled and flattened by other tools ---------------------------------------------------


def _pypdf(form: Form, out: Path, consent: str = "/agree") -> Path:
    return filled_by_pypdf(form.template, VALUES, out, consent)


def _pdftk(form: Form, out: Path, tmp: Path) -> Path:
    return filled_by_pdftk(form.template, VALUES, out)


@pytest.mark.parametrize("filler", ["pypdf", "pdftk"])
def test_other_tools_fills_read_back(form: Form, tmp_path: Path, filler: str) -> None:
    out = tmp_path / f"{filler}.pdf"
    path = _pypdf(form, out) if filler == "pypdf" else _pdftk(form, out, tmp_path)
    record = parse(path, form=form, today=TODAY)
    assert record.status is Status.VALID, record.findings
    assert record.source is Source.FIELDS
    assert record.speaker_name == "Ada Lovelace" and record.consent is Consent.ACCEPT
    assert record.sign_date == dt.date(2026, 11, 20)  # 20/11/2026: day first, not ambiguous
    assert record.extra["affiliation"] == "Analytical Engines Ltd"


@pytest.mark.parametrize("tool", get_args(R.FlattenTool))
def test_flattened_by_each_tool(form: Form, tmp_path: Path, tool: R.FlattenTool) -> None:
    filled = _pdftk(form, tmp_path / "filled.pdf", tmp_path)
    flat = R.flatten_with(tool, filled, tmp_path / f"{tool}.pdf", strict=False)
    record = parse(flat, form=form, today=TODAY)
    assert record.status is Status.VALID, (tool, record.findings)
    assert (record.speaker_name, record.consent) == ("Ada Lovelace", Consent.ACCEPT)
    assert record.event_date == dt.date(2026, 12, 8)


def test_a_declined_return_by_pypdf(form: Form, tmp_path: Path) -> None:
    record = parse(_pypdf(form, tmp_path / "no.pdf", "/disagree"), form=form, today=TODAY)
    assert record.status is Status.DECLINED
    assert record.consent is Consent.DECLINE


def test_changed_wording_of_their_form_is_altered_text(form: Form, tmp_path: Path) -> None:
    filled = _pypdf(form, tmp_path / "filled.pdf")
    out = tmp_path / "altered.pdf"
    exe = require_tool("qpdf")
    qdf = tmp_path / "qdf.pdf"
    subprocess.run([exe, "--qdf", "--object-streams=disable", filled, qdf], check=False)
    data = qdf.read_bytes().replace(b"no earlier than 30 days", b"no earlier than 3 days ")
    out.write_bytes(data)
    fixed = tmp_path / "fixed.pdf"
    subprocess.run([exe, "--warning-exit-0", out, fixed], check=False)
    record = parse(fixed, form=form, today=TODAY)
    assert record.status is Status.INVALID
    message = next(f.message for f in record.findings if f.code == "altered-text")
    assert "'30' changed to '3'" in message


# -- the audit and the command line --------------------------------------------------------


def test_an_audit_of_an_imported_forms_returns(form: Form, tmp_path: Path) -> None:
    folder = tmp_path / "returns"
    folder.mkdir()
    (folder / "ada.pdf").write_bytes(fill(ada(), form))
    _pypdf(form, folder / "ada-pypdf.pdf")
    roster = [RosterEntry("roster.csv", 2, ada(consent="none", signature=None, sign_date=None,
                                               extra={}), None, {})]  # fmt: skip
    report = audit(folder, roster, workers=1, form="neurips-2026")
    assert [r.record.status for r in report.returns] == [Status.VALID, Status.VALID]
    assert [e.outcome.value for e in report.roster or ()] == ["valid"]


def test_the_command_line_imports_fills_and_reads(forms: Path, tmp_path: Path) -> None:
    pdf = tmp_path / "theirs.pdf"
    neurips_release(pdf)
    done = run("form", "import", str(pdf), "--id", "neurips-2026", "--out", str(forms))
    assert done.returncode == 0, done.stderr
    assert b"speaker_name" in done.stdout and b"SpeakerName" in done.stdout
    again = run("form", "import", str(pdf), "--id", "neurips-2026", "--out", str(forms))
    assert again.returncode == 2 and b"exists" in again.stderr
    out = tmp_path / "ada.pdf"
    filled = run(
        "fill", "--form", "neurips-2026", "--name", "Ada Lovelace",
        "--title", "Notes on the engine", "--event-date", "2026-12-08", "--accept",
        "--signature", "Ada Lovelace", "--sign-date", "2026-11-20",
        "--extra", "affiliation=Analytical Engines Ltd", "-o", str(out),
    )  # fmt: skip
    assert filled.returncode == 0, filled.stderr
    parsed = run("parse", "--form", "neurips-2026", "--format", "json", str(out))
    assert parsed.returncode == 0, parsed.stdout
    assert b'"affiliation": "Analytical Engines Ltd"' in parsed.stdout
    broken = run("form", "import", str(tmp_path / "ada.pdf"), "--id", "x", "--map", "nonsense")
    assert broken.returncode == 2
    listed = run("form", "list")
    assert b"neurips-2026\timported" in listed.stdout and b"icml-2020\ttypeset" in listed.stdout
    shown = run("form", "show", "neurips-2026")
    assert b"affiliation" in shown.stdout and b"'Affil'" in shown.stdout
    refused = run("form", "build", "neurips-2026")
    assert refused.returncode == 2 and b"imported" in refused.stderr


# -- a form whose fields say nothing: roles from the printed words -------------------------


@pytest.fixture
def acl(forms: Path) -> Form:
    from .foreign_forms import generic_release

    write_form(import_form(generic_release(), "acl-2027"), forms)
    return load_form("acl-2027")


def test_generic_field_names_are_read_by_their_labels() -> None:
    from .foreign_forms import generic_release

    roles = {g.field: g.key for g in import_form(generic_release(), "acl-2027").guesses}
    assert roles == {
        "Text1": "speaker_name",
        "Text2": "event_title",
        "Text3": "event_date",
        "Check Box1": "consent",
        "Text4": "signature",
        "Text5": "sign_date",
        "Text6": "countersigner_signature",
        "Text7": "countersign_date",
    }


@pytest.mark.parametrize("ticked", [True, False])
def test_a_single_i_agree_box_filled_by_pypdf_and_flattened(
    acl: Form, tmp_path: Path, ticked: bool
) -> None:
    writer = PdfWriter(clone_from=io.BytesIO(acl.template))
    values = {"Text1": "Ada Lovelace", "Text2": "Notes on the engine", "Text3": "2027-07-01",
              "Text4": "Ada Lovelace", "Text5": "1 June 2027"}  # fmt: skip
    if ticked:
        values["Check Box1"] = "/Yes"
    writer.update_page_form_field_values(None, values)
    live = tmp_path / "live.pdf"
    writer.write(live)
    flat = R.flatten_with("pdftk", live, tmp_path / "flat.pdf", strict=False)
    for path in (live, flat):
        record = parse(path, form=acl, today=dt.date(2027, 6, 2))
        assert record.speaker_name == "Ada Lovelace"
        assert record.sign_date == dt.date(2027, 6, 1)
        expected = Status.VALID if ticked else Status.INCOMPLETE
        assert record.status is expected, (path.name, record.findings)
        assert record.consent is (Consent.ACCEPT if ticked else Consent.NONE)
        assert not record.countersigned


def test_the_single_box_form_cannot_be_issued_declined(acl: Form) -> None:
    from pubrelease import FieldValueError

    release = Release.create(speaker_name="A", event_title="T", event_date="2027-07-01",
                             consent="decline")  # fmt: skip
    with pytest.raises(FieldValueError, match="no 'decline' box"):
        fill(release, acl)


def test_a_template_with_object_and_cross_reference_streams(forms: Path, tmp_path: Path) -> None:
    """Acrobat writes forms with object streams: the update after them must read everywhere."""
    plain = tmp_path / "plain.pdf"
    neurips_release(plain)
    packed = tmp_path / "packed.pdf"
    subprocess.run([require_tool("qpdf"), "--object-streams=generate", plain, packed], check=True)
    assert b"/ObjStm" in packed.read_bytes()
    write_form(import_form(packed, "packed"), forms)
    form = load_form("packed")
    for flatten in (False, True):
        out = tmp_path / f"filled-{flatten}.pdf"
        out.write_bytes(fill(ada(), form, flatten=flatten))
        check = subprocess.run([require_tool("qpdf"), "--check", out], capture_output=True)
        assert check.returncode == 0, check.stdout
        record = parse(out, form=form, today=TODAY)
        assert record.status is Status.VALID, record.findings
        text = subprocess.run([require_tool("pdftotext"), out, "-"], capture_output=True).stdout
        assert b"Ada Lovelace" in text


@pytest.mark.parametrize("tool", ["pdftk-fill", "pdftk", "gs"])
def test_a_release_of_a_packed_template_is_filled_and_printed_by_other_tools(
    forms: Path, tmp_path: Path, tool: str
) -> None:
    """After a cross-reference stream, the update is a stream too: pdftk read a table
    whose /Prev is a stream as a corrupt file ("failed to read page tree"), and
    Ghostscript repaired it by dropping the update, every value with it."""
    plain = tmp_path / "plain.pdf"
    neurips_release(plain)
    packed = tmp_path / "packed.pdf"
    subprocess.run([require_tool("qpdf"), "--object-streams=generate", plain, packed], check=True)
    write_form(import_form(packed, "packed"), forms)
    form = load_form("packed")
    issued = tmp_path / "issued.pdf"
    issued.write_bytes(fill(ada(consent="none", signature=None, sign_date=None), form))
    assert b"/Type /XRef" in issued.read_bytes()[len(form.template) :]
    out = tmp_path / f"{tool}.pdf"
    if tool == "pdftk-fill":  # the speaker answers with pdftk
        fdf = tmp_path / "answer.fdf"
        fdf.write_bytes(
            b"%FDF-1.2\n1 0 obj<</FDF<</Fields[<</T(Sig1)/V(Ada Lovelace)>>"
            b"<</T(SigDate)/V(20/11/2026)>><</T(Consent)/V/agree>>]>>>>endobj\n"
            b"trailer<</Root 1 0 R>>\n%%EOF\n"
        )
        exe = require_tool("pdftk")
        subprocess.run([exe, issued, "fill_form", fdf, "output", out], check=True, timeout=120)
        record = parse(out, form=form, today=TODAY)
        assert record.status is Status.VALID, record.findings
        assert (record.signature, record.consent) == ("Ada Lovelace", Consent.ACCEPT)
    else:  # the issued release printed: its values stay on the page
        R.flatten_with("gs" if tool == "gs" else "pdftk", issued, out)
        record = parse(out, form=form, today=TODAY)
        assert record.status is Status.INCOMPLETE, record.findings
    assert (record.speaker_name, record.event_title) == ("Ada Lovelace", "Notes on the engine")


# -- the answers: which box accepts ----------------------------------------------------------


def _answer(form: Form, state: str, out: Path) -> Path:
    """The issued release of ``form`` answered ``state`` and signed, by pypdf."""
    writer = PdfWriter(clone_from=io.BytesIO(fill(ada(consent="none", extra={}), form)))
    writer.update_page_form_field_values(None, {"permission": f"/{state}"}, auto_regenerate=False)
    writer.write(out)
    return out


def _consent(imported: ImportedDefinition) -> tuple[str | None, str | None]:
    (found,) = [g for g in imported.guesses if g.key == "consent"]
    return found.accept, found.decline


def test_two_answers_printed_on_one_line_are_told_apart(forms: Path, tmp_path: Path) -> None:
    """ "I consent" and "I do not consent" on one line of text: the words right of each box
    up to the next one are its label (both read as "not" before, and the consent box
    the form names "1" was taken to decline: a return ticked "I do not consent" read as
    accepted)."""
    imported = import_form(answers_release("radio"), "emnlp-2027")
    assert _consent(imported) == ("1", "0")
    write_form(imported, forms)
    form = load_form("emnlp-2027")
    record = parse(fill(ada(extra={}), form), form=form, today=TODAY)
    assert (record.status, record.consent) == (Status.VALID, Consent.ACCEPT), record.findings
    assert record.sign_date == dt.date(2026, 11, 20)  # ("Date signed:", not a signature)
    declined = parse(_answer(form, "0", tmp_path / "no.pdf"), form=form, today=TODAY)
    assert declined.consent is Consent.DECLINE, declined.findings


def test_export_values_name_the_answers(forms: Path) -> None:
    """pdf-lib names a group's states "0" and "1" and their answers in ``/Opt``."""
    assert _consent(import_form(answers_release("opt"), "opt-2027")) == ("1", "0")


def test_consent_split_over_two_boxes_is_read_from_both(forms: Path) -> None:
    """An "I agree" box and an "I do not agree" box, each a field: taking the first alone
    as the consent would read a return with both ticked as accepted, so the two make one
    consent (tests/test_consent_boxes.py fills and reads it)."""
    imported = import_form(answers_release("boxes"), "boxes-2027")
    (consent,) = [g for g in imported.guesses if g.key == "consent"]
    assert (consent.field, consent.decline_field) == ("chkAgree", "chkDisagree")
    assert "separate decline box ('chkDisagree')" in consent.why


def test_the_answers_are_given_with_map(forms: Path) -> None:
    data = answers_release("radio")
    imported = import_form(data, "given", overrides={"accept": "0"})
    assert _consent(imported) == ("0", "1")  # (whatever the page says: a person said so)
    with pytest.raises(FormDefinitionError, match="has no state 'Yes'"):
        import_form(data, "given", overrides={"accept": "Yes"})
    boxes = answers_release("boxes")  # (the agree box's one state accepts: no more to say)
    with pytest.raises(FormDefinitionError, match="a box of one state, which accepts"):
        import_form(boxes, "given", overrides={"decline": "Yes"})
