"""A return whose page lost its wording says which page, and what that page shows.

Ghostscript 10.0 prints a release pypdf filled with the second page's values alone, its
wording gone: the file read ``unreadable`` with "only 5 of the 13 parts of its wording
were found", and a person had to open it to see why. The message now names each page
that holds none of the wording and quotes what it shows. Each return is built both as
an incremental update and as a re-saved file.
"""

from __future__ import annotations

import pytest
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

from pubrelease import Status, parse

from . import attacks as A


def _values_alone(text: bytes) -> A.Edit:
    """An edit drawing page 2 with ``text`` alone (b"" for nothing), in Helvetica."""

    def edit(writer: PdfWriter) -> None:
        page = writer.pages[1]
        stream = DecodedStreamObject()
        if text:
            stream.set_data(b"BT /Fv 10 Tf 1 0 0 1 72 700 Tm (" + text + b") Tj ET")
        fonts = DictionaryObject(
            {
                NameObject("/Fv"): DictionaryObject(
                    {
                        NameObject("/Type"): NameObject("/Font"),
                        NameObject("/Subtype"): NameObject("/Type1"),
                        NameObject("/BaseFont"): NameObject("/Helvetica"),
                    }
                )
            }
        )
        page[NameObject("/Contents")] = writer._add_object(stream)
        page[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): fonts})
        page.pop("/Annots", None)

    return edit


@pytest.mark.parametrize("save", list(A.Save), ids=lambda s: s.value)
@pytest.mark.parametrize(
    ("text", "said"),
    [
        (
            b"Bohyung Han  Jul 2, 2020  David Blei",
            "page 2 shows only 'Bohyung Han Jul 2, 2020 David Blei'",
        ),
        (b"", "page 2 shows no text"),
    ],
    ids=["values", "nothing"],
)
def test_a_page_without_its_wording_is_named(save: A.Save, text: bytes, said: str) -> None:
    record = parse(A.apply(A.issued(flatten=True), _values_alone(text), save), today=A.TODAY)
    assert record.status is Status.UNREADABLE, record.findings
    (finding,) = [f for f in record.findings if f.code == "unreadable"]
    assert "parts of its wording were found" in finding.message
    assert f"({said})" in finding.message
    assert "page 1 shows" not in finding.message
