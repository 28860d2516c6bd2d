"""Returns filled and saved by poppler, as Evince and Okular save them (the PDF viewers of
most Linux desktops): read as any other program's, not as files readers resolve apart.

poppler saves a filled form as an update that lists the appearance streams it replaced
again under the next generation, named by nothing but the revision before (``41 1 obj``
over ``41 0 obj``). Nothing live names them, so every reader shows the same page: not
``ambiguous-objects``. A later update that names the old generation is (PDFium draws the
new object, pypdf reads the old one)."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import re
from pathlib import Path
from unittest import mock

import pytest

from pubrelease import Consent, Release, Status, fill, load_form, parse
from pubrelease.pdf.objects import Ambiguous, Objects, Ref
from pubrelease.reading import provenfill
from pubrelease.record import Severity

from . import returns as R
from . import xrefattacks as X
from .helpers import pdfium_flattened_text, widget_readings

TODAY = dt.date(2026, 11, 24)
ISSUED = Release.create(
    speaker_name="Maria Keller",
    event_title="Learning to Rank with Sparse Signals",
    event_date="2020-07-15",
    effective_date="2020-09-23",
)
ANSWER = {"signature": "Maria Keller", "sign_date": "2020-09-24"}


def _point(state: str) -> tuple[float, float]:
    """The middle of the consent box whose on state is ``state``."""
    (box,) = [w.box for w in load_form().fields["consent"].widgets if w.box.state == state]
    left, bottom, right, top = box.rect
    return (left + right) / 2, (bottom + top) / 2


def _issued(tmp_path: Path) -> Path:
    path = tmp_path / "issued.pdf"
    path.write_bytes(fill(ISSUED, today=dt.date(2020, 9, 23)))
    return path


def _later_generations(data: bytes) -> list[int]:
    """Object numbers the last cross-reference table lists under a generation above 0."""
    table = data[data.rindex(b"\nxref") : data.rindex(b"trailer")]
    found, number = [], 0
    for line in table.splitlines()[1:]:
        parts = line.split()
        if len(parts) == 2:
            number = int(parts[0])
        elif len(parts) == 3:
            if parts[2] == b"n" and int(parts[1]) > 0:
                found.append(number)
            number += 1
    return found


@pytest.fixture(scope="module")
def answered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("poppler")
    return R.fill_poppler(_issued(folder), folder / "answered.pdf", ANSWER, [_point("Accept")])


def test_an_issued_release_answered_in_poppler_reads_valid(answered: Path) -> None:
    data = answered.read_bytes()
    assert _later_generations(data), "poppler no longer lists replaced objects again"
    Objects(data)  # (the fast reader reads it: nothing live names the old generation)
    record = parse(answered, today=TODAY)
    assert record.status is Status.VALID, record.findings
    assert (record.speaker_name, record.signature) == ("Maria Keller", "Maria Keller")
    assert record.sign_date == dt.date(2020, 9, 24)
    assert record.consent is Consent.ACCEPT
    assert not [f for f in record.findings if f.code == "ambiguous-objects"]


def test_a_release_declined_in_poppler_reads_declined(tmp_path: Path) -> None:
    out = R.fill_poppler(_issued(tmp_path), tmp_path / "declined.pdf", ANSWER, [_point("Decline")])
    record = parse(out, today=TODAY)
    assert record.status is Status.DECLINED, record.findings
    assert record.consent is Consent.DECLINE


def test_the_blank_form_filled_in_poppler_reads_its_values(tmp_path: Path) -> None:
    """Every field of one widget filled (the speaker's name, drawn in three places, is
    not: poppler writes a value into each widget a person types in, and none into the
    field)."""
    template = tmp_path / "template.pdf"
    template.write_bytes(load_form().template)
    values = {
        "event_title": "Learning to Rank with Sparse Signals",
        "event_date": "07/15/2020",
        "effective_date": "09/23/2020",
        **ANSWER,
    }
    out = R.fill_poppler(template, tmp_path / "filled.pdf", values, [_point("Accept")])
    record = parse(out, today=TODAY)
    assert record.status is Status.INCOMPLETE, record.findings
    assert [f.message for f in record.findings if f.code == "missing-value"] == [
        "speaker_name is missing"
    ]
    assert not [f for f in record.findings if f.severity is Severity.ERROR], record.findings
    assert record.signature == "Maria Keller"
    assert record.event_title == "Learning to Rank with Sparse Signals"
    assert record.event_date == dt.date(2020, 7, 15)
    assert record.consent is Consent.ACCEPT
    assert not [f for f in record.findings if f.code == "ambiguous-objects"]


def _naming_the_replaced(data: bytes) -> bytes:
    """``data`` (poppler's answer) with an update pointing the signature's widget again
    at its old appearance, by the generation poppler replaced."""
    stale = _later_generations(data)[0]
    widgets = list(re.finditer(rb"(\d+) 0 obj\s*<<(?:(?!endobj).)*?/T \(signature\)", data, re.S))
    number = int(widgets[-1][1])
    start = widgets[-1].start()
    body = data[data.index(b"<<", start) : data.index(b"endobj", start)]
    body = re.sub(rb"/AP\s*<<\s*/N \d+ 0 R\s*>>", b"/AP << /N %d 0 R >>" % stale, body)
    update = X.Update(data)
    return update.table([(number, update.obj(number, 0, body), 0)])


def test_an_update_naming_the_replaced_generation_is_ambiguous(answered: Path) -> None:
    """The signature's widget pointed again at its old appearance, by the generation
    poppler replaced: PDFium draws the object under the new generation, pypdf the old."""
    out = _naming_the_replaced(answered.read_bytes())
    with pytest.raises(Ambiguous):
        Objects(bytes(out))
    record = parse(bytes(out), today=TODAY)
    assert record.status is Status.INVALID
    assert any(f.code == "ambiguous-objects" for f in record.findings), record.findings


# -- what readers follow by themselves (review of session 59) ---------------------------
# A stream's /Length given by reference, and the object stream holding a widget, are
# found by number by PDFium, whatever generation names them, and by the fast reader
# without any reference the walk from the trailer meets: under two generations, each
# makes the file ambiguous.

EVIL = b"q 1 g 0 0 260 13 re f Q BT /Helv 11 Tf 0 g 1 0 0 1 2 2 Tm (I DO NOT AGREE) Tj ET"


APPEARANCE = b"/Subtype /Form /BBox [0 0 260 13] /Resources << /Font << /Helv 5 0 R >> >> "


def _length_by_reference(data: bytes, *, one_section: bool) -> bytes:
    """The signature's appearance written again with ``/Length N 0 R``: ``N 0`` the honest
    length, ``N 1`` one that runs over a stray ``endstream`` into a drawing of refusal."""
    _, ap = X.signature_widget(data)
    honest = Objects(data).raw(Ref(ap, 0))
    raw = honest + b"\nendstream\n" + EVIL
    update = X.Update(data)
    length = update.new()
    appearance = X.stream(raw, APPEARANCE, length=b"%d 0 R" % length)
    short, long = b"%d" % len(honest), b"%d" % len(raw)
    if not one_section:
        first = update.table([(length, update.obj(length, 0, short), 0)])
        later = X.Update(first)
        listed = [(length, later.obj(length, 1, long), 1), (ap, later.obj(ap, 0, appearance), 0)]
        return later.table(listed)
    # one update: its table lists N 0, the stream its /XRefStm names lists N 1
    listed = [(length, update.obj(length, 0, short), 0)]
    hybrid = ((length, 1, update.obj(length, 1, long), 1),)
    return update.table([*listed, (ap, update.obj(ap, 0, appearance), 0)], hybrid)


def _object_stream_twice(data: bytes) -> bytes:
    """The signature widget packed into object stream ``S 0`` (an update written as a
    cross-reference stream); a later update lists ``S 1``, an object stream whose copy
    of the widget draws a refusal."""
    widget, _ = X.signature_widget(data)
    body = X.body(data, widget)

    def packed(text: bytes) -> bytes:
        header = b"%d 0\n" % widget
        return X.stream(header + text + b"\n", b"/Type /ObjStm /N 1 /First %d " % len(header))

    update = X.Update(data)
    container = update.new()
    at = update.obj(container, 0, packed(body))
    first = update.stream([(container, 1, at, 0), (widget, 2, container, 0)])
    later = X.Update(first)
    drawing = later.new()
    evil_widget = re.sub(rb"/AP\s*<<\s*/N \d+ 0 R", b"/AP << /N %d 0 R" % drawing, body)
    listed = [
        (container, later.obj(container, 1, packed(evil_widget)), 1),
        (drawing, later.obj(drawing, 0, X.stream(EVIL, APPEARANCE)), 0),
    ]
    return later.table(listed)


ATTACKS = {
    "length by reference, two updates": lambda d: _length_by_reference(d, one_section=False),
    "length by reference, one update": lambda d: _length_by_reference(d, one_section=True),
    "the widget's object stream under two generations": _object_stream_twice,
}


@pytest.mark.parametrize("attack", list(ATTACKS))
def test_what_the_reader_finds_by_number_is_ambiguous_under_two_generations(
    answered: Path, attack: str
) -> None:
    data = ATTACKS[attack](answered.read_bytes())
    assert "I DO NOT AGREE" in pdfium_flattened_text(data, 1)  # what a viewer shows
    with pytest.raises(Ambiguous):
        Objects(data)
    record = parse(data, today=TODAY)
    assert record.status is Status.INVALID
    assert any(f.code == "ambiguous-objects" for f in record.findings), record.findings


@pytest.mark.parametrize(
    ("name", "taken"),
    [
        # (poppler's clip cuts 0.56 of a cedilla, which still hooks under its c in every
        # viewer: read from the widgets as the general path reads it, .inkspan.CEDILLA_SHOWN)
        ("François Gonçalves", True),
        # (and the top of a ring: an Å reads as an Ǎ in poppler and MuPDF, and a j's hook:
        # the general path reads the box)
        ("Björn Åström", False),
    ],
)
def test_a_name_poppler_cuts_at_its_foot_reads_valid(
    tmp_path: Path, name: str, taken: bool
) -> None:
    issued = tmp_path / "issued.pdf"
    issued.write_bytes(
        fill(dataclasses.replace(ISSUED, speaker_name=name), today=dt.date(2020, 9, 23))
    )
    answer = {**ANSWER, "signature": name}
    out = R.fill_poppler(issued, tmp_path / "answered.pdf", answer, [_point("Accept")])
    assert re.search(rb"/Helv 13(\.0+)? Tf", out.read_bytes()), "poppler sized it otherwise"
    # (declined, the proof stops at poppler's drawing in Helvetica, no drawing of fill's:
    # the release is not filled again to compare its drawings with)
    spy = mock.patch.object(provenfill, "issued_drawings", side_effect=AssertionError)
    with contextlib.nullcontext() if taken else spy:
        record, took, general = widget_readings(out, today=TODAY)
    assert took is taken
    assert record.status is general.status is Status.VALID, (record.findings, general.findings)
    assert record == general
    assert record.signature == name


@pytest.mark.parametrize(
    "after",
    [b"\n", b"\r\n\x00\x00", b" " * 2000, b"\n-- sent from a phone\n"],
    ids=["eol", "nuls", "far", "junk"],
)
def test_a_poppler_answer_with_bytes_after_its_end_reads_valid(
    answered: Path, after: bytes
) -> None:
    """Whitespace after ``%%EOF`` is read by the fast reader (``objects.STARTXREF_WINDOW``);
    further whitespace, or other bytes, by the reading that looks at every section found
    (``xrefconflicts``): there too, a number poppler lists under two generations is
    ambiguous only where something live names it."""
    record = parse(answered.read_bytes() + after, today=TODAY)
    assert record.status is Status.VALID, record.findings


def test_an_update_naming_the_replaced_generation_is_ambiguous_with_bytes_after_its_end(
    answered: Path,
) -> None:
    record = parse(_naming_the_replaced(answered.read_bytes()) + b"\n% junk\n", today=TODAY)
    assert record.status is Status.INVALID
    assert any(f.code == "ambiguous-objects" for f in record.findings), record.findings


def test_a_decoy_section_after_the_end_does_not_hide_a_live_reference(answered: Path) -> None:
    """Bytes after the end holding a section of their own, its trailer rooted at an
    object that names nothing ambiguous (the document's /Info): no reader takes it for
    the last section (no startxref names it), so the walk goes from every trailer."""
    data = _naming_the_replaced(answered.read_bytes())
    info = re.findall(rb"/Info (\d+ \d+) R", data)[-1]
    decoy = b"\nxref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size 1 /Root %s R >>\n" % info
    record = parse(data + decoy, today=TODAY)
    assert record.status is Status.INVALID
    assert any(f.code == "ambiguous-objects" for f in record.findings), record.findings


def test_a_poppler_answer_with_bytes_before_its_header_is_read(answered: Path) -> None:
    """Every offset off by the bytes before ``%PDF-`` (a byte-order mark): the walk from
    the trailers is not made (its objects are not where the entries say) and the bodies
    decide, as before: such a file with updates is called ambiguous, for a person to
    open in more than one viewer (PDFium reads offsets from the header, pypdf mends
    them entry by entry)."""
    record = parse(b"\xef\xbb\xbf" + answered.read_bytes(), today=TODAY)
    assert record.status is Status.INVALID
    assert any(f.code == "ambiguous-objects" for f in record.findings), record.findings


def _older_section_written_later(data: bytes) -> bytes:
    """The signature's appearance listed again under generation 1 (a refusal, which
    PDFium draws; pypdf reads generation 0, which the widget names) by the section
    ``startxref`` names; its ``/Prev``, written after it, lists a copy of the widget
    without an appearance; a line of text after the end (review of session 60)."""
    widget, ap = X.signature_widget(data)
    honest = X.body(data, widget)
    decoy = re.sub(rb"/AP\s*<<\s*/N \d+ 0 R\s*>>", b"", honest)
    prev = int(re.findall(rb"startxref\s+(\d+)", data)[-1])
    size = int(re.findall(rb"/Size (\d+)", data)[-1])
    root = re.findall(rb"/Root (\d+ \d+) R", data)[-1]
    out = bytearray(data)

    def obj(num: int, gen: int, body: bytes) -> int:
        at = len(out)
        out.extend(b"%d %d obj\n" % (num, gen) + body + b"\nendobj\n")
        return at

    evil, real = obj(ap, 1, X.stream(EVIL, APPEARANCE)), obj(widget, 0, honest)
    copy = obj(widget, 0, decoy)
    table = b"xref\n%d 1\n%010d 00000 n \n%d 1\n%010d 00001 n \n" % (widget, real, ap, evil)
    newest = len(out)
    trailer = b"trailer\n<< /Size %d /Root %s R /Prev %%010d >>\n" % (size, root)
    older = newest + len(table) + len(trailer % 0)
    out += table + trailer % older
    out += b"xref\n%d 1\n%010d 00000 n \n" % (widget, copy)
    out += b"trailer\n<< /Size %d /Root %s R /Prev %d >>\n" % (size, root, prev)
    out += b"startxref\n%d\n%%%%EOF\n-- sent from a phone\n" % newest
    return bytes(out)


def test_an_older_section_written_later_does_not_hide_a_live_reference(answered: Path) -> None:
    """The reading of every section found walks the chain from the file's last
    ``startxref``, in its order, as PDFium and pypdf take it, not the sections by
    offset (which took the copy without an appearance, and the file read no longer
    ambiguous)."""
    data = _older_section_written_later(answered.read_bytes())
    assert "I DO NOT AGREE" in pdfium_flattened_text(data, 1)
    record = parse(data, today=TODAY)
    assert record.status is Status.INVALID
    assert any(f.code == "ambiguous-objects" for f in record.findings), record.findings


@pytest.mark.parametrize(
    "title", ["Downstream Effects of Mainstream Data", "What endobj Means to a Parser"]
)
def test_a_value_holding_a_pdf_keyword_is_read_from_the_widgets(title: str, tmp_path: Path) -> None:
    """A title with "stream" or "endobj" in it: the fast reader took the widget holding it
    for a stream, or ended it there, and gave up; the general path read the answer, and
    poppler's objects listed again under generation 1 were called ambiguous (`invalid`)."""
    issued = tmp_path / "issued.pdf"
    issued.write_bytes(fill(dataclasses.replace(ISSUED, event_title=title), today=TODAY))
    out = R.fill_poppler(issued, tmp_path / "answered.pdf", ANSWER, [_point("Accept")])
    Objects(out.read_bytes())
    record, took, general = widget_readings(out, today=TODAY)
    assert took
    assert record.status is general.status is Status.VALID, (record.findings, general.findings)
    assert record == general
    assert record.event_title == title
