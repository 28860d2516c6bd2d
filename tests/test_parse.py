"""parse and verify on our own releases, on tampered ones, and on broken files."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject, TextStringObject

from pubrelease import Consent, Release, Source, Status, fill, parse, verify

from .helpers import DESIGN_KEYS, VALUE_KEYS, rewritten

TODAY = dt.date(2026, 11, 24)


def signed(release: Release, **changes: object) -> Release:
    values: dict[str, object] = {"signature": release.speaker_name, **changes}
    return dataclasses.replace(release, **values)  # type: ignore[arg-type]


def record_values(record: object) -> dict[str, object]:
    return {k: getattr(record, k) for k in VALUE_KEYS}


@pytest.mark.parametrize("flatten", [False, True], ids=["live", "flattened"])
def test_our_release_reads_back_valid(han: Release, flatten: bool) -> None:
    release = signed(han)
    record = parse(fill(release, flatten=flatten), today=TODAY)
    assert record.source is (Source.FLATTENED if flatten else Source.FIELDS)
    assert record.form == "icml-2020"
    assert record.status is Status.VALID, record.findings
    assert record_values(record) == record_values(release)
    assert record.signed and not record.countersigned
    assert [f.code for f in record.findings] == ["not-countersigned"]
    assert record.release_id is not None and len(record.release_id) == 32


def test_record_keys_are_designs_in_order(han: Release) -> None:
    keys = tuple(parse(fill(han), today=TODAY).to_dict())
    assert keys[: len(DESIGN_KEYS)] == DESIGN_KEYS  # more keys may follow them
    assert keys[-1] == "evidence"


@pytest.mark.parametrize(
    ("changes", "status", "code"),
    [
        ({"consent": Consent.DECLINE}, Status.DECLINED, "declined"),
        ({"consent": Consent.NONE}, Status.INCOMPLETE, "consent-missing"),
        ({"signature": None}, Status.INCOMPLETE, "unsigned"),
        ({"sign_date": None}, Status.INCOMPLETE, "missing-value"),
        ({"sign_date": dt.date(2030, 1, 1)}, Status.INVALID, "bad-date"),
    ],
)
def test_statuses(han: Release, changes: dict[str, object], status: Status, code: str) -> None:
    record = parse(fill(signed(han, **changes)), today=TODAY)
    assert record.status is status
    assert code in [f.code for f in record.findings]


def _field(writer: PdfWriter, name: str) -> object:
    for ref in writer._root_object["/AcroForm"]["/Fields"]:
        if ref.get_object()["/T"] == name:
            return ref.get_object()
    raise KeyError(name)


def test_both_boxes_checked_is_invalid(han: Release) -> None:
    def both(writer: PdfWriter) -> None:
        for kid in _field(writer, "consent")["/Kids"]:  # type: ignore[index]
            kid = kid.get_object()
            on = next(k for k in kid["/AP"]["/N"] if k != "/Off")
            kid[NameObject("/AS")] = NameObject(on)

    record = parse(rewritten(fill(signed(han)), both), today=TODAY)
    assert record.consent is Consent.BOTH
    assert record.status is Status.INVALID
    assert "consent-both" in [f.code for f in record.findings]


def test_stored_value_that_differs_from_what_the_page_shows(han: Release) -> None:
    def swap(writer: PdfWriter) -> None:
        _field(writer, "sign_date")[NameObject("/V")] = TextStringObject("Jan 1, 2021")  # type: ignore[index]

    record = parse(rewritten(fill(signed(han)), swap), today=TODAY)
    assert record.status is Status.INVALID
    messages = [f.message for f in record.findings if f.code == "value-disagreement"]
    assert messages == [
        "sign_date: the stored value is 'Jan 1, 2021' but the page shows 'Sep 23, 2020'"
    ]


def test_issued_value_changed_after_issue(han: Release) -> None:
    def retitle(writer: PdfWriter) -> None:
        field = _field(writer, "event_title")
        field[NameObject("/V")] = TextStringObject("Another Talk")  # type: ignore[index]

    record = parse(rewritten(fill(signed(han)), retitle), today=TODAY)
    codes = [f.code for f in record.findings]
    assert "modified-after-issue" in codes
    assert record.status is Status.INVALID


def test_issuance_record_digest_is_checked(han: Release) -> None:
    def forge(writer: PdfWriter) -> None:
        record = writer._root_object["/PubRelease"].get_object()
        values = json.loads(record["/Values"])
        values["event_date"] = "2020-07-16"
        record[NameObject("/Values")] = TextStringObject(json.dumps(values))

    record = parse(rewritten(fill(signed(han)), forge), today=TODAY)
    assert any("digest" in f.message for f in record.findings if f.code == "modified-after-issue")


def test_expected_roster_row(han: Release) -> None:
    record = parse(fill(signed(han)), today=TODAY)
    assert verify(record, han, today=TODAY).status is Status.VALID
    other = dataclasses.replace(
        han, event_title="A Different Talk", event_date=dt.date(2020, 7, 16)
    )
    checked = verify(record, other, today=TODAY)
    assert checked.status is Status.INVALID
    assert [f.message for f in checked.findings if f.code == "roster-mismatch"] == [
        "event_title 'Operation-Aware Soft Channel Pruning using Differentiable Masks' differs "
        "from the roster's 'A Different Talk'",
        "event_date Jul 15, 2020 differs from the roster's Jul 16, 2020",
    ]
    assert verify(checked, han, today=TODAY).status is Status.VALID  # verify replaces its own


def test_names_compare_by_normal_form_but_people_stay_apart() -> None:
    from pubrelease.text import same_text

    assert same_text("Zoe\u0308  ØDEGÅRD", "Zoë Ødegård")
    assert not same_text("Zoe Odegard", "Zoë Ødegård")


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "not a PDF"),
        (b"\x00\x01garbage" * 100, "not a PDF"),
        (b"<!doctype html><html><body>release</body></html>", "not a PDF"),
        (b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog", "damaged"),
    ],
)
def test_unreadable_inputs(data: bytes, reason: str) -> None:
    record = parse(data)
    assert record.status is Status.UNREADABLE
    assert reason in record.findings[0].message


def test_truncated_release_is_unreadable_or_flagged(han: Release) -> None:
    data = fill(han)
    record = parse(data[: len(data) // 3])
    assert record.status in (Status.UNREADABLE, Status.INVALID, Status.INCOMPLETE)
    assert not record.status.ok


def test_missing_file_is_unreadable(tmp_path: Path) -> None:
    record = parse(tmp_path / "nope.pdf")
    assert record.status is Status.UNREADABLE
    assert record.file == str(tmp_path / "nope.pdf")


def _encrypted(data: bytes, user: str, owner: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=user, owner_password=owner, algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_encrypted_with_a_password_is_unreadable(han: Release) -> None:
    record = parse(_encrypted(fill(signed(han)), "secret", "owner"))
    assert record.status is Status.UNREADABLE
    assert "password" in record.findings[0].message


def test_owner_password_only_reads_normally(han: Release) -> None:
    record = parse(_encrypted(fill(signed(han)), "", "owner"), today=TODAY)
    assert record.speaker_name == "Bohyung Han"
    assert record.consent is Consent.ACCEPT


def test_a_pdf_that_is_not_a_release() -> None:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    c = canvas.Canvas(buffer)
    c.drawString(72, 720, "Invoice 42: three boxes of pencils")
    c.save()
    record = parse(buffer.getvalue())
    assert record.status is Status.UNREADABLE
    assert "not a release" in record.findings[0].message


def test_csv_and_json_of_records(han: Release) -> None:
    from pubrelease.auditing.records import records_csv

    record = parse(fill(signed(han, speaker_name="=cmd|' /C calc'!A0")), today=TODAY)
    text = records_csv([record])
    assert "'=cmd" in text
    assert record.to_dict()["speaker_name"] == "=cmd|' /C calc'!A0"


@pytest.mark.parametrize(
    "name", ["Bohyung Han", "Zoë (the \\ one)", "Nguyễn Thị Minh Khai", "Øyvind Ðorđević"]
)
def test_quick_path_agrees_with_the_general_path(
    han: Release, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pubrelease import load_form
    from pubrelease.reading.quickread import quick_read

    release = signed(han, speaker_name=name)
    data = fill(release)
    assert quick_read(data, load_form()) is not None
    quick = parse(data, today=TODAY)
    monkeypatch.setattr(sys.modules["pubrelease.reading.read"], "quick_read", lambda *_: None)
    general = parse(data, today=TODAY)
    assert quick == general
    assert quick.speaker_name == name


@pytest.mark.parametrize("name", ["Γιώργος Παπαδόπουλος", "王小明", "محمد"])
def test_a_value_in_a_font_the_release_embeds_reads_alike_on_both_paths(
    han: Release, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Names in other scripts are drawn in fonts the release embeds: the quick path
    reads them (OCR reads nothing of those scripts on the general path either), and
    the general path gives the same record."""
    from pubrelease import load_form
    from pubrelease.reading.quickread import quick_read

    data = fill(signed(han, speaker_name=name, signature=name))
    assert quick_read(data, load_form()) is not None
    quick = parse(data, today=TODAY)
    monkeypatch.setattr(sys.modules["pubrelease.reading.read"], "quick_read", lambda *_: None)
    general = parse(data, today=TODAY)
    assert quick == general
    assert quick.status is Status.VALID, quick.findings
    assert quick.speaker_name == name


