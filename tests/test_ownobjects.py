"""A flattened page's own objects, known from an earlier page with the same content
(pdf/ownobjects.py): the walks of page objects find what they find walking every object,
and content that names the XObject flattening adds is never taken as known."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DecodedStreamObject, NameObject

from pubrelease import Release, fill, parse
from pubrelease.pdf import clipping, ownobjects, pageobjects, pagepaint
from pubrelease.pdf.kept import Kept
from pubrelease.pdf.nodefonts import content_keys
from pubrelease.pdf.objects import Objects
from pubrelease.pdf.ownobjects import OwnObjects, flattened_safely, split_own

from . import attacks as A
from . import returns as R
from .helpers import update

pytestmark = pytest.mark.usefixtures("general_path")
"""What these tests look at is the general path's: other tools' fills read so."""


def _returns(tmp: Path, count: int) -> list[bytes]:
    """``count`` returns of the form filled by pypdf, each with other values."""
    out = []
    for k in range(count):
        name = f"Ada Lovelace {'I' * (k + 1)}"
        release = Release.create(**{**A.RELEASE.values(), "speaker_name": name, "signature": name})
        out.append(R.fill_pypdf(release, tmp / f"{k}.pdf").read_bytes())
    return out


class _Checked:
    """page_objects, page_paint and the clipped texts' walk wrapped: each call with what
    the page's own content gave is made again without it, and both must find the same."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.own = 0
        objects, paint = pageobjects.page_objects, pagepaint.page_paint

        def checked_objects(page: Any, within: Any = None, drawings: Any = (), own: Any = None):  # type: ignore[no-untyped-def]
            found = objects(page, within, drawings, own=own)
            self.own += own is not None
            assert found == objects(page, within, drawings)
            return found

        def checked_paint(page: Any, *, colours: bool = True, own: Any = None):  # type: ignore[no-untyped-def]
            found = paint(page, colours=colours, own=own)
            self.own += own is not None
            assert found == paint(page, colours=colours)
            return found

        texts = clipping._texts

        def checked_texts(page: Any, own: Any = None):  # type: ignore[no-untyped-def]
            found = texts(page, own)
            self.own += own is not None
            assert found == texts(page)
            return found

        monkeypatch.setattr(clipping, "_texts", checked_texts)
        monkeypatch.setattr("pubrelease.reading.vouching.page_objects", checked_objects)
        monkeypatch.setattr("pubrelease.reading.wordingmarks.page_objects", checked_objects)
        monkeypatch.setattr("pubrelease.pdf.rendering.page_paint", checked_paint)


def test_returns_of_one_form_are_walked_as_every_object_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ownobjects, "_KEPT", Kept(ownobjects.MAX_REMEMBERED))
    records = [parse(data, today=A.TODAY).to_dict() for data in _returns(tmp_path, 4)]
    checked = _Checked(monkeypatch)
    again = [parse(data, today=A.TODAY).to_dict() for data in _returns(tmp_path, 4)]
    # (met once, met twice: kept, then taken: every walk the same as walking every object)
    assert checked.own > 0
    assert again == records
    assert {r["status"] for r in records} == {"valid"}, records[0]["findings"]


def _first_stream(content: bytes) -> A.Edit:
    """Page 1 drawn by a stream ``content`` before its own."""

    def edit(writer: PdfWriter) -> None:
        page = writer.pages[0]
        first = DecodedStreamObject()
        first.set_data(content)
        contents = page["/Contents"]
        streams = list(contents) if isinstance(contents, ArrayObject) else [contents]
        page[NameObject("/Contents")] = ArrayObject([writer._add_object(first), *streams])

    return edit


@pytest.mark.parametrize("content", [b"q /FFT0 Do Q", b"q /FFT12 Do Q", b"q /F#46T0 Do Q"])
def test_content_naming_the_flattened_annotations_is_not_known(content: bytes) -> None:
    plain = update(fill(A.RELEASE, flatten=True, today=A.TODAY), _first_stream(b"q Q"))
    objects = Objects(plain)
    assert flattened_safely(objects, 0, content_keys(objects, 1)[0])
    named = update(fill(A.RELEASE, flatten=True, today=A.TODAY), _first_stream(content))
    objects = Objects(named)
    key = content_keys(objects, 1)[0]
    assert key is not None and not flattened_safely(objects, 0, key)


def test_a_page_listing_other_than_one_object_more_is_walked_whole() -> None:
    own = OwnObjects(b"k", 3)
    assert split_own([1, 2, 3, 4], own) == ([1, 2, 3], [4])
    assert split_own([1, 2, 3], own) is None
    assert split_own([1, 2, 3, 4, 5], own) is None
    assert split_own([1, 2, 3, 4], None) is None
