"""Revisions of returned releases: fields changed after issuance, other changes, active content.

Every file is made by ``fill`` and then changed by pypdf (incremental updates, with
xref streams, or whole rewrites) or by qpdf, as a speaker's viewer would change it.
"""

from __future__ import annotations

import io
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import cast

import pypdf.generic
import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.actions import JavaScript
from pypdf.annotations import FreeText, Rectangle
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from pubrelease import Release, fill, load_form
from pubrelease.form.template import Form
from pubrelease.reading import history
from pubrelease.reading.history import FieldChange, RevisionReport, analyse_revisions

from .helpers import Edit, require_tool, update

RELEASE = Release.create(
    speaker_name="Bohyung Han",
    event_title="Operation-Aware Soft Channel Pruning using Differentiable Masks",
    event_date="2020-07-15",
    effective_date="2020-09-23",
)


@pytest.fixture(scope="module")
def form() -> Form:
    return load_form()


@pytest.fixture(scope="module")
def issued() -> bytes:
    return fill(RELEASE)


@pytest.fixture(scope="module")
def flattened() -> bytes:
    return fill(RELEASE, flatten=True)


def rewrite(data: bytes) -> bytes:
    """``data`` rewritten as a whole by pypdf: one revision, no history."""
    out = io.BytesIO()
    PdfWriter(clone_from=PdfReader(io.BytesIO(data))).write(out)
    return out.getvalue()


def fields(**values: str) -> Edit:
    """Fill fields as a viewer does (a box field takes its state as ``/Accept``)."""

    def edit(writer: PdfWriter) -> None:
        for page in writer.pages:
            writer.update_page_form_field_values(page, values, auto_regenerate=False)

    return edit


def widgets_of(writer: PdfWriter, name: str) -> list[DictionaryObject]:
    found = []
    for page in writer.pages:
        for annot in cast(ArrayObject, page.get("/Annots", ArrayObject())):
            widget = annot.get_object()
            owner = widget.get("/Parent", widget).get_object()
            if owner.get("/T") == name:
                found.append(widget)
    return found


def rect_of(form: Form, name: str) -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = form.fields[name].widgets[0].box.rect
    return x0, y0, x1, y1


def assert_untouched(report: RevisionReport) -> None:
    assert report.modifications == ()
    assert report.active_content == ()
    assert report.page_content_matches_template


# -- what fill issues --------------------------------------------------------------------------


def test_a_release_as_issued(form: Form, issued: bytes) -> None:
    report = analyse_revisions(issued, form)
    assert report.revisions == 2
    assert report.template_prefix
    assert report.issued_revision == 1
    assert report.field_changes == ()
    assert_untouched(report)


def test_a_flattened_release_as_issued(form: Form, flattened: bytes) -> None:
    report = analyse_revisions(flattened, form)
    assert (report.revisions, report.template_prefix, report.issued_revision) == (2, True, 1)
    assert report.field_changes == ()
    assert_untouched(report)  # template content plus one stream of `q ... cm /Wn Do Q`


def test_the_bare_template(form: Form) -> None:
    report = analyse_revisions(form.template, form)
    assert (report.revisions, report.template_prefix, report.issued_revision) == (1, True, None)
    assert_untouched(report)


# -- fields changed after issuance -------------------------------------------------------------


def test_fields_filled_in_a_viewer_are_listed(form: Form, issued: bytes) -> None:
    signed = update(issued, fields(consent="/Accept", signature="Bohyung Han"))
    report = analyse_revisions(signed, form)
    assert (report.revisions, report.issued_revision) == (3, 1)
    assert set(report.field_changes) == {
        FieldChange("consent", 2, "Off", "Accept"),
        FieldChange("signature", 2, None, "Bohyung Han"),
    }
    assert_untouched(report)


def test_an_answer_flipped_later_names_the_field_and_both_values(form: Form, issued: bytes) -> None:
    accepted = update(issued, fields(consent="/Accept", signature="Bohyung Han"))
    flipped = update(accepted, fields(consent="/Decline"))
    report = analyse_revisions(flipped, form)
    assert report.revisions == 4
    consent = [c for c in report.field_changes if c.field == "consent"]
    assert consent == [
        FieldChange("consent", 2, "Off", "Accept"),
        FieldChange("consent", 3, "Accept", "Decline"),
    ]
    assert report.modifications == ()


