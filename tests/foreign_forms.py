"""Fillable release forms of other conferences, made by other tools (reportlab here).

Each is what a conference might already have: its own field names, its own wording,
a radio group for the answer, extra values (affiliation, email), two pages.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

NEURIPS_CLAUSES = (
    "1. I grant the Foundation a non-exclusive, worldwide licence to record, edit and publish "
    "the recording of my talk in all media.",
    "2. I confirm that the slides contain no material that infringes the rights of any person.",
    "3. The Foundation will publish the recording no earlier than 30 days after the event.",
)
NEURIPS_PAGE_TWO = (
    "4. This consent is governed by the laws of the State of New York.",
    "5. I may withdraw this consent in writing before the recording is published.",
)


def neurips_release(out: Path | None = None) -> bytes:
    """A two-page A4 recording consent with a radio group, made with reportlab's AcroForm."""
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=A4, invariant=1)  # the same bytes every time
    c.setTitle("NeurIPS 2026 Recording Consent")
    form = c.acroForm
    width, height = A4
    y = height - 72
    c.setFont("Helvetica-Bold", 15)
    c.drawCentredString(width / 2, y, "NeurIPS 2026 Recording Consent")
    y -= 36
    c.setFont("Helvetica", 10)

    def field(label: str, name: str, tooltip: str, *, w: float = 300) -> None:
        nonlocal y
        c.drawString(72, y, label)
        form.textfield(
            name=name, tooltip=tooltip, x=190, y=y - 4, width=w, height=16,
            borderWidth=0.5, fontSize=10, forceBorder=True,
        )  # fmt: skip
        y -= 26

    field("Full name:", "SpeakerName", "Name of the speaker")
    field("Affiliation:", "Affil", "Institution")
    field("E-mail:", "EmailAddr", "Email address")
    field("Title of talk:", "TalkTitle", "Title of the talk")
    field("Date of talk:", "TalkDate", "Date of the talk", w=120)
    y -= 6
    for clause in NEURIPS_CLAUSES:
        c.drawString(72, y, clause[:95])
        if len(clause) > 95:
            y -= 13
            c.drawString(84, y, clause[95:])
        y -= 18
    y -= 6
    c.drawString(72, y, "Please choose one:")
    y -= 22
    for value, text in (("agree", "I agree"), ("disagree", "I do not agree")):
        form.radio(
            name="Consent", tooltip="Consent", value=value, selected=False, x=72, y=y - 3,
            size=12, buttonStyle="check", borderStyle="solid", shape="square", forceBorder=True,
        )  # fmt: skip
        c.drawString(92, y, text)
        y -= 20
    y -= 6
    field("Signature:", "Sig1", "Type your name to sign")
    field("Date:", "SigDate", "Date", w=120)
    c.drawString(width - 200, 50, "Continued on page 2")
    c.showPage()
    c.setFont("Helvetica", 10)
    y = height - 72
    for clause in NEURIPS_PAGE_TWO:
        c.drawString(72, y, clause)
        y -= 18
    c.drawString(72, y - 10, "For the Foundation:")
    form.textfield(
        name="FoundationSigner", tooltip="Signed on behalf of the Foundation", x=190, y=y - 14,
        width=200, height=16, borderWidth=0.5, fontSize=10, forceBorder=True,
    )  # fmt: skip
    c.showPage()
    c.save()
    data = buffer.getvalue()
    if out is not None:
        out.write_bytes(data)
    return data


def _one_page(
    buffer: io.BytesIO, title: str, names: tuple[str, ...], labels: tuple[str, ...]
) -> canvas.Canvas:
    """A one-page release's canvas with its title and a row for each text field
    ``names`` (the speaker's name, the talk's title and date), each beside its label."""
    c = canvas.Canvas(buffer, invariant=1)
    c.setFont("Helvetica-Bold", 14)
    c.drawString(72, 760, title)
    c.setFont("Helvetica", 10)
    for name, label, y in zip(names, labels, (700, 674, 648), strict=True):
        c.drawString(72, y, label)
        c.acroForm.textfield(name=name, x=210, y=y - 4, width=300, height=16, borderWidth=0.5)
    return c


def generic_release(out: Path | None = None) -> bytes:
    """A one-page release whose fields have only generic names (Text1, Check Box1...):
    the roles can be told only from the words printed beside the fields, as in forms
    made with an office suite. One "I agree" box, and a block for the organisers."""
    buffer = io.BytesIO()
    c = _one_page(
        buffer,
        "ACL 2027 Presentation Release",
        ("Text1", "Text2", "Text3"),
        ("Presenter's name:", "Title of the presentation:", "Presentation date:"),
    )
    form = c.acroForm
    c.drawString(72, 610, "I allow the Association to publish the slides and video of my")
    c.drawString(72, 597, "presentation in the ACL Anthology.")
    form.checkbox(name="Check Box1", x=72, y=566, size=12, buttonStyle="cross",
                  checked=False, borderWidth=0.5)  # fmt: skip
    c.drawString(90, 568, "I agree")
    c.drawString(72, 530, "Signature:")
    form.textfield(name="Text4", x=210, y=526, width=200, height=16, borderWidth=0.5)
    c.drawString(72, 504, "Date:")
    form.textfield(name="Text5", x=210, y=500, width=100, height=16, borderWidth=0.5)
    c.drawString(72, 450, "On behalf of the Association:")
    form.textfield(name="Text6", x=210, y=446, width=200, height=16, borderWidth=0.5)
    c.drawString(72, 424, "Date:")
    form.textfield(name="Text7", x=210, y=420, width=100, height=16, borderWidth=0.5)
    c.showPage()
    c.save()
    data = buffer.getvalue()
    if out is not None:
        out.write_bytes(data)
    return data


