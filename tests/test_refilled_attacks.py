"""Attacks on the reading of a release re-saved whole, or flattened by ``fill``, as the
file ``fill`` writes for its issuance record's values (``reading/refilled.py``), and the
returns it must take.

Each attack is a file the reading takes or declines; taken, its record must be the
general path's (``widget_readings``), and what viewers show must be what it says. The
proof of another program's fill (``reading/provenfill.py``), which proves ``fill``'s
drawings kept as issued too (``reading/issueddrawings.py``), is held to the same: a
declined file is taken by neither. Where
the fast reader's objects differ from what a viewer reads (PDFium, MuPDF, pdf.js), the
test first shows the viewer's reading, then asks that the file be declined. An attack
is an incremental update appended to a release qpdf saved again (``incremental``), or
the same change saved whole by qpdf (``resaved``).

Holes the first version had (each now declined, its test showing first what a viewer
reads):

* a number of an integer entry written as a real that rounds to it (``/F 3.9996``,
  ``/W [0.9996 [...]]``): :func:`pubrelease.pdf.byvalue.same_by_value` took ``1`` and
  ``1.0`` alike and the fast reader rounds reals to 3 decimals, while PDFium and pdf.js
  truncate: every widget hidden, the values' glyphs drawn at other glyphs' widths;
* an update whose cross-reference table marks an object free that an older section
  defines (pypdf and PDFium read the old object, MuPDF and pdf.js null): ambiguous now;
* a table subsection starting at 1 whose first entry is free (pdf.js reads it as
  starting at 0, finds its objects misplaced and rebuilds the table from the file's
  last definitions of each object: objects no table lists): ambiguous now;
* a ``/V`` written as UTF-16LE without a byte order mark: pypdf decodes it as the name,
  pdf.js (whose field Firefox shows) as PDFDocEncoding; the fast reader keeps its bytes.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pikepdf
import pypdfium2 as pdfium
import pytest
from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from pubrelease import Status, fill

from .conftest import ADA
from .helpers import JS_DIR, require_node_module, require_tool, rewritten, update, widget_readings
from .scriptnames import release_for

_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*\Z")


def readings(data: bytes) -> tuple[dict[str, Any], bool, dict[str, Any]]:
    """``data``'s record (without its file name), whether a reading from its widgets took
    it (``refilled``, or the proof of another program's fill, which proves ``fill``'s
    drawings as issued too: :mod:`pubrelease.reading.issueddrawings`), and the general
    path's record."""
    record, taken, general = widget_readings(data)
    fast, slow = record.to_dict(), general.to_dict()
    fast.pop("file"), slow.pop("file")
    return fast, taken, slow


def declined_or_same(data: bytes) -> None:
    """Taken from its widgets only with the general path's record."""
    fast, taken, general = readings(data)
    assert not taken or fast == general


def declined(data: bytes) -> None:
    """Not taken from its widgets (a viewer shows what neither path reads)."""
    assert not readings(data)[1]


# -- files -----------------------------------------------------------------------------


def _run(*command: str) -> None:
    done = subprocess.run(command, capture_output=True, timeout=120, check=False)
    assert done.returncode in (0, 3), done.stderr  # (3: qpdf's warnings, a file repaired)


def resaved(data: bytes, how: str) -> bytes:
    """``data`` saved again whole by ``how``."""
    if how == "pikepdf":
        out = io.BytesIO()
        with pikepdf.open(io.BytesIO(data)) as pdf:
            pdf.save(out)
        return out.getvalue()
    if how == "pypdf":
        return rewritten(data)
    with tempfile.TemporaryDirectory() as folder:
        source, target = Path(folder) / "in.pdf", Path(folder) / "out.pdf"
        source.write_bytes(data)
        qpdf, mutool = ("qpdf",), ("mutool", "clean")
        command = {
            "qpdf": (*qpdf,),
            "qpdf-tables": (*qpdf, "--object-streams=disable"),
            "qpdf-objstm": (*qpdf, "--object-streams=generate"),
            "qpdf-qdf": (*qpdf, "--qdf"),
            "qpdf-linearize": (*qpdf, "--linearize"),
            "mutool": (*mutool,),
            "mutool-d": (*mutool, "-d"),
            "mutool-gg": (*mutool, "-gg"),
        }[how]
        require_tool(command[0])
        _run(*command, str(source), str(target))
        return target.read_bytes()


@pytest.fixture(scope="module")
def live() -> bytes:
    """:data:`ADA` filled live, re-saved by qpdf with tables and no object streams."""
    return resaved(fill(ADA), "qpdf-tables")