def test_quick_path_declines_anything_it_did_not_write(han: Release) -> None:
    from pubrelease import load_form
    from pubrelease.reading.quickread import quick_read

    data = fill(signed(han))
    form = load_form()
    assert quick_read(data + b"% a trailing comment\n", form) is None
    appended = PdfWriter(io.BytesIO(data), incremental=True)
    appended.add_metadata({"/Title": "saved again"})
    out = io.BytesIO()
    appended.write(out)
    assert quick_read(out.getvalue(), form) is None


def _incremental(data: bytes, edit: object) -> bytes:
    writer = PdfWriter(io.BytesIO(data), incremental=True)
    edit(writer)  # type: ignore[operator]
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _set_consent(state: str) -> object:
    def edit(writer: PdfWriter) -> None:
        field = _field(writer, "consent")
        field[NameObject("/V")] = NameObject(f"/{state}")  # type: ignore[index]
        for kid in field["/Kids"]:  # type: ignore[index]
            kid = kid.get_object()
            on = next(k for k in kid["/AP"]["/N"] if k != "/Off")
            kid[NameObject("/AS")] = NameObject(on if on == f"/{state}" else "/Off")

    return edit


def test_an_answer_flipped_in_a_later_revision_is_named(han: Release) -> None:
    declined = _incremental(fill(signed(han)), _set_consent("Decline"))
    record = parse(declined, today=TODAY)
    assert record.consent is Consent.DECLINE
    changed = [f for f in record.findings if f.code == "answer-changed"]
    assert [f.message for f in changed] == [
        "consent changed in revision 2 from 'Accept' to 'Decline'"
    ]