def answers_release(answers: str, out: Path | None = None) -> bytes:
    """A one-page release whose two answers are printed on one line, as office suites and
    reportlab lay them out: ``"radio"`` (a radio group whose states are "1" for "I
    consent" and "0" for "I do not consent"), ``"opt"`` (states "0" and "1" named by the
    field's ``/Opt`` export values "No" and "Yes", beside neutral labels, as pdf-lib
    writes them) or ``"boxes"`` (two check boxes, each a field of its own)."""
    buffer = io.BytesIO()
    c = _one_page(
        buffer,
        "EMNLP 2027 Recording Release",
        ("presenter", "talk", "when"),
        ("Speaker name:", "Title of the talk:", "Date of the talk:"),
    )
    form = c.acroForm
    c.drawString(72, 610, "I allow the Association to record and publish my talk.")
    labels = {
        "radio": (("1", "I consent"), ("0", "I do not consent")),
        "opt": (("0", "Option A"), ("1", "Option B")),
        "boxes": (("chkAgree", "I agree"), ("chkDisagree", "I do not agree")),
    }[answers]
    for (value, text), x in zip(labels, (72, 240), strict=True):
        if answers == "boxes":
            form.checkbox(name=value, x=x, y=576, size=12, buttonStyle="cross",
                          checked=False, borderWidth=0.5)  # fmt: skip
        else:
            form.radio(name="permission", value=value, selected=False, x=x, y=576, size=12,
                       buttonStyle="check", borderStyle="solid", shape="square",
                       forceBorder=True)  # fmt: skip
        c.drawString(x + 20, 578, text)
    c.drawString(72, 530, "Signature:")
    form.textfield(name="sig", x=210, y=526, width=200, height=16, borderWidth=0.5)
    c.drawString(72, 504, "Date signed:")
    form.textfield(name="signed_on", x=210, y=500, width=100, height=16, borderWidth=0.5)
    c.showPage()
    c.save()
    data = buffer.getvalue()
    if answers == "opt":  # the export values, in the order of the group's widgets
        from pypdf import PdfReader, PdfWriter
        from pypdf.generic import ArrayObject, NameObject, TextStringObject

        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
        for field in writer._root_object["/AcroForm"]["/Fields"]:
            field = field.get_object()
            if field.get("/T") == "permission":
                names = ["No", "Yes"]  # widget 0 ("0") answers No, widget 1 ("1") Yes
                field[NameObject("/Opt")] = ArrayObject(TextStringObject(n) for n in names)
        rewritten = io.BytesIO()
        writer.write(rewritten)
        data = rewritten.getvalue()
    if out is not None:
        out.write_bytes(data)
    return data


def filled_by_pypdf(
    template: bytes, values: Mapping[str, str], out: Path, consent: str = "/agree"
) -> Path:
    """A conference's own ``template`` filled by pypdf (``update_page_form_field_values``,
    the NeurIPS form's ``Consent`` radio group set to ``consent``), written to ``out``."""
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=io.BytesIO(template))
    writer.update_page_form_field_values(None, {**values, "Consent": consent})
    writer.write(out)
    return out


def filled_by_pdftk(
    template: bytes, values: Mapping[str, str], out: Path, *, flatten: bool = False
) -> Path:
    """A conference's own ``template`` filled by pdftk from an FDF of ``values`` (Latin-1;
    the NeurIPS form's ``Consent`` set to ``agree``), flattened by it too with ``flatten``,
    written to ``out`` (the template and the FDF beside it)."""
    import subprocess

    from .helpers import require_tool

    source = out.with_name(out.stem + "-template.pdf")
    source.write_bytes(template)
    fields = "".join(f"<</T({k})/V({v})>>" for k, v in values.items())
    fdf = out.with_name(out.stem + "-values.fdf")
    fdf.write_bytes(
        b"%FDF-1.2\n1 0 obj<</FDF<</Fields["
        + (fields + "<</T(Consent)/V/agree>>").encode("latin-1")
        + b"]>>>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )
    command = [require_tool("pdftk"), source, "fill_form", fdf, "output", out]
    subprocess.run([*command, *(["flatten"] if flatten else [])], check=True, timeout=120)
    return out