@pytest.fixture(scope="module")
def flat() -> bytes:
    """:data:`ADA` flattened by ``fill``, re-saved as :func:`live`."""
    return resaved(fill(ADA, flatten=True), "qpdf-tables")


def body(data: bytes, num: int) -> bytes:
    """Object ``num``'s body (between ``obj`` and ``endobj``) in a file of qpdf's tables."""
    found = re.search(rb"\n%d 0 obj\n(.*?)endobj" % num, data, re.S)
    assert found is not None
    return found.group(1)


def numbers(data: bytes, pattern: bytes) -> list[int]:
    """The objects of ``data`` whose bodies match ``pattern``."""
    return [
        int(m.group(1))
        for m in re.finditer(rb"\n(\d+) 0 obj\n(.*?)endobj", data, re.S)
        if re.search(pattern, m.group(2))
    ]


def appended(data: bytes, bodies: dict[int, bytes], table: bytes | None = None) -> bytes:
    """``data`` and an update of ``bodies`` by number, its table listing them (or
    ``table``, the subsections written as given)."""
    prev = _STARTXREF.search(data)
    assert prev is not None
    out = bytearray(data)
    if not out.endswith(b"\n"):
        out += b"\n"
    offsets = {}
    for num, text in bodies.items():
        offsets[num] = len(out)
        out += b"%d 0 obj\n%sendobj\n" % (num, text)
    if table is None:
        table = b"".join(b"%d 1\n%010d 00000 n \n" % (n, at) for n, at in offsets.items())
    size = re.search(rb"/Size (\d+)", data[int(prev.group(1)) :])
    assert size is not None
    start = len(out)
    out += (
        b"xref\n"
        + table
        + b"trailer\n<< /Size %s /Root 1 0 R /Prev %s >>\n"
        % (
            size.group(1),
            prev.group(1),
        )
    )
    out += b"startxref\n%d\n%%%%EOF\n" % start
    return bytes(out)


def changed(data: bytes, bodies: dict[int, bytes], how: str) -> bytes:
    """``bodies`` written over ``data``'s objects: as an update (``incremental``), or in
    place, the file then saved again whole by qpdf (``resaved``)."""
    if how == "incremental":
        return appended(data, bodies)
    for num, text in bodies.items():
        data = data.replace(
            b"\n%d 0 obj\n%sendobj" % (num, body(data, num)), b"\n%d 0 obj\n%sendobj" % (num, text)
        )
    return resaved(data, "qpdf")


def pdfium_pages(data: bytes, annots: bool = True) -> list[Any]:
    doc = pdfium.PdfDocument(data)
    try:
        if annots:
            doc.init_forms()
        return [np.asarray(page.render(scale=1, draw_annots=annots).to_numpy()) for page in doc]
    finally:
        doc.close()


def pdfjs_widgets(data: bytes) -> list[dict[str, Any]]:
    """The widgets pdf.js reads on every page (``js/pdfjs_fields.mjs``)."""
    require_node_module("pdfjs-dist")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "file.pdf"
        path.write_bytes(data)
        done = subprocess.run(
            [require_tool("node"), str(JS_DIR / "pdfjs_fields.mjs"), str(path)],
            capture_output=True,
            check=True,
            timeout=120,
        )
    found = json.loads(done.stdout)
    return [widget for page in found["annotations"] for widget in page]