def test_boxes_that_disagree_with_the_value_are_shown_in_it(form: Form, issued: bytes) -> None:
    def check_decline_box_only(writer: PdfWriter) -> None:
        for widget in widgets_of(writer, "consent"):
            if "/Decline" in cast(DictionaryObject, widget["/AP"])["/N"]:  # type: ignore[operator]
                widget[NameObject("/AS")] = NameObject("/Decline")

    report = analyse_revisions(update(issued, check_decline_box_only), form)
    assert report.field_changes == (FieldChange("consent", 2, "Off", "Off (boxes show Decline)"),)


def test_without_an_issuance_record_changes_count_from_the_first_revision(form: Form) -> None:
    filled = update(form.template, fields(speaker_name="Bohyung Han", consent="/Accept"))
    report = analyse_revisions(filled, form)
    assert (report.revisions, report.template_prefix, report.issued_revision) == (2, True, None)
    assert set(report.field_changes) == {
        FieldChange("speaker_name", 1, None, "Bohyung Han"),
        FieldChange("consent", 1, "Off", "Accept"),
    }


# -- other changes after issuance --------------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "subtype"),
    [
        (lambda rect: FreeText(text="Someone Else", rect=rect), "FreeText"),
        (lambda rect: Rectangle(rect=rect), "Square"),
    ],
)
def test_a_note_over_a_value_is_a_modification(
    form: Form, issued: bytes, make: Callable[[tuple[float, ...]], DictionaryObject], subtype: str
) -> None:
    rect = rect_of(form, "speaker_name")
    noted = update(issued, lambda w: w.add_annotation(0, make(rect)))
    report = analyse_revisions(noted, form)
    assert report.field_changes == ()
    assert len(report.modifications) == 1
    message = report.modifications[0]
    assert "added on page 1" in message and subtype in message and "revision 2" in message


def _append_stream(writer: PdfWriter) -> None:
    page = writer.pages[0]
    extra = DecodedStreamObject()
    extra.set_data(b"BT /F1 10 Tf 72 40 Td (Consent withdrawn) Tj ET")
    contents = ArrayObject([page.raw_get("/Contents"), writer._add_object(extra)])
    page[NameObject("/Contents")] = contents


def _rewrite_stream(writer: PdfWriter) -> None:
    page = writer.pages[0]
    contents = page.get_contents()
    assert contents is not None
    contents.set_data(contents.get_data() + b"\nBT /F1 10 Tf 72 40 Td (Consent withdrawn) Tj ET")
    page.replace_contents(contents)


@pytest.mark.parametrize("edit", [_append_stream, _rewrite_stream], ids=["new-stream", "same"])
def test_text_added_to_a_page_is_a_modification(form: Form, issued: bytes, edit: Edit) -> None:
    report = analyse_revisions(update(issued, edit), form)
    assert report.modifications == ("page 1 content changed (revision 2)",)
    assert not report.page_content_matches_template


def test_an_added_page_is_a_modification(form: Form, issued: bytes) -> None:
    report = analyse_revisions(update(issued, lambda w: w.add_blank_page()), form)
    # (named blank: the reading judges it as a blank sheet saved in the file)
    blank = "pages added: 3 pages, was 2 (page 3 added, blank) (revision 2)"
    assert report.modifications == (blank,)
    assert not report.page_content_matches_template


def test_a_hidden_or_moved_widget_is_a_modification(form: Form, issued: bytes) -> None:
    def hide_consent(writer: PdfWriter) -> None:
        for widget in widgets_of(writer, "consent"):
            widget[NameObject("/F")] = NumberObject(2 | 4)

    def move_signature(writer: PdfWriter) -> None:
        (widget,) = widgets_of(writer, "signature")
        widget[NameObject("/Rect")] = ArrayObject([FloatObject(v) for v in (0, 0, 10, 10)])

    report = analyse_revisions(update(issued, hide_consent, move_signature), form)
    hidden = [m for m in report.modifications if "field consent" in m]
    assert len(hidden) == 2 and all("hidden" in m and "page 2" in m for m in hidden)
    assert any("field signature" in m and "moved to [0 0 10 10]" in m for m in report.modifications)


