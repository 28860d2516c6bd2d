"""The fast reader of PDF objects reads every object as pypdf does, or refuses the file.

Returns are made by the outside tools that fill forms (pypdf, pdftk, pdf-lib, PyPDFForm)
and rewritten by qpdf (object streams, cross-reference streams); every object, the
stored fields, the revision analysis and the inflation check are compared with the pypdf
path on the same bytes. Damaged and mutated files must either be refused (the caller
then takes the pypdf path) or read exactly alike.
"""

from __future__ import annotations

import io
import random
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, IndirectObject, NameObject, TextStringObject, read_object

from pubrelease import Release, parse
from pubrelease.form.registry import DEFAULT_FORM, load_form
from pubrelease.pdf.inflation import InflationLimit, bounded_inflation, check_inflation
from pubrelease.pdf.nodefonts import page_dicts
from pubrelease.pdf.nodes import Ambiguous
from pubrelease.pdf.objects import STARTXREF_WINDOW, NotSure, Objects, Ref, parse_node
from pubrelease.pdf.revisions import node_of
from pubrelease.reading.history import analyse_revisions
from pubrelease.reading.pdffile import open_pdf
from pubrelease.reading.storedfields import stored_fields

from . import hostile
from . import returns as R
from .helpers import require_tool, update

FORM = load_form(DEFAULT_FORM)
RELEASE = Release.create(
    speaker_name="Zoë Ødegård",
    event_title="Operation-Aware Soft Channel Pruning (a study)",
    event_date="2020-07-15",
    effective_date="2020-09-23",
    consent="accept",
    signature="Zoë Ødegård",
    sign_date="2020-09-23",
    countersigner_name="David Blei",
    countersign_date="2020-09-23",
)


def _qpdf(*args: str) -> Callable[[Path], Path]:
    def build(tmp: Path) -> Path:
        source = R.fill_pypdf(RELEASE, tmp / "source.pdf")
        out = tmp / "qpdf.pdf"
        subprocess.run([require_tool("qpdf"), *args, str(source), str(out)], check=True)
        return out

    return build


TOOLS: dict[str, Callable[[Path], Path]] = {
    "pypdf": lambda t: R.fill_pypdf(RELEASE, t / "o.pdf"),
    "pypdf-need-appearances": lambda t: R.fill_pypdf(RELEASE, t / "o.pdf", need_appearances=True),
    "pdftk": lambda t: R.fill_pdftk(RELEASE, t / "o.pdf"),
    "pdf-lib": lambda t: R.fill_pdflib(RELEASE, t / "o.pdf"),
    "pypdfform": lambda t: R.fill_pypdfform(RELEASE, t / "o.pdf"),
    "ours-flattened": lambda t: R.fill_pubrelease(RELEASE, t / "o.pdf", flatten=True),
    "qpdf-object-streams": _qpdf("--object-streams=generate"),
    "qpdf-linearized": _qpdf("--linearize"),
}


def _pypdf_nodes(data: bytes, objects: Objects) -> None:
    """Every object the fast reader lists is the one pypdf reads, value for value."""
    reader = PdfReader(io.BytesIO(data), strict=False)
    numbers = [(n, 0) for n in objects.in_stream] + list(objects.xref)
    assert numbers
    for num, gen in numbers:
        expected = node_of(reader.get_object(IndirectObject(num, gen, reader)))
        assert objects.get(Ref(num, gen)) == expected, (num, gen)
    assert objects.trailer["/Root"] == node_of(reader.trailer.raw_get("/Root"))


@pytest.mark.parametrize("tool", sorted(TOOLS))
def test_other_tools_returns_read_as_pypdf_reads_them(tool: str, tmp_path: Path) -> None:
    data = TOOLS[tool](tmp_path).read_bytes()
    pdf = open_pdf(data)
    assert pdf.objects is not None, "the fast reader refused a clean file"
    _pypdf_nodes(data, pdf.objects)
    reader = PdfReader(io.BytesIO(data), strict=False)
    assert stored_fields(pdf, FORM) == stored_fields(reader, FORM)
    assert analyse_revisions(data, FORM, reader=pdf) == analyse_revisions(data, FORM, reader=reader)
    assert bounded_inflation(pdf.objects)
    assert pdf._reader is None, "pypdf was opened although nothing needed it"