def test_a_note_pasted_over_a_value_is_a_modification(han: Release) -> None:
    from pypdf.annotations import FreeText

    def paste(writer: PdfWriter) -> None:
        note = FreeText(text="Someone Else", rect=(70, 650, 270, 670))
        writer.add_annotation(page_number=0, annotation=note)

    record = parse(_incremental(fill(signed(han)), paste), today=TODAY)
    assert record.status is Status.INVALID
    assert any(
        f.code == "modified-after-issue" and "FreeText" in f.message for f in record.findings
    )


def test_javascript_is_active_content_and_never_valid(han: Release) -> None:
    def script(writer: PdfWriter) -> None:
        from pypdf.actions import JavaScript

        writer.add_open_action(JavaScript("app.alert('hello');"))

    record = parse(_incremental(fill(signed(han)), script), today=TODAY)
    assert "active-content" in [f.code for f in record.findings]
    assert not record.status.ok


def _spliced(data: bytes, after: bytes, insert: bytes) -> bytes:
    """``data`` with ``insert`` put into the last update before ``after``, offsets mended."""
    import re

    from pubrelease import load_form

    start = len(load_form().template)
    at = data.index(after, start)
    out = data[:at] + insert + data[at:]
    xref_at = int(re.search(rb"startxref\n(\d+)\n%%EOF\n$", data).group(1))  # type: ignore[union-attr]
    head, tail = out[: xref_at + len(insert)], out[xref_at + len(insert) :]

    def shift(match: re.Match[bytes]) -> bytes:
        offset = int(match.group(1))
        return b"%010d" % (offset + len(insert) if offset > at else offset) + match.group(2)

    tail = re.sub(rb"(\d{10})( 00000 n \n)", shift, tail)
    tail = re.sub(
        rb"startxref\n(\d+)\n", lambda m: b"startxref\n%d\n" % (int(m.group(1)) + len(insert)), tail
    )
    return head + tail


@pytest.mark.parametrize(
    ("after", "insert", "where"),
    [
        (b"/Lang", b"/OpenAction << /S /JavaScript /JS (app.alert\\(1\\)) >> ", "/OpenAction"),
        (b"/Type /Annot", b"/AA << /Fo << /S /JavaScript /JS (1) >> >> ", "/AA"),
    ],
)
def test_scripts_spliced_into_fills_own_update_are_found(
    han: Release, after: bytes, insert: bytes, where: str
) -> None:
    from pubrelease import load_form
    from pubrelease.reading.quickread import quick_read

    data = _spliced(fill(signed(han)), after, insert)
    assert quick_read(data, load_form()) is None
    record = parse(data, today=TODAY)
    assert any(f.code == "active-content" and where in f.message for f in record.findings)


@pytest.mark.parametrize("name", ["إبراهيم", "مُحَمَّد", "ยิ่งลักษณ์ ชินวัตร", "ملاك"])
def test_our_live_return_of_a_name_with_clusters_is_read_quickly_and_valid(
    han: Release, name: str
) -> None:
    """Clusters whose glyphs read less than their /ActualText (ligatures, vocalised
    Arabic, Thai tone marks) are read as their spans on the quick path, as PDFium reads
    them: such names are not Latin, which only the general path's OCR would read."""
    from pubrelease import load_form
    from pubrelease.reading.quickread import quick_read

    data = fill(signed(han, speaker_name=name, signature=name))
    assert quick_read(data, load_form()) is not None
    record = parse(data, today=TODAY)
    assert record.status is Status.VALID, record.findings
    assert record.speaker_name == name
