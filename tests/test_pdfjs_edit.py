"""A release marked up in Firefox: pdf.js's annotation editors and save (``js/pdfjs_edit.mjs``).

Besides filling the fields (``test_pdfjs_fill``), Firefox's viewer lets a speaker type
anywhere (a ``/FreeText``), draw with the mouse (an ``/Ink``), insert an image or a
signature made with its signature tool (a ``/Stamp``: a picture, or the strokes drawn)
and highlight text (a ``/Highlight``); pdf.js saves each as an annotation with its own
appearance, in an incremental update. A signature drawn in the signature box is the
speaker's, as a pen's; a picture there is ink in the box, but what it shows is not read:
a person looks at it (``incomplete``). Words typed beside the wording, a cross drawn in
the Decline box while the field says Accept, a white picture over a clause: never
``valid``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageDraw

from pubrelease import parse
from pubrelease.record import Record, Status

from .helpers import pdfjs_saved
from .test_pdfjs_fill import issued_to

TODAY = dt.date(2026, 12, 2)
NAME = "Bohyung Han"
FIELDS = {"consent": "Accept", "sign_date": "Sep 23, 2020"}
SIGNED = {**FIELDS, "signature": NAME}
STROKES = [
    [125, 494, 135, 500, 145, 493, 155, 501, 165, 494, 175, 499, 185, 495, 200, 498],
    [140, 492, 150, 502, 160, 496],
]
"""A hand's signature drawn on page 2's signature line (its box: 120-380 x 491-504 pt)."""


def _marked_up(fields: dict[str, str], editors: list[dict[str, Any]], folder: Path) -> Record:
    """The release of :data:`NAME` as issued, answered with ``fields`` and marked up with
    ``editors`` in pdf.js, and saved."""
    return parse(pdfjs_saved(issued_to(NAME), folder, fields, editors), today=TODAY)


def _picture(folder: Path, *, signature: bool) -> str:
    """A PNG: a signature's scrawl on a transparent ground, or an opaque white sheet."""
    path = folder / "picture.png"
    if signature:
        image = Image.new("RGBA", (260, 60), (0, 0, 0, 0))
        points = [(10 + 2 * i, 35 + (i % 8 - 4) * 3) for i in range(110)]
        ImageDraw.Draw(image).line(points, fill=(0, 0, 80, 255), width=3)
    else:
        image = Image.new("RGB", (100, 40), (255, 255, 255))
    image.save(path)
    return str(path)


def _codes(record: Record) -> set[str]:
    return {f.code for f in record.findings if f.severity.value != "info"}


def test_a_signature_drawn_with_firefoxs_pen_is_signed(tmp_path: Path) -> None:
    ink = {"type": "ink", "page": 2, "strokes": STROKES, "thickness": 1}
    record = _marked_up(FIELDS, [ink], tmp_path)
    assert (record.status, record.consent.value, record.signed) == (Status.VALID, "accept", True)
    assert record.sign_date == dt.date(2020, 9, 23)


@pytest.mark.parametrize("tool", ["image", "signature"])
def test_a_signature_stamped_in_its_box_is_for_a_person_to_look_at(
    tool: str, tmp_path: Path
) -> None:
    # Firefox's image tool stamps a picture; its signature tool a stamp of the strokes
    if tool == "image":
        image = _picture(tmp_path, signature=True)
        editor = {"type": "stamp", "page": 2, "rect": [125, 490.5, 185, 504.3], "image": image}
    else:
        editor = {"type": "signature", "page": 2, "strokes": STROKES, "thickness": 1}
    record = _marked_up(FIELDS, [editor], tmp_path)
    assert (record.status, record.signed) == (Status.INCOMPLETE, True), record.findings
    looks = [f.message for f in record.findings if f.code == "shown-text-unchecked"]
    assert any("a picture" in m and "look at it" in m for m in looks), looks


CROSS = [[120, 512, 129, 521], [120, 521, 129, 512]]
"""A cross drawn in page 2's Decline box (119-130 x 511-522 pt)."""
ADDED = {
    "NOT over agree": ({"page": 1, "rect": [276, 571, 300, 582], "value": "NOT"}, "page-differs"),
    "I decline beside the boxes": (
        {"page": 2, "rect": [180, 510, 260, 523], "value": "I decline"},
        "page-differs",
    ),
    "cross in Decline": ({"type": "ink", "page": 2, "strokes": CROSS}, "value-disagreement"),
    "white picture over clause 2": (
        {"type": "stamp", "page": 1, "rect": [70, 442, 545, 469]},
        "hidden-text",
    ),
}
"""Words typed (FreeText), a mark drawn, a picture stamped: each with a finding it makes."""


@pytest.mark.parametrize("case", ADDED)
def test_words_or_marks_added_in_firefox_are_never_valid(case: str, tmp_path: Path) -> None:
    added, code = ADDED[case]
    editor = {"type": "freetext", **added}
    if editor["type"] == "stamp":
        editor["image"] = _picture(tmp_path, signature=False)
    record = _marked_up(SIGNED, [editor], tmp_path)
    assert record.status is Status.INVALID, (case, record.findings)
    assert code in _codes(record), (case, record.findings)