def test_an_issued_release_with_a_later_update_is_read_revision_by_revision(
    tmp_path: Path,
) -> None:
    """pypdf's incremental update (a cross-reference stream over our tables) keeps every
    revision: the fast reader reads each prefix as pypdf does."""
    issued = R.fill_pubrelease(RELEASE, tmp_path / "ours.pdf").read_bytes()

    def edit(writer: PdfWriter) -> None:
        writer.update_page_form_field_values(
            writer.pages[0], {"speaker_name": "Someone Else"}, auto_regenerate=False
        )

    data = update(issued, edit)
    pdf = open_pdf(data)
    assert pdf.objects is not None
    _pypdf_nodes(data, pdf.objects)
    fast = analyse_revisions(data, FORM, reader=pdf)
    assert fast == analyse_revisions(data, FORM, reader=PdfReader(io.BytesIO(data)))
    assert fast.revisions == 3 and fast.field_changes  # template, issue, the edit
    assert stored_fields(pdf, FORM) == stored_fields(PdfReader(io.BytesIO(data)), FORM)


def test_tokens_parse_as_pypdf_parses_them() -> None:
    text = (
        b"<< /A#20B (x\\(y\\) \\101\\n) /C <FEFF00410042> /D [1 0 R 2.50 -3 +4 .5 -.25]"
        b" /E true /F null /G (nested (parens) here) /H <48 65 6c 6C 6f> /I (\xe9t\xe9)"
        b" /J [ ] /K << >> /L /N#c3#a9 /M (\xfe\xff\x00A) %comment\n /O 12 >>"
    )
    node, end = parse_node(text)
    assert end == len(text)
    lenient = PdfReader(io.BytesIO(FORM.template), strict=False)
    expected = node_of(read_object(io.BytesIO(text), lenient))
    assert node == expected


@pytest.mark.parametrize(
    "body",
    [
        b"<< /A 1 /A 2 >>",  # a key twice: pypdf warns and keeps one
        b"<< /A >>",  # a key without a value
        b"<< (A) 1 >>",  # a key that is not a name
        b"[1 2",  # unfinished
        b"<< /A <4G> >>",  # not hex
        b"<< /A 1.2.3 >>",  # not a number
        b"% /A (a name in a comment is no token)\n",
        b"  %[1 2]\r\n%<< >>",  # (nor an array, nor a dictionary)
    ],
)
def test_what_pypdf_might_read_otherwise_is_refused(body: bytes) -> None:
    with pytest.raises(NotSure):
        parse_node(body)


def test_damaged_and_encrypted_files_take_the_pypdf_path(tmp_path: Path) -> None:
    data = R.fill_pypdf(RELEASE, tmp_path / "o.pdf").read_bytes()
    # an xref entry one byte off: pypdf repairs it by searching, the fast reader refuses
    at = data.index(b"\n2 0 obj") + 1
    shifted = data[:at] + b" " + data[at:]
    assert open_pdf(shifted).objects is None
    hostile.encrypted_owner_password(tmp_path / "enc.pdf")
    encrypted = (tmp_path / "enc.pdf").read_bytes()
    pdf = open_pdf(encrypted)
    assert pdf.objects is None and pdf.reader.is_encrypted


def test_a_flate_bomb_is_not_proven_bounded(tmp_path: Path) -> None:
    hostile.flate_bomb(tmp_path / "bomb.pdf")
    data = (tmp_path / "bomb.pdf").read_bytes()
    pdf = open_pdf(data)
    assert pdf.objects is not None
    assert not bounded_inflation(pdf.objects)
    with pytest.raises(InflationLimit):
        check_inflation(pdf.reader)
    record = parse(data)
    assert record.findings[0].code == "unreadable" and "safety limit" in record.findings[0].message


def test_mutated_files_are_refused_or_read_alike(tmp_path: Path) -> None:
    """Random byte changes inside objects: whatever the fast reader accepts, pypdf reads
    the same, object for object and field for field."""
    base = R.fill_pdftk(RELEASE, tmp_path / "o.pdf").read_bytes()
    start = base.index(b" obj")
    stop = base.rindex(b"endobj")
    rng = random.Random(13)
    alphabet = b"()<>[]/%\\ 0123456789.-+#Rnulltrue\n\rABCxyz"
    accepted = 0
    for _ in range(120):
        data = bytearray(base)
        for _ in range(rng.randint(1, 3)):
            at = rng.randrange(start, stop)
            data[at] = alphabet[rng.randrange(len(alphabet))]
        mutated = bytes(data)
        try:
            objects = Objects(mutated)
        except NotSure:
            continue
        try:
            reader = PdfReader(io.BytesIO(mutated), strict=False)
            numbers = [(n, 0) for n in objects.in_stream] + list(objects.xref)
            expected = {
                key: node_of(reader.get_object(IndirectObject(*key, reader))) for key in numbers
            }
        except Exception:
            with pytest.raises(NotSure):
                for key in numbers:
                    objects.get(Ref(*key))
            continue
        for key, node in expected.items():
            try:
                got = objects.get(Ref(*key))
            except NotSure:
                continue
            assert got == node, key
        accepted += 1
        pdf = open_pdf(mutated)
        try:
            slow = stored_fields(reader, FORM)
        except Exception:
            with pytest.raises(Exception):  # noqa: B017
                stored_fields(pdf, FORM)
            continue
        assert stored_fields(pdf, FORM) == slow
    assert accepted > 20