def mutool_object(data: bytes, num: int) -> bytes:
    """Object ``num`` as MuPDF reads it."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "file.pdf"
        path.write_bytes(data)
        done = subprocess.run(
            [require_tool("mutool"), "show", str(path), str(num)],
            capture_output=True,
            check=True,
            timeout=120,
        )
    return done.stdout


# -- positives ---------------------------------------------------------------------------

TOOLS = (
    "qpdf", "qpdf-tables", "qpdf-objstm", "qpdf-qdf", "qpdf-linearize",
    "mutool", "mutool-d", "mutool-gg", "pikepdf", "pypdf",
)  # fmt: skip
NAMES = {
    "latin": "Zoë Ångström",
    "greek": "Αριστοτέλης Παπαδόπουλος",
    "arabic": "محمد عبد الله",
    "devanagari": "अनुष्का शर्मा",
    "cjk": "王小明",
    "hebrew": "דוד לוי",
    "tamil": "கோபால் கௌசல்யா",
}


def _taken_alike(data: bytes) -> None:
    fast, taken, general = readings(data)
    assert taken, "a re-saved release of ours not taken"
    assert fast == general
    assert fast["status"] == Status.VALID.value


@pytest.mark.parametrize("flatten", [False, True], ids=["live", "flattened"])
@pytest.mark.parametrize("how", TOOLS)
def test_resaved_release_is_taken(how: str, flatten: bool) -> None:
    _taken_alike(resaved(fill(ADA, flatten=flatten), how))


def test_flattened_release_itself_is_taken() -> None:
    _taken_alike(fill(ADA, flatten=True))


@pytest.mark.parametrize("flatten", [False, True], ids=["live", "flattened"])
@pytest.mark.parametrize("how", ["qpdf-objstm", "mutool", "pypdf"])
@pytest.mark.parametrize("script", list(NAMES))
def test_resaved_scripts_are_taken(script: str, how: str, flatten: bool) -> None:
    _taken_alike(resaved(fill(release_for(NAMES[script]), flatten=flatten), how))


# -- numbers ------------------------------------------------------------------------------


def _hidden_flags(data: bytes) -> dict[int, bytes]:
    return {
        num: body(data, num).replace(b"/F 4 ", b"/F 3.9996 ")
        for num in numbers(data, rb"/Subtype /Widget")
    }


@pytest.mark.parametrize("how", ["incremental", "resaved"])
def test_widget_flags_written_as_a_real(live: bytes, how: str) -> None:
    """Every widget's ``/F 4`` (print) written ``/F 3.9996``: PDFium reads flags 3
    (invisible, hidden) and shows an empty form; pdf.js reads no flag (not printed)."""
    data = changed(live, _hidden_flags(live), how)
    shown, bare = pdfium_pages(data), pdfium_pages(data, annots=False)
    assert all((a == b).all() for a, b in zip(shown, bare, strict=True))  # (no widget drawn)
    declined_or_same(data)


def _shifted_widths(data: bytes) -> dict[int, bytes]:
    def first(m: re.Match[bytes]) -> bytes:
        return b"%s %s [" % (m.group(1), b"%d.9996" % (int(m.group(2)) - 1))

    return {
        num: re.sub(
            rb"/W \[.*?\]\s*\]",
            lambda w: re.sub(rb"([\[\]]) (\d+) \[", first, w.group(0)),
            body(data, num),
            flags=re.S,
        )
        for num in numbers(data, rb"/Subtype /CIDFontType2")
    }


@pytest.mark.parametrize("how", ["incremental", "resaved"])
def test_cid_widths_started_by_reals(flat: bytes, how: str) -> None:
    """A flattened release whose value font's ``/W`` starts each run at ``n - 0.0004``:
    PDFium gives each glyph the next one's width ("Ada L ov el a", "Not es on t he")."""
    data = changed(flat, _shifted_widths(flat), how)
    assert b".9996 [" in data or how == "resaved"
    before, after = pdfium_pages(flat), pdfium_pages(data)
    assert any((a != b).any() for a, b in zip(before, after, strict=True))
    declined_or_same(data)


@pytest.mark.parametrize("how", ["incremental", "resaved"])
def test_rect_off_in_the_fourth_decimal(live: bytes, how: str) -> None:
    """A widget's rectangle moved by 0.0004 pt: the same by value, and to every viewer."""
    num = numbers(live, rb"/T \(speaker_name\)|/Subtype /Widget")[0]
    text = body(live, num)
    edited = re.sub(rb"/Rect \[ (\d+) ", lambda m: b"/Rect [ %s.0004 " % m.group(1), text)
    declined_or_same(changed(live, {num: edited}, how))


# -- cross-reference data ---------------------------------------------------------------------


def _accept_on(data: bytes) -> int:
    widget = numbers(data, rb"/AS /Accept")[0]
    found = re.search(rb"/Accept (\d+) 0 R", body(data, widget))
    assert found is not None
    return int(found.group(1))


@pytest.mark.parametrize("gen", [0, 1])
def test_update_frees_the_checked_appearance(live: bytes, gen: int) -> None:
    """An update whose table marks the Accept box's checked appearance free: pypdf and
    PDFium read the older section's object, MuPDF and pdf.js null (no tick shown)."""
    num = _accept_on(live)
    data = appended(live, {}, b"%d 1\n0000000000 %05d f \n" % (num, gen))
    assert mutool_object(data, num).split()[-2:] == [b"null", b"endobj"]
    assert not any(
        w.get("exportValue") == "Accept" and w["hasAppearance"] for w in pdfjs_widgets(data)
    )
    declined(data)