def test_a_removed_field_is_a_modification(form: Form, issued: bytes) -> None:
    def drop_countersign_date(writer: PdfWriter) -> None:
        acroform = cast(DictionaryObject, writer.root_object["/AcroForm"])
        every = cast(ArrayObject, acroform["/Fields"])
        kept = [f for f in every if f.get_object()["/T"] != "countersign_date"]
        acroform[NameObject("/Fields")] = ArrayObject(kept)

    report = analyse_revisions(update(issued, drop_countersign_date), form)
    assert "field countersign_date removed (revision 2)" in report.modifications


# -- rewritten files ---------------------------------------------------------------------------


def test_a_rewritten_release_keeps_its_record_but_not_its_history(
    form: Form, issued: bytes, flattened: bytes
) -> None:
    # Decision: a single revision that carries /PubRelease is the issued one (index 0).
    for data in (issued, flattened):
        report = analyse_revisions(rewrite(data), form)
        assert (report.revisions, report.template_prefix, report.issued_revision) == (1, False, 0)
        assert report.field_changes == ()
        assert_untouched(report)


def test_a_rewrite_with_changed_content_does_not_match_the_template(
    form: Form, issued: bytes
) -> None:
    report = analyse_revisions(rewrite(update(issued, _append_stream)), form)
    assert report.revisions == 1
    assert not report.page_content_matches_template


def test_changes_after_a_rewrite_are_listed(form: Form, issued: bytes) -> None:
    report = analyse_revisions(update(rewrite(issued), fields(consent="/Decline")), form)
    assert (report.revisions, report.issued_revision) == (2, 0)
    assert report.field_changes == (FieldChange("consent", 1, "Off", "Decline"),)
    assert report.modifications == ()


@pytest.mark.tools
@pytest.mark.parametrize("options", [["--linearize"], ["--object-streams=generate"]])
def test_qpdf_rewrites(form: Form, issued: bytes, tmp_path: Path, options: list[str]) -> None:
    qpdf = require_tool("qpdf")
    source, target = tmp_path / "in.pdf", tmp_path / "out.pdf"
    source.write_bytes(issued)
    subprocess.run([qpdf, *options, str(source), str(target)], check=True)
    rewritten = target.read_bytes()
    report = analyse_revisions(rewritten, form)
    assert (report.revisions, report.issued_revision) == (1, 0)
    assert_untouched(report)
    # then a viewer's update on top, over object streams and xref streams
    report = analyse_revisions(update(rewritten, fields(consent="/Accept")), form)
    assert (report.revisions, report.issued_revision) == (2, 0)
    assert report.field_changes == (FieldChange("consent", 1, "Off", "Accept"),)
    assert report.modifications == ()


# -- active content ----------------------------------------------------------------------------


def _names_javascript(writer: PdfWriter) -> None:
    writer.add_open_action(JavaScript("app.alert('hello');"))


def _open_action_javascript(writer: PdfWriter) -> None:
    action = {"/S": NameObject("/JavaScript"), "/JS": TextStringObject("app.alert(1);")}
    writer.root_object[NameObject("/OpenAction")] = DictionaryObject(
        {NameObject(k): v for k, v in action.items()}
    )


def _launch_link(writer: PdfWriter) -> None:
    launch = {"/S": NameObject("/Launch"), "/F": TextStringObject("calc.exe")}
    link = {
        "/Type": NameObject("/Annot"),
        "/Subtype": NameObject("/Link"),
        "/Rect": ArrayObject([FloatObject(v) for v in (72, 72, 200, 90)]),
        "/A": DictionaryObject({NameObject(k): v for k, v in launch.items()}),
    }
    writer.add_annotation(0, DictionaryObject({NameObject(k): v for k, v in link.items()}))


def _attachment(writer: PdfWriter) -> None:
    writer.add_attachment("payload.txt", b"not a release")