@pytest.mark.parametrize("save", ["pypdf", "qpdf"])
def test_pdf_keywords_inside_values_are_read_as_pypdf_reads_them(save: str, tmp_path: Path) -> None:
    """The words "stream" and "endobj" inside strings, names and a stream's dictionary: the fast
    reader finds where each object ends by its tokens, not by the first keyword in its
    bytes, and reads every object as pypdf does."""
    release = Release.create(
        speaker_name="Ada endobj Lovelace",
        event_title="Downstream stream endstream (endobj) 1 0 obj",
        event_date="2020-07-15",
        effective_date="2020-09-23",
    )
    out = R.fill_pypdf(release, tmp_path / "o.pdf")
    writer = PdfWriter(clone_from=PdfReader(out))
    writer.add_metadata({"/Upstream": "endobj stream"})
    page = writer.pages[0]
    page[NameObject("/Xstream")] = TextStringObject("stream\nendobj")
    contents = page["/Contents"]
    first = contents[0] if isinstance(contents, ArrayObject) else contents
    first.get_object()[NameObject("/Note")] = TextStringObject("endobj")
    writer.write(tmp_path / "keywords.pdf")
    path = tmp_path / "keywords.pdf"
    if save == "qpdf":  # (re-saved whole, its objects in object streams)
        subprocess.run(
            [require_tool("qpdf"), "--object-streams=disable", str(path), str(tmp_path / "q.pdf")],
            check=True,
        )
        path = tmp_path / "q.pdf"
    data = path.read_bytes()
    assert data.count(b"endobj") > data.count(b" obj"), "no keyword inside a value"
    objects = Objects(data)
    _pypdf_nodes(data, objects)
    pdf = open_pdf(data)
    assert pdf.objects is not None
    assert stored_fields(pdf, FORM) == stored_fields(PdfReader(io.BytesIO(data)), FORM)


@pytest.mark.parametrize(
    "body",
    [
        b"<< /A (x) /Length 3 >> % a comment\nstream\nabc\nendstream",  # (pypdf: no stream)
        b"<< /A (stream) >> /B",  # (something after the value)
        b"<< /A (endobj) ",  # (no end)
    ],
)
def test_an_object_read_by_its_tokens_must_end_plainly(body: bytes) -> None:
    objects = Objects(_one_object(body))
    with pytest.raises(NotSure):
        objects.get(Ref(3, 0))


