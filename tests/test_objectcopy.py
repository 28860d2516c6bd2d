"""Objects of an untrusted file copied into an update of another (``pdf/objectcopy.py``).

The print reference copies a print's fonts into an incremental update of the form's
template. A font may refer back to itself, share objects, keep its objects in object
streams or an encrypted file, or lead to more objects or bytes than a font has: each
object is copied once, its references pointing at the copies, stream data as stored;
past the limits nothing is copied.
"""

from __future__ import annotations

import io
import random

import pikepdf
import pytest
from pypdf import PdfReader
from pypdf.generic import IndirectObject

from pubrelease.pdf import objectcopy
from pubrelease.pdf.nodes import Ref
from pubrelease.pdf.objectcopy import copied
from pubrelease.pdf.writer import write_document


def _program(n: int) -> bytes:
    """A kilobyte that does not compress (what a stream stores is as long as it)."""
    return random.Random(n).randbytes(1000)


def _file(*, encrypted: bool = False, streams: int = 1) -> tuple[bytes, Ref]:
    """A file with a font whose descriptor refers back to it, an array two objects share,
    ``streams`` streams under it, in object streams (and encrypted with an empty user
    password)."""
    pdf = pikepdf.new()
    shared = pdf.make_indirect(pikepdf.Array([500, 600]))
    programs = [pdf.make_stream(_program(n)) for n in range(streams)]
    descriptor = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.FontDescriptor))
    font = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font,
            Subtype=pikepdf.Name.TrueType,
            BaseFont=pikepdf.Name("/ABCDEF+Caf\xe9"),
            Widths=shared,
            FontDescriptor=descriptor,
            Name=pikepdf.String("caf\xe9"),
        )
    )
    descriptor.Back = font
    descriptor.Widths = shared
    descriptor.Programs = pikepdf.Array(programs)
    pdf.add_blank_page()
    pdf.pages[0].Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    out = io.BytesIO()
    options = {"object_stream_mode": pikepdf.ObjectStreamMode.generate}
    if encrypted:
        options["encryption"] = pikepdf.Encryption(owner="owner", user="", R=6)
    pdf.save(out, **options)  # type: ignore[arg-type]
    reader = PdfReader(io.BytesIO(out.getvalue()))
    raw = reader.pages[0]["/Resources"]["/Font"].raw_get("/F1")
    return out.getvalue(), Ref(raw.idnum, raw.generation)


@pytest.mark.parametrize("encrypted", [False, True], ids=["plain", "encrypted"])
def test_each_object_is_copied_once_and_points_at_the_copies(encrypted: bool) -> None:
    data, font = _file(encrypted=encrypted, streams=2)
    reader = PdfReader(io.BytesIO(data))
    if encrypted:
        reader.decrypt("")
    numbers, bodies = copied(reader, [font], 2, limit=64)
    assert sorted(bodies) == list(range(2, 2 + len(numbers)))
    assert len(numbers) == 5  # the font, its descriptor, the shared array, two streams
    # the copies, as a file of their own: read back, the cycle and the sharing kept
    bodies[1] = b"<< /Type /Catalog /Pages 99 0 R >>"
    made = PdfReader(
        io.BytesIO(write_document(dict(sorted(bodies.items())), root=1, info=1, file_id="0" * 32))
    )
    copy = IndirectObject(numbers[font], 0, made).get_object()
    descriptor = copy["/FontDescriptor"]
    assert descriptor.raw_get("/Back").idnum == numbers[font]
    assert copy.raw_get("/Widths").idnum == descriptor.raw_get("/Widths").idnum
    assert list(copy["/Widths"]) == [500, 600]
    assert copy["/Name"] == "caf\xe9"  # (decrypted: the update is not encrypted)
    assert [s.get_data() for s in descriptor["/Programs"]] == [_program(n) for n in range(2)]


def test_past_its_limits_nothing_is_copied(monkeypatch: pytest.MonkeyPatch) -> None:
    data, font = _file(streams=3)
    reader = PdfReader(io.BytesIO(data))
    with pytest.raises(ValueError, match="objects to copy"):
        copied(reader, [font], 2, limit=4)
    monkeypatch.setattr(objectcopy, "MAX_STORED", 2000)
    with pytest.raises(ValueError, match="bytes of streams"):
        copied(reader, [font], 2, limit=64)