def _keystroke_script(writer: PdfWriter) -> None:
    (widget,) = widgets_of(writer, "signature")
    script = {"/S": NameObject("/JavaScript"), "/JS": TextStringObject("event.rc = true;")}
    action = DictionaryObject({NameObject(k): v for k, v in script.items()})
    widget[NameObject("/AA")] = DictionaryObject({NameObject("/K"): action})


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (_names_javascript, "JavaScript in the document's /Names /JavaScript (1 script)"),
        (_open_action_javascript, "JavaScript in the document's /OpenAction: 'app.alert(1);'"),
        (_launch_link, "Launch action in annotation (Link, rect [72 72 200 90]) on page 1"),
        (_attachment, "embedded file 'payload.txt' (/Names /EmbeddedFiles)"),
        (_keystroke_script, "JavaScript in field signature /AA /K: 'event.rc = true;'"),
    ],
)
def test_active_content_is_reported(form: Form, issued: bytes, edit: Edit, expected: str) -> None:
    report = analyse_revisions(update(issued, edit), form)
    first, *scripts = report.active_content  # a named script is then quoted as itself
    assert first == expected
    assert all(s.startswith("JavaScript in the document's script '") for s in scripts)
    assert len(scripts) == (edit is _names_javascript)


# -- damaged files -----------------------------------------------------------------------------


def test_garbage_after_the_last_eof_is_ignored(form: Form, issued: bytes) -> None:
    signed = update(issued, fields(consent="/Accept"))
    padded = signed + b"\r\n\x00\x00" + bytes(range(256)).replace(b"%", b"") * 4
    assert analyse_revisions(padded, form) == analyse_revisions(signed, form)


def test_a_truncated_last_revision_is_a_modification(form: Form, issued: bytes) -> None:
    signed = update(issued, fields(consent="/Decline"))
    cut = signed[: (len(issued) + len(signed)) // 2]
    report = analyse_revisions(cut, form)
    assert (report.revisions, report.issued_revision) == (2, 1)
    assert report.field_changes == ()
    assert len(report.modifications) == 1
    assert report.modifications[0].startswith("an unfinished update follows revision 1")


@pytest.mark.parametrize(
    "damage",
    [
        lambda data, template: b"",
        lambda data, template: b"not a pdf at all",
        lambda data, template: template[: len(template) // 2],
        lambda data, template: data.replace(b"/Root 1 0 R", b"/Root 99 0 R"),
        lambda data, template: data.replace(b"endobj", b"endobx").replace(b"xref", b"xxxx"),
    ],
    ids=["empty", "not-pdf", "half-template", "no-root", "no-structure"],
)
def test_a_file_whose_only_revision_is_broken(
    form: Form, issued: bytes, damage: Callable[[bytes, bytes], bytes]
) -> None:
    report = analyse_revisions(damage(issued, form.template), form)
    assert report.issued_revision is None
    assert not report.page_content_matches_template
    assert any("cannot be read" in m for m in report.modifications)


def test_more_revisions_than_the_cap(
    form: Form, issued: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(history, "MAX_REVISIONS", 4)
    data = issued
    for n in range(4):
        data = update(data, fields(signature=f"Signature {n}"))
    report = analyse_revisions(data, form)
    assert report.revisions == 6
    assert report.modifications == (
        "more than 4 revisions (6): revisions 3 to 4 not compared one by one",
    )
    # revisions 0 to 2 one by one, then the last against revision 2
    assert [(c.revision, c.before, c.after) for c in report.field_changes] == [
        (2, None, "Signature 0"),
        (5, "Signature 0", "Signature 3"),
    ]


# -- speed -------------------------------------------------------------------------------------


def test_a_typical_return_decodes_no_content(
    form: Form, issued: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its speed is measured by benchmarks/bench_parse.py, never by a timed test."""
    signed = update(issued, fields(consent="/Accept", signature="Bohyung Han"))
    analyse_revisions(signed, form)  # reads the template once per process
    decoded = []
    original = pypdf.generic.EncodedStreamObject.get_data

    def counting(self: pypdf.generic.EncodedStreamObject) -> bytes:
        if self.get("/Type") != "/XRef":  # pypdf reads the viewer's xref stream
            decoded.append(self)
        return original(self)

    monkeypatch.setattr(pypdf.generic.EncodedStreamObject, "get_data", counting)
    analyse_revisions(signed, form)
    assert decoded == []