def test_subsection_pdfjs_reads_from_zero(live: bytes) -> None:
    """An update listing ``1 2``: object 1 free, object 2 where it was. pdf.js takes the
    subsection for ``0 2`` (issue 3248), finds object 2 where it looks for the catalog,
    rebuilds the table from the file, and reads the consent widgets appended after it, no
    table listing them: Decline ticked. pypdf and PDFium read Accept ticked."""
    accept, decline = numbers(live, rb"/AS /Accept")[0], numbers(live, rb"/Decline \d+ 0 R")[0]
    second = re.search(rb"\n2 0 obj\n", live)
    assert second is not None
    bodies = {
        accept: body(live, accept).replace(b"/AS /Accept", b"/AS /Off"),
        decline: body(live, decline).replace(b"/AS /Off", b"/AS /Decline"),
    }
    table = b"1 2\n0000000000 65535 f \n%010d 00000 n \n" % (second.start() + 1)
    data = appended(live, bodies, table)
    shown = {w["exportValue"]: w["fieldValue"] for w in pdfjs_widgets(data) if w.get("checkBox")}
    assert shown == {"Accept": "Off", "Decline": "Decline"}
    declined(data)


@pytest.mark.parametrize("base", ["live", "flat"])
def test_value_changed_then_changed_back(base: str, request: pytest.FixtureRequest) -> None:
    """Two updates: every object that differs from another release's (the issuance
    record aside) replaced by that release's, then restored: the last revision is fill's
    by value, an earlier one showed another name."""
    data: bytes = request.getfixturevalue(base)
    other = resaved(fill(release_for("Eve Mallory"), flatten=base == "flat"), "qpdf-tables")
    theirs = set(numbers(other, rb"."))
    nums = [
        n
        for n in numbers(data, rb".")
        if n in theirs and body(data, n) != body(other, n) and b"/ReleaseId" not in body(data, n)
    ]
    assert nums
    once = appended(data, {n: body(other, n) for n in nums})
    assert readings(once)[2]["speaker_name"] == "Eve Mallory"
    declined_or_same(appended(once, {n: body(data, n) for n in nums}))


def test_hybrid_table_and_stream_disagree(live: bytes) -> None:
    """An update whose table lists a consent widget as it was and whose ``/XRefStm``
    lists it in an object stream unticked: every reader takes the table's (pypdf,
    PDFium, MuPDF, pdf.js), and so must the record."""
    import zlib

    accept = numbers(live, rb"/AS /Accept")[0]
    prev = _STARTXREF.search(live)
    assert prev is not None
    size = int(re.findall(rb"/Size (\d+)", live)[-1])
    out = bytearray(live)
    direct = len(out)
    out += b"%d 0 obj\n%sendobj\n" % (accept, body(live, accept))
    packed = b"%d 0 " % accept
    stream = zlib.compress(packed + body(live, accept).replace(b"/AS /Accept", b"/AS /Off"))
    objstm = len(out)
    out += (
        b"%d 0 obj\n<< /Type /ObjStm /N 1 /First %d /Filter /FlateDecode /Length %d >>\nstream\n"
        % (size, len(packed), len(stream))
        + stream
        + b"\nendstream\nendobj\n"
    )
    xrefstm = len(out)
    rows = b"".join(
        bytes([k]) + a.to_bytes(4, "big") + b.to_bytes(2, "big")
        for k, a, b in ((2, size, 0), (1, objstm, 0), (1, xrefstm, 0))
    )
    packed_rows = zlib.compress(rows)
    out += (
        b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Index [%d 1 %d 2] "
        b"/Filter /FlateDecode /Length %d >>\nstream\n"
        % (size + 1, size + 2, accept, size, len(packed_rows))
        + packed_rows
        + b"\nendstream\nendobj\n"
    )
    start = len(out)
    out += b"xref\n%d 1\n%010d 00000 n \n%d 2\n%010d 00000 n \n%010d 00000 n \n" % (
        accept,
        direct,
        size,
        objstm,
        xrefstm,
    )
    out += b"trailer\n<< /Size %d /Root 1 0 R /Prev %s /XRefStm %d >>\nstartxref\n%d\n%%%%EOF\n" % (
        size + 2,
        prev.group(1),
        xrefstm,
        start,
    )
    data = bytes(out)
    shown = {w["exportValue"]: w["fieldValue"] for w in pdfjs_widgets(data) if w.get("checkBox")}
    assert shown["Accept"] == "Accept"
    declined_or_same(data)


def test_data_after_the_end(live: bytes) -> None:
    """Bytes after ``%%EOF`` (a second trailer, for readers that look for the last)."""
    declined_or_same(live + b"trailer\n<< /Root 1 0 R /Size 3 >>\n%%EOF\n")


# -- what viewers read beside the values -------------------------------------------------------

Edit = Callable[[PdfWriter], object]