def _one_object(body: bytes) -> bytes:
    """A file of a catalog, an empty page tree and object 3, ``body``."""
    out = bytearray(b"%PDF-1.7\n")
    bodies = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>", body]
    offsets = []
    for num, each in enumerate(bodies, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % num + each + b"\nendobj\n"
    table = len(out)
    out += b"xref\n0 4\n0000000000 65535 f \n"
    out += b"".join(b"%010d 00000 n \n" % at for at in offsets)
    out += b"trailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % table
    return bytes(out)


def test_the_cache_of_parsed_objects_stays_small() -> None:
    """An archive's returns each bring objects of their own: the cache is bounded."""
    from pubrelease.pdf import nodes as O

    for n in range(O.MAX_CACHED + 100):
        O.cached(b"<< /N %d /Pad (%s) >>" % (n, b"x" * 200))
    assert len(O._CACHE.found) <= O.MAX_CACHED
    assert sum(map(len, O._CACHE.found)) <= O.MAX_CACHED_BYTES


def test_strings_decode_as_pypdf_decodes_them() -> None:
    """Text when pypdf makes text of the bytes (UTF-16 after a mark, PDFDocEncoding
    otherwise), bytes when it cannot, and when it takes them for UTF-16 without a mark (a
    NUL first or second: PDFium and pdf.js read PDFDocEncoding): 5,000 random strings."""
    from pypdf.generic import ByteStringObject, create_string_object

    from pubrelease.pdf.nodes import _text

    rng = random.Random(7)
    for _ in range(5000):
        raw = bytes(rng.randrange(256) for _ in range(rng.randrange(0, 12)))
        raw = rng.choice([b"", b"", b"\xfe\xff", b"\xff\xfe", b"\x00"]) + raw
        made = create_string_object(raw)
        unmarked = raw[:1] == b"\x00" or raw[1:2] == b"\x00"
        expected = (
            raw if unmarked else bytes(made) if isinstance(made, ByteStringObject) else str(made)
        )
        got = _text(raw)
        assert type(got) is type(expected) and got == expected, raw


def _hybrid(*, update: bool = False) -> bytes:
    """A file whose table names a cross-reference stream (``/XRefStm``) for the object
    it keeps in an object stream, as Word and Acrobat write for older readers; with
    ``update``, that table is an update's, after a first section of the others."""
    import zlib

    out = bytearray(b"%PDF-1.5\n")
    offsets: dict[int, int] = {}

    def obj(num: int, body: bytes) -> None:
        offsets[num] = len(out)
        out.extend(b"%d 0 obj\n" % num + body + b"\nendobj\n")

    obj(1, b"<< /Type /Catalog /Pages 2 0 R >>")
    obj(2, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
    obj(
        3,
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792]"
        b" /Resources << /Font << /F1 4 0 R >> >> >>",
    )
    inner = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    header = b"4 0 "
    packed = header + inner
    obj(
        5,
        b"<< /Type /ObjStm /N 1 /First %d /Length %d >>\nstream\n" % (len(header), len(packed))
        + packed
        + b"\nendstream",
    )
    rows = bytes([2, 0, 5, 0]) + bytes([1, *offsets[5].to_bytes(2, "big"), 0])
    table = zlib.compress(rows)
    offsets[6] = len(out)
    stream_dict = (
        b"<< /Type /XRef /Size 7 /Index [4 2] /W [1 2 1] /Filter /FlateDecode /Length %d >>"
    )
    out.extend(
        b"6 0 obj\n" + stream_dict % len(table) + b"\nstream\n" + table + b"\nendstream\nendobj\n"
    )
    xref = len(out)
    out.extend(b"xref\n0 4\n0000000000 65535 f \n")
    out.extend(b"".join(b"%010d 00000 n \n" % offsets[n] for n in (1, 2, 3)))
    if update:  # (the first section ends here; the update lists the streams)
        out.extend(b"trailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref)
        first, xref = xref, len(out)
        out.extend(b"xref\n0 1\n0000000000 65535 f \n")
        out.extend(b"5 2\n%010d 00000 n \n%010d 00000 n \n" % (offsets[5], offsets[6]))
        out.extend(
            b"trailer\n<< /Size 7 /Root 1 0 R /Prev %d /XRefStm %d >>\nstartxref\n%d\n%%%%EOF\n"
            % (first, offsets[6], xref)
        )
        return bytes(out)
    out.extend(b"5 2\n%010d 00000 n \n%010d 00000 n \n" % (offsets[5], offsets[6]))
    out.extend(
        b"trailer\n<< /Size 7 /Root 1 0 R /XRefStm %d >>\nstartxref\n%d\n%%%%EOF\n"
        % (offsets[6], xref)
    )
    return bytes(out)


def test_a_hybrid_file_is_read_as_pypdf_reads_it() -> None:
    """Its update's /XRefStm read; the first section's is left to pypdf's path: PDFium
    does not read it (CPDF_Parser: "XRefStm entries should only be used in update
    sections"), so the object it alone lists is nowhere for PDFium, and what pypdf reads
    is then compared with what PDFium shows (review of session 59)."""
    with pytest.raises(NotSure, match="XRefStm of the first section") as refused:
        Objects(_hybrid())
    assert not isinstance(refused.value, Ambiguous)
    data = _hybrid(update=True)
    objects = Objects(data)
    assert 4 in objects.in_stream
    _pypdf_nodes(data, objects)
    assert objects.get(Ref(4, 0)) == {
        "/Type": "/Font",
        "/Subtype": "/Type1",
        "/BaseFont": "/Helvetica",
    }


def _update(data: bytes, body: bytes, table: bytes, size: int) -> bytes:
    """``data`` with one update: ``body`` (objects) and a table of ``table``'s entries."""
    root = Objects(data).trailer["/Root"]
    assert isinstance(root, Ref)
    prev = int(data[data.rindex(b"startxref") + 10 :].split()[0])
    at = len(data) + len(body)
    return (
        data
        + body
        + b"xref\n0 1\n0000000000 65535 f \n"
        + table
        + b"trailer\n<< /Size %d /Root %d %d R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n"
        % (size, root.num, root.gen, prev, at)
    )


def test_an_object_freed_by_a_later_update_is_read_as_pypdf_reads_it(tmp_path: Path) -> None:
    """An update whose table frees an object no longer named (Acrobat's saves free what
    they delete): pypdf still reads the older definition, and so does the fast reader."""
    data = R.fill_pdftk(RELEASE, tmp_path / "o.pdf").read_bytes()
    size = max(n for n, _ in Objects(data).xref) + 1
    added = b"%d 0 obj\n<< /Unnamed true >>\nendobj\n" % size
    once = _update(data, added, b"%d 1\n%010d 00000 n \n" % (size, len(data)), size + 1)
    freed = _update(once, b"", b"%d 1\n0000000000 00001 f \n" % size, size + 1)
    objects = Objects(freed)
    assert (size, 0) in objects.xref and objects.revived == {size}
    _pypdf_nodes(freed, objects)


def test_an_object_freed_by_a_later_update_but_named_is_ambiguous(tmp_path: Path) -> None:
    """Freed but still named: pypdf and PDFium read the older definition, MuPDF and
    pdf.js nothing (an appearance gone, a box unticked)."""
    data = R.fill_pdftk(RELEASE, tmp_path / "o.pdf").read_bytes()
    victim = max(n for n, _ in Objects(data).xref)
    assert re.search(rb"[^0-9]%d 0 R" % victim, data)
    freed = _update(data, b"", b"%d 1\n0000000000 00001 f \n" % victim, victim + 1)
    with pytest.raises(Ambiguous, match=f"object {victim} is marked free"):
        Objects(freed)


def test_a_files_page_tree_is_walked_once_for_every_check(tmp_path: Path) -> None:
    # a dozen checks walk the pages alike (page_dicts): the second walk reads no object
    objects = open_pdf(R.fill_pypdf(RELEASE, tmp_path / "o.pdf").read_bytes()).objects
    assert objects is not None
    first = list(page_dicts(objects))
    assert len(first) == len(FORM.pages) and all(c[0]["/Type"] == "/Page" for c in first)
    first[0].clear()  # (a caller's list is its own)
    asked: list[Ref] = []
    reads = objects.get
    objects.get = lambda ref: asked.append(ref) or reads(ref)  # type: ignore[method-assign]
    again = list(page_dicts(objects))
    assert not asked
    assert again[0] and again[1:] == first[1:]


def test_a_page_tree_that_cannot_be_walked_fails_where_it_did(tmp_path: Path) -> None:
    # the pages before the node that cannot be read, then NotSure, on every walk
    bodies = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R 4 0 R 3 0 R] /Count 3 >>",  # (page 3 is page 1)
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
    ]
    data, offsets = b"%PDF-1.7\n", []
    for number, body in enumerate(bodies, start=1):
        offsets.append(len(data))
        data += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(data)
    data += b"xref\n0 5\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    data += b"trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref
    objects = open_pdf(data).objects
    assert objects is not None
    for _ in range(2):
        walked = page_dicts(objects)
        assert [c[0]["/Parent"] for c in (next(walked), next(walked))] == [Ref(2, 0)] * 2
        with pytest.raises(NotSure, match="not a new reference"):
            next(walked)


@pytest.mark.parametrize(
    "after", [b"\n", b"\r\n\x00\x00\x00", b"\x0c\t ", b" " * 900], ids=["eol", "nuls", "ws", "900"]
)
def test_whitespace_after_the_end_is_read_as_pypdf_reads_it(after: bytes, tmp_path: Path) -> None:
    """A mail program or a download may add a blank line or NULs after ``%%EOF``: within
    the last 1024 bytes (MuPDF's window, the smallest) every reader finds the same
    ``startxref``, so the fast reader reads the file."""
    data = R.fill_pypdf(RELEASE, tmp_path / "o.pdf").read_bytes() + after
    pdf = open_pdf(data)
    assert pdf.objects is not None
    _pypdf_nodes(data, pdf.objects)


def test_a_startxref_beyond_mupdfs_window_takes_the_pypdf_path(tmp_path: Path) -> None:
    data = R.fill_pypdf(RELEASE, tmp_path / "o.pdf").read_bytes()
    assert open_pdf(data + b" " * (STARTXREF_WINDOW - 40)).objects is not None
    assert open_pdf(data + b" " * STARTXREF_WINDOW).objects is None  # (MuPDF rebuilds)
    assert open_pdf(data + b"\n% a comment\n").objects is None