def _root_set(key: str, value: Any) -> Edit:
    def edit(writer: PdfWriter) -> None:
        writer._root_object[NameObject(key)] = value

    return edit


def _javascript(writer: PdfWriter) -> None:
    action = DictionaryObject(
        {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.alert('declined')"),
        }
    )
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)


def _page_action(writer: PdfWriter) -> None:
    action = DictionaryObject(
        {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("this.getField('consent').value='Decline'"),
        }
    )
    writer.pages[1][NameObject("/AA")] = DictionaryObject(
        {NameObject("/O"): writer._add_object(action)}
    )


def _note(writer: PdfWriter) -> None:
    from pypdf.annotations import FreeText

    writer.add_annotation(1, FreeText(text="I DO NOT ACCEPT", rect=(72, 700, 300, 730)))


def _rotate(writer: PdfWriter) -> None:
    writer.pages[0][NameObject("/Rotate")] = NumberObject(180)


def _title(writer: PdfWriter) -> None:
    writer.add_metadata({"/Title": "I DO NOT ACCEPT"})


def _need_appearances(writer: PdfWriter) -> None:
    """Viewers asked to draw the fields again from their values (and ``/DA``)."""
    form = writer._root_object["/AcroForm"].get_object()
    form[NameObject("/NeedAppearances")] = BooleanObject(True)


EDITS = {
    "open-action-javascript": _javascript,
    "page-action": _page_action,
    "freetext-note": _note,
    "page-rotate": _rotate,
    "info-title": _title,
    "page-mode": _root_set("/PageMode", NameObject("/UseOutlines")),
    "need-appearances": _need_appearances,
    "page-labels": _root_set(
        "/PageLabels",
        DictionaryObject(
            {
                NameObject("/Nums"): ArrayObject(
                    [
                        NumberObject(0),
                        DictionaryObject({NameObject("/P"): TextStringObject("DECLINED ")}),
                    ]
                )
            }
        ),
    ),
}


@pytest.mark.parametrize("how", ["incremental", "resaved"])
@pytest.mark.parametrize("edit", list(EDITS))
def test_edits_beside_the_values(live: bytes, edit: str, how: str) -> None:
    """What viewers show or run beside the values, added: declined, or read alike."""
    change = EDITS[edit]
    data = update(live, change) if how == "incremental" else rewritten(live, change)
    declined_or_same(data)


@pytest.mark.parametrize("edit", ["freetext-note", "open-action-javascript", "page-rotate"])
def test_edits_to_a_flattened_release(flat: bytes, edit: str) -> None:
    declined_or_same(update(flat, EDITS[edit]))


@pytest.mark.parametrize("how", ["incremental", "resaved"])
def test_escaped_state_name(live: bytes, how: str) -> None:
    """The ticked box's ``/AS /Accept`` written ``/#41ccept``: every reader reads ``/Accept``."""
    num = numbers(live, rb"/AS /Accept")[0]
    edited = body(live, num).replace(b"/AS /Accept", b"/AS /#41ccept")
    declined_or_same(changed(live, {num: edited}, how))


@pytest.mark.parametrize("how", ["incremental", "resaved"])
def test_value_as_utf16le_without_mark(live: bytes, how: str) -> None:
    """The name's ``/V`` written as UTF-16LE bytes without a byte order mark: pypdf (and
    the fast reader) decode it as the name; pdf.js reads PDFDocEncoding, a NUL after each
    letter, and Firefox shows a field's ``/V`` in its own input, not its appearance."""
    field = numbers(live, rb"/T \(speaker_name\)")[0]
    text = body(live, field)
    unmarked = "Ada Lovelace".encode("utf-16le").hex().encode()
    data = changed(live, {field: text.replace(b"/V (Ada Lovelace)", b"/V <%s>" % unmarked)}, how)
    shown = {w["fieldValue"] for w in pdfjs_widgets(data) if w.get("fieldName") == "speaker_name"}
    assert shown == {"A\x00d\x00a\x00 \x00L\x00o\x00v\x00e\x00l\x00a\x00c\x00e\x00"}
    declined(data)


def test_encrypted_resave() -> None:
    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(fill(ADA))) as pdf:
        pdf.save(out, encryption=pikepdf.Encryption(owner="o", user="", R=4))
    declined(out.getvalue())


def test_release_of_another_form_record(live: bytes) -> None:
    """The issuance record's values changed (another name) with the widgets kept: the file
    is no longer fill's for them."""
    num = numbers(live, rb"/ReleaseId")[0]
    edited = body(live, num).replace(b"Ada Lovelace", b"Eve Lovelace")
    assert edited != body(live, num)
    declined_or_same(appended(live, {num: edited}))
